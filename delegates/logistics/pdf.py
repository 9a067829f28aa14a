"""A logistics sheet as a PDF: the event, the list's title and rule, then each section as a table.

A pure function from a :class:`~delegates.logistics.tables.Sheet` to PDF bytes, drawn with the programme's
page helpers and the project's one text engine (Noto fonts per script, shaped, right-to-left mirrored).
"""
from __future__ import annotations

from typing import IO

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm

from delegates.common.pdf import output
from delegates.common.pdf.text import Block, FontSet, Lines
from delegates.logistics.tables import Section, Sheet
from delegates.programme.pdf import (
    ACCENT,
    BAND,
    MARGIN,
    MUTED,
    Page,
    column_layout,
    footer,
    new_canvas,
)

SIZE = 8.5
LEADING = 1.18
LINE = SIZE * LEADING


def wrap(text: str, lines: Lines, width: float, size: float, bold: bool = False) -> Block:
    """Text on as many lines as it needs at ``size``, broken at spaces (a word wider than the box is shrunk)."""
    found, current = [], ""
    for word in " ".join(text.split()).split(" "):
        candidate = f"{current} {word}" if current else word
        if current and lines(candidate, bold).advance * size > width:
            found.append(current)
            current = word
        else:
            current = candidate
    if current:
        found.append(current)
    measured = tuple(lines(line, bold) for line in found)
    widest = max((m.advance for m in measured), default=0)
    return Block(measured, min(size, width / widest) if widest else size, LEADING)


class _Writer:
    """Draws the sheet top to bottom, turning the page (and repeating the section's head) when it is full."""

    def __init__(self, sheet: Sheet, p: Page):
        self.sheet, self.p = sheet, p
        self.content = p.width - 2 * MARGIN
        self.bottom = MARGIN + 8
        self.pages = 1
        self.y = p.height - MARGIN

    def footer(self) -> None:
        footer(self.p, f"{self.sheet.title} · {self.sheet.scope}", self.pages)

    def new_page(self) -> None:
        self.footer()
        self.p.c.showPage()
        self.pages += 1
        self.y = self.p.height - MARGIN

    def head(self) -> None:
        p, sheet = self.p, self.sheet
        y = p.draw_block(p.block(sheet.event_name, self.content * 0.65, 14 * mm, 14, bold=True), MARGIN, self.y,
                         colour=ACCENT)
        for fact in sheet.event_facts:
            y -= 12
            p.text(fact, MARGIN, y, 9, self.content * 0.65, colour=MUTED)
        p.text(sheet.scope, MARGIN + self.content * 0.66, self.y - 12, 10, self.content * 0.34, bold=True,
               align="end")
        p.text(sheet.labels.get("generated", ""), MARGIN + self.content * 0.66, self.y - 25, 8.5,
               self.content * 0.34, colour=MUTED, align="end")
        y -= 22
        p.text(sheet.title, MARGIN, y, 14, self.content, bold=True)
        y -= 6
        for text in (sheet.rule, *sheet.notes):
            block = wrap(text, p.lines, self.content, 9)
            y = p.draw_block(block, MARGIN, y, colour=MUTED) - 3
        self.y = y - 6

    def table_head(self, columns, section: Section) -> None:
        p = self.p
        p.rect(MARGIN, self.y - 16, self.content, 16, ACCENT)
        for col, spec in zip(columns, section.columns, strict=True):
            p.text(spec.label, col.start + 2, self.y - 11.5, SIZE, col.width - 2, bold=True, colour=(1, 1, 1),
                   align="end" if spec.numeric else "start")
        self.y -= 16

    def section(self, section: Section) -> None:
        p = self.p
        columns = column_layout([(c.key, c.share) for c in section.columns], self.content)
        numeric = {c.key for c in section.columns if c.numeric}
        facts = " · ".join(section.facts)
        if self.y - (40 + (12 if facts else 0) + 2 * LINE) < self.bottom:
            self.new_page()
        self.y -= 4
        p.rect(MARGIN, self.y - 18, self.content, 18, BAND)
        p.text(section.title, MARGIN + 3, self.y - 12.5, 10.5, self.content - 6, bold=True, colour=ACCENT)
        self.y -= 18
        if facts:
            p.text(facts, MARGIN + 3, self.y - 10, 8.5, self.content - 6, colour=MUTED)
            self.y -= 14
        if not section.rows:
            p.text(self.sheet.labels.get("no_rows", ""), MARGIN + 3, self.y - 11, 9, self.content, colour=MUTED)
            self.y -= 18
            return
        self.table_head(columns, section)
        for row in section.rows:
            cells = {col.key: wrap(str(cell), p.lines, col.width - 2, SIZE)
                     for col, cell in zip(columns, row, strict=True) if col.key not in numeric}
            height = max([LINE, *(b.height for b in cells.values())]) + 6
            if self.y - height < self.bottom:
                self.new_page()
                p.text(f"{section.title} ({self.sheet.labels.get('continued', '')})", MARGIN + 3, self.y - 10, 9,
                       self.content - 6, bold=True, colour=ACCENT)
                self.y -= 16
                self.table_head(columns, section)
            for col, cell in zip(columns, row, strict=True):
                if col.key in numeric:
                    p.text(str(cell), col.start, self.y - 3 - SIZE * 0.92, SIZE, col.width, bold=True, align="end")
                elif cells[col.key].lines:
                    p.draw_block(cells[col.key], col.start + 2, self.y - 3)
            self.y -= height
            p.rule(MARGIN, self.y, self.content)
        self.y -= 8


def render_sheet(sheet: Sheet, out: IO[bytes]) -> int:
    """The sheet on A4 (landscape when it has wide tables) into ``out``; returns the number of pages."""
    fonts = FontSet(sheet.texts())
    size = landscape(A4) if sheet.landscape else A4
    c = new_canvas(out, size, fonts, sheet.title)
    writer = _Writer(sheet, Page(c, Lines(fonts), sheet.rtl, size))
    writer.head()
    if not sheet.sections or sheet.is_empty:
        writer.p.text(sheet.empty, MARGIN, writer.y - 14, 10.5, writer.content, colour=MUTED)
    for section in sheet.sections:
        if section.rows or not sheet.is_empty:
            writer.section(section)
    writer.footer()
    c.showPage()
    output.save(c, out)
    return writer.pages
