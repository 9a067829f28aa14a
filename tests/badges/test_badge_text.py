"""Names in every script on badges: extracted text, fonts embedded, page sizes, long names, shaping."""
from __future__ import annotations

import pytest
from badge_tools import need_cjk_fonts, pdf_fonts, pdf_pages
from pypdf import PdfReader
from reportlab.lib.units import inch, mm
from reportlab.pdfbase.ttfonts import ShapedStr

from delegates.badges.pdf import LAYOUTS, BadgeData, render
from delegates.common.pdf.text import FontSet, fit, measure, runs

NAMES = {
    "Latin": "Łukasz Żółkiewski",
    "Vietnamese": "Nguyễn Thị Minh Khai",
    "Cyrillic": "Владимир Колокольцев",
    "Greek": "Αλέξανδρος Παπαδόπουλος",
    "Chinese": "王小明",
    "Japanese": "山田たろう",
    "Korean": "김민준",
    "Thai": "สมชาย ใจดี",
}
SIXTY = "Maria Fernanda de los Ángeles Rodríguez-Villanueva y Castaña"


def badge(name: str, number: int = 1, **changes) -> BadgeData:
    values = dict(event_name="Test General Assembly", event_dates="5–8 Nov 2012", category="Delegate",
                  band_colour="#2E7D32", text_colour="#FFFFFF", name=name, function="Director of Police",
                  delegation="Italy", number=f"{number:04d}", code=f"1.{number}.1.AAAAAAAAAAAAAAAA")
    values.update(changes)
    return BadgeData(**values)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_names_in_every_script_come_out_of_the_pdf_as_typed(tmp_path, layout):
    need_cjk_fonts()
    out = tmp_path / "badges.pdf"
    render([badge(name, i + 1) for i, name in enumerate(NAMES.values())], out, layout)
    text = "".join("".join(pdf_pages(out)).split())
    for script, name in NAMES.items():
        # a name may be wrapped, or split where the font changes: compare without white space
        assert "".join(name.split()) in text, f"{script} name missing"


def test_every_font_is_embedded_and_subset(tmp_path):
    need_cjk_fonts()
    out = tmp_path / "badges.pdf"
    names = [*NAMES.values(), "محمد بن سلمان", "דוד בן גוריון", "नरेन्द्र मोदी"]
    render([badge(name, i + 1) for i, name in enumerate(names)], out, "a4-4up")
    fonts = pdf_fonts(out)
    assert {f["name"].split("+")[-1].split("-")[0] for f in fonts} >= {
        "NotoSans", "NotoSansArabic", "NotoSansHebrew", "NotoSansDevanagari", "NotoSansThai"}
    assert any("CJK" in f["name"] for f in fonts)
    assert all(f["emb"] == "yes" and f["sub"] == "yes" for f in fonts), fonts


@pytest.mark.parametrize(("layout", "width", "height", "pages"), [
    ("a6", 105 * mm, 148 * mm, 5),
    ("a4-4up", 210 * mm, 297 * mm, 2),
    ("cr80", 85.6 * mm, 54 * mm, 5),
    ("letter-4x3", 8.5 * inch, 11 * inch, 1),
])
def test_each_stock_has_its_exact_page_size(tmp_path, layout, width, height, pages):
    out = tmp_path / "badges.pdf"
    render([badge(f"Person {i}", i + 1) for i in range(5)], out, layout)
    reader = PdfReader(out)
    assert len(reader.pages) == pages
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(width, abs=0.01)
        assert float(page.mediabox.height) == pytest.approx(height, abs=0.01)


@pytest.mark.parametrize(("width", "height", "max_size", "wrap_below"), [
    (93 * mm, 21 * mm, 26, 17),  # the A6 badge's name box
    (45 * mm, 10 * mm, 15, 11),  # about the CR80 card's
])
def test_a_sixty_character_name_wraps_and_fits_its_box(width, height, max_size, wrap_below):
    assert len(SIXTY) == 60
    block = fit(SIXTY, FontSet(), width, height, max_size=max_size, wrap_below=wrap_below, bold=True)
    assert len(block.lines) == 2
    assert block.width() <= width + 0.01  # the shaped width, at the size drawn
    assert block.height <= height + 0.01
    drawn = " ".join("".join(p.text for p in line.pieces) for line in block.lines)
    assert drawn == SIXTY  # nothing cut


