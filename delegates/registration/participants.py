"""Registering, changing and accrediting participants: plain functions that flush; the caller commits.

The web form, the private page, the focal point's page, the API and the import all come
through ``register`` and ``update``, so the rules hold whichever way data arrives.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from delegates.admin.models import ApiToken, Organiser
from delegates.admin.services import record
from delegates.common.database import utcnow
from delegates.common.exceptions import DomainError
from delegates.common.i18n import format_moment
from delegates.extensions import db
from delegates.logistics.models import Hotel, Travel
from delegates.registration import signals
from delegates.registration import validation as v
from delegates.registration.countries import find_country
from delegates.registration.models import Category, Delegation, Event, Participant
from delegates.registration.services import hash_token, new_private_token, next_badge_number, submission_seed, token_of
from delegates.registration.validation import FieldError

ACTIVE = ("submitted", "accredited")
# changing one of these after accreditation sends the registration back to the registrar
BADGE_FIELDS = ("title", "given_name", "family_name", "badge_name", "function", "delegation_id", "category_id",
                "photo_filename")
EDITABLE = ("title", "given_name", "family_name", "badge_name", "function", "organisation", "phone", "ui_language",
            "interpretation_language", "dietary", "dietary_other", "accessibility", "hotel_id", "consent_to_publish",
            "photo_filename")


class RegistrationClosed(DomainError):
    status = 409
    code = "closed"


class ChangesClosed(DomainError):
    """The event's deadline for changes by participants and focal points has passed."""

    status = 409
    code = "changes_closed"


class QuotaReached(DomainError):
    status = 409
    code = "quota"


class AlreadyRegistered(DomainError):
    """The email is registered for the event already; ``participant`` is that registration."""

    status = 409
    code = "already_registered"

    def __init__(self, participant: Participant):
        super().__init__(_("%(email)s is registered for this event already.", email=participant.email),
                         field="email")
        self.participant = participant


class StatusError(DomainError):
    status = 409
    code = "status"


@dataclass
class Actor:
    """Who makes a change, for the audit log: an organiser, an API token, the person themself, or a script."""

    organiser: Organiser | None = None
    api_token: ApiToken | None = None
    label: str = "participant"

    @classmethod
    def of(cls, organiser: Organiser | None = None, api_token: ApiToken | None = None) -> Actor:
        return cls(organiser=organiser, api_token=api_token,
                   label="organiser" if organiser else "api" if api_token else "participant")


@dataclass
class Travelling:
    at: datetime | None = None
    flight: str | None = None
    airport: str | None = None


@dataclass
class Registration:
    """What a registration holds, as typed; ``register`` and ``update`` clean and check it."""

    given_name: str | None = None
    family_name: str | None = None
    email: str | None = None
    country: str | None = None  # alpha-3, alpha-2, English name, or an observer organisation's acronym
    category: str | int | None = None  # a name or an id
    title: str | None = None
    badge_name: str | None = None
    function: str | None = None
    organisation: str | None = None
    phone: str | None = None
    ui_language: str | None = None
    interpretation_language: str | None = None
    dietary: str | None = None
    dietary_other: str | None = None
    accessibility: str | None = None
    hotel: str | int | None = None  # a name or an id
    arrival: Travelling = field(default_factory=Travelling)
    departure: Travelling = field(default_factory=Travelling)
    consent_to_publish: bool = False
    status: str | None = None  # only organisers, the API and the import may set it
    photo_filename: str | None = None


def find_by_token(token: str) -> Participant | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(Participant).where(Participant.token_hash == hash_token(token)))


# Built once (see registration.services): every registration runs them.
PARTICIPANT_ID_BY_EMAIL = select(Participant.id).where(Participant.event_id == bindparam("event_id"),
                                                       Participant.email == bindparam("email"))
_IS_OBSERVER = (Delegation.kind == "observer") & (
    (func.upper(Delegation.organisation_acronym) == bindparam("upper"))
    | (func.lower(Delegation.organisation_name) == bindparam("lower")))
