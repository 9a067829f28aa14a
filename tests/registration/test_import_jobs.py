"""A big participants file (more than a few hundred rows) is checked and imported by a job that the import page
follows, in a thread of the app or by `delegates worker` on Redis, with the same report and the same rows as
the request gives a small file; all or nothing."""
from __future__ import annotations

import csv
import io
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from delegates.admin.models import AuditEntry
from delegates.common import jobs
from delegates.common.jobs import Job
from delegates.extensions import db
from delegates.registration import import_jobs
from delegates.registration.exports import COLUMNS, participant_row, participants_for_export
from delegates.registration.imports import import_file
from delegates.registration.models import Event, Participant

PAGE = "/admin/e/test/import"
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL")
DELEGATES = Path(sys.executable).with_name("delegates")
NAMES = [("Łukasz", "Żółć"), ("Nguyễn Văn", "Thành"), ("Владимир", "Колокольцев"), ("عبد الله", "بن زايد"),
         ("小洪", "王"), ("Giulia", "Rossi"), ("José", "García")]


@pytest.fixture(autouse=True)
def _jobs_end_before_the_database_closes(app):
    app.config["REDIS_URL"] = None
    yield
    jobs.join_threads()


def rows(n: int) -> list[dict]:
    made = []
    for i in range(n):
        given, family = NAMES[i % len(NAMES)]
        made.append({"title": "Mr" if i % 2 else "Ms", "given_name": given, "family_name": f"{family} {i}",
                     "country": ("ITA", "FRA")[i % 2], "category": ("Delegate", "Head of Delegation")[i % 3 == 0],
                     "function": "Police officer", "organisation": "National Central Bureau",
                     "email": f"person.{i}@example.org", "languages": ("en", "fr;en", "es", "ar;fr")[i % 4],
                     "dietary": ("", "vegetarian", "halal")[i % 3], "status": ("submitted", "accredited")[i % 2]})
    return made


def csv_file(table: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n", restval="")
    writer.writeheader()
    writer.writerows(table)
    return out.getvalue().encode()


def upload(client, csrf_token, data: bytes, name: str = "big.csv", button: str = "check"):
    token = csrf_token(client, PAGE)
    return client.post(PAGE, data={"csrf_token": token, "file": (io.BytesIO(data), name), button: "x"},
                       content_type="multipart/form-data")


def started_job(response) -> str:
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return re.search(r"job=([\w-]+)", response.headers["Location"]).group(1)


def report_page(client, job_id: str) -> str:
    jobs.join_threads()
    response = client.get(f"{PAGE}?job={job_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def saved_report(app, job_id: str):
    with app.app_context():
        job = import_jobs.load(job_id)
        assert job.state == "done", (job.state, job.message)
        return import_jobs.report_of(job), job.file


def request_report(app, data: bytes, name: str = "big.csv"):
    """What the request (a small file's path) reports for the same file: a dry run, rolled back."""
    with app.app_context():
        report = import_file(db.session.scalar(select(Event)), data, name, dry_run=True)
        db.session.rollback()
        return report


def counts(app) -> dict:
    with app.app_context():
        return {"participants": db.session.scalar(select(func.count()).select_from(Participant)),
                "audit": db.session.scalar(select(func.count()).select_from(AuditEntry)),
                "badge_counter": db.session.scalar(select(Event.last_badge_number))}


def exported(app) -> dict[str, dict]:
    with app.app_context():
        return {p.email: participant_row(p) for p in participants_for_export(db.session.scalar(select(Event)))}


def assert_imported_as_written(app, table: list[dict]) -> None:
    written = exported(app)
    assert len(written) == len(table)
    for row in table:
        got = written[row["email"]]
        assert {c: got[c] for c in row} == row, row["email"]


# -- the thread of the app -------------------------------------------------------------------------------------

def test_a_600_row_check_runs_as_a_job_and_reports_what_the_request_would(app, client, event, logged_in,
                                                                          csrf_token):
    logged_in(client, roles=("registrar",))
    data = csv_file(rows(600))
    job_id = started_job(upload(client, csrf_token, data))

    page = report_page(client, job_id)
    assert "The file can be imported" in page
    assert "Checked 600 rows: 600 participants can be imported. Nothing was changed (check only)." in page
    job_report, left = saved_report(app, job_id)
    assert job_report == request_report(app, data) and left is None  # the upload is gone once read
    assert counts(app)["participants"] == 0


def test_a_600_row_import_runs_as_a_job_and_adds_every_row_as_written(app, client, event, logged_in, csrf_token):
    account = logged_in(client, roles=("registrar",))
    table = rows(600)
    job_id = started_job(upload(client, csrf_token, csv_file(table), button="run"))

    page = report_page(client, job_id)
    assert "Import done" in page and "Imported 600 participants from big.csv." in page
    assert_imported_as_written(app, table)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.kind == "participant.registered")) == 600
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.kind == "import.completed"))
        assert (entry.organiser_id, entry.note) == (account.id, "big.csv")
        numbers = db.session.scalars(select(Participant.badge_number)).all()
        assert sorted(numbers) == list(range(1, 601))
    # the export of what was imported, imported again (a job too): every row as it is, nothing added
    export = client.get("/admin/e/test/participants/export.csv").data
    page = report_page(client, started_job(upload(client, csrf_token, export, "export.csv", button="run")))
    assert "600 rows are registrations of the event as they are already: left alone." in page
    assert counts(app)["participants"] == 600


