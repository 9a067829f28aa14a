"""Delegations and their focal points: plain functions that change data and flush; the caller commits.

A delegation's focal point (for a country, its national bureau) manages every member of the
delegation from one private link, ``/d/<token>``. The token's hash finds the delegation, and its
seed makes it again (``services.new_private_token``): the link is shown once to the organiser who
appoints the focal point, mailed, and mailed again when the focal point asks for it on the lost-link
page; appointing again makes a new link and the old one stops working.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from delegates.admin.services import record
from delegates.common.database import utcnow
from delegates.common.exceptions import DomainError
from delegates.extensions import db
from delegates.registration import participants
from delegates.registration import validation as v
from delegates.registration.countries import find_country
from delegates.registration.models import LANGUAGES, Category, Delegation, Event, Participant
from delegates.registration.participants import ACTIVE, Actor, Registration
from delegates.registration.search import fold
from delegates.registration.services import hash_token, new_private_token, token_of
from delegates.registration.validation import FieldError

QUOTA_LIMIT = 10_000


class DelegationError(DomainError):
    """A change to a delegation refused, with what to do instead."""

    status = 409
    code = "delegation"


def focal_point_actor() -> Actor:
    """The focal point, as the audit log names them (they have no account)."""
    return Actor(label="focal_point")


# -- finding --------------------------------------------------------------------------------------------------

def find_by_focal_token(token: str) -> Delegation | None:
    """The delegation whose focal point holds this private link token, or None."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(Delegation).where(Delegation.focal_point_token_hash == hash_token(token)))


def get_delegation(event: Event, delegation_id: int) -> Delegation | None:
    delegation = db.session.get(Delegation, delegation_id)
    return delegation if delegation is not None and delegation.event_id == event.id else None


def find_delegation(event: Event, code: str) -> Delegation | None:
    """An event's delegation by country (alpha-3, alpha-2 or English name) or observer acronym or name."""
    try:
        return participants.resolve_delegation(event, code, create=False)
    except FieldError:
        return None


def delegation_for_country(event: Event, code: str) -> Delegation:
    """The event's delegation of a country, made when the country has none yet (a focal point may be
    appointed before anyone registers); an observer organisation by its acronym or name."""
    return participants.resolve_delegation(event, code, create=True)


def code_of(delegation: Delegation) -> str:
    """What ``Registration.country`` holds for a member of this delegation."""
    return delegation.country_code or delegation.organisation_acronym or delegation.organisation_name or ""


def members(delegation: Delegation) -> list[Participant]:
    """Every member, in protocol order (ministers first), then by family name; the cancelled last."""
    rows = db.session.scalars(
        select(Participant).join(Category, Participant.category_id == Category.id)
        .where(Participant.delegation_id == delegation.id)
        .options(selectinload(Participant.category))
        .order_by(case((Participant.status == "cancelled", 1), else_=0), Category.protocol_order,
                  Participant.family_name, Participant.given_name, Participant.id)
    ).all()
    return list(rows)


def member_of(delegation: Delegation, participant_id: int) -> Participant | None:
    participant = db.session.get(Participant, participant_id)
    return participant if participant is not None and participant.delegation_id == delegation.id else None


def quota_used(delegation: Delegation) -> int:
    """How many members count against the quota (active, in a category that counts)."""
    return participants.delegation_size(delegation)


# -- the focal point ------------------------------------------------------------------------------------------

def appoint_focal_point(delegation: Delegation, name: str, email: str, actor: Actor,
                        language: str | None = None) -> str:
    """Make this person the delegation's focal point, with a new private link; returns its token.

    The token is shown once and never stored: a link given before stops working.
    """
    name = v.clean_text(name, "focal_point_name", required=True)
    email = v.clean_email(email)
    language = v.clean_language(language, "focal_point_language")
    token, token_hash, token_seed = new_private_token()
    changes = {}
    for key, value in (("focal_point_name", name), ("focal_point_email", email),
                       ("focal_point_language", language)):
        old = getattr(delegation, key)
        if old != value:
            changes[key] = [old, value]
            setattr(delegation, key, value)
    renewed = delegation.focal_point_token_hash is not None
    delegation.focal_point_token_hash, delegation.focal_point_token_seed = token_hash, token_seed
    delegation.focal_point_appointed_at = utcnow()
    db.session.flush()
    record("delegation.focal_point_appointed", event=delegation.event, organiser=actor.organiser,
           api_token=actor.api_token, target=delegation, changes=changes,
           note=_audit_note("a new private link; the previous one no longer works" if renewed
                            else "a private link", actor))
    return token


def with_focal_point(event: Event, email: str) -> list[Delegation]:
    """The event's delegations whose focal point has the address ``email`` (as clean_email leaves it) and a link."""
    return list(db.session.scalars(select(Delegation).where(
        Delegation.event_id == event.id, func.lower(Delegation.focal_point_email) == email,
        Delegation.focal_point_token_hash.is_not(None)).order_by(Delegation.id)))


