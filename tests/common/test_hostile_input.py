"""Hostile text in every field of a participant: markup comes out escaped, formulas neutralised, nothing fails.

The corpus goes in twice: through the public form (which accepts or refuses each value, never with a 500),
and straight into the rows (as an import, the API or an older version could have stored it), to be rendered on
every organiser page, the private page, the CSV and XLSX exports, a badge PDF and the list of participants.
"""
from __future__ import annotations

import csv
import io
import re
import subprocess
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from delegates.extensions import db
from delegates.registration.models import Participant
from delegates.registration.services import new_private_token

CORPUS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "'><svg onload=alert(3)>",
    "javascript:alert(4)",
    "{{7*7}} {% raw %}${7*7}",
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "Robert'); DROP TABLE participant;--",
    "' OR '1'='1' -- \" OR \"1\"=\"1",
    "\u202eevil.exe\u202c gpj.txt",
    "\u200fعبد الله بن زايد\u200f",
    "Łukasz Żółć \u2066Nguyễn\u2069",
    "W" * 5000,
]
# the participant's text columns and the lengths the database allows them
TEXT_FIELDS = {"title": 40, "given_name": 100, "family_name": 100, "badge_name": 120, "function": 200,
               "organisation": 200, "phone": 40, "dietary_other": 200, "accessibility": 5000}
FORM_FIELDS = ("title", "given_name", "family_name", "badge_name", "function", "organisation", "phone",
               "dietary_other", "accessibility")
FORMULA_START = ("=", "+", "-", "@")
RAW_MARKUP = [re.compile(p, re.I) for p in (r"<script>alert", r"<img[^>]*onerror", r"<svg[^>]*onload")]
_ARGUMENT = re.compile(r"<(?:(?P<converter>\w+)(?:\((?P<options>[^)]*)\))?:)?(?P<name>\w+)>")


def assert_escaped(page: str, what: str) -> None:
    for pattern in RAW_MARKUP:
        assert not pattern.search(page), f"{what}: unescaped markup {pattern.pattern}"


@pytest.fixture
def hostile(app, event):
    """One accredited participant per corpus string, the string in every text field; returns their ids and
    private tokens."""
    people = []
    with app.app_context():
        for n, text in enumerate(CORPUS, start=1):
            token, token_hash, token_seed = new_private_token()
            values = {name: text[:limit] for name, limit in TEXT_FIELDS.items()}
            p = Participant(event_id=event.id, delegation_id=event.delegations["ITA" if n % 2 else "FRA"],
                            category_id=event.categories["Delegate"], email=f"hostile{n}@example.org",
                            status="accredited", badge_number=n, consent_to_publish=True, dietary="other",
                            accredited_at=datetime.now(UTC), token_hash=token_hash, token_seed=token_seed, **values)
            db.session.add(p)
            db.session.flush()
            people.append((p.id, token))
        db.session.commit()
    return people


def url_of(rule, event, participant_id: int) -> str:
    def value(match):
        converter, name = match.group("converter"), match.group("name")
        if name == "slug":
            return event.slug
        if converter == "any":
            return match.group("options").split(",")[0].strip().strip("'\"")
        if name == "participant_id":
            return str(participant_id)
        return "1"

    return _ARGUMENT.sub(value, rule.rule)


def test_every_organiser_page_escapes_the_corpus(client, logged_in, event, hostile):
    logged_in(client, "admin")
    rules = [r for r in client.application.url_map.iter_rules()
             if r.rule.startswith("/admin") and "GET" in r.methods and r.endpoint != "admin.login"]
    failures = []
    for participant_id, _token in hostile:
        for rule in rules:
            if participant_id != hostile[0][0] and "participant_id" not in rule.rule:
                continue  # lists and dashboards show everyone: once is enough
            url = url_of(rule, event, participant_id)
            response = client.get(url)
            if response.status_code >= 500:
                failures.append(f"GET {url}: {response.status_code}")
            elif response.mimetype == "text/html":
                try:
                    assert_escaped(response.get_data(as_text=True), url)
                except AssertionError as e:
                    failures.append(str(e))
    assert failures == []
    listing = client.get(f"/admin/e/{event.slug}/participants?q=script").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in listing


def test_searching_with_the_corpus_fails_nowhere(client, logged_in, event, hostile):
    logged_in(client, "registrar")
    for text in CORPUS:
        response = client.get(f"/admin/e/{event.slug}/participants", query_string={"q": text})
        assert response.status_code == 200, text[:40]
        assert_escaped(response.get_data(as_text=True), f"search {text[:30]!r}")


