"""The programme's PDFs: personal agendas, the programme by day, door sheets.

Pure functions from data to a PDF: no database, no request, no translation lookups (the callers
pass every label already in the reader's language). Every user-provided string is drawn through the
project's one text engine (``delegates.common.pdf.text``): a Noto font per script, shaped with
HarfBuzz, right-to-left runs ordered; never through ``Paragraph`` markup (CVE-2023-33733).
A right-to-left document (Arabic) is mirrored: text right-aligned, columns from right to left.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from delegates.common.pdf import output
from delegates.common.pdf.text import Block, FontSet, Lines, draw_block, draw_line, fit

INK = (0.1, 0.12, 0.16)
MUTED = (0.38, 0.4, 0.45)
ACCENT = (0.1, 0.3, 0.55)
BAND = (0.93, 0.95, 0.98)
RULE = (0.78, 0.8, 0.84)
MARGIN = 16 * mm


# -- data -----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AgendaRow:
    """One seat of a person's agenda, every field already formatted for the reader."""

    day: str
    time: str
    title: str
    room: str
    role: str
    channel: str


@dataclass(frozen=True)
class AgendaData:
    """Everything one personal agenda shows, in the person's language."""

    rtl: bool
    labels: dict[str, str]  # heading, time, title, room, role, channel, badge, empty
    event_name: str
    event_facts: tuple[str, ...]  # dates, "venue, city"
    name: str
    own_name: str
    function: str
    delegation: str
    badge_number: str
    rows: tuple[AgendaRow, ...]

    def texts(self) -> Iterable[str]:
        yield from self.labels.values()
        yield from (self.event_name, *self.event_facts, self.name, self.own_name, self.function, self.delegation,
                    self.badge_number)
        for row in self.rows:
            yield from (row.day, row.time, row.title, row.room, row.role, row.channel)


@dataclass(frozen=True)
class ProgrammeRow:
    time: str
    room: str
    kind: str
    title: str
    chair: str
    speakers: str


@dataclass(frozen=True)
class ProgrammeData:
    rtl: bool
    labels: dict[str, str]  # heading, time, room, kind, session, chair, speakers, empty
    event_name: str
    event_facts: tuple[str, ...]
    days: tuple[tuple[str, tuple[ProgrammeRow, ...]], ...]

    def texts(self) -> Iterable[str]:
        yield from self.labels.values()
        yield from (self.event_name, *self.event_facts)
        for day, rows in self.days:
            yield day
            for row in rows:
                yield from (row.time, row.room, row.kind, row.title, row.chair, row.speakers)


@dataclass(frozen=True)
class DoorSheet:
    """One room on one day: what the door shows."""

    room: str
    day: str
    capacity: str  # "Capacity: 120 seats" (already worded)
    rows: tuple[tuple[str, str, str, str], ...]  # time, title, kind, seats ("45 of 120")


@dataclass(frozen=True)
class DoorSheetsData:
    rtl: bool
    labels: dict[str, str]  # time, session, kind, seats, empty
    event_name: str
    sheets: tuple[DoorSheet, ...] = field(default_factory=tuple)

    def texts(self) -> Iterable[str]:
        yield from self.labels.values()
        yield self.event_name
        for sheet in self.sheets:
            yield from (sheet.room, sheet.day, sheet.capacity)
            for row in sheet.rows:
                yield from row


# -- drawing helpers ------------------------------------------------------------------------------------------

