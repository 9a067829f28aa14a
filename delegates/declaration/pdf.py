"""The list of signatories as a PDF: one part per language, each ordered by country name in that language.

Drawn through the project's PDF text engine (``delegates.common.pdf``), so that Arabic is shaped and
set right to left, and every name in any script is embedded in a Noto font.
"""
from __future__ import annotations

from typing import IO

from babel.dates import format_date
from flask_babel import force_locale
from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from delegates.common.pdf.output import save
from delegates.common.pdf.text import FontSet, draw_line, draw_text, measure
from delegates.declaration.models import Declaration
from delegates.declaration.services import PublicSignatory, public_signatories
from delegates.registration.models import LANGUAGES

MARGIN = 20 * mm
ROW = 7 * mm
# column starts as a share of the text width: country, signed on, how, signatory
COLUMNS = (0.0, 0.34, 0.56, 0.72)


def _labels(language: str) -> dict[str, str]:
    with force_locale(language):
        return {"heading": _("Signatories"), "country": _("Country"), "signed_on": _("Signed on"),
                "how": _("How"), "signatory": _("Signatory"), "letter": _("By letter"),
                "in_person": _("In person"), "none": _("No country has signed yet.")}


def _cells(row: PublicSignatory, labels: dict[str, str], language: str) -> list[str]:
    return [row.country, format_date(row.signed_on, format="long", locale=language), labels[row.method],
            row.signatory or ""]


class _Part:
    """One language's part of the document: its labels, direction and columns."""

    def __init__(self, canvas: Canvas, fonts: FontSet, declaration: Declaration, language: str):
        self.canvas, self.fonts, self.declaration, self.language = canvas, fonts, declaration, language
        self.labels = _labels(language)
        self.rtl = language == "ar"
        self.align = "right" if self.rtl else "left"
        self.width, self.height = A4
        self.usable = self.width - 2 * MARGIN
        self.pages = 0

    def x_of(self, share: float) -> float:
        return self.width - MARGIN - share * self.usable if self.rtl else MARGIN + share * self.usable

    def column_width(self, i: int) -> float:
        end = COLUMNS[i + 1] if i + 1 < len(COLUMNS) else 1.0
        return (end - COLUMNS[i]) * self.usable - 2 * mm

    def text(self, value: str, share: float, y: float, size: float, max_width: float, bold: bool = False) -> None:
        if not value:
            return
        if self.rtl and any(ch.isdigit() for ch in value) and not value.isascii():
            self.words_right_to_left(value, self.x_of(share), y, size, bold)
            return
        draw_text(self.canvas, value, self.fonts, self.x_of(share), y, size, bold=bold, align=self.align,
                  max_width=max_width)

    def words_right_to_left(self, value: str, right: float, y: float, size: float, bold: bool) -> None:
        """An Arabic date ("29 نوفمبر 2026"), word by word from the right: the text engine shapes a run of
        Arabic with its digits as one right-to-left string, which would reverse the digits."""
        space = measure(" ", self.fonts, bold).width(size)
        for word in value.split():
            line = measure(word, self.fonts, bold)
            draw_line(self.canvas, line, right, y, size, align="right")
            right -= line.width(size) + space

    def header(self, first: bool) -> float:
        """Start a page; returns the baseline of its first row."""
        self.pages += 1
        y = self.height - MARGIN
        if first:
            event, text = self.declaration.event, self.declaration.text(self.language)
            self.text(event.translated("name", self.language) or "", 0, y, 10, self.usable)
            y -= 9 * mm
            self.text(text.title if text else self.declaration.title, 0, y, 16, self.usable, bold=True)
            y -= 8 * mm
            self.text(self.labels["heading"], 0, y, 12, self.usable)
            y -= 10 * mm
        for i, key in enumerate(("country", "signed_on", "how", "signatory")):
            self.text(self.labels[key], COLUMNS[i], y, 9, self.column_width(i), bold=True)
        self.canvas.setLineWidth(0.5)
        self.canvas.line(MARGIN, y - 2 * mm, self.width - MARGIN, y - 2 * mm)
        return y - ROW

    def draw(self, rows: list[PublicSignatory]) -> None:
        y = self.header(first=True)
        if not rows:
            self.text(self.labels["none"], 0, y, 10, self.usable)
        for row in rows:
            if y < MARGIN:
                self.canvas.showPage()
                y = self.header(first=False)
            for i, cell in enumerate(_cells(row, self.labels, self.language)):
                self.text(cell, COLUMNS[i], y, 10, self.column_width(i))
            y -= ROW
        self.canvas.showPage()


def write_signatories(declaration: Declaration, stream: IO[bytes]) -> int:
    """Write the PDF into stream (one part per language); returns the number of pages."""
    event = declaration.event
    parts = [(language, public_signatories(declaration, language)) for language in LANGUAGES]
    texts = [event.translated("name", lang) or "" for lang in LANGUAGES] + [t.title for t in declaration.texts]
    texts += [cell for _lang, rows in parts for row in rows for cell in (row.country, row.signatory or "")]
    fonts = FontSet(texts)
    canvas = Canvas(stream, pagesize=A4, pageCompression=1, initialFontName=fonts.font("latin"), initialFontSize=10)
    canvas.setTitle(f"{declaration.title} — signatories")
    canvas.setAuthor(event.organiser_name or event.name)
    canvas.setCreator("Delegates")
    pages = 0
    for language, rows in parts:
        part = _Part(canvas, fonts, declaration, language)
        part.draw(rows)
        pages += part.pages
    save(canvas, stream)
    return pages
