"""The figures of an event's dashboard, gathered with a fixed handful of aggregate queries.

However many participants, scans or prints an event has, ``dashboard_figures`` runs the same nine
statements (each a GROUP BY or a few counts in one SELECT): the page's cost grows with the number of
days, countries and categories, never with people.
"""
from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import case, exists, func, select

from delegates.badges.models import BadgePrint
from delegates.checkin.models import Attendance, Scan
from delegates.checkin.services import ENTRANCE
from delegates.common.database import utcnow
from delegates.declaration.models import Declaration, Signature
from delegates.extensions import db
from delegates.registration.models import (
    REGIONS,
    STATUSES,
    Category,
    Country,
    Delegation,
    Event,
    MemberCountry,
    Participant,
)

ACTIVE = ("submitted", "accredited")  # registrations that count: neither rejected nor cancelled


@dataclass
class CountryFigure:
    alpha3: str
    alpha2: str
    name: str
    region: str | None
    member: bool
    participants: int


@dataclass
class CategoryFigure:
    name: str
    label: str
    colour: str
    participants: int


@dataclass
class DeclarationFigure:
    id: int
    title: str
    signed: int


@dataclass
class DashboardFigures:
    today: date
    total: int  # every registration, whatever its status
    active: int
    by_status: dict[str, int]
    oldest_waiting: datetime | None
    by_day: list[tuple[date, int, int]]  # day, registrations received that day, received up to that day
    by_category: list[CategoryFigure]
    by_region: list[tuple[str | None, int]]  # region (None: observer organisations), participants
    countries: list[CountryFigure]  # every country, members or represented first by size
    members: int
    represented: int  # member countries with at least one active participant
    ministers: int
    observer_organisations: int
    observer_participants: int
    accredited: int
    badges_printed: int  # accredited participants whose current badge was printed
    present_today: int  # people through the entrance today, on the event's wall clock
    entrance_scans_today: int
    presence_by_day: list[tuple[date, int]]
    declarations: list[DeclarationFigure] = field(default_factory=list)

    @functools.cached_property
    def timeline(self) -> tuple[str, list[tuple[date, int, int]]]:
        """What the chart and its table show: by_day, or by week or month when it is too long to read."""
        return in_periods(self.by_day)

    @property
    def badges_to_print(self) -> int:
        return self.accredited - self.badges_printed

    @property
    def waiting(self) -> int:
        return self.by_status.get("submitted", 0)

    def waiting_days(self, now: datetime | None = None) -> int | None:
        if self.oldest_waiting is None:
            return None
        return ((now or utcnow()) - self.oldest_waiting).days


def _local_day_bounds(event: Event, day: date) -> tuple[datetime, datetime]:
    """The UTC moments at which ``day`` begins and ends on the event's wall clock."""
    start = datetime.combine(day, datetime.min.time(), tzinfo=event.tz)
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=event.tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def utc_offsets(tz, first: datetime, last: datetime) -> list[tuple[datetime | None, timedelta]]:
    """The zone's UTC offsets between two moments: [(until, offset), ..., (None, last offset)], to the hour."""
    segments: list[tuple[datetime | None, timedelta]] = []
    moment = first.replace(minute=0, second=0, microsecond=0)
    offset = moment.astimezone(tz).utcoffset()
    while moment <= last:
        following = moment + timedelta(days=1)
        if following.astimezone(tz).utcoffset() != offset:
            hour = moment
            while hour.astimezone(tz).utcoffset() == offset:
                hour += timedelta(hours=1)
            segments.append((hour, offset))
            offset, following = hour.astimezone(tz).utcoffset(), hour
        moment = following
    segments.append((None, offset))
    return segments


def registrations_by_day(event: Event, now: datetime) -> dict[date, int]:
    """Registrations received per day on the event's wall clock (one GROUP BY)."""
    created = Participant.created_at
    if db.session.get_bind().dialect.name == "postgresql":
        day = func.date(func.timezone(event.timezone, created))
    else:
        # SQLite knows no time zones: shift each moment by the zone's offset at that moment, a CASE over the
        # offsets the zone has from a year and a half before the event (or its creation) to a month after it
        first = min(event.created_at or now, datetime.combine(event.starts_on, datetime.min.time(), tzinfo=UTC)
                    - timedelta(days=550))
        last = datetime.combine(event.ends_on, datetime.min.time(), tzinfo=UTC) + timedelta(days=30)
        shifts = [(until, f"{int(offset.total_seconds() // 60):+d} minutes")
                  for until, offset in utc_offsets(event.tz, first, last)]
        shift = shifts[-1][1] if len(shifts) == 1 else case(
            *((created < until, text) for until, text in shifts[:-1]), else_=shifts[-1][1])
        day = func.date(created, shift)
    rows = db.session.execute(select(day, func.count()).where(Participant.event_id == event.id).group_by(day))
    return {d if isinstance(d, date) else date.fromisoformat(d): n for d, n in rows}


