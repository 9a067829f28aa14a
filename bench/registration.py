"""Registration throughput against the web floor, measured in the same run.

    .venv/bin/python bench/registration.py [--duration 10] [--connections 8] [--threads 2] [--repeats 1]

1. The floor (``../shared/bench/web``, used as it is): its bare Flask app under gunicorn with 2 sync
   workers, loaded with wrk: ``GET /hello`` (get.lua) and ``POST /register`` (post.lua, one INSERT).
2. Delegates on a fresh SQLite database (``delegates db upgrade``, ``delegates demo``) under
   ``gunicorn -w 2 'delegates:create_app()'``, mail going to a temporary outbox (``MAIL_OUTBOX``,
   no ``MAIL_SERVER``), photos to a temporary folder (``PHOTO_FOLDER``).
   The demo's quota (12 per delegation) is raised to 100,000 so that the quota check still runs
   but every registration fits.
3. ``GET /e/ga81/register`` (the form page, as a first visit: no cookie) with the floor's get.lua,
   then ``POST /e/ga81/register`` with bench/registration.lua: the whole form as a browser sends
   it (multipart, empty photo), one session cookie, CSRF token and form key taken by a GET before the run,
   a new person on every request (unique email, names in several scripts, 40 countries).
4. Afterwards: the non-303 answers (counted in wrk's ``response`` hook), the participants and the
   outbox messages the run created (counted in the database and the folder).
5. One JSON line on stdout; the wrk output, server logs and databases stay in ``--out``
   (a temporary folder by default, printed on stderr).

``--repeats N`` alternates floor and app N times and reports medians (the machine is shared: the
ratio of one round is what the two sides saw at nearly the same moment, see ``ratio_per_round``).
``--lock-probe`` adds one more POST run with bench/gunicorn_lock_probe.py: how long the workers
wait for SQLite's write lock and hold it.
``--smtp-delay SECONDS`` adds one more POST run with ``MAIL_SERVER`` set: the mail goes to an SMTP
server on loopback (aiosmtpd, in this process) that takes SECONDS to accept each message, like a
distant relay; the run reports the throughput and latency beside the outbox's, and how long after
the run the last confirmation arrived.
``--ceiling`` adds two POST runs with bench/registration_ceiling.py, which stop the registration before it
writes: after the form (multipart body, CSRF, every field's validators), and after the input rules that read
the database. Their throughput against the floor is the most any registration through this form can reach.

Every wrk run is bounded (``-d`` and an outer timeout); everything listens on 127.0.0.1 only;
the servers are stopped by their process id.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = (ROOT / ".." / "shared" / "bench" / "web").resolve()
HERE = Path(__file__).resolve().parent
BIN = ROOT / ".venv" / "bin" if (ROOT / ".venv" / "bin" / "gunicorn").exists() else Path(sys.executable).parent
SLUG = "ga81"
FORM_PATH = f"/e/{SLUG}/register"
HOST = "127.0.0.1"
QUOTA = 100_000
RESULT = re.compile(r"^RESULT (.*)$", re.M)
# settings of the caller's environment that would send mail or share state elsewhere
DROPPED = ("MAIL_SERVER", "MAIL_PORT", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_USE_TLS", "REDIS_URL",
           "DATABASE_URL", "SECRET_KEY", "MAIL_OUTBOX", "PHOTO_FOLDER", "DB_PATH")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per measured wrk run (default 10)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=1, help="floor/app rounds; medians are reported")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of unmeasured load after each start")
    parser.add_argument("--lock-probe", action="store_true",
                        help="one more POST run timing SQLite write-lock waits and holds (gunicorn_lock_probe.py)")
    parser.add_argument("--smtp-delay", type=float, metavar="SECONDS",
                        help="one more POST run sending the mail through an SMTP server that takes SECONDS a message")
    parser.add_argument("--ceiling", action="store_true",
                        help="two more POST runs that stop before the write (registration_ceiling.py)")
    parser.add_argument("--out", help="folder for logs and databases (default: a new temporary folder)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("bench: wrk is missing (Debian: apt-get install -y wrk)")
    if not (FLOOR / "app.py").exists():
        raise SystemExit(f"bench: the floor is not at {FLOOR}")
    out = Path(args.out or tempfile.mkdtemp(prefix="delegates-bench-")).resolve()
    out.mkdir(parents=True, exist_ok=True)
    print(f"bench: logs and databases in {out}", file=sys.stderr)
    bench = Bench(args, out)

    load_before = os.getloadavg()[0]
    floor_runs, app_runs = [], []
    for round_ in range(1, args.repeats + 1):
        floor_runs.append(bench.floor(round_))
        app_runs.append(bench.delegates(round_))
    result = summary(args, floor_runs, app_runs)
    if args.lock_probe:
        result["lock_probe"] = bench.lock_probe()
    if args.smtp_delay is not None:
        result["smtp"] = bench.through_smtp(args.smtp_delay)
    if args.ceiling:
        result["ceiling"] = bench.ceiling(result["floor_post_rps"], result["registration_rps"])
    # the machine is shared: a high load average says the figures are noisier than usual
    result["load_average_1m"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    print(json.dumps(result, ensure_ascii=False))


class Bench:
    def __init__(self, args: argparse.Namespace, out: Path):
        self.args = args
        self.out = out
        self.wrk_log = out / "wrk.txt"

    # -- the floor --------------------------------------------------------------------------------------------

    def floor(self, round_: int) -> dict:
        db_path = self.out / f"floor-{round_}.sqlite3"
        env = clean_env(DB_PATH=str(db_path), PYTHONDONTWRITEBYTECODE="1")
        # app.py creates its table on import; once here, so that two workers do not race to create it
        run([str(BIN / "python"), "-c", "import app"], cwd=FLOOR, env=env)
        port = free_port()
        url = f"http://{HOST}:{port}"
        with Server([str(BIN / "gunicorn"), "-w", "2", "-b", f"{HOST}:{port}", "--log-level", "warning",
                     "app:app"], cwd=FLOOR, env=env, log=self.out / f"floor-{round_}-gunicorn.log",
                    ready=f"{url}/hello"):
            self.wrk("floor warm-up GET /hello", self.args.warmup, FLOOR / "get.lua", f"{url}/hello")
            get = self.wrk(f"floor GET /hello (round {round_})", self.args.duration, FLOOR / "get.lua",
                           f"{url}/hello")
            self.wrk("floor warm-up POST /register", self.args.warmup, FLOOR / "post.lua", url)
            post = self.wrk(f"floor POST /register (round {round_})", self.args.duration, FLOOR / "post.lua", url)
        return {"get": get, "post": post}

    # -- Delegates --------------------------------------------------------------------------------------------

    def delegates(self, round_: int) -> dict:
        folder = self.out / f"delegates-{round_}"
        folder.mkdir(exist_ok=True)
        db_path = folder / "delegates.sqlite"
        outbox = folder / "outbox"
        env = clean_env(DATABASE_URL=f"sqlite:///{db_path}", SECRET_KEY=secrets.token_urlsafe(32),
                        MAIL_OUTBOX=str(outbox), PHOTO_FOLDER=str(folder / "photos"))
        setup_log = folder / "setup.log"
        run([str(BIN / "delegates"), "db", "upgrade"], cwd=ROOT, env=env, log=setup_log)
        run([str(BIN / "delegates"), "demo"], cwd=ROOT, env=env, log=setup_log)
        session_ids = prepare_database(db_path)
        port = free_port()
        url = f"http://{HOST}:{port}"
        with Server([str(BIN / "gunicorn"), "-c", str(HERE / "gunicorn_bare.py"), "-w", "2", "-b", f"{HOST}:{port}",
                     "--log-level", "warning", "delegates:create_app()"], cwd=ROOT, env=env,
                    log=folder / "gunicorn.log", ready=f"{url}/healthz"):
            self.wrk("delegates warm-up GET form", self.args.warmup, FLOOR / "get.lua", url + FORM_PATH)
            get = self.wrk(f"delegates GET {FORM_PATH} (round {round_})", self.args.duration, FLOOR / "get.lua",
                           url + FORM_PATH)
            lua_env = registration_lua_env(url, session_ids)
            self.wrk("delegates warm-up POST form", self.args.warmup, HERE / "registration.lua", url,
                     env={**lua_env, "BENCH_PREFIX": f"warm{round_}"})
            prefix = f"bench{round_}"
            post = self.wrk(f"delegates POST {FORM_PATH} (round {round_})", self.args.duration,
                            HERE / "registration.lua", url, env={**lua_env, "BENCH_PREFIX": prefix})
        # counted once the server has stopped: gunicorn finishes the requests in flight first
        post["rows_created"] = count_rows(db_path, prefix)
        post["mails_written"] = count_mail(outbox, prefix)
        return {"get": get, "post": post}

    def lock_probe(self) -> dict:
        """One more POST run on the last round's database, with the write lock timed in each worker."""
        probe_dir = self.last_round / "lock-probe"
        probe_dir.mkdir(exist_ok=True)
        with self.last_round_server("gunicorn_lock_probe.py", "gunicorn-probe.log",
                                    BENCH_PROBE_DIR=str(probe_dir)) as (url, lua_env):
            post = self.wrk("delegates POST with the lock probe", self.args.duration, HERE / "registration.lua", url,
                            env={**lua_env, "BENCH_PREFIX": "probe"})
        waits, holds, requests = [], [], 0
        for path in probe_dir.glob("locks-*.json"):
            data = json.loads(path.read_text())
            waits += data["waits"]
            holds += data["holds"]
            requests += data["requests"]

        def pct(values: list[float], q: int) -> float:
            return round(statistics.quantiles(values, n=100)[q - 1] * 1000, 2) if len(values) > 1 else 0.0

        return {
            "rps": post["rps"], "requests": requests, "write_transactions": len(waits),
            "wait_ms_p50": pct(waits, 50), "wait_ms_p95": pct(waits, 95), "wait_ms_p99": pct(waits, 99),
            "wait_ms_max": round(max(waits, default=0) * 1000, 1),
            "hold_ms_p50": pct(holds, 50), "hold_ms_p95": pct(holds, 95),
            # the lock is held by one worker at a time: the share of the run during which it was taken
            "lock_busy_share": round(sum(holds) / self.args.duration, 3),
            "wait_share_per_worker": round(sum(waits) / 2 / self.args.duration, 3),
        }

    def through_smtp(self, delay: float) -> dict:
        """One more POST run on the last round's database, the mail going to an SMTP server that takes ``delay``
        seconds to accept each message."""
        import asyncio

        from aiosmtpd.controller import Controller

        arrived: list[float] = []
        recipients: set[str] = set()

        class Slow:
            async def handle_DATA(self, server, session, envelope):
                await asyncio.sleep(delay)
                arrived.append(time.monotonic())
                recipients.update(envelope.rcpt_tos)
                return "250 Message accepted"

        folder = self.last_round
        smtp = Controller(Slow(), hostname=HOST, port=free_port())
        smtp.start()
        try:
            settings = {"MAIL_SERVER": HOST, "MAIL_PORT": str(smtp.port), "MAIL_OUTBOX": str(folder / "outbox-smtp")}
            with self.last_round_server("gunicorn_bare.py", "gunicorn-smtp.log", **settings) as (url, lua_env):
                post = self.wrk(f"delegates POST, mail through SMTP taking {delay} s", self.args.duration,
                                HERE / "registration.lua", url, env={**lua_env, "BENCH_PREFIX": "smtp"})
                ended = time.monotonic()
                rows = 0
                deadline = ended + 120
                while time.monotonic() < deadline:  # the mail thread sends what is queued: wait until all arrived
                    rows = count_rows(folder / "delegates.sqlite", "smtp")
                    if len(arrived) >= rows:
                        break
                    time.sleep(0.2)
            # gunicorn finished the requests in flight, and the mail threads the message they were sending
            rows = count_rows(folder / "delegates.sqlite", "smtp")
        finally:
            smtp.stop()
        queue = folder / "outbox-smtp" / "queue"
        return {
            "delay_s": delay, "rps": post["rps"], "p50_ms": post["p50"], "p95_ms": post["p95"],
            "non_303": int(post["non303"]), "rows_created": rows, "mails_arrived": len(arrived),
            "recipients": len(recipients),
            "last_mail_after_run_s": round(max(arrived, default=ended) - ended, 2),
            "left_in_queue": len(list(queue.glob("*.eml"))) if queue.exists() else 0,
        }

    def ceiling(self, floor_rps: float, registration_rps: float) -> dict:
        """The same POSTs on the last round's database through registration_ceiling.py's two routes, which
        stop before the write: the throughput of the form alone, and of the form and the input rules."""
        result = {}
        with self.last_round_server("gunicorn_bare.py", "gunicorn-ceiling.log", app="registration_ceiling:app",
                                    pythonpath=HERE) as (url, lua_env):
            for stage in ("read", "checked"):
                path = f"/bench/e/{SLUG}/{stage}"
                self.wrk(f"ceiling warm-up POST {path}", self.args.warmup, HERE / "registration.lua", url,
                         env={**lua_env, "BENCH_PATH": path, "BENCH_PREFIX": "warm-ceiling"})
                post = self.wrk(f"ceiling POST {path}", self.args.duration, HERE / "registration.lua", url,
                                env={**lua_env, "BENCH_PATH": path, "BENCH_PREFIX": "ceiling"})
                result[stage] = {
                    "rps": post["rps"], "p50_ms": post["p50"], "p95_ms": post["p95"],
                    "non_303": int(post["non303"]), "non_303_statuses": post["statuses"],
                    "ratio_to_floor": round(post["rps"] / floor_rps, 3) if floor_rps else None,
                    # how much of this stage's throughput the whole registration keeps
                    "registration_share": round(registration_rps / post["rps"], 3) if post["rps"] else None,
                }
        return result

    @property
    def last_round(self) -> Path:
        return self.out / f"delegates-{self.args.repeats}"

    @contextmanager
    def last_round_server(self, config: str, log: str, *, app: str = "delegates:create_app()",
                          pythonpath: Path | None = None, **settings: str) -> Iterator[tuple[str, dict]]:
        """gunicorn (2 workers, ``bench/<config>``, serving ``app``) on the last round's database, ``settings``
        added to its environment; yields its URL and registration.lua's environment (but the prefix)."""
        folder = self.last_round
        env = clean_env(**{"DATABASE_URL": f"sqlite:///{folder / 'delegates.sqlite'}",
                           "SECRET_KEY": secrets.token_urlsafe(32), "MAIL_OUTBOX": str(folder / "outbox"),
                           "PHOTO_FOLDER": str(folder / "photos"), **settings})
        port = free_port()
        url = f"http://{HOST}:{port}"
        extra = ["--pythonpath", str(pythonpath)] if pythonpath else []
        with Server([str(BIN / "gunicorn"), "-c", str(HERE / config), "-w", "2", "-b", f"{HOST}:{port}", *extra,
                     "--log-level", "warning", app], cwd=ROOT, env=env, log=folder / log, ready=f"{url}/healthz"):
            yield url, registration_lua_env(url, prepare_database(folder / "delegates.sqlite"))

    # -- load -------------------------------------------------------------------------------------------------

    def wrk(self, label: str, duration: int, script: Path, url: str, env: dict | None = None) -> dict:
        command = ["wrk", f"-t{self.args.threads}", f"-c{self.args.connections}", f"-d{duration}s", "--latency",
                   "-s", str(script), url]
        done = subprocess.run(command, env={**os.environ, **(env or {})}, capture_output=True, text=True,  # noqa: S603
                              timeout=duration + 30, check=False)
        with self.wrk_log.open("a") as log:
            log.write(f"== {label}\n$ {' '.join(command)}\n{done.stdout}{done.stderr}\n")
        match = RESULT.search(done.stdout)
        if done.returncode != 0 or match is None:
            raise SystemExit(f"bench: wrk failed for {label} (exit {done.returncode}); see {self.wrk_log}")
        result = {}
        for pair in match.group(1).split():
            key, _, value = pair.partition("=")
            result[key] = value if key == "statuses" else float(value)
        print(f"bench: {label}: {result['rps']:.0f} req/s, p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms",
              file=sys.stderr)
        return result


