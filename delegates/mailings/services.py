"""Mail to many: who will receive a mailing, its text filled in for each person, and the job that sends it.

The recipients are the participants list's filters (``participants_query``) less the cancelled and those
without an address. Each person gets the text of their language (``ui_language``), else the event's
language. Placeholders such as ``{name}`` are filled by a fixed substitution, in one pass: a value that
itself holds ``{…}`` stays as it is, and the text is never a format string.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, insert, select, update
from sqlalchemy.orm import selectinload

from delegates.admin.models import Organiser
from delegates.admin.services import record
from delegates.common import jobs
from delegates.common.database import utcnow
from delegates.common.exceptions import DomainError
from delegates.common.i18n import RTL_LANGUAGES
from delegates.common.jobs import Job, Progress
from delegates.common.mail import MailNotSent, MailSession, build_message
from delegates.extensions import db
from delegates.mailings.models import Mailing, MailMessage
from delegates.registration.models import Delegation, Event, Participant
from delegates.registration.services import current_token, new_private_token, participants_query, token_of

KIND = "mailing"
LANGUAGES = ("en", "fr", "es", "ar")
PLACEHOLDER = re.compile(r"\{([A-Za-z_]+)\}")
PLACEHOLDERS = {
    "name": _l("the name on the badge"),
    "title": _l("the title (Mr, Dr, H.E.…)"),
    "given_name": _l("the given name"),
    "family_name": _l("the family name"),
    "delegation": _l("the delegation (country or organisation), in the person's language"),
    "event": _l("the event's name, in the person's language"),
    "private_link": _l("the link to the person's private page, the one they have"),
}
SERVER_DOWN_LIMIT = 3  # failures in a row that say the mail server is down (not one address) stop the job


class MailingError(DomainError):
    status = 409
    code = "mailing"


def placeholders_in(text: str) -> list[str]:
    return PLACEHOLDER.findall(text or "")


def unknown_placeholders(text: str) -> list[str]:
    return [name for name in dict.fromkeys(placeholders_in(text)) if name not in PLACEHOLDERS]


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with each known ``{placeholder}`` replaced by its value, in one pass (values are not read again)."""
    return PLACEHOLDER.sub(lambda m: values[m.group(1)] if m.group(1) in values else m.group(0), text)


def filled_subject(subject: str, values: dict[str, str]) -> str:
    """A subject with its placeholders filled, on one line (a value with a line break cannot break the header)."""
    return " ".join(fill(subject, values).split())


def uses_private_link(mailing: Mailing) -> bool:
    return any("private_link" in placeholders_in(text.get("subject", "") + "\n" + text.get("body", ""))
               for text in mailing.texts.values())


def language_for(mailing: Mailing, event: Event, preferred: str | None) -> str:
    """The language of the text a person gets: theirs when the mailing has it, else the event's."""
    if preferred in mailing.texts:
        return preferred
    if event.default_language in mailing.texts:
        return event.default_language
    return next(iter(mailing.texts))


def values_for(participant: Participant, language: str, *, link: str) -> dict[str, str]:
    event = participant.event
    delegation = participant.delegation
    return {
        "name": participant.badge_name or participant.full_name,
        "title": participant.title or "",
        "given_name": participant.given_name or "",
        "family_name": participant.family_name or "",
        "delegation": delegation.name(language) if delegation is not None else "",
        "event": event.translated("name", language) or event.name,
        "private_link": link,
    }


# -- who receives it --------------------------------------------------------------------------------------------

@dataclass
class Audience:
    """Who a mailing reaches with these filters: the count per language, and who is left out and why."""

    matching: int = 0
    cancelled: int = 0
    without_email: int = 0
    by_language: Counter = field(default_factory=Counter)
    examples: dict[str, Participant] = field(default_factory=dict)  # one recipient per language

    @property
    def recipients(self) -> int:
        return sum(self.by_language.values())


def _has_address():
    return func.coalesce(func.trim(Participant.email), "") != ""


def recipients_query(event: Event, filters: dict):
    """The recipients: the filtered participants, less the cancelled and those without an address; by id."""
    return (participants_query(event, **filters)
            .where(Participant.status != "cancelled", _has_address())
            .order_by(Participant.id))