def _timeline(counts: dict[date, int]) -> list[tuple[date, int, int]]:
    if not counts:
        return []
    first, last = min(counts), max(counts)
    rows, running, day = [], 0, first
    while day <= last:
        running += counts.get(day, 0)
        rows.append((day, counts.get(day, 0), running))
        day += timedelta(days=1)
    return rows


# Bars a day for up to about three months; a week each (from Monday) for up to two years; else a month each.
# Registrations a dozen years apart (an event kept from one assembly to the next) would otherwise draw some
# 5,000 daily bars and a table of as many rows: a page of a megabyte that a screen reader cannot get through.
TIMELINE_DAYS = 92
TIMELINE_WEEKS = 104


def in_periods(by_day: list[tuple[date, int, int]]) -> tuple[str, list[tuple[date, int, int]]]:
    """``by_day`` in periods a chart and a table can hold: ("day" | "week" | "month", [(first day of the period,
    received in it, received up to its end)])."""
    if len(by_day) <= TIMELINE_DAYS:
        return "day", by_day
    unit = "week" if len(by_day) <= TIMELINE_WEEKS * 7 else "month"
    periods: dict[date, list[int]] = {}
    for day, n, running in by_day:
        start = day - timedelta(days=day.weekday()) if unit == "week" else day.replace(day=1)
        period = periods.setdefault(start, [0, 0])
        period[0] += n
        period[1] = running
    return unit, [(start, n, running) for start, (n, running) in periods.items()]


@dataclass
class _Registrations:
    by_status: dict[str, int]
    by_category: list[CategoryFigure]
    per_country: Counter[str]
    ministers: int
    observer_organisations: int
    observer_participants: int


def _registrations(event: Event, language: str) -> _Registrations:
    """One pass over the participants: how many of each status, category and delegation (a few thousand
    groups at most), summed here rather than in more scans of the table. Three statements."""
    groups = db.session.execute(
        select(Participant.status, Participant.category_id, Participant.delegation_id, func.count())
        .where(Participant.event_id == event.id)
        .group_by(Participant.status, Participant.category_id, Participant.delegation_id)
    ).all()
    category_rows = db.session.execute(
        select(Category.id, Category.name, Category.names, Category.badge_colour, Category.is_minister)
        .where(Category.event_id == event.id).order_by(Category.protocol_order, Category.name)
    ).all()
    delegation_of = {d_id: (kind, code) for d_id, kind, code in db.session.execute(
        select(Delegation.id, Delegation.kind, Delegation.country_code).where(Delegation.event_id == event.id))}
    minister_categories = {c_id for c_id, *_, is_minister in category_rows if is_minister}
    by_status = {s: 0 for s in STATUSES}
    per_category: Counter[int] = Counter()
    per_country: Counter[str] = Counter()
    observer_participants = ministers = 0
    for status, category_id, delegation_id, n in groups:
        by_status[status] = by_status.get(status, 0) + n
        if status not in ACTIVE:
            continue
        per_category[category_id] += n
        ministers += n if category_id in minister_categories else 0
        kind, code = delegation_of.get(delegation_id, (None, None))
        if kind == "country":
            per_country[code] += n
        elif kind == "observer":
            observer_participants += n
    return _Registrations(
        by_status=by_status,
        by_category=[CategoryFigure(name, (names or {}).get(language) or name, colour, per_category.get(c_id, 0))
                     for c_id, name, names, colour, _ in category_rows],
        per_country=per_country,
        ministers=ministers,
        observer_organisations=sum(1 for kind, _ in delegation_of.values() if kind == "observer"),
        observer_participants=observer_participants,
    )


