"""The registrar's pages: /admin/e/<slug>/participants — the accreditation queue and a participant (merging
duplicates is in ``merge.py``).

Registrars (and administrators) change things; viewers may look. Every change goes through
``participants`` (or ``merging``) so that the same rules and the same audit entries apply as
everywhere else; mail goes out after the commit.
"""
from __future__ import annotations

import io
import math

from flask import abort, flash, g, redirect, render_template, request, send_file, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import FileStorage

from delegates.admin.auth import requires
from delegates.admin.models import ApiToken, AuditEntry
from delegates.common.database import utcnow
from delegates.common.i18n import LANGUAGE_NAMES, current_language
from delegates.common.navigation import safe_next
from delegates.extensions import db
from delegates.logistics.models import Hotel
from delegates.mailings import services as mailing_services
from delegates.programme import services as programme
from delegates.registration import exports, merging, notifications, participants, photos
from delegates.registration.admin_forms import (
    FILTER_KEYS,
    ActionForm,
    FilterForm,
    ParticipantForm,
    RejectForm,
    region_labels,
)
from delegates.registration.formdata import dietary_choices, form_errors_from, registration_from_form
from delegates.registration.models import STATUSES, Delegation, Event, Participant
from delegates.registration.participants import Actor, QuotaReached, StatusError
from delegates.registration.services import (
    SORTS,
    current_token,
    get_event_or_404,
    of_event_or_404,
    ordered,
    participants_query,
    status_labels,
)
from delegates.registration.validation import FieldError, label
from delegates.registration.views import bp

PER_PAGE = 50


def organiser() -> Actor:
    return Actor.of(organiser=current_user._get_current_object())


def participant_or_404(event: Event, participant_id: int) -> Participant:
    return of_event_or_404(Participant, participant_id, event)


def back(default: str) -> str:
    """Where to go after an action: the page it came from (the list with its filters), else ``default``."""
    return safe_next(request.form.get("next")) or default


# -- the list -------------------------------------------------------------------------------------------------

def column_labels() -> dict[str, str]:
    """The columns the list can show, in their order, as a person reads them."""
    return {"badge": _("Badge"), "name": _("Name"), "delegation": _("Delegation"), "category": _("Category"),
            "function": _("Function"), "organisation": _("Organisation"), "email": _("Email"), "phone": _("Phone"),
            "status": _("Status"), "registered": _("Registered"), "arrival": _("Arrival"), "hotel": _("Hotel"),
            "dietary": _("Dietary needs"), "accessibility": _("Accessibility needs"), "sessions": _("Sessions")}


DEFAULT_COLUMNS = ("badge", "name", "delegation", "category", "function", "status", "registered")
# a column's sort key (``services.ordered``), for the columns one can sort by
SORT_OF = {"badge": "badge", "name": "name", "delegation": "country", "category": "category", "status": "status",
           "registered": "registered"}
COLUMNS_KEY = "participants_columns"  # where the organiser's choice of columns is remembered


def chosen_columns() -> list[str]:
    """The columns to show: those of ``?cols=`` (remembered in the organiser's session), else the ones
    remembered, else the default; the name is always shown (it is the row's header and link)."""
    known = column_labels()
    raw = [part for value in request.args.getlist("cols") for part in value.split(",")]
    if raw:
        wanted = {c for c in raw if c in known}
        session[COLUMNS_KEY] = [c for c in known if c in wanted]
    else:
        wanted = set(session.get(COLUMNS_KEY) or DEFAULT_COLUMNS)
    wanted.add("name")
    return [c for c in known if c in wanted]


def chosen_sort() -> tuple[str | None, bool]:
    """The list's sort from ``?sort=`` (``-`` before it: descending); unknown values: by registration."""
    value = request.args.get("sort", "")
    descending = value.startswith("-")
    key = value.lstrip("-")
    return (key, descending) if key in SORTS else (None, False)


def list_args(columns: list[str] | None = None, **changes) -> dict[str, str]:
    """The list's query-string arguments in force, some changed (None drops one)."""
    args = {k: v for k, v in request.args.items() if k in (*FILTER_KEYS, "page", "sort") and v}
    if columns is not None:
        args["cols"] = ",".join(columns)
    args.update(changes)
    return {k: v for k, v in args.items() if v}


