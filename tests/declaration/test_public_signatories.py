"""The public list of signatories, in the visitor's language, ordered by country name in that language."""
from __future__ import annotations

import re

import pytest

COUNTRIES = ("ITA", "FRA", "ESP", "DEU", "USA")


@pytest.fixture
def signed(client, world, add_person, api_token):
    """Italy, France, Spain, Germany and the United States signed (through the API)."""
    headers = {"Authorization": f"Bearer {api_token('protocol')}"}
    signers = {"ITA": world.people["ita_minister"], "FRA": world.people["fra_minister"],
               "ESP": world.people["esp_minister"], "DEU": add_person("DEU"),
               "USA": add_person("USA", given_name="Janet", family_name="Napolitano", consent_to_publish=True)}
    for country, person in signers.items():
        response = client.post(f"/api/v1/events/test/declarations/{world.declaration}/signatures", headers=headers,
                               json={"country": country, "participant_id": person, "method": "in_person"})
        assert response.status_code == 201, response.get_json()


def countries_listed(client, lang: str) -> list[str]:
    response = client.get(f"/e/test/declaration?lang={lang}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return re.findall(r'<th scope="row">([^<]+)</th>', html)


def test_in_french_the_order_ignores_accents(client, signed):
    # "États-Unis" sorts as "etats-unis", between Espagne and France, not after Italie
    assert countries_listed(client, "fr") == ["Allemagne", "Espagne", "États-Unis", "France", "Italie"]


def test_in_arabic_the_order_follows_the_letters_not_the_hamza(client, signed):
    # أ, إ and ا are one letter for ordering: ا + س before ا + ل, then ا + ي, then ف
    assert countries_listed(client, "ar") == ["إسبانيا", "ألمانيا", "الولايات المتحدة", "إيطاليا", "فرنسا"]


def test_in_english(client, signed):
    assert countries_listed(client, "en") == ["France", "Germany", "Italy", "Spain", "United States"]


def test_the_page_shows_the_declaration_title_and_only_consenting_names(client, signed):
    html = client.get("/e/test/declaration?lang=fr").get_data(as_text=True)
    assert "Déclaration ministérielle commune" in html
    assert "Janet Napolitano" in html  # agreed to be published
    assert "Cancellieri" not in html


def test_the_page_of_an_event_without_a_declaration_is_not_found(client, event):
    assert client.get("/e/test/declaration").status_code == 404


def report_pages(runner, tmp_path) -> list[str]:
    from pypdf import PdfReader

    out = tmp_path / "signatories.pdf"
    result = runner.invoke(args=["report", "signatories", str(out), "--event", "test"])
    assert result.exit_code == 0, result.output
    assert "4 page(s)" in result.output
    return [page.extract_text() for page in PdfReader(out).pages]


def test_the_signatories_report_has_a_part_per_language_each_in_its_order(runner, tmp_path, signed):
    english, french, spanish, arabic = report_pages(runner, tmp_path)
    assert "Joint Ministerial Declaration" in english and "Déclaration ministérielle commune" in french
    positions = [french.index(name) for name in ("Allemagne", "Espagne", "États-Unis", "France", "Italie")]
    assert positions == sorted(positions)
    positions = [english.index(name) for name in ("France", "Germany", "Italy", "Spain", "United States")]
    assert positions == sorted(positions)
    assert "Janet Napolitano" in spanish and "Cancellieri" not in english


def test_the_signatories_report_embeds_every_font(runner, tmp_path, signed):
    from pypdf import PdfReader

    report_pages(runner, tmp_path)
    fonts = set()
    for page in PdfReader(tmp_path / "signatories.pdf").pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            fonts.add((str(font["/BaseFont"]), descriptor is not None and "/FontFile2" in descriptor.get_object()))
    assert fonts and all(embedded for _name, embedded in fonts), fonts


def test_the_report_of_an_event_without_a_declaration_says_so(runner, tmp_path, event):
    result = runner.invoke(args=["report", "signatories", str(tmp_path / "x.pdf"), "--event", "test"])
    assert result.exit_code != 0 and "has no declaration" in result.output
    assert not (tmp_path / "x.pdf").exists()
