"""Noto fonts for every script, registered with ReportLab, embedded and subset in every PDF.

The fonts come from Debian packages (never from the repository): ``fonts-noto-core`` for Latin,
Vietnamese, Cyrillic, Greek, Arabic, Hebrew, Devanagari, Thai and more, ``fonts-noto-cjk`` for
Chinese, Japanese and Korean. Noto CJK is CFF in a ``.ttc``, which ReportLab refuses; a
:class:`FontSet` subsets it with fontTools to the characters a document needs and converts the
outlines to TrueType (about 0.2 s, a few KB, cached per set of characters).
``DELEGATES_FONT_DIR``, when set, is searched first (the same file names, e.g. from PyPI font packages).
"""
from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from io import BytesIO
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from delegates.common.exceptions import DomainError

CORE_DIRS = ("/usr/share/fonts/truetype/noto",)
CJK_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/opentype/noto")
CORE_PACKAGE = "fonts-noto-core"
CJK_PACKAGE = "fonts-noto-cjk"

# script -> file stem in fonts-noto-core ("latin" covers Latin, Vietnamese, Cyrillic and Greek)
CORE_FACES = {
    "latin": "NotoSans",
    "arabic": "NotoSansArabic",
    "hebrew": "NotoSansHebrew",
    "devanagari": "NotoSansDevanagari",
    "thai": "NotoSansThai",
    "armenian": "NotoSansArmenian",
    "georgian": "NotoSansGeorgian",
    "bengali": "NotoSansBengali",
    "tamil": "NotoSansTamil",
    "ethiopic": "NotoSansEthiopic",
    "sinhala": "NotoSansSinhala",
    "khmer": "NotoSansKhmer",
    "lao": "NotoSansLao",
    "myanmar": "NotoSansMyanmar",
    "gujarati": "NotoSansGujarati",
    "gurmukhi": "NotoSansGurmukhi",
    "telugu": "NotoSansTelugu",
    "kannada": "NotoSansKannada",
    "malayalam": "NotoSansMalayalam",
}
# CJK variant -> the face's family name inside NotoSansCJK-*.ttc (Han characters differ by language)
CJK_FACES = {"ja": "Noto Sans CJK JP", "ko": "Noto Sans CJK KR", "zh": "Noto Sans CJK SC"}

_lock = threading.RLock()
_cjk_cache: OrderedDict[tuple, str] = OrderedDict()
CJK_CACHE_SIZE = 32


class FontMissing(DomainError):
    """A font the PDF needs is not installed; the message names the package to install."""


def _find(dirs, filename: str, package: str) -> Path:
    extra = os.environ.get("DELEGATES_FONT_DIR")  # a folder of our own fonts first, when set
    for folder in ((extra,) if extra else ()) + tuple(dirs):
        path = Path(folder) / filename
        if path.is_file():
            return path
    raise FontMissing(f"The font {filename} is not installed: install the Debian package {package} "
                      f"(apt-get install {package}).")


def font_name(script: str, bold: bool = False) -> str:
    """The registered name of the font for a script (registered on first use)."""
    stem = CORE_FACES.get(script, "NotoSans")
    name = f"{stem}-{'Bold' if bold else 'Regular'}"
    if name not in pdfmetrics._fonts:
        with _lock:
            if name not in pdfmetrics._fonts:
                pdfmetrics.registerFont(TTFont(name, str(_find(CORE_DIRS, name + ".ttf", CORE_PACKAGE))))
    return name


def check_installed() -> None:
    """Raise FontMissing unless the core and CJK fonts are there."""
    for bold in (False, True):
        font_name("latin", bold)
        _find(CJK_DIRS, _cjk_file(bold), CJK_PACKAGE)


def _cjk_file(bold: bool) -> str:
    return f"NotoSansCJK-{'Bold' if bold else 'Regular'}.ttc"


def cjk_font_name(variant: str, bold: bool, characters: str) -> str:
    """A TrueType font registered under a name of its own, holding just these CJK characters."""
    chars = "".join(sorted(set(characters)))
    digest = hashlib.sha256(chars.encode("utf-8")).hexdigest()[:12]
    key = (variant, bold, digest)
    with _lock:
        name = _cjk_cache.get(key)
        if name is not None and name in pdfmetrics._fonts:
            _cjk_cache.move_to_end(key)
            return name
        name = f"NotoSansCJK{variant}-{'Bold' if bold else 'Regular'}-{digest}"
        data = _cjk_truetype(variant, bold, chars)
        pdfmetrics.registerFont(TTFont(name, BytesIO(data)))
        _cjk_cache[key] = name
        while len(_cjk_cache) > CJK_CACHE_SIZE:
            _, old = _cjk_cache.popitem(last=False)
            font = pdfmetrics._fonts.get(old)
            if font is not None:
                font.unregister()
        return name


def _cjk_truetype(variant: str, bold: bool, chars: str) -> bytes:
    """Subset the CFF CJK face to ``chars`` and convert its cubic outlines to TrueType quadratics."""
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTCollection, newTable

    path = _find(CJK_DIRS, _cjk_file(bold), CJK_PACKAGE)
    collection = TTCollection(str(path), lazy=True)
    wanted = CJK_FACES[variant]
    font = next((f for f in collection.fonts if f["name"].getDebugName(1) == wanted), collection.fonts[0])
    options = subset.Options()
    options.layout_features = ["*"]
    options.notdef_outline = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars + " ")
    subsetter.subset(font)

    glyph_set = font.getGlyphSet()
    order = font.getGlyphOrder()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for glyph_name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[glyph_name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[glyph_name] = pen.glyph()
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements", "maxPoints",
                 "maxContours", "maxCompositePoints", "maxCompositeContours", "maxComponentDepth"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].indexToLocFormat = 0
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"
    out = BytesIO()
    font.save(out)
    collection.close()
    return out.getvalue()
