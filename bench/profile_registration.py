"""Where a registration's time goes: the form page and the POST, stage by stage, in one process.

    .venv/bin/python bench/profile_registration.py [--requests 200] [--cprofile get|post]

Builds a fresh demo database in a temporary folder (quotas raised as in bench/registration.py),
then sends GETs and valid POSTs of /e/ga81/register through Flask's test client, with timers
wrapped around the functions a registration passes through. Prints, per stage, the median and
mean milliseconds per request (stages nest: a stage includes those indented under it) and the
SQL statements per request; and first, the floor's CPU per request through the same test client.
CPU time in one process, so less noisy than wrk on a shared machine; it leaves out gunicorn and
the network.
"""
from __future__ import annotations

import argparse
import cProfile
import functools
import os
import pstats
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

TIMES: dict[str, list[tuple[float, float]]] = defaultdict(list)  # label -> [(wall, cpu) per request]
CURRENT: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
QUERIES = [0]


def timed(owner, name: str, label: str) -> None:
    """Replace ``owner.name`` by a wrapper that adds its wall and CPU time to ``label``."""
    original = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        start, cpu = time.perf_counter(), time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            CURRENT[label][0] += time.perf_counter() - start
            CURRENT[label][1] += time.process_time() - cpu

    setattr(owner, name, wrapper)


def instrument(app) -> None:
    from flask_wtf import FlaskForm

    import delegates.common.database as database
    import delegates.common.mail as mail
    import delegates.registration.formdata as formdata
    import delegates.registration.notifications as notifications
    import delegates.registration.participants as participants
    import delegates.registration.search as search
    import delegates.registration.views.form as form_view
    from delegates.extensions import db
    from delegates.programme import services as programme

    timed(app, "wsgi_app", "the whole WSGI call (no test client)")
    timed(form_view, "public_event", "event lookup")
    timed(form_view, "NewRegistrationForm", "form construction (CSRF, session)")
    timed(form_view, "fill_choices", "fill_choices")
    timed(formdata, "country_choices", "  country_choices")
    timed(programme, "sessions_of", "  sessions_of (also in request_sessions)")
    timed(FlaskForm, "validate_on_submit", "validate_on_submit (CSRF check)")
    timed(form_view, "registration_from_form", "registration_from_form")
    timed(participants, "register", "participants.register")
    timed(participants, "prepare", "participants.prepare (read: cleaning)")
    timed(participants, "_clean", "  _clean (validation, delegation, category, hotel)")
    timed(programme, "check_requests", "programme.check_requests (read)")
    timed(participants, "find_by_email", "  find_by_email")
    timed(participants, "check_quota", "  check_quota")
    timed(participants, "next_badge_number", "  next_badge_number")
    timed(participants, "record", "  audit record")
    timed(search, "search_key", "  search_key")
    timed(participants, "_travel_rows", "  _travel_rows")
    timed(db.session, "flush", "  flush (explicit calls)")
    timed(programme, "request_sessions", "request_sessions")
    timed(database, "start_writing", "start_writing (end the read)")
    timed(database, "commit_keeping_loaded", "commit_keeping_loaded (also in start_writing)")
    timed(notifications, "mail_private_link", "mail_private_link")
    timed(notifications, "render_mail", "  mail templates (text + HTML)")
    timed(mail, "build_message", "  build_message")
    timed(mail, "write_to_outbox", "  write_to_outbox (as_bytes, fsync, rename)")
    timed(os, "fsync", "    fsync")
    timed(form_view, "render_template", "render the form page")
    timed(app, "process_response", "process_response (after_request, session cookie)")
    timed(app, "do_teardown_appcontext", "teardown (session removed)")

    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    @event.listens_for(Engine, "before_cursor_execute")
    def count(*args):
        QUERIES[0] += 1


