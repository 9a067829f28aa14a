"""Properties that hold for any input (Hypothesis): the participants file's reading, names and search, badge codes.

Pure functions, so one app on SQLite serves every example (built once for the module). The number of examples
is kept modest for CI; ``HYPOTHESIS_PROFILE=deep`` runs many more.
"""
from __future__ import annotations

import csv
import io
import string
from datetime import date
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from delegates import create_app
from delegates.badges import codes
from delegates.extensions import db
from delegates.registration import reading, rows
from delegates.registration.exports import COLUMNS
from delegates.registration.names import is_latin, own_script_name
from delegates.registration.search import fold, query_words, search_key
from delegates.registration.validation import FieldError

ROME = ZoneInfo("Europe/Rome")
# text as people type it: any script, accents, spaces, punctuation; no surrogates
NAME_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40)
CELL = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"), max_size=30)


@pytest.fixture(scope="module")
def context(tmp_path_factory):
    """An application context on a SQLite database with one accredited participant (for badge codes)."""
    from delegates.registration.countries import load_countries
    from delegates.registration.models import Category, Delegation, Event, Participant

    folder = tmp_path_factory.mktemp("fuzz")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'fuzz.sqlite'}",
                      "SECRET_KEY": "fuzz", "MAIL_OUTBOX": str(folder / "outbox")})
    with app.app_context():
        db.create_all()
        load_countries()
        event = Event(slug="fuzz", name="Fuzz Assembly", short_name="FA", city="Rome", venue="Rome Cavalieri",
                      country_code="ITA", timezone="Europe/Rome", starts_on=date(2012, 11, 5),
                      ends_on=date(2012, 11, 8), organiser_name="INTERPOL")
        event.categories = [Category(name="Delegate", badge_colour="#2E7D32", text_colour="#FFFFFF",
                                     protocol_order=1)]
        event.delegations = [Delegation(kind="country", country_code="ITA")]
        db.session.add(event)
        db.session.flush()
        person = Participant(event_id=event.id, delegation_id=event.delegations[0].id,
                             category_id=event.categories[0].id, given_name="Giulia", family_name="Rossi",
                             badge_name="Giulia Rossi", email="giulia@example.org", status="accredited",
                             badge_number=1, token_hash="x" * 64)
        db.session.add(person)
        db.session.commit()
        code = codes.code_for(person)
        db.session.remove()
        yield SimpleNamespace(app=app, code=code)
        db.session.remove()
        db.engine.dispose()


# -- reading the participants file -----------------------------------------------------------------------------

