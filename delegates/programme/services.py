"""The programme: plain functions that read, or change and flush."""
from __future__ import annotations

from datetime import date
from itertools import groupby

from flask_babel import gettext as _
from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import selectinload

from delegates.extensions import db
from delegates.programme.models import Assignment, ConferenceSession, session_category
from delegates.registration.models import Category, Event, Participant
from delegates.registration.validation import FieldError


def sessions_of(event: Event, public_only: bool = False) -> list[ConferenceSession]:
    query = (
        select(ConferenceSession)
        .where(ConferenceSession.event_id == event.id)
        .options(selectinload(ConferenceSession.room), selectinload(ConferenceSession.allowed_categories))
        .order_by(ConferenceSession.starts_at, ConferenceSession.id)
    )
    if public_only:
        query = query.where(ConferenceSession.is_public)
    return list(db.session.scalars(query))


def sessions_for_choice(event: Event) -> list[ConferenceSession]:
    """The public sessions a person may ask for on the registration form, with the categories each is kept for."""
    return list(db.session.scalars(
        select(ConferenceSession)
        .where(ConferenceSession.event_id == event.id, ConferenceSession.is_public, ConferenceSession.open_for_choice)
        .options(selectinload(ConferenceSession.allowed_categories))
        .order_by(ConferenceSession.starts_at, ConferenceSession.id)))


def programme_by_day(event: Event, public_only: bool = False) -> list[tuple[date, list[ConferenceSession]]]:
    """The sessions grouped by their day on the event's wall clock."""
    sessions = sessions_of(event, public_only)
    return [(day, list(items)) for day, items in groupby(sessions, key=lambda s: event.local(s.starts_at).date())]


def kind_labels() -> dict[str, str]:
    """Session kinds as a person reads them, in the page's language."""
    return {"plenary": _("Plenary"), "panel": _("Panel"), "ministerial": _("Ministerial"),
            "side_event": _("Side event")}


def requested_session_ids(participant: Participant) -> list[int]:
    return list(db.session.scalars(select(Assignment.session_id).where(
        Assignment.participant_id == participant.id, Assignment.requested)))


_LIMITED = select(session_category.c.session_id).where(session_category.c.session_id == ConferenceSession.id)
# built once (see registration.services): every registration that asks for sessions runs it
OPEN_TO_CATEGORY = select(ConferenceSession.id).where(
    ConferenceSession.event_id == bindparam("event_id"), ConferenceSession.id.in_(bindparam("ids", expanding=True)),
    ConferenceSession.open_for_choice,
    ~_LIMITED.exists() | _LIMITED.where(session_category.c.category_id == bindparam("category_id")).exists())


def check_requests(event: Event, category: Category | None, session_ids: list[int] | set[int]) -> None:
    """Refuse (FieldError) a request for a session of another event, not open for choice, or kept for other
    categories than ``category`` (a session without categories admits every one)."""
    wanted = set(session_ids or [])
    if not wanted:
        return
    open_ids = set(db.session.scalars(OPEN_TO_CATEGORY, {
        "event_id": event.id, "ids": sorted(wanted), "category_id": category.id if category is not None else None}))
    if wanted - open_ids:
        raise FieldError("sessions", _("You cannot ask for one of these sessions: it is not open to your "
                                       "category or not open for choice."))


def request_sessions(participant: Participant, session_ids: list[int] | set[int], *, checked: bool = False,
                     new: bool = False) -> None:
    """Record the sessions a person would like to attend. A request holds no seat: the programme
    officers turn requests into assignments. Seats already confirmed are kept.

    ``checked``: check_requests() has passed them for the participant's category already (in a read before
    the write transaction). ``new``: the participant was made in this transaction, so has no assignments to
    read yet."""
    wanted = set(session_ids or [])
    if not checked:
        check_requests(participant.event, participant.category, wanted)
    if new and not wanted:
        return
    current = {} if new else {a.session_id: a for a in db.session.scalars(
        select(Assignment).where(Assignment.participant_id == participant.id))}
    for session_id, assignment in current.items():
        if assignment.requested and assignment.status == "requested" and session_id not in wanted:
            db.session.delete(assignment)
    rows = [{"session_id": session_id, "participant_id": participant.id, "role": "attendee", "status": "requested",
             "requested": True} for session_id in sorted(wanted - current.keys())]
    if rows:
        # one INSERT for them all, without the unit of work (nothing here reads them back as objects)
        db.session.execute(insert(Assignment), rows)
    db.session.flush()


def programme_people(event: Event) -> dict[int, list[tuple[str, Participant]]]:
    """Chairs, speakers and rapporteurs of each session (by session id), chairs first."""
    order = {"chair": 0, "speaker": 1, "rapporteur": 2}
    rows = db.session.execute(
        select(Assignment.session_id, Assignment.role, Participant)
        .join(Participant, Participant.id == Assignment.participant_id)
        .join(ConferenceSession, ConferenceSession.id == Assignment.session_id)
        .where(ConferenceSession.event_id == event.id, Assignment.status == "confirmed",
               Assignment.role.in_(tuple(order)))).all()
    people: dict[int, list[tuple[str, Participant]]] = {}
    for session_id, role, participant in sorted(rows, key=lambda r: (order[r[1]], r[2].family_name or "")):
        people.setdefault(session_id, []).append((role, participant))
    return people
