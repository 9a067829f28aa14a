"""The scan API's throughput against the web floor's POST, measured in the same run.

    .venv/bin/python bench/scans.py [--duration 10] [--connections 8] [--threads 2] [--repeats 3]

Each round, alternating:

1. The floor (``../shared/bench/web``, used as it is): its bare Flask app under gunicorn with 2 sync workers,
   loaded with wrk and its ``post.lua`` (``POST /register``, one INSERT), on a new SQLite file.
2. Delegates on a fresh SQLite database (``delegates db upgrade``, ``delegates demo``) under
   ``gunicorn -w 2 'delegates:create_app()'``, with a checkin token from ``delegates tokens create`` and
   the codes of every accredited badge (``delegates.badges.codes.code_for``). wrk (bench/scans.lua) sends
   ``POST /api/v1/events/ga81/scans`` at the entrance as door devices do: a JSON body with the code and a
   new idempotency key on every request; the codes are shared out between wrk's threads so that each badge
   is scanned once (``admitted``) before any is scanned again (``already``, inside the repeat window).
3. Afterwards: the answers that were not 200 (wrk's ``response`` hook), and the scan and attendance rows the
   run wrote, by result (SQL; one attendance per badge at most).

One JSON line on stdout: medians over the rounds of the floor's and the scan API's req/s, their ratio
(goal >= 0.6), p50/p99 of both (goal: scan p99 < 50 ms), the ratio of each round and the load average.
Every wrk run is bounded (``-d`` and an outer timeout); everything listens on 127.0.0.1 only; the servers
are stopped by their process id. Logs, ``wrk.txt`` and the databases stay in ``--out``.
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import sqlite3
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from registration import BIN, FLOOR, HOST, ROOT, Bench, Server, clean_env, free_port, run  # noqa: E402

HERE = Path(__file__).resolve().parent
SLUG = "ga81"
SCAN_PATH = f"/api/v1/events/{SLUG}/scans"
CODES = """
from delegates import create_app
from delegates.badges.codes import code_for, signing_key
from delegates.extensions import db
from delegates.registration.models import Event, Participant
from sqlalchemy import select
app = create_app()
with app.app_context():
    key = signing_key()
    event = db.session.scalar(select(Event).where(Event.slug == "ga81"))
    people = db.session.scalars(select(Participant).where(Participant.event_id == event.id,
                                Participant.status == "accredited").order_by(Participant.id))
    for p in people:
        print(code_for(p, key=key))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per measured wrk run (default 10)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3, help="floor/app rounds; medians are reported")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of unmeasured load after each start")
    parser.add_argument("--out", help="folder for logs and databases (default: a new temporary folder)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("bench: wrk is missing (Debian: apt-get install -y wrk)")
    if not (FLOOR / "app.py").exists():
        raise SystemExit(f"bench: the floor is not at {FLOOR}")
    out = Path(args.out or tempfile.mkdtemp(prefix="delegates-bench-scans-")).resolve()
    out.mkdir(parents=True, exist_ok=True)
    print(f"bench: logs and databases in {out}", file=sys.stderr)
    bench = ScanBench(args, out)

    load_before = os.getloadavg()[0]
    floor_runs, app_runs = [], []
    for round_ in range(1, args.repeats + 1):
        floor_runs.append(bench.floor_post(round_))
        app_runs.append(bench.scans(round_))
    result = summary(args, floor_runs, app_runs)
    result["load_average_1m"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    print(json.dumps(result))


class ScanBench(Bench):
    def floor_post(self, round_: int) -> dict:
        db_path = self.out / f"floor-{round_}.sqlite3"
        env = clean_env(DB_PATH=str(db_path), PYTHONDONTWRITEBYTECODE="1")
        run([str(BIN / "python"), "-c", "import app"], cwd=FLOOR, env=env)  # creates its table, once
        port = free_port()
        url = f"http://{HOST}:{port}"
        with Server([str(BIN / "gunicorn"), "-w", "2", "-b", f"{HOST}:{port}", "--log-level", "warning",
                     "app:app"], cwd=FLOOR, env=env, log=self.out / f"floor-{round_}-gunicorn.log",
                    ready=f"{url}/hello"):
            self.wrk("floor warm-up POST /register", self.args.warmup, FLOOR / "post.lua", url)
            return self.wrk(f"floor POST /register (round {round_})", self.args.duration, FLOOR / "post.lua", url)

    def scans(self, round_: int) -> dict:
        folder = self.out / f"delegates-{round_}"
        folder.mkdir(exist_ok=True)
        db_path = folder / "delegates.sqlite"
        env = clean_env(DATABASE_URL=f"sqlite:///{db_path}", SECRET_KEY=secrets.token_urlsafe(32),
                        MAIL_OUTBOX=str(folder / "outbox"), PHOTO_FOLDER=str(folder / "photos"))
        setup_log = folder / "setup.log"
        run([str(BIN / "delegates"), "db", "upgrade"], cwd=ROOT, env=env, log=setup_log)
        run([str(BIN / "delegates"), "demo"], cwd=ROOT, env=env, log=setup_log)
        token = checkin_token(env, folder)
        codes_file = folder / "codes.txt"
        codes_file.write_text(capture([str(BIN / "python"), "-c", CODES], env))
        n_codes = len(codes_file.read_text().split())
        if n_codes == 0:
            raise SystemExit("bench: the demo has no accredited badge")
        port = free_port()
        url = f"http://{HOST}:{port}"
        lua_env = {"BENCH_CODES": str(codes_file), "BENCH_TOKEN": token, "BENCH_PATH": SCAN_PATH,
                   "BENCH_THREADS": str(self.args.threads)}
        with Server([str(BIN / "gunicorn"), "-c", str(HERE / "gunicorn_bare.py"), "-w", "2", "-b", f"{HOST}:{port}",
                     "--log-level", "warning", "delegates:create_app()"], cwd=ROOT, env=env,
                    log=folder / "gunicorn.log", ready=f"{url}/healthz"):
            # the warm-up scans at a session door would refuse many; it scans the entrance too, then the
            # database is brought back to no scan at all, so that the measured run starts with every badge new
            self.wrk("delegates warm-up POST scans", self.args.warmup, HERE / "scans.lua", url,
                     env={**lua_env, "BENCH_PREFIX": f"warm{round_}"})
            clear_scans(db_path)
            post = self.wrk(f"delegates POST {SCAN_PATH} (round {round_})", self.args.duration,
                            HERE / "scans.lua", url, env={**lua_env, "BENCH_PREFIX": f"bench{round_}"})
        post.update(count_scans(db_path))
        post["codes"] = n_codes
        return post


def checkin_token(env: dict, folder: Path) -> str:
    text = capture([str(BIN / "delegates"), "tokens", "create", "--event", SLUG, "--role", "checkin",
                    "--name", "bench door"], env)
    with (folder / "setup.log").open("a") as log:
        log.write("delegates tokens create: ok\n")
    return text.strip().splitlines()[-1].strip()


def capture(command: list[str], env: dict) -> str:
    import subprocess

    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,  # noqa: S603
                          check=False)
    if done.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command[:3])} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def clear_scans(db_path: Path) -> None:
    with sqlite3.connect(db_path, timeout=30) as con:
        con.execute("DELETE FROM attendance")
        con.execute("DELETE FROM scan")
    con.close()


