"""Long work as jobs: in a thread of the app without Redis; on an RQ queue worked by `delegates worker` with it.

The RQ tests need a real Redis: ``TEST_REDIS_URL=redis://127.0.0.1:6379/15`` (``.ci/run`` starts one).
Without it they skip, except under CI (``CI=true``), where they fail. Each test uses a queue of its own,
so that runs sharing the Redis never take each other's jobs.
"""
from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

from delegates.badges.models import BadgePrint
from delegates.common import jobs
from delegates.extensions import db
from delegates.mailings.models import Mailing, MailMessage
from delegates.registration.models import Event

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL")
HOW_TO_GET_REDIS = ("Install and start Redis (`apt-get install redis-server`, then `redis-server --daemonize yes`) "
                    "and set TEST_REDIS_URL=redis://127.0.0.1:6379/15 to run the tests of the RQ job queue.")
DELEGATES = Path(sys.executable).with_name("delegates")


@pytest.fixture(autouse=True)
def _jobs_end_before_the_database_closes(app):
    yield
    jobs.join_threads()


@pytest.fixture
def redis_queue(app):
    """The app with REDIS_URL set to TEST_REDIS_URL and a queue of this test's own; yields the queue's name."""
    if not TEST_REDIS_URL:
        if os.environ.get("CI") == "true":
            pytest.fail("TEST_REDIS_URL is not set. " + HOW_TO_GET_REDIS, pytrace=False)
        pytest.skip(HOW_TO_GET_REDIS)
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisDown

    try:
        Redis.from_url(TEST_REDIS_URL).ping()
    except RedisDown as e:
        pytest.fail(f"Redis does not answer at {TEST_REDIS_URL} ({e}). " + HOW_TO_GET_REDIS, pytrace=False)
    name = f"test-{secrets.token_hex(6)}"
    app.config.update(REDIS_URL=TEST_REDIS_URL, JOBS_QUEUE=name)
    yield name
    with app.app_context():
        jobs.queue(app).delete(delete_jobs=True)