def focal_point_token(delegation: Delegation) -> str | None:
    """The focal point's private token as it is, to mail the link again; None when it cannot be made again (see
    ``services.token_of``)."""
    return token_of(delegation.focal_point_token_seed, delegation.focal_point_token_hash)


def focal_point_url(token: str) -> str:
    """The focal point's private link: on this site during a request, else at PUBLIC_URL."""
    from delegates.registration.notifications import absolute_url

    return absolute_url("registration.focal_point", token=token)


def mail_focal_point_link(delegation: Delegation, token: str, language: str | None = None, *, asked: bool = False,
                          renewed: bool = False) -> None:
    """Mail the focal point their private link, in ``language``, the one chosen when they were appointed,
    or the event's default language. ``asked``: they asked for it again (``renewed``: and it is a new one, which
    ends the one they had)."""
    from email.headerregistry import Address

    from flask_babel import force_locale

    from delegates.common.mail import render_mail, send_mail

    event = delegation.event
    language = next(x for x in (language, delegation.focal_point_language, event.default_language, "en")
                    if x in LANGUAGES)
    with force_locale(language):
        event_name = event.translated("name", language)
        subject = _("%(event)s: the private page of the delegation of %(delegation)s",
                    event=event_name, delegation=delegation.name(language))
        body = render_mail(
            "mail/focal_point_link.txt", name=delegation.focal_point_name, event=event, event_name=event_name,
            city=event.translated("city", language),
            delegation_name=delegation.name(language), quota=delegation.effective_quota,
            link=focal_point_url(token), signature=event.organiser_name or event_name, asked=asked,
            renewed=renewed,
        )
    to = Address(display_name=delegation.focal_point_name or "", addr_spec=delegation.focal_point_email)
    send_mail(to, subject, body, reply_to=current_app.config.get("MAIL_REPLY_TO"), language=language,
              kind="focal_point_link")


# -- what the registrar and the focal point change ------------------------------------------------------------

def set_head(delegation: Delegation, participant: Participant | None, actor: Actor) -> None:
    """Name the head of delegation: an active member of this delegation (None: nobody yet)."""
    if participant is not None:
        if participant.delegation_id != delegation.id:
            raise DelegationError(_("%(name)s is not a member of the delegation of %(delegation)s.",
                                    name=participant.full_name, delegation=delegation.name()), field="head")
        if participant.status not in ACTIVE:
            raise DelegationError(_("%(name)s's registration is %(status)s; the head of delegation must have "
                                    "a submitted or accredited registration.", name=participant.full_name,
                                    status=_status_label(participant.status)), field="head")
    old = delegation.head
    new_id = participant.id if participant is not None else None
    if delegation.head_id == new_id:
        return
    delegation.head = participant
    db.session.flush()
    record("delegation.head_named", event=delegation.event, organiser=actor.organiser, api_token=actor.api_token,
           participant=participant, target=delegation,
           changes={"head": [old.full_name if old else None, participant.full_name if participant else None]},
           note=actor.label)


def set_quota(delegation: Delegation, quota: int | None, actor: Actor) -> None:
    """Set how many members count against the quota; None: the event's default quota applies.

    A quota below the delegation's present size is allowed (no one is removed), and refuses
    new members until there is room again.
    """
    if quota is not None and (quota < 0 or quota > QUOTA_LIMIT):
        raise FieldError("quota", _("The quota is a number of participants from 0 to %(limit)d, or empty for "
                                    "the event's default.", limit=QUOTA_LIMIT))
    if delegation.quota == quota:
        return
    old = delegation.quota
    delegation.quota = quota
    db.session.flush()
    record("delegation.quota_set", event=delegation.event, organiser=actor.organiser, api_token=actor.api_token,
           target=delegation, changes={"quota": [old, quota]})


def record_credentials_received(delegation: Delegation, when: date | datetime | None, note: str | None,
                                actor: Actor) -> None:
    """The registrar records when the delegation's credentials letter arrived (None: not yet)."""
    moment = _moment(delegation.event, when, "received_on")
    note = v.clean_text(note, "credentials_note", multiline=True)
    changes = {}
    if delegation.credentials_received_at != moment:
        changes["credentials_received_at"] = [_iso(delegation.credentials_received_at), _iso(moment)]
        delegation.credentials_received_at = moment
    if delegation.credentials_note != note:
        changes["credentials_note"] = [delegation.credentials_note, note]
        delegation.credentials_note = note
    if not changes:
        return
    db.session.flush()
    record("delegation.credentials_received", event=delegation.event, organiser=actor.organiser,
           api_token=actor.api_token, target=delegation, changes=changes)


