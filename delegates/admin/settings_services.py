"""The administrator's settings: events, categories, quotas, organiser accounts. Plain functions that flush;
the view commits once. Every change goes to the audit log with its old and new values (never a password or a
token)."""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, available_timezones

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from delegates.admin.models import Organiser, OrganiserRole
from delegates.admin.services import AccountError, check_password_strength, check_roles, end_sessions, record
from delegates.common.database import utcnow
from delegates.common.exceptions import DomainError
from delegates.extensions import db
from delegates.programme.models import session_category
from delegates.registration import delegations as delegation_service
from delegates.registration.delegations import QUOTA_LIMIT
from delegates.registration.models import LANGUAGES, Category, Delegation, Event, Participant
from delegates.registration.participants import ACTIVE, Actor
from delegates.registration.validation import Collector, FieldError

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
TRANSLATED = ("fr", "es", "ar")  # English is the main column; these live in Event.translations / Category.names
# an event's texts that have translations in Event.translations, with their longest length
TRANSLATED_TEXTS = {"name": 200, "short_name": 80, "theme": 300, "venue": 200, "city": 100, "description": 4000,
                    "participant_note": 4000}
RETENTION_LIMIT = 3650
MIN_CONTRAST = 4.5  # WCAG AA for normal text: the name on a badge is read from a distance
PASSWORD_LINK_DAYS = 3


class SettingsError(DomainError):
    """A settings change refused, with what to do instead."""

    status = 409
    code = "settings"


# -- events ---------------------------------------------------------------------------------------------------

@dataclass
class EventValues:
    """What the event form holds, as typed (the registration window on the event's wall clock)."""

    name: str = ""
    short_name: str | None = None
    theme: str | None = None
    translations: dict = field(default_factory=dict)  # {"fr": {"name": ..., "city": ...}, ...}: TRANSLATED_TEXTS
    description: str | None = None
    participant_note: str | None = None  # in the confirmation and accreditation mails, and on private pages
    venue: str | None = None
    city: str = ""
    timezone: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    registration_opens_at: datetime | None = None  # naive, on the event's clock
    registration_closes_at: datetime | None = None
    changes_close_at: datetime | None = None  # after it, participants and focal points change nothing
    default_quota: int | None = None
    languages: list[str] = field(default_factory=lambda: list(LANGUAGES))
    default_language: str = "en"
    retention_days: int | None = None


def _text(value: str | None, name: str, label: str, limit: int, required: bool = False) -> str | None:
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()  # a browser sends a textarea's lines CRLF
    if not value:
        if required:
            raise FieldError(name, _("%(field)s: this is needed.", field=label))
        return None
    if len(value) > limit:
        raise FieldError(name, _("%(field)s: at most %(n)d characters (%(m)d given).", field=label, n=limit,
                                 m=len(value)))
    return value


def clean_timezone(value: str) -> str:
    value = (value or "").strip()
    if value not in _timezones():
        raise FieldError("timezone", _("Time zone: '%(value)s' is not an IANA time zone name such as "
                                       "Europe/Rome or America/New_York.", value=value))
    return value


def _timezones() -> set[str]:
    global _TIMEZONES
    if _TIMEZONES is None:
        _TIMEZONES = available_timezones()
    return _TIMEZONES


_TIMEZONES: set[str] | None = None