def count_scans(db_path: Path) -> dict:
    with sqlite3.connect(db_path) as con:
        by_result = dict(con.execute("SELECT result, count(*) FROM scan GROUP BY result").fetchall())
        (attendances,) = con.execute("SELECT count(*) FROM attendance").fetchone()
        (doubles,) = con.execute(
            "SELECT count(*) FROM (SELECT participant_id FROM attendance GROUP BY participant_id, place, day "
            "HAVING count(*) > 1)").fetchone()
    con.close()
    return {"admitted": by_result.get("admitted", 0), "already": by_result.get("already", 0),
            "refused": by_result.get("refused", 0), "attendances": attendances, "double_attendances": doubles}


def summary(args: argparse.Namespace, floor_runs: list[dict], app_runs: list[dict]) -> dict:
    def med(runs: list[dict], key: str) -> float:
        return round(statistics.median(r[key] for r in runs), 2)

    floor_rps, scan_rps = med(floor_runs, "rps"), med(app_runs, "rps")
    ratio = round(scan_rps / floor_rps, 3) if floor_rps else None
    p99 = med(app_runs, "p99")
    return {
        "floor_post_rps": floor_rps,
        "scan_rps": scan_rps,
        "ratio": ratio,
        "ratio_per_round": [round(a["rps"] / f["rps"], 3) for f, a in zip(floor_runs, app_runs, strict=True)],
        "floor_p50_ms": med(floor_runs, "p50"),
        "floor_p99_ms": med(floor_runs, "p99"),
        "scan_p50_ms": med(app_runs, "p50"),
        "scan_p95_ms": med(app_runs, "p95"),
        "scan_p99_ms": p99,
        "scan_p99_per_round": [a["p99"] for a in app_runs],
        "scan_requests": int(sum(r["reqs"] for r in app_runs)),
        "non_200": int(sum(r["non200"] for r in app_runs)),
        "non_200_statuses": ";".join(r["statuses"] for r in app_runs if r["statuses"]),
        "admitted": sum(r["admitted"] for r in app_runs),
        "already": sum(r["already"] for r in app_runs),
        "refused": sum(r["refused"] for r in app_runs),
        "attendances": sum(r["attendances"] for r in app_runs),
        "double_attendances": sum(r["double_attendances"] for r in app_runs),
        "codes": app_runs[0]["codes"] if app_runs else 0,
        "goal_met": bool(ratio is not None and ratio >= 0.6 and p99 < 50),
        "duration_s": args.duration,
        "connections": args.connections,
        "threads": args.threads,
        "repeats": args.repeats,
        "workers": 2,
        "database": "sqlite (WAL)",
    }


if __name__ == "__main__":
    main()
