"""Batches of personal agendas printed off the request, as jobs of ``delegates.common.jobs`` (kind "agendas").

A batch takes the event's accredited participants, narrowed by a delegation, a category, a session (its
people with a confirmed seat) and chosen record numbers, and prints their agendas into one PDF, each in the
person's language or all in one. The job's params are the selection; its result the number of agendas and
pages; its file the PDF, kept in the database with the job (a day), so that any app server hands it out.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from io import BytesIO

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from delegates.common import jobs
from delegates.common.exceptions import DomainError
from delegates.common.jobs import Job, Progress
from delegates.extensions import db
from delegates.programme.agenda_pdf import accredited_participants, write_agendas
from delegates.registration.models import Event, Participant
from delegates.registration.services import participants_query

KIND = "agendas"
MAX_IDS = 5_000


@dataclass(frozen=True)
class Selection:
    """Whose agendas: accredited participants of the event, narrowed by each filter given."""

    country: str | None = None  # a delegation: ISO alpha-3 code or observer organisation's acronym
    category: str | None = None  # a category's name
    session: int | None = None  # a session's id: who holds a confirmed seat in it
    participant_ids: tuple[int, ...] = ()
    language: str | None = None  # every agenda in this language; None: each in its owner's language

    @classmethod
    def from_params(cls, params: dict) -> Selection:
        return cls(**{**params, "participant_ids": tuple(params.get("participant_ids") or ())})


def parse_ids(text: str | None) -> tuple[int, ...]:
    """Record numbers as an organiser types them: "12, 15 40;41". Raises DomainError naming the bad one."""
    ids = []
    for word in re.split(r"[\s,;]+", (text or "").strip()):
        if not word:
            continue
        number = word.lstrip("#")
        if not number.isdigit() or len(number) > 9 or int(number) < 1:
            raise DomainError(_("“%(word)s” is not a record number: give numbers such as 12, 15, 40.", word=word),
                              field="participants")
        ids.append(int(number))
    if len(ids) > MAX_IDS:
        raise DomainError(_("Give at most %(n)d record numbers; for more, choose a delegation or a category.",
                            n=MAX_IDS), field="participants")
    return tuple(dict.fromkeys(ids))


def select_participants(event: Event, selection: Selection) -> list[Participant]:
    """The batch's people, by delegation then family name (as ``delegates agendas`` prints them).

    Raises DomainError when a chosen record number is not an accredited participant of the event.
    """
    ids = list(selection.participant_ids)
    if ids:
        accredited = set(db.session.scalars(participants_query(event, status="accredited", ids=ids)
                                            .with_only_columns(Participant.id)))
        missing = [i for i in ids if i not in accredited]
        if missing:
            raise DomainError(ngettext(
                "Record #%(ids)s is not an accredited participant of this event.",
                "Records #%(ids)s are not accredited participants of this event.", len(missing),
                ids=", #".join(map(str, missing))), field="participants")
    query = participants_query(event, status="accredited", country=selection.country, category=selection.category,
                               session=selection.session, ids=ids or None)
    found = list(db.session.scalars(query.with_only_columns(Participant.id)))
    return accredited_participants(event, found) if found else []


def start(event: Event, selection: Selection, organiser_id: int | None) -> Job:
    """Start printing a batch; returns the job at once (and commits the session)."""
    if selection.language is not None and selection.language not in current_app.config["LANGUAGES"]:
        raise DomainError(_("Choose one of the event's languages."), field="language")
    return jobs.start(KIND, event=event, organiser_id=organiser_id, params={"selection": asdict(selection)})


def load(job_id: str, event: Event | None = None) -> Job | None:
    """The agenda batch with this id (of this event when given), or None."""
    return jobs.load(job_id, kind=KIND, event=event)


@jobs.task(KIND)
def print_agendas(job: Job, progress: Progress) -> None:
    event = db.session.get(Event, job.event_id)
    selection = Selection.from_params(job.params["selection"])
    people = select_participants(event, selection)
    if not people:
        raise DomainError(_("No accredited participant matches this choice any more: nothing was printed."))
    progress(0, len(people), force=True)
    out = BytesIO()
    pages = write_agendas(event, people, out, progress=progress, language=selection.language)
    with jobs.writing():
        job.file = out.getvalue()
        job.done = job.total = len(people)
        job.result = {"count": len(people), "pages": pages}