def timezone_names() -> list[str]:
    return sorted(z for z in _timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/", "posix/", "right/")))


def event_values(event: Event) -> EventValues:
    """The event's settings as the settings form holds them (the moments on the event's wall clock), to change a few
    and save them all with update_event, checked as the form's are."""
    def local(moment: datetime | None) -> datetime | None:
        return event.local(moment).replace(tzinfo=None) if moment else None

    return EventValues(
        name=event.name, short_name=event.short_name, theme=event.theme, description=event.description,
        participant_note=event.participant_note,
        translations={lang: dict(one) for lang, one in (event.translations or {}).items() if lang in TRANSLATED},
        venue=event.venue, city=event.city, timezone=event.timezone, starts_on=event.starts_on,
        ends_on=event.ends_on, registration_opens_at=local(event.registration_opens_at),
        registration_closes_at=local(event.registration_closes_at), changes_close_at=local(event.changes_close_at),
        default_quota=event.default_quota, languages=event.language_list, default_language=event.default_language,
        retention_days=event.retention_days,
    )


def clean_event(values: EventValues) -> dict:
    """The event's columns from what was typed, or FieldErrors naming every field that is wrong."""
    check = Collector()
    out: dict = {}
    out["name"] = check(_text, values.name, "name", _("Name"), 200, required=True)
    out["short_name"] = check(_text, values.short_name, "short_name", _("Short name"), 80)
    out["theme"] = check(_text, values.theme, "theme", _("Theme"), 300)
    out["description"] = check(_text, values.description, "description", _("Description"),
                               TRANSLATED_TEXTS["description"])
    out["participant_note"] = check(_text, values.participant_note, "participant_note", _("Note for participants"),
                                    TRANSLATED_TEXTS["participant_note"])
    labels = {"name": _("Name (%(lang)s)"), "short_name": _("Short name (%(lang)s)"),
              "theme": _("Theme (%(lang)s)"), "venue": _("Venue (%(lang)s)"), "city": _("City (%(lang)s)"),
              "description": _("Description (%(lang)s)"), "participant_note": _("Note for participants (%(lang)s)")}
    translations = {}
    for lang in TRANSLATED:
        given = values.translations.get(lang) or {}
        one = {key: check(_text, given.get(key), f"{key}_{lang}", labels[key] % {"lang": lang}, limit)
               for key, limit in TRANSLATED_TEXTS.items()}
        one = {k: v for k, v in one.items() if v}
        if one:
            translations[lang] = one
    out["translations"] = translations
    out["venue"] = check(_text, values.venue, "venue", _("Venue"), 200)
    out["city"] = check(_text, values.city, "city", _("City"), 100, required=True)
    out["timezone"] = check(clean_timezone, values.timezone)
    if values.starts_on is None:
        check.errors.append(FieldError("starts_on", _("First day: give a date.")))
    if values.ends_on is None:
        check.errors.append(FieldError("ends_on", _("Last day: give a date.")))
    if values.starts_on and values.ends_on and values.ends_on < values.starts_on:
        check.errors.append(FieldError("ends_on", _("Last day: it cannot be before the first day (%(day)s).",
                                                    day=values.starts_on.isoformat())))
    out["starts_on"], out["ends_on"] = values.starts_on, values.ends_on
    opens, closes = values.registration_opens_at, values.registration_closes_at
    if opens and closes and closes <= opens:
        check.errors.append(FieldError("registration_closes_at", _(
            "Registration closes: it must be after registration opens.")))
    if closes and values.ends_on and closes >= datetime.combine(values.ends_on + timedelta(days=1), time()):
        check.errors.append(FieldError("registration_closes_at", _(
            "Registration closes: it must be before the event ends (%(day)s).", day=values.ends_on.isoformat())))
    changes = values.changes_close_at
    if changes and opens and changes <= opens:
        check.errors.append(FieldError("changes_close_at", _(
            "Changes close: it must be after registration opens.")))
    zone = ZoneInfo(out["timezone"]) if out["timezone"] else None
    out["registration_opens_at"] = _utc(opens, zone)
    out["registration_closes_at"] = _utc(closes, zone)
    out["changes_close_at"] = _utc(changes, zone)
    if values.default_quota is not None and not 0 <= values.default_quota <= QUOTA_LIMIT:
        check.errors.append(FieldError("default_quota", _(
            "Default quota per delegation: a number from 0 to %(n)d, or empty for no limit.", n=QUOTA_LIMIT)))
    out["default_quota"] = values.default_quota
    if values.retention_days is not None and not 0 <= values.retention_days <= RETENTION_LIMIT:
        check.errors.append(FieldError("retention_days", _(
            "Keep personal data: a number of days from 0 to %(n)d after the event, or empty for the "
            "installation's default.", n=RETENTION_LIMIT)))
    out["retention_days"] = values.retention_days
    languages = [x for x in LANGUAGES if x in (values.languages or [])]
    if not languages:
        check.errors.append(FieldError("languages", _("Languages: choose at least one.")))
    elif values.default_language not in languages:
        check.errors.append(FieldError("default_language", _(
            "Default language: it must be one of the event's languages (%(list)s).", list=", ".join(languages))))
    out["languages"] = ",".join(languages)
    out["default_language"] = values.default_language
    check.raise_if_any()
    return out


def _utc(moment: datetime | None, zone: ZoneInfo | None) -> datetime | None:
    if moment is None or zone is None:
        return None
    return moment.replace(tzinfo=zone).astimezone(ZoneInfo("UTC"))


def _plain(value):
    """A value as the audit log keeps it (JSON)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _same(a, b) -> bool:
    if isinstance(a, datetime) and isinstance(b, datetime):
        return a.astimezone(ZoneInfo("UTC")) == b.astimezone(ZoneInfo("UTC"))
    return a == b


def _merged(old: dict, typed: dict) -> dict:
    """The event's translations with the form's texts put in: a key the form does not hold (set by the demo, the
    CLI or a later version) is kept, not wiped by a save of the settings."""
    merged = {}
    for lang in {*old, *typed}:
        one = {k: v for k, v in (old.get(lang) or {}).items() if k not in TRANSLATED_TEXTS or lang not in TRANSLATED}
        one.update(typed.get(lang) or {})
        if one:
            merged[lang] = one
    return merged


def update_event(event: Event, values: EventValues, by: Organiser | None) -> dict:
    """Save the event's settings; returns the changes ({column: [old, new]}), recorded in the audit log (``by``
    None: from the command line)."""
    cleaned = clean_event(values)
    changes = {}
    for column, new in cleaned.items():
        old = getattr(event, column)
        if column == "translations":
            old = old or {}
            new = _merged(old, new)
        if not _same(old, new):
            changes[column] = [_plain(old), _plain(new)]
            setattr(event, column, new)
    if changes:
        db.session.flush()
        record("event.settings_changed", event=event, organiser=by, target=event, changes=changes)
    return changes


def clean_slug(slug: str) -> str:
    slug = (slug or "").strip()
    if not 2 <= len(slug) <= 40 or not SLUG.match(slug):
        raise FieldError("slug", _("Short address: 2 to 40 lowercase letters, digits and hyphens, beginning and "
                                   "ending with a letter or digit (like ga81 or ga-2026)."))
    if db.session.scalar(select(Event.id).where(Event.slug == slug)) is not None:
        raise FieldError("slug", _("Short address: an event with the address '%(slug)s' exists already.",
                                   slug=slug))
    return slug


def create_event(slug: str, values: EventValues, by: Organiser, copy_categories_from: Event | None = None) -> Event:
    """A new event, with the categories of another one when asked (names, colours and rights)."""
    check = Collector()
    slug = check(clean_slug, slug)
    cleaned = check(clean_event, values)
    check.raise_if_any()
    event = Event(slug=slug, **cleaned)
    if copy_categories_from is not None:
        event.categories = [
            Category(name=c.name, names=dict(c.names or {}), badge_colour=c.badge_colour,
                     text_colour=c.text_colour, protocol_order=c.protocol_order,
                     self_registration=c.self_registration, needs_confirmation=c.needs_confirmation,
                     is_minister=c.is_minister, is_head_of_delegation=c.is_head_of_delegation,
                     counts_against_quota=c.counts_against_quota)
            for c in copy_categories_from.categories
        ]
    db.session.add(event)
    db.session.flush()
    changes = {k: [None, _plain(v)] for k, v in cleaned.items() if v not in (None, {}, "")}
    changes["slug"] = [None, slug]
    record("event.created", event=event, organiser=by, target=event, changes=changes,
           note=f"categories copied from {copy_categories_from.slug}" if copy_categories_from else None)
    return event


# -- categories -----------------------------------------------------------------------------------------------

CATEGORY_FLAGS = ("self_registration", "needs_confirmation", "is_minister", "is_head_of_delegation",
                  "counts_against_quota")


@dataclass
class CategoryValues:
    name: str = ""
    names: dict = field(default_factory=dict)  # {"fr": ..., "es": ..., "ar": ...}
    badge_colour: str = "#1F4E79"
    text_colour: str = "#FFFFFF"
    protocol_order: int | None = 100
    self_registration: bool = True
    needs_confirmation: bool = False
    is_minister: bool = False
    is_head_of_delegation: bool = False
    counts_against_quota: bool = True


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two #RRGGBB colours, from 1 to 21."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _colour(value: str, name: str, label: str) -> str | None:
    value = (value or "").strip()
    if not COLOUR.match(value):
        raise FieldError(name, _("%(field)s: a colour as #RRGGBB, like #1F4E79 ('%(value)s' given).",
                                 field=label, value=value))
    return value.upper()


def clean_category(event: Event, values: CategoryValues, category: Category | None = None) -> dict:
    check = Collector()
    out: dict = {"name": check(_text, values.name, "name", _("Name"), 60, required=True)}
    if out["name"]:
        taken = db.session.scalar(select(Category.id).where(
            Category.event_id == event.id, func.lower(Category.name) == out["name"].lower(),
            Category.id != (category.id if category is not None else -1)))
        if taken is not None:
            check.errors.append(FieldError("name", _("Name: the event has a category '%(name)s' already.",
                                                     name=out["name"])))
    names = {}
    for lang in TRANSLATED:
        value = check(_text, values.names.get(lang), f"name_{lang}", _("Name (%(lang)s)", lang=lang), 60)
        if value:
            names[lang] = value
    out["names"] = names
    out["badge_colour"] = check(_colour, values.badge_colour, "badge_colour", _("Badge colour"))
    out["text_colour"] = check(_colour, values.text_colour, "text_colour", _("Text colour"))
    if out["badge_colour"] and out["text_colour"]:
        ratio = contrast_ratio(out["badge_colour"], out["text_colour"])
        if ratio < MIN_CONTRAST:
            check.errors.append(FieldError("badge_colour", _(
                "Badge colour: %(badge)s behind %(text)s text has a contrast of %(ratio).1f:1; names on a badge "
                "need at least %(min).1f:1. Choose a darker badge colour (or a darker text colour).",
                badge=out["badge_colour"], text=out["text_colour"], ratio=ratio, min=MIN_CONTRAST)))
    order = values.protocol_order
    if order is None or not 0 <= order <= 1000:
        check.errors.append(FieldError("protocol_order", _(
            "Protocol order: a number from 0 to 1000 (1 comes first on lists and badges).")))
    out["protocol_order"] = order
    for flag in CATEGORY_FLAGS:
        out[flag] = bool(getattr(values, flag))
    check.raise_if_any()
    return out


def save_category(event: Event, values: CategoryValues, by: Organiser, category: Category | None = None) -> Category:
    """Add a category to the event, or change one; recorded with old and new values."""
    cleaned = clean_category(event, values, category)
    if category is None:
        category = Category(event=event, **cleaned)
        db.session.add(category)
        db.session.flush()
        record("category.created", event=event, organiser=by, target=category,
               changes={k: [None, v] for k, v in cleaned.items()})
        return category
    changes = {}
    for column, new in cleaned.items():
        old = getattr(category, column)
        if column == "names":
            old = old or {}
        if old != new:
            changes[column] = [old, new]
            setattr(category, column, new)
    if changes:
        db.session.flush()
        record("category.changed", event=event, organiser=by, target=category, changes=changes)
    return category


def category_usage(event: Event) -> dict[int, int]:
    """How many participants (any status) each of the event's categories has."""
    rows = db.session.execute(select(Participant.category_id, func.count()).where(Participant.event_id == event.id)
                              .group_by(Participant.category_id)).all()
    return dict(rows)


