"""Events and participants: plain functions that read, or change and flush."""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from flask import abort, current_app
from flask_babel import gettext as _
from sqlalchemy import Select, bindparam, case, func, or_, select, update
from sqlalchemy.orm import selectinload

from delegates.extensions import db
from delegates.registration.models import Category, Country, Delegation, Event, MemberCountry, Participant

# Statements that every registration (or every public page) runs are built once, with parameters: one built
# per call costs its construction and its cache key each time (a tenth to a quarter of a millisecond each), a
# prebuilt one keeps its cache key.
EVENT_BY_SLUG = select(Event).where(Event.slug == bindparam("slug"))
# on the table, not the mapped class: the ORM's bulk-update machinery took two thirds of the call with nothing to
# do (nothing reads the counter but these statements, so the session's Event is left as it is)
_EVENT = Event.__table__
NEXT_BADGE_NUMBER = (
    update(_EVENT)
    .where(_EVENT.c.id == bindparam("event_id"))
    .values(last_badge_number=_EVENT.c.last_badge_number + 1)
    .returning(_EVENT.c.last_badge_number)
)


def get_event_or_404(slug: str) -> Event:
    event = get_event(slug)
    if event is None:
        abort(404)
    return event


def of_event_or_404(model, row_id: int, event: Event):
    """The ``model`` row of this id when it belongs to ``event``; 404 otherwise (another event's rows are none of
    this URL's business)."""
    row = db.session.get(model, row_id)
    if row is None or row.event_id != event.id:
        abort(404)
    return row


def get_event(slug: str) -> Event | None:
    return db.session.scalar(EVENT_BY_SLUG, {"slug": slug})


def published_events(today: date | None = None) -> tuple[list[Event], list[Event]]:
    """Published events as (current and upcoming, past), the soonest and the latest first."""
    today = today or date.today()
    events = db.session.scalars(select(Event).where(Event.is_published).order_by(Event.starts_on)).all()
    upcoming = [e for e in events if e.ends_on >= today]
    past = sorted((e for e in events if e.ends_on < today), key=lambda e: e.starts_on, reverse=True)
    return upcoming, past


class PrivateToken(NamedTuple):
    """A private link's token (shown to its owner), the hash that finds its row, and the seed it is made from."""

    token: str
    hash: str
    seed: str


def new_private_token(seed: str | None = None) -> PrivateToken:
    """A new private link: 256 random bits of seed (or ``seed``: see submission_seed), and the token made from it.

    The row keeps the hash, which finds it, and the seed, from which the token can be made again (``token_of``)
    to mail the same link again: in a mailing, to the person who lost it, with an accreditation. The token is an
    HMAC of the seed with the app's secret: the database alone gives nobody a link.
    """
    seed = seed or secrets.token_urlsafe(32)
    token = _token_of_seed(seed)
    return PrivateToken(token, hash_token(token), seed)


def token_of(seed: str | None, token_hash: str | None) -> str | None:
    """The private token of a row, made again from its seed; None when it cannot be: a row from before seeds were
    kept, an erased one, or a link made under another ``SECRET_KEY`` (the link still works; only its hash is
    checked)."""
    if not seed or not token_hash:
        return None
    token = _token_of_seed(seed)
    return token if hmac.compare_digest(hash_token(token), token_hash) else None


def current_token(participant: Participant) -> str | None:
    """The participant's private token as it is, to mail the link again; None when it cannot be made again (see
    ``token_of``)."""
    return token_of(participant.token_seed, participant.token_hash)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _token_of_seed(seed: str) -> str:
    return base64.urlsafe_b64encode(_hmac(f"private-link\0{seed}")).rstrip(b"=").decode()


def _hmac(message: str) -> bytes:
    secret = current_app.secret_key
    key = secret.encode() if isinstance(secret, str) else secret
    return hmac.digest(key, message.encode(), "sha256")


# What new_submission_key() makes: a key of any other shape is not one of ours, and the form is then sent without
SUBMISSION_KEY = re.compile(r"[A-Za-z0-9_-]{32}")


def new_submission_key() -> str:
    """The key of one registration form as served (192 random bits, in a hidden field): see submission_seed."""
    return secrets.token_urlsafe(24)


def is_submission_key(value: str | None) -> bool:
    return bool(value) and SUBMISSION_KEY.fullmatch(value) is not None


def submission_seed(event_id: int, submission: str | None, email: str) -> str | None:
    """The seed of the private token of the registration that the form of key ``submission`` makes for ``email``.

    The same on every sending of that form: a form sent twice (a double click; a reload that sends it again after
    its answer was lost on a poor connection) finds the registration its first sending made, and its private page,
    instead of being refused as a second registration of the email. An HMAC with the app's secret: nobody works it
    out from the key and the email; the key's 192 random bits make it one of its kind. None without a key of ours
    (a random seed is made then).
    """
    if not is_submission_key(submission):
        return None
    digest = _hmac(f"registration-submission\0{event_id}\0{submission}\0{email}")
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def next_badge_number(event: Event) -> int:
    """Reserve the event's next badge number; numbers are never reused, also under concurrency."""
    return db.session.execute(NEXT_BADGE_NUMBER, {"event_id": event.id}).scalar_one()


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


