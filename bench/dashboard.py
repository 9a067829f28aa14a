"""Server time and SQL statements of the event dashboard and the participants list, with the demo event scaled
to 10,000 participants and 100,000 scans, against the web floor's GROUP BY endpoint measured in the same run.

    .venv/bin/python bench/dashboard.py [--participants 10000] [--scans 100000] [--requests 30] [--out DIR]

1. A fresh SQLite database in ``--out``: ``delegates db upgrade`` and ``delegates demo`` (1,137 participants),
   then bulk INSERTs (Core ``insert()`` with lists of rows, 5,000 a statement batch) up to ``--participants``
   people (spread over the demo's delegations, categories and registration window, three in four accredited,
   search keys made by the app's own ``search_key``), badge prints for two in three accredited people, and
   ``--scans`` scans at the entrance and session doors over the four days, with the attendance they make.
2. Delegates in this process through Flask's test client, logged in as an administrator: each page is asked
   for twice to warm up, then ``--requests`` times; each request's wall time (server time: no network, no
   browser) and the SQL statements it sent (a ``before_cursor_execute`` listener). Pages: the dashboard, the
   participants list, its first page with a search, and the audit log.
3. The floor (``../shared/bench/web``'s ``app.py``, used as it is), in a subprocess so that its modules do not
   meet ours: its table filled with 10,000 and then 100,000 rows (as its ``seed.py`` would, which cannot run
   here: it imports a module that the folder does not have), and ``GET /stats`` (one GROUP BY over the table,
   JSON) timed the same way through its own test client.

Prints a table on stderr and one JSON line on stdout: per page the median and p95 in ms, the statements per
request (min and max: equal when they do not depend on the request), the bytes of the page, and the goal
(< 300 ms median, statements independent of the data).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = (ROOT / ".." / "shared" / "bench" / "web").resolve()
BIN = ROOT / ".venv" / "bin" if (ROOT / ".venv" / "bin" / "delegates").exists() else Path(sys.executable).parent
SLUG = "ga81"
PASSWORD = "bench password, loopback only"  # noqa: S105  an account of the bench's own database
GOAL_MS = 300

FLOOR_TIMER = """
import json, random, statistics, sys, time
sys.path.insert(0, ".")
from app import Delegate, app, db
rows, n = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(3)
countries = [f"Country {i}" for i in range(190)]
categories = [f"Category {i}" for i in range(10)]
with app.app_context():
    db.session.execute(db.delete(Delegate))
    batch = [{"name": f"Delegate {i}", "email": f"d{i}@example.invalid", "country": rng.choice(countries),
              "category": rng.choice(categories), "function": "Delegate"} for i in range(rows)]
    for i in range(0, rows, 10000):
        db.session.execute(db.insert(Delegate), batch[i:i + 10000])
    db.session.commit()
client = app.test_client()
for _ in range(2):
    client.get("/stats")
times = []
for _ in range(n):
    t = time.perf_counter(); r = client.get("/stats"); times.append((time.perf_counter() - t) * 1000)
    assert r.status_code == 200
