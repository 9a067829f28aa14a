"""Big imports of the participants file off the request, as jobs of ``delegates.common.jobs`` (kind "import").

A file of more than ``JOB_ROWS`` rows is checked (and imported) by a job that the import page follows with
a progress bar; a smaller one stays in the request. The uploaded file waits in the job's row (its ``file``),
so that a worker on any machine reads it, and is emptied when the job ends. The job first checks every row
with progress (reading only: registrations go on meanwhile), then, for an import whose rows are all right,
imports the file in one short write transaction, all or nothing, as ``imports.import_file`` does in the
request. Its result is the report, shown by the page as the request's report is.
"""
from __future__ import annotations

import io
import warnings

from flask_babel import force_locale

from delegates.common import jobs
from delegates.common.jobs import Job, Progress
from delegates.extensions import db
from delegates.registration import imports
from delegates.registration.participants import Actor
from delegates.registration.reading import ImportRefused, Problem, file_kind

KIND = "import"
JOB_ROWS = 300  # a file with more rows than this is imported by a job


def is_big(data: bytes, file_name: str) -> bool:
    """Whether the file has more than ``JOB_ROWS`` rows, told without reading it all (a guess by its lines for
    a CSV, the sheet's stated size for a workbook). A file that cannot be read is not big: the request says
    what is wrong with it at once."""
    try:
        kind = file_kind(file_name)
    except ImportRefused:
        return False
    if kind == "csv":
        return data.count(b"\n") > JOB_ROWS
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                rows = workbook.worksheets[0].max_row if workbook.worksheets else 0
            finally:
                workbook.close()
    except Exception:  # noqa: BLE001  a damaged workbook: the request refuses it with the reason
        return False
    if rows is None:  # no stated size: judge by the file's size (a row of the file takes ~150 bytes zipped)
        return len(data) > JOB_ROWS * 150
    return rows - 1 > JOB_ROWS


def start(event, data: bytes, file_name: str, *, dry_run: bool, organiser_id: int | None, language: str) -> Job:
    """Start checking (``dry_run``) or importing a file; returns the job at once (and commits the session)."""
    params = {"file_name": file_name, "dry_run": dry_run, "language": language}
    return jobs.start(KIND, event=event, organiser_id=organiser_id, params=params, file=data)


def load(job_id: str, event=None) -> Job | None:
    return jobs.load(job_id, kind=KIND, event=event)


def report_of(job: Job) -> imports.ImportReport | None:
    """The report the job left (None until it is done)."""
    saved = (job.result or {}).get("report")
    if job.state != "done" or not saved:
        return None
    return imports.ImportReport(
        file_name=saved["file_name"], dry_run=saved["dry_run"], rows_read=saved["rows_read"],
        to_create=saved["to_create"], created=saved["created"], unchanged=saved["unchanged"],
        errors=[Problem(*problem) for problem in saved["errors"]],
        warnings=[Problem(*problem) for problem in saved["warnings"]])


def _saved(report: imports.ImportReport) -> dict:
    return {"file_name": report.file_name, "dry_run": report.dry_run, "rows_read": report.rows_read,
            "to_create": report.to_create, "created": report.created, "unchanged": report.unchanged,
            "errors": [list(p) for p in report.errors], "warnings": [list(p) for p in report.warnings]}


@jobs.task(KIND)
def import_participants(job: Job, progress: Progress) -> None:
    from delegates.admin.models import Organiser
    from delegates.registration.models import Event

    event = db.session.get(Event, job.event_id)
    organiser = db.session.get(Organiser, job.organiser_id) if job.organiser_id else None
    actor = Actor.of(organiser=organiser) if organiser else Actor(label="script")
    data, name, dry_run = job.file or b"", job.params["file_name"], job.params["dry_run"]
    with force_locale(job.params.get("language") or event.default_language):  # the messages in the page's language
        # every row checked, reading only, with progress; an import then runs only when all are right
        report = imports.import_file(event, data, name, dry_run=True, progress=progress)
        # the participants and the job's report in one transaction: a job that stops has imported nothing
        with jobs.writing():
            if not dry_run and report.ok:  # the same checks again inside the write: the event may have changed
                report = imports.import_file(event, data, name, dry_run=False, actor=actor)
            report.dry_run = dry_run
            job.file = None  # the upload holds personal data: gone once read
            job.done = job.total = report.rows_read
            job.result = {"report": _saved(report), "count": report.created or report.to_create}
