"""The shape every logistics list has: a titled sheet of sections, each a table with the same cells on the
page, in the CSV file and in the PDF (so that what the hotel receives is what the organiser saw)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

Cell = str | int


@dataclass(frozen=True)
class Column:
    key: str  # the CSV header
    label: str  # the page's and the PDF's header, in the reader's language
    share: float = 1.0  # of the PDF's width
    numeric: bool = False
    ltr: bool = False  # phone numbers, flights, times, dates: read left to right on an Arabic page too


@dataclass(frozen=True)
class Section:
    """One table: a day, a hotel, a shuttle's time slot, a session."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    group: tuple[str, ...] = ()  # what identifies the section in the CSV (ISO dates, codes), first columns
    facts: tuple[str, ...] = ()  # a line under the title: "Rooms blocked: 60", "12 arrivals"
    in_csv: bool = True  # False for a summary that repeats the sections' figures


@dataclass(frozen=True)
class Sheet:
    """A logistics list in one language: title, how it is counted, its sections."""

    name: str  # "arrivals"
    title: str
    rule: str  # how the list is made, said on the page and in the PDF
    scope: str  # "Accredited participants" or "Accredited and submitted registrations"
    group_keys: tuple[str, ...]  # the CSV's first columns, naming each section's group
    sections: tuple[Section, ...]
    empty: str  # what the page says when no section has a row
    notes: tuple[str, ...] = ()  # figures about the whole list: "3 participants have not given their arrival"
    event_name: str = ""
    event_facts: tuple[str, ...] = ()
    rtl: bool = False
    landscape: bool = False
    labels: dict[str, str] = field(default_factory=dict)  # "continued", "page", "no_rows"

    @property
    def is_empty(self) -> bool:
        return not any(section.rows for section in self.sections)

    def csv_header(self) -> list[str]:
        columns = next((s.columns for s in self.sections if s.in_csv), ())
        return [*self.group_keys, *(c.key for c in columns)]

    def csv_rows(self) -> Iterator[list[str]]:
        """Every row of every section kept for the CSV, its group in front, every cell as text."""
        for section in self.sections:
            if not section.in_csv:
                continue
            for row in section.rows:
                yield [*section.group, *(str(cell) for cell in row)]

    def texts(self) -> Iterator[str]:
        """Every string the PDF draws (to choose its fonts)."""
        yield from (self.title, self.rule, self.scope, self.empty, self.event_name, *self.event_facts, *self.notes)
        yield from self.labels.values()
        for section in self.sections:
            yield from (section.title, *section.facts, *(c.label for c in section.columns))
            for row in section.rows:
                yield from (str(cell) for cell in row)
