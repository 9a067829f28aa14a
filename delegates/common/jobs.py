"""Long work that never holds a web request: badge and agenda batches, mail to many, big imports. A page follows
it with a progress bar.

A job is a row of the ``job`` table, so that every app server can answer the page's polling. With
``REDIS_URL`` set, ``start`` puts the job on the RQ queue ``delegates``, worked by ``delegates worker`` on
any machine that reaches the database; without it the job runs in a thread of the app that started it.
Either way the same task function does the work, in an application context:

    @task("badges")
    def print_batch(job: Job, progress: Progress) -> None: ...

The task reads its ``job.params`` (JSON), may call ``progress(done, total)`` as it goes, and leaves what it
made in ``job.result`` (JSON) and, for a file, ``job.file``. It writes inside ``with writing():`` blocks,
each a short transaction of its own: on SQLite a transaction that writes holds the database's one write
lock, and a job that held it for minutes would stop every registration meanwhile. (Objects loaded by the
task stay loaded across those commits.) It raises ``DomainError`` for a failure the
organiser can act on (its message is shown); any other exception fails the job with a general message and
a traceback in the server's log.

A process killed mid-job (a worker's machine restarted, the app's process ended) cannot say so: its row would
stay "running" for ever. So a running job beats: ``progress`` stamps the row each time it writes, and a job
whose last beat is older than ``JOBS_STALE_AFTER`` seconds is taken for stopped and marked failed, when a page
reads it (``load``) and when ``delegates worker`` starts (``fail_stopped``).
"""
from __future__ import annotations

import os
import secrets
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from io import BytesIO

from flask import Flask, abort, current_app, jsonify, send_file
from flask_babel import gettext as _
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, LargeBinary, String, Text, and_, delete, or_, update
from sqlalchemy.orm import Mapped, deferred, mapped_column
from sqlalchemy.orm.attributes import set_committed_value

from delegates.common.database import UTCDateTime, one_of, utcnow, write_intent
from delegates.common.exceptions import DomainError
from delegates.extensions import db

QUEUE_NAME = "delegates"
STATES = ("queued", "running", "done", "failed")
KEEP = timedelta(days=1)  # a finished job's row (and its file, which may hold personal data) is kept this long
RQ_TIMEOUT = 4 * 3600
PROGRESS_EVERY = 0.3  # seconds between two progress writes
STALE_AFTER = 600  # seconds without a beat after which a running job is taken for stopped (JOBS_STALE_AFTER)

Task = Callable[["Job", "Progress"], None]
_tasks: dict[str, Task] = {}
_threads: set[threading.Thread] = set()