def test_a_bad_big_file_changes_nothing_and_reports_its_lines(app, client, event, logged_in, csrf_token):
    logged_in(client, roles=("registrar",))
    table = rows(600)
    table[8]["country"] = "Narnia"  # line 10
    table[298]["email"] = "not an address"  # line 300
    table[599]["email"] = table[0]["email"]  # line 601 repeats line 2
    before = counts(app)
    job_id = started_job(upload(client, csrf_token, csv_file(table), button="run"))

    page = report_page(client, job_id)
    assert "Nothing was imported" in page
    assert "3 problems in 3 of the 600 rows: nothing was imported." in page
    lines = re.findall(r'<td class="num">(\d+)</td><td><code>(\w+)</code></td>', page)
    assert lines == [("10", "country"), ("300", "email"), ("601", "email")]
    assert "“Narnia” is not a country we know" in page
    assert "person.0@example.org is in the file twice, on lines 2 and 601." in page
    assert counts(app) == before
    job_report, _file = saved_report(app, job_id)
    assert job_report.errors == request_report(app, csv_file(table)).errors


def test_a_big_workbook_goes_to_a_job_and_a_small_file_stays_in_the_request(app, client, event, logged_in,
                                                                           csrf_token):
    logged_in(client, roles=("registrar",))
    table = rows(400)
    workbook = Workbook()
    workbook.active.append(list(COLUMNS))
    for row in table:
        workbook.active.append([row.get(c, "") for c in COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    page = report_page(client, started_job(upload(client, csrf_token, out.getvalue(), "big.xlsx", "run")))
    assert "Imported 400 participants from big.xlsx." in page

    response = upload(client, csrf_token, csv_file(rows(450)[400:]), "small.csv", "run")
    assert response.status_code == 200  # no job: the report comes with the answer
    assert "Imported 50 participants from small.csv." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Job)) == 1
    assert counts(app)["participants"] == 450