def delete_category(category: Category, by: Organiser) -> None:
    """Delete a category nobody uses; refuses with the count otherwise."""
    used = db.session.scalar(select(func.count()).select_from(Participant)
                             .where(Participant.category_id == category.id))
    if used:
        raise SettingsError(_("The category '%(name)s' cannot be deleted: %(n)d participants are in it (cancelled "
                              "ones included). Move them to another category first.", name=category.name, n=used))
    sessions = db.session.scalar(select(func.count()).select_from(session_category)
                                 .where(session_category.c.category_id == category.id))
    if sessions:
        raise SettingsError(_("The category '%(name)s' cannot be deleted: %(n)d sessions of the programme admit "
                              "it. Change their access first.", name=category.name, n=sessions))
    event = category.event
    record("category.deleted", event=event, organiser=by, target=category,
           changes={"name": [category.name, None]})
    db.session.delete(category)
    db.session.flush()


# -- quotas ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class QuotaRow:
    delegation: Delegation
    name: str
    quota: int | None
    used: int  # members who count against the quota
    members: int  # every active member


def quota_rows(event: Event, language: str) -> list[QuotaRow]:
    """Every delegation of the event with its own quota and its members, by name in ``language``."""
    from delegates.registration.search import fold

    used = dict(db.session.execute(
        select(Participant.delegation_id, func.count()).join(Category, Participant.category_id == Category.id)
        .where(Participant.event_id == event.id, Participant.status.in_(ACTIVE), Category.counts_against_quota)
        .group_by(Participant.delegation_id)).all())
    members = dict(db.session.execute(
        select(Participant.delegation_id, func.count())
        .where(Participant.event_id == event.id, Participant.status.in_(ACTIVE))
        .group_by(Participant.delegation_id)).all())
    delegations = db.session.scalars(select(Delegation).where(Delegation.event_id == event.id)).all()
    rows = [QuotaRow(d, d.name(language), d.quota, used.get(d.id, 0), members.get(d.id, 0)) for d in delegations]
    rows.sort(key=lambda r: (r.delegation.kind != "country", fold(r.name)))
    return rows