class Job(db.Model):
    """One piece of long work: what, for which event, by whom, how far along, and what it made."""

    __tablename__ = "job"
    __table_args__ = (
        CheckConstraint(one_of("state", STATES), name="state_known"),
        CheckConstraint("done >= 0 AND total >= 0", name="progress_not_negative"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("organiser.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(String(10), default="queued")
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str | None] = mapped_column(Text)
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    result: Mapped[dict] = mapped_column(JSON, default=dict)
    # what the job made, when it is a file (a batch of badges); loaded only when asked for
    file: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # a running job's last sign of life: its start, then each progress write
    beat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")

    @property
    def heartbeat(self) -> datetime | None:
        """When a running job last showed it was alive (its start, then each progress write); None otherwise."""
        return (self.beat_at or self.started_at) if self.state == "running" else None

    def status(self) -> dict:
        """What the progress page polls for: the state, how far, the message, and the result's figures."""
        return {**(self.result or {}), "state": self.state, "done": self.done, "total": self.total,
                "message": self.message}

    def __repr__(self) -> str:
        return f"<Job {self.kind} {self.id} {self.state} {self.done}/{self.total}>"


class Progress:
    """``progress(done, total)`` for a task: writes to the job's row, at most every ``PROGRESS_EVERY`` seconds.

    It writes through a connection of its own, so the task's session and its transaction are left alone.
    On SQLite, call it only while the task's session holds no write lock (the write would wait for it).
    """

    def __init__(self, job_id: str):
        self.job_id = job_id
        self._last = 0.0

    def __call__(self, done: int, total: int, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and done != total and now - self._last < PROGRESS_EVERY:
            return
        self._last = now
        reset = write_intent.set(True)
        try:
            with db.engine.begin() as connection:
                # the progress is the beat: a job that moves is alive (Job.heartbeat)
                connection.execute(update(Job).where(Job.id == self.job_id, Job.state == "running")
                                   .values(done=done, total=total, beat_at=utcnow()))
        finally:
            write_intent.reset(reset)


@contextmanager
def writing() -> Iterator[None]:
    """A short write transaction inside a task: ends the read before it, commits at the end (see above)."""
    db.session.commit()
    reset = write_intent.set(True)
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    finally:
        write_intent.reset(reset)


def task(kind: str) -> Callable[[Task], Task]:
    """Register the function that does the work of jobs of this kind."""

    def register(function: Task) -> Task:
        _tasks[kind] = function
        return function

    return register


def backend(app: Flask | None = None) -> str:
    """``rq`` when ``REDIS_URL`` is set, else ``thread``."""
    return "rq" if (app or current_app).config.get("REDIS_URL") else "thread"


def start(kind: str, *, event=None, organiser_id: int | None = None, params: dict | None = None,
          file: bytes | None = None) -> Job:
    """Record a new job and hand it to the queue (or a thread); returns it at once.

    ``file``: what the job works on, when it is a file (an uploaded import), kept in the job's row so that a
    worker on any machine reads it; the task may replace it with what it makes, or empty it.

    This commits the session: the worker must find the job's row, and whatever the caller changed before.
    """
    if kind not in _tasks:
        raise KeyError(f"no task for jobs of kind {kind!r}")
    app = current_app._get_current_object()
    forget_old()
    job = Job(id=secrets.token_urlsafe(16), kind=kind, event_id=event.id if event is not None else None,
              organiser_id=organiser_id, params=params or {}, result={}, file=file)
    db.session.add(job)
    db.session.commit()
    if backend(app) == "rq":
        from redis.exceptions import RedisError

        try:
            queue(app).enqueue(perform, job.id, job_id=f"delegates-{job.id}", job_timeout=RQ_TIMEOUT,
                               result_ttl=int(KEEP.total_seconds()), failure_ttl=int(KEEP.total_seconds()),
                               description=f"{kind} job {job.id}")
            return job
        except RedisError as error:  # the work must not be lost because the queue is down: do it here
            app.logger.warning("Redis did not take %s job %s (%s); it runs in a thread of this app instead.",
                               kind, job.id, type(error).__name__)
    thread = threading.Thread(target=_in_thread, args=(app, job.id), name=f"job-{kind}-{job.id}", daemon=True)
    _threads.add(thread)
    thread.start()
    return job


def load(job_id: str, *, kind: str | None = None, event=None) -> Job | None:
    """The job with this id (of this kind, for this event when given), or None."""
    if not isinstance(job_id, str) or not 1 <= len(job_id) <= 32:
        return None
    job = db.session.get(Job, job_id, populate_existing=True)
    if job is None or (kind is not None and job.kind != kind) or (event is not None and job.event_id != event.id):
        return None
    now = utcnow()
    if job.state == "running" and job.heartbeat is not None and job.heartbeat < now - stale_after() \
            and fail_stopped(job_id=job.id, now=now):
        # what was written, as the row now holds it (the request's own read may not see that write yet)
        for name, value in _stopped(now).items():
            set_committed_value(job, name, value)
    return job


def status_response(job: Job, file_url: str | None = None):
    """What a progress box polls for, never cached; ``file_url`` is offered once the job is done."""
    body = job.status()
    if job.state == "done" and file_url:
        body["pdf"] = file_url
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response


def pdf_response(job: Job, download_name: str):
    """The PDF a finished job made, from its row (so any app server hands it out); 404 before that."""
    if job.state != "done" or job.file is None:
        abort(404)
    response = send_file(BytesIO(job.file), mimetype="application/pdf", download_name=download_name,
                         conditional=False, etag=False, max_age=None)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def stale_after(app: Flask | None = None) -> timedelta:
    """How long a running job may go without a beat before it is taken for stopped."""
    return timedelta(seconds=float((app or current_app).config.get("JOBS_STALE_AFTER") or STALE_AFTER))


def fail_stopped(*, job_id: str | None = None, now: datetime | None = None) -> int:
    """Mark failed the running jobs (or this one) whose last beat is older than ``stale_after()``: their
    process ended mid-job (killed, restarted) and nothing will finish them. Returns how many.

    It writes through a connection of its own, in a short transaction, so that a page that only reads (a
    poll) can call it; the guard in the UPDATE leaves alone a job that beat meanwhile.
    """
    now = now or utcnow()
    limit = now - stale_after()
    quiet = or_(Job.beat_at < limit, and_(Job.beat_at.is_(None), Job.started_at < limit))
    statement = update(Job).where(Job.state == "running", quiet)
    if job_id is not None:
        statement = statement.where(Job.id == job_id)
    reset = write_intent.set(True)
    try:
        with db.engine.begin() as connection:
            result = connection.execute(statement.values(**_stopped(now)))
    finally:
        write_intent.reset(reset)
    return result.rowcount or 0


def _stopped(now: datetime) -> dict:
    message = _("The job stopped (its worker ended) before it finished, and nothing more will happen to it. "
                "Whatever it had not saved is lost; start it again.")
    return {"state": "failed", "message": message, "finished_at": now, "file": None}


def perform(job_id: str) -> None:
    """Do the job's work, in the current application context (the RQ worker's or the thread's)."""
    session = db.session()
    session.expire_on_commit = False  # the task's objects stay loaded across its short write transactions
    reading = write_intent.set(False)
    app = current_app._get_current_object()
    try:
        with writing():
            job = db.session.get(Job, job_id)
            # gone, or already taken (an RQ retry after a worker died): never run a job twice
            if job is None or job.state != "queued":
                return
            job.state, job.started_at = "running", utcnow()
            job.beat_at = job.started_at  # the first beat (Job.heartbeat)
        kind = job.kind
        try:
            _tasks[kind](job, Progress(job_id))
            with writing():
                job.state, job.finished_at = "done", utcnow()
        except DomainError as error:
            _fail(job_id, error.message)
        except Exception:  # noqa: BLE001  the page must learn that the job ended, whatever the cause
            app.logger.error("%s job %s failed:\n%s", kind, job_id, traceback.format_exc())
            _fail(job_id, "The work could not be finished; the error is in the server's log.")
    finally:
        write_intent.reset(reading)
        db.session.remove()


def _fail(job_id: str, message: str) -> None:
    db.session.rollback()
    with writing():
        db.session.execute(update(Job).where(Job.id == job_id).values(
            state="failed", message=message, finished_at=utcnow(), file=None))


def _in_thread(app: Flask, job_id: str) -> None:
    try:
        with app.app_context():
            perform(job_id)
    finally:
        _threads.discard(threading.current_thread())


def join_threads(timeout: float = 30) -> None:
    """Wait for the jobs running in threads of this process to end (tests, before closing the database)."""
    for thread in list(_threads):
        thread.join(timeout)


def forget_old(now: datetime | None = None) -> int:
    """Delete finished jobs (and their files) older than ``KEEP``; returns how many."""
    limit = (now or utcnow()) - KEEP
    result = db.session.execute(delete(Job).where(Job.created_at < limit, Job.state.in_(("done", "failed"))))
    return result.rowcount or 0


# -- RQ -------------------------------------------------------------------------------------------------------

def redis_connection(app: Flask | None = None):
    from redis import Redis

    return Redis.from_url((app or current_app).config["REDIS_URL"])


def queue(app: Flask | None = None, name: str | None = None):
    """The RQ queue: ``delegates``, or ``JOBS_QUEUE`` when set (two installations sharing one Redis)."""
    from rq import Queue

    app = app or current_app
    return Queue(name or app.config.get("JOBS_QUEUE") or QUEUE_NAME, connection=redis_connection(app))


def run_worker(app: Flask, *, burst: bool = False, simple: bool = False, queue_name: str | None = None) -> bool:
    """Work the queue inside ``app``'s context until stopped (or, with ``burst``, until it is empty).

    The default worker forks a process per job; the fork must not share the parent's database
    connections, so the child drops them (without closing the parent's) and opens its own.
    """
    from rq import SimpleWorker, Worker

    with app.app_context():
        engines = list(db.engines.values())
        if not simple:
            os.register_at_fork(after_in_child=lambda: [engine.dispose(close=False) for engine in engines])
        worker_class = SimpleWorker if simple else Worker
        worker = worker_class([queue(app, queue_name)], connection=redis_connection(app))
        return worker.work(burst=burst, with_scheduler=False)