class Server:
    """A gunicorn master started in the background and stopped by its process id."""

    def __init__(self, command: list[str], *, cwd: Path, env: dict, log: Path, ready: str):
        self.command, self.cwd, self.env, self.log, self.ready = command, cwd, env, log, ready

    def __enter__(self):
        self.log_file = self.log.open("ab")
        self.process = subprocess.Popen(self.command, cwd=self.cwd, env=self.env,  # noqa: S603
                                        stdout=self.log_file, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"bench: the server stopped at start; see {self.log}")
            try:
                with urllib.request.urlopen(self.ready, timeout=2) as answer:  # noqa: S310  (our loopback URL)
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise SystemExit(f"bench: the server did not answer {self.ready} within 30 s; see {self.log}")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log_file.close()


# -- helpers --------------------------------------------------------------------------------------------------

def clean_env(**settings: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in DROPPED}
    # wrk sends every registration from one address: the form's rate limit (common/limits.py) is still checked on
    # every request, as in production, but set so high that it refuses none
    env["RATELIMIT_REGISTER"] = "100000000 per minute"
    env.update(settings)
    return env


def run(command: list[str], *, cwd: Path, env: dict, log: Path | None = None) -> None:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300,  # noqa: S603
                          check=False)
    if log is not None:
        with log.open("a") as f:
            f.write(f"$ {' '.join(command)}\n{done.stdout}{done.stderr}\n")
    if done.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed:\n{done.stdout}{done.stderr}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def prepare_database(db_path: Path) -> list[int]:
    """Room in every delegation (the quota check still runs), and the sessions anyone may ask for."""
    with sqlite3.connect(db_path) as con:
        con.execute("UPDATE event SET default_quota = ? WHERE slug = ?", (QUOTA, SLUG))
        con.execute("UPDATE delegation SET quota = NULL WHERE event_id = (SELECT id FROM event WHERE slug = ?)",
                    (SLUG,))
        rows = con.execute(
            "SELECT s.id FROM conference_session s JOIN event e ON e.id = s.event_id "
            "WHERE e.slug = ? AND s.open_for_choice AND s.is_public "
            "AND s.id NOT IN (SELECT session_id FROM session_category) ORDER BY s.id", (SLUG,)).fetchall()
    con.close()
    return [r[0] for r in rows]


