"""Instructions per registration, counted by valgrind: a figure that the machine's load does not move.

    .venv/bin/python bench/instructions.py [--requests 40]

Timings on a shared machine wander by a third from one minute to the next, which hides a change of a few per
cent. Callgrind counts the instructions the CPU runs instead: the same code, data and inputs give the same count
(to a fraction of a per cent), whatever else the machine is doing. It runs some 50 times slower, so only a few
dozen requests are counted.

Counts, through Flask's test client in one process (no gunicorn, no network), after warm-up requests that are
not counted (valgrind's instrumentation is switched on and off around the counted ones by ``callgrind_control``):

1. the floor, ``../shared/bench/web`` as it is: its ``POST /register`` (one INSERT);
2. Delegates on a fresh demo database (quotas raised as in bench/registration.py): ``POST /e/ga81/register``
   with the whole form, as bench/profile_registration.py sends it.

Prints the instructions per request of each and their ratio as one JSON line. Needs valgrind
(``apt-get install -y valgrind``).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = (ROOT / ".." / "shared" / "bench" / "web").resolve()
sys.path.insert(0, str(Path(__file__).resolve().parent))


def counting(on: bool) -> None:
    """Switch callgrind's instrumentation of this process on or off (nothing happens outside valgrind)."""
    if os.environ.get("BENCH_UNDER_CALLGRIND"):
        subprocess.run(["callgrind_control", "-i", "on" if on else "off", str(os.getpid())],  # noqa: S603,S607
                       check=True, capture_output=True)


def run_counted(request, requests: int, warmup: int) -> None:
    """``warmup`` requests, then ``requests`` more with callgrind counting."""
    for n in range(warmup):
        request(n)
    counting(True)
    for n in range(warmup, warmup + requests):
        request(n)
    counting(False)


def child_delegates(requests: int, warmup: int, method: str = "post") -> None:
    from profile_registration import body

    from delegates import create_app

    app = create_app({"RATELIMIT_REGISTER": "100000000 per minute"})
    client = app.test_client()
    page = client.get("/e/ga81/register").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

    def post(n: int) -> None:
        answer = client.post("/e/ga81/register", data=body(token, n), content_type="multipart/form-data")
        assert answer.status_code == 303, (answer.status_code, answer.text[:500])

    def get(n: int) -> None:  # a first visit: a new client, without the session's cookie
        answer = app.test_client().get("/e/ga81/register")
        assert answer.status_code == 200, answer.status_code

    run_counted(post if method == "post" else get, requests, warmup)


def child_floor(requests: int, warmup: int, method: str = "post") -> None:
    sys.path.insert(0, str(FLOOR))
    from app import app  # ../shared/bench/web/app.py

    client = app.test_client()

    def post(i: int) -> None:
        answer = client.post("/register", data={
            "name": f"Jos\u00e9 M\u00fcller {i}", "email": f"d{i}@example.invalid",
            "country": "C\u00f4te d'Ivoire", "category": "DELEGATE", "function": "Adviser"})
        assert answer.status_code == 201

    def get(i: int) -> None:
        assert client.get("/hello").status_code == 200

    run_counted(post if method == "post" else get, requests, warmup)


def count(which: str, method: str, requests: int, warmup: int, folder: Path, env: dict, cwd: Path) -> int:
    """Instructions the counted requests ran, from callgrind's totals."""
    out = folder / f"callgrind-{which}-{method}.out"
    command = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
               sys.executable, str(Path(__file__).resolve()), "--child", which, "--method", method,
               "--requests", str(requests), "--warmup", str(warmup)]
    done = subprocess.run(command, cwd=cwd, env={**env, "BENCH_UNDER_CALLGRIND": "1"},  # noqa: S603
                          capture_output=True, text=True, timeout=3600, check=False)
    if done.returncode != 0:
        raise SystemExit(f"bench: the {which} run failed:\n{done.stderr[-3000:]}")
    totals = [int(m.group(1)) for m in re.finditer(r"^(?:totals|summary): (\d+)", out.read_text(), re.M)]
    if not totals:
        raise SystemExit(f"bench: no totals in {out}")
    return max(totals)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=40, help="requests counted (default 40)")
    parser.add_argument("--warmup", type=int, default=10, help="requests run first, not counted (default 10)")
    parser.add_argument("--method", choices=("post", "get"), default="post",
                        help="count the POST of a registration (default), or the GET of the form page (a first "
                             "visit) against the floor's GET /hello")
    parser.add_argument("--child", choices=("floor", "delegates"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "floor":
        return child_floor(args.requests, args.warmup, args.method)
    if args.child == "delegates":
        return child_delegates(args.requests, args.warmup, args.method)

    if not shutil.which("valgrind"):
        raise SystemExit("bench: needs valgrind (Debian: apt-get install -y valgrind)")
    folder = Path(tempfile.mkdtemp(prefix="delegates-instructions-"))
    env = {k: v for k, v in os.environ.items() if k not in ("MAIL_SERVER", "REDIS_URL", "DATABASE_URL")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    floor = count("floor", args.method, args.requests, args.warmup, folder,
                  {**env, "DB_PATH": str(folder / "floor.sqlite3")}, FLOOR)

    db_path = folder / "delegates.sqlite"
    env.update(DATABASE_URL=f"sqlite:///{db_path}", SECRET_KEY=secrets.token_urlsafe(32),
               MAIL_OUTBOX=str(folder / "outbox"), PHOTO_FOLDER=str(folder / "photos"))
    bin_ = Path(sys.executable).parent
    for command in (["db", "upgrade"], ["demo"]):
        subprocess.run([str(bin_ / "delegates"), *command], cwd=ROOT, env=env, check=True,  # noqa: S603
                       capture_output=True)
    from registration import prepare_database  # bench/registration.py

    prepare_database(db_path)
    ours = count("delegates", args.method, args.requests, args.warmup, folder, env, ROOT)
    print(json.dumps({
        "method": args.method.upper(),
        "requests": args.requests,
        "floor_instructions": floor // args.requests,
        "delegates_instructions": ours // args.requests,
        "ratio": round(floor / ours, 3),
        "folder": str(folder),
    }))


if __name__ == "__main__":
    main()
