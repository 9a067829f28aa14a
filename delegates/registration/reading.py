"""Reading the participants file: CSV (UTF-8, any usual separator) or XLSX into rows of text, each with its line.

What cannot be read is reported by line (a line or a cell too long); a file that cannot be read at all
(not UTF-8, not a workbook, a zip bomb) raises ImportRefused.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import PurePath
from typing import NamedTuple

from flask_babel import gettext as _

from delegates.common.exceptions import DomainError
from delegates.registration.exports import COLUMNS

MAX_ROWS = 50_000
MAX_LINE_BYTES = 100 * 1024
MAX_CELL_BYTES = 10 * 1024
MAX_COLUMNS = 200  # of a workbook's sheet
MAX_XLSX_UNPACKED = 200 * 1024 * 1024  # a workbook is a zip: refuse one that unpacks to more than this
EXCEL_SEPARATOR_LINE = re.compile(r"^sep=(.)\r?\n?$")


class ImportRefused(DomainError):
    """The file as a whole cannot be imported: not UTF-8, not a workbook, a required column missing."""


class Problem(NamedTuple):
    """What is wrong, and where: the line in the file (the header is line 1) and the column."""

    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.line is not None and self.column:
            return _("line %(line)d, %(column)s: %(message)s", line=self.line, column=self.column,
                     message=self.message)
        if self.line is not None:
            return _("line %(line)d: %(message)s", line=self.line, message=self.message)
        return self.message


# -- reading --------------------------------------------------------------------------------------------------

@dataclass
class Table:
    """A file's cells as text, each row with its line in the file."""

    header: list[str]
    header_line: int
    rows: list[tuple[int, list[str]]]
    problems: list[Problem] = field(default_factory=list)


def file_kind(file_name: str) -> str:
    """``csv`` or ``xlsx``, from the file's extension."""
    suffix = PurePath(file_name or "").suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ImportRefused(_("“%(name)s” is not a CSV or XLSX file: give a file whose name ends in .csv or .xlsx.",
                              name=PurePath(file_name or "").name))
    return suffix[1:]


def read_table(data: bytes, file_name: str) -> Table:
    return read_xlsx(data) if file_kind(file_name) == "xlsx" else read_csv(data)


def read_csv(data: bytes) -> Table:
    """Rows of a UTF-8 CSV file (with or without BOM), separated by commas, semicolons or tabs."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ImportRefused(_("The file is not UTF-8: save it as “CSV UTF-8” and import it again (line %(line)d "
                              "holds the first character that is not UTF-8).",
                              line=data.count(b"\n", 0, e.start) + 1)) from None
    problems: list[Problem] = []
    lines = _lines(io.StringIO(text, newline=""), problems)
    first = next(lines, "")
    skipped = 0
    if hint := EXCEL_SEPARATOR_LINE.match(first):  # Excel's "sep=;" line names the separator
        delimiter, skipped, first = hint.group(1), 1, next(lines, "")
    else:
        delimiter = _sniff_delimiter(first)
    reader = csv.reader(_chain(first, lines), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    start = skipped + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            # past a quote that does not close, the lines that follow are parts of one cell: reading them as
            # rows would report thousands of false problems (or "too many participants"), so stop here
            problems.append(Problem(start, None, _("This line cannot be read as CSV (%(reason)s): check its "
                                                   "quotes. The lines after it were not read.", reason=str(e))))
            break
        rows.append((start, cells))
        start = skipped + reader.line_num + 1
    return _table(rows, problems)


def _lines(stream: io.StringIO, problems: list[Problem]):
    """The file's lines; one longer than MAX_LINE_BYTES is reported and read as empty."""
    for number, line in enumerate(stream, start=1):
        if len(line) > MAX_LINE_BYTES // 4 and len(line.encode()) > MAX_LINE_BYTES:
            problems.append(Problem(number, None, _("This line is longer than %(kb)d KB: is it one participant? "
                                                    "Check the separators and quotes.", kb=MAX_LINE_BYTES // 1024)))
            yield "\n"
        else:
            yield line


def _chain(first: str, rest):
    if first:
        yield first
    yield from rest


def _sniff_delimiter(header_line: str) -> str:
    try:
        found = csv.Sniffer().sniff(header_line, delimiters=",;\t").delimiter
    except csv.Error:
        return ","
    return found if found in header_line else ","


def read_xlsx(data: bytes) -> Table:
    """Rows of the first sheet of an XLSX workbook, values as the spreadsheet shows them."""
    from openpyxl import load_workbook

    refused = ImportRefused(_("The file is not an XLSX workbook that we can read: save it from your spreadsheet "
                              "as “Excel Workbook (.xlsx)” or as “CSV UTF-8”."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise refused from None
    if unpacked > MAX_XLSX_UNPACKED:
        raise ImportRefused(_("The workbook unpacks to more than %(mb)d MB: split it into smaller files.",
                              mb=MAX_XLSX_UNPACKED // (1024 * 1024)))
    try:
        with warnings.catch_warnings():
            # openpyxl warns about spreadsheet features it drops (styles, validation); only values matter here
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001  openpyxl raises many kinds of error on a damaged or foreign file
        raise refused from None
    try:
        if not workbook.worksheets:
            raise refused
        rows = []
        # a sheet formatted to its last column would otherwise give 16,384 cells a row
        for number, values in enumerate(workbook.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS),
                                        start=1):
            cells = [_text(value) for value in values]
            if any(cell.strip() for cell in cells):
                rows.append((number, cells))
            if len(rows) > MAX_ROWS + 1:
                break  # import_file refuses the file
    finally:
        workbook.close()
    return _table(rows, [])


def _text(value) -> str:
    """A cell's value as the text a person sees (a phone number typed as a number has no ".0")."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)


def _table(rows: list[tuple[int, list[str]]], problems: list[Problem]) -> Table:
    rows = [(line, cells) for line, cells in rows if any(c.strip() for c in cells)]
    if not rows:
        raise ImportRefused(_("The file is empty: its first line must name the columns (%(columns)s), and each "
                              "line after it is one participant.", columns=", ".join(COLUMNS)))
    (header_line, header), *rows = rows
    return Table(header=header, header_line=header_line, rows=rows, problems=problems)
