"""Duplicate registrations: finding them, and merging two into one. Plain functions that flush; the caller commits.

A merge keeps one participant, gives it the values chosen from the other, moves everything that
hangs on the other (assignments, scans and attendance, badge prints, travel, signatures, the head of
its delegation, its audit history) onto the kept one, and deletes the other. One audit entry,
``participant.merged``, holds the kept one's changes and every value of the removed one.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from delegates.admin.models import AuditEntry
from delegates.admin.services import record
from delegates.badges.models import BadgePrint
from delegates.checkin.models import Attendance, Scan
from delegates.common.exceptions import DomainError
from delegates.declaration.models import Signature
from delegates.extensions import db
from delegates.logistics.models import Travel
from delegates.programme.models import Assignment, ConferenceSession
from delegates.registration.models import Delegation, Event, Participant
from delegates.registration.participants import Actor
from delegates.registration.search import fold, latin

# What the registrar chooses between, field by field. Some choices carry companions along:
# the dietary need its description, the status its reason and dates.
CHOSEN_FIELDS = ("title", "given_name", "family_name", "badge_name", "delegation_id", "category_id", "function",
                 "organisation", "email", "phone", "ui_language", "interpretation_language", "dietary",
                 "accessibility", "hotel_id", "photo_filename", "consent_to_publish", "status",
                 "arrival", "departure")
COMPANIONS = {"dietary": ("dietary", "dietary_other"),
              "status": ("status", "rejection_reason", "accredited_at", "rank_confirmed")}
TRAVEL = ("arrival", "departure")
# everything a participant row holds, for the audit entry of a removed one (the token's hash stays out)
SNAPSHOT = ("id", "title", "given_name", "family_name", "badge_name", "delegation_id", "category_id", "function",
            "organisation", "email", "phone", "photo_filename", "ui_language", "interpretation_language", "dietary",
            "dietary_other", "accessibility", "hotel_id", "status", "rejection_reason", "rank_confirmed",
            "badge_number", "badge_version", "consent_to_publish", "registered_via", "created_at", "updated_at",
            "accredited_at")
ROLE_STRENGTH = {"attendee": 0, "rapporteur": 1, "speaker": 2, "chair": 3}
SEAT_STRENGTH = {"requested": 0, "waitlisted": 1, "confirmed": 2}


class MergeError(DomainError):
    status = 409
    code = "merge"


# -- finding duplicates ---------------------------------------------------------------------------------------

def name_key(participant: Participant) -> str:
    """The name folded and in Latin letters, its words sorted: 'Żółć Łukasz' and 'Lukasz ZOLC' meet."""
    return _name_key(participant.given_name, participant.family_name, participant.badge_name)


def _name_key(given: str | None, family: str | None, badge_name: str | None) -> str:
    full = " ".join(x for x in (given, family) if x) or badge_name or ""
    return " ".join(sorted(fold(latin(full)).split()))


def duplicates_of(participant: Participant) -> list[Participant]:
    """The event's other participants with the same name (folded, in any script)."""
    key = name_key(participant)
    rows = db.session.execute(
        select(Participant.id, Participant.given_name, Participant.family_name, Participant.badge_name)
        .where(Participant.event_id == participant.event_id, Participant.id != participant.id)
    ).all()
    ids = [row.id for row in rows if _name_key(row.given_name, row.family_name, row.badge_name) == key]
    if not ids:
        return []
    return list(db.session.scalars(select(Participant).where(Participant.id.in_(ids)).order_by(Participant.id)))


@dataclass
class DuplicateGroup:
    """People of one event who may be the same person."""

    same_delegation: bool
    people: list[Participant]


