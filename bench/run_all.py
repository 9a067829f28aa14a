"""Every benchmark of bench/, each with its floor from ../shared/bench measured in the same run: one table.

    .venv/bin/python bench/run_all.py [--quick] [--only badges,scans] [--out DIR] [--json FILE]
    make bench                       # the same, with the defaults below (15-30 minutes on 2 shared cores)
    make bench BENCH_ARGS=--quick    # smaller runs, about 5 minutes: for a check, not for figures

Each benchmark runs as its own process, one after the other (never two at once: they would measure each
other), under a time limit; its output, its JSON lines and its stderr stay in ``--out``. The table holds
our figure, the floor's, their ratio and the goal, for: badges, agendas, registration throughput, scan
latency, dashboard time and SQL statements, import speed, and the peak memory of every benchmark (its own
process and every process it waited for: the gunicorn workers, the PDF children). A benchmark that fails or
runs out of time is a row that says so; the others still run. Exits 1 when a benchmark failed.
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
FLOOR = HERE.parent.parent / "shared" / "bench"


@dataclass
class Bench:
    name: str
    script: str
    args: list[str]
    quick: list[str]
    limit_s: int
    needs: list[str] = field(default_factory=list)  # programs that must be on PATH


BENCHES = [
    Bench("badges", "badges.py", ["--n", "1200", "--runs", "3", "--memory-n", "10000"],
          ["--n", "400", "--runs", "1", "--memory-n", "2000"], 1800),  # the first run also makes 10,000 photos
    Bench("agendas", "agenda.py", ["--n", "1200", "--runs", "3"], ["--n", "400", "--runs", "1"], 900),
    Bench("registration", "registration.py", ["--repeats", "1", "--duration", "10", "--ceiling"],
          ["--repeats", "1", "--duration", "5", "--ceiling"], 600, ["wrk"]),
    Bench("scans", "scans.py", ["--repeats", "3", "--duration", "10"], ["--repeats", "1", "--duration", "5"], 900,
          ["wrk"]),
    Bench("dashboard", "dashboard.py", [], ["--participants", "3000", "--scans", "20000", "--requests", "10"], 900),
    Bench("import", "import_rows.py", ["--rows", "10000"], ["--rows", "2000"], 600),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller runs: a check that everything runs")
    parser.add_argument("--only", help="comma-separated names: " + ", ".join(b.name for b in BENCHES))
    parser.add_argument("--out", help="folder for every benchmark's output (default: a new temporary folder)")
    parser.add_argument("--json", help="also write the figures of every benchmark to this file")
    args = parser.parse_args()
    if not FLOOR.is_dir():
        print(f"bench: the floors are not at {FLOOR}", file=sys.stderr)
        return 1
    out = Path(args.out or tempfile.mkdtemp(prefix="delegates-bench-")).resolve()
    out.mkdir(parents=True, exist_ok=True)
    wanted = set(args.only.split(",")) if args.only else None
    results: dict[str, dict] = {}
    for bench in BENCHES:
        if wanted and bench.name not in wanted:
            continue
        if not (HERE / bench.script).exists():
            results[bench.name] = {"error": f"{bench.script} is not in bench/"}
            continue
        results[bench.name] = run(bench, args.quick, out)
    rows = table_rows(results)
    print_table(rows, out)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 1 if any("error" in r for r in results.values()) else 0


def run(bench: Bench, quick: bool, out: Path) -> dict:
    """One benchmark as a process of its own: its last JSON output, its wall time and peak memory."""
    from shutil import which

    missing = [program for program in bench.needs if which(program) is None]
    if missing:
        return {"error": f"needs {', '.join(missing)} (Debian: apt-get install -y {' '.join(missing)})"}
    command = [sys.executable, str(HERE / bench.script), *(bench.quick if quick else bench.args)]
    stdout_path, stderr_path = out / f"{bench.name}.out", out / f"{bench.name}.err"
    print(f"bench: {bench.name}: {shlex.join(command[1:])} (at most {bench.limit_s} s)", file=sys.stderr, flush=True)
    started = time.monotonic()
    with stdout_path.open("wb") as stdout, stderr_path.open("wb") as stderr:
        # a session of its own, so that running out of time stops the benchmark and every server it started
        process = subprocess.Popen(command, cwd=HERE.parent, stdout=stdout, stderr=stderr,  # noqa: S603
                                   start_new_session=True)
        status, rusage = wait(process, bench.limit_s)
    seconds = round(time.monotonic() - started, 1)
    # Linux: the peak resident memory of the process and of every descendant it waited for
    peak_mb = round(rusage.ru_maxrss / 1024, 1) if rusage else None
    found = {"wall_s": seconds, "peak_rss_mb": peak_mb}
    if status == "timeout":
        return found | {"error": f"stopped after {bench.limit_s} s"}
    if status != 0:
        tail = stderr_path.read_text(errors="replace").strip().splitlines()[-3:]
        return found | {"error": f"exit {status}: " + " | ".join(tail)}
    figures = last_json(stdout_path.read_text(errors="replace"))
    if figures is None:
        return found | {"error": "printed no JSON"}
    print(f"bench: {bench.name}: done in {seconds} s", file=sys.stderr, flush=True)
    return found | figures


def wait(process: subprocess.Popen, limit_s: int):
    """(exit status or "timeout", rusage) of the process, which is killed with its group past ``limit_s``."""
    import signal

    deadline = time.monotonic() + limit_s
    while True:
        pid, status, rusage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return process.returncode, rusage
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            _pid, _status, rusage = os.wait4(process.pid, 0)
            return "timeout", rusage
        time.sleep(0.5)


def last_json(text: str) -> dict | None:
    """The whole output as one JSON document (import_rows.py indents its own), else its last JSON line."""
    try:
        whole = json.loads(text)
        return whole if isinstance(whole, dict) else None
    except json.JSONDecodeError:
        pass
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            try:
                found = json.loads(line)
            except json.JSONDecodeError:
                continue
            return found.get("summary", found)
    return None


def ratio(ours, floor) -> float | None:
    return round(ours / floor, 2) if ours and floor else None


def table_rows(results: dict[str, dict]) -> list[tuple]:
    """(benchmark, measure, ours, floor, ratio, goal, met) for every figure worth a line."""
    rows: list[tuple] = []

    def add(name, measure, ours, floor=None, ratio_=None, goal="", met=None):
        rows.append((name, measure, ours, floor, ratio_, goal, met))

    for name, r in results.items():
        if "error" in r:
            add(name, "FAILED: " + r["error"][:100], None)
            continue
        if name == "badges":
            add(name, f"{r['n']} badges 4-up, photos (s)", r["ours_median_s"], r["floor_no_a85_median_s"],
                r["ratio_vs_no_a85"], "≤ 1.3×", r["ratio_vs_no_a85"] <= r["goal_ratio"])
            add(name, "  ms per badge", round(r["ours_median_s"] * 1000 / r["n"], 2),
                round(r["floor_no_a85_median_s"] * 1000 / r["n"], 2))
            add(name, "  against the floor with ASCII85", r["ours_median_s"], r["floor_median_s"], r["ratio"])
            if "memory_n" in r:
                add(name, f"  peak memory, {r['memory_n']} badges in one PDF (MB)", r["memory_peak_rss_mb"], None,
                    None, f"< {r['goal_peak_mb']} MB", r["memory_peak_rss_mb"] < r["goal_peak_mb"])
        elif name == "agendas":
            add(name, f"{r['n']} agendas in one PDF (s)", r["ours_median_s"], r["floor_median_s"], r["ratio"],
                "≤ 1.5×", r["ratio"] <= r["goal_ratio"])
            if "demo_ms_per_agenda" in r:
                add(name, f"  demo event, {r['demo_n']} agendas (ms each)", r["demo_ms_per_agenda"])
        elif name == "registration":
            add(name, "POST /register (req/s)", r["registration_rps"], r["floor_post_rps"], r["ratio"], "≥ 0.5×",
                r["ratio"] is not None and r["ratio"] >= 0.5)
            add(name, "  p95 (ms)", r["registration_p95_ms"], r.get("floor_post_p95_ms"), None, "< 100 ms",
                r["registration_p95_ms"] < 100)
            add(name, "  answers not 303 / rows created", f"{r['non_303']} / {r['rows_created']}", None, None,
                "0 not 303", r["non_303"] == 0)
            add(name, "  GET the form (req/s)", r["form_get_rps"], r["floor_get_rps"], r.get("form_get_ratio"))
            for stage, label in (("read", "the form alone"), ("checked", "the form and the input rules")):
                if stage in r.get("ceiling", {}):
                    c = r["ceiling"][stage]
                    add(name, f"  ceiling: {label}, no write (req/s)", c["rps"], r["floor_post_rps"],
                        c["ratio_to_floor"])
        elif name == "scans":
            add(name, "POST /scans (req/s)", r["scan_rps"], r["floor_post_rps"], r["ratio"], "≥ 0.6×",
                r["ratio"] is not None and r["ratio"] >= 0.6)
            add(name, "  latency p50 / p95 (ms)", f"{r['scan_p50_ms']} / {r['scan_p95_ms']}",
                r.get("floor_p50_ms"))
            add(name, "  latency p99 (ms)", r["scan_p99_ms"], r.get("floor_p99_ms"),
                ratio(r["scan_p99_ms"], r.get("floor_p99_ms")), "< 50 ms", r["scan_p99_ms"] < 50)
            add(name, "  double attendances", r.get("double_attendances"), None, None, "0",
                r.get("double_attendances") == 0)
        elif name == "dashboard":
            floor = r["floor"].get("floor_stats_100k", {}).get("median_ms")
            data = r.get("data", {})
            add(name, f"data: {data.get('participants', '?')} participants, {data.get('scans', '?')} scans", "")
            for page, p in r["pages"].items():
                statements = p["statements_min"] if p["statements_min"] == p["statements_max"] else \
                    f"{p['statements_min']}-{p['statements_max']}"
                add(name, f"  {page}: median ms (p95) · SQL statements", f"{p['median_ms']} ({p['p95_ms']}) · "
                    f"{statements}", floor, ratio(p["median_ms"], floor), f"< {r['goal_ms']} ms",
                    p["median_ms"] < r["goal_ms"])
        elif name == "import":
            add(name, f"{r['rows']} rows, real import (s)", r["import_seconds"], None, None,
                f"< {r['goal_seconds']} s", r["within_goal"])
            add(name, "  rows per second, import / dry run", f"{r['import_rows_per_second']} / "
                f"{r['dry_run_rows_per_second']}")
        else:
            add(name, json.dumps(r)[:100], None)
        add(name, "  peak memory of the benchmark (MB) · wall time (s)", f"{r['peak_rss_mb']} · {r['wall_s']}")
    return rows


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def print_table(rows: list[tuple], out: Path) -> None:
    header = ("benchmark", "measure", "ours", "floor", "ratio", "goal", "met")
    text = [[cell(v) if i < 6 else ("yes" if v else "NO" if v is not None else "") for i, v in enumerate(row)]
            for row in rows]
    widths = [max(len(r[i]) for r in [list(header), *text]) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    print(f"Delegates benchmarks, {time.strftime('%Y-%m-%d %H:%M')}, load average now "
          f"{os.getloadavg()[0]:.1f} (2 cores shared: compare ratios, not absolute times)")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print(line)
    previous = None
    for row in text:
        name = row[0] if row[0] != previous else ""
        previous = row[0]
        print("  ".join([name.ljust(widths[0])] + [
            v.rjust(w) if i in (2, 3, 4) else v.ljust(w) for i, (v, w) in enumerate(zip(row[1:], widths[1:],
                                                                                        strict=True), start=1)]))
    print(line)
    print(f"Outputs of every benchmark in {out}")


if __name__ == "__main__":
    sys.exit(main())
