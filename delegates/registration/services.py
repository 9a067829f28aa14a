"""Events and participants: plain functions that read, or change and flush."""
from __future__ import annotations

import hashlib
import secrets
from datetime import date

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import selectinload

from delegates.extensions import db
from delegates.registration.models import Category, Country, Delegation, Event, MemberCountry, Participant


def get_event_or_404(slug: str) -> Event:
    event = db.session.scalar(select(Event).where(Event.slug == slug))
    if event is None:
        abort(404, description=f"There is no event '{slug}'.")
    return event


def get_event(slug: str) -> Event | None:
    return db.session.scalar(select(Event).where(Event.slug == slug))


def published_events(today: date | None = None) -> tuple[list[Event], list[Event]]:
    """Published events as (current and upcoming, past), the soonest and the latest first."""
    today = today or date.today()
    events = db.session.scalars(select(Event).where(Event.is_published).order_by(Event.starts_on)).all()
    upcoming = [e for e in events if e.ends_on >= today]
    past = sorted((e for e in events if e.ends_on < today), key=lambda e: e.starts_on, reverse=True)
    return upcoming, past


def new_private_token() -> tuple[str, str]:
    """A private link token (256 random bits) and the hash we keep of it."""
    token = secrets.token_urlsafe(32)
    return token, hashlib.sha256(token.encode()).hexdigest()


def next_badge_number(event: Event) -> int:
    """Reserve the event's next badge number; numbers are never reused, also under concurrency."""
    number = db.session.execute(
        update(Event)
        .where(Event.id == event.id)
        .values(last_badge_number=Event.last_badge_number + 1)
        .returning(Event.last_badge_number)
    ).scalar_one()
    return number


def reserve_badge_numbers(event: Event, count: int) -> range:
    """Reserve the event's next ``count`` badge numbers in one statement (the import numbers a whole file)."""
    if count <= 0:
        return range(0)
    last = db.session.execute(
        update(Event)
        .where(Event.id == event.id)
        .values(last_badge_number=Event.last_badge_number + count)
        .returning(Event.last_badge_number)
    ).scalar_one()
    return range(last - count + 1, last + 1)


def participant_counts_by_event() -> dict[int, int]:
    rows = db.session.execute(select(Participant.event_id, func.count()).group_by(Participant.event_id))
    return dict(rows.all())


def event_figures(event: Event) -> dict:
    """The dashboard's headline figures for one event."""
    by_status = dict(db.session.execute(
        select(Participant.status, func.count()).where(Participant.event_id == event.id)
        .group_by(Participant.status)
    ).all())
    by_category = db.session.execute(
        select(Category.name, Category.badge_colour, func.count(Participant.id))
        .join(Participant, Participant.category_id == Category.id, isouter=True)
        .where(Category.event_id == event.id)
        .group_by(Category.id, Category.name, Category.badge_colour, Category.protocol_order)
        .order_by(Category.protocol_order)
    ).all()
    by_region = db.session.execute(
        select(Country.region, func.count(Participant.id))
        .join(Delegation, Delegation.country_code == Country.alpha3)
        .join(Participant, Participant.delegation_id == Delegation.id)
        .where(Delegation.event_id == event.id, Participant.status != "cancelled")
        .group_by(Country.region).order_by(Country.region)
    ).all()
    members = db.session.scalar(
        select(func.count()).select_from(MemberCountry).where(MemberCountry.event_id == event.id)
    )
    represented = db.session.scalar(
        select(func.count(func.distinct(Delegation.country_code)))
        .join(Participant, Participant.delegation_id == Delegation.id)
        .where(Delegation.event_id == event.id, Delegation.kind == "country",
               Participant.status.in_(("submitted", "accredited")))
    )
    ministers = db.session.scalar(
        select(func.count()).select_from(Participant).join(Category)
        .where(Participant.event_id == event.id, Category.is_minister,
               Participant.status.in_(("submitted", "accredited")))
    )
    observers = db.session.scalar(
        select(func.count()).select_from(Delegation)
        .where(Delegation.event_id == event.id, Delegation.kind == "observer")
    )
    return {
        "total": sum(by_status.values()),
        "by_status": {s: by_status.get(s, 0) for s in ("submitted", "accredited", "rejected", "cancelled")},
        "by_category": by_category,
        "by_region": by_region,
        "members": members,
        "represented": represented,
        "ministers": ministers,
        "observers": observers,
    }


def search_participants(event: Event, *, country: str | None = None, category: str | None = None,
                        status: str | None = None, q: str | None = None, page: int = 1,
                        per_page: int = 100, region: str | None = None) -> tuple[list[Participant], int]:
    """One page of the event's participants matching the filters, and how many match in all.

    ``country`` is an alpha-3 or alpha-2 code, or an observer organisation's acronym (or name);
    ``region`` one of the five regions (observer organisations belong to none);
    ``q`` matches names in any script, accent- and case-blind, also in Latin letters ("Fernandez" finds
    "Fernández", "Kolokoltsev" finds "Колокольцев"), the badge name, the email and the badge number.
    """
    query = (
        select(Participant)
        .join(Category, Participant.category_id == Category.id)
        .join(Delegation, Participant.delegation_id == Delegation.id, isouter=True)
        .where(Participant.event_id == event.id)
    )
    if country:
        code = country.strip().upper()
        if len(code) == 2:
            query = query.join(Country, Delegation.country_code == Country.alpha3).where(Country.alpha2 == code)
        else:
            query = query.where(
                or_(Delegation.country_code == code, func.upper(Delegation.organisation_acronym) == code,
                    func.upper(Delegation.organisation_name) == code)
            )
    if region:
        query = query.where(Delegation.country_code.in_(select(Country.alpha3).where(Country.region == region)))
    if category:
        query = query.where(func.lower(Category.name) == category.strip().lower())
    if status:
        query = query.where(Participant.status == status)
    if q:
        from delegates.registration.search import query_words

        words = query_words(q)
        if len(words) == 1 and words[0].isdigit():
            query = query.where(or_(Participant.badge_number == int(words[0]),
                                    Participant.search_key.contains(words[0], autoescape=True)))
        else:
            for word in words:
                query = query.where(Participant.search_key.contains(word, autoescape=True))
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.scalars(
        query.options(selectinload(Participant.delegation).selectinload(Delegation.country),
                      selectinload(Participant.category))
        .order_by(Participant.id).limit(per_page).offset((page - 1) * per_page)
    ).all()
    return list(rows), total


def status_labels() -> dict[str, str]:
    """Registration statuses as a person reads them, in the page's language."""
    return {"submitted": _("submitted"), "accredited": _("accredited"), "rejected": _("rejected"),
            "cancelled": _("cancelled")}


def region_labels() -> dict[str, str]:
    """The organisation's five regions, in the page's language."""
    return {"Africa": _("Africa"), "Americas": _("Americas"), "Asia and South Pacific": _("Asia and South Pacific"),
            "Europe": _("Europe"), "Middle East and North Africa": _("Middle East and North Africa")}