OBSERVER_BY_NAME = select(Delegation).where(Delegation.event_id == bindparam("event_id"), _IS_OBSERVER)
# what the form sends, an alpha-3 code: the observer of that acronym, or the country's delegation with its country
DELEGATION_BY_CODE = (
    select(Delegation).options(joinedload(Delegation.country))
    .where(Delegation.event_id == bindparam("event_id"), _IS_OBSERVER | (Delegation.country_code == bindparam("upper")))
)
DELEGATION_SIZE = (
    select(func.count()).select_from(Participant).join(Category)
    .where(Participant.delegation_id == bindparam("delegation_id"), Participant.status.in_(ACTIVE),
           Category.counts_against_quota)
)


def find_by_email(event: Event, email: str) -> Participant | None:
    # the id first: nearly always there is none, and a column costs less to ask for than a whole participant
    found = db.session.scalar(PARTICIPANT_ID_BY_EMAIL, {"event_id": event.id, "email": email.strip().lower()})
    return db.session.get(Participant, found) if found is not None else None


# -- what the data refers to ----------------------------------------------------------------------------------

class NoDelegationYet(FieldError):
    """The country has no delegation at the event yet (and resolve_delegation was told not to make one)."""


def resolve_delegation(event: Event, value: str | int | None, *, create: bool = True) -> Delegation:
    """The event's delegation for a country code or name, or an observer organisation's acronym or name
    (or its id: the import resolves each distinct value once, then passes ids).

    A country without a delegation yet gets one (when ``create``); an unknown observer is refused.
    """
    if isinstance(value, int):
        delegation = db.session.get(Delegation, value)
        if delegation is not None and delegation.event_id == event.id:
            return delegation
        raise FieldError("country", _("Choose a country."))
    value = (value or "").strip()
    if not value:
        raise FieldError("country", _("Choose a country."))
    params = {"event_id": event.id, "upper": value.upper(), "lower": value.lower()}
    if len(value) == 3:
        # the observer of that acronym, else the country's delegation with its country (for the phone number's
        # region), in one query instead of three
        found = db.session.scalars(DELEGATION_BY_CODE, params).all()
        if found:
            return min(found, key=lambda d: d.kind != "observer")
    elif (observer := db.session.scalar(OBSERVER_BY_NAME, params)) is not None:
        return observer
    country = find_country(value)
    if country is None:
        raise FieldError("country", _("“%(value)s” is not a country we know: give its ISO code (FRA or FR) or "
                                      "its English name.", value=value))
    delegation = db.session.scalar(select(Delegation).where(Delegation.event_id == event.id,
                                                            Delegation.country_code == country.alpha3))
    if delegation is None:
        if not create:
            raise NoDelegationYet("country", _("%(country)s has no delegation at this event.",
                                               country=country.name_en))
        delegation = _new_country_delegation(event, country)
    return delegation


def _new_country_delegation(event: Event, country) -> Delegation:
    """The country's delegation, made now; or the one that a registration running at the same moment made
    first (two people of a new country registering at once: the UNIQUE constraint lets one in, not a 500)."""
    try:
        with db.session.begin_nested():
            delegation = Delegation(event_id=event.id, kind="country", country_code=country.alpha3, country=country)
            db.session.add(delegation)
        return delegation
    except IntegrityError:
        return db.session.execute(select(Delegation).where(
            Delegation.event_id == event.id, Delegation.country_code == country.alpha3)).scalar_one()


def resolve_category(event: Event, value: str | int | None, *, public: bool) -> Category:
    if value in (None, ""):
        raise FieldError("category", _("Choose a category."))
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        category = db.session.get(Category, int(value))
        category = category if category is not None and category.event_id == event.id else None
    else:
        category = db.session.scalar(select(Category).where(Category.event_id == event.id,
                                                            func.lower(Category.name) == value.strip().lower()))
    if category is None:
        names = ", ".join(c.name for c in event.categories if c.self_registration or not public)
        raise FieldError("category", _("“%(value)s” is not a category of this event; choose one of: %(names)s.",
                                       value=value, names=names))
    if public and not category.self_registration:
        raise FieldError("category", _("The category %(name)s is given by the organisers; choose another.",
                                       name=category.label()))
    return category


def resolve_hotel(event: Event, value: str | int | None) -> Hotel | None:
    if value in (None, ""):
        return None
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        hotel = db.session.get(Hotel, int(value))
        if hotel is not None and hotel.event_id == event.id:
            return hotel
    else:
        hotel = db.session.scalar(select(Hotel).where(Hotel.event_id == event.id,
                                                      func.lower(Hotel.name) == value.strip().lower()))
        if hotel is not None:
            return hotel
    raise FieldError("hotel", _("“%(value)s” is not one of the event's hotels.", value=value))


