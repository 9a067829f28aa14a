"""Benchmark: personal agendas in one PDF, ours against the floor (../shared/bench/agenda.py), in the same run.

  .venv/bin/python bench/agenda.py [--n 1200] [--runs 3] [--no-demo]

1. Speed: N one-page agendas of 10 sessions each in one PDF. Ours draws them with
   ``delegates.programme.pdf.render_agendas`` (the text engine: Noto fonts, HarfBuzz shaping; one
   agenda in eight in Arabic, laid out right to left; a third of the names in other scripts); the
   floor builds the same number with a platypus Table in DejaVu (``--mode single``). Both run as fresh
   processes, alternately, ``--runs`` times, timed from after the imports (font registration
   included); the medians and their ratio are printed (goal: at most 1.5×).
2. The real path (unless ``--no-demo``): ``delegates agendas``' work on the demo event (every
   accredited participant: one query for the seats, the data in each person's language, the PDF),
   on a fresh SQLite database; reported per agenda, for information.

Prints one JSON line per measure, then a summary.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FLOOR = HERE.parent.parent / "shared" / "bench"

NAMES = ["Łukasz Kowalczyk", "Nguyễn Thị Minh Khai", "Владимир Колокольцев", "Αλέξανδρος Παπαδόπουλος",
         "محمد بن عبد الله الراشد", "王小明", "山田 太郎", "김민준", "नरेन्द्र कुमार शर्मा", "สมชาย ใจดี"]
# the floor's rooms and topics, so that both draw the same amount of text
ROOMS = ["Plenary Hall", "Room A", "Room B", "Room C", "Press Room", "Salle 2"]
TOPICS = ["Opening plenary", "Budget and finance", "Working group on health",
          "Side event: climate adaptation", "Legal drafting committee",
          "Regional consultations (Africa)", "Credentials committee",
          "Panel: digital public infrastructure", "Bilateral meeting",
          "Closing plenary and adoption of the report"]
TOPICS_AR = ["الجلسة العامة الافتتاحية", "الميزانية والمالية", "الفريق العامل المعني بالصحة",
             "حدث جانبي: التكيف مع المناخ", "لجنة الصياغة القانونية", "مشاورات إقليمية (أفريقيا)",
             "لجنة وثائق التفويض", "حلقة نقاش: البنية التحتية الرقمية العامة", "اجتماع ثنائي",
             "الجلسة العامة الختامية واعتماد التقرير"]
LABELS = {"heading": "Personal agenda", "time": "Time", "title": "Session", "room": "Room", "role": "Role",
          "channel": "Interpretation", "badge": "Badge No.", "empty": "No session yet."}
LABELS_AR = {"heading": "البرنامج الشخصي", "time": "الوقت", "title": "الجلسة", "room": "القاعة", "role": "الدور",
             "channel": "الترجمة الفورية", "badge": "رقم الشارة", "empty": "لا توجد جلسات."}


def ours(n: int, out: str) -> dict:
    """Run in a child process: N agendas with our renderer; seconds after the imports."""
    import random

    from delegates.common.pdf.text import FontSet
    from delegates.programme.pdf import AgendaData, AgendaRow, render_agendas

    sys.path.insert(0, str(FLOOR))
    from people import delegates  # the floor's people: functions, countries, numbers

    started = time.perf_counter()
    rnd = random.Random(1)
    days = ["Monday 5 November 2012", "Tuesday 6 November 2012", "Wednesday 7 November 2012"]
    days_ar = ["الاثنين، 5 نوفمبر 2012", "الثلاثاء، 6 نوفمبر 2012", "الأربعاء، 7 نوفمبر 2012"]

    def agendas():
        for i, d in enumerate(delegates(n)):
            arabic = i % 8 == 0
            rows = []
            for k in range(10):
                h = 9 + (k % 4) * 2
                topic = rnd.randrange(len(TOPICS))
                rows.append(AgendaRow(day=(days_ar if arabic else days)[k // 4], time=f"{h:02d}:00–{h + 1:02d}:30",
                                      title=(TOPICS_AR if arabic else TOPICS)[topic], room=rnd.choice(ROOMS),
                                      role="Attendee", channel="English"))
            yield AgendaData(rtl=arabic, labels=LABELS_AR if arabic else LABELS,
                             event_name="81st INTERPOL General Assembly",
                             event_facts=("5–8 November 2012", "Rome Cavalieri, Rome"),
                             name=NAMES[i % len(NAMES)] if i % 3 == 0 else f"{d['first']} {d['last']}",
                             own_name="", function=d["function"], delegation=d["country"],
                             badge_number=d["number"], rows=tuple(rows))

    fonts = FontSet(NAMES)
    pages = render_agendas(agendas(), out, fonts=fonts)
    seconds = time.perf_counter() - started
    return {"who": "ours", "n": n, "pages": pages, "seconds": round(seconds, 3),
            "ms_per_agenda": round(seconds * 1000 / n, 2), "pdf_bytes": Path(out).stat().st_size}


def demo(out: str, folder: str) -> dict:
    """Run in a child process: the agendas of every accredited participant of the demo event."""
    from delegates import create_app
    from delegates.demo import load_demo
    from delegates.extensions import db
    from delegates.programme.agenda_pdf import accredited_participants, write_agendas
    from delegates.registration.countries import load_countries
    from delegates.registration.services import get_event

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/demo.sqlite", "SECRET_KEY": "bench"})
    with app.app_context():
        db.create_all()
        load_countries()
        load_demo()
        db.session.commit()
        db.session.expunge_all()
        started = time.perf_counter()
        event = get_event("ga81")
        people = accredited_participants(event)
        pages = write_agendas(event, people, out)
        seconds = time.perf_counter() - started
    return {"who": "ours, demo event (delegates agendas)", "n": len(people), "pages": pages,
            "seconds": round(seconds, 3), "ms_per_agenda": round(seconds * 1000 / len(people), 2)}


def run_child(*args: str) -> dict:
    r = subprocess.run([sys.executable, __file__, "--child", *args],  # noqa: S603
                       capture_output=True, text=True, check=True)
    return json.loads(r.stdout.strip().splitlines()[-1])


def run_floor(n: int, out: Path) -> dict:
    r = subprocess.run([sys.executable, str(FLOOR / "agenda.py"), "--mode", "single", "-n", str(n),  # noqa: S603
                        "--out", str(out)], capture_output=True, text=True, check=True)
    return {"who": "floor", **json.loads(r.stdout.strip().splitlines()[-1])}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, *rest = sys.argv[2:]
        print(json.dumps(ours(int(rest[0]), rest[1]) if kind == "ours" else demo(rest[0], rest[1])))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1200)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-demo", action="store_true")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        floor_s, ours_s = [], []
        for _ in range(a.runs):
            f = run_floor(a.n, Path(tmp) / "floor.pdf")
            o = run_child("ours", str(a.n), str(Path(tmp) / "ours.pdf"))
            for row in (f, o):
                print(json.dumps(row), flush=True)
            floor_s.append(f["seconds"])
            ours_s.append(o["seconds"])
        summary = {"n": a.n, "ours_median_s": statistics.median(ours_s), "floor_median_s": statistics.median(floor_s),
                   "ratio": round(statistics.median(ours_s) / statistics.median(floor_s), 2), "goal_ratio": 1.5}
        if not a.no_demo:
            d = run_child("demo", str(Path(tmp) / "demo.pdf"), tmp)
            print(json.dumps(d), flush=True)
            summary.update({"demo_n": d["n"], "demo_seconds": d["seconds"], "demo_ms_per_agenda": d["ms_per_agenda"]})
        print(json.dumps({"summary": summary}))


if __name__ == "__main__":
    main()