print(json.dumps(times))
"""


def run(command: list[str], *, cwd: Path, env: dict) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600,  # noqa: S603
                          check=False)
    if done.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def build_database(url: str, out: Path, participants: int, scans: int) -> dict:
    env = {**os.environ, "DATABASE_URL": url}
    started = time.perf_counter()
    run([str(BIN / "delegates"), "db", "upgrade"], cwd=ROOT, env=env)
    run([str(BIN / "delegates"), "demo"], cwd=ROOT, env=env)
    demo_s = time.perf_counter() - started
    started = time.perf_counter()
    added = scale_up(url, participants, scans)
    return {"demo_s": round(demo_s, 1), "scale_s": round(time.perf_counter() - started, 1), **added}


def scale_up(url: str, participants: int, scans: int) -> dict:
    """Generated rows up to ``participants`` people and ``scans`` scans, in bulk."""
    from sqlalchemy import func, insert, select

    from delegates import create_app
    from delegates.badges.models import BadgePrint
    from delegates.checkin.models import Attendance, Scan
    from delegates.extensions import db
    from delegates.programme.models import ConferenceSession
    from delegates.registration.models import Category, Delegation, Event, Participant
    from delegates.registration.search import search_key
    from delegates.registration.services import new_private_token

    rng = random.Random(81)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == SLUG))
        have = db.session.scalar(select(func.count()).select_from(Participant).where(Participant.event_id == event.id))
        delegations = db.session.scalars(select(Delegation.id).where(Delegation.event_id == event.id,
                                                                     Delegation.kind == "country")).all()
        categories = db.session.scalars(select(Category.id).where(Category.event_id == event.id,
                                                                  ~Category.is_minister)).all()
        names = db.session.execute(select(Participant.given_name, Participant.family_name)
                                   .where(Participant.event_id == event.id)).all()
        sessions = db.session.scalars(select(ConferenceSession.id)
                                      .where(ConferenceSession.event_id == event.id)).all()
        window_start = datetime(2012, 6, 1, 7, 0, tzinfo=UTC)
        badge = event.last_badge_number
        rows = []
        for i in range(max(participants - have, 0)):
            given, family = rng.choice(names)
            accredited = rng.random() < 0.75
            badge_number = None
            if accredited:
                badge += 1
                badge_number = badge
            person = Participant(given_name=given, family_name=family, badge_name=f"{given or ''} {family or ''}"
                                 .strip(), email=f"bench.{i}@example.org")
            rows.append({
                "event_id": event.id, "delegation_id": rng.choice(delegations), "category_id": rng.choice(categories),
                "given_name": given, "family_name": family, "badge_name": person.badge_name, "email": person.email,
                "token_hash": new_private_token()[1], "status": "accredited" if accredited else "submitted",
                "badge_number": badge_number, "badge_version": 1, "search_key": search_key(person),
                "registered_via": "import", "dietary": "none",
                "created_at": window_start + timedelta(minutes=rng.randrange(0, 150 * 24 * 60)),
                "updated_at": window_start, "accredited_at": window_start if accredited else None,
            })
        for start in range(0, len(rows), 5000):
            db.session.execute(insert(Participant), rows[start:start + 5000])
        event.last_badge_number = badge
        db.session.flush()
        accredited = db.session.scalars(select(Participant.id).where(Participant.event_id == event.id,
                                                                     Participant.status == "accredited")).all()
        prints = [{"participant_id": pid, "badge_version": 1, "layout": "a6", "batch": "bench",
                   "printed_at": datetime(2012, 11, 1, 9, tzinfo=UTC)} for pid in accredited if rng.random() < 0.66]
        db.session.execute(insert(BadgePrint), prints)
        days = [date(2012, 11, d) for d in range(5, 9)]
        places = ["entrance"] * 3 + [f"session:{s}" for s in sessions]
        scan_rows, seen = [], {}
        for _ in range(scans):
            pid, day, place = rng.choice(accredited), rng.choice(days), rng.choice(places)
            moment = datetime(day.year, day.month, day.day, rng.randrange(7, 18), rng.randrange(60),
                              rng.randrange(60), tzinfo=UTC)
            key = (pid, place, day)
            scan_rows.append({"event_id": event.id, "participant_id": pid, "badge_version": 1, "place": place,
                              "session_id": int(place[8:]) if place != "entrance" else None,
                              "result": "already" if key in seen else "admitted", "scanned_at": moment})
            seen[key] = min(seen.get(key, moment), moment)
        for start in range(0, len(scan_rows), 5000):
            db.session.execute(insert(Scan), scan_rows[start:start + 5000])
        attendance = [{"event_id": event.id, "participant_id": pid, "place": place,
                       "session_id": int(place[8:]) if place != "entrance" else None, "day": day,
                       "first_seen_at": first, "source": "scan"} for (pid, place, day), first in seen.items()]
        for start in range(0, len(attendance), 5000):
            db.session.execute(insert(Attendance), attendance[start:start + 5000])
        db.session.commit()
    return counts(url)


def counts(url: str) -> dict:
    """What the database holds, and a family name many people share (the search to time)."""
    from sqlalchemy import func, select

    from delegates import create_app
    from delegates.badges.models import BadgePrint
    from delegates.checkin.models import Attendance, Scan
    from delegates.extensions import db
    from delegates.registration.models import Participant

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        found = {name: db.session.scalar(select(func.count()).select_from(model))
                 for name, model in (("participants", Participant), ("scans", Scan), ("attendance", Attendance),
                                     ("badge_prints", BadgePrint))}
        frequent = db.session.execute(select(Participant.family_name, func.count()).group_by(Participant.family_name)
                                      .order_by(func.count().desc()).limit(1)).first()
        found["search"] = frequent[0]
    return found


def measure_app(url: str, requests: int, search: str) -> dict:
    import re

    from sqlalchemy import event as sa_event

    from delegates import create_app
    from delegates.admin.services import create_organiser
    from delegates.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        from sqlalchemy import select

        from delegates.admin.models import Organiser

        if db.session.scalar(select(Organiser).where(Organiser.email == "bench-admin@example.org")) is None:
            create_organiser("bench-admin@example.org", PASSWORD, ("admin",))
            db.session.commit()
        engine = db.engine
    client = app.test_client()
    page = client.get("/admin/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    answer = client.post("/admin/login", data={"csrf_token": token, "email": "bench-admin@example.org",
                                               "password": PASSWORD})
    if answer.status_code != 303:
        raise SystemExit(f"bench: the login answered {answer.status_code}")
    statements = 0

    def count(*_):
        nonlocal statements
        statements += 1

    sa_event.listen(engine, "before_cursor_execute", count)
    pages = {
        "dashboard": f"/admin/e/{SLUG}/",
        "participants": f"/admin/e/{SLUG}/participants",
        "participants_search": f"/admin/e/{SLUG}/participants?q={search}",
        "audit": f"/admin/e/{SLUG}/audit",
    }
    results = {}
    for name, path in pages.items():
        for _ in range(2):
            client.get(path)
        times, counts, size = [], [], 0
        for _ in range(requests):
            statements = 0
            started = time.perf_counter()
            answer = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            counts.append(statements)
            if answer.status_code != 200:
                raise SystemExit(f"bench: {path} answered {answer.status_code}")
            size = len(answer.data)
        results[name] = {"path": path, "median_ms": round(statistics.median(times), 1),
                         "p95_ms": round(p95(times), 1), "statements_min": min(counts),
                         "statements_max": max(counts), "bytes": size}
    sa_event.remove(engine, "before_cursor_execute", count)
    return results


def measure_floor(out: Path, requests: int) -> dict:
    results = {}
    for rows in (10_000, 100_000):
        env = {**os.environ, "DB_PATH": str(out / "floor.sqlite3")}
        env.pop("DATABASE_URL", None)
        # its seed.py imports a module of ../ that is not there; the same rows are made here
        times = json.loads(run([sys.executable, "-c", FLOOR_TIMER, str(rows), str(requests)], cwd=FLOOR, env=env))
        results[f"floor_stats_{rows // 1000}k"] = {"path": "/stats", "median_ms": round(statistics.median(times), 1),
                                                   "p95_ms": round(p95(times), 1), "statements_min": 1,
                                                   "statements_max": 1}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--scans", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=30, help="measured requests per page (default 30)")
    parser.add_argument("--out", help="folder for the databases (default: a new temporary folder)")
    parser.add_argument("--database-url", help="an EMPTY database to use instead of a new SQLite file")
    parser.add_argument("--reuse", action="store_true", help="measure the SQLite database that --out holds already")
    args = parser.parse_args()
    if not (FLOOR / "app.py").exists():
        raise SystemExit(f"bench: the floor is not at {FLOOR}")
    out = Path(args.out or tempfile.mkdtemp(prefix="delegates-bench-dashboard-")).resolve()
    out.mkdir(parents=True, exist_ok=True)
    db_file = out / "delegates.sqlite"
    url = args.database_url or f"sqlite:///{db_file}"
    print(f"bench: databases in {out}", file=sys.stderr)
    if args.reuse and db_file.exists():
        data = counts(url)
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)
        data = build_database(url, out, args.participants, args.scans)
    print(f"bench: data {data}", file=sys.stderr)
    pages = measure_app(url, args.requests, data.pop("search"))
    floor = measure_floor(out, args.requests)
    width = max(len(k) for k in (*pages, *floor))
    print(f"{'page':<{width}}  {'median ms':>9}  {'p95 ms':>7}  {'SQL':>7}", file=sys.stderr)
    for name, r in {**pages, **floor}.items():
        sql = str(r["statements_min"]) if r["statements_min"] == r["statements_max"] else \
            f"{r['statements_min']}-{r['statements_max']}"
        print(f"{name:<{width}}  {r['median_ms']:>9}  {r['p95_ms']:>7}  {sql:>7}", file=sys.stderr)
    summary = {
        "bench": "dashboard", "database": url.split(":", 1)[0], "data": data, "pages": pages, "floor": floor,
        "goal_ms": GOAL_MS,
        "under_goal": {name: r["median_ms"] < GOAL_MS for name, r in pages.items()},
        "dashboard_over_floor_100k": round(pages["dashboard"]["median_ms"] / floor["floor_stats_100k"]["median_ms"],
                                           1),
        "load_average": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
