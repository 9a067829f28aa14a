"""Text in every script on a ReportLab canvas: runs by script, HarfBuzz shaping, right-to-left order, fitting.

A string is split into runs by script; each run gets a Noto font that covers it (see ``fonts``).
Complex scripts (Arabic, Hebrew, Indic, Thai…) are shaped with uharfbuzz through ReportLab's
``shapeStr`` (glyph ids and positions; ``drawString(shaping=True)`` would silently do nothing),
so Arabic joins and Devanagari forms its conjuncts. Runs are put in visual order with the
paragraph-level part of the Unicode bidi algorithm (levels, then reversal of runs), enough for
names and titles. Widths come from the shaped data and scale linearly with the size, so a text
is shaped once and fitted by arithmetic.

User text is only ever drawn as glyphs, never parsed as markup (no ``Paragraph``: CVE-2023-33733).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from reportlab.lib.abag import ABag
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr, shapeFragWord

from delegates.common.pdf import fonts as _fonts

RTL_SCRIPTS = {"arabic", "hebrew"}
UNSHAPED = {"latin", "cjk"}  # simple left-to-right scripts: widths straight from the font's metrics
# no discretionary ligatures: NotoSansArabic's would turn محمد into a vowelled ligature the name does not have
FEATURES = {"kern": True, "liga": True}

# (first, last, script); a script's own marks and digits belong to it
_RANGES = (
    (0x0530, 0x058F, "armenian"), (0x0590, 0x05FF, "hebrew"), (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"), (0x08A0, 0x08FF, "arabic"), (0x0900, 0x097F, "devanagari"),
    (0x0980, 0x09FF, "bengali"), (0x0A00, 0x0A7F, "gurmukhi"), (0x0A80, 0x0AFF, "gujarati"),
    (0x0B80, 0x0BFF, "tamil"), (0x0C00, 0x0C7F, "telugu"), (0x0C80, 0x0CFF, "kannada"),
    (0x0D00, 0x0D7F, "malayalam"), (0x0D80, 0x0DFF, "sinhala"), (0x0E00, 0x0E7F, "thai"),
    (0x0E80, 0x0EFF, "lao"), (0x1000, 0x109F, "myanmar"), (0x10A0, 0x10FF, "georgian"),
    (0x1100, 0x11FF, "cjk"), (0x1200, 0x139F, "ethiopic"), (0x1780, 0x17FF, "khmer"),
    (0x1C90, 0x1CBF, "georgian"), (0x2E80, 0x2FDF, "cjk"), (0x3000, 0x303F, "cjk"),
    (0x3040, 0x30FF, "cjk"), (0x3100, 0x312F, "cjk"), (0x3130, 0x318F, "cjk"), (0x31F0, 0x31FF, "cjk"),
    (0x3400, 0x4DBF, "cjk"), (0x4E00, 0x9FFF, "cjk"), (0xA8E0, 0xA8FF, "devanagari"),
    (0xAC00, 0xD7AF, "cjk"), (0xF900, 0xFAFF, "cjk"), (0xFB1D, 0xFB4F, "hebrew"), (0xFB50, 0xFDFF, "arabic"),
    (0xFE70, 0xFEFF, "arabic"), (0xFF00, 0xFFEF, "cjk"), (0x20000, 0x2FFFF, "cjk"),
)
NEUTRAL, MARK = "neutral", "mark"


def script_of(ch: str) -> str:
    """The script of a character: one of fonts.CORE_FACES' keys, "cjk", NEUTRAL or MARK."""
    cp = ord(ch)
    if cp < 0x0530:
        category = unicodedata.category(ch)
        if category[0] == "M":
            return MARK
        return NEUTRAL if category[0] in "ZPSNC" else "latin"
    for first, last, script in _RANGES:
        if cp < first:
            break
        if cp <= last:
            return script
    category = unicodedata.category(ch)
    if category[0] == "M":
        return MARK
    return NEUTRAL if category[0] in "ZPSNC" else "latin"


def cjk_variant(text: str) -> str:
    """Which CJK face draws the Han characters of this text: Japanese with kana, Korean with Hangul, else Chinese."""
    for ch in text:
        cp = ord(ch)
        if 0x3040 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF:
            return "ja"
        if 0xAC00 <= cp <= 0xD7AF or 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F:
            return "ko"
    return "zh"


@dataclass(frozen=True)
class Run:
    script: str
    text: str
    level: int  # bidi embedding level: even left-to-right, odd right-to-left


