"""Assignment in bulk, by rules: see first what a rule would do, then do it in one transaction.

A rule picks people (every accredited Minister and Head of Delegation, every accredited participant,
every accredited participant of one category, every request for the session); the preview counts
who would be seated, who is there already, who would not fit, who is busy elsewhere at that time and
who may not attend. Applying seats people in the order the rule lists them (requests: first asked,
first seated) with one conditional UPDATE for all their seats.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from delegates.admin.services import record
from delegates.extensions import db
from delegates.programme.assignments import AssignmentError, By, may_attend
from delegates.programme.models import Assignment, ConferenceSession
from delegates.registration.models import Category, Participant

RULES = ("leaders", "accredited", "category", "requests")


def rule_labels() -> dict[str, str]:
    return {
        "leaders": _("Every accredited Minister and Head of Delegation"),
        "accredited": _("Every accredited participant"),
        "category": _("Every accredited participant of one category"),
        "requests": _("Every request for the session, first asked first seated"),
    }


@dataclass
class Plan:
    """What a rule would do to a session."""

    session: ConferenceSession
    rule: str
    seat: list[Participant] = field(default_factory=list)  # would get a seat, in order
    already: int = 0  # hold a seat there already
    no_room: list[Participant] = field(default_factory=list)  # would not fit
    conflicts: list[Participant] = field(default_factory=list)  # hold an overlapping session
    restricted: list[Participant] = field(default_factory=list)  # their category may not attend

    @property
    def touched(self) -> int:
        return len(self.seat) + self.already + len(self.no_room) + len(self.conflicts) + len(self.restricted)


def chosen_people(session: ConferenceSession, rule: str, category: Category | None = None) -> list[Participant]:
    """The people a rule picks, in the order they would be seated."""
    if rule not in RULES:
        raise AssignmentError(_("Unknown rule."))
    query = select(Participant).options(selectinload(Participant.category))
    if rule == "requests":
        query = (query.join(Assignment, Assignment.participant_id == Participant.id)
                 .where(Assignment.session_id == session.id, Assignment.status == "requested",
                        Participant.status.in_(("submitted", "accredited")))
                 .order_by(Assignment.created_at, Assignment.id))
        return list(db.session.scalars(query))
    query = query.where(Participant.event_id == session.event_id, Participant.status == "accredited")
    if rule == "leaders":
        query = query.join(Category, Category.id == Participant.category_id).where(
            Category.is_minister | Category.is_head_of_delegation)
    elif rule == "category":
        if category is None or category.event_id != session.event_id:
            raise AssignmentError(_("Choose the category whose participants to assign."))
        query = query.where(Participant.category_id == category.id)
    return list(db.session.scalars(query.order_by(Participant.id)))


def plan(session: ConferenceSession, rule: str, category: Category | None = None) -> Plan:
    """What applying the rule would do now; changes nothing."""
    result = Plan(session=session, rule=rule)
    people = chosen_people(session, rule, category)
    seated = set(db.session.scalars(select(Assignment.participant_id).where(
        Assignment.session_id == session.id, Assignment.status == "confirmed")))
    busy = set(db.session.scalars(
        select(Assignment.participant_id).join(ConferenceSession, ConferenceSession.id == Assignment.session_id)
        .where(ConferenceSession.event_id == session.event_id, Assignment.status == "confirmed",
               ConferenceSession.id != session.id, ConferenceSession.starts_at < session.ends_at,
               ConferenceSession.ends_at > session.starts_at)))
    free = session.capacity - session.assigned
    for person in people:
        if person.id in seated:
            result.already += 1
        elif not may_attend(person, session):
            result.restricted.append(person)
        elif person.id in busy:
            result.conflicts.append(person)
        elif len(result.seat) < free:
            result.seat.append(person)
        else:
            result.no_room.append(person)
    return result


def apply(session: ConferenceSession, rule: str, category: Category | None = None, by: By | None = None,
          waitlist_rest: bool = False) -> Plan:
    """Seat everyone the rule would seat, in one go; with ``waitlist_rest`` those who do not fit wait in line.

    The seats are taken by one conditional UPDATE; if someone else took seats since the plan was
    made, it refuses and nothing is changed (make the plan again).
    """
    by = by or By()
    done = plan(session, rule, category)
    if done.seat:
        taken = db.session.execute(
            update(ConferenceSession)
            .where(ConferenceSession.id == session.id,
                   ConferenceSession.assigned + len(done.seat) <= ConferenceSession.capacity)
            .values(assigned=ConferenceSession.assigned + len(done.seat))
            .execution_options(synchronize_session=False))
        db.session.expire(session, ["assigned"])
        if taken.rowcount != 1:
            raise AssignmentError(_("Seats in this session were taken while you looked: check the preview again."))
    existing = {a.participant_id: a for a in db.session.scalars(
        select(Assignment).where(Assignment.session_id == session.id))}
    waiting = done.no_room if waitlist_rest else []
    for person, status in [(p, "confirmed") for p in done.seat] + [(p, "waitlisted") for p in waiting]:
        assignment = existing.get(person.id)
        if assignment is None:
            db.session.add(Assignment(session_id=session.id, participant_id=person.id, role="attendee",
                                      status=status, created_by_id=by.organiser.id if by.organiser else None))
        elif assignment.status != "waitlisted" or status == "confirmed":
            assignment.status = status
    db.session.flush()  # UNIQUE(participant, session) refuses a person placed twice by a request at the same time
    record("assignment.bulk", event=session.event, organiser=by.organiser, api_token=by.api_token, target=session,
           changes={"assigned": [session.assigned - len(done.seat), session.assigned]},
           note=(f"rule={rule}" + (f" category={category.name}" if category else "")
                 + f"; seated {len(done.seat)}, waitlisted {len(waiting)}, already {done.already}, "
                   f"no room {len(done.no_room)}, conflicts {len(done.conflicts)}, restricted {len(done.restricted)}"))
    return done
