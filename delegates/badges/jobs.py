"""Batches of badges printed off the request, as jobs of ``delegates.common.jobs`` (kind "badges").

The job's params are the batch's filters and layout; its result the number of badges and the batch id;
its file the PDF, kept in the database with the job (a day), so that any app server can hand it out
whichever machine printed it.
"""
from __future__ import annotations

from dataclasses import asdict
from io import BytesIO

from delegates.common import jobs
from delegates.common.jobs import Job, Progress
from delegates.extensions import db

KIND = "badges"


def start(event, selection, layout: str, organiser_id: int | None) -> Job:
    """Start printing a batch; returns the job at once (and commits the session)."""
    params = {"layout": layout, "selection": asdict(selection)}
    return jobs.start(KIND, event=event, organiser_id=organiser_id, params=params)


def load(job_id: str, event=None) -> Job | None:
    """The batch job with this id (of this event when given), or None (also for an id that is not one we make)."""
    return jobs.load(job_id, kind=KIND, event=event)


@jobs.task(KIND)
def print_batch(job: Job, progress: Progress) -> None:
    from delegates.admin.models import Organiser
    from delegates.badges import services
    from delegates.registration.models import Event

    event = db.session.get(Event, job.event_id)
    organiser = db.session.get(Organiser, job.organiser_id) if job.organiser_id else None
    chosen = job.params["selection"]
    selection = services.Selection(**{key: tuple(value) if isinstance(value, list) else value
                                      for key, value in chosen.items()})
    people = services.select_participants(event, selection)
    progress(0, len(people), force=True)
    out = BytesIO()
    layout = job.params["layout"]
    printed = services.print_badges(event, people, out, layout=layout, record_prints=False, progress=progress)
    with jobs.writing():
        services.record_batch(people, layout=layout, batch=printed.batch, printed_by=organiser)
        job.file = out.getvalue()
        job.done = job.total = printed.count
        job.result = {"count": printed.count, "batch": printed.batch}
