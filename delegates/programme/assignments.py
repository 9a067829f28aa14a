"""Who holds a seat in which session: plain functions that change data and flush; the caller commits.

Seats are counted in ``ConferenceSession.assigned`` and only ever taken by one conditional UPDATE
(``assigned < capacity``, one row changed or the session is full), which holds on SQLite and on
PostgreSQL alike when many requests arrive at once; UNIQUE(participant, session) is the backstop
against the same person twice. A released seat goes to the first on the waiting list.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import event, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from delegates.admin.models import ApiToken, Organiser
from delegates.admin.services import record
from delegates.common.exceptions import DomainError
from delegates.extensions import db
from delegates.programme.models import ASSIGNMENT_ROLES, Assignment, ConferenceSession
from delegates.registration import signals
from delegates.registration.models import Participant

# roles the programme officer gives: they are admitted whatever the session's categories
PROGRAMME_ROLES = ("speaker", "chair", "rapporteur")


class AssignmentError(DomainError):
    status = 409


class SessionFull(AssignmentError):
    code = "full"


class ScheduleConflict(AssignmentError):
    code = "conflict"

    def __init__(self, message: str, other: ConferenceSession):
        super().__init__(message)
        self.other = other


class RestrictedSession(AssignmentError):
    code = "restricted"
    status = 403


class AlreadyAssigned(AssignmentError):
    code = "already"


@dataclass(frozen=True)
class By:
    """Who assigns: an organiser, an API token, or nobody (the system, promoting from the waiting list)."""

    organiser: Organiser | None = None
    api_token: ApiToken | None = None


def session_name(session: ConferenceSession) -> str:
    return session.title


def seats_text(session: ConferenceSession) -> str:
    return _("%(assigned)d of %(capacity)d seats", assigned=session.assigned, capacity=session.capacity)


def may_attend(participant: Participant, session: ConferenceSession, role: str = "attendee") -> bool:
    """Whether the person's category admits them; speakers, chairs and rapporteurs are always admitted."""
    allowed = session.allowed_categories
    return role in PROGRAMME_ROLES or not allowed or participant.category in allowed


def overlapping(participant: Participant, session: ConferenceSession) -> list[ConferenceSession]:
    """The other sessions in which the person holds a confirmed seat at the same time as ``session``."""
    return list(db.session.scalars(
        select(ConferenceSession).join(Assignment, Assignment.session_id == ConferenceSession.id)
        .where(Assignment.participant_id == participant.id, Assignment.status == "confirmed",
               ConferenceSession.id != session.id, ConferenceSession.starts_at < session.ends_at,
               ConferenceSession.ends_at > session.starts_at)
        .order_by(ConferenceSession.starts_at)))


def assignment_of(participant: Participant, session: ConferenceSession) -> Assignment | None:
    return db.session.scalar(select(Assignment).where(Assignment.participant_id == participant.id,
                                                      Assignment.session_id == session.id))


def take_seat(session: ConferenceSession) -> bool:
    """Take one seat if one is free: one conditional UPDATE, so two requests can never take the last seat both."""
    result = db.session.execute(
        update(ConferenceSession)
        .where(ConferenceSession.id == session.id, ConferenceSession.assigned < ConferenceSession.capacity)
        .values(assigned=ConferenceSession.assigned + 1)
        .execution_options(synchronize_session=False))
    db.session.expire(session, ["assigned"])
    return result.rowcount == 1


def free_seat(session: ConferenceSession) -> None:
    db.session.execute(
        update(ConferenceSession).where(ConferenceSession.id == session.id, ConferenceSession.assigned > 0)
        .values(assigned=ConferenceSession.assigned - 1).execution_options(synchronize_session=False))
    db.session.expire(session, ["assigned"])