def session_and_token(url: str) -> tuple[str, str, str]:
    """One visit to the form: its session cookie, the CSRF token of that session and the form's key ("" when the
    page has none)."""
    with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310  (our loopback URL)
        page = answer.read().decode()
        cookies = answer.headers.get_all("Set-Cookie") or []
    session = next((c.split(";", 1)[0] for c in cookies if c.startswith("session=")), None)
    token, key = (hidden_value(page, name) for name in ("csrf_token", "submission"))
    if not session or not token:
        raise SystemExit("bench: the form page gave no session cookie or no CSRF token")
    return session, token, key or ""


def hidden_value(page: str, name: str) -> str | None:
    tag = re.search(rf"<input[^>]*name=\"{name}\"[^>]*>", page)
    value = re.search(r"value=\"([^\"]+)\"", tag.group(0)) if tag else None
    return value.group(1) if value else None


def registration_lua_env(url: str, session_ids: list[int]) -> dict[str, str]:
    """What registration.lua reads (but BENCH_PREFIX): the form's path, a session cookie and its CSRF token, the
    form's key as a browser sends it back, the sessions to wish for."""
    cookie, token, key = session_and_token(url + FORM_PATH)
    return {"BENCH_PATH": FORM_PATH, "BENCH_COOKIE": cookie, "BENCH_CSRF": token, "BENCH_SUBMISSION": key,
            "BENCH_SESSIONS": ",".join(map(str, session_ids))}