def body(token: str, n: int) -> dict:
    from registration_data import form_fields  # bench/registration_data.py

    return {"csrf_token": token, **form_fields(n)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--cprofile", choices=("get", "post"), help="also print a cProfile of these requests")
    parser.add_argument("--database", help="an existing demo SQLite file to use instead of a fresh one")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="delegates-profile-"))
    db_path = Path(args.database) if args.database else folder / "delegates.sqlite"
    for key in ("MAIL_SERVER", "REDIS_URL"):
        os.environ.pop(key, None)
    os.environ.update(DATABASE_URL=f"sqlite:///{db_path}", SECRET_KEY=secrets.token_urlsafe(32),
                      MAIL_OUTBOX=str(folder / "outbox"), PHOTO_FOLDER=str(folder / "photos"))
    if not args.database:
        bin_ = Path(sys.executable).parent
        for command in (["db", "upgrade"], ["demo"]):
            subprocess.run([str(bin_ / "delegates"), *command], cwd=ROOT, check=True,  # noqa: S603
                           capture_output=True)
        from registration import prepare_database  # bench/registration.py

        prepare_database(db_path)
    print(f"database {db_path}, outbox {folder / 'outbox'}", file=sys.stderr)

    import logging

    from delegates import create_app

    # every request comes from one address: the form's rate limit is checked, but set so high it refuses none
    app = create_app({"RATELIMIT_REGISTER": "100000000 per minute"})
    app.logger.getChild("mail").setLevel(logging.WARNING)  # one INFO line per mail otherwise
    instrument(app)
    client = app.test_client()
    page = client.get("/e/ga81/register").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    counter = [0]

    def get():
        answer = client.get("/e/ga81/register")
        assert answer.status_code == 200, answer.status_code

    def post():
        counter[0] += 1
        answer = client.post("/e/ga81/register", data=body(token, counter[0]), content_type="multipart/form-data")
        assert answer.status_code == 303, (answer.status_code, answer.text[:2000])

    floor_cpu(args.requests, folder)
    for name, request in (("GET", get), ("POST", post)):
        for _ in range(5):  # warm caches
            request()
        TIMES.clear()
        per_request, per_request_cpu, queries = [], [], []
        profile = cProfile.Profile() if args.cprofile == name.lower() else None
        for _ in range(args.requests):
            CURRENT.clear()
            QUERIES[0] = 0
            if profile:
                profile.enable()
            start, cpu = time.perf_counter(), time.process_time()
            request()
            per_request.append(time.perf_counter() - start)
            per_request_cpu.append(time.process_time() - cpu)
            if profile:
                profile.disable()
            queries.append(QUERIES[0])
            for label, (wall, cpu_) in CURRENT.items():
                TIMES[label].append((wall, cpu_))
        print(f"\n{name} /e/ga81/register: {args.requests} requests; per request: CPU median "
              f"{ms(statistics.median(per_request_cpu))} ms, wall median {ms(statistics.median(per_request))} ms; "
              f"{statistics.median(queries):.0f} SQL statements")
        print(f"  {'stage (medians per request)':<55} {'CPU ms':>8} {'wall ms':>8}")
        for label, values in TIMES.items():
            values += [(0.0, 0.0)] * (args.requests - len(values))
            wall = statistics.median(v[0] for v in values)
            cpu_ = statistics.median(v[1] for v in values)
            print(f"  {label:<55} {ms(cpu_):>8} {ms(wall):>8}")
        if profile:
            stats = pstats.Stats(profile).sort_stats(os.environ.get("SORT", "cumulative"))
            stats.print_stats(int(os.environ.get("TOP", "40")))
            if os.environ.get("DUMP"):
                stats.dump_stats(os.environ["DUMP"])
            if os.environ.get("CALLERS"):
                stats.print_callers(os.environ["CALLERS"])


FLOOR_LOOP = """
import statistics, sys, time
from app import app
client = app.test_client()
n = int(sys.argv[1])
def post(i):
    answer = client.post("/register", data={
        "name": f"Jos\u00e9 M\u00fcller {i}", "email": f"d{i}@example.invalid",
        "country": "C\u00f4te d'Ivoire", "category": "DELEGATE", "function": "Adviser"})
    assert answer.status_code == 201
def get(i):
    assert client.get("/hello").status_code == 200
for name, request in (("GET /hello", get), ("POST /register", post)):
    for i in range(20):
        request(i)
    cpu = []
    for i in range(n):
        start = time.process_time()
        request(i)
        cpu.append(time.process_time() - start)
    print(f"floor {name}: CPU median {statistics.median(cpu) * 1000:.2f} ms per request")
"""


def floor_cpu(requests: int, folder: Path) -> None:
    """The floor app (../shared/bench/web, as it is) through the same test client: its CPU per request."""
    floor = (ROOT / ".." / "shared" / "bench" / "web").resolve()
    env = {**os.environ, "DB_PATH": str(folder / "floor.sqlite3"), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-c", FLOOR_LOOP, str(requests)], cwd=floor, env=env,  # noqa: S603
                          capture_output=True, text=True, timeout=300, check=False)
    print(done.stdout.strip() or done.stderr.strip())


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f}"


if __name__ == "__main__":
    main()