# -- rules ----------------------------------------------------------------------------------------------------

def check_window(event: Event, now: datetime | None = None) -> None:
    now = now or utcnow()
    if event.registration_opens_at and now < event.registration_opens_at:
        raise RegistrationClosed(_("Registration opens on %(when)s (%(zone)s). Please come back then.",
                                   when=format_moment(event.registration_opens_at, event.tz),
                                   zone=event.timezone))
    if event.registration_closes_at and now >= event.registration_closes_at:
        raise RegistrationClosed(_("Registration closed on %(when)s (%(zone)s). Ask the organisers if you still "
                                   "need to attend.",
                                   when=format_moment(event.registration_closes_at, event.tz),
                                   zone=event.timezone))


def changes_closed(event: Event, now: datetime | None = None) -> str | None:
    """Why participants and focal points may no longer change or cancel registrations, or None while they may."""
    if event.changes_open(now):
        return None
    return _("Changes closed on %(when)s (%(zone)s). Write to the organisers if something in the registration "
             "is wrong.", when=format_moment(event.changes_close_at, event.tz), zone=event.timezone)


def check_changes(event: Event, actor: Actor) -> None:
    """Refuse a change by a participant or a focal point after the event's deadline; organisers and API
    clients (the registrar's own tools) are not bound by it."""
    if actor.organiser is not None or actor.api_token is not None:
        return
    message = changes_closed(event)
    if message:
        raise ChangesClosed(message)


def delegation_size(delegation: Delegation, *, excluding: Participant | None = None) -> int:
    query = DELEGATION_SIZE
    if excluding is not None and excluding.id is not None:
        query = query.where(Participant.id != excluding.id)
    return db.session.scalar(query, {"delegation_id": delegation.id})


def check_quota(delegation: Delegation, category: Category, *, excluding: Participant | None = None) -> None:
    """Refuse a registration that would take the delegation over its quota (the row is locked on PostgreSQL;
    on SQLite the write transaction is already exclusive)."""
    if not category.counts_against_quota:
        return
    quota = delegation.effective_quota
    if quota is None:
        return
    # FOR NO KEY UPDATE: quota checks wait for each other, while inserting a participant of the delegation (its
    # foreign key check, FOR KEY SHARE) does not wait: with FOR UPDATE, an import holding every delegation and a
    # registration holding the badge counter deadlocked
    if db.session.get_bind().dialect.name != "sqlite":  # SQLite has no row locks (and needs none: see above)
        db.session.execute(select(Delegation.id).where(Delegation.id == delegation.id)
                           .with_for_update(key_share=True))
    size = delegation_size(delegation, excluding=excluding)
    if size >= quota:
        contact = delegation.focal_point_email or _("the organisers")
        raise QuotaReached(_("The delegation of %(name)s has reached its quota of %(quota)d participants. "
                             "Ask your delegation's focal point (%(contact)s) to make room, or the organisers "
                             "to raise the quota.", name=delegation.name(), quota=quota, contact=contact),
                           field="country")


# -- changes --------------------------------------------------------------------------------------------------

