"""Participants files that are wrong in the ways real files are: each is reported by line and changes nothing.

tests/registration/test_import.py covers a Latin-1 file, a BOM with ``;`` or tabs, Excel's ``sep=`` line,
a 100 KB line and formulas; here are what it does not: a 10 MB line (on one line, and inside quotes over
many lines), a UTF-16 file, and all of the usual faults in one real import through the command.
"""
from __future__ import annotations

import codecs
import csv
import io
import sys
from pathlib import Path

import pytest
from served import count

from delegates.registration.exports import COLUMNS

DELEGATES = Path(sys.executable).parent / "delegates"
TEN_MB = 10 * 1024 * 1024


def person(n: int, **changes) -> dict:
    return {"given_name": "Giulia", "family_name": f"Rossi {n}", "country": "ITA", "category": "Delegate",
            "email": f"giulia.rossi.{n}@example.org"} | changes


def csv_text(rows: list[dict], delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter=delimiter, lineterminator="\r\n",
                            extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def nothing_changed(app) -> bool:
    return count(app, "SELECT count(*) FROM participant") == 0 and \
        count(app, "SELECT last_badge_number FROM event") == 0


def import_command(runner, path: Path, slug: str):
    return runner.invoke(args=["import", str(path), "--event", slug])


def test_a_ten_megabyte_line_among_good_rows_is_reported_by_its_line_and_nothing_is_imported(
        app, event, runner, tmp_path):
    text = csv_text([person(1), person(2)])
    text += "Giulia," + "x" * TEN_MB + ",,ITA,Delegate,,,rossi@example.org\r\n"  # line 4
    text += csv_text([person(3)]).split("\r\n", 1)[1]
    file = tmp_path / "participants.csv"
    file.write_text(text, encoding="utf-8")

    result = import_command(runner, file, event.slug)

    assert result.exit_code == 1
    assert "line 4: This line is longer than 100 KB" in result.output
    assert nothing_changed(app)


def test_a_ten_megabyte_cell_in_quotes_over_many_lines_is_reported_and_nothing_is_imported(
        app, event, runner, tmp_path):
    long_cell = "A wheelchair,\n" * (TEN_MB // 14)
    file = tmp_path / "participants.csv"
    file.write_text(csv_text([person(1), person(2, accessibility=long_cell), person(3)]), encoding="utf-8")

    result = import_command(runner, file, event.slug)

    assert result.exit_code == 1
    assert "line 3" in result.output
    assert nothing_changed(app)


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252"])
def test_a_file_in_another_encoding_is_refused_with_what_to_do(app, event, runner, tmp_path, encoding):
    file = tmp_path / "participants.csv"
    file.write_bytes(csv_text([person(1, family_name="Müller"), person(2)]).encode(encoding))

    result = import_command(runner, file, event.slug)

    assert result.exit_code == 1
    assert "not UTF-8" in result.output and "CSV UTF-8" in result.output
    assert nothing_changed(app)


def test_a_file_with_every_usual_fault_is_refused_whole_each_fault_by_line(app, event, runner, tmp_path):
    """A BOM, ``;`` separators, a formula (kept as text: no fault), a bad country, a bad email, a row with
    one cell too many, a quote left open: a real import writes nothing and names each line."""
    rows = [person(1, family_name='=HYPERLINK("http://evil.example.org","Click")'),
            person(2, country="Narnia"), person(3, email="not an address"), person(4)]
    text = csv_text(rows, delimiter=";")
    text += "Ana;García;;;ESP;Delegate;;;ana@example.org" + ";" * len(COLUMNS) + "surplus\r\n"  # line 6
    text += 'Ana;"García;;;ESP;Delegate;;;ana2@example.org\r\n'  # line 7: a quote that never closes
    file = tmp_path / "participants.csv"
    file.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))

    result = import_command(runner, file, event.slug)

    assert result.exit_code == 1
    lines = {line.split(",")[0].split(":")[0] for line in result.output.splitlines() if line.startswith("line ")}
    assert {"line 3", "line 4", "line 6", "line 7"} <= lines
    assert "line 2" not in lines  # the formula is a name like another
    assert nothing_changed(app)
