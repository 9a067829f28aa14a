"""The printed speakers' list of a plenary: rank, delegation, speaker, level, requested at, status.

Drawn through the project's PDF text engine (``delegates.common.pdf``) so that names in any script are
embedded in a Noto font and Arabic is shaped and set right to left.
"""
from __future__ import annotations

from typing import IO

from babel.dates import format_datetime
from flask_babel import force_locale
from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from delegates.common.i18n import RTL_LANGUAGES
from delegates.common.pdf.output import save
from delegates.common.pdf.text import FontSet, draw_text
from delegates.declaration import speakers
from delegates.programme.models import ConferenceSession

MARGIN = 18 * mm
ROW = 7 * mm
# column starts as a share of the text width: rank, delegation, speaker, level, requested at, status
COLUMNS = (0.0, 0.06, 0.30, 0.58, 0.74, 0.88)
KEYS = ("rank", "delegation", "speaker", "level", "requested", "status")


def rows_of(session: ConferenceSession, language: str) -> list[list[str]]:
    """The list's cells as printed, in the order the floor is given."""
    event = session.event
    with force_locale(language):
        statuses = speakers.status_labels()
    return [[str(rank), row.delegation.name(language), row.participant.full_name,
             row.participant.category.label(language),
             format_datetime(row.requested_at, format="HH:mm", tzinfo=event.tz, locale=language),
             statuses[row.status]]
            for rank, row in enumerate(speakers.speakers_list(session), start=1)]


def write_speakers_list(session: ConferenceSession, stream: IO[bytes], language: str) -> int:
    """Write the session's speakers' list into stream; returns the number of pages."""
    event = session.event
    with force_locale(language):
        labels = {"heading": _("Speakers' list"), "rank": _("No."), "delegation": _("Delegation"),
                  "speaker": _("Speaker"), "level": _("Level"), "requested": _("Requested at"),
                  "status": _("Status"), "none": _("No delegation has asked for the floor yet.")}
        when = format_datetime(session.starts_at, format="full", tzinfo=event.tz, locale=language)
        printed = _("Times on the event's clock (%(tz)s).", tz=event.timezone)
    rows = rows_of(session, language)
    title = session.translated("title", language) or session.title
    event_name = event.translated("name", language) or event.name
    fonts = FontSet([event_name, title, when, printed, *labels.values(), *(c for row in rows for c in row)])
    canvas = Canvas(stream, pagesize=A4, pageCompression=1, initialFontName=fonts.font("latin"), initialFontSize=10)
    canvas.setTitle(f"{title} — {labels['heading']}")
    canvas.setAuthor(event.organiser_name or event.name)
    canvas.setCreator("Delegates")
    width, height = A4
    usable = width - 2 * MARGIN
    rtl = language in RTL_LANGUAGES
    align = "right" if rtl else "left"

    def text(value: str, share: float, y: float, size: float, room: float, bold: bool = False) -> None:
        if value:
            x = width - MARGIN - share * usable if rtl else MARGIN + share * usable
            draw_text(canvas, value, fonts, x, y, size, bold=bold, align=align, max_width=room)

    def room_of(i: int) -> float:
        end = COLUMNS[i + 1] if i + 1 < len(COLUMNS) else 1.0
        return (end - COLUMNS[i]) * usable - 2 * mm

    def header(first: bool) -> float:
        y = height - MARGIN
        if first:
            text(event_name, 0, y, 10, usable)
            y -= 9 * mm
            text(labels["heading"], 0, y, 16, usable, bold=True)
            y -= 8 * mm
            text(title, 0, y, 12, usable)
            y -= 6 * mm
            text(when, 0, y, 9, usable)
            y -= 5 * mm
            text(printed, 0, y, 8, usable)
            y -= 10 * mm
        for i, key in enumerate(KEYS):
            text(labels[key], COLUMNS[i], y, 9, room_of(i), bold=True)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, y - 2 * mm, width - MARGIN, y - 2 * mm)
        return y - ROW

    pages = 1
    y = header(first=True)
    if not rows:
        text(labels["none"], 0, y, 10, usable)
    for row in rows:
        if y < MARGIN:
            canvas.showPage()
            pages += 1
            y = header(first=False)
        for i, cell in enumerate(row):
            text(cell, COLUMNS[i], y, 10, room_of(i))
        y -= ROW
    canvas.showPage()
    save(canvas, stream)
    return pages
