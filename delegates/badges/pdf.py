"""Badges on every stock, all drawn on one ReportLab canvas (never one PDF per badge then merged).

Pure functions from badge data to a PDF: no database, no request. ``render`` takes an iterable of
:class:`BadgeData` and a layout key; the text goes through the project's one text engine
(``delegates.common.pdf.text``), so every script is drawn in a Noto font and shaped.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import IO

import segno
from PIL import Image
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, A6, LETTER
from reportlab.lib.units import inch, mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from delegates.common.pdf import output
from delegates.common.pdf.text import FontSet, Line, Lines, draw_block, draw_line, fit


@dataclass(frozen=True)
class BadgeData:
    """What one badge shows."""

    event_name: str
    event_dates: str
    category: str
    band_colour: str  # "#RRGGBB"
    text_colour: str
    name: str
    function: str
    delegation: str
    number: str
    code: str
    photo: str | None = None  # path of a JPEG, or None for the silhouette
    # the name in its own script, under the (Latin) badge name: '王小洪' under 'Wang Xiaohong'
    own_name: str = ""

    def texts(self) -> tuple[str, ...]:
        return (self.event_name, self.event_dates, self.category, self.name, self.own_name, self.function,
                self.delegation)


@dataclass(frozen=True)
class Layout:
    key: str
    page: tuple[float, float]
    badge: tuple[float, float]
    # lower-left corners of the badges on a page, in printing order
    slots: tuple[tuple[float, float], ...]
    crop_marks: bool = False


_A6_W, _A6_H = A6
_A4_ROW = (A4[1] - 2 * _A6_H) / 2  # 0.5 mm above and below the two rows
_LETTER_TOP = 1 * inch  # Avery 5392: 1 in top margin, 0.25 in side margins, 2 x 3 badges of 4 x 3 in
LAYOUTS = {
    "a6": Layout("a6", A6, A6, ((0, 0),)),
    "a4-4up": Layout("a4-4up", A4, A6, ((0, _A4_ROW + _A6_H), (_A6_W, _A4_ROW + _A6_H), (0, _A4_ROW), (_A6_W, _A4_ROW)),
                     crop_marks=True),
    "cr80": Layout("cr80", (85.6 * mm, 54 * mm), (85.6 * mm, 54 * mm), ((0, 0),)),
    "letter-4x3": Layout("letter-4x3", LETTER, (4 * inch, 3 * inch), tuple(
        (0.25 * inch + col * 4 * inch, LETTER[1] - _LETTER_TOP - (row + 1) * 3 * inch)
        for row in range(3) for col in range(2))),
}


def _fitted_line(c: Canvas, line: Line, x: float, y: float, size: float, width: float, align: str = "centre"):
    if line.advance * size > width:
        size = width / line.advance
    draw_line(c, line, x, y, size, align)


def draw_qr(c: Canvas, code: str, x: float, y: float, size: float) -> None:
    """The QR code as one filled path (a rectangle per horizontal run of dark modules), with a quiet zone.

    Drawn in module units (a scaled coordinate system) so that each rectangle is a few bytes.
    """
    matrix = list(segno.make(code, error="m", micro=False).matrix_iter(scale=1, border=2))
    n = len(matrix)
    c.saveState()
    c.translate(x, y + size)
    c.scale(size / n, -size / n)
    path = c.beginPath()
    for r, row in enumerate(matrix):
        col = 0
        while col < n:
            if row[col]:
                start = col
                while col < n and row[col]:
                    col += 1
                path.rect(start, r, col - start, 1)
            else:
                col += 1
    c.setFillColorRGB(0, 0, 0)
    c.drawPath(path, stroke=0, fill=1)
    c.restoreState()


def draw_silhouette(c: Canvas, x: float, y: float, w: float, h: float) -> None:
    """A neutral head-and-shoulders drawn with vectors, for a badge without a photo."""
    c.saveState()
    frame = c.beginPath()
    frame.rect(x, y, w, h)
    c.clipPath(frame, stroke=0, fill=0)
    c.setFillColorRGB(0.9, 0.91, 0.93)
    c.rect(x, y, w, h, stroke=0, fill=1)
    c.setFillColorRGB(0.68, 0.7, 0.74)
    c.circle(x + w / 2, y + h * 0.62, w * 0.22, stroke=0, fill=1)
    c.ellipse(x + w * 0.12, y - h * 0.28, x + w * 0.88, y + h * 0.42, stroke=0, fill=1)
    c.restoreState()


# 30 × 40 mm at about 250 dpi: sharp on a badge; a larger stored photo (600 × 800) is scaled down to it,
# which keeps a batch of 10,000 badges within a few hundred MB (ReportLab holds every image until saved)
PHOTO_PIXELS = (300, 400)


def photo_source(path: str) -> str | ImageReader:
    """The photo as drawn: the file itself when it is small enough, else a JPEG scaled down to PHOTO_PIXELS."""
    with Image.open(path) as image:
        if image.format == "JPEG" and image.width <= PHOTO_PIXELS[0] * 1.1 and image.height <= PHOTO_PIXELS[1] * 1.1:
            return path  # embedded as it is (the JPEG's bytes pass straight into the PDF)
        image.draft("RGB", PHOTO_PIXELS)  # a JPEG decodes at a half or a quarter of its size directly
        image = image.convert("RGB")
        image.thumbnail(PHOTO_PIXELS, Image.Resampling.LANCZOS)
        out = BytesIO()
        image.save(out, "JPEG", quality=85)
    out.seek(0)
    return ImageReader(out)


def _photo(c: Canvas, badge: BadgeData, x: float, y: float, w: float, h: float) -> None:
    if badge.photo and Path(badge.photo).is_file():
        c.drawImage(photo_source(badge.photo), x, y, w, h)
    else:
        draw_silhouette(c, x, y, w, h)
    c.setStrokeColorRGB(0.75, 0.75, 0.75)
    c.setLineWidth(0.4)
    c.rect(x, y, w, h, stroke=1, fill=0)


def _band(c: Canvas, badge: BadgeData, lines: Lines, ox: float, oy: float, w: float, h: float, size: float):
    c.setFillColor(HexColor(badge.band_colour))
    c.rect(ox, oy, w, h, stroke=0, fill=1)
    c.setFillColor(HexColor(badge.text_colour))
    _fitted_line(c, lines(badge.category, True), ox + w / 2, oy + (h - size * 0.7) / 2, size, w - 8 * mm)


def draw_portrait(c: Canvas, badge: BadgeData, lines: Lines, ox: float, oy: float, w: float, h: float) -> None:
    """An A6-like badge: event, photo, name, function, delegation, QR code and number, the category band."""
    m = 6 * mm
    inner = w - 2 * m
    cx = ox + w / 2
    top = oy + h
    c.setFillColorRGB(0.15, 0.2, 0.3)
    event = fit(badge.event_name, lines.fonts, inner, 9.5 * mm, max_size=10, wrap_below=8, bold=True)
    below = draw_block(c, event, cx, top - 5 * mm)
    _fitted_line(c, lines(badge.event_dates), cx, below - 3.6 * mm, 8, inner)
    pw, ph = 30 * mm, 40 * mm
    _photo(c, badge, cx - pw / 2, top - 22 * mm - ph, pw, ph)
    c.setFillColorRGB(0, 0, 0)
    name = fit(badge.name, lines.fonts, inner, 21 * mm, max_size=26, wrap_below=17, bold=True)
    # a one-line name sits in the middle of the name's box
    name_top = top - 64 * mm - (21 * mm - name.height) / 2
    draw_block(c, name, cx, name_top)
    if badge.own_name:
        _fitted_line(c, lines(badge.own_name), cx, oy + 59.5 * mm, 11, inner)
    if badge.function:
        _fitted_line(c, lines(badge.function), cx, oy + 54 * mm, 9.5, inner)
    if badge.delegation:
        _fitted_line(c, lines(badge.delegation, True), cx, oy + 48 * mm, 12, inner)
    band_h = 15 * mm
    qs = 27 * mm
    draw_qr(c, badge.code, ox + m - 1.5 * mm, oy + band_h + 2.5 * mm, qs)
    c.setFillColorRGB(0, 0, 0)
    _fitted_line(c, lines(badge.number, True), ox + w - m, oy + band_h + 8 * mm, 20, w / 2 - m, "right")
    _band(c, badge, lines, ox, oy, w, band_h, 16)


def draw_landscape(c: Canvas, badge: BadgeData, lines: Lines, ox: float, oy: float, w: float, h: float) -> None:
    """A card-like badge (CR80, 4 × 3 in): photo on the left, name beside it, QR code at the bottom right."""
    m = 4 * mm if h < 60 * mm else 5 * mm
    top = oy + h
    band_h = 0.15 * h
    header = 0.058 * h
    c.setFillColorRGB(0.15, 0.2, 0.3)
    heading = f"{badge.event_name} · {badge.event_dates}"
    _fitted_line(c, lines(heading, True), ox + w / 2, top - m + 0.5 * mm - header, header, w - 2 * m)
    content_top = top - m - header - 2.5 * mm
    ph = 0.46 * h
    pw = ph * 0.75
    _photo(c, badge, ox + m, content_top - ph, pw, ph)
    x0 = ox + m + pw + 3.5 * mm
    rw = ox + w - m - x0
    c.setFillColorRGB(0, 0, 0)
    name_max = h * 0.095
    name = fit(badge.name, lines.fonts, rw, 0.2 * h, max_size=name_max, wrap_below=name_max * 0.72, bold=True)
    y = draw_block(c, name, x0, content_top, align="left")
    small = h * 0.045
    if badge.own_name:
        y -= small * 1.3
        _fitted_line(c, lines(badge.own_name), x0, y, small * 1.1, rw, "left")
    if badge.function:
        y -= small * 1.25
        _fitted_line(c, lines(badge.function), x0, y, small, rw, "left")
    if badge.delegation:
        y -= small * 1.5
        _fitted_line(c, lines(badge.delegation, True), x0, y, small * 1.15, rw, "left")
    qs = 0.3 * h
    draw_qr(c, badge.code, ox + w - m - qs + 1 * mm, oy + band_h + 1.5 * mm, qs)
    c.setFillColorRGB(0, 0, 0)
    _fitted_line(c, lines(badge.number, True), ox + m, oy + band_h + 2.5 * mm, h * 0.07, pw + 10 * mm, "left")
    _band(c, badge, lines, ox, oy, w, band_h, band_h * 0.55)


def _crop_marks(c: Canvas, layout: Layout) -> None:
    """Short marks at the page's edges where the guillotine cuts (between and around the badges)."""
    pw, ph = layout.page
    bw, bh = layout.badge
    length = 4 * mm
    xs = sorted({x for x, _ in layout.slots} | {x + bw for x, _ in layout.slots})
    ys = sorted({y for _, y in layout.slots} | {y + bh for _, y in layout.slots})
    c.setStrokeColorRGB(0, 0, 0)
    c.setLineWidth(0.25)
    for x in xs:
        c.line(x, ph, x, ph - length)
        c.line(x, 0, x, length)
    for y in ys:
        c.line(0, y, length, y)
        c.line(pw, y, pw - length, y)


