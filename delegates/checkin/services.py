"""Check-in: reading a badge at a door, and the attendance it makes.

``scan()`` is the one way a badge is read, from the desk (an organiser), the API (a device's token)
and the tests. Its answers: ``admitted``; ``already`` when the same badge was admitted at the same place
less than CHECKIN_REPEAT_WINDOW ago (the same check-in: no new attendance); ``refused`` with a reason.

Simultaneous scans of one badge are serialised on the participant's row (``SELECT … FOR UPDATE`` on
PostgreSQL; on SQLite a write transaction starts with BEGIN IMMEDIATE, which serialises writers), so
exactly one of them is admitted; the UNIQUE constraints on Attendance (one a day per place) and on Scan's
idempotency key are the backstops: each insert is INSERT … ON CONFLICT DO NOTHING on that constraint, so a
duplicate records nothing and the answer says so.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from delegates.admin.models import ApiToken, Organiser
from delegates.badges import codes
from delegates.checkin.models import Attendance, Scan
from delegates.common.database import utcnow
from delegates.common.exceptions import DomainError
from delegates.extensions import db
from delegates.programme.models import Assignment, ConferenceSession
from delegates.registration.exports import delegation_code
from delegates.registration.models import Category, Country, Delegation, Event, Participant

if TYPE_CHECKING:  # the API's token and event, read as columns (delegates.api.auth)
    from delegates.api.auth import Caller, EventRef

ENTRANCE = "entrance"
DEFAULT_REPEAT_WINDOW = timedelta(minutes=10)
# roles that take a person into a session whatever the session's categories
PLATFORM_ROLES = ("chair", "speaker", "rapporteur")

# why a scan is refused (the API's "reason"; the desk shows reason_text())
UNKNOWN = codes.UNKNOWN
FORGED = codes.FORGED
REISSUED = codes.REISSUED
OTHER_EVENT = codes.OTHER_EVENT
NOT_ACCREDITED = codes.NOT_ACCREDITED
CANCELLED = "cancelled"
NOT_ALLOWED = "not_allowed"
REASONS = (UNKNOWN, FORGED, REISSUED, NOT_ACCREDITED, CANCELLED, NOT_ALLOWED, OTHER_EVENT)


class PlaceError(DomainError):
    """The place is neither the entrance nor a session of the event."""

    code = "invalid_place"


@dataclass(frozen=True)
class Bearer:
    """Who holds a badge, as the door shows them: read as columns in one query, not as ORM objects (a door's
    scan is the busiest request there is)."""

    id: int
    event_id: int
    status: str
    badge_version: int
    badge_number: int | None
    badge_name: str
    photo_filename: str | None
    category_id: int
    category: str  # the category's name
    delegation: str | None  # the delegation's name in English (its country's, or an observer organisation's)
    country: str  # what the participants file's country column holds: alpha-3, or the organisation's acronym


@dataclass(frozen=True)
class ScanResult:
    result: str  # admitted, already, refused
    reason: str | None
    participant: Bearer | None
    first_scan_at: datetime | None  # admitted: this scan; already: the scan that admitted the badge

    @property
    def message(self) -> str:
        return reason_text(self.reason) if self.reason else ""


@dataclass(frozen=True)
class Place:
    """Where a badge is read: the entrance, or a session's door."""

    code: str
    session: ConferenceSession | None = None

    @property
    def session_id(self) -> int | None:
        return self.session.id if self.session else None


def reason_text(reason: str | None) -> str:
    """A sentence the person at the door can act on."""
    texts = {
        UNKNOWN: _("Unknown code: this is not one of our badges."),
        FORGED: _("Forged badge: the code has been altered."),
        REISSUED: _("Reissued badge: a newer badge exists for this person; this one no longer works."),
        NOT_ACCREDITED: _("Not accredited: the registration has not been accredited."),
        CANCELLED: _("Cancelled: this registration has been cancelled."),
        NOT_ALLOWED: _("Not allowed in this session."),
        OTHER_EVENT: _("Badge of another event."),
    }
    return texts.get(reason, reason or "")


def repeat_window() -> timedelta:
    value = current_app.config.get("CHECKIN_REPEAT_WINDOW", DEFAULT_REPEAT_WINDOW)
    return value if isinstance(value, timedelta) else timedelta(seconds=float(value))


def place_of(event: Event | EventRef, place: str) -> Place:
    """The place a string names ("entrance" or "session:<id>" of this event); PlaceError otherwise."""
    if place == ENTRANCE:
        return Place(ENTRANCE)
    if isinstance(place, str) and place.startswith("session:") and place[8:].isdigit():
        session = db.session.get(ConferenceSession, int(place[8:]))
        if session is not None and session.event_id == event.id:
            return Place(f"session:{session.id}", session)
    raise PlaceError(_('The place must be "entrance" or "session:<id>" of one of this event\'s sessions.'),
                     field="place")


