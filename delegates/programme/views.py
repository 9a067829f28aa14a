"""The programme's pages: the programme officer's (rooms, sessions, assignments), the public programme,
and a participant's agenda as an iCalendar file.

Views stay thin: the work is in ``planning``, ``assignments``, ``rules`` and ``agenda``; each view
commits once, and mail goes out after the commit.
"""
from __future__ import annotations

from io import BytesIO

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from delegates.admin.auth import requires
from delegates.common.exceptions import DomainError
from delegates.common.i18n import current_language
from delegates.common.jobs import pdf_response, status_response
from delegates.extensions import db
from delegates.programme import agenda, agenda_batches, assignments, planning, rules
from delegates.programme import agenda_pdf as personal_agenda
from delegates.programme import services as programme
from delegates.programme.assignments import By
from delegates.programme.forms import (
    ActionForm,
    AgendaBatchForm,
    AssignForm,
    RoomForm,
    RuleForm,
    SessionForm,
    SessionsRuleForm,
)
from delegates.programme.models import Assignment, ConferenceSession, Room
from delegates.registration import notifications
from delegates.registration.models import Category, Event, Participant
from delegates.registration.services import get_event_or_404, of_event_or_404, search_participants
from delegates.registration.views.private import private_page

bp = Blueprint("programme", __name__)


@bp.after_app_request
def mail_promotions(response):
    """Whoever's change freed a seat (a registration cancelled or rejected on any page), the next in line is
    mailed once the change is committed."""
    assignments.mail_promoted()
    return response

SEARCH_LIMIT = 20


def by() -> By:
    return By(organiser=current_user._get_current_object())


def room_or_404(event: Event, room_id: int) -> Room:
    return of_event_or_404(Room, room_id, event)


def session_or_404(event: Event, session_id: int) -> ConferenceSession:
    return of_event_or_404(ConferenceSession, session_id, event)


def show_error(form, error: DomainError) -> None:
    """Put the error next to its field when the form has it, else at the top of the page."""
    target = getattr(form, error.field, None) if error.field else None
    if target is not None:
        target.errors = [*target.errors, error.message] if isinstance(target.errors, list) else [error.message]
    else:
        flash(error.message, "error")


# -- the programme --------------------------------------------------------------------------------------------

@bp.route("/admin/e/<slug>/programme")
@requires("programme")
def overview(slug: str, rule_form: SessionsRuleForm | None = None, plans=None):
    event = get_event_or_404(slug)
    if rule_form is None:
        rule_form = SessionsRuleForm().fill(event, current_language()).fill_sessions(programme.sessions_of(event),
                                                                                     event)
    return render_template("programme/overview.html", event=event, days=programme.programme_by_day(event),
                           rooms=planning.rooms_of(event), kind_labels=programme.kind_labels(),
                           can_change=current_user.has_role("programme"), rule_form=rule_form, plans=plans)


@bp.route("/admin/e/<slug>/programme/rules", methods=["POST"])
@requires("programme")
def programme_rules(slug: str):
    """One rule for several sessions: preview each, or apply to all in one transaction."""
    event = get_event_or_404(slug)
    form = SessionsRuleForm().fill(event, current_language()).fill_sessions(programme.sessions_of(event), event)
    chosen = [s for s in programme.sessions_of(event) if s.id in set(form.sessions.data or [])]
    if not form.validate_on_submit() or not chosen:
        flash(_("Choose a rule and at least one session."), "error")
        return redirect(url_for("programme.overview", slug=slug), code=303)
    category = db.session.get(Category, int(form.category.data)) if (form.category.data or "").isdigit() else None
    try:
        if form.apply.data:
            done = [rules.apply(s, form.rule.data, category, by=by(), waitlist_rest=form.waitlist_rest.data)
                    for s in chosen]
            db.session.commit()
            flash(ngettext("%(seated)d seat given in %(num)d session.", "%(seated)d seats given in %(num)d sessions.",
                           len(done), seated=sum(len(p.seat) for p in done)), "success")
            return redirect(url_for("programme.overview", slug=slug), code=303)
        plans = [rules.plan(s, form.rule.data, category) for s in chosen]
    except assignments.AssignmentError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("programme.overview", slug=slug), code=303)
    return overview.__wrapped__(slug, rule_form=form, plans=plans)


# -- rooms ----------------------------------------------------------------------------------------------------