def write_csv(header: list[str] | None, body: list[list[str]], delimiter: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    if header is not None:
        writer.writerow(header)
    writer.writerows(body)
    return out.getvalue()


@given(data=st.binary(max_size=2000))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_bytes_are_read_as_a_table_or_refused_with_a_message(context, data):
    try:
        table = reading.read_csv(data)
    except reading.ImportRefused as refused:
        assert refused.message
        return
    assert all(isinstance(line, int) and line >= 1 for line, _cells in table.rows)
    assert all(p.line is not None and p.message for p in table.problems)


@given(body=st.lists(st.lists(CELL, min_size=len(COLUMNS), max_size=len(COLUMNS)), max_size=8),
       delimiter=st.sampled_from([",", ";", "\t"]), bom=st.booleans())
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_what_a_spreadsheet_writes_is_read_back_cell_for_cell_with_its_lines(context, body, delimiter, bom):
    text = write_csv(list(COLUMNS), body, delimiter)
    data = ("\ufeff" if bom else "") + text
    table = reading.read_csv(data.encode("utf-8"))

    assert table.header == list(COLUMNS) and table.problems == []
    kept = [cells for cells in body if any(c.strip() for c in cells)]  # blank lines are skipped
    assert [cells for _line, cells in table.rows] == kept
    # each row's line is where it starts in the file, counting the lines inside quoted cells
    starts, line = [], 2
    for cells in body:
        if any(c.strip() for c in cells):
            starts.append(line)
        line += write_csv(None, [cells], delimiter).replace("\r\n", "\n").replace("\r", "\n").count("\n")
    assert [n for n, _cells in table.rows] == starts


@given(row=st.dictionaries(st.sampled_from(COLUMNS), st.one_of(CELL, st.integers(), st.floats(allow_nan=True))))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_row_of_the_file_or_the_api_becomes_a_registration_or_a_field_error(context, row):
    with context.app.test_request_context():
        try:
            rows.registration_from_row(row, ROME)
        except FieldError as error:
            assert error.field in COLUMNS or error.field in ("languages", "dietary")


@given(value=st.from_regex(r"\A\d{4}-\d{1,2}-\d{1,2}( \d{1,2}:\d{2})?(; ?[A-Z0-9 ]{0,8}){0,3}\Z") | CELL)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_travel_cell_is_a_moment_in_the_events_zone_or_a_message_naming_the_column(context, value):
    with context.app.test_request_context():
        try:
            travel = rows.parse_travel(value, ROME, "arrival")
        except FieldError as error:
            assert error.field == "arrival"
            return
    if travel.at is not None:
        assert travel.at.tzinfo is not None


# -- names and search -------------------------------------------------------------------------------------------

@given(NAME_TEXT)
def test_folding_twice_changes_nothing(text):
    """A search key is folded once when stored, a query when typed: folding what is folded must not move it."""
    assert fold(fold(text)) == fold(text)


@given(given_name=NAME_TEXT, family_name=NAME_TEXT)
def test_a_person_is_found_by_every_word_of_their_names_however_it_is_typed(given_name, family_name):
    person = SimpleNamespace(given_name=given_name, family_name=family_name, badge_name=None,
                             email="someone@example.org")
    key = search_key(person)
    for typed in (given_name, family_name, given_name.upper(), family_name.lower()):
        for word in query_words(typed):
            assert word in key


@given(given_name=NAME_TEXT, family_name=NAME_TEXT)
def test_a_name_in_its_own_script_is_shown_only_when_it_is_not_latin_and_keeps_every_letter(given_name,
                                                                                          family_name):
    shown = own_script_name(given_name, family_name)
    if is_latin(f"{given_name} {family_name}"):
        assert shown is None
    else:
        assert shown is not None
        assert sorted(shown.replace(" ", "")) == sorted((given_name + family_name).replace(" ", ""))


# -- badge codes --------------------------------------------------------------------------------------------------

ALPHABET = string.ascii_uppercase + string.digits + ".-_ +=/"


@st.composite
def mutations(draw, code: str) -> str:
    """The code with one change: a character replaced, added or taken away, or two swapped."""
    kind = draw(st.sampled_from(["replace", "insert", "delete", "swap"]))
    i = draw(st.integers(0, len(code) - 1))
    char = draw(st.sampled_from(ALPHABET) | st.characters(codec="utf-8", exclude_categories=("Cs",)))
    if kind == "replace":
        return code[:i] + char + code[i + 1:]
    if kind == "insert":
        return code[:i] + char + code[i:]
    if kind == "delete":
        return code[:i] + code[i + 1:]
    j = draw(st.integers(0, len(code) - 1))
    chars = list(code)
    chars[i], chars[j] = chars[j], chars[i]
    return "".join(chars)


def same_code(a: str, b: str) -> bool:
    """What the door reader treats as the same code: case and the spaces around it do not count."""
    return a.strip().upper() == b.strip().upper()


@given(data=st.data())
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_change_to_a_valid_badge_code_is_refused_and_never_raises(context, data):
    with context.app.app_context():
        assert codes.verify(context.code).admitted
        mutated = data.draw(mutations(context.code))
        assume(not same_code(mutated, context.code))
        result = codes.verify(mutated)
        db.session.rollback()
    assert not result.admitted
    assert result.reason in (codes.UNKNOWN, codes.FORGED)


@given(text=st.text(max_size=120))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_text_read_at_a_door_is_answered_and_never_admits(context, text):
    assume(not same_code(text, context.code))
    with context.app.app_context():
        result = codes.verify(text)
        db.session.rollback()
    assert not result.admitted


@given(event_id=st.integers(1, 10**9), participant_id=st.integers(1, 10**12), version=st.integers(1, 10**6))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_every_code_we_sign_decodes_to_its_numbers(context, event_id, participant_id, version):
    with context.app.app_context():
        code = codes.encode(event_id, participant_id, version)
        assert codes.decode(code) == (event_id, participant_id, version)
        assert codes.decode(code.lower()) == (event_id, participant_id, version)
