"""The check-in desk and the attendance pages: the blueprint "checkin".

The desk's page sends each reading to ``desk_scan`` (JSON, the logged-in organiser, CSRF in the
X-CSRFToken header); the work is in ``services.scan``, as for the devices' API.
"""
from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from delegates.admin.auth import requires
from delegates.admin.models import ApiToken
from delegates.admin.services import revoke_api_token
from delegates.checkin import services
from delegates.checkin.forms import PlaceForm, RevokeForm, TickListForm
from delegates.common.i18n import current_language
from delegates.extensions import db
from delegates.programme.models import ConferenceSession
from delegates.programme.services import sessions_of
from delegates.registration import photos
from delegates.registration.exports import delegation_code, safe_cell
from delegates.registration.models import Participant
from delegates.registration.search import query_words
from delegates.registration.services import get_event_or_404, of_event_or_404

bp = Blueprint("checkin", __name__, url_prefix="/admin/e/<slug>")


def _participant_or_404(event, participant_id: int) -> Participant:
    return of_event_or_404(Participant, participant_id, event)


def _session_or_404(event, session_id: int) -> ConferenceSession:
    return of_event_or_404(ConferenceSession, session_id, event)


@bp.get("/checkin")
@requires("checkin")
def desk(slug: str):
    """The desk: choose the place, then scan or type badges."""
    event = get_event_or_404(slug)
    sessions = sessions_of(event)
    form = PlaceForm(sessions, event.tz, current_language(), formdata=request.args or None)
    place = form.place.data if form.place.data in dict(form.place.choices) else services.ENTRANCE
    form.place.data = place
    place_name = dict(form.place.choices)[place]
    return render_template("checkin/desk.html", event=event, form=form, place=place, place_name=place_name)


@bp.post("/checkin/scan")
@requires("checkin")
def desk_scan(slug: str):
    """One reading at the desk: JSON in ({code, place, idempotency_key}), the answer out."""
    event = get_event_or_404(slug)
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("code"), str):
        return jsonify(error="invalid", message=_("Scan a badge or type its number.")), 400
    try:
        answer = services.scan(event, body["code"], str(body.get("place") or services.ENTRANCE),
                               organiser=current_user._get_current_object(),
                               idempotency_key=body.get("idempotency_key") if isinstance(
                                   body.get("idempotency_key"), str) else None)
    except services.PlaceError as error:
        db.session.rollback()
        return jsonify(error=error.code, message=error.message), 400
    photo = None
    if answer.participant is not None:
        photo = url_for("checkin.photo", slug=event.slug, participant_id=answer.participant.id)
    result = services.answer_json(answer, photo_url=photo)
    if answer.first_scan_at is not None:
        result["first_scan_time"] = answer.first_scan_at.astimezone(event.tz).strftime("%H:%M")
    db.session.commit()
    return jsonify(result)


@bp.get("/checkin/photo/<int:participant_id>")
@requires("checkin", "protocol", "registrar")
def photo(slug: str, participant_id: int):
    event = get_event_or_404(slug)
    return photos.send_photo(_participant_or_404(event, participant_id))


# -- devices (API tokens) -------------------------------------------------------------------------------------

@bp.get("/checkin/devices")
@requires("admin")
def devices(slug: str):
    """The event's API tokens, so that a lost device's token can be revoked."""
    event = get_event_or_404(slug)
    tokens = db.session.scalars(select(ApiToken).where(ApiToken.event_id == event.id)
                                .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at, ApiToken.id))
    return render_template("checkin/devices.html", event=event, tokens=list(tokens), form=RevokeForm())


@bp.post("/checkin/devices/<int:token_id>/revoke")
@requires("admin")
def revoke_device(slug: str, token_id: int):
    event = get_event_or_404(slug)
    row = of_event_or_404(ApiToken, token_id, event)
    if RevokeForm().validate_on_submit():
        if revoke_api_token(row, by=current_user._get_current_object()):
            db.session.commit()
            flash(_("The token '%(name)s' is revoked: the device it was on can no longer scan.", name=row.name),
                  "success")
        else:
            flash(_("The token '%(name)s' was revoked already.", name=row.name), "info")
    return redirect(url_for("checkin.devices", slug=slug), code=303)


# -- attendance ------------------------------------------------------------------------------------------------