@bp.route("/admin/e/<slug>/participants")
@requires("registrar", "programme", "printer")  # the programme officer and the printer act on the list too
def participants_list(slug: str):
    event = get_event_or_404(slug)
    lang = current_language()
    filters = FilterForm(formdata=request.args)
    filters.fill(event, lang)
    if request.args.get("duplicates"):
        return render_template("registration/participants.html", event=event, filters=filters,
                               duplicates=merging.possible_duplicates(event), **labels())
    wanted = filters.filters()
    columns = chosen_columns()
    # links keep ``cols=`` when the address has it (the choice is remembered in the session either way)
    g.participant_columns = columns if "cols" in request.args else None
    sort, descending = chosen_sort()
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    query = participants_query(event, **wanted)
    counts = status_counts(event, wanted)
    total = counts[wanted["status"]] if wanted["status"] else sum(counts.values())
    pages = max(math.ceil(total / PER_PAGE), 1)
    if page > pages:
        return redirect(list_url(event, page=pages))
    rows = db.session.scalars(
        ordered(query, sort, descending, lang).options(*row_options(columns))
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    filter_args = filters.query_args()
    user = current_user
    can = {"accredit": user.has_role("registrar"), "assign": user.has_role("programme"),
           "print": user.has_role("printer"), "export": user.has_role("registrar", "viewer")}
    return render_template(
        "registration/participants.html", event=event, filters=filters, rows=rows, total=total,
        page=page, pages=pages, first=(page - 1) * PER_PAGE + 1, counts=counts, everyone=sum(counts.values()),
        status=wanted["status"], action_form=ActionForm(), list_url=list_url, columns=columns,
        column_labels=column_labels(), sort=sort, descending=descending, sort_of=SORT_OF,
        sessions_of=sessions_by_participant(rows) if "sessions" in columns else {},
        filter_args=filter_args, mail_url=mail_url(event, filter_args),
        export_args={**filter_args, **({"sort": request.args["sort"]} if sort else {})},
        sessions=filters._sessions, layouts=layout_choices(), can=can, can_change=can["accredit"],
        dietary_labels={c.value: c.label for c in dietary_choices()}, **labels())


def status_counts(event: Event, wanted: dict) -> dict[str, int]:
    """How many match the other filters, by status (one query)."""
    query = participants_query(event, **{**wanted, "status": None}).order_by(None)
    found = dict(db.session.execute(
        query.with_only_columns(Participant.status, func.count(Participant.id)).group_by(Participant.status)).all())
    return {status: found.get(status, 0) for status in STATUSES}


def row_options(columns: list[str]) -> list:
    """Eager loads for what the rows show: a fixed number of queries whatever the number of rows."""
    options = [selectinload(Participant.delegation).selectinload(Delegation.country),
               selectinload(Participant.category)]
    if "arrival" in columns:
        options.append(selectinload(Participant.travels))
    if "hotel" in columns:
        options.append(selectinload(Participant.hotel))
    return options


def sessions_by_participant(rows: list[Participant]) -> dict[int, list[str]]:
    """The sessions in which each of these people holds a seat, in time order (one query)."""
    from delegates.programme.models import Assignment, ConferenceSession

    found: dict[int, list[str]] = {}
    if not rows:
        return found
    lang = current_language()
    for participant_id, item in db.session.execute(
            select(Assignment.participant_id, ConferenceSession)
            .join(ConferenceSession, Assignment.session_id == ConferenceSession.id)
            .where(Assignment.participant_id.in_([p.id for p in rows]), Assignment.status == "confirmed")
            .order_by(ConferenceSession.starts_at, ConferenceSession.id)):
        found.setdefault(participant_id, []).append(item.code or item.translated("title", lang))
    return found


def mail_url(event: Event, args: dict[str, str]) -> str:
    """The "mail to many" page, for the people of these filters."""
    return url_for("mailings.compose", slug=event.slug, **args)


def list_url(event: Event, **changes) -> str:
    """The list's address with the current filters, sort and columns, some of them changed (None drops one)."""
    columns = g.get("participant_columns")
    return url_for("registration.participants_list", slug=event.slug, **list_args(columns, **changes))


def labels() -> dict:
    return {"status_labels": status_labels(), "region_labels": region_labels()}


@bp.route("/admin/e/<slug>/participants/list.<any(csv, xlsx):kind>")
@requires("registrar")
def participants_export(slug: str, kind: str):
    """Exactly the list as filtered and sorted (every page), as the participants file (CSV or XLSX)."""
    event = get_event_or_404(slug)
    filters = FilterForm(formdata=request.args)
    sort, descending = chosen_sort()
    query = ordered(participants_query(event, **filters.filters()), sort, descending, current_language())
    people = exports.with_export_options(query)
    out = io.BytesIO()
    if kind == "xlsx":
        exports.write_xlsx(people, out)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")  # the BOM tells Excel it is UTF-8
        exports.write_csv(people, text)
        text.flush()
        text.detach()
        mimetype = "text/csv"
    out.seek(0)
    day = event.local(utcnow()).date().isoformat()
    return send_file(out, mimetype=mimetype, as_attachment=True,
                     download_name=f"{event.slug}-participants-selection-{day}.{kind}")


# -- bulk actions ---------------------------------------------------------------------------------------------

def chosen_people(event: Event) -> tuple[list[Participant], int]:
    """The participants a bulk action is for: the rows ticked, or (``scope=all``) every one matching the
    filters of the list's query string; and how many ticked ids are not of this event."""
    if request.form.get("scope") == "all":
        wanted = FilterForm(formdata=request.args).filters()
        query = participants_query(event, **wanted).options(selectinload(Participant.category))
        return list(db.session.scalars(query.order_by(Participant.id))), 0
    ids = {int(x) for x in request.form.getlist("selected") if x.isdigit() and len(x) < 10}
    if not ids:
        return [], 0
    chosen = list(db.session.scalars(
        participants_query(event, ids=sorted(ids)).options(selectinload(Participant.category))
        .order_by(Participant.id)))
    return chosen, len(ids) - len(chosen)


def back_to_list(slug: str) -> str:
    return back(url_for("registration.participants_list", slug=slug))


@bp.route("/admin/e/<slug>/participants/accredit", methods=["POST"])
@requires("registrar")
def participants_accredit(slug: str):
    """Accredit the selected participants that await accreditation; say how many were skipped, and why."""
    event = get_event_or_404(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    chosen, not_found = chosen_people(event)
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
    flash_bulk_outcome(len(accredited), skipped, not_found=not_found)
    return redirect(back_to_list(slug), code=303)


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


@bp.route("/admin/e/<slug>/participants/assign", methods=["POST"])
@requires("programme")
def participants_assign(slug: str):
    """Give the chosen people a seat in a session, by the programme's rules (seats, overlaps, categories);
    say how many got one, and how many were refused and why."""
    from delegates.programme import assignments
    from delegates.programme.models import ConferenceSession

    event = get_event_or_404(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    raw = request.form.get("session_id", "")
    target = db.session.get(ConferenceSession, int(raw)) if raw.isdigit() and len(raw) < 10 else None
    if target is None or target.event_id != event.id:
        flash(_("Choose the session to assign the participants to."), "error")
        return redirect(back_to_list(slug), code=303)
    chosen, not_found = chosen_people(event)
    if not chosen:
        flash(_("Select the participants to assign first."), "warning")
        return redirect(back_to_list(slug), code=303)
    by = assignments.By(organiser=current_user._get_current_object())
    assigned, already, refused = 0, 0, {"full": 0, "conflict": 0, "restricted": 0, "status": 0}
    for participant in chosen:
        try:
            assignments.assign(participant, target, by=by)
        except assignments.AlreadyAssigned:
            already += 1
        except assignments.SessionFull:
            refused["full"] += 1
        except assignments.ScheduleConflict:
            refused["conflict"] += 1
        except assignments.RestrictedSession:
            refused["restricted"] += 1
        except assignments.AssignmentError:
            refused["status"] += 1
        else:
            assigned += 1
    db.session.commit()
    flash_assign_outcome(target, assigned, already, refused, not_found)
    return redirect(back_to_list(slug), code=303)


def flash_assign_outcome(target, assigned: int, already: int, refused: dict[str, int], not_found: int) -> None:
    from delegates.programme.assignments import seats_text, session_name

    db.session.refresh(target)
    message = ngettext("%(num)d participant assigned to “%(session)s”.",
                       "%(num)d participants assigned to “%(session)s”.", assigned, session=session_name(target))
    reasons = {
        "full": _("%(n)d: the session is full (%(seats)s)", n=refused["full"], seats=seats_text(target)),
        "conflict": _("%(n)d: they hold another session at that time", n=refused["conflict"]),
        "restricted": _("%(n)d: their category may not attend", n=refused["restricted"]),
        "status": _("%(n)d: their registration is rejected or cancelled", n=refused["status"]),
    }
    given = [reasons[key] for key, n in refused.items() if n]
    if not_found:
        given.append(_("%(n)d: not found in this event", n=not_found))
    count = sum(refused.values()) + not_found
    if count:
        message += " " + ngettext("%(num)d refused — %(reasons)s.", "%(num)d refused — %(reasons)s.", count,
                                  reasons="; ".join(given))
    if already:
        message += " " + ngettext("%(num)d held a seat in it already.", "%(num)d held a seat in it already.",
                                  already)
    flash(message, "success" if not count else "warning")


@bp.route("/admin/e/<slug>/participants/badges", methods=["POST"])
@requires("printer")
def participants_badges(slug: str):
    """Print the badges of exactly the chosen people (the accredited among them) as a batch job; the printer's
    page follows the job."""
    from delegates.badges import jobs as badge_jobs
    from delegates.badges import services as badges

    event = get_event_or_404(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    layout = request.form.get("layout") or "a6"
    if layout not in {c.value for c in layout_choices()}:
        flash(_("Choose the badge stock."), "error")
        return redirect(back_to_list(slug), code=303)
    chosen, not_found = chosen_people(event)
    ids = tuple(p.id for p in chosen if p.status == "accredited")
    skipped = len(chosen) - len(ids) + not_found
    if not ids:
        flash(_("No badge to print: only accredited participants get a badge, and none is selected.")
              if chosen else _("Select the participants whose badges to print first."), "warning")
        return redirect(back_to_list(slug), code=303)
    job = badge_jobs.start(event, badges.Selection(participant_ids=ids, status="accredited"), layout,
                           current_user.id)
    message = ngettext("Printing %(num)d badge.", "Printing %(num)d badges.", len(ids))
    if skipped:
        message += " " + ngettext("%(num)d skipped: only accredited participants get a badge.",
                                  "%(num)d skipped: only accredited participants get a badge.", skipped)
    flash(message, "success" if not skipped else "warning")
    return redirect(url_for("badges.batches", slug=slug, job=job.id), code=303)


def layout_choices():
    from delegates.badges.forms import layout_choices as choices

    return choices()


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
    if "email" in changes:  # the link went to the old address, perhaps not the person's: a new link is the safe way
        flash(_("The private link was mailed to the old address only. To send it to %(email)s, use “Renew the "
                "private link and mail it” (the old link then stops working).", email=participant.email), "info")
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
        link_can_be_mailed=current_token(participant) is not None,
        mail_messages=mailing_services.messages_to(participant),
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


@bp.route("/admin/e/<slug>/participants/<int:participant_id>/link/mail", methods=["POST"])
@requires("registrar")
def participant_mail_link(slug: str, participant_id: int):
    """The private link as it is, mailed to the participant again (they lost the mail); it goes on working."""
    event = get_event_or_404(slug)
    participant = participant_or_404(event, participant_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    token = current_token(participant)
    if token is None:
        flash(_("This private link was made before links could be mailed again: renew it to mail one."), "error")
    else:
        participants.record_link_mailed(participant, actor=organiser())
        db.session.commit()
        notifications.mail_link_again(participant, token, by_organisers=True)
        flash(_("The private link was mailed to %(email)s again; it has not changed.", email=participant.email),
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
            "participant.link_mailed": _("private link mailed again"),
            "participant.merged": _("merged with a duplicate"), "participant.erased": _("personal data erased"),
            "participant.data_exported": _("personal data downloaded")}


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