SORTS = ("name", "country", "category", "status", "registered", "badge")


def participants_query(event: Event, *, country: str | None = None, category: str | None = None,
                       status: str | None = None, q: str | None = None, region: str | None = None,
                       session: int | None = None, arrival: date | None = None, dietary: str | None = None,
                       accessibility: bool | None = None, ids: list[int] | None = None) -> Select:
    """The event's participants matching the filters, as a ``select(Participant)`` without order or paging.

    ``country`` is an alpha-3 or alpha-2 code, or an observer organisation's acronym (or name);
    ``region`` one of the five regions (observer organisations belong to none);
    ``q`` matches names in any script, accent- and case-blind, also in Latin letters ("Fernandez" finds
    "Fernández", "Kolokoltsev" finds "Колокольцев"), the badge name, the email and the badge number;
    ``session`` a conference session's id: people with a confirmed seat in it;
    ``arrival`` a day in the event's time zone: people whose arrival (Travel) falls on it;
    ``dietary`` "any" (any dietary need but none) or one of the dietary codes (vegetarian, halal…);
    ``accessibility`` True: people who stated an accessibility need;
    ``ids``: only these participants (the rows an organiser ticked).
    The query joins Category (and Delegation, outer), so that callers may order by their columns.
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
            query = query.where(Delegation.country_code.in_(select(Country.alpha3).where(Country.alpha2 == code)))
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
        if len(words) == 1 and words[0].isdigit() and len(words[0]) < 10:
            query = query.where(or_(Participant.badge_number == int(words[0]),
                                    Participant.search_key.contains(words[0], autoescape=True)))
        else:
            for word in words:
                query = query.where(Participant.search_key.contains(word, autoescape=True))
    if session:
        from delegates.programme.models import Assignment, ConferenceSession

        query = query.where(Participant.id.in_(
            select(Assignment.participant_id).join(ConferenceSession, Assignment.session_id == ConferenceSession.id)
            .where(Assignment.session_id == session, Assignment.status == "confirmed",
                   ConferenceSession.event_id == event.id)))
    if arrival:
        from delegates.logistics.models import Travel

        start, end = day_bounds(event, arrival)
        query = query.where(Participant.id.in_(
            select(Travel.participant_id).where(Travel.direction == "arrival", Travel.at >= start, Travel.at < end)))
    if dietary == "any":
        query = query.where(Participant.dietary != "none")
    elif dietary:
        query = query.where(Participant.dietary == dietary)
    if accessibility:
        query = query.where(Participant.accessibility.is_not(None), func.trim(Participant.accessibility) != "")
    if ids is not None:
        query = query.where(Participant.id.in_(ids))
    return query


def day_bounds(event: Event, day: date) -> tuple[datetime, datetime]:
    """The UTC instants at which ``day`` starts and ends in the event's time zone."""
    zone = ZoneInfo(event.timezone)
    start = datetime.combine(day, time(), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def ordered(query: Select, sort: str | None = None, descending: bool = False, lang: str = "en") -> Select:
    """``participants_query`` in a list's order: by name, country (name in ``lang``), category (protocol
    order), status, registration time or badge number; ties by name, then id, so that pages and exports
    agree. Without delegation (country sort), or without badge number, people come last either way."""
    name = func.lower(Participant.badge_name)
    if sort == "country":
        column = getattr(Country, f"name_{lang}", Country.name_en)
        key = func.coalesce(column, Delegation.organisation_name)
        query = query.join(Country, Delegation.country_code == Country.alpha3, isouter=True)
        # countries, then observer organisations, then people of no delegation
        group = case((Delegation.kind == "country", 0), (Delegation.kind == "observer", 1), else_=2)
        keys = [group, key.desc() if descending else key]
    elif sort == "category":
        keys = [Category.protocol_order.desc() if descending else Category.protocol_order,
                Category.name.desc() if descending else Category.name]
    elif sort == "status":
        rank = case({s: i for i, s in enumerate(("submitted", "accredited", "rejected", "cancelled"))},
                    value=Participant.status, else_=9)
        keys = [rank.desc() if descending else rank]
    elif sort == "registered":
        keys = [Participant.created_at.desc() if descending else Participant.created_at]
    elif sort == "badge":
        keys = [Participant.badge_number.is_(None),
                Participant.badge_number.desc() if descending else Participant.badge_number]
    elif sort == "name":
        keys = [name.desc() if descending else name]
    else:
        return query.order_by(Participant.id)
    return query.order_by(*keys, name, Participant.id)


def search_participants(event: Event, *, page: int = 1, per_page: int = 100, sort: str | None = None,
                        descending: bool = False, lang: str = "en", **filters) -> tuple[list[Participant], int]:
    """One page of the event's participants matching the filters (those of ``participants_query``), and
    how many match in all; in the order of ``ordered`` (by id without ``sort``)."""
    query = participants_query(event, **filters)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    if per_page <= 0:
        return [], total
    rows = db.session.scalars(
        ordered(query, sort, descending, lang)
        .options(selectinload(Participant.delegation).selectinload(Delegation.country),
                 selectinload(Participant.category))
        .limit(per_page).offset((page - 1) * per_page)
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