def over_default_quota(event: Event, language: str) -> list[QuotaRow]:
    """Delegations on the event's default quota that have more members counting against it than it allows."""
    if event.default_quota is None:
        return []
    return [r for r in quota_rows(event, language) if r.quota is None and r.used > event.default_quota]


def set_quotas(event: Event, wanted: dict[int, int | None], by: Organiser, language: str = "en") -> int:
    """Set many delegations' quotas at once (None: the event's default); returns how many changed.

    Refuses, naming each delegation, a quota below the members who count against it already; then nothing
    changes."""
    rows = {r.delegation.id: r for r in quota_rows(event, language)}
    errors = quota_problems(rows, wanted)
    if errors:
        check = Collector()
        check.errors = errors
        check.raise_if_any()
    changed = 0
    actor = Actor.of(organiser=by)
    for delegation_id, quota in wanted.items():
        row = rows.get(delegation_id)
        if row is not None and row.delegation.quota != quota:
            delegation_service.set_quota(row.delegation, quota, actor)
            changed += 1
    return changed


def quota_problems(rows: dict[int, QuotaRow], wanted: dict[int, int | None]) -> list[FieldError]:
    """What is wrong with the quotas wanted, one error per delegation, named ``quota-<delegation id>``."""
    errors = []
    for delegation_id, quota in wanted.items():
        row = rows.get(delegation_id)
        if row is None:
            continue
        if quota is not None and not 0 <= quota <= QUOTA_LIMIT:
            errors.append(FieldError(f"quota-{delegation_id}", _(
                "%(country)s: the quota is a number from 0 to %(n)d, or empty for the event's default.",
                country=row.name, n=QUOTA_LIMIT)))
        elif quota is not None and quota < row.used:
            errors.append(FieldError(f"quota-{delegation_id}", _(
                "%(country)s: the quota cannot be %(quota)d: %(used)d members count against it already.",
                country=row.name, quota=quota, used=row.used)))
    return errors