def assign(participant: Participant, session: ConferenceSession, role: str = "attendee", by: By | None = None,
           override_reason: str | None = None, waitlist: bool = False) -> Assignment:
    """Give the person a seat in the session with ``role``, or refuse with a reason they can act on.

    Raises ``RestrictedSession`` (their category may not attend), ``ScheduleConflict`` (they hold an
    overlapping session; an organiser passes ``override_reason`` to allow it, on the record),
    ``SessionFull`` (no seat; with ``waitlist=True`` they join the waiting list instead and the
    assignment comes back with status "waitlisted"), ``AlreadyAssigned``. A request (status
    "requested") becomes a seat through here too.
    """
    by = by or By()
    if participant.event_id != session.event_id:
        raise AssignmentError(_("This person does not take part in the event of this session."))
    if participant.status in ("rejected", "cancelled"):
        raise AssignmentError(_("%(name)s's registration is %(status)s: only people who take part get a seat.",
                                name=participant.full_name, status=participant.status))
    if role not in ASSIGNMENT_ROLES:
        raise AssignmentError(_("Unknown role '%(role)s': choose attendee, speaker, chair or rapporteur.", role=role))
    # one decision at a time per person, so that two overlapping sessions cannot both be given at once
    # (PostgreSQL: a row lock that foreign-key checks do not wait for; SQLite serialises every write already)
    db.session.execute(select(Participant.id).where(Participant.id == participant.id).with_for_update(key_share=True))
    existing = assignment_of(participant, session)
    if existing is not None and existing.status == "confirmed":
        if existing.role == role:
            raise AlreadyAssigned(_("%(name)s holds a seat in '%(session)s' already.", name=participant.full_name,
                                    session=session_name(session)))
        old_role, existing.role = existing.role, role  # a change of role keeps the seat
        record("assignment.role_changed", event=session.event, organiser=by.organiser, api_token=by.api_token,
               participant=participant, target=existing, changes={"role": [old_role, role]})
        db.session.flush()
        return existing
    if not may_attend(participant, session, role):
        raise RestrictedSession(_("'%(session)s' is only open to %(categories)s; %(name)s is registered as "
                                  "%(category)s.", session=session_name(session), name=participant.full_name,
                                  categories=", ".join(c.name for c in session.allowed_categories),
                                  category=participant.category.name))
    override_reason = (override_reason or "").strip() or None
    clashes = overlapping(participant, session)
    if clashes and not override_reason:
        other = clashes[0]
        raise ScheduleConflict(_("%(name)s is already in '%(other)s' at the same time (%(start)s–%(end)s). An "
                                 "organiser may assign anyway, giving a reason.", name=participant.full_name,
                                 other=session_name(other), start=_clock(other, other.starts_at),
                                 end=_clock(other, other.ends_at)), other)
    if not take_seat(session):
        if not waitlist:
            raise SessionFull(_("'%(session)s' is full (%(seats)s).", session=session_name(session),
                                seats=seats_text(session)))
        return _put_on_waiting_list(participant, session, role, existing, by)
    assignment = existing or Assignment(session_id=session.id, participant_id=participant.id)
    was = existing.status if existing is not None else None
    assignment.role, assignment.status = role, "confirmed"
    assignment.created_by_id = by.organiser.id if by.organiser else assignment.created_by_id
    if clashes:
        assignment.overlap_override, assignment.override_reason = True, override_reason
    _flush_or_already(participant, session, assignment if existing is None else None, seat_taken=True)
    record("assignment.confirmed", event=session.event, organiser=by.organiser, api_token=by.api_token,
           participant=participant, target=assignment, changes={"status": [was, "confirmed"], "role": [None, role]},
           note=(_("Overlap allowed: %(reason)s", reason=override_reason) if clashes else None))
    return assignment


def _put_on_waiting_list(participant, session, role, existing, by: By) -> Assignment:
    assignment = existing or Assignment(session_id=session.id, participant_id=participant.id)
    was = existing.status if existing is not None else None
    assignment.role, assignment.status = role, "waitlisted"
    _flush_or_already(participant, session, assignment if existing is None else None)
    record("assignment.waitlisted", event=session.event, organiser=by.organiser, api_token=by.api_token,
           participant=participant, target=assignment, changes={"status": [was, "waitlisted"]})
    return assignment