def _countries(event: Event, language: str, per_country: Counter[str]) -> tuple[list[CountryFigure], set[str]]:
    """Every country with its participants, the largest delegations first, and the event's members."""
    member_codes = set(db.session.scalars(select(MemberCountry.country_code)
                                          .where(MemberCountry.event_id == event.id)))
    name_column = getattr(Country, f"name_{language}", Country.name_en)
    rows = db.session.execute(select(Country.alpha3, Country.alpha2, name_column, Country.name_en, Country.region))
    countries = [CountryFigure(a3, a2, name or name_en, region, a3 in member_codes, per_country.get(a3, 0))
                 for a3, a2, name, name_en, region in rows]
    countries.sort(key=lambda c: (-c.participants, c.name))
    return countries, member_codes


def _by_region(countries: list[CountryFigure], observer_participants: int) -> list[tuple[str | None, int]]:
    regions: Counter[str | None] = Counter()
    for c in countries:
        regions[c.region] += c.participants
    by_region: list[tuple[str | None, int]] = [(r, regions.get(r, 0)) for r in REGIONS]
    if regions.get(None):
        by_region.append((None, regions[None]))
    if observer_participants:
        by_region.append(("observers", observer_participants))
    return by_region


def _desk_counts(event: Event, today: date) -> tuple[int, int, datetime | None]:
    """Badges printed (current version), entrance scans today, the oldest registration waiting: one SELECT."""
    printed = exists().where(BadgePrint.participant_id == Participant.id,
                             BadgePrint.badge_version == Participant.badge_version)
    start, end = _local_day_bounds(event, today)
    badges_printed, entrance_scans_today, oldest_waiting = db.session.execute(select(
        select(func.count()).select_from(Participant)
        .where(Participant.event_id == event.id, Participant.status == "accredited", printed).scalar_subquery(),
        # "+ 0": SQLite would otherwise walk all the event's scans by event_id rather than one day's by time
        select(func.count()).select_from(Scan)
        .where(Scan.scanned_at >= start, Scan.scanned_at < end, Scan.event_id + 0 == event.id,
               Scan.place == ENTRANCE).scalar_subquery(),
        select(func.min(Participant.created_at))
        .where(Participant.status == "submitted", Participant.event_id == event.id).scalar_subquery(),
    )).one()
    if isinstance(oldest_waiting, str):  # SQLite: a scalar subquery's value may come back as stored
        oldest_waiting = datetime.fromisoformat(oldest_waiting).replace(tzinfo=UTC)
    return badges_printed, entrance_scans_today, oldest_waiting


def dashboard_figures(event: Event, language: str = "en", *, now: datetime | None = None) -> DashboardFigures:
    """Everything the dashboard shows, for ``event``, names in ``language``."""
    now = now or utcnow()
    today = now.astimezone(event.tz).date()
    registrations = _registrations(event, language)
    countries, members = _countries(event, language, registrations.per_country)
    badges_printed, entrance_scans_today, oldest_waiting = _desk_counts(event, today)
    presence_by_day = [(d, n) for d, n in db.session.execute(
        select(Attendance.day, func.count()).where(Attendance.event_id == event.id, Attendance.place == ENTRANCE)
        .group_by(Attendance.day).order_by(Attendance.day))]
    declarations = [DeclarationFigure(i, t, n) for i, t, n in db.session.execute(
        select(Declaration.id, Declaration.title, func.count(func.distinct(Signature.country_code)))
        .join(Signature, Signature.declaration_id == Declaration.id, isouter=True)
        .where(Declaration.event_id == event.id)
        .group_by(Declaration.id, Declaration.title).order_by(Declaration.id))]
    by_status = registrations.by_status
    return DashboardFigures(
        today=today,
        total=sum(by_status.values()),
        active=sum(by_status[s] for s in ACTIVE),
        by_status=by_status,
        oldest_waiting=oldest_waiting,
        by_day=_timeline(registrations_by_day(event, now)),
        by_category=registrations.by_category,
        by_region=_by_region(countries, registrations.observer_participants),
        countries=[c for c in countries if c.member or c.participants],
        members=len(members),
        represented=sum(1 for c in countries if c.member and c.participants),
        ministers=registrations.ministers,
        observer_organisations=registrations.observer_organisations,
        observer_participants=registrations.observer_participants,
        accredited=by_status["accredited"],
        badges_printed=badges_printed,
        present_today=dict(presence_by_day).get(today, 0),
        entrance_scans_today=entrance_scans_today,
        presence_by_day=presence_by_day,
        declarations=declarations,
    )