def event_day(event: Event | EventRef, moment: datetime) -> date:
    """The day on the event's wall clock."""
    return moment.astimezone(event.tz).date()


def _identify(event: Event | EventRef, code_or_number: str) -> tuple[Bearer | None, str | None]:
    """Who a badge code (or a typed badge number) names, and why they are refused at the event."""
    text = (code_or_number or "").strip() if isinstance(code_or_number, str) else ""
    if text.isdigit() and len(text) <= 9:
        bearer = _bearer(_statements().bearer_by_number, event_id=event.id, badge_number=int(text))
        if bearer is None:
            return None, UNKNOWN
        reason = None if bearer.status == "accredited" else NOT_ACCREDITED
    else:
        try:
            numbers = codes.decode(text)
        except ValueError:
            return None, FORGED
        if numbers is None:
            return None, UNKNOWN
        bearer, reason = codes.verdict(numbers, _bearer(_statements().bearer, participant_id=numbers[1]), event)
        if reason == OTHER_EVENT:
            return None, OTHER_EVENT  # another event's people are none of this desk's business
    if reason == NOT_ACCREDITED and bearer is not None and bearer.status == "cancelled":
        reason = CANCELLED
    return bearer, reason


def _bearer(statement, **values) -> Bearer | None:
    """The one Bearer a statement of _statements() finds, or None (a row of columns, through the session's
    connection: no ORM object is built)."""
    row = db.session.connection().execute(statement, values).first()
    if row is None:
        return None
    delegation = (row.country_name or row.organisation_name or "") if row.delegation_id is not None else None
    return Bearer(row.id, row.event_id, row.status, row.badge_version, row.badge_number, row.badge_name,
                  row.photo_filename, row.category_id, row.category, delegation,
                  delegation_code(row))  # the row has the delegation columns it reads


def bearer_of(participant_id: int) -> Bearer | None:
    """The Bearer of a participant's id (None when there is no such participant)."""
    return _bearer(_statements().bearer, participant_id=participant_id)


def _bearer_select():
    return (
        select(Participant.id, Participant.event_id, Participant.status, Participant.badge_version,
               Participant.badge_number, Participant.badge_name, Participant.photo_filename, Participant.category_id,
               Category.name.label("category"), Delegation.id.label("delegation_id"), Delegation.country_code,
               Delegation.organisation_name, Delegation.organisation_acronym, Country.name_en.label("country_name"))
        .join(Category, Category.id == Participant.category_id)
        .outerjoin(Delegation, Delegation.id == Participant.delegation_id)
        .outerjoin(Country, Country.alpha3 == Delegation.country_code)
    )


@functools.cache
def _statements() -> SimpleNamespace:
    """The statements of a scan, built once, on first use (once every model is mapped); values are bound
    parameters."""
    return SimpleNamespace(
        bearer=_bearer_select().where(Participant.id == bindparam("participant_id")),
        bearer_by_number=_bearer_select().where(Participant.event_id == bindparam("event_id"),
                                                Participant.badge_number == bindparam("badge_number")),
        by_key=select(Scan).where(Scan.event_id == bindparam("event_id"), Scan.idempotency_key == bindparam("key")),
        admitted_since=(
            select(Scan.scanned_at)
            .where(Scan.participant_id == bindparam("participant_id"), Scan.place == bindparam("place"),
                   Scan.result == "admitted", Scan.scanned_at > bindparam("since", type_=Scan.scanned_at.type))
            .order_by(Scan.scanned_at).limit(1)
        ),
    )


_INSERTS: dict = {}  # (model, unique columns, dialect) → INSERT … ON CONFLICT DO NOTHING


def may_enter(participant: Participant | Bearer, session: ConferenceSession) -> bool:
    """Whether the person may attend: an open session, a category it admits, or a seat on its platform."""
    allowed = {c.id for c in session.allowed_categories}
    if not allowed or participant.category_id in allowed:
        return True
    return db.session.scalar(
        select(func.count()).select_from(Assignment).where(
            Assignment.session_id == session.id, Assignment.participant_id == participant.id,
            Assignment.status == "confirmed", Assignment.role.in_(PLATFORM_ROLES),
        )
    ) > 0


def _stored_answer(scan_row: Scan) -> ScanResult:
    first = scan_row.scanned_at if scan_row.result == "admitted" else None
    if scan_row.result == "already":
        first = db.session.scalar(
            select(Scan.scanned_at).where(
                Scan.participant_id == scan_row.participant_id, Scan.place == scan_row.place,
                Scan.result == "admitted", Scan.scanned_at <= scan_row.scanned_at,
            ).order_by(Scan.scanned_at.desc()).limit(1)
        )
    bearer = bearer_of(scan_row.participant_id) if scan_row.participant_id is not None else None
    return ScanResult(scan_row.result, scan_row.reason, bearer, first)