def possible_duplicates(event: Event) -> list[DuplicateGroup]:
    """Participants sharing a name (folded, in any script): the same name in the same delegation first, then the
    same name in different delegations (their emails differ, since an email registers once per event)."""
    people = db.session.scalars(
        select(Participant).where(Participant.event_id == event.id)
        .options(selectinload(Participant.delegation).selectinload(Delegation.country),
                 selectinload(Participant.category))
        .order_by(Participant.id)
    ).all()
    by_name: dict[str, list[Participant]] = defaultdict(list)
    for person in people:
        key = name_key(person)
        if key:
            by_name[key].append(person)
    groups = []
    for same_name in by_name.values():
        if len(same_name) < 2:
            continue
        by_delegation: dict[int | None, list[Participant]] = defaultdict(list)
        for person in same_name:
            by_delegation[person.delegation_id].append(person)
        together = [g for g in by_delegation.values() if len(g) > 1]
        groups += [DuplicateGroup(True, g) for g in together]
        if len(by_delegation) > 1:
            groups.append(DuplicateGroup(False, same_name))
    groups.sort(key=lambda g: (not g.same_delegation, name_key(g.people[0])))
    return groups


# -- merging --------------------------------------------------------------------------------------------------

def travel_of(participant: Participant, direction: str) -> Travel | None:
    return next((t for t in participant.travels if t.direction == direction), None)


def value_of(participant: Participant, field: str):
    """What the comparison shows and compares for one of CHOSEN_FIELDS."""
    if field in TRAVEL:
        travel = travel_of(participant, field)
        return (travel.at, travel.flight, travel.airport) if travel else None
    if field == "status":  # when it was accredited is no choice of its own
        return participant.status, participant.rejection_reason
    if field in COMPANIONS:
        return tuple(getattr(participant, name) for name in COMPANIONS[field])
    return getattr(participant, field)


def differing_fields(kept: Participant, other: Participant) -> list[str]:
    return [f for f in CHOSEN_FIELDS if value_of(kept, f) != value_of(other, f)]


def default_choice(kept: Participant, other: Participant, field: str) -> str:
    """Keep the kept one's value, unless it has none and the other has one."""
    mine = value_of(kept, field)
    empty = mine in (None, "") or (field == "dietary" and mine[0] == "none")
    return "other" if empty and value_of(other, field) not in (None, "") else "kept"


def merge(kept: Participant, other: Participant, take_from_other: set[str], *, actor: Actor) -> dict:
    """Merge ``other`` into ``kept`` and delete ``other``; ``take_from_other`` names the CHOSEN_FIELDS whose value
    comes from ``other``. Returns the kept one's changes {field: [old, new]}."""
    if kept.id == other.id:
        raise MergeError(_("A participant cannot be merged with itself."))
    if kept.event_id != other.event_id:
        raise MergeError(_("Only participants of the same event can be merged."))
    unknown = set(take_from_other) - set(CHOSEN_FIELDS)
    if unknown:
        raise MergeError(_("Unknown fields: %(fields)s.", fields=", ".join(sorted(unknown))))
    removed = snapshot(other)
    travel_before = snapshot(kept)["travel"]
    wanted = {}
    for field in take_from_other:
        if field in TRAVEL:
            continue
        for name in COMPANIONS.get(field, (field,)):
            wanted[name] = getattr(other, name)
    moved = {
        "assignments": _move_assignments(kept, other),
        "attendance": _move_attendance(kept, other),
        "travel": _move_travel(kept, other, {f for f in take_from_other if f in TRAVEL}),
    }
    for model, column in ((Scan, Scan.participant_id), (BadgePrint, BadgePrint.participant_id),
                          (AuditEntry, AuditEntry.participant_id)):
        db.session.execute(update(model).where(column == other.id).values({column.key: kept.id}))
    db.session.execute(update(Signature).where(Signature.signatory_id == other.id).values(signatory_id=kept.id))
    heads = db.session.scalars(select(Delegation.id).where(Delegation.head_id == other.id)).all()
    db.session.execute(update(Delegation).where(Delegation.head_id == other.id).values(head_id=kept.id))
    badge_number = other.badge_number
    db.session.delete(other)
    db.session.flush()  # the other's email and badge number are free from here on

    if kept.badge_number is None and badge_number is not None:
        wanted["badge_number"] = badge_number
    changes = {}
    for name, value in wanted.items():
        old = getattr(kept, name)
        if old != value:
            changes[name] = [old, value]
            setattr(kept, name, value)
    db.session.flush()
    db.session.expire(kept, ["delegation", "category", "hotel"])
    for direction in moved["travel"]:
        if travel_before.get(direction) != removed["travel"].get(direction):
            changes[direction] = [travel_before.get(direction), removed["travel"].get(direction)]
    if heads:
        changes["head_of_delegation"] = [None, heads]
    changes["merged_participant"] = [removed, None]
    record("participant.merged", event=kept.event, organiser=actor.organiser, api_token=actor.api_token,
           participant=kept, target=kept, changes=_jsonable(changes),
           note=_("Merged participant #%(id)d (%(name)s, %(email)s) into this one; moved %(assignments)d "
                  "assignments and %(attendance)d attendance records.", id=removed["id"], name=removed["badge_name"],
                  email=removed["email"], assignments=moved["assignments"], attendance=moved["attendance"]))
    return changes