def test_a_short_name_stays_on_one_line_at_the_largest_size():
    block = fit("Ana Li", FontSet(), 93 * mm, 21 * mm, max_size=26, wrap_below=17, bold=True)
    assert len(block.lines) == 1 and block.size == 26


def test_a_name_too_long_for_two_lines_is_shrunk_never_cut():
    name = "Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaft"
    block = fit(name, FontSet(), 60 * mm, 21 * mm, max_size=26, wrap_below=17, bold=True)
    assert block.width() <= 60 * mm + 0.01
    assert "".join(p.text for line in block.lines for p in line.pieces) == name


def test_arabic_is_shaped_and_reads_right_to_left_among_latin_words():
    fonts = FontSet()
    line = measure("Director مدير عام Police", fonts, bold=True)
    texts = [p.text for p in line.pieces]
    assert texts[0].startswith("Director") and texts[-1].endswith("Police")
    arabic = next(p for p in line.pieces if "Arabic" in p.font)
    assert isinstance(arabic.text, ShapedStr)  # joined forms, in visual order
    # in a right-to-left paragraph the Latin word comes out on the left of the Arabic ones
    order = [r.script for r in runs("مدير عام INTERPOL")]
    assert order[0] == "latin" and order[-1] == "arabic"


def test_devanagari_forms_its_conjuncts():
    fonts = FontSet()
    line = measure("नरेन्द्र", fonts)
    piece = line.pieces[0]
    assert isinstance(piece.text, ShapedStr)
    assert len(piece.text) < len("नरेन्द्र")  # न्द्र is drawn as fewer glyphs than characters


def test_a_badge_shows_the_photo_or_else_a_drawn_silhouette(tmp_path):
    from PIL import Image

    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (300, 400), "navy").save(photo, "JPEG")
    out = tmp_path / "badges.pdf"
    render([badge("With Photo", 1, photo=str(photo)), badge("Without Photo", 2)], out, "a6")
    with_photo, without = PdfReader(out).pages
    assert len(with_photo.images) == 1
    assert len(without.images) == 0  # the silhouette is vectors, not a picture


def test_a_missing_font_says_which_package_to_install(monkeypatch):
    from delegates.common.pdf import fonts

    monkeypatch.setattr(fonts, "CJK_DIRS", ("/nonexistent",))
    monkeypatch.setattr(fonts, "_cjk_cache", type(fonts._cjk_cache)())
    with pytest.raises(fonts.FontMissing, match="apt-get install fonts-noto-cjk"):
        fonts.cjk_font_name("ja", True, "山田")
    with pytest.raises(fonts.FontMissing, match="fonts-noto-core"):
        fonts._find(("/nonexistent",), "NotoSans-Regular.ttf", fonts.CORE_PACKAGE)


def test_a_large_photo_is_scaled_down_to_the_badge_and_stays_a_jpeg(tmp_path):
    from PIL import Image

    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (600, 800), "teal").save(photo, "JPEG")
    out = tmp_path / "badges.pdf"
    render([badge("Large Photo", 1, photo=str(photo))], out, "a6")
    (image,) = PdfReader(out).pages[0].images
    assert image.image.size == (300, 400)
    xobject = PdfReader(out).pages[0]["/Resources"]["/XObject"]
    (stream,) = [ref.get_object() for ref in xobject.values()]
    assert "/DCTDecode" in stream["/Filter"]  # the JPEG itself, not pixels re-compressed


def test_a_name_in_another_script_is_printed_under_its_latin_badge_name(tmp_path):
    from delegates.registration.names import own_script_name

    need_cjk_fonts()
    people = [("小洪", "王", "Wang Xiaohong"), ("Владимир", "Колокольцев", "Vladimir Kolokoltsev"),
              ("عبد الله", "بن زايد", "Abdullah bin Zayed"), ("Łukasz", "Żółć", "Łukasz Żółć")]
    assert [own_script_name(g, f) for g, f, _ in people] == ["王小洪", "Владимир Колокольцев", "عبد الله بن زايد",
                                                            None]
    out = tmp_path / "badges.pdf"
    render([badge(latin, i + 1, own_name=own_script_name(given, family) or "")
            for i, (given, family, latin) in enumerate(people)], out, "a6")
    pages = ["".join(page.split()) for page in pdf_pages(out)]
    assert "WangXiaohong" in pages[0] and "王小洪" in pages[0]
    assert "VladimirKolokoltsev" in pages[1] and "ВладимирКолокольцев" in pages[1]