def runs(text: str) -> list[Run]:
    """The text cut into runs of one script each, in visual (drawing) order."""
    text = unicodedata.normalize("NFC", text)
    logical: list[list[str]] = []  # [script, text]
    pending = ""  # neutrals before the first strong character
    for ch in text:
        script = script_of(ch)
        if script in (NEUTRAL, MARK):
            if logical:
                logical[-1][1] += ch
            else:
                pending += ch
            continue
        if logical and logical[-1][0] == script:
            logical[-1][1] += ch
        else:
            logical.append([script, ch])
    if not logical:
        return [Run("latin", pending, 0)] if pending else []
    logical[0][1] = pending + logical[0][1]
    paragraph_rtl = logical[0][0] in RTL_SCRIPTS
    base = 1 if paragraph_rtl else 0
    out: list[Run] = []
    for script, chunk in logical:
        rtl = script in RTL_SCRIPTS
        level = (1 if rtl else 0) if not paragraph_rtl else (1 if rtl else 2)
        if level != base:
            # spaces at the edges of an embedded run take the paragraph's direction
            stripped = chunk.rstrip()
            trailing = chunk[len(stripped):]
            core = stripped.lstrip()
            leading = stripped[:len(stripped) - len(core)]
            if leading:
                out.append(Run("latin", leading, base))
            if core:
                out.append(Run(script, core, level))
            if trailing:
                out.append(Run("latin", trailing, base))
        else:
            out.append(Run(script, chunk, level))
    return _reorder(out)


def _reorder(items: list[Run]) -> list[Run]:
    """Rule L2 of the bidi algorithm on runs: from the highest level down, reverse sequences at or above it."""
    if not items:
        return items
    highest = max(r.level for r in items)
    lowest_odd = min((r.level for r in items if r.level % 2), default=None)
    if lowest_odd is None:
        return items
    items = list(items)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(items):
            if items[i].level >= level:
                j = i
                while j < len(items) and items[j].level >= level:
                    j += 1
                items[i:j] = items[i:j][::-1]
                i = j
            else:
                i += 1
    return items


class FontSet:
    """The fonts of one document; CJK faces are subset to the document's characters (add texts first)."""

    def __init__(self, texts: Iterable[str] = ()):
        self._cjk: dict[str, set[str]] = {"ja": set(), "ko": set(), "zh": set()}
        self._names: dict[tuple[str, bool], str] = {}
        self.add(texts)

    def add(self, texts: Iterable[str]) -> None:
        """Note the CJK characters of texts to be drawn, so that one subset font serves them all."""
        for text in texts:
            if not text:
                continue
            chars = {ch for ch in text if script_of(ch) == "cjk"}
            if chars:
                variant = cjk_variant(text)
                if not chars <= self._cjk[variant]:
                    self._cjk[variant] |= chars
                    self._names = {k: v for k, v in self._names.items() if k[0] != variant}

    def font(self, script: str, bold: bool = False, text: str = "") -> str:
        if script != "cjk":
            return _fonts.font_name(script, bold)
        variant = cjk_variant(text)
        if not set(text) <= self._cjk[variant]:
            self.add([text])
        key = (variant, bold)
        name = self._names.get(key)
        if name is None:
            name = self._names[key] = _fonts.cjk_font_name(variant, bold, "".join(self._cjk[variant]))
        return name


@dataclass(frozen=True)
class Piece:
    font: str
    text: str  # a ShapedStr when shaped
    advance: float  # width at size 1


@dataclass(frozen=True)
class Line:
    """A measured line in visual order; ``advance`` is its width at size 1."""

    pieces: tuple[Piece, ...]
    advance: float

    def width(self, size: float) -> float:
        return self.advance * size


def measure(text: str, fonts: FontSet, bold: bool = False) -> Line:
    """Shape and measure one line of text (no wrapping)."""
    pieces = []
    total = 0.0
    for run in runs(text):
        font = fonts.font(run.script, bold, run.text)
        for script, chunk in _within(run, font):
            piece_font = font if script == run.script else fonts.font(script, bold, chunk)
            drawn = chunk
            if script not in UNSHAPED:
                drawn = shape(chunk, piece_font)
            if isinstance(drawn, ShapedStr):
                advance = sum(sd.x_advance for sd in drawn.__shapeData__) / 1000
            else:
                advance = pdfmetrics.stringWidth(drawn, piece_font, 1)
            pieces.append(Piece(piece_font, drawn, advance))
            total += advance
    return Line(tuple(pieces), total)


class Lines:
    """Measured lines kept for a document: names of events, categories, rooms and labels repeat from page to page.

    ``lines(text, bold)`` measures (shapes) a text once; the cache is bounded.
    """

    LIMIT = 5000

    def __init__(self, fonts: FontSet):
        self.fonts = fonts
        self._cache: dict[tuple[str, bool], Line] = {}

    def __call__(self, text: str, bold: bool = False) -> Line:
        key = (text, bold)
        line = self._cache.get(key)
        if line is None:
            if len(self._cache) > self.LIMIT:
                self._cache.clear()
            line = self._cache[key] = measure(text, self.fonts, bold)
        return line


# European numbers, with the separators that join them ("2012", "10:30", "1.5")
_NUMBER = re.compile(r"[0-9]+(?:[.,:/][0-9]+)*")
_MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")


