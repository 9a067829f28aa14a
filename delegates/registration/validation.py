"""The rules for what a person types, in one place: the form, the private page, the API and the import use them.

Each rule raises ``FieldError`` naming the field and saying what is wrong, in the
page's (or the mail's) language.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from delegates.common.exceptions import DomainError
from delegates.registration.models import DIETARY, LANGUAGES

MAX_LENGTHS = {
    "title": 40, "given_name": 100, "family_name": 100, "badge_name": 60, "function": 200,
    "organisation": 200, "email": 254, "phone": 40, "dietary_other": 200, "accessibility": 1000,
    "flight": 10, "airport": 3, "rejection_reason": 1000, "focal_point_name": 200,
    "organisation_acronym": 20, "credentials_note": 1000,
}

# Bidirectional embeddings, overrides and isolates can make text read differently from how
# it is stored ("Trojan Source"); names never need them. ZWJ/ZWNJ stay: Persian and Indic
# names use them.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
TAG = re.compile(r"<[^<>]*>")
FLIGHT = re.compile(r"^[A-Z0-9]{2}[A-Z]?\s?\d{1,4}[A-Z]?$")
AIRPORT = re.compile(r"^[A-Z]{3}$")
# Numbers from many regions (an import of 150 countries) overflow re's cache of 512 patterns and
# libphonenumber recompiles its metadata patterns at every number: keep them compiled.
phonenumbers.enable_pattern_cache()


class FieldError(DomainError):
    """A value refused, with the field it belongs to."""

    code = "invalid"

    def __init__(self, field: str, message: str):
        super().__init__(message, field=field)


class FieldErrors(FieldError):
    """Several values refused at once, so that a person can correct them all in one go."""

    def __init__(self, errors: list[FieldError]):
        super().__init__(errors[0].field, " ".join(e.message for e in errors))
        self.errors = errors


class Collector:
    """Runs cleaning steps, keeping every FieldError instead of stopping at the first."""

    def __init__(self):
        self.errors: list[FieldError] = []

    def __call__(self, function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except FieldErrors as e:
            self.errors.extend(e.errors)
        except FieldError as e:
            self.errors.append(e)
        return None

    def raise_if_any(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise FieldErrors(self.errors)


def label(field: str) -> str:
    return {
        "title": _("Title"), "given_name": _("Given name"), "family_name": _("Family name"),
        "badge_name": _("Name on badge"), "country": _("Country"), "category": _("Category"),
        "function": _("Function"), "organisation": _("Organisation"), "email": _("Email"), "phone": _("Phone"),
        "photo": _("Photo"), "dietary": _("Dietary needs"), "dietary_other": _("Other dietary need"),
        "accessibility": _("Accessibility needs"), "arrival": _("Arrival"), "departure": _("Departure"),
        "hotel": _("Hotel"), "languages": _("Languages"), "status": _("Status"),
        "arrival_flight": _("Arrival flight"), "departure_flight": _("Departure flight"),
        "arrival_airport": _("Arrival airport"), "departure_airport": _("Departure airport"),
        "rejection_reason": _("Reason for rejection"),
        "focal_point_name": _("Focal point's name"), "organisation_acronym": _("Acronym"),
        "credentials_note": _("Note"),
    }.get(field, field)


def clean_text(value: str | None, field: str, *, required: bool = False, multiline: bool = False) -> str | None:
    """Text as typed, in NFC, trimmed; None when empty. Refuses control characters, bidi overrides,
    markup-only values and text longer than the field allows."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise FieldError(field, _("%(field)s must be text.", field=label(field)))
    value = unicodedata.normalize("NFC", value).strip()
    if not multiline:
        value = " ".join(value.split())
    if not value:
        if required:
            raise FieldError(field, _("%(field)s is required.", field=label(field)))
        return None
    for ch in value:
        if ch in BIDI_CONTROLS:
            raise FieldError(field, _("%(field)s contains an invisible direction mark (U+%(code)04X); "
                                      "please type it again without it.", field=label(field), code=ord(ch)))
        if unicodedata.category(ch) == "Cc" and not (multiline and ch in "\n\t"):
            raise FieldError(field, _("%(field)s contains a control character; please type it again.",
                                      field=label(field)))
    if TAG.search(value) and not any(c.isalnum() for c in TAG.sub("", value)):
        raise FieldError(field, _("%(field)s cannot be only markup such as <b></b>.", field=label(field)))
    limit = MAX_LENGTHS.get(field)
    if limit and len(value) > limit:
        raise FieldError(field, _("%(field)s is too long: %(n)d characters, at most %(limit)d.",
                                  field=label(field), n=len(value), limit=limit))
    return value