class Page:
    """A canvas seen through the document's direction: x measured from the reading start, mirrored for RTL."""

    def __init__(self, canvas: Canvas, lines: Lines, rtl: bool, size: tuple[float, float]):
        self.c = canvas
        self.lines = lines
        self.rtl = rtl
        self.width, self.height = size
        self._blocks: dict[tuple, Block] = {}

    def x(self, start: float) -> float:
        """The canvas x of a point ``start`` from the reading edge (the left, or the right for RTL)."""
        return self.width - start if self.rtl else start

    def text(self, text: str, start: float, y: float, size: float, width: float, *, bold: bool = False,
             colour=INK, align: str = "start") -> None:
        """One line, shrunk to width, aligned to the reading start (or the end, or the centre)."""
        if not text:
            return
        line = self.lines(text, bold)
        if line.advance * size > width:
            size = width / line.advance
        self.c.setFillColorRGB(*colour)
        if align == "centre":
            draw_line(self.c, line, self.x(start + width / 2), y, size, "centre")
        elif (align == "start") != self.rtl:
            draw_line(self.c, line, start if not self.rtl else self.width - start - width, y, size, "left")
        else:
            draw_line(self.c, line, self.width - start if self.rtl else start + width, y, size, "right")

    def block(self, text: str, width: float, height: float, size: float, bold: bool = False) -> Block:
        key = (text, width, height, size, bold)
        block = self._blocks.get(key)
        if block is None:
            if len(self._blocks) > 5000:
                self._blocks.clear()
            block = self._blocks[key] = fit(text, self.lines.fonts, width, height, max_size=size,
                                            wrap_below=size * 0.9, bold=bold)
        return block

    def draw_block(self, block: Block, start: float, top: float, colour=INK) -> float:
        self.c.setFillColorRGB(*colour)
        if self.rtl:
            return draw_block(self.c, block, self.width - start, top, align="right")
        return draw_block(self.c, block, start, top, align="left")

    def rect(self, start: float, y: float, width: float, height: float, fill) -> None:
        self.c.setFillColorRGB(*fill)
        self.c.rect(self.width - start - width if self.rtl else start, y, width, height, stroke=0, fill=1)

    def rule(self, start: float, y: float, width: float) -> None:
        self.c.setStrokeColorRGB(*RULE)
        self.c.setLineWidth(0.4)
        left = self.width - start - width if self.rtl else start
        self.c.line(left, y, left + width, y)


@dataclass(frozen=True)
class Column:
    key: str
    start: float  # from the reading edge of the content box
    width: float


def column_layout(spec: Sequence[tuple[str, float]], total: float, gap: float = 3 * mm) -> list[Column]:
    """Columns in reading order; the widths are shares of the content width."""
    shares = sum(share for _, share in spec)
    out, at = [], MARGIN
    for key, share in spec:
        width = total * share / shares
        out.append(Column(key, at, width - gap))
        at += width
    return out


def open_output(out: str | Path | IO[bytes]):
    return open(out, "wb") if isinstance(out, (str, Path)) else out  # noqa: SIM115  (closed by the caller)


def new_canvas(stream, size, fonts: FontSet, title: str) -> Canvas:
    c = Canvas(stream, pagesize=size, initialFontName=fonts.font("latin"), initialFontSize=10)
    c.setTitle(title)
    c.setCreator("Delegates")
    return c


# -- personal agendas -----------------------------------------------------------------------------------------

AGENDA_COLUMNS = (("time", 14), ("title", 44), ("room", 18), ("role", 11), ("channel", 15))
ROW_SIZE = 9.5


def _agenda_header(p: Page, agenda: AgendaData, first: bool) -> float:
    """The event's facts and the person, at the top of the agenda's first page; a short reminder on the others.
    Returns the y under it."""
    content = p.width - 2 * MARGIN
    top = p.height - MARGIN
    if not first:
        p.text(f"{agenda.name} · {agenda.labels['badge']} {agenda.badge_number}".strip(" ·"), MARGIN, top - 9,
               9, content, colour=MUTED)
        return top - 16
    block = p.block(agenda.event_name, content, 15 * mm, 16, bold=True)
    y = p.draw_block(block, MARGIN, top, colour=ACCENT)
    for fact in agenda.event_facts:
        y -= 13
        p.text(fact, MARGIN, y, 10, content, colour=MUTED)
    y -= 10
    p.rule(MARGIN, y, content)
    y -= 22
    p.text(agenda.labels["heading"], MARGIN, y, 11, content * 0.6, bold=True, colour=ACCENT)
    if agenda.badge_number:
        p.text(f"{agenda.labels['badge']} {agenda.badge_number}", MARGIN, y, 11, content, bold=True,
               align="end")
    y -= 20
    p.text(agenda.name, MARGIN, y, 15, content, bold=True)
    if agenda.own_name:
        y -= 16
        p.text(agenda.own_name, MARGIN, y, 12, content)
    details = " · ".join(x for x in (agenda.function, agenda.delegation) if x)
    if details:
        y -= 15
        p.text(details, MARGIN, y, 10, content, colour=MUTED)
    return y - 14


def table_head(p: Page, columns: list[Column], labels: dict[str, str], y: float) -> float:
    content = p.width - 2 * MARGIN
    p.rect(MARGIN, y - 16, content, 16, ACCENT)
    for col in columns:
        p.text(labels[col.key], col.start + 2, y - 11.5, 8.5, col.width - 2, bold=True, colour=(1, 1, 1))
    return y - 16