@bp.route("/admin/e/<slug>/programme/rooms/new", methods=["GET", "POST"], defaults={"room_id": None})
@bp.route("/admin/e/<slug>/programme/rooms/<int:room_id>", methods=["GET", "POST"])
@requires("programme")
def room_form(slug: str, room_id: int | None):
    event = get_event_or_404(slug)
    room = room_or_404(event, room_id) if room_id else None
    form = RoomForm().fill()
    if room is not None and not form.is_submitted():
        form.load(room)
    if form.validate_on_submit():
        try:
            saved = planning.save_room(event, form.data_for(), room, by=by().organiser)
            db.session.commit()
        except planning.PlanningError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            flash(_("The room '%(name)s' is saved.", name=saved.name), "success")
            return redirect(url_for("programme.overview", slug=slug), code=303)
    status = 400 if form.is_submitted() else 200
    return render_template("programme/room_form.html", event=event, form=form, room=room,
                           delete_form=ActionForm()), status


@bp.route("/admin/e/<slug>/programme/rooms/<int:room_id>/delete", methods=["POST"])
@requires("programme")
def room_delete(slug: str, room_id: int):
    event = get_event_or_404(slug)
    room = room_or_404(event, room_id)
    if ActionForm().validate_on_submit():
        name = room.name
        try:
            planning.delete_room(room, by=by().organiser)
            db.session.commit()
            flash(_("The room '%(name)s' is deleted.", name=name), "success")
        except planning.PlanningError as error:
            db.session.rollback()
            flash(error.message, "error")
            return redirect(url_for("programme.room_form", slug=slug, room_id=room_id), code=303)
    return redirect(url_for("programme.overview", slug=slug), code=303)


# -- sessions -------------------------------------------------------------------------------------------------

