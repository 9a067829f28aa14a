"""The participants file (DESIGN.md): the same columns out as in, so that an export imports again."""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from delegates.extensions import db
from delegates.registration.models import Category, Delegation, Event, Participant

COLUMNS = ["title", "given_name", "family_name", "badge_name", "country", "category", "function", "organisation",
           "email", "phone", "languages", "dietary", "accessibility", "arrival", "departure", "hotel", "status"]

# A cell that a spreadsheet would run as a formula gets a leading apostrophe (the import removes it).
# Phone numbers such as "+39 06 4686" stay as they are.
_FORMULA = re.compile(r"^[=@\t\r]|^[+-](?![\d\s().-]*$)")


def safe_cell(value: str) -> str:
    return "'" + value if value and _FORMULA.match(value) else value


def restore_cell(value: str) -> str:
    """The value ``safe_cell`` neutralised, as it was: the import takes our apostrophe off again."""
    return value[1:] if value[:1] == "'" and _FORMULA.match(value[1:]) else value


def delegation_code(delegation: Delegation | None) -> str:
    """What the ``country`` column holds: the alpha-3 code, or an observer organisation's acronym or name."""
    if delegation is None:
        return ""
    if delegation.country_code:
        return delegation.country_code
    return delegation.organisation_acronym or delegation.organisation_name or ""


def _travel(participant: Participant, direction: str) -> str:
    for travel in getattr(participant, "travels", []):
        if travel.direction == direction:
            when = participant.event.local(travel.at).strftime("%Y-%m-%d %H:%M")
            return "; ".join(x for x in (when, travel.flight, travel.airport) if x)
    return ""


def participant_row(p: Participant) -> dict[str, str]:
    languages = [x for x in dict.fromkeys((p.ui_language, p.interpretation_language)) if x]
    dietary = p.dietary if p.dietary != "other" else f"other: {p.dietary_other or ''}".strip()
    return {
        "title": p.title or "",
        "given_name": p.given_name or "",
        "family_name": p.family_name or "",
        "badge_name": p.badge_name,
        "country": delegation_code(p.delegation),
        "category": p.category.name,
        "function": p.function or "",
        "organisation": p.organisation or "",
        "email": p.email,
        "phone": p.phone or "",
        "languages": ";".join(languages),
        "dietary": "" if dietary == "none" else dietary,
        "accessibility": p.accessibility or "",
        "arrival": _travel(p, "arrival"),
        "departure": _travel(p, "departure"),
        "hotel": p.hotel.name if p.hotel else "",
        "status": p.status,
    }


def participants_for_export(event: Event) -> Iterator[Participant]:
    """The event's participants by delegation, then protocol order, then family name."""
    query = (
        select(Participant)
        .join(Category, Participant.category_id == Category.id)
        .join(Delegation, Participant.delegation_id == Delegation.id, isouter=True)
        .where(Participant.event_id == event.id)
        .options(
            selectinload(Participant.delegation).selectinload(Delegation.country),
            selectinload(Participant.category),
            selectinload(Participant.hotel),
            selectinload(Participant.travels),
        )
        .order_by(Delegation.kind, Delegation.country_code, Delegation.organisation_name,
                  Category.protocol_order, Participant.family_name, Participant.given_name, Participant.id)
    )
    yield from db.session.scalars(query)


def write_csv(participants: Iterable[Participant], out: io.TextIOBase) -> int:
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    count = 0
    for p in participants:
        writer.writerow({k: safe_cell(v) for k, v in participant_row(p).items()})
        count += 1
    return count


# Column widths in the XLSX file, in characters; others get the default.
_WIDTHS = {"given_name": 18, "family_name": 20, "badge_name": 26, "country": 9, "category": 18, "function": 28,
           "organisation": 28, "email": 30, "phone": 18, "arrival": 28, "departure": 28, "hotel": 24}


def write_xlsx(participants: Iterable[Participant], out: BinaryIO) -> int:
    """The participants file as an XLSX workbook: one sheet, the same columns and values as the CSV, every
    cell text, formulas neutralised the same way (a string that begins with "=" would be a formula)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("participants")
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(column, 12)
    sheet.freeze_panes = "A2"
    sheet.append(COLUMNS)
    count = 0
    for p in participants:
        row = participant_row(p)
        sheet.append([safe_cell(row[column]) for column in COLUMNS])
        count += 1
    workbook.save(out)
    return count


def with_export_options(query) -> Iterator[Participant]:
    """The participants of ``query`` (a ``select(Participant)``, in its order) with what a row of the file
    needs loaded alongside: a fixed number of queries whatever their number."""
    yield from db.session.scalars(query.options(
        selectinload(Participant.delegation).selectinload(Delegation.country),
        selectinload(Participant.category),
        selectinload(Participant.hotel),
        selectinload(Participant.travels),
    ))