def run_worker(app, queue: str, tmp_path, **env) -> subprocess.CompletedProcess:
    """`delegates worker --burst` in a process of its own, on the test's database and queue."""
    environment = {
        **os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "REDIS_URL": TEST_REDIS_URL,
        "SECRET_KEY": app.config["SECRET_KEY"], "MAIL_OUTBOX": app.config["MAIL_OUTBOX"],
        "PHOTO_FOLDER": app.config["PHOTO_FOLDER"], **env,
    }
    result = subprocess.run([str(DELEGATES), "worker", "--burst", "--queue", queue], env=environment,
                            capture_output=True, text=True, timeout=180, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def status(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_json()


def wait_for(client, url, seconds=30) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        body = status(client, url)
        if body["state"] in ("done", "failed") or time.monotonic() > deadline:
            return body
        time.sleep(0.1)


def accredited_people(app, event, new_participant, n: int, **columns) -> list[int]:
    with app.app_context():
        rows = [new_participant(status="accredited", badge_number=i + 1, email=f"p{i}@example.org",
                                ui_language=("en", "fr", "es", "ar")[i % 4], **columns) for i in range(n)]
        db.session.add_all(rows)
        db.session.commit()
        return [r.id for r in rows]


def start_badge_batch(client, csrf_token, event) -> str:
    token = csrf_token(client, f"/admin/e/{event.slug}/badges")
    response = client.post(f"/admin/e/{event.slug}/badges", data={
        "csrf_token": token, "status": "accredited", "layout": "a4-4up"})
    assert response.status_code == 303
    return response.headers["Location"].split("job=")[1]


def start_mailing(client, csrf_token, event) -> int:
    path = f"/admin/e/{event.slug}/mail"
    response = client.post(path, data={"csrf_token": csrf_token(client, path), "subject_en": "Hello {name}",
                                       "body_en": "Dear {name},\nsee you in Rome.", "subject_fr": "Bonjour {name}",
                                       "body_fr": "Cher {name},\nà bientôt à Rome."})
    assert response.status_code == 303
    page_path = response.headers["Location"]
    page = client.get(page_path).get_data(as_text=True)
    expected = re.search(r'value="(\d+)"[^>]*id="expected"|id="expected"[^>]*value="(\d+)"', page)
    sent = client.post(page_path + "/send", data={"csrf_token": csrf_token(client, page_path),
                                                  "expected": expected.group(1) or expected.group(2)})
    assert sent.status_code == 303
    return int(page_path.rsplit("/", 1)[1])


# -- the thread of the app (no Redis) --------------------------------------------------------------------------

def test_without_redis_a_job_runs_in_a_thread_and_its_progress_is_in_the_database(app, client, event, logged_in):
    """Any app server reads a job's progress from the database while it runs, step by step."""
    steps = [threading.Event() for _ in range(3)]

    @jobs.task("test-steps")
    def three_steps(job, progress):
        for done, step in enumerate(steps, start=1):
            assert step.wait(10)
            progress(done, len(steps), force=True)
        with jobs.writing():
            job.result = {"count": len(steps)}

    app.config["REDIS_URL"] = None
    with app.app_context():
        from delegates.registration.models import Event

        job_id = jobs.start("test-steps", event=db.session.get(Event, event.id)).id

    def seen() -> tuple:
        with app.app_context():  # another context, as another app server would read it
            job = jobs.load(job_id)
            return job.state, job.done, job.total

    def wait_until(expected):
        deadline = time.monotonic() + 10
        while seen() != expected and time.monotonic() < deadline:
            time.sleep(0.02)
        return seen()

    steps[0].set()
    assert wait_until(("running", 1, 3)) == ("running", 1, 3)
    steps[1].set()
    assert wait_until(("running", 2, 3)) == ("running", 2, 3)
    steps[2].set()
    assert wait_until(("done", 3, 3)) == ("done", 3, 3)
    with app.app_context():
        job = jobs.load(job_id)
        assert job.result == {"count": 3} and job.started_at <= job.finished_at


def test_a_job_that_breaks_fails_with_a_message_and_the_page_learns_it(app, event):
    @jobs.task("test-breaks")
    def breaks(job, progress):
        raise RuntimeError("boom")

    app.config["REDIS_URL"] = None
    with app.app_context():
        job_id = jobs.start("test-breaks").id
    deadline = time.monotonic() + 10
    while True:
        with app.app_context():
            job = jobs.load(job_id)
            if job.finished or time.monotonic() > deadline:
                break
        time.sleep(0.05)
    assert job.state == "failed" and "server's log" in job.message


def test_thread_backend_prints_a_badge_batch_and_sends_a_mailing(app, client, event, new_participant, logged_in,
                                                                csrf_token, smtp_server):
    app.config["REDIS_URL"] = None
    accredited_people(app, event, new_participant, 9)
    logged_in(client, roles=("printer", "registrar"))
    job_id = start_badge_batch(client, csrf_token, event)
    body = wait_for(client, f"/admin/e/{event.slug}/badges/jobs/{job_id}")
    assert (body["state"], body["done"], body["total"], body["count"]) == ("done", 9, 9, 9)
    mailing_id = start_mailing(client, csrf_token, event)
    body = wait_for(client, f"/admin/e/{event.slug}/mailings/{mailing_id}/status")
    assert (body["state"], body["done"], body["total"], body["sent"]) == ("done", 9, 9, 9)
    assert len(smtp_server) == 9


def test_when_redis_does_not_answer_the_job_runs_in_a_thread_rather_than_being_lost(
        app, client, event, new_participant, logged_in, csrf_token):
    import socket

    with socket.socket() as s:  # a port where nothing listens
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app.config["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
    accredited_people(app, event, new_participant, 3)
    logged_in(client, roles=("printer",))
    job_id = start_badge_batch(client, csrf_token, event)
    body = wait_for(client, f"/admin/e/{event.slug}/badges/jobs/{job_id}")
    assert (body["state"], body["count"]) == ("done", 3)


# -- RQ and `delegates worker` ----------------------------------------------------------------------------------

def test_with_redis_a_badge_batch_waits_on_the_queue_and_a_worker_process_prints_it(
        app, client, event, new_participant, logged_in, csrf_token, redis_queue, tmp_path):
    accredited_people(app, event, new_participant, 7)
    logged_in(client, roles=("printer",))
    job_id = start_badge_batch(client, csrf_token, event)
    url = f"/admin/e/{event.slug}/badges/jobs/{job_id}"
    time.sleep(0.3)
    assert status(client, url)["state"] == "queued"  # no thread took it: it waits for a worker
    with app.app_context():
        assert jobs.queue(app).count == 1

    result = run_worker(app, redis_queue, tmp_path)
    assert f"Working the queue '{redis_queue}' until it is empty." in result.stdout

    body = status(client, url)
    assert (body["state"], body["done"], body["total"], body["count"]) == ("done", 7, 7, 7)
    pdf = client.get(body["pdf"])
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    with app.app_context():
        prints = db.session.scalars(db.select(BadgePrint)).all()
        assert len(prints) == 7 and all(p.layout == "a4-4up" and p.printed_by_id for p in prints)
        assert jobs.queue(app).count == 0


def test_with_redis_a_worker_process_sends_a_mailing_in_each_language(
        app, client, event, new_participant, logged_in, csrf_token, redis_queue, smtp_server, tmp_path):
    accredited_people(app, event, new_participant, 8)
    logged_in(client, roles=("registrar",))
    mailing_id = start_mailing(client, csrf_token, event)
    url = f"/admin/e/{event.slug}/mailings/{mailing_id}/status"
    body = status(client, url)
    assert (body["state"], body["queued"], body["sent"]) == ("queued", 8, 0)
    page = client.get(f"/admin/e/{event.slug}/mailings/{mailing_id}").get_data(as_text=True)
    assert "js/jobs.js" in page and "Waiting for the mail worker" in page

    worker = run_worker(app, redis_queue, tmp_path, MAIL_SERVER=app.config["MAIL_SERVER"],
                        MAIL_PORT=str(app.config["MAIL_PORT"]))

    body = status(client, url)
    assert (body["state"], body["done"], body["total"], body["sent"], body["failed"]) == ("done", 8, 8, 8, 0), \
        worker.stderr
    assert len(smtp_server) == 8
    subjects = sorted(m["Subject"].split()[0] for m in smtp_server)
    assert subjects == ["Bonjour"] * 2 + ["Hello"] * 6  # fr in French; en, es and ar in the event's English
    with app.app_context():
        assert {m.state for m in db.session.scalars(db.select(MailMessage))} == {"sent"}
        assert db.session.get(Mailing, mailing_id).sent_at is not None


# -- jobs whose process was killed ----------------------------------------------------------------------------

def running_job_row(app, event, *, quiet_for: timedelta, kind: str = "badges") -> str:
    """A job that some process took and then stopped beating ``quiet_for`` ago (as a killed one does)."""
    from delegates.common.database import utcnow

    with app.app_context():
        now = utcnow()
        began = now - quiet_for - timedelta(minutes=1)
        job = jobs.Job(id=secrets.token_urlsafe(16), kind=kind, event_id=event.id, state="running", done=40,
                       total=300, params={"layout": "a6"}, result={}, file=b"half a PDF", created_at=began,
                       started_at=began, beat_at=now - quiet_for)
        db.session.add(job)
        db.session.commit()
        return job.id


def test_a_running_job_that_stopped_beating_is_failed_when_its_page_reads_it(app, client, event, logged_in):
    logged_in(client, roles=("printer",))
    dead = running_job_row(app, event, quiet_for=timedelta(minutes=11))
    alive = running_job_row(app, event, quiet_for=timedelta(seconds=20))

    body = status(client, f"/admin/e/{event.slug}/badges/jobs/{dead}")
    assert body["state"] == "failed"
    assert body["message"].startswith("The job stopped (its worker ended) before it finished") and \
        "start it again" in body["message"]
    page = client.get(f"/admin/e/{event.slug}/badges?job={dead}").get_data(as_text=True)
    assert "The job stopped (its worker ended)" in page and "js/jobs.js" not in page  # nothing left to follow
    assert status(client, f"/admin/e/{event.slug}/badges/jobs/{alive}")["state"] == "running"
    with app.app_context():
        stopped = db.session.get(jobs.Job, dead)
        assert stopped.file is None and stopped.finished_at > stopped.started_at


def test_a_job_that_makes_progress_beats_and_is_never_taken_for_stopped(app, event):
    """JOBS_STALE_AFTER of one second: a job that takes three but reports progress stays running, then is done."""
    app.config.update(REDIS_URL=None, JOBS_STALE_AFTER=1)
    go = threading.Event()

    @jobs.task("test-slow")
    def slow(job, progress):
        assert go.wait(10)
        for step in range(1, 16):
            time.sleep(0.2)
            progress(step, 15, force=True)

    with app.app_context():
        job_id = jobs.start("test-slow", event=db.session.get(Event, event.id)).id
    go.set()
    seen = set()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with app.app_context():  # as a page would, on another app server
            job = jobs.load(job_id)
            seen.add(job.state)
            if job.finished:
                break
        time.sleep(0.25)
    assert job.state == "done" and "failed" not in seen and "running" in seen


def test_a_worker_killed_mid_job_leaves_a_failed_job_once_the_next_worker_starts(
        app, client, event, new_participant, logged_in, csrf_token, redis_queue, tmp_path):
    """SIGKILL to a real `delegates worker` and the work horse it forked, mid-batch (as when their machine
    stops): the row stays "running" until the next worker starts and finds it silent for longer than
    JOBS_STALE_AFTER."""
    import signal

    accredited_people(app, event, new_participant, 400)
    logged_in(client, roles=("printer",))
    job_id = start_badge_batch(client, csrf_token, event)
    url = f"/admin/e/{event.slug}/badges/jobs/{job_id}"
    environment = {
        **os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "REDIS_URL": TEST_REDIS_URL,
        "SECRET_KEY": app.config["SECRET_KEY"], "MAIL_OUTBOX": app.config["MAIL_OUTBOX"],
        "PHOTO_FOLDER": app.config["PHOTO_FOLDER"],
    }
    worker = subprocess.Popen([str(DELEGATES), "worker", "--queue", redis_queue], env=environment, cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while (body := status(client, url))["done"] < 20 and body["state"] in ("queued", "running"):
            assert time.monotonic() < deadline, body
            time.sleep(0.05)
        assert body["state"] == "running", body
    finally:
        # the work horse that RQ forked for the job (in a process group of its own), then the worker
        horses = Path(f"/proc/{worker.pid}/task/{worker.pid}/children").read_text().split()
        for pid in map(int, horses):
            os.kill(pid, signal.SIGKILL)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(10)
    assert horses, "the worker had forked no work horse"
    time.sleep(1)
    body = status(client, url)
    assert body["state"] == "running" and body["done"] < 400  # nobody says it ended: the row looks alive

    time.sleep(1.5)  # longer than the limit the next worker is given
    result = run_worker(app, redis_queue, tmp_path, JOBS_STALE_AFTER="2")
    assert "1 job(s) had stopped without finishing" in result.stdout + result.stderr
    body = status(client, url)
    assert body["state"] == "failed" and "start it again" in body["message"]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(BadgePrint)) == 0  # no print recorded
    page = client.get(f"/admin/e/{event.slug}/badges?job={job_id}").get_data(as_text=True)
    assert "The job stopped (its worker ended)" in page