def render(badges: Iterable[BadgeData], out: str | Path | IO[bytes], layout: str = "a6", *,
           fonts: FontSet | None = None, progress: Callable[[int], None] | None = None,
           title: str = "Badges") -> int:
    """Draw every badge on one canvas into out (a path or a binary file); returns how many were drawn.

    ``fonts`` should already hold the CJK characters of every badge (FontSet(texts)): one subset font
    then serves the whole batch. Without it, the badges are read once to build it.
    """
    spec = LAYOUTS[layout]
    if fonts is None:
        badges = list(badges)
        fonts = FontSet(t for b in badges for t in b.texts())
    lines = Lines(fonts)
    stream = open(out, "wb") if isinstance(out, (str, Path)) else out  # noqa: SIM115  (closed below)
    try:
        c = Canvas(stream, pagesize=spec.page, initialFontName=fonts.font("latin"), initialFontSize=10)
        c.setTitle(title)
        c.setCreator("Delegates")
        bw, bh = spec.badge
        draw = draw_portrait if bh > bw else draw_landscape
        per_page = len(spec.slots)
        count = 0
        for badge in badges:
            slot = count % per_page
            if slot == 0 and count:
                c.showPage()
            if slot == 0 and spec.crop_marks:
                _crop_marks(c, spec)
            ox, oy = spec.slots[slot]
            draw(c, badge, lines, ox, oy, bw, bh)
            count += 1
            if progress is not None:
                progress(count)
        if count:
            c.showPage()
        output.save(c, stream)
    finally:
        if stream is not out:
            stream.close()
    return count
