"""The participants file's cells (a CSV/XLSX line, or an API body with the same keys) as a Registration.

The formats are the ones ``exports.py`` writes, so that an export imports again unchanged. The import
(``imports.py``) and the API both read through these functions.
"""
from __future__ import annotations

import re
from datetime import date, time
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from delegates.registration import validation as v
from delegates.registration.exports import COLUMNS, restore_cell
from delegates.registration.participants import Registration, Travelling
from delegates.registration.validation import FieldError

MOMENT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::\d{2})?)?$")
OTHER_DIET = re.compile(r"^other\s*(?::\s*(.*))?$", re.IGNORECASE | re.DOTALL)


def parse_travel(value: str, tz: ZoneInfo, column: str) -> Travelling:
    """'2012-11-04 14:35; AZ 609; FCO': local time in the event's zone, then the flight and the airport if known
    (one of the two alone is told apart: an airport is three letters)."""
    value = (value or "").strip()
    if not value:
        return Travelling()
    parts = [x.strip() for x in value.split(";")]
    moment = MOMENT.match(parts[0])
    refused = FieldError(column, _("“%(value)s” is not a date and time such as “2012-11-04 14:30; AZ 609; FCO” "
                                   "(date and time, then the flight and the airport if known).", value=value))
    if moment is None or len(parts) > 3:
        raise refused
    year, month, day, hour, minute = moment.groups()
    try:
        at = v.local_moment(date(int(year), int(month), int(day)),
                            time(int(hour), int(minute)) if hour is not None else None, tz, column)
    except ValueError:
        raise refused from None
    rest = [x for x in parts[1:] if x]
    if len(rest) == 1:
        return Travelling(at, None, rest[0]) if v.AIRPORT.match(rest[0].upper()) else Travelling(at, rest[0])
    return Travelling(at, *rest)


def parse_languages(value: str) -> tuple[str | None, str | None]:
    """'fr' (both) or 'fr;en': the language of the person's mail and pages, then the interpretation channel."""
    languages = [x.strip() for x in re.split(r"[;,/]", value or "") if x.strip()]
    if len(languages) > 2:
        raise FieldError("languages", _("Give one or two languages separated by “;”: the language of the "
                                        "person's mail and pages, then the interpretation channel (fr;en)."))
    return tuple((languages + [None, None])[:2])


def parse_dietary(value: str) -> tuple[str | None, str | None]:
    """'' / 'halal' / 'other: no shellfish'."""
    value = (value or "").strip()
    other = OTHER_DIET.match(value)
    if other:
        return "other", other.group(1)
    return value or None, None


def cell(row: dict, key: str) -> str:
    value = row.get(key)
    if value is None:
        return ""
    return restore_cell(value if isinstance(value, str) else str(value))


def registration_from_row(row: dict, tz: ZoneInfo) -> Registration:
    """A Registration from the participants file's columns (the API's body); FieldError names the column."""
    ui, interpretation = parse_languages(cell(row, "languages"))
    dietary, dietary_other = parse_dietary(cell(row, "dietary"))
    return Registration(
        title=cell(row, "title"), given_name=cell(row, "given_name"), family_name=cell(row, "family_name"),
        badge_name=cell(row, "badge_name"), country=cell(row, "country"), category=cell(row, "category"),
        function=cell(row, "function"), organisation=cell(row, "organisation"), email=cell(row, "email"),
        phone=cell(row, "phone"), ui_language=ui, interpretation_language=interpretation, dietary=dietary,
        dietary_other=dietary_other, accessibility=cell(row, "accessibility"), hotel=cell(row, "hotel") or None,
        arrival=parse_travel(cell(row, "arrival"), tz, "arrival"),
        departure=parse_travel(cell(row, "departure"), tz, "departure"),
        status=cell(row, "status").strip().lower() or None,
    )


def unknown_columns(keys) -> list[str]:
    return [k for k in keys if k not in COLUMNS]