def draw_agenda(p: Page, agenda: AgendaData) -> int:
    """One person's agenda from the top of a new page; returns how many pages it took."""
    content = p.width - 2 * MARGIN
    columns = column_layout(AGENDA_COLUMNS, content)
    by_key = {col.key: col for col in columns}
    bottom = MARGIN + 12
    pages = 1
    y = _agenda_header(p, agenda, first=True)
    if not agenda.rows:
        p.text(agenda.labels["empty"], MARGIN, y - 14, 10.5, content, colour=MUTED)
        return pages
    day = None
    y = table_head(p, columns, agenda.labels, y)
    for row in agenda.rows:
        title = p.block(row.title, by_key["title"].width, 2 * ROW_SIZE * 1.18 + 1, ROW_SIZE)
        height = max(title.height, ROW_SIZE * 1.18) + 8
        needed = height + (20 if row.day != day else 0)
        if y - needed < bottom:
            p.c.showPage()
            pages += 1
            y = table_head(p, columns, agenda.labels, _agenda_header(p, agenda, first=False))
            day = None
        if row.day != day:
            day = row.day
            p.rect(MARGIN, y - 18, content, 18, BAND)
            p.text(day, MARGIN + 2, y - 12.5, 10, content - 4, bold=True, colour=ACCENT)
            y -= 18
        top = y - 4
        baseline = top - ROW_SIZE * 0.92
        p.text(row.time, by_key["time"].start + 2, baseline, ROW_SIZE, by_key["time"].width - 2, bold=True)
        p.draw_block(title, by_key["title"].start, top)
        p.text(row.room, by_key["room"].start, baseline, ROW_SIZE, by_key["room"].width)
        p.text(row.role, by_key["role"].start, baseline, ROW_SIZE, by_key["role"].width)
        p.text(row.channel, by_key["channel"].start, baseline, ROW_SIZE, by_key["channel"].width)
        y -= height
        p.rule(MARGIN, y, content)
    return pages


def render_agendas(agendas: Iterable[AgendaData], out: str | Path | IO[bytes], *, fonts: FontSet | None = None,
                   progress: Callable[[int], None] | None = None, title: str = "Personal agendas") -> int:
    """Every agenda on one A4 canvas (a page or more each) into out (a path or a binary file); returns the pages.

    ``fonts`` should already hold the CJK characters of every agenda (FontSet(texts)); without it the
    agendas are read once to build it.
    """
    if fonts is None:
        agendas = list(agendas)
        fonts = FontSet(t for a in agendas for t in a.texts())
    lines = Lines(fonts)
    stream = open_output(out)
    pages = 0
    try:
        c = new_canvas(stream, A4, fonts, title)
        ltr, rtl = Page(c, lines, False, A4), Page(c, lines, True, A4)
        for count, agenda in enumerate(agendas, 1):
            pages += draw_agenda(rtl if agenda.rtl else ltr, agenda)
            c.showPage()
            if progress is not None:
                progress(count)
        if not pages:
            c.showPage()  # a PDF needs a page; an empty batch is a blank one
            pages = 1
        output.save(c, stream)
    finally:
        if stream is not out:
            stream.close()
    return pages


# -- the programme --------------------------------------------------------------------------------------------

PROGRAMME_COLUMNS = (("time", 11), ("room", 14), ("kind", 10), ("session", 32), ("chair", 15), ("speakers", 24))
PROGRAMME_SIZE = 8.5


def footer(p: Page, left: str, page: int) -> None:
    p.text(left, MARGIN, MARGIN / 2, 7.5, p.width / 2, colour=MUTED)
    p.text(str(page), MARGIN, MARGIN / 2, 7.5, p.width - 2 * MARGIN, colour=MUTED, align="end")


