"""Benchmark: our badges against the floor (../shared/bench/badges.py), measured in the same run.

  .venv/bin/python bench/badges.py [--n 1200] [--runs 3] [--memory-n 10000] [--photos-dir DIR]

1. Speed: N badges four per A4 (a4-4up), each with a photo (300×400 JPEG from the floor's
   make_photos.py) and a name in one of many scripts (Latin, Vietnamese, Cyrillic, Greek, Arabic,
   Hebrew, Devanagari, Thai, Chinese, Japanese, Korean), drawn by ``delegates.badges.pdf.render``;
   the floor draws the same number four per A4 with photos and a segno QR code, as it ships
   (ASCII85 streams) and with ``--no-a85`` (binary streams, as ours). All run as fresh processes,
   alternately, ``--runs`` times; the medians and the ratios are printed (goal: at most 1.3×).
   All time from after the imports, font registration (and CJK subsetting) included.
2. Memory: ``--memory-n`` badges (distinct photos) in one PDF, peak RSS of the process
   (goal: under 400 MB). ``--memory-n 0`` skips it.

Prints one JSON line per measure, then a summary.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FLOOR = HERE.parent.parent / "shared" / "bench"

NAMES = [
    "Łukasz Kowalczyk", "Nguyễn Thị Minh Khai", "Владимир Колокольцев", "Αλέξανδρος Παπαδόπουλος",
    "محمد بن عبد الله الراشد", "דוד בן גוריון", "नरेन्द्र कुमार शर्मा", "สมชาย ใจดี", "王小明", "山田 太郎",
    "김민준", "José García López", "Fatoumata Traoré", "Søren Ødegård", "Ayşe Yılmaz",
    "Maria Fernanda de los Ángeles Rodríguez-Villanueva y Castaña",
]
CATEGORIES = [("Delegate", "#1F4E79", "#FFFFFF"), ("Minister", "#8B1E2D", "#FFFFFF"),
              ("Observer", "#2E7D32", "#FFFFFF"), ("Media", "#F2C200", "#000000"), ("Staff", "#555555", "#FFFFFF")]


def ensure_photos(folder: Path, n: int) -> None:
    have = len(list(folder.glob("*.jpg"))) if folder.is_dir() else 0
    if have < n:
        subprocess.run([sys.executable, str(FLOOR / "make_photos.py"), str(folder), str(n)], check=True,  # noqa: S603
                       stdout=subprocess.DEVNULL)


def ours(n: int, photos: str, out: str) -> dict:
    """Run in a child process: N badges with our renderer; seconds after imports, peak RSS."""
    from delegates.badges.codes import encode
    from delegates.badges.pdf import BadgeData, render
    from delegates.common.pdf.text import FontSet

    sys.path.insert(0, str(FLOOR))
    from people import delegates  # the floor's people: functions, countries, numbers

    started = time.perf_counter()
    key = b"benchmark-key" * 3
    people = delegates(n)

    def badges():
        for i, d in enumerate(people):
            category = CATEGORIES[i % len(CATEGORIES)]
            yield BadgeData(event_name="81st INTERPOL General Assembly", event_dates="5–8 Nov 2012",
                            category=category[0], band_colour=category[1], text_colour=category[2],
                            name=NAMES[i % len(NAMES)] if i % 3 else f"{d['first']} {d['last']}",
                            function=d["function"], delegation=d["country"], number=d["number"],
                            code=encode(1, i + 1, 1, key=key), photo=os.path.join(photos, d["number"] + ".jpg"))

    fonts = FontSet(NAMES + ["81st INTERPOL General Assembly", "5–8 Nov 2012"])
    count = render(badges(), out, "a4-4up", fonts=fonts)
    seconds = time.perf_counter() - started
    return {"who": "ours", "n": count, "seconds": round(seconds, 3), "ms_per_badge": round(seconds * 1000 / n, 2),
            "pdf_bytes": os.path.getsize(out), "peak_rss_mb": round(peak_rss_mb(), 1)}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_ours(n: int, photos: Path, out: Path) -> dict:
    r = subprocess.run([sys.executable, __file__, "--child", str(n), str(photos), str(out)],  # noqa: S603
                       capture_output=True, text=True, check=True)
    return json.loads(r.stdout.strip().splitlines()[-1])


def run_floor(n: int, photos: Path, out: Path, *, a85: bool) -> dict:
    extra = [] if a85 else ["--no-a85"]
    r = subprocess.run([sys.executable, str(FLOOR / "badges.py"), "--layout", "a4x4", "--qr", "segno",  # noqa: S603
                        "--photos", str(photos), "-n", str(n), "--out", str(out), *extra],
                       capture_output=True, text=True, check=True)
    return {"who": "floor" if a85 else "floor --no-a85", **json.loads(r.stdout.strip().splitlines()[-1])}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(ours(int(sys.argv[2]), sys.argv[3], sys.argv[4])))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1200)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--memory-n", type=int, default=10000)
    ap.add_argument("--photos-dir", default=os.path.join(tempfile.gettempdir(), "delegates-bench-photos"))
    a = ap.parse_args()
    photos = Path(a.photos_dir)
    ensure_photos(photos, max(a.n, a.memory_n))
    with tempfile.TemporaryDirectory() as tmp:
        floor_s, binary_s, ours_s = [], [], []
        for _ in range(a.runs):
            f = run_floor(a.n, photos, Path(tmp) / "floor.pdf", a85=True)
            b = run_floor(a.n, photos, Path(tmp) / "floor.pdf", a85=False)
            o = run_ours(a.n, photos, Path(tmp) / "ours.pdf")
            for row in (f, b, o):
                print(json.dumps(row))
            floor_s.append(f["seconds"])
            binary_s.append(b["seconds"])
            ours_s.append(o["seconds"])
        ours_median = statistics.median(ours_s)
        # ours writes binary streams (see delegates/common/pdf/__init__.py): the floor with --no-a85 is the
        # like-for-like comparison; the floor as it ships (ASCII85) is reported too
        summary = {"n": a.n, "ours_median_s": ours_median, "floor_median_s": statistics.median(floor_s),
                   "floor_no_a85_median_s": statistics.median(binary_s),
                   "ratio": round(ours_median / statistics.median(floor_s), 2),
                   "ratio_vs_no_a85": round(ours_median / statistics.median(binary_s), 2), "goal_ratio": 1.3}
        if a.memory_n:
            m = run_ours(a.memory_n, photos, Path(tmp) / "memory.pdf")
            print(json.dumps(m))
            summary.update({"memory_n": a.memory_n, "memory_peak_rss_mb": m["peak_rss_mb"],
                            "memory_seconds": m["seconds"], "goal_peak_mb": 400})
        print(json.dumps({"summary": summary}))


if __name__ == "__main__":
    main()