def record_credentials_sent(delegation: Delegation, when: date | datetime | None, actor: Actor) -> None:
    """The focal point says when the credentials letter was sent (None: not yet)."""
    moment = _moment(delegation.event, when, "sent_on")
    if delegation.credentials_sent_at == moment:
        return
    old = delegation.credentials_sent_at
    delegation.credentials_sent_at = moment
    db.session.flush()
    record("delegation.credentials_sent", event=delegation.event, organiser=actor.organiser,
           api_token=actor.api_token, target=delegation,
           changes={"credentials_sent_at": [_iso(old), _iso(moment)]}, note=actor.label)


def create_observer(event: Event, name: str, acronym: str | None, quota: int | None, actor: Actor) -> Delegation:
    """A delegation of an observer organisation (an international organisation)."""
    name = v.clean_text(name, "organisation", required=True)
    acronym = v.clean_text(acronym, "organisation_acronym")
    if db.session.scalar(select(Delegation.id).where(Delegation.event_id == event.id,
                                                     func.lower(Delegation.organisation_name) == name.lower())):
        raise FieldError("organisation", _("%(name)s is an observer at this event already.", name=name))
    if acronym:
        # members name their delegation by country code or acronym: the two must never meet
        if len(acronym) in (2, 3) and find_country(acronym) is not None:
            raise FieldError("organisation_acronym", _("%(acronym)s is a country code; choose another acronym.",
                                                       acronym=acronym))
        if db.session.scalar(select(Delegation.id).where(
                Delegation.event_id == event.id, func.upper(Delegation.organisation_acronym) == acronym.upper())):
            raise FieldError("organisation_acronym", _("Another observer uses the acronym %(acronym)s.",
                                                       acronym=acronym))
    if quota is not None and (quota < 0 or quota > QUOTA_LIMIT):
        raise FieldError("quota", _("The quota is a number of participants from 0 to %(limit)d, or empty for "
                                    "the event's default.", limit=QUOTA_LIMIT))
    delegation = Delegation(event=event, kind="observer", organisation_name=name, organisation_acronym=acronym,
                            quota=quota)
    db.session.add(delegation)
    db.session.flush()
    record("delegation.created", event=event, organiser=actor.organiser, api_token=actor.api_token,
           target=delegation, changes={"organisation_name": [None, name], "organisation_acronym": [None, acronym],
                                       "quota": [None, quota]})
    return delegation


# -- members, through the focal point -------------------------------------------------------------------------

def register_member(delegation: Delegation, data: Registration) -> tuple[Participant, str]:
    """The focal point registers a member: the public form's rules, in this delegation.

    Returns the participant and its private token; raises what ``participants.register`` raises.
    """
    data.country = code_of(delegation)
    data.status = None
    participant, token = participants.register(delegation.event, data, via="focal_point",
                                                actor=focal_point_actor(), public=True)
    if participant.delegation_id != delegation.id:  # the country resolved elsewhere: never expected
        raise DelegationError(_("This person could not be registered in your delegation."))
    return participant, token


def update_member(delegation: Delegation, participant: Participant, data: Registration) -> dict:
    """The focal point changes a member's registration; a member stays in the delegation."""
    if participant.delegation_id != delegation.id:
        raise DelegationError(_("%(name)s is not a member of your delegation.", name=participant.full_name))
    data.country = code_of(delegation)
    return participants.update(participant, data, actor=focal_point_actor(), public=True)


def cancel_member(delegation: Delegation, participant: Participant, actor: Actor) -> None:
    """Cancel a member's registration; a cancelled head of delegation is head no longer."""
    if participant.delegation_id != delegation.id:
        raise DelegationError(_("%(name)s is not a member of your delegation.", name=participant.full_name))
    participants.cancel(participant, actor=actor)
    if delegation.head_id == participant.id:
        set_head(delegation, None, actor)


# -- the list -------------------------------------------------------------------------------------------------

@dataclass
class DelegationRow:
    """One line of the delegations list."""

    id: int
    name: str
    kind: str
    code: str
    head: str | None
    size: int  # members counted against the quota
    quota: int | None  # the effective quota; None: no limit
    members: int  # active members, counted or not
    accredited: int
    focal_point_name: str | None
    focal_point_email: str | None
    has_link: bool
    credentials_sent_at: datetime | None
    credentials_received_at: datetime | None
    # a minister of the delegation at the venue entrance: today, and the last day seen at all
    minister_today: bool = False
    minister_last_day: date | None = None
    # the event's declarations its country signed: (declaration code, when), in signing order
    signed: list[tuple[str, datetime]] = field(default_factory=list)

    @property
    def full(self) -> bool:
        return self.quota is not None and self.size >= self.quota

    @property
    def over(self) -> bool:
        return self.quota is not None and self.size > self.quota


