"""The registrar's pages: /admin/e/<slug>/participants — the accreditation queue and a participant (merging
duplicates is in ``merge.py``).

Registrars (and administrators) change things; viewers may look. Every change goes through
``participants`` (or ``merging``) so that the same rules and the same audit entries apply as
everywhere else; mail goes out after the commit.
"""
from __future__ import annotations

import math

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import FileStorage

from delegates.admin.auth import requires
from delegates.admin.models import ApiToken, AuditEntry
from delegates.common.i18n import LANGUAGE_NAMES, current_language
from delegates.common.navigation import safe_next
from delegates.extensions import db
from delegates.logistics.models import Hotel
from delegates.programme import services as programme
from delegates.registration import merging, notifications, participants, photos
from delegates.registration.admin_forms import (
    ActionForm,
    FilterForm,
    ParticipantForm,
    RejectForm,
    region_labels,
)
from delegates.registration.formdata import dietary_choices, form_errors_from, registration_from_form
from delegates.registration.models import STATUSES, Delegation, Event, Participant
from delegates.registration.participants import Actor, QuotaReached, StatusError
from delegates.registration.services import get_event_or_404, search_participants, status_labels
from delegates.registration.validation import FieldError, label
from delegates.registration.views import bp

PER_PAGE = 50


def organiser() -> Actor:
    return Actor.of(organiser=current_user._get_current_object())


def participant_or_404(event: Event, participant_id: int) -> Participant:
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.event_id != event.id:
        abort(404)
    return participant


def back(default: str) -> str:
    """Where to go after an action: the page it came from (the list with its filters), else ``default``."""
    return safe_next(request.form.get("next")) or default


# -- the list -------------------------------------------------------------------------------------------------

@bp.route("/admin/e/<slug>/participants")
@requires("registrar")
def participants_list(slug: str):
    event = get_event_or_404(slug)
    lang = current_language()
    filters = FilterForm(formdata=request.args)
    filters.fill(event, lang)
    if request.args.get("duplicates"):
        return render_template("registration/participants.html", event=event, filters=filters,
                               duplicates=merging.possible_duplicates(event), **labels())
    wanted = filters.filters()
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    rows, total = search_participants(event, page=page, per_page=PER_PAGE, **wanted)
    pages = max(math.ceil(total / PER_PAGE), 1)
    if page > pages:
        return redirect(list_url(event, page=pages))
    counts = {status: search_participants(event, per_page=0, **{**wanted, "status": status})[1]
              for status in STATUSES}
    return render_template("registration/participants.html", event=event, filters=filters, rows=rows, total=total,
                           page=page, pages=pages, first=(page - 1) * PER_PAGE + 1, counts=counts,
                           everyone=search_participants(event, per_page=0, **{**wanted, "status": None})[1],
                           status=wanted["status"], action_form=ActionForm(), list_url=list_url,
                           can_change=current_user.has_role("registrar"), **labels())


def list_url(event: Event, **changes) -> str:
    """The list's address with the current filters, some of them changed (None drops one)."""
    args = {k: v for k, v in request.args.items() if k in ("q", "status", "country", "region", "category", "page")}
    args.update(changes)
    return url_for("registration.participants_list", slug=event.slug, **{k: v for k, v in args.items() if v})


def labels() -> dict:
    return {"status_labels": status_labels(), "region_labels": region_labels()}