def _within(run: Run, font: str) -> list[tuple[str, str]]:
    """A run's pieces as (script, text) in visual order. In a right-to-left run, numbers read left to right
    (bidi rule I2); the neutrals its font lacks (dashes, brackets, "·" in NotoSansArabic) are drawn in the Latin
    font, mirrored where they are brackets, rather than as empty boxes."""
    if run.script in UNSHAPED:
        return [(run.script, run.text)]
    rtl = run.level % 2 == 1
    cmap = pdfmetrics.getFont(font).face.charToGlyph
    parts: list[list[str]] = []  # [kind, text] in logical order; kind: the run's script, "number" or "latin"
    i, text = 0, run.text
    while i < len(text):
        number = _NUMBER.match(text, i) if rtl else None
        if number:
            kind, chunk, i = "number", number.group(), number.end()
        else:
            ch = text[i]
            i += 1
            lacking = ord(ch) not in cmap and script_of(ch) == NEUTRAL
            kind, chunk = ("latin", ch.translate(_MIRRORED) if rtl else ch) if lacking else (run.script, ch)
        if parts and parts[-1][0] == kind and kind != "number":
            parts[-1][1] += chunk
        else:
            parts.append([kind, chunk])
    if len(parts) == 1 and parts[0][0] == run.script:
        return [(run.script, run.text)]
    if rtl:  # right to left: the pieces, and the neutrals inside a fallback piece, in reverse
        return [("latin", chunk) if kind == "number" else (kind, chunk[::-1] if kind == "latin" else chunk)
                for kind, chunk in reversed(parts)]
    return [(kind, chunk) for kind, chunk in parts]


def shape(text: str, font: str) -> str:
    """HarfBuzz's glyphs for text in font, as a ShapedStr ReportLab draws (or text itself when nothing changes)."""
    word = [pdfmetrics.stringWidth(text, font, 10), (ABag(fontName=font, fontSize=10), text)]
    return shapeFragWord(word, features=FEATURES, force=True)[1][1]


def draw_line(canvas, line: Line, x: float, y: float, size: float, align: str = "left") -> None:
    """Draw a measured line with its baseline at y; x is its left, centre or right according to align."""
    if align == "centre":
        x -= line.width(size) / 2
    elif align == "right":
        x -= line.width(size)
    for piece in line.pieces:
        canvas.setFont(piece.font, size)
        canvas.drawString(x, y, piece.text)
        x += piece.advance * size


def draw_text(canvas, text: str, fonts: FontSet, x: float, y: float, size: float, *, bold: bool = False,
              align: str = "left", max_width: float | None = None) -> float:
    """Draw one line, shrunk so that it is never wider than max_width; returns the size used."""
    line = measure(text, fonts, bold)
    if max_width and line.advance * size > max_width:
        size = max_width / line.advance
    draw_line(canvas, line, x, y, size, align)
    return size


@dataclass(frozen=True)
class Block:
    """Text fitted into a box: its lines (one or two) and their size."""

    lines: tuple[Line, ...]
    size: float
    leading: float

    @property
    def height(self) -> float:
        return self.size * self.leading * len(self.lines)

    def width(self) -> float:
        return max((line.width(self.size) for line in self.lines), default=0.0)


def _breaks(text: str) -> list[int]:
    """Where the text may wrap: at spaces, and between two CJK characters (which need no space)."""
    points = [i for i, ch in enumerate(text) if ch == " " and 0 < i < len(text) - 1]
    if not points:
        points = [i for i in range(1, len(text)) if script_of(text[i - 1]) == "cjk" and script_of(text[i]) == "cjk"]
    return points


def fit(text: str, fonts: FontSet, width: float, height: float, *, max_size: float, wrap_below: float,
        bold: bool = False, max_lines: int = 2, leading: float = 1.18) -> Block:
    """The largest size at which text fits the box, on one line, or on two when one would be smaller than wrap_below.

    Nothing is ever cut: a text that fits no other way is shrunk further.
    """
    text = " ".join(text.split())
    one = measure(text, fonts, bold)
    one_size = min(max_size, width / one.advance if one.advance else max_size, height / leading)
    best = Block((one,), one_size, leading)
    if one_size >= wrap_below or max_lines < 2:
        return best
    limit_by_height = height / (2 * leading)
    for i in _breaks(text):
        first, second = text[:i].strip(), text[i:].strip()
        if not first or not second:
            continue
        a, b = measure(first, fonts, bold), measure(second, fonts, bold)
        widest = max(a.advance, b.advance)
        size = min(max_size, width / widest if widest else max_size, limit_by_height)
        if size > best.size:
            best = Block((a, b), size, leading)
    return best


def draw_block(canvas, block: Block, x: float, top: float, align: str = "centre", ascent: float = 0.92) -> float:
    """Draw a fitted block from its top; returns the y under its last line."""
    y = top - block.size * ascent
    for line in block.lines:
        draw_line(canvas, line, x, y, block.size, align)
        y -= block.size * block.leading
    return top - block.height