def count_rows(db_path: Path, prefix: str) -> int:
    with sqlite3.connect(db_path) as con:
        (n,) = con.execute("SELECT count(*) FROM participant WHERE email LIKE ?", (f"{prefix}-t%",)).fetchone()
    con.close()
    return n


def count_mail(outbox: Path, prefix: str) -> int:
    """Messages in the outbox addressed to this run's registrations."""
    needle = f"{prefix}-t".encode()
    return sum(1 for path in outbox.glob("*.eml") if needle in path.read_bytes()) if outbox.exists() else 0


def summary(args: argparse.Namespace, floor_runs: list[dict], app_runs: list[dict]) -> dict:
    def med(runs: list[dict], kind: str, key: str) -> float:
        return round(statistics.median(r[kind][key] for r in runs), 2)

    floor_post, app_post = med(floor_runs, "post", "rps"), med(app_runs, "post", "rps")
    floor_get, app_get = med(floor_runs, "get", "rps"), med(app_runs, "get", "rps")
    p95 = med(app_runs, "post", "p95")
    ratio = round(app_post / floor_post, 3) if floor_post else None
    return {
        "floor_post_rps": floor_post,
        "floor_post_p95_ms": med(floor_runs, "post", "p95"),
        "registration_rps": app_post,
        "ratio": ratio,
        "ratio_per_round": [round(a["post"]["rps"] / f["post"]["rps"], 3)
                            for f, a in zip(floor_runs, app_runs, strict=True)],
        "registration_p50_ms": med(app_runs, "post", "p50"),
        "registration_p95_ms": p95,
        "registration_p99_ms": med(app_runs, "post", "p99"),
        "registration_requests": int(sum(r["post"]["reqs"] for r in app_runs)),
        "registered_303": int(sum(r["post"]["reqs"] - r["post"]["non303"] for r in app_runs)),
        "non_303": int(sum(r["post"]["non303"] for r in app_runs)),
        "non_303_statuses": ";".join(r["post"]["statuses"] for r in app_runs if r["post"]["statuses"]),
        "rows_created": sum(r["post"]["rows_created"] for r in app_runs),
        "mails_written": sum(r["post"]["mails_written"] for r in app_runs),
        "floor_get_rps": floor_get,
        "floor_get_p95_ms": med(floor_runs, "get", "p95"),
        "form_get_rps": app_get,
        "form_get_ratio": round(app_get / floor_get, 3) if floor_get else None,
        "form_get_p50_ms": med(app_runs, "get", "p50"),
        "form_get_p95_ms": med(app_runs, "get", "p95"),
        "form_get_non2xx": int(sum(r["get"]["non2xx"] for r in app_runs)),
        "goal_met": bool(ratio is not None and ratio >= 0.5 and p95 < 100),
        "duration_s": args.duration,
        "connections": args.connections,
        "threads": args.threads,
        "repeats": args.repeats,
        "workers": 2,
        "database": "sqlite (WAL)",
    }


if __name__ == "__main__":
    main()
