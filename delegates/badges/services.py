"""Badges: which to print and in what order, printing them (with the print history), reissuing a lost one.

Plain functions with explicit arguments: the CLI, the pages, the jobs and the tests call them.
They flush, never commit.
"""
from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from babel.dates import format_interval
from sqlalchemy import exists, func, insert, or_, select
from sqlalchemy.orm import joinedload

from delegates.admin.models import Organiser
from delegates.admin.services import record
from delegates.badges import codes
from delegates.badges.models import BadgePrint
from delegates.badges.pdf import LAYOUTS, BadgeData, render
from delegates.common.exceptions import DomainError
from delegates.common.pdf.text import FontSet
from delegates.extensions import db
from delegates.registration.models import STATUSES, Delegation, Event, Participant
from delegates.registration.names import own_script_name
from delegates.registration.photos import photo_path

DATE_LOCALES = {"en": "en_GB"}


class BadgeError(DomainError):
    """A batch or a reissue that cannot be done as asked."""


@dataclass(frozen=True)
class Selection:
    """Which badges to print: the batch filters."""

    countries: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    status: str = "accredited"
    not_printed: bool = False
    participant_ids: tuple[int, ...] = ()


def _fold(text: str | None) -> str:
    """Sort key of a name: case- and accent-blind ("Émirats" sorts with "E")."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def select_participants(event: Event, selection: Selection) -> list[Participant]:
    """The participants of a batch, by delegation (name in the event's language), protocol order, family name."""
    if selection.status not in STATUSES:
        raise BadgeError(f"Unknown status '{selection.status}': choose from {', '.join(STATUSES)}.")
    query = (select(Participant)
             .where(Participant.event_id == event.id, Participant.status == selection.status)
             .options(joinedload(Participant.category),
                      joinedload(Participant.delegation).joinedload(Delegation.country)))
    if selection.countries:
        wanted = [c.strip().upper() for c in selection.countries]
        found = db.session.execute(select(Delegation.id, Delegation.country_code, Delegation.organisation_acronym)
                                   .where(Delegation.event_id == event.id,
                                          or_(Delegation.country_code.in_(wanted),
                                              func.upper(Delegation.organisation_acronym).in_(wanted)))).all()
        known = {code for row in found for code in (row.country_code, (row.organisation_acronym or "").upper())}
        unknown = [c for c in wanted if c not in known]
        if unknown:
            raise BadgeError(f"The event has no delegation {', '.join(unknown)}: give the ISO alpha-3 codes "
                             "of its delegations (e.g. FRA), or an observer organisation's acronym.")
        query = query.where(Participant.delegation_id.in_([row.id for row in found]))
    if selection.categories:
        by_name = {c.name.casefold(): c for c in event.categories}
        unknown = [n for n in selection.categories if n.casefold() not in by_name]
        if unknown:
            raise BadgeError(f"The event has no category {', '.join(unknown)}: choose from "
                             f"{', '.join(c.name for c in event.categories)}.")
        query = query.where(Participant.category_id.in_([by_name[n.casefold()].id for n in selection.categories]))
    if selection.participant_ids:
        query = query.where(Participant.id.in_(selection.participant_ids))
    if selection.not_printed:
        query = query.where(~exists().where(BadgePrint.participant_id == Participant.id,
                                            BadgePrint.badge_version == Participant.badge_version))
    people = list(db.session.scalars(query).unique())
    return sort_for_printing(people, event.default_language)


def sort_for_printing(people: Iterable[Participant], language: str) -> list[Participant]:
    """By delegation (countries, then observer organisations, then none), protocol order, family name."""
    def key(p: Participant):
        d = p.delegation
        group = 2 if d is None else (0 if d.kind == "country" else 1)
        return (group, _fold(d.name(language)) if d else "", p.category.protocol_order,
                _fold(p.family_name or p.given_name), _fold(p.given_name), p.id)

    return sorted(people, key=key)


def event_dates(event: Event) -> str:
    locale = DATE_LOCALES.get(event.default_language, event.default_language)
    if event.starts_on == event.ends_on:
        from babel.dates import format_date

        return format_date(event.starts_on, "d MMM y", locale=locale)
    return format_interval(event.starts_on, event.ends_on, "yMMMd", locale=locale)


def badge_number(participant: Participant) -> str:
    return f"{participant.badge_number:04d}" if participant.badge_number else ""


def badge_data(participant: Participant, *, key: bytes | None = None, event_name: str | None = None,
               dates: str | None = None) -> BadgeData:
    """What the participant's badge shows (its current version's code)."""
    event = participant.event
    language = event.default_language
    photo = None
    if participant.photo_filename:
        try:
            photo = str(photo_path(participant.photo_filename))
        except ValueError:
            photo = None
    category = participant.category
    return BadgeData(
        event_name=event_name or event.translated("name", language),
        event_dates=dates or event_dates(event),
        category=category.label(language),
        band_colour=category.badge_colour,
        text_colour=category.text_colour,
        name=participant.badge_name,
        own_name=own_name if (own_name := own_script_name(participant.given_name, participant.family_name))
        and own_name != participant.badge_name else "",
        function=participant.function or "",
        delegation=participant.delegation.name(language) if participant.delegation else "",
        number=badge_number(participant),
        code=codes.code_for(participant, key=key),
        photo=photo,
    )


def check_layout(layout: str) -> str:
    if layout not in LAYOUTS:
        raise BadgeError(f"Unknown layout '{layout}': choose from {', '.join(LAYOUTS)}.")
    return layout


@dataclass(frozen=True)
class Printed:
    count: int
    batch: str


def print_badges(event: Event, people: Sequence[Participant], out: str | Path | IO[bytes], *, layout: str = "a6",
                 printed_by: Organiser | None = None, record_prints: bool = True,
                 progress: Callable[[int, int], None] | None = None) -> Printed:
    """Draw the badges of people on one canvas into out, and record each print in the history (flushed)."""
    check_layout(layout)
    batch = uuid.uuid4().hex[:16]
    key = codes.signing_key()
    name = event.translated("name", event.default_language)
    dates = event_dates(event)
    fonts = FontSet([name, dates])
    fonts.add(t for p in people for t in (p.badge_name, p.function, p.given_name, p.family_name) if t)
    total = len(people)
    step = max(1, total // 100)

    def each():
        for p in people:
            yield badge_data(p, key=key, event_name=name, dates=dates)

    def report(done: int) -> None:
        if progress is not None and (done % step == 0 or done == total):
            progress(done, total)

    count = render(each(), out, layout, fonts=fonts, progress=report, title=f"{name} — badges")
    if record_prints:
        record_batch(people, layout=layout, batch=batch, printed_by=printed_by)
    return Printed(count, batch)


def record_batch(people: Sequence[Participant], *, layout: str, batch: str, printed_by: Organiser | None) -> None:
    """Record in the print history that these people's badges were printed in one batch (flushed)."""
    if not people:
        return
    organiser_id = printed_by.id if printed_by is not None else None
    db.session.execute(insert(BadgePrint), [
        {"participant_id": p.id, "badge_version": p.badge_version, "layout": layout, "batch": batch,
         "printed_by_id": organiser_id} for p in people])
    db.session.flush()


def reissue(participant: Participant, *, organiser: Organiser | None = None, note: str | None = None) -> int:
    """A new badge code for a lost badge: the old badge's code is refused from now on. Returns the new version."""
    if participant.status == "cancelled":
        raise BadgeError("This registration is cancelled: its badge cannot be reissued.")
    old = participant.badge_version
    participant.badge_version = old + 1
    record("badge.reissued", event=participant.event, organiser=organiser, participant=participant,
           target=participant, changes={"badge_version": [old, old + 1]}, note=note)
    db.session.flush()
    return participant.badge_version


def print_history(participant: Participant) -> list[BadgePrint]:
    return list(db.session.scalars(select(BadgePrint).where(BadgePrint.participant_id == participant.id)
                                   .order_by(BadgePrint.printed_at, BadgePrint.id)))