def test_only_registrars_start_imports_and_follow_them(app, client, event, logged_in, csrf_token):
    logged_in(client, roles=("registrar",))
    job_id = started_job(upload(client, csrf_token, csv_file(rows(400))))
    report_page(client, job_id)
    status = client.get(f"{PAGE}/jobs/{job_id}").get_json()
    assert (status["state"], status["done"], status["total"]) == ("done", 400, 400)
    assert "report" not in status  # the poll is small; the page shows the report
    assert client.get(f"{PAGE}/jobs/nope").status_code == 404
    client.post("/admin/logout", data={"csrf_token": csrf_token(client, PAGE)})

    logged_in(client, roles=("printer",))
    assert client.get(f"{PAGE}/jobs/{job_id}").status_code == 403
    assert client.get(f"{PAGE}?job={job_id}").status_code == 403
    client.post("/admin/logout", data={"csrf_token": csrf_token(client, "/admin/")})

    logged_in(client, roles=("viewer",))
    token = csrf_token(client, PAGE)
    response = client.post(PAGE, data={"csrf_token": token, "run": "x",
                                       "file": (io.BytesIO(csv_file(rows(400))), "big.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Job)) == 1
    assert counts(app)["participants"] == 0


def test_an_import_whose_process_ended_mid_job_says_so_when_the_page_reads_it(app, client, event, logged_in):
    from datetime import timedelta

    from delegates.common.database import utcnow

    logged_in(client, roles=("registrar",))
    with app.app_context():
        began = utcnow() - timedelta(minutes=30)
        job = Job(id="stopped-import", kind="import", event_id=event.id, state="running", done=120, total=600,
                  params={"file_name": "big.csv", "dry_run": False, "language": "en"}, result={},
                  file=csv_file(rows(600)), created_at=began, started_at=began, finished_at=began)
        db.session.add(job)
        db.session.commit()
    page = client.get(f"{PAGE}?job=stopped-import").get_data(as_text=True)
    assert "Importing the file" in page
    assert "The job stopped (its worker ended) before it finished" in page and "start it again" in page
    assert "An import adds every row of the file or none" in page and "js/jobs.js" not in page
    with app.app_context():
        assert db.session.get(Job, "stopped-import").file is None  # the upload is not kept
    assert counts(app)["participants"] == 0


# -- RQ and `delegates worker` ----------------------------------------------------------------------------------

@pytest.fixture
def redis_queue(app):
    """REDIS_URL set to TEST_REDIS_URL and a queue of this test's own (see tests/common/test_jobs.py)."""
    if not TEST_REDIS_URL:
        if os.environ.get("CI") == "true":
            pytest.fail("TEST_REDIS_URL is not set (redis://127.0.0.1:6379/15).", pytrace=False)
        pytest.skip("Set TEST_REDIS_URL=redis://127.0.0.1:6379/15 (a running Redis) for the RQ tests.")
    name = f"test-{secrets.token_hex(6)}"
    app.config.update(REDIS_URL=TEST_REDIS_URL, JOBS_QUEUE=name)
    yield name
    with app.app_context():
        jobs.queue(app).delete(delete_jobs=True)


def test_with_redis_a_worker_process_imports_a_big_file_as_the_request_would(app, client, event, logged_in,
                                                                             csrf_token, redis_queue, tmp_path):
    logged_in(client, roles=("registrar",))
    table = rows(600)
    data = csv_file(table)
    check_id = started_job(upload(client, csrf_token, data))
    run_id = started_job(upload(client, csrf_token, data, button="run"))
    page = client.get(f"{PAGE}?job={check_id}").get_data(as_text=True)
    assert "Waiting for the worker to take the file big.csv" in page and "js/jobs.js" in page
    with app.app_context():
        assert jobs.queue(app).count == 2

    environment = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "REDIS_URL": TEST_REDIS_URL,
                   "SECRET_KEY": app.config["SECRET_KEY"], "MAIL_OUTBOX": app.config["MAIL_OUTBOX"],
                   "PHOTO_FOLDER": app.config["PHOTO_FOLDER"]}
    worker = subprocess.run([str(DELEGATES), "worker", "--burst", "--queue", redis_queue], env=environment,
                            capture_output=True, text=True, timeout=180, cwd=tmp_path)
    assert worker.returncode == 0, worker.stdout + worker.stderr

    check_report, _file = saved_report(app, check_id)
    assert check_report.rows_read == check_report.to_create == 600 and check_report.dry_run
    page = client.get(f"{PAGE}?job={run_id}").get_data(as_text=True)
    assert "Imported 600 participants from big.csv." in page
    assert_imported_as_written(app, table)