def _by_key(event: Event, key: str) -> Scan | None:
    return db.session.scalar(_statements().by_key, {"event_id": event.id, "key": key})


@dataclass
class Reading:
    """What a badge's code says at a place, read without writing: who it is and why they are refused."""

    event: Event | EventRef
    place: Place
    participant: Bearer | None
    reason: str | None
    key: str | None


def read_badge(event: Event | EventRef, code_or_number: str, place: str, *,
               idempotency_key: str | None = None) -> Reading:
    """The reading's verdict before anything is recorded (reads only). Raises PlaceError for an unknown place."""
    spot = place_of(event, place)
    key = (idempotency_key or "").strip()[:80] or None
    participant, reason = _identify(event, code_or_number)
    if reason is None and spot.session is not None and not may_enter(participant, spot.session):
        reason = NOT_ALLOWED
    return Reading(event, spot, participant, reason, key)


def record(reading: Reading, *, device: ApiToken | Caller | None = None, organiser: Organiser | None = None,
           now: datetime | None = None) -> ScanResult:
    """Record a reading: admitted, or already when the badge was admitted there within the window; flushes.

    Uses only the ids of what ``reading`` holds, so it may run in a transaction after the one that read.
    A retry (a key already recorded) is not looked for first: retries are rare, and the insert of the scan,
    which the key's UNIQUE constraint turns into nothing, finds them; the first answer is then returned.
    """
    now = now or utcnow()
    event, spot, participant, reason, key = (reading.event, reading.place, reading.participant, reading.reason,
                                             reading.key)
    if participant is not None and db.session.get_bind().dialect.name != "sqlite":
        # serialise the scans of one badge; SQLite needs no lock of a row: its write transactions begin
        # with BEGIN IMMEDIATE, one at a time
        db.session.execute(select(Participant.id).where(Participant.id == participant.id).with_for_update())

    result, first = "refused", None
    if reason is None:
        first = db.session.scalar(_statements().admitted_since,
                                  {"participant_id": participant.id, "place": spot.code,
                                   "since": now - repeat_window()})
        result = "already" if first is not None else "admitted"
        first = first or now

    row = dict(event_id=event.id, participant_id=participant.id if participant else None,
               badge_version=participant.badge_version if participant else None, place=spot.code,
               session_id=spot.session_id, result=result, reason=reason,
               device_token_id=device.id if device else None, organiser_id=organiser.id if organiser else None,
               idempotency_key=key, scanned_at=now)
    if not _insert_unless_present(Scan, row, ("event_id", "idempotency_key")):
        # the same key, recorded before (a device's retry) or by a request that committed while this one decided
        return _stored_answer(_by_key(event, key))
    if result == "admitted":
        attend(event, participant, spot, at=now, source="scan", organiser=organiser)
    return ScanResult(result, reason, participant, first)


def scan(event: Event | EventRef, code_or_number: str, place: str, *, device: ApiToken | Caller | None = None,
         organiser: Organiser | None = None, idempotency_key: str | None = None,
         now: datetime | None = None) -> ScanResult:
    """Read a badge (its QR code's text, or a typed badge number) at a place; flushes, the caller commits.

    A retry with the same ``idempotency_key`` returns the first answer and records nothing.
    Raises PlaceError for a place that is not the entrance or a session of the event.
    """
    reading = read_badge(event, code_or_number, place, idempotency_key=idempotency_key)
    return record(reading, device=device, organiser=organiser, now=now)


def attend(event: Event | EventRef, participant: Participant | Bearer, spot: Place, *, at: datetime, source: str,
           organiser: Organiser | None = None) -> bool:
    """Note that the person was at the place that day; False when it was noted already."""
    day = event_day(event, at)
    # another door may have got there first (the UNIQUE constraint): one attendance it is
    return _insert_unless_present(
        Attendance,
        dict(event_id=event.id, participant_id=participant.id, place=spot.code, session_id=spot.session_id, day=day,
             first_seen_at=at, source=source, recorded_by_id=organiser.id if organiser else None),
        ("participant_id", "place", "day"),
    )


def _insert_unless_present(model, values: dict, unique: tuple[str, ...]) -> bool:
    """Insert a row (SQL, no ORM object) unless one with the same ``unique`` columns (a UNIQUE constraint of the
    table) exists; True when it was inserted. One statement on SQLite and PostgreSQL (INSERT … ON CONFLICT DO
    NOTHING RETURNING id: a duplicate neither raises nor aborts the transaction); elsewhere an INSERT in a
    SAVEPOINT that a duplicate rolls back."""
    dialect = db.session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        insert = sqlite_insert if dialect == "sqlite" else postgresql_insert
        statement = _INSERTS.get((model, unique, dialect))
        if statement is None:
            statement = (insert(model.__table__).on_conflict_do_nothing(index_elements=list(unique))
                         .returning(model.__table__.c.id))
            _INSERTS[(model, unique, dialect)] = statement
        return db.session.execute(statement, values).first() is not None
    try:
        with db.session.begin_nested():
            db.session.execute(model.__table__.insert().values(**values))
    except IntegrityError:
        return False
    return True