def test_the_private_pages_escape_the_corpus(client, event, hostile):
    for participant_id, token in hostile:
        for path in (f"/me/{token}", f"/me/{token}/edit"):
            response = client.get(path)
            assert response.status_code == 200, path
            assert_escaped(response.get_data(as_text=True), f"{path} of #{participant_id}")
    page = client.get(f"/me/{hostile[0][1]}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_csv_export_neutralises_formulas_and_keeps_the_text(client, logged_in, event, hostile):
    logged_in(client, "registrar")
    response = client.get(f"/admin/e/{event.slug}/participants/export.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == len(CORPUS)
    for row in rows:
        for column, cell in row.items():
            assert not (cell or "").startswith(FORMULA_START), f"{column}: {cell[:40]!r} would run as a formula"
    functions = {row["function"] for row in rows}
    assert "'=cmd|' /C calc'!A0" in functions
    assert "<script>alert(1)</script>" in functions  # text stays text in a CSV: no HTML here


def test_the_xlsx_export_holds_no_formula(client, logged_in, event, hostile):
    logged_in(client, "registrar")
    response = client.get(f"/admin/e/{event.slug}/participants/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert cells
    for cell in cells:
        assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value!r}"
        if isinstance(cell.value, str):
            assert not cell.value.startswith(FORMULA_START), f"{cell.coordinate}: {cell.value[:40]!r}"


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout \
        .decode()


def test_a_badge_pdf_prints_the_corpus_as_text(client, event, hostile):
    for participant_id, token in hostile:
        response = client.get(f"/me/{token}/badge.pdf")
        assert response.status_code == 200, f"badge of #{participant_id}: {response.status_code}"
        assert response.data.startswith(b"%PDF")
    text = pdf_text(client.get(f"/me/{hostile[0][1]}/badge.pdf").data)
    assert "<script>" in text or "script" in text  # printed as the characters typed, not interpreted


def test_the_list_of_participants_report_prints_the_corpus(app, runner, event, hostile, tmp_path):
    out = tmp_path / "participants.pdf"
    result = runner.invoke(args=["report", "participants", str(out), "--event", event.slug])
    assert result.exit_code == 0, result.output
    text = pdf_text(out.read_bytes())
    assert "<script>alert(1)</script>" in text
    assert "{{7*7}}" in text and "49" not in text.replace("2012", "")


def test_the_api_returns_the_corpus_as_json_strings(app, client, event, hostile):
    from delegates.admin.services import create_api_token
    from delegates.registration.models import Event

    with app.app_context():
        _row, token = create_api_token(db.session.get(Event, event.id), "viewer", "corpus reader")
        db.session.commit()
    response = client.get(f"/api/v1/events/{event.slug}/participants", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    names = {item["given_name"] for item in response.get_json()["items"]}
    assert "<script>alert(1)</script>" in names


@pytest.mark.parametrize("text", CORPUS, ids=[f"corpus{n}" for n in range(len(CORPUS))])
def test_the_public_form_takes_or_refuses_each_string_without_failing(app, client, csrf_token, event, text):
    path = f"/e/{event.slug}/register"
    data = {"csrf_token": csrf_token(client, path), "ui_language": "en", "dietary": "other", "country": "FRA",
            "category": str(event.categories["Delegate"]), "email": "corpus@example.org"}
    data.update({name: text for name in FORM_FIELDS})
    response = client.post(path, data=data, content_type="multipart/form-data")
    assert response.status_code in (303, 400), response.status_code
    page = response.get_data(as_text=True)
    assert_escaped(page, f"form with {text[:30]!r}")
    if response.status_code == 400:
        assert 'class="error"' in page, "refused without saying which field"
        with app.app_context():
            assert db.session.scalar(select(Participant).where(Participant.email == "corpus@example.org")) is None
    else:
        private = client.get(response.headers["Location"])
        assert private.status_code == 200
        assert_escaped(private.get_data(as_text=True), "the private page after registering")


@pytest.mark.parametrize("text", CORPUS, ids=[f"corpus{n}" for n in range(len(CORPUS))])
def test_the_lost_link_page_takes_or_refuses_each_address_without_failing(client, csrf_token, event, text):
    path = f"/e/{event.slug}/link"
    response = client.post(path, data={"csrf_token": csrf_token(client, path), "email": text})
    assert response.status_code in (303, 400), response.status_code
    page = client.get(response.headers["Location"]) if response.status_code == 303 else response
    assert_escaped(page.get_data(as_text=True), f"lost link page with {text[:30]!r}")
    if response.status_code == 400:
        assert 'id="email-error"' in page.get_data(as_text=True), "refused without saying why"
