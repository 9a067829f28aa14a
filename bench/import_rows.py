"""How fast the participants file imports: 10,000 rows from a CSV into a fresh SQLite database.

    .venv/bin/python bench/import_rows.py [--rows 10000] [--database postgresql+psycopg://…] [--keep DIR]

The file is the same on every run: names in their own scripts (Latin, Cyrillic, Arabic, Chinese,
Japanese, Korean, Greek, Devanagari, Thai…) from the demo's name maker, people of ~150 countries,
phones, two languages, dietary needs, travel and hotels. The event takes no quota. The script times
the dry run and the real import (reading, checking and writing, commit included) and prints JSON,
with the CPU time and the load average too: on a shared machine the wall time moves with the load.
The goal: the real import of 10,000 rows in under 10 s.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import phonenumbers
import pycountry

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from delegates import create_app  # noqa: E402
from delegates.demo.membership import member_alpha2  # noqa: E402
from delegates.demo.names import NameMaker  # noqa: E402
from delegates.extensions import db  # noqa: E402
from delegates.registration.exports import COLUMNS  # noqa: E402

SEED = 10_000
CATEGORIES = [("Minister", "#8B1E2D", 1), ("Head of Delegation", "#1F4E79", 2), ("Delegate", "#2E7D32", 3),
              ("Observer", "#6A1B9A", 4)]
HOTELS = ["Rome Cavalieri", "Hotel Quirinale", "Grand Hotel Plaza"]
DIETARY = ["", "", "", "", "vegetarian", "halal", "kosher", "gluten free", "other: no shellfish"]
LANGUAGES = ["en", "fr", "es", "ar", "fr;en", "ar;en", "es;fr", "en;fr"]
FLIGHTS = ["AZ 609", "AF 1404", "LH 230", "EK 097", "QR 115", "TK 1863", "MS 791", "ET 736"]


def countries() -> list[str]:
    """~150 member countries that libphonenumber has an example number for."""
    usable = [a2 for a2 in member_alpha2() if phonenumbers.example_number_for_type(a2, 0) is not None]
    return usable[:150]


def phone_of(alpha2: str) -> str:
    number = phonenumbers.example_number_for_type(alpha2, phonenumbers.PhoneNumberType.FIXED_LINE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def participants_csv(rows: int) -> bytes:
    rng = random.Random(SEED)
    names = NameMaker(rng, SEED)
    codes = countries()
    phones = {a2: phone_of(a2) for a2 in codes}
    # each country as its alpha-3 code, its alpha-2 code and its English name, in turn
    spellings = {a2: (c.alpha_3, a2, c.name) for a2 in codes if (c := pycountry.countries.get(alpha_2=a2))}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for i in range(rows):
        a2 = codes[i % len(codes)]
        name = names.person(a2, female=rng.random() < 0.4)
        day = rng.choice((3, 4))
        writer.writerow({
            "title": rng.choice(("Mr", "Ms", "Dr", "")),
            "given_name": name.given or "",
            "family_name": name.family or "",
            "badge_name": name.badge[:60],
            "country": spellings[a2][i % 3],
            "category": "Delegate" if i % 10 else rng.choice(("Head of Delegation", "Minister", "Observer")),
            "function": rng.choice(("Director of Police", "Head of NCB", "Police Attaché", "Legal Adviser")),
            "organisation": "National Central Bureau",
            "email": f"participant.{i:05d}@{a2.lower()}.example.org",
            "phone": phones[a2],
            "languages": rng.choice(LANGUAGES),
            "dietary": rng.choice(DIETARY),
            "accessibility": "wheelchair access" if i % 97 == 0 else "",
            "arrival": f"2012-11-0{day} {rng.randrange(6, 22):02d}:{rng.choice((0, 15, 30, 45)):02d}; "
                       f"{rng.choice(FLIGHTS)}; FCO" if i % 2 else "",
            "departure": f"2012-11-0{rng.choice((8, 9))} 10:30" if i % 2 else "",
            "hotel": rng.choice(HOTELS) if i % 4 else "",
            "status": "accredited" if i % 5 == 0 else "submitted",
        })
    return out.getvalue().encode("utf-8")


def make_event():
    from delegates.logistics.models import Hotel
    from delegates.registration.models import Category, Event

    event = Event(slug="bench", name="Import bench", city="Rome", country_code="ITA", timezone="Europe/Rome",
                  starts_on=date(2012, 11, 5), ends_on=date(2012, 11, 8), default_quota=None)
    event.categories = [Category(name=name, badge_colour=colour, protocol_order=order)
                        for name, colour, order in CATEGORIES]
    db.session.add(event)
    db.session.flush()
    db.session.add_all(Hotel(event_id=event.id, name=name) for name in HOTELS)
    db.session.commit()
    return event


def run(rows: int, url: str | None, keep: Path | None) -> dict:
    from sqlalchemy import func, select

    from delegates.admin.models import AuditEntry
    from delegates.registration.countries import load_countries
    from delegates.registration.imports import import_file
    from delegates.registration.models import Participant

    folder = keep or Path(tempfile.mkdtemp(prefix="import-bench-"))
    url = url or f"sqlite:///{folder / 'bench.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    data = participants_csv(rows)
    (folder / "participants.csv").write_bytes(data)
    with app.app_context():
        db.drop_all()
        db.create_all()
        load_countries()
        db.session.commit()
        event = make_event()

        started, cpu = time.perf_counter(), time.process_time()
        dry = import_file(event, data, "participants.csv", dry_run=True)
        db.session.commit()
        dry_seconds, dry_cpu = time.perf_counter() - started, time.process_time() - cpu
        assert dry.ok, [str(p) for p in dry.errors[:10]]

        started, cpu = time.perf_counter(), time.process_time()
        real = import_file(event, data, "participants.csv", dry_run=False)
        db.session.commit()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        assert real.created == rows, [str(p) for p in real.errors[:10]]

        stored = db.session.scalar(select(func.count()).select_from(Participant))
        audited = db.session.scalar(select(func.count()).select_from(AuditEntry))
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()
    return {
        "rows": rows,
        "database": url.split(":", 1)[0],
        "file_bytes": len(data),
        "dry_run_seconds": round(dry_seconds, 2),
        "dry_run_rows_per_second": round(rows / dry_seconds),
        "dry_run_cpu_seconds": round(dry_cpu, 2),
        "import_seconds": round(seconds, 2),
        "import_rows_per_second": round(rows / seconds),
        "import_cpu_seconds": round(cpu, 2),
        "load_average": round(os.getloadavg()[0], 2),
        "participants_stored": stored,
        "audit_entries": audited,
        "goal_seconds": 10,
        "within_goal": seconds < 10,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database", help="a SQLAlchemy URL; a new SQLite file by default (its tables are "
                                           "dropped and made again)")
    parser.add_argument("--keep", type=Path, help="keep the database and the CSV in this folder")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    print(json.dumps(run(args.rows, args.database, args.keep), indent=2))


if __name__ == "__main__":
    main()