def render_programme(data: ProgrammeData, out: str | Path | IO[bytes], *, fonts: FontSet | None = None) -> int:
    """The programme by day on landscape A4: time, room, kind, title, chair, speakers; returns the pages."""
    fonts = fonts or FontSet(data.texts())
    size = landscape(A4)
    stream = open_output(out)
    try:
        c = new_canvas(stream, size, fonts, data.labels["heading"])
        p = Page(c, Lines(fonts), data.rtl, size)
        content = p.width - 2 * MARGIN
        columns = column_layout(PROGRAMME_COLUMNS, content)
        bottom = MARGIN + 6
        pages = 1
        top = p.height - MARGIN
        y = p.draw_block(p.block(data.event_name, content, 14 * mm, 16, bold=True), MARGIN, top, colour=ACCENT)
        for fact in data.event_facts:
            y -= 13
            p.text(fact, MARGIN, y, 10, content, colour=MUTED)
        y -= 22
        p.text(data.labels["heading"], MARGIN, y, 13, content, bold=True)
        y -= 8
        if not data.days:
            p.text(data.labels["empty"], MARGIN, y - 16, 10.5, content, colour=MUTED)
        for day, rows in data.days:
            if y - 60 < bottom:
                footer(p, data.event_name, pages)
                c.showPage()
                pages += 1
                y = p.height - MARGIN
            y -= 6
            p.rect(MARGIN, y - 20, content, 20, BAND)
            p.text(day, MARGIN + 3, y - 14, 11, content - 6, bold=True, colour=ACCENT)
            y = table_head(p, columns, data.labels, y - 20)
            for row in rows:
                cells = {col.key: p.block(getattr(row, "title" if col.key == "session" else col.key),
                                          col.width, 2 * PROGRAMME_SIZE * 1.18 + 1, PROGRAMME_SIZE,
                                          bold=col.key == "session")
                         for col in columns}
                height = max(b.height for b in cells.values()) + 7
                if y - height < bottom:
                    footer(p, data.event_name, pages)
                    c.showPage()
                    pages += 1
                    y = p.height - MARGIN
                    p.text(day, MARGIN + 3, y - 10, 10, content - 6, bold=True, colour=ACCENT)
                    y = table_head(p, columns, data.labels, y - 16)
                for col in columns:
                    if cells[col.key].lines:
                        p.draw_block(cells[col.key], col.start + (2 if col.key == "time" else 0), y - 3.5)
                y -= height
                p.rule(MARGIN, y, content)
        footer(p, data.event_name, pages)
        c.showPage()
        output.save(c, stream)
    finally:
        if stream is not out:
            stream.close()
    return pages


# -- door sheets ----------------------------------------------------------------------------------------------

DOOR_COLUMNS = (("time", 16), ("session", 52), ("kind", 15), ("seats", 17))


def render_door_sheets(data: DoorSheetsData, out: str | Path | IO[bytes], *, fonts: FontSet | None = None) -> int:
    """One A4 page per room and day (more when a day does not fit): the room large, its sessions with times
    and seats; returns the pages."""
    fonts = fonts or FontSet(data.texts())
    stream = open_output(out)
    pages = 0
    try:
        c = new_canvas(stream, A4, fonts, data.event_name)
        p = Page(c, Lines(fonts), data.rtl, A4)
        content = p.width - 2 * MARGIN
        columns = column_layout(DOOR_COLUMNS, content)
        for sheet in data.sheets:
            pages += 1
            y = _door_head(p, data, sheet, columns)
            for time, title, kind, seats in sheet.rows:
                block = p.block(title, columns[1].width, 34, 14, bold=True)
                height = max(block.height, 16) + 12
                if y - height < MARGIN:
                    c.showPage()
                    pages += 1
                    y = _door_head(p, data, sheet, columns)
                top = y - 6
                baseline = top - 14 * 0.92
                p.text(time, columns[0].start + 2, baseline, 14, columns[0].width - 2, bold=True)
                p.draw_block(block, columns[1].start, top)
                p.text(kind, columns[2].start, baseline, 11, columns[2].width)
                p.text(seats, columns[3].start, baseline, 11, columns[3].width)
                y -= height
                p.rule(MARGIN, y, content)
            c.showPage()
        if not pages:
            p.text(data.labels["empty"], MARGIN, p.height - MARGIN - 20, 12, content, colour=MUTED)
            c.showPage()
            pages = 1
        output.save(c, stream)
    finally:
        if stream is not out:
            stream.close()
    return pages


def _door_head(p: Page, data: DoorSheetsData, sheet: DoorSheet, columns: list[Column]) -> float:
    content = p.width - 2 * MARGIN
    top = p.height - MARGIN
    p.text(data.event_name, MARGIN, top - 10, 10, content, colour=MUTED)
    y = p.draw_block(p.block(sheet.room, content, 30 * mm, 34, bold=True), MARGIN, top - 22, colour=ACCENT)
    y -= 22
    p.text(sheet.day, MARGIN, y, 16, content, bold=True)
    y -= 18
    p.text(sheet.capacity, MARGIN, y, 11, content, colour=MUTED)
    return table_head(p, columns, data.labels, y - 12)
