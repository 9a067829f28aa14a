"""Batches of badges printed off the request, in a thread of the app, followed by the page through a small state file.

The state lives in a JSON file per job in the jobs folder (``BADGE_JOBS_FOLDER``, by default
``<instance>/badge-jobs``), so that every worker process of one machine can answer the page's
polling. A later issue moves the jobs to an RQ queue; ``start`` is the one place to change.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import tempfile
import threading
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path

from flask import Flask, current_app

from delegates.common.exceptions import DomainError

JOB_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")
KEEP_SECONDS = 24 * 3600


@dataclass
class Job:
    id: str
    event_id: int
    layout: str
    organiser_id: int | None
    state: str = "queued"  # queued, running, done, failed
    done: int = 0
    total: int = 0
    count: int = 0
    message: str | None = None
    batch: str | None = None
    created: float = field(default_factory=time.time)

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")


def folder(app: Flask | None = None) -> Path:
    app = app or current_app
    path = Path(app.config.get("BADGE_JOBS_FOLDER") or Path(app.instance_path) / "badge-jobs")
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def pdf_path(job: Job, app: Flask | None = None) -> Path:
    return folder(app) / f"{job.id}.pdf"


def _save(job: Job, app: Flask) -> None:
    fd, tmp = tempfile.mkstemp(dir=folder(app), prefix=".", suffix=".json.part")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(asdict(job), f)
    os.replace(tmp, folder(app) / f"{job.id}.json")


def load(job_id: str) -> Job | None:
    """The job with this id, or None (also for an id that is not one we make)."""
    if not isinstance(job_id, str) or not JOB_ID.fullmatch(job_id):
        return None
    try:
        data = json.loads((folder() / f"{job_id}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return Job(**data)


def start(event, selection, layout: str, organiser_id: int | None) -> Job:
    """Start printing a batch in a thread; returns the job at once."""
    app = current_app._get_current_object()
    _clean_old(app)
    job = Job(id=secrets.token_urlsafe(16), event_id=event.id, layout=layout, organiser_id=organiser_id)
    _save(job, app)
    thread = threading.Thread(target=_run, args=(app, job, selection), name=f"badges-{job.id}",
                              daemon=True)
    thread.start()
    return job


def _run(app: Flask, job: Job, selection) -> None:
    from delegates.admin.models import Organiser
    from delegates.badges import services
    from delegates.extensions import db
    from delegates.registration.models import Event

    with app.app_context():
        target = pdf_path(job, app)
        partial = target.with_suffix(".pdf.part")
        try:
            event = db.session.get(Event, job.event_id)
            organiser = db.session.get(Organiser, job.organiser_id) if job.organiser_id else None
            people = services.select_participants(event, selection)
            job.state, job.total = "running", len(people)
            _save(job, app)
            last = {"at": 0.0}

            def progress(done: int, total: int) -> None:
                now = time.monotonic()
                if now - last["at"] > 0.3 or done == total:
                    last["at"] = now
                    job.done = done
                    _save(job, app)

            printed = services.print_badges(event, people, partial, layout=job.layout, printed_by=organiser,
                                            progress=progress)
            db.session.commit()
            os.replace(partial, target)
            job.state, job.count, job.done, job.batch = "done", printed.count, printed.count, printed.batch
        except DomainError as error:
            db.session.rollback()
            job.state, job.message = "failed", error.message
        except Exception:  # noqa: BLE001  the page must learn that the job ended, whatever the cause
            db.session.rollback()
            app.logger.error("badge job %s failed:\n%s", job.id, traceback.format_exc())
            job.state, job.message = "failed", "The badges could not be printed; the error is in the server's log."
        finally:
            partial.unlink(missing_ok=True)
            db.session.remove()
        _save(job, app)


def _clean_old(app: Flask) -> None:
    """Remove the files of jobs older than a day (their PDFs hold personal data)."""
    limit = time.time() - KEEP_SECONDS
    for path in folder(app).iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except OSError:
            continue
