"""A logistics sheet as a CSV file: UTF-8 with a byte-order mark (for Excel), one row per row of the page,
each section's group (date, hotel, time slot…) in the first columns, formulas neutralised."""
from __future__ import annotations

import csv
import io

from delegates.logistics.tables import Sheet
from delegates.registration.exports import safe_cell


def sheet_csv(sheet: Sheet) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(sheet.csv_header())
    for row in sheet.csv_rows():
        writer.writerow([safe_cell(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