# -- organiser accounts ---------------------------------------------------------------------------------------

def active_admins() -> int:
    return db.session.scalar(select(func.count()).select_from(Organiser).join(OrganiserRole)
                             .where(Organiser.is_active, OrganiserRole.role == "admin"))


def organisers() -> list[Organiser]:
    return list(db.session.scalars(select(Organiser).order_by(Organiser.is_active.desc(), Organiser.email)))


def create_account(email: str, roles: list[str], by: Organiser, *, name: str | None = None,
                   password: str | None = None, repeated: str | None = None) -> Organiser:
    """A new organiser account; without ``password`` nobody can log in until the one-time link is used."""
    from delegates.admin.services import create_organiser, normalise_email

    check = Collector()
    try:
        email = normalise_email(email)
    except AccountError as e:
        check.errors.append(FieldError("email", e.message))
    else:
        if db.session.scalar(select(Organiser.id).where(Organiser.email == email)) is not None:
            check.errors.append(FieldError("email", _("Email: an organiser with the email %(email)s exists "
                                                      "already.", email=email)))
    if not roles:
        check.errors.append(FieldError("roles", _("Roles: choose at least one.")))
    if password is not None:
        if password != repeated:
            check.errors.append(FieldError("password_again", _("Repeat the password: the two passwords differ.")))
        try:
            check_password_strength(password, email)
        except AccountError as e:
            check.errors.append(FieldError("password", e.message))
    check.raise_if_any()
    name = (name or "").strip()[:200] or None
    # a password no one knows, so that the account works only after the link is followed
    organiser = create_organiser(email, password or secrets.token_urlsafe(32), roles, name=name, by=by)
    return organiser