@bp.get("/attendance")
@requires("checkin", "protocol")
def attendance(slug: str):
    """Presence per day, attendance per session, and who attended what."""
    event = get_event_or_404(slug)
    q = (request.args.get("q") or "").strip()
    people = _by_person(services.attendance_rows(event))
    words = query_words(q)
    if words:  # accent-blind, as the participants' search
        people = [row for row in people if all(w in row["participant"].search_key for w in words)]
    return render_template(
        "checkin/attendance.html", event=event, sessions=sessions_of(event), q=q, people=people,
        counts=services.session_attendance_counts(event), presence=services.presence_by_day(event),
    )


def _by_person(rows: list[services.AttendanceRow]) -> list[dict]:
    people: dict[int, dict] = {}
    for row in rows:
        person = people.setdefault(row.participant.id, {"participant": row.participant, "days": [], "sessions": []})
        if row.place == services.ENTRANCE:
            person["days"].append(row.day)
        elif row.session is not None and row.session not in person["sessions"]:
            person["sessions"].append(row.session)
    return sorted(people.values(), key=lambda p: (p["participant"].family_name or "", p["participant"].id))


@bp.get("/attendance/people/<int:participant_id>")
@requires("checkin", "protocol")
def person_attendance(slug: str, participant_id: int):
    event = get_event_or_404(slug)
    participant = _participant_or_404(event, participant_id)
    return render_template("checkin/person.html", event=event, participant=participant,
                           rows=services.attendance_rows(event, participant=participant))


@bp.route("/attendance/sessions/<int:session_id>", methods=["GET", "POST"])
@requires("checkin", "protocol")
def session_attendance(slug: str, session_id: int):
    """The session's printed list: its confirmed people, ticked when they attended."""
    event = get_event_or_404(slug)
    session = _session_or_404(event, session_id)
    form = TickListForm()
    if form.validate_on_submit():
        ticked = {int(v) for v in request.form.getlist("present") if v.isdigit()}
        added = services.tick_list(event, session, ticked, organiser=current_user._get_current_object())
        db.session.commit()
        flash(_("%(n)d attendance(s) recorded.", n=added), "success")
        return redirect(url_for("checkin.session_attendance", slug=slug, session_id=session_id), code=303)
    listed = services.session_list(session)
    attended = services.attendees_of(session)
    on_list = {p.id for p in listed}
    others = [db.session.get(Participant, pid) for pid in attended if pid not in on_list]
    return render_template("checkin/session.html", event=event, session=session, form=form, listed=listed,
                           others=others, attended=attended)


# -- exports ---------------------------------------------------------------------------------------------------

def _csv(rows: list[list], header: list[str], name: str) -> Response:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(str(v)) if v is not None else "" for v in row])
    response = Response("\ufeff" + out.getvalue(), mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _person_cells(p: Participant) -> list:
    return [p.id, p.badge_number, p.given_name, p.family_name, p.badge_name, delegation_code(p.delegation),
            p.category.name]


PERSON_HEADER = ["participant_id", "badge_number", "given_name", "family_name", "badge_name", "country", "category"]


@bp.get("/attendance/people.csv")
@requires("checkin", "protocol")
def export_people(slug: str):
    """One row per person: the days present at the entrance and the sessions attended."""
    event = get_event_or_404(slug)
    rows = [_person_cells(p["participant"]) + ["; ".join(d.isoformat() for d in p["days"]),
                                               "; ".join(s.code or s.title for s in p["sessions"])]
            for p in _by_person(services.attendance_rows(event))]
    return _csv(rows, PERSON_HEADER + ["days_present", "sessions_attended"], f"attendance-people-{event.slug}.csv")


@bp.get("/attendance/sessions.csv")
@requires("checkin", "protocol")
def export_sessions(slug: str):
    """One row per session attended by a person: the session, the person, when first seen and how."""
    event = get_event_or_404(slug)
    rows = []
    for row in services.attendance_rows(event):
        if row.session is None:
            continue
        first_seen = row.first_seen_at.astimezone(event.tz).strftime("%Y-%m-%d %H:%M")
        rows.append([row.session.id, row.session.code, row.session.title] + _person_cells(row.participant)
                    + [row.day.isoformat(), first_seen, row.source])
    rows.sort(key=lambda r: (r[0], r[6] or "", r[3]))
    return _csv(rows, ["session_id", "session_code", "session_title"] + PERSON_HEADER
                + ["day", "first_seen", "source"], f"attendance-sessions-{event.slug}.csv")


@bp.app_template_filter("event_time")
def event_time(moment, event) -> str:
    """A stored moment on the event's wall clock: 2012-11-06 09:12."""
    return moment.astimezone(event.tz).strftime("%Y-%m-%d %H:%M") if moment else ""