@bp.route("/admin/e/<slug>/programme/sessions/new", methods=["GET", "POST"], defaults={"session_id": None})
@bp.route("/admin/e/<slug>/programme/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@requires("programme")
def session_form(slug: str, session_id: int | None):
    event = get_event_or_404(slug)
    session = session_or_404(event, session_id) if session_id else None
    rooms = planning.rooms_of(event)
    form = SessionForm().fill(event, rooms, current_language())
    if not form.is_submitted():
        if session is not None:
            form.load(event, session)
        else:
            form.day.data = event.starts_on
    if form.validate_on_submit():
        try:
            saved = planning.save_session(event, form.data_for(rooms, list(event.categories)), session,
                                          by=by().organiser)
            db.session.commit()
        except planning.PlanningError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            flash(_("The session '%(title)s' is saved.", title=saved.title), "success")
            return redirect(url_for("programme.session_detail", slug=slug, session_id=saved.id), code=303)
    status = 400 if form.is_submitted() else 200
    return render_template("programme/session_form.html", event=event, form=form, session=session), status


@bp.route("/admin/e/<slug>/programme/sessions/<int:session_id>/delete", methods=["POST"])
@requires("programme")
def session_delete(slug: str, session_id: int):
    event = get_event_or_404(slug)
    session = session_or_404(event, session_id)
    if ActionForm().validate_on_submit():
        title = session.title
        count = planning.delete_session(session, by=by().organiser)
        db.session.commit()
        flash(ngettext("The session '%(title)s' is deleted; %(num)d person lost a place.",
                       "The session '%(title)s' is deleted; %(num)d people lost a place.", count, title=title),
              "success")
    return redirect(url_for("programme.overview", slug=slug), code=303)


@bp.route("/admin/e/<slug>/programme/sessions/<int:session_id>", methods=["GET"])
@requires("programme")
def session_detail(slug: str, session_id: int, rule_form: RuleForm | None = None, plan=None):
    event = get_event_or_404(slug)
    session = session_or_404(event, session_id)
    lang = current_language()
    rows = db.session.scalars(select(Assignment).where(Assignment.session_id == session.id)
                              .options(selectinload(Assignment.participant).selectinload(Participant.category),
                                       selectinload(Assignment.participant).selectinload(Participant.delegation))
                              .order_by(Assignment.created_at, Assignment.id)).all()
    confirmed = sorted((a for a in rows if a.status == "confirmed"),
                       key=lambda a: (("chair", "speaker", "rapporteur", "attendee").index(a.role),
                                      a.participant.family_name or "", a.participant.given_name or ""))
    q = (request.args.get("q") or "").strip()
    found = search_participants(event, q=q, per_page=SEARCH_LIMIT)[0] if q else []
    held = {a.participant_id: a for a in rows}
    return render_template(
        "programme/session.html", event=event, session=session, confirmed=confirmed,
        waiting=[a for a in rows if a.status == "waitlisted"], requests=[a for a in rows if a.status == "requested"],
        q=q, found=found, held=held, assign_form=AssignForm().fill(), action_form=ActionForm(),
        rule_form=rule_form or RuleForm().fill(event, lang), plan=plan, kind_labels=programme.kind_labels(),
        role_labels=agenda.role_labels(), can_change=current_user.has_role("programme"),
        may_attend=assignments.may_attend)


def back_to(session: ConferenceSession, **args):
    return redirect(url_for("programme.session_detail", slug=session.event.slug, session_id=session.id, **args),
                    code=303)


@bp.route("/admin/e/<slug>/programme/sessions/<int:session_id>/assign", methods=["POST"])
@requires("programme")
def session_assign(slug: str, session_id: int):
    event = get_event_or_404(slug)
    session = session_or_404(event, session_id)
    form = AssignForm().fill()
    if not form.validate_on_submit():
        flash(_("Choose a person and a role."), "error")
        return back_to(session)
    participant = of_event_or_404(Participant, form.participant_id.data, event)
    try:
        assignment = assignments.assign(participant, session, form.role.data, by=by(),
                                        override_reason=form.override_reason.data, waitlist=form.waitlist.data)
        db.session.commit()
    except assignments.AssignmentError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        if assignment.status == "waitlisted":
            flash(_("%(name)s is on the waiting list.", name=participant.full_name), "warning")
        else:
            flash(_("%(name)s is assigned.", name=participant.full_name), "success")
    return back_to(session, q=request.form.get("q") or None)


@bp.route("/admin/e/<slug>/programme/assignments/<int:assignment_id>/confirm", methods=["POST"])
@requires("programme")
def assignment_confirm(slug: str, assignment_id: int):
    """A request or a place on the waiting list becomes a seat, through the same rules as any assignment."""
    event = get_event_or_404(slug)
    assignment = assignment_or_404(event, assignment_id)
    session, participant = assignment.session, assignment.participant
    if ActionForm().validate_on_submit():
        try:
            assignments.assign(participant, session, assignment.role, by=by(),
                               override_reason=request.form.get("override_reason"))
            db.session.commit()
            flash(_("%(name)s has a seat.", name=participant.full_name), "success")
        except assignments.AssignmentError as error:
            db.session.rollback()
            flash(error.message, "error")
    return back_to(session)


@bp.route("/admin/e/<slug>/programme/assignments/<int:assignment_id>/release", methods=["POST"])
@requires("programme")
def assignment_release(slug: str, assignment_id: int):
    event = get_event_or_404(slug)
    assignment = assignment_or_404(event, assignment_id)
    session, name = assignment.session, assignment.participant.full_name
    if ActionForm().validate_on_submit():
        promoted = assignments.release(assignment, by=by())
        db.session.commit()
        flash(_("%(name)s no longer holds a place.", name=name), "success")
        if promoted is not None:
            notifications.mail_session_confirmed(promoted.participant, session)
            flash(_("%(name)s, first on the waiting list, has the seat and has been mailed.",
                    name=promoted.participant.full_name), "info")
    return back_to(session)


def assignment_or_404(event: Event, assignment_id: int) -> Assignment:
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.session.event_id != event.id:
        abort(404)
    return assignment


@bp.route("/admin/e/<slug>/programme/sessions/<int:session_id>/rules", methods=["POST"])
@requires("programme")
def session_rules(slug: str, session_id: int):
    """Preview a bulk rule (changes nothing), or apply it in one transaction."""
    event = get_event_or_404(slug)
    session = session_or_404(event, session_id)
    form = RuleForm().fill(event, current_language())
    if not form.validate_on_submit():
        flash(_("Choose a rule."), "error")
        return back_to(session)
    category = db.session.get(Category, int(form.category.data)) if (form.category.data or "").isdigit() else None
    try:
        if form.apply.data:
            done = rules.apply(session, form.rule.data, category, by=by(), waitlist_rest=form.waitlist_rest.data)
            db.session.commit()
            waited = len(done.no_room) if form.waitlist_rest.data else 0
            flash(_("%(seated)d assigned, %(waiting)d on the waiting list, %(already)d there already, "
                    "%(no_room)d without a seat, %(conflicts)d busy elsewhere, %(restricted)d not admitted.",
                    seated=len(done.seat), waiting=waited, already=done.already,
                    no_room=len(done.no_room) - waited, conflicts=len(done.conflicts),
                    restricted=len(done.restricted)), "success")
            return back_to(session)
        plan = rules.plan(session, form.rule.data, category)
    except assignments.AssignmentError as error:
        db.session.rollback()
        flash(error.message, "error")
        return back_to(session)
    return session_detail.__wrapped__(slug, session_id, rule_form=form, plan=plan)


# -- batches of personal agendas (a job the page follows) ------------------------------------------------------

@bp.route("/admin/e/<slug>/programme/agendas", methods=["GET", "POST"])
@requires("programme", "printer")
def agenda_batch(slug: str):
    """Whose agendas and in which language; "Print" starts a job that the page follows, then the PDF."""
    event = get_event_or_404(slug)
    form = AgendaBatchForm().fill(event, programme.sessions_of(event), current_language())
    if form.validate_on_submit():
        try:
            selection = agenda_batches.Selection(
                country=form.country.data or None, category=form.category.data or None,
                session=int(form.session.data) if form.session.data else None,
                participant_ids=agenda_batches.parse_ids(form.participants.data),
                language=form.language.data or None)
            people = agenda_batches.select_participants(event, selection)
            if not people:
                flash(_("No accredited participant matches this choice."), "info")
            else:
                job = agenda_batches.start(event, selection, current_user.id)
                return redirect(url_for("programme.agenda_batch", slug=slug, job=job.id), code=303)
        except DomainError as error:
            show_error(form, error)
    job = agenda_batches.load(request.args.get("job", ""), event)
    status = 400 if form.is_submitted() and (form.errors or any(f.errors for f in form)) else 200
    accredited = db.session.scalar(participants_count(event))
    return render_template("programme/agendas.html", event=event, form=form, job=job, accredited=accredited), status


def participants_count(event: Event):
    return select(func.count()).select_from(Participant).where(Participant.event_id == event.id,
                                                                 Participant.status == "accredited")


def agenda_job_or_404(event: Event, job_id: str):
    job = agenda_batches.load(job_id, event)
    if job is None:
        abort(404)
    return job


@bp.route("/admin/e/<slug>/programme/agendas/jobs/<job_id>")
@requires("programme", "printer")
def agenda_batch_status(slug: str, job_id: str):
    event = get_event_or_404(slug)
    job = agenda_job_or_404(event, job_id)
    return status_response(job, url_for("programme.agenda_batch_pdf", slug=slug, job_id=job.id))


@bp.route("/admin/e/<slug>/programme/agendas/jobs/<job_id>/agendas.pdf")
@requires("programme", "printer")
def agenda_batch_pdf(slug: str, job_id: str):
    event = get_event_or_404(slug)
    job = agenda_job_or_404(event, job_id)
    return pdf_response(job, f"agendas-{event.slug}.pdf")


# -- public ---------------------------------------------------------------------------------------------------

@bp.route("/e/<slug>/programme")
def public_programme(slug: str):
    """The public programme by day, and in each day by room, in the page's language."""
    event = get_event_or_404(slug)
    if not event.is_published and not current_user.is_authenticated:
        abort(404)
    days = []
    for day, sessions in programme.programme_by_day(event, public_only=True):
        rooms: dict[str, list[ConferenceSession]] = {}
        for s in sessions:
            rooms.setdefault(s.room.name if s.room else "", []).append(s)
        # rooms in the order their day begins (the plenary hall's opening first), the unknown room last
        days.append((day, sorted(rooms.items(), key=lambda item: (item[0] == "", item[1][0].starts_at, item[0]))))
    return render_template("programme/public.html", event=event, days=days, kind_labels=programme.kind_labels(),
                           people=programme.programme_people(event), role_labels=agenda.role_labels())


@bp.route("/me/<token>/agenda.ics")
@private_page
def agenda_ics(participant: Participant, token: str):
    """The person's confirmed sessions for their calendar application."""
    if participant.status != "accredited":
        abort(404)
    body = agenda.agenda_ics(participant, notifications.language_of(participant), request.host.split(":")[0])
    response = make_response(body)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="agenda-{participant.event.slug}.ics"'
    return response


@bp.route("/me/<token>/agenda.pdf")
@private_page
def agenda_pdf(participant: Participant, token: str):
    """The person's confirmed sessions as a PDF, in their language."""
    if participant.status != "accredited":
        abort(404)
    body = BytesIO()
    personal_agenda.agenda_pdf(participant, body)
    response = make_response(body.getvalue())
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="agenda-{participant.event.slug}.pdf"'
    return response