def set_roles(organiser: Organiser, roles: list[str], by: Organiser) -> bool:
    """Change an organiser's roles; never takes away your own admin role or the last administrator's."""
    roles = check_roles(roles)
    old = sorted(organiser.roles)
    if sorted(roles) == old:
        return False
    if "admin" in old and "admin" not in roles:
        if organiser.id == by.id:
            raise SettingsError(_("You cannot take away your own admin role: ask another administrator."))
        if organiser.is_active and active_admins() <= 1:
            raise SettingsError(_("%(email)s is the last administrator: make someone else an administrator "
                                  "first.", email=organiser.email))
    organiser.role_rows = [OrganiserRole(role=r) for r in roles]
    db.session.flush()
    record("organiser.roles_changed", organiser=by, target=organiser, changes={"roles": [old, sorted(roles)]})
    return True


def set_active(organiser: Organiser, active: bool, by: Organiser) -> bool:
    """Deactivate an account (its sessions end at once) or reactivate it."""
    if organiser.is_active == active:
        return False
    if not active:
        if organiser.id == by.id:
            raise SettingsError(_("You cannot deactivate your own account."))
        if "admin" in organiser.roles and active_admins() <= 1:
            raise SettingsError(_("%(email)s is the last administrator and cannot be deactivated.",
                                  email=organiser.email))
        end_sessions(organiser)
    organiser.is_active = active
    db.session.flush()
    record("organiser.deactivated" if not active else "organiser.reactivated", organiser=by, target=organiser,
           changes={"is_active": [not active, active]})
    return True


def _password_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="delegates.organiser-password")


def _fingerprint(organiser: Organiser) -> str:
    # changes with the password: a link works once, and no longer once the password is set another way
    return hashlib.sha256(organiser.password_hash.encode()).hexdigest()[:16]


def password_link_token(organiser: Organiser, by: Organiser) -> str:
    """A one-time token to set the account's password (valid PASSWORD_LINK_DAYS days); never stored."""
    record("organiser.password_link_made", organiser=by, target=organiser)
    return _password_serializer().dumps({"o": organiser.id, "f": _fingerprint(organiser)})


def organiser_for_link(token: str) -> Organiser | None:
    """The organiser a password link is for, or None when it is wrong, used or expired."""
    try:
        data = _password_serializer().loads(token, max_age=PASSWORD_LINK_DAYS * 86400)
    except (SignatureExpired, BadSignature):
        return None
    organiser = db.session.get(Organiser, data.get("o")) if isinstance(data, dict) else None
    if organiser is None or not organiser.is_active or data.get("f") != _fingerprint(organiser):
        return None
    return organiser


def set_password(organiser: Organiser, password: str, repeated: str, by: Organiser | None = None) -> None:
    """Set a new password (typed twice); every session of the account ends."""
    if password != repeated:
        raise FieldError("password_again", _("Repeat the password: the two passwords differ."))
    try:
        check_password_strength(password, organiser.email)
    except AccountError as e:
        raise FieldError("password", e.message) from None
    organiser.password_hash = generate_password_hash(password, method="scrypt")
    end_sessions(organiser)
    db.session.flush()
    record("organiser.password_set", organiser=by or organiser, target=organiser)


def password_link_expires(now: datetime | None = None) -> datetime:
    return (now or utcnow()) + timedelta(days=PASSWORD_LINK_DAYS)
