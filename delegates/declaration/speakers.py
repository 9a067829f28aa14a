"""The speakers' list of a plenary: delegations ask for the floor, the organiser orders it and marks who spoke.

The list orders by the speaker's level of representation (``Category.protocol_order``: ministers, then
heads of delegation, then the rest), then by the time of the request. Once the organiser moves a row,
the whole list is numbered (``position``) as it stands and keeps that order; a request made afterwards
has no position and comes after the numbered rows, by level then time, until it is moved.

Plain functions with explicit arguments; they flush, the caller commits.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from delegates.admin.models import Organiser
from delegates.admin.services import record
from delegates.common.database import utcnow
from delegates.common.exceptions import DomainError
from delegates.declaration.models import SpeakerRequest
from delegates.extensions import db
from delegates.programme.models import ConferenceSession
from delegates.registration.models import Category, Delegation, Event, Participant


class SpeakersError(DomainError):
    """A request for the floor, or a change of the list, that cannot be made as asked."""

    status = 422


class AlreadyAsked(SpeakersError):
    status = 409
    code = "already_asked"


def status_labels() -> dict[str, str]:
    return {"waiting": _("Waiting"), "spoke": _("Spoke"), "withdrawn": _("Withdrawn")}


def plenaries(event: Event) -> list[ConferenceSession]:
    return list(db.session.scalars(select(ConferenceSession).where(
        ConferenceSession.event_id == event.id, ConferenceSession.kind == "plenary")
        .order_by(ConferenceSession.starts_at, ConferenceSession.id)))


def plenary_of(event: Event, session_id: int) -> ConferenceSession | None:
    """The event's plenary of that id, or None (another event's session, or not a plenary)."""
    session = db.session.get(ConferenceSession, session_id)
    if session is None or session.event_id != event.id or session.kind != "plenary":
        return None
    return session


def delegations_of(event: Event) -> list[Delegation]:
    return list(db.session.scalars(select(Delegation).where(Delegation.event_id == event.id)
                                   .options(joinedload(Delegation.country))))


def possible_speakers(event: Event) -> list[Participant]:
    """Accredited members of a delegation, by delegation then level then name: whom a delegation may send."""
    return list(db.session.scalars(
        select(Participant).join(Category, Participant.category_id == Category.id)
        .where(Participant.event_id == event.id, Participant.status == "accredited",
               Participant.delegation_id.is_not(None))
        .options(joinedload(Participant.category), joinedload(Participant.delegation).joinedload(Delegation.country))
        .order_by(Participant.delegation_id, Category.protocol_order, Participant.family_name,
                  Participant.given_name)))


def speakers_list(session: ConferenceSession) -> list[SpeakerRequest]:
    """Every request of the session, in the order the floor is given (spoke and withdrawn rows keep their place)."""
    rows = db.session.scalars(
        select(SpeakerRequest).join(Participant, SpeakerRequest.participant_id == Participant.id)
        .join(Category, Participant.category_id == Category.id)
        .where(SpeakerRequest.session_id == session.id)
        .options(joinedload(SpeakerRequest.participant).joinedload(Participant.category),
                 joinedload(SpeakerRequest.delegation).joinedload(Delegation.country))
        .order_by(SpeakerRequest.position.is_(None), SpeakerRequest.position, Category.protocol_order,
                  SpeakerRequest.requested_at, SpeakerRequest.id))
    return list(rows.unique())


def ask_for_the_floor(session: ConferenceSession, delegation_id: int | None, participant_id: int | None, *,
                      by: Organiser | None = None, now: datetime | None = None) -> SpeakerRequest:
    """Put a delegation on the session's list, with its speaker (an accredited member); a delegation asks once."""
    event = session.event
    delegation = db.session.get(Delegation, delegation_id) if delegation_id else None
    if delegation is None or delegation.event_id != event.id:
        raise SpeakersError(_("Choose a delegation of this event."), field="delegation_id")
    name = delegation.name()
    speaker = db.session.get(Participant, participant_id) if participant_id else None
    if speaker is None or speaker.event_id != event.id:
        raise SpeakersError(_("Choose who will speak for %(delegation)s.", delegation=name), field="participant_id")
    if speaker.delegation_id != delegation.id:
        raise SpeakersError(_("%(name)s is not a member of the delegation of %(delegation)s.",
                              name=speaker.full_name, delegation=name), field="participant_id")
    if speaker.status != "accredited":
        raise SpeakersError(_("%(name)s is not accredited: only accredited members may take the floor.",
                              name=speaker.full_name), field="participant_id")
    already = _request_of(session, delegation)
    if already is not None:
        raise AlreadyAsked(_("%(delegation)s has already asked for the floor in this session (%(name)s).",
                             delegation=name, name=already.participant.full_name), field="delegation_id")
    row = SpeakerRequest(session_id=session.id, delegation_id=delegation.id, participant_id=speaker.id,
                         requested_at=now or utcnow(), status="waiting")
    try:
        with db.session.begin_nested():  # two desks adding the same delegation at once: one wins
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        raise AlreadyAsked(_("%(delegation)s has already asked for the floor in this session.", delegation=name),
                           field="delegation_id") from None
    record("speaker.requested", event=event, organiser=by, participant=speaker, target=row,
           changes={"session": [None, session.id], "delegation": [None, delegation.id],
                    "speaker": [None, speaker.id]})
    db.session.flush()
    return row


def _request_of(session: ConferenceSession, delegation: Delegation) -> SpeakerRequest | None:
    return db.session.scalar(select(SpeakerRequest).where(SpeakerRequest.session_id == session.id,
                                                          SpeakerRequest.delegation_id == delegation.id))


def set_position(request: SpeakerRequest, position: int, *, by: Organiser | None = None) -> bool:
    """Put the request at ``position`` (1 is first) and number the whole list as it then stands.

    Returns whether the order changed."""
    rows = speakers_list(request.session)
    before = rows.index(request) + 1
    position = max(1, min(position, len(rows)))
    rows.remove(request)
    rows.insert(position - 1, request)
    old = {row.id: row.position for row in rows}
    for number, row in enumerate(rows, start=1):
        row.position = number
    if position == before and all(old[row.id] == row.position for row in rows):
        return False
    record("speaker.moved", event=request.session.event, organiser=by, participant=request.participant,
           target=request, changes={"position": [before, position]})
    db.session.flush()
    return True


def move(request: SpeakerRequest, step: int, *, by: Organiser | None = None) -> bool:
    """Move the request up (``step`` -1) or down (+1) the list."""
    current = speakers_list(request.session).index(request) + 1
    return set_position(request, current + step, by=by)


def mark(request: SpeakerRequest, status: str, *, by: Organiser | None = None,
         now: datetime | None = None) -> bool:
    """Mark the request ``spoke`` or ``withdrawn`` (or back to ``waiting``); returns whether it changed."""
    if status not in status_labels():
        raise SpeakersError(_("Unknown status."), field="status")
    if request.status == status:
        return False
    old = request.status
    request.status = status
    request.spoke_at = (now or utcnow()) if status == "spoke" else None
    record(f"speaker.{status}", event=request.session.event, organiser=by, participant=request.participant,
           target=request, changes={"status": [old, status]})
    db.session.flush()
    return True