def _clean(event: Event, data: Registration, *, public: bool, create_delegation: bool = True) -> dict:
    """Every field cleaned and checked; all the errors at once (FieldErrors) rather than the first."""
    check = v.Collector()
    names = check(v.clean_names, data.given_name, data.family_name) or (None, None)
    given, family = names
    delegation = check(resolve_delegation, event, data.country, create=create_delegation)
    dietary = check(v.clean_dietary, data.dietary, data.dietary_other) or ("none", None)
    values = {
        "title": check(v.clean_text, data.title, "title"),
        "given_name": given,
        "family_name": family,
        "badge_name": check(v.clean_badge_name, data.badge_name, given, family) if (given or family) else None,
        "function": check(v.clean_text, data.function, "function"),
        "organisation": check(v.clean_text, data.organisation, "organisation"),
        "email": check(v.clean_email, data.email),
        "phone": check(v.clean_phone, data.phone,
                       delegation.country.alpha2 if delegation is not None and delegation.country else None),
        "ui_language": check(v.clean_language, data.ui_language) or event.default_language,
        "interpretation_language": check(v.clean_language, data.interpretation_language),
        "dietary": dietary[0],
        "dietary_other": dietary[1],
        "accessibility": check(v.clean_text, data.accessibility, "accessibility", multiline=True),
        "consent_to_publish": bool(data.consent_to_publish),
        "delegation": delegation,
        "category": check(resolve_category, event, data.category, public=public),
        "hotel": check(resolve_hotel, event, data.hotel),
    }
    for direction, travelling in (("arrival", data.arrival), ("departure", data.departure)):
        check(v.clean_flight, travelling.flight, f"{direction}_flight")
        check(v.clean_airport, travelling.airport, f"{direction}_airport")
    if data.arrival.at and data.departure.at and data.departure.at <= data.arrival.at:
        check.errors.append(FieldError("departure", _("The departure must come after the arrival.")))
    # a day outside the meeting is a slip of the date picker (the year, the month), and a transfer booked on it
    # would wait at the airport for nobody
    if data.arrival.at and event.local(data.arrival.at).date() > event.ends_on:
        check.errors.append(FieldError("arrival", _(
            "This arrival is after the meeting ends (%(day)s): please check the date.",
            day=format_date(event.ends_on, "long"))))
    if data.departure.at and event.local(data.departure.at).date() < event.starts_on:
        check.errors.append(FieldError("departure", _(
            "This departure is before the meeting begins (%(day)s): please check the date.",
            day=format_date(event.starts_on, "long"))))
    check.raise_if_any()
    if data.photo_filename:
        values["photo_filename"] = data.photo_filename
    return values


def _travel_rows(participant: Participant, data: Registration) -> None:
    existing = {t.direction: t for t in getattr(participant, "travels", [])}
    for direction, travelling in (("arrival", data.arrival), ("departure", data.departure)):
        flight = v.clean_flight(travelling.flight, f"{direction}_flight")
        airport = v.clean_airport(travelling.airport, f"{direction}_airport")
        row = existing.get(direction)
        if travelling.at is None:
            if row is not None:
                db.session.delete(row)
            continue
        if row is None:
            row = Travel(participant=participant, direction=direction, at=travelling.at)
            db.session.add(row)
        row.at, row.flight, row.airport = travelling.at, flight, airport


def clean(event: Event, data: Registration, *, public: bool) -> dict:
    """A registration's values, cleaned and checked by the rules ``register`` applies, without writing
    (raises FieldError or FieldErrors); the import checks every row of a file this way."""
    return _clean(event, data, public=public)


def prepare(event: Event, data: Registration, *, public: bool = True) -> dict | None:
    """A new registration cleaned and checked by reading only, for ``register(values=...)``: the form does this
    before its write transaction begins, which then only writes. Raises as register() does; None for a country's
    first delegate (its delegation is made in the write, where register() cleans the registration itself)."""
    if public:
        check_window(event)
    try:
        return _clean(event, data, public=public, create_delegation=False)
    except FieldError as error:
        if any(isinstance(e, NoDelegationYet) for e in getattr(error, "errors", None) or [error]):
            return None
        raise


def register(event: Event, data: Registration, *, via: str = "web", actor: Actor | None = None,
             public: bool = True, values: dict | None = None, submission: str | None = None) -> tuple[Participant, str]:
    """A new registration: cleaned, checked against the window, the quota and the email already registered.

    ``values``: what prepare() made of ``data`` (in this session), so that it is not cleaned twice.
    ``submission``: the key of the form that sent it, which makes the private token (see
    ``services.submission_seed``); sent again, see ``token_of_submission``.
    Returns the participant and its private token (its hash and seed are kept: see services.new_private_token).
    Raises ``FieldError``, ``RegistrationClosed``, ``QuotaReached`` or ``AlreadyRegistered``.
    """
    actor = actor or Actor()
    if values is None:  # else prepare() has checked the window and cleaned the data
        if public:
            check_window(event)
        values = _clean(event, data, public=public)
    existing = find_by_email(event, values["email"])
    if existing is not None:
        raise AlreadyRegistered(existing)
    status = "submitted"
    if data.status and not public:
        if data.status not in ("submitted", "accredited"):
            raise FieldError("status", _("A new registration is submitted or accredited, not “%(value)s”.",
                                         value=data.status))
        status = data.status
    check_quota(values["delegation"], values["category"])
    token, token_hash, token_seed = new_private_token(submission_seed(event.id, submission, values["email"]))
    participant = Participant(event_id=event.id, token_hash=token_hash, token_seed=token_seed, registered_via=via,
                              status=status,
                              badge_number=next_badge_number(event), **_with_keys(values))
    if status == "accredited":
        participant.accredited_at = utcnow()
        participant.rank_confirmed = True
    _insert(event, participant, data)
    record("participant.registered", event=event, organiser=actor.organiser, api_token=actor.api_token,
           participant=participant, target=participant,
           changes={"status": [None, status], "via": [None, via]})
    return participant, token