def answer_json(answer: ScanResult, *, photo_url: str | None = None) -> dict:
    """What a door device shows: the answer, why, and who it is."""
    body = {"result": answer.result, "reason": answer.reason or "", "message": answer.message,
            "first_scan_at": answer.first_scan_at.isoformat() if answer.first_scan_at else None,
            "participant": None}
    p = answer.participant
    if p is not None:
        body["participant"] = {
            "id": p.id, "badge_name": p.badge_name, "delegation": p.delegation, "country": p.country or None,
            "category": p.category, "badge_number": p.badge_number,
        }
        if photo_url and p.photo_filename:
            body["participant"]["photo_url"] = photo_url
    return body


# -- the printed list of a session -----------------------------------------------------------------------------

def session_list(session: ConferenceSession) -> list[Participant]:
    """The people holding a confirmed seat in the session, in protocol order then by name."""
    from delegates.registration.models import Category

    return list(db.session.scalars(
        select(Participant)
        .join(Assignment, Assignment.participant_id == Participant.id)
        .join(Category, Category.id == Participant.category_id)
        .where(Assignment.session_id == session.id, Assignment.status == "confirmed")
        .options(selectinload(Participant.delegation), selectinload(Participant.category))
        .order_by(Category.protocol_order, Participant.family_name, Participant.given_name, Participant.id)
    ))


def attendees_of(session: ConferenceSession) -> dict[int, Attendance]:
    """participant id → the person's first attendance at the session."""
    rows = db.session.scalars(
        select(Attendance).where(Attendance.session_id == session.id).order_by(Attendance.first_seen_at)
    )
    found: dict[int, Attendance] = {}
    for row in rows:
        found.setdefault(row.participant_id, row)
    return found


def tick_list(event: Event, session: ConferenceSession, participant_ids: set[int], *, organiser: Organiser,
              now: datetime | None = None) -> int:
    """An organiser ticks names on the session's printed list; returns how many attendances were added.

    Only people on the list can be ticked; a tick never removes an attendance that a door scan made.
    """
    now = now or utcnow()
    spot = Place(f"session:{session.id}", session)
    on_list = {p.id: p for p in session_list(session)}
    already = attendees_of(session)
    added = 0
    for pid in sorted(participant_ids):
        if pid in on_list and pid not in already:
            added += attend(event, on_list[pid], spot, at=now, source="list", organiser=organiser)
    return added


# -- who attended what -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AttendanceRow:
    participant: Participant
    place: str
    session: ConferenceSession | None
    day: date
    first_seen_at: datetime
    source: str


def attendance_rows(event: Event, *, participant: Participant | None = None,
                    session: ConferenceSession | None = None) -> list[AttendanceRow]:
    """Every attendance of the event (or of one person, or one session), by day then time."""
    query = (
        select(Attendance)
        .where(Attendance.event_id == event.id)
        .options(selectinload(Attendance.participant).selectinload(Participant.delegation),
                 selectinload(Attendance.participant).selectinload(Participant.category))
        .order_by(Attendance.day, Attendance.first_seen_at, Attendance.id)
    )
    if participant is not None:
        query = query.where(Attendance.participant_id == participant.id)
    if session is not None:
        query = query.where(Attendance.session_id == session.id)
    sessions = {s.id: s for s in db.session.scalars(
        select(ConferenceSession).where(ConferenceSession.event_id == event.id))}
    return [AttendanceRow(a.participant, a.place, sessions.get(a.session_id), a.day, a.first_seen_at, a.source)
            for a in db.session.scalars(query)]


def session_attendance_counts(event: Event) -> dict[int, int]:
    """session id → how many people attended it (on any day)."""
    rows = db.session.execute(
        select(Attendance.session_id, func.count(func.distinct(Attendance.participant_id)))
        .where(Attendance.event_id == event.id, Attendance.session_id.is_not(None))
        .group_by(Attendance.session_id)
    )
    return {sid: n for sid, n in rows}


def presence_by_day(event: Event) -> list[tuple[date, int]]:
    """How many people came through the entrance, each day."""
    rows = db.session.execute(
        select(Attendance.day, func.count()).where(Attendance.event_id == event.id, Attendance.place == ENTRANCE)
        .group_by(Attendance.day).order_by(Attendance.day)
    )
    return [(day, n) for day, n in rows]