def clean_name(value: str | None, field: str) -> str | None:
    """A given or family name in any script: it needs at least one letter and no angle brackets."""
    value = clean_text(value, field)
    if value is None:
        return None
    if any(c in "<>{}[]\\|" for c in value):
        raise FieldError(field, _("%(field)s cannot contain < > { } [ ] \\ or |.", field=label(field)))
    if not any(unicodedata.category(c).startswith("L") for c in value):
        raise FieldError(field, _("%(field)s must contain letters.", field=label(field)))
    return value


def clean_names(given: str | None, family: str | None) -> tuple[str | None, str | None]:
    given, family = clean_name(given, "given_name"), clean_name(family, "family_name")
    if not given and not family:
        raise FieldError("given_name", _("Give a given name, a family name or both (some people have one name)."))
    return given, family


def default_badge_name(given: str | None, family: str | None) -> str:
    return " ".join(x for x in (given, family) if x)


def clean_badge_name(value: str | None, given: str | None, family: str | None) -> str:
    value = clean_name(value, "badge_name") if value and value.strip() else None
    return value or default_badge_name(given, family)[: MAX_LENGTHS["badge_name"]]


def clean_email(value: str | None, field: str = "email") -> str:
    value = clean_text(value, field, required=True)
    try:
        address = validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        raise FieldError(field, _("“%(value)s” is not an email address.", value=value)) from None
    if address.smtputf8:  # letters beyond ASCII before the @: only mail servers that speak SMTPUTF8 carry it
        raise FieldError(field, _(
            "“%(value)s” cannot be used: not every mail server can deliver to an address with letters other than "
            "a to z before the @. Please give another address.", value=value))
    # the domain is kept in its own letters (例子.cn, éxample.es; xn--… typed is read back so): mail writes it
    # in ASCII (IDNA) on the way out
    return address.normalized.lower()


def stored_email(address: str) -> str:
    """``address`` as clean_email() stores it (a domain that mail wrote in IDNA, xn--xample-9ua.pl, back in its own
    letters: éxample.pl), so that a search finds its participant; as it is when it is not one we would store."""
    try:
        return clean_email(address)
    except FieldError:
        return address


def clean_phone(value: str | None, country_alpha2: str | None = None) -> str | None:
    """A phone number in international format (+39 06 4686 1), checked with libphonenumber."""
    value = clean_text(value, "phone")
    if value is None:
        return None
    try:
        number = phonenumbers.parse(value, None if value.startswith("+") else country_alpha2)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise FieldError("phone", _("“%(value)s” is not a phone number we can call: use the international "
                                    "format with the country code, for example +39 06 4686 1234.", value=value))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def clean_language(value: str | None, field: str = "languages") -> str | None:
    value = (value or "").strip().lower()
    if not value:
        return None
    if value not in LANGUAGES:
        raise FieldError(field, _("Choose English, French, Spanish or Arabic (en, fr, es, ar), not “%(value)s”.",
                                  value=value))
    return value


def clean_dietary(value: str | None, other: str | None) -> tuple[str, str | None]:
    value = (value or "none").strip().lower().replace(" ", "_").replace("-", "_") or "none"
    if value not in DIETARY:
        raise FieldError("dietary", _("Choose a dietary need from the list, or “other” and describe it."))
    other = clean_text(other, "dietary_other")
    if value == "other" and not other:
        raise FieldError("dietary_other", _("Describe the dietary need."))
    return value, (other if value == "other" else None)


def clean_flight(value: str | None, field: str = "flight") -> str | None:
    value = (value or "").strip().upper()
    if not value:
        return None
    if not FLIGHT.match(value):
        raise FieldError(field, _("“%(value)s” is not a flight number such as AZ 609.", value=value))
    return value


def clean_airport(value: str | None, field: str = "airport") -> str | None:
    value = (value or "").strip().upper()
    if not value:
        return None
    if not AIRPORT.match(value):
        raise FieldError(field, _("Give the airport's three-letter code, such as FCO."))
    return value


def local_moment(day: date | None, at: time | None, tz: ZoneInfo, field: str) -> datetime | None:
    """A date and time on the event's wall clock, as an aware datetime; None when no date is given."""
    if day is None:
        if at is not None:
            raise FieldError(field, _("Give the date as well as the time."))
        return None
    return datetime.combine(day, at or time(12, 0), tzinfo=tz)