def audience(event: Event, mailing: Mailing, filters: dict) -> Audience:
    """How many people the mailing reaches with ``filters`` (three light queries, whatever the numbers)."""
    matching = participants_query(event, **filters).order_by(None).subquery()
    cancelled = matching.c.status == "cancelled"
    no_address = func.coalesce(func.trim(matching.c.email), "") == ""
    total, n_cancelled, n_without = db.session.execute(select(
        func.count(), func.coalesce(func.sum(case((cancelled, 1), else_=0)), 0),
        func.coalesce(func.sum(case((~cancelled & no_address, 1), else_=0)), 0),
    ).select_from(matching)).one()
    result = Audience(matching=total, cancelled=n_cancelled, without_email=n_without)
    first: dict[str, int] = {}
    rows = db.session.execute(
        recipients_query(event, filters).with_only_columns(Participant.ui_language, func.min(Participant.id),
                                                           func.count())
        .group_by(Participant.ui_language).order_by(None)).all()
    for preferred, first_id, count in rows:
        language = language_for(mailing, event, preferred)
        result.by_language[language] += count
        first[language] = min(first.get(language, first_id), first_id)
    if first:
        people = db.session.scalars(select(Participant).where(Participant.id.in_(first.values())).options(
            selectinload(Participant.delegation).selectinload(Delegation.country))).all()
        by_id = {p.id: p for p in people}
        result.examples = {language: by_id[pid] for language, pid in sorted(first.items())}
    return result


def links_to_renew(event: Event, mailing: Mailing, filters: dict) -> int:
    """How many recipients of a mailing with ``{private_link}`` get a new link, the one they have stopping: those
    whose link cannot be made again (made before links could be, or under another secret: see
    ``services.token_of``). The others get the link they have."""
    if not uses_private_link(mailing):
        return 0
    rows = db.session.execute(recipients_query(event, filters).with_only_columns(
        Participant.token_seed, Participant.token_hash).order_by(None))
    return sum(1 for seed, token_hash in rows if token_of(seed, token_hash) is None)


def example(mailing: Mailing, participant: Participant, language: str) -> tuple[str, str]:
    """The subject and body as ``participant`` would read them (the private link shown as a note, not the link)."""
    values = values_for(participant, language, link=_("(the link to their private page)"))
    text = mailing.texts[language]
    return fill(text["subject"], values), fill(text["body"], values)


def messages_to(participant: Participant) -> list[tuple[MailMessage, str]]:
    """The messages of the mailings sent to this person, newest first, each with its subject as the person read it
    (placeholders filled, the private link left out)."""
    messages = db.session.scalars(select(MailMessage).where(MailMessage.participant_id == participant.id)
                                  .order_by(MailMessage.id.desc()))
    return [(m, filled_subject(m.subject, values_for(participant, m.language, link=""))) for m in messages]


# -- sending ----------------------------------------------------------------------------------------------------

def send(mailing: Mailing, filters: dict, *, expected: int, organiser: Organiser) -> Job:
    """Queue a message for each recipient, record the mailing in the audit log and start the job that sends it.

    ``expected`` is the number of recipients the organiser saw in the preview: when the filters now give
    another number (people registered or cancelled meanwhile), nothing is sent and ``MailingError`` says so.
    Commits (the job must find the messages).
    """
    if not mailing.is_draft:
        raise MailingError(_("This mailing was sent already."))
    event = db.session.get(Event, mailing.event_id)
    people = db.session.execute(recipients_query(event, filters).with_only_columns(
        Participant.id, Participant.email, Participant.ui_language)).all()
    if len(people) != expected:
        raise MailingError(_("The recipients changed since the preview: %(now)d people now match, not %(then)d. "
                             "Check the preview again before sending.", now=len(people), then=expected))
    if not people:
        raise MailingError(_("No one would receive this mailing: change the filters."))
    now = utcnow()
    # draft -> sent in one statement: of two "Send" pressed at once (a double click, two tabs), one wins
    claimed = db.session.execute(update(Mailing).where(Mailing.id == mailing.id, Mailing.sent_at.is_(None))
                                 .values(sent_at=now, sent_by_id=organiser.id))
    if claimed.rowcount != 1:
        raise MailingError(_("This mailing was sent already."))
    rows = []
    for pid, email, preferred in people:
        language = language_for(mailing, event, preferred)
        rows.append({"mailing_id": mailing.id, "participant_id": pid, "address": email, "language": language,
                     "subject": mailing.subject(language)[:300], "state": "queued"})
    db.session.execute(insert(MailMessage), rows)
    db.session.refresh(mailing)
    record("mailing.sent", event=event, organiser=organiser, target=mailing,
           changes={"recipients": [None, len(people)]}, note=mailing.subject(event.default_language)
           or mailing.subject(next(iter(mailing.texts))))
    job = jobs.start(KIND, event=event, organiser_id=organiser.id, params={"mailing_id": mailing.id})
    mailing.job_id = job.id
    db.session.commit()
    return job