@bp.route("/admin/e/<slug>/participants/accredit", methods=["POST"])
@requires("registrar")
def participants_accredit(slug: str):
    """Accredit the selected participants that await accreditation; say how many were skipped, and why."""
    event = get_event_or_404(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    ids = [int(x) for x in request.form.getlist("selected") if x.isdigit() and len(x) < 10]
    chosen = db.session.scalars(select(Participant).where(Participant.event_id == event.id,
                                                          Participant.id.in_(ids))).all() if ids else []
    accredited, skipped = [], {}
    for participant in chosen:
        if participant.status == "submitted":
            participants.accredit(participant, actor=organiser())
            accredited.append(participant)
        else:
            skipped[participant.status] = skipped.get(participant.status, 0) + 1
    db.session.commit()
    for participant in accredited:
        notifications.mail_accredited(participant)
    flash_bulk_outcome(len(accredited), skipped, not_found=len(set(ids)) - len(chosen))
    return redirect(back(url_for("registration.participants_list", slug=slug)), code=303)


def flash_bulk_outcome(accredited: int, skipped: dict[str, int], not_found: int) -> None:
    if not accredited and not skipped and not not_found:
        flash(_("Select the participants to accredit first."), "warning")
        return
    message = ngettext("%(num)d participant accredited.", "%(num)d participants accredited.", accredited)
    if skipped or not_found:
        reasons = [_("%(n)d %(status)s", n=n, status=status_labels()[status]) for status, n in sorted(skipped.items())]
        if not_found:
            reasons.append(_("%(n)d not found in this event", n=not_found))
        count = sum(skipped.values()) + not_found
        message += " " + ngettext("%(num)d skipped, since only submitted registrations are accredited here: "
                                  "%(reasons)s.",
                                  "%(num)d skipped, since only submitted registrations are accredited here: "
                                  "%(reasons)s.", count, reasons=", ".join(reasons))
    flash(message, "success" if accredited and not skipped else "warning")


# -- one participant ------------------------------------------------------------------------------------------

@bp.route("/admin/e/<slug>/participants/<int:participant_id>", methods=["GET", "POST"])
@requires("registrar")
def participant_detail(slug: str, participant_id: int):
    """See a participant, and change any field with the registrar's rights (public=False: the status stays)."""
    event = get_event_or_404(slug)
    participant = participant_or_404(event, participant_id)
    form = ParticipantForm()
    form.fill(event, current_language(), participant)
    if form.validate_on_submit() and save(participant, form):
        return redirect(url_for("registration.participant_detail", slug=slug, participant_id=participant.id), code=303)
    return detail_page(event, participant, form=form)


def save(participant: Participant, form: ParticipantForm) -> bool:
    """Apply the edit form; False (with the errors on the form) when it is refused."""
    event = participant.event
    old_photo, new_photo = participant.photo_filename, None
    try:
        data = registration_from_form(form, event)
        data.photo_filename = old_photo
        upload = form.photo.data
        if isinstance(upload, FileStorage) and upload.filename:
            new_photo = data.photo_filename = photos.store_photo(upload.stream)
        changes = participants.update(participant, data, actor=organiser(), public=False)
        programme.request_sessions(participant, form.sessions.data or [])
        db.session.commit()
    except FieldError as error:
        db.session.rollback()
        photos.delete_photo(new_photo)
        form_errors_from(form, error)
        return False
    except (QuotaReached, StatusError) as error:
        db.session.rollback()
        photos.delete_photo(new_photo)
        form.problem = error.message
        return False
    if new_photo and old_photo:
        photos.delete_photo(old_photo)
    flash(_("The changes are saved.") if changes else _("Nothing was changed."), "success" if changes else "info")
    return True


def detail_page(event: Event, participant: Participant, *, form: ParticipantForm | None = None,
                reject_form: RejectForm | None = None):
    if form is None:
        form = ParticipantForm(formdata=None)
        form.fill(event, current_language(), participant)
    form.sessions.label.text = _("Sessions requested")
    reject_form = reject_form or RejectForm(formdata=None)
    problem = getattr(form, "problem", None)
    status = 400 if (form.errors or problem or reject_form.errors) else 200
    return render_template(
        "registration/participant.html", event=event, p=participant, form=form, reject_form=reject_form,
        action_form=ActionForm(), problem=problem, history=history(participant),
        travels={t.direction: t for t in participant.travels},
        duplicates=merging.duplicates_of(participant),
        can_change=current_user.has_role("registrar"), language_names=LANGUAGE_NAMES,
        dietary_labels={c.value: c.label for c in dietary_choices()}, **labels(),
    ), status


@bp.route("/admin/e/<slug>/participants/<int:participant_id>/accredit", methods=["POST"])
@requires("registrar")
def participant_accredit(slug: str, participant_id: int):
    event = get_event_or_404(slug)
    participant = participant_or_404(event, participant_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    was = participant.status
    try:
        participants.accredit(participant, actor=organiser())
        db.session.commit()
    except StatusError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        if was != "accredited":
            notifications.mail_accredited(participant)
            flash(_("%(name)s is accredited; a mail tells them so.", name=participant.badge_name), "success")
    return redirect(back(url_for("registration.participant_detail", slug=slug, participant_id=participant_id)),
                    code=303)


@bp.route("/admin/e/<slug>/participants/<int:participant_id>/reject", methods=["POST"])
@requires("registrar")
def participant_reject(slug: str, participant_id: int):
    event = get_event_or_404(slug)
    participant = participant_or_404(event, participant_id)
    form = RejectForm()
    if form.validate_on_submit():
        try:
            participants.reject(participant, form.reason.data, actor=organiser())
            db.session.commit()
        except FieldError as error:
            db.session.rollback()
            form.reason.errors = [error.message]
        except StatusError as error:
            db.session.rollback()
            flash(error.message, "error")
            return redirect(url_for("registration.participant_detail", slug=slug, participant_id=participant_id),
                            code=303)
        else:
            notifications.mail_rejected(participant)
            flash(_("%(name)s is rejected; the reason was mailed to them.", name=participant.badge_name), "success")
            return redirect(url_for("registration.participant_detail", slug=slug, participant_id=participant_id),
                            code=303)
    return detail_page(event, participant, reject_form=form)


@bp.route("/admin/e/<slug>/participants/<int:participant_id>/link", methods=["POST"])
@requires("registrar")
def participant_new_link(slug: str, participant_id: int):
    """A new private link, mailed to the participant; the old one stops working."""
    event = get_event_or_404(slug)
    participant = participant_or_404(event, participant_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    token = participants.new_link(participant, actor=organiser())
    db.session.commit()
    notifications.mail_new_link(participant, token)
    flash(_("A new private link was mailed to %(email)s; the old link no longer works.", email=participant.email),
          "success")
    return redirect(url_for("registration.participant_detail", slug=slug, participant_id=participant_id), code=303)


@bp.route("/admin/e/<slug>/participants/<int:participant_id>/photo.jpg")
@requires("registrar")
def participant_photo(slug: str, participant_id: int):
    event = get_event_or_404(slug)
    return photos.send_photo(participant_or_404(event, participant_id))


# -- history --------------------------------------------------------------------------------------------------

def history(participant: Participant) -> list[dict]:
    """Every audit entry of the participant, oldest first, readable: who, when, what, old → new."""
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.participant_id == participant.id)
        .options(selectinload(AuditEntry.organiser)).order_by(AuditEntry.created_at, AuditEntry.id)
    ).all()
    tokens = dict(db.session.execute(select(ApiToken.id, ApiToken.name).where(
        ApiToken.id.in_({e.api_token_id for e in entries if e.api_token_id}))).all())
    show = value_names(participant.event)
    return [{
        "at": entry.created_at,
        "who": (entry.organiser.name or entry.organiser.email) if entry.organiser else
               _("API token “%(name)s”", name=tokens[entry.api_token_id]) if entry.api_token_id in tokens else
               _("the participant") if entry.note == "participant" or entry.changes.get("via", [None, None])[1] == "web"
               else _("an import or a script"),
        "what": kind_labels().get(entry.kind, entry.kind),
        "changes": [(field_label(k), show(k, old), show(k, new)) for k, (old, new) in (entry.changes or {}).items()
                    if k not in ("via", "merged_participant")],
        "removed": (entry.changes or {}).get("merged_participant", [None])[0],
        "note": entry.note if entry.note not in ("participant", "organiser", "api") else None,
    } for entry in entries]


def kind_labels() -> dict[str, str]:
    return {"participant.registered": _("registered"), "participant.changed": _("changed"),
            "participant.accredited": _("accredited"), "participant.rejected": _("rejected"),
            "participant.cancelled": _("cancelled"), "participant.link_renewed": _("private link renewed"),
            "participant.merged": _("merged with a duplicate")}


def field_label(field: str) -> str:
    return {"delegation_id": _("Country"), "category_id": _("Category"), "hotel_id": _("Hotel"),
            "ui_language": _("Preferred language"), "interpretation_language": _("Interpretation channel"),
            "photo_filename": _("Photo"), "consent_to_publish": _("Publication"), "badge_number": _("Badge number"),
            "rejection_reason": _("Reason for rejection"), "head_of_delegation": _("Head of delegation"),
            "rank_confirmed": _("Rank confirmed"), "accredited_at": _("Accredited at")}.get(field) or label(field)


def value_names(event: Event):
    """A function showing a stored value as a person reads it: names for ids, labels for codes."""
    lang = current_language()
    delegations = {d.id: d.name(lang) for d in db.session.scalars(
        select(Delegation).where(Delegation.event_id == event.id).options(selectinload(Delegation.country)))}
    categories = {c.id: c.label(lang) for c in event.categories}
    hotels = dict(db.session.execute(select(Hotel.id, Hotel.name).where(Hotel.event_id == event.id)).all())
    statuses, dietary = status_labels(), {c.value: c.label for c in dietary_choices()}

    def show(field: str, value) -> str:
        if value is None or value == "":
            return "—"
        if field in ("arrival", "departure") and isinstance(value, dict):
            return " · ".join(str(x) for x in (value.get("at", "")[:16].replace("T", " "), value.get("flight"),
                                                value.get("airport")) if x)
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if field == "head_of_delegation":
            return ", ".join(str(delegations.get(d, d)) for d in value)
        if isinstance(value, list | dict):
            return str(value)
        names = {"delegation_id": delegations, "category_id": categories, "hotel_id": hotels, "status": statuses,
                 "dietary": dietary, "ui_language": LANGUAGE_NAMES, "interpretation_language": LANGUAGE_NAMES}
        if field == "photo_filename":
            return _("a photo")
        return str(names.get(field, {}).get(value, value))

    return show