def delegation_summary(event: Event, language: str = "en", *, kind: str | None = None,
                       today: date | None = None) -> list[DelegationRow]:
    """One row per delegation (or per delegation of ``kind``), sorted by name in ``language``; ``today`` is the
    event's wall-clock day for "a minister at the venue today" (by default, today).

    A fixed number of queries, whatever the number of delegations and participants."""
    counted = (Participant.status.in_(ACTIVE)) & Category.counts_against_quota
    figures = {
        row.delegation_id: row
        for row in db.session.execute(
            select(Participant.delegation_id,
                   func.sum(case((counted, 1), else_=0)).label("size"),
                   func.sum(case((Participant.status.in_(ACTIVE), 1), else_=0)).label("members"),
                   func.sum(case((Participant.status == "accredited", 1), else_=0)).label("accredited"))
            .join(Category, Participant.category_id == Category.id)
            .where(Participant.event_id == event.id, Participant.delegation_id.is_not(None))
            .group_by(Participant.delegation_id)
        )
    }
    query = (select(Delegation).where(Delegation.event_id == event.id)
             .options(selectinload(Delegation.country), selectinload(Delegation.head)))
    if kind:
        query = query.where(Delegation.kind == kind)
    ministers = ministers_at_the_venue(event, today)
    signed = signatures_by_country(event)
    rows = []
    for d in db.session.scalars(query):
        f = figures.get(d.id)
        seen = ministers.get(d.id)
        quota = d.quota if d.quota is not None else event.default_quota
        rows.append(DelegationRow(
            id=d.id, name=d.name(language), kind=d.kind, code=d.country_code or d.organisation_acronym or "",
            head=d.head.full_name if d.head is not None else None,
            size=int(f.size) if f else 0, quota=quota, members=int(f.members) if f else 0,
            accredited=int(f.accredited) if f else 0,
            focal_point_name=d.focal_point_name, focal_point_email=d.focal_point_email,
            has_link=d.focal_point_token_hash is not None,
            credentials_sent_at=d.credentials_sent_at, credentials_received_at=d.credentials_received_at,
            minister_today=bool(seen and seen[0]), minister_last_day=seen[1] if seen else None,
            signed=signed.get(d.country_code, []) if d.country_code else [],
        ))
    rows.sort(key=lambda r: fold(r.name))
    return rows


def ministers_at_the_venue(event: Event, today: date | None = None) -> dict[int, tuple[bool, date]]:
    """Delegation id -> (a minister of it entered the venue ``today``, the last day one did), for the
    delegations whose minister's badge was scanned at the venue entrance at least once (one query)."""
    from delegates.checkin.models import Attendance
    from delegates.declaration.services import event_today

    today = today or event_today(event)
    rows = db.session.execute(
        # from the event's ministers to their attendance (its unique index), not through every attendance row
        select(Participant.delegation_id, func.max(case((Attendance.day == today, 1), else_=0)),
               func.max(Attendance.day))
        .select_from(Participant)
        .join(Category, Participant.category_id == Category.id)
        .join(Attendance, (Attendance.participant_id == Participant.id) & (Attendance.place == "entrance"))
        .where(Participant.event_id == event.id, Category.is_minister.is_(True),
               Participant.delegation_id.is_not(None))
        .group_by(Participant.delegation_id))
    return {delegation_id: (bool(now), last) for delegation_id, now, last in rows}


def signatures_by_country(event: Event) -> dict[str, list[tuple[str, datetime]]]:
    """Country (alpha-3) -> the event's declarations it signed, as (code, when), by signing time (one query)."""
    from delegates.declaration.models import Declaration, Signature

    found: dict[str, list[tuple[str, datetime]]] = {}
    for country, code, when in db.session.execute(
            select(Signature.country_code, Declaration.code, Signature.signed_at)
            .join(Declaration, Signature.declaration_id == Declaration.id)
            .where(Declaration.event_id == event.id).order_by(Signature.signed_at, Signature.id)):
        found.setdefault(country, []).append((code, when))
    return found


# -- helpers --------------------------------------------------------------------------------------------------

def _moment(event: Event, when: date | datetime | None, field: str) -> datetime | None:
    """A day (at noon on the event's clock) or an aware moment; never later than today."""
    if when is None:
        return None
    if isinstance(when, datetime):
        if when.tzinfo is None:
            raise ValueError(f"naive datetime {when!r}: give it a time zone")
        moment = when
    else:
        moment = datetime.combine(when, time(12, 0), tzinfo=event.tz)
    if event.local(moment).date() > event.local(utcnow()).date():
        raise FieldError(field, _("The date cannot be later than today."))
    return moment


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _audit_note(text: str, actor: Actor) -> str:
    return text if actor.organiser or actor.api_token else f"{text} ({actor.label})"


def _status_label(status: str) -> str:
    from delegates.registration.services import status_labels

    return status_labels().get(status, status)