def snapshot(participant: Participant) -> dict:
    """Every value of a participant, and its travel, as plain JSON."""
    values = {name: _plain(getattr(participant, name)) for name in SNAPSHOT}
    values["travel"] = {t.direction: {"at": _plain(t.at), "flight": t.flight, "airport": t.airport}
                        for t in participant.travels}
    return values


def _move_assignments(kept: Participant, other: Participant) -> int:
    """Move the other's assignments; where both hold one for a session, keep the stronger role and seat."""
    mine = {a.session_id: a for a in db.session.scalars(select(Assignment).where(Assignment.participant_id == kept.id))}
    theirs = db.session.scalars(select(Assignment).where(Assignment.participant_id == other.id)).all()
    for assignment in theirs:
        same = mine.get(assignment.session_id)
        if same is None:
            assignment.participant_id = kept.id
            continue
        seats = (same.status == "confirmed") + (assignment.status == "confirmed")
        if ROLE_STRENGTH[assignment.role] > ROLE_STRENGTH[same.role]:
            same.role = assignment.role
        if SEAT_STRENGTH[assignment.status] > SEAT_STRENGTH[same.status]:
            same.status = assignment.status
        same.requested = same.requested or assignment.requested
        if seats == 2:  # one person holds one seat: give the other's back
            db.session.execute(update(ConferenceSession).where(ConferenceSession.id == assignment.session_id)
                               .values(assigned=ConferenceSession.assigned - 1))
        db.session.delete(assignment)
    db.session.flush()
    return len(theirs)


def _move_attendance(kept: Participant, other: Participant) -> int:
    """Move the other's attendance; the same place on the same day counts once, from the earliest scan."""
    mine = {(a.place, a.day): a for a in db.session.scalars(
        select(Attendance).where(Attendance.participant_id == kept.id))}
    theirs = db.session.scalars(select(Attendance).where(Attendance.participant_id == other.id)).all()
    for attendance in theirs:
        same = mine.get((attendance.place, attendance.day))
        if same is None:
            attendance.participant_id = kept.id
            continue
        same.first_seen_at = min(same.first_seen_at, attendance.first_seen_at)
        db.session.delete(attendance)
    db.session.flush()
    return len(theirs)


def _move_travel(kept: Participant, other: Participant, chosen: set[str]) -> list[str]:
    """The chosen directions' travel comes from the other; the rest of the other's travel goes with it."""
    moved = []
    for direction in TRAVEL:
        mine, theirs = travel_of(kept, direction), travel_of(other, direction)
        if direction in chosen:
            moved.append(direction)
            if mine is not None:
                db.session.delete(mine)
                db.session.flush()
            if theirs is not None:
                theirs.participant = kept
        elif theirs is not None:
            db.session.delete(theirs)
    db.session.flush()
    db.session.expire(kept, ["travels"])
    db.session.expire(other, ["travels"])
    return moved


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _jsonable(changes: dict) -> dict:
    return {k: [_plain(a), _plain(b)] for k, (a, b) in changes.items()}