def _flush_or_already(participant: Participant, session: ConferenceSession, new: Assignment | None,
                      seat_taken: bool = False) -> None:
    """Write the assignment inside a savepoint, so that a refusal by UNIQUE leaves the transaction usable."""
    db.session.flush()  # what came before, outside the savepoint
    try:
        with db.session.begin_nested():
            if new is not None:
                db.session.add(new)
            db.session.flush()
    except IntegrityError:
        # another request placed the same person at the same moment: UNIQUE(participant, session) refused ours
        if seat_taken:
            free_seat(session)
        raise AlreadyAssigned(_("%(name)s holds a place in '%(session)s' already.", name=participant.full_name,
                                session=session_name(session))) from None


def _clock(session: ConferenceSession, moment) -> str:
    return session.event.local(moment).strftime("%H:%M")


def waiting_list(session: ConferenceSession) -> list[Assignment]:
    """The waiting list in order: first come, first served."""
    return list(db.session.scalars(select(Assignment).where(
        Assignment.session_id == session.id, Assignment.status == "waitlisted")
        .order_by(Assignment.created_at, Assignment.id)))


def release(assignment: Assignment, by: By | None = None) -> Assignment | None:
    """Take the person out of the session; a freed seat goes to the first on the waiting list who can take it.

    Returns the promoted assignment (mail them after the commit), or None.
    """
    by = by or By()
    session, participant, was = assignment.session, assignment.participant, assignment.status
    db.session.delete(assignment)
    record("assignment.released", event=session.event, organiser=by.organiser, api_token=by.api_token,
           participant=participant, target=session, changes={"status": [was, None]})
    db.session.flush()
    if was != "confirmed":
        return None
    free_seat(session)
    return promote_next(session)


def promote_next(session: ConferenceSession) -> Assignment | None:
    """Give a free seat to the first on the waiting list who holds no overlapping session."""
    for candidate in waiting_list(session):
        if overlapping(candidate.participant, session):
            continue  # they took another session at that time since: they keep their place in line
        if not take_seat(session):
            return None
        candidate.status = "confirmed"
        record("assignment.promoted", event=session.event, participant=candidate.participant, target=candidate,
               changes={"status": ["waitlisted", "confirmed"]})
        db.session.flush()
        return candidate
    return None


def change_capacity_check(session: ConferenceSession, capacity: int) -> None:
    """A session cannot shrink below the seats it has given."""
    if capacity < session.assigned:
        raise AssignmentError(_("%(n)d seats are taken already: release some before lowering the capacity to "
                                "%(capacity)d.", n=session.assigned, capacity=capacity))


# -- a registration withdrawn gives its seats back ------------------------------------------------------------

PROMOTED = "programme.promoted"  # db.session.info key: assignments promoted in this transaction, to mail
TO_MAIL = "programme.promoted.committed"


@signals.withdrawn.connect
def release_seats_of_withdrawn(participant: Participant, actor=None, **_extra) -> None:
    """A cancelled or rejected registration leaves its sessions and waiting lists; freed seats go to the next in
    line, who are mailed once the change is committed (``mail_promoted``)."""
    by = By(organiser=getattr(actor, "organiser", None), api_token=getattr(actor, "api_token", None))
    held = db.session.scalars(select(Assignment).where(
        Assignment.participant_id == participant.id, Assignment.status.in_(("confirmed", "waitlisted")))).all()
    for assignment in held:
        promoted = release(assignment, by)
        if promoted is not None:
            db.session.info.setdefault(PROMOTED, []).append(promoted.id)


@event.listens_for(Session, "after_commit")
def _promotions_committed(session) -> None:
    if session.info.get(PROMOTED):
        session.info.setdefault(TO_MAIL, []).extend(session.info.pop(PROMOTED))


@event.listens_for(Session, "after_rollback")
def _promotions_rolled_back(session) -> None:
    session.info.pop(PROMOTED, None)


def mail_promoted() -> int:
    """Mail the people whose waiting-list place became a seat in a committed change; returns how many."""
    from delegates.registration import notifications

    if not db.session.registry.has():  # this request touched no database: nothing can have been promoted
        return 0
    ids = db.session.info.pop(TO_MAIL, [])
    sent = 0
    for assignment in db.session.scalars(select(Assignment).where(Assignment.id.in_(ids))) if ids else []:
        if assignment.status == "confirmed":
            notifications.mail_session_confirmed(assignment.participant, assignment.session)
            sent += 1
    return sent