def _insert(event: Event, participant: Participant, data: Registration) -> None:
    """Write the new participant and its travel, in one flush (each flush costs a unit of work).

    On PostgreSQL two registrations of one email at the same moment (a form sent twice, two tabs) both find it
    free; the UNIQUE constraint lets the first in and makes the other wait for its commit, then refuses it: in a
    savepoint, so that it becomes AlreadyRegistered of the first, as when they come one after the other. SQLite
    needs none: a registration takes the write lock before it looks for the email (BEGIN IMMEDIATE).
    """
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.add(participant)
        _travel_rows(participant, data)
        db.session.flush()
        return
    try:
        with db.session.begin_nested():  # flushes what is pending first, then what is added here at its end
            db.session.add(participant)
            _travel_rows(participant, data)
    except IntegrityError:
        existing = find_by_email(event, participant.email)
        if existing is None:
            raise
        raise AlreadyRegistered(existing) from None


def token_of_submission(participant: Participant, submission: str | None) -> str | None:
    """The private token of ``participant`` when the form of key ``submission`` registered them (it is sent
    again: a double click, or a reload after the answer was lost), so that it leads to that registration; else
    None."""
    seed = submission_seed(participant.event_id, submission, participant.email)
    return token_of(seed, participant.token_hash) if seed == participant.token_seed else None


def _with_keys(values: dict) -> dict:
    """``values`` with the delegation, category and hotel as their ids.

    A new participant gets foreign keys, not the objects: setting a relationship also appends it to the other
    side's collection (``delegation.participants``...), which the flush then sorts out with the delegation's
    head, a cycle: twice the flush's time, for nothing. Reading ``participant.delegation`` afterwards costs no
    query, the delegation being in the session."""
    values = dict(values)
    delegation, category, hotel = values.pop("delegation"), values.pop("category"), values.pop("hotel")
    if delegation.id is None:  # a country's first delegate: the delegation is made in this transaction
        db.session.flush()
    return {**values, "delegation_id": delegation.id, "category_id": category.id,
            "hotel_id": hotel.id if hotel is not None else None}


def update(participant: Participant, data: Registration, *, actor: Actor | None = None,
           public: bool = True) -> dict:
    """Change a registration; returns the changes {field: [old, new]} and records them in the audit log.

    A change to what the badge shows after accreditation sends it back to the registrar.
    """
    actor = actor or Actor()
    event = participant.event
    check_changes(event, actor)
    if participant.status == "cancelled" and public:
        raise StatusError(_("This registration was cancelled; register again to take part."))
    values = _clean(event, data, public=public and participant.category.self_registration)
    if values["email"] != participant.email:
        other = find_by_email(event, values["email"])
        if other is not None and other.id != participant.id:
            raise FieldError("email", _("%(email)s is registered for this event by someone else.",
                                        email=values["email"]))
    delegation, category, hotel = values.pop("delegation"), values.pop("category"), values.pop("hotel")
    moved = (delegation.id, category.id) != (participant.delegation_id, participant.category_id)
    if moved and participant.status in ACTIVE:
        check_quota(delegation, category, excluding=participant)
    values.update(delegation_id=delegation.id, category_id=category.id, hotel_id=hotel.id if hotel else None)
    changes = {}
    for key, value in values.items():
        old = getattr(participant, key)
        if old != value:
            changes[key] = [old, value]
            setattr(participant, key, value)
    _travel_rows(participant, data)
    if public and participant.status == "accredited" and any(k in changes for k in BADGE_FIELDS):
        participant.status = "submitted"
        participant.accredited_at = None
        changes["status"] = ["accredited", "submitted"]
    if changes:
        db.session.flush()
        record("participant.changed", event=event, organiser=actor.organiser, api_token=actor.api_token,
               participant=participant, target=participant, changes=_jsonable(changes), note=actor.label)
    return changes