def send_again(mailing: Mailing, *, organiser: Organiser) -> Job:
    """The messages that failed (or were left queued when the server stopped answering), sent once more."""
    waiting = db.session.scalar(select(func.count()).where(
        MailMessage.mailing_id == mailing.id, MailMessage.state.in_(("failed", "queued"))))
    if not waiting:
        raise MailingError(_("Every message of this mailing was sent."))
    if running_job(mailing) is not None:
        raise MailingError(_("This mailing is being sent: wait until it ends."))
    db.session.execute(update(MailMessage).where(MailMessage.mailing_id == mailing.id,
                                                     MailMessage.state == "failed")
                       .values(state="queued", error=None))
    record("mailing.sent_again", event=mailing_event(mailing), organiser=organiser, target=mailing,
           changes={"messages": [None, waiting]})
    job = jobs.start(KIND, event=mailing_event(mailing), organiser_id=organiser.id,
                     params={"mailing_id": mailing.id})
    mailing.job_id = job.id
    db.session.commit()
    return job


def mailing_event(mailing: Mailing) -> Event:
    return db.session.get(Event, mailing.event_id)


def running_job(mailing: Mailing) -> Job | None:
    job = jobs.load(mailing.job_id or "", kind=KIND)
    return job if job is not None and not job.finished else None


def counts(mailing_ids: list[int]) -> dict[int, Counter]:
    """Messages per state, for each of these mailings."""
    found: dict[int, Counter] = {mid: Counter() for mid in mailing_ids}
    if mailing_ids:
        for mid, state, n in db.session.execute(
                select(MailMessage.mailing_id, MailMessage.state, func.count())
                .where(MailMessage.mailing_id.in_(mailing_ids)).group_by(MailMessage.mailing_id, MailMessage.state)):
            found[mid][state] = n
    return found


@jobs.task(KIND)
def send_messages(job: Job, progress: Progress) -> None:
    """The job: send every queued message of the mailing, one by one; a refused address is logged as failed."""
    from delegates.registration.notifications import _html, absolute_url, recipient

    mailing = db.session.get(Mailing, job.params["mailing_id"])
    event = db.session.get(Event, mailing.event_id)
    organiser = db.session.get(Organiser, job.organiser_id) if job.organiser_id else None
    state_counts = counts([mailing.id])[mailing.id]
    total = sum(state_counts.values())
    done = total - state_counts["queued"]
    queued = db.session.scalars(
        select(MailMessage).where(MailMessage.mailing_id == mailing.id, MailMessage.state == "queued")
        .order_by(MailMessage.id)
        .options(selectinload(MailMessage.mailing))).all()
    people = {p.id: p for p in db.session.scalars(select(Participant).where(Participant.id.in_(
        [m.participant_id for m in queued if m.participant_id])).options(
        selectinload(Participant.delegation).selectinload(Delegation.country)))}
    progress(done, total, force=True)
    reply_to = current_app.config.get("MAIL_REPLY_TO")
    server_down = 0
    with MailSession() as postman:
        for message in queued:
            participant = people.get(message.participant_id)
            token_hash = token_seed = None
            error = None
            if participant is None or participant.status == "cancelled":
                error = _("The participant was removed or cancelled before the message went out.")
            else:
                language = message.language if message.language in mailing.texts else event.default_language
                text = mailing.texts[language]
                link = ""
                if "private_link" in placeholders_in(text["subject"] + text["body"]):
                    token = current_token(participant)
                    if token is None:  # a link that cannot be made again: a new one, working once the mail is sent
                        token, token_hash, token_seed = new_private_token()
                    link = absolute_url("registration.private", token=token)
                values = values_for(participant, language, link=link)
                subject = filled_subject(text["subject"], values)
                body = fill(text["body"], values)
                address = recipient(participant)
                if address.addr_spec != message.address:  # corrected since "Send": the log shows where it went
                    message.address = address.addr_spec
                email = build_message(address, subject, body, html=_html(body, subject, language),
                                      reply_to=reply_to, language=language)
                try:
                    postman.send(email, kind="mailing")
                except MailNotSent as failure:
                    error = failure.reason
                    server_down = server_down + 1 if failure.server_down else 0
                else:
                    server_down = 0
            with jobs.writing():
                if error is None:
                    message.state, message.sent_at, message.error = "sent", utcnow(), None
                    if token_hash is not None:  # the link in the mail works from now on; the old one stops
                        participant.token_hash, participant.token_seed = token_hash, token_seed
                        record("participant.link_renewed", event=event, organiser=organiser,
                               participant=participant, target=participant, note=f"mailing {mailing.id}")
                else:
                    message.state, message.error = "failed", error
            done += 1
            progress(done, total)
            if server_down >= SERVER_DOWN_LIMIT:
                raise MailingError(_("The mail server does not answer (%(reason)s): %(n)d messages were not "
                                     "sent. Send them again from this page once it answers.",
                                     reason=error, n=total - done + SERVER_DOWN_LIMIT))
    sent = counts([mailing.id])[mailing.id]
    with jobs.writing():
        job.done, job.total = total, total
        job.result = {"sent": sent["sent"], "failed": sent["failed"], "count": total}


def text_direction(language: str) -> str:
    return "rtl" if language in RTL_LANGUAGES else "ltr"