def accredit(participant: Participant, *, actor: Actor) -> None:
    if participant.status == "accredited":
        return
    if participant.status == "cancelled":
        raise StatusError(_("%(name)s cancelled the registration; it cannot be accredited.",
                            name=participant.full_name))
    if participant.category.needs_confirmation and not participant.rank_confirmed:
        participant.rank_confirmed = True  # accrediting confirms the declared rank
    old = participant.status
    participant.status = "accredited"
    participant.rejection_reason = None
    participant.accredited_at = utcnow()
    if participant.badge_number is None:
        participant.badge_number = next_badge_number(participant.event)
    db.session.flush()
    record("participant.accredited", event=participant.event, organiser=actor.organiser, api_token=actor.api_token,
           participant=participant, target=participant, changes={"status": [old, "accredited"]})


def reject(participant: Participant, reason: str, *, actor: Actor) -> None:
    if participant.status == "cancelled":
        raise StatusError(_("%(name)s cancelled the registration; there is nothing to reject.",
                            name=participant.full_name))
    reason = v.clean_text(reason, "rejection_reason", required=True, multiline=True)
    old = participant.status
    participant.status = "rejected"
    participant.rejection_reason = reason
    participant.accredited_at = None
    db.session.flush()
    signals.withdrawn.send(participant, actor=actor)
    record("participant.rejected", event=participant.event, organiser=actor.organiser, api_token=actor.api_token,
           participant=participant, target=participant, changes={"status": [old, "rejected"]}, note=reason)


def cancel(participant: Participant, *, actor: Actor, deadline: bool = True) -> None:
    """Cancel a registration; after the event's deadline for changes, only organisers may (``deadline=False``:
    an erasure, which the person may ask for at any time)."""
    if participant.status == "cancelled":
        return
    if deadline:
        check_changes(participant.event, actor)
    old = participant.status
    participant.status = "cancelled"
    db.session.flush()
    signals.withdrawn.send(participant, actor=actor)
    record("participant.cancelled", event=participant.event, organiser=actor.organiser, api_token=actor.api_token,
           participant=participant, target=participant, changes={"status": [old, "cancelled"]})


def record_link_mailed(participant: Participant, *, actor: Actor) -> None:
    """The audit entry of an organiser or a focal point mailing the private link again (it does not change)."""
    record("participant.link_mailed", event=participant.event, organiser=actor.organiser,
           api_token=actor.api_token, participant=participant, target=participant, note=actor.label)


def new_link(participant: Participant, *, actor: Actor | None = None) -> str:
    """A new private link; the old one stops working."""
    token, participant.token_hash, participant.token_seed = new_private_token()
    actor = actor or Actor()
    record("participant.link_renewed", event=participant.event, organiser=actor.organiser,
           api_token=actor.api_token, participant=participant, target=participant)
    return token


def _jsonable(changes: dict) -> dict:
    def plain(x):
        return x.isoformat() if hasattr(x, "isoformat") else x
    return {k: [plain(a), plain(b)] for k, (a, b) in changes.items()}


def registration_of(participant: Participant) -> Registration:
    """A participant's current data as a Registration, to change a few fields and ``update``."""
    travels = {t.direction: t for t in getattr(participant, "travels", [])}

    def travelling(direction: str) -> Travelling:
        t = travels.get(direction)
        return Travelling(t.at, t.flight, t.airport) if t else Travelling()

    delegation = participant.delegation
    country = (delegation.country_code or delegation.organisation_acronym or delegation.organisation_name) \
        if delegation else None
    return Registration(
        given_name=participant.given_name, family_name=participant.family_name, email=participant.email,
        country=country, category=participant.category_id, title=participant.title,
        badge_name=participant.badge_name, function=participant.function, organisation=participant.organisation,
        phone=participant.phone, ui_language=participant.ui_language,
        interpretation_language=participant.interpretation_language, dietary=participant.dietary,
        dietary_other=participant.dietary_other, accessibility=participant.accessibility,
        hotel=participant.hotel_id, arrival=travelling("arrival"), departure=travelling("departure"),
        consent_to_publish=participant.consent_to_publish, photo_filename=participant.photo_filename,
    )

