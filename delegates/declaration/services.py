"""The declaration: its texts and versions, the signature window, and one signature per country.

Plain functions with explicit arguments; they flush, the caller commits. Who is present comes from
the check-in's Attendance rows ("entrance" on the event's wall-clock day).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from delegates.admin.models import ApiToken, Organiser
from delegates.admin.services import record
from delegates.checkin.models import Attendance
from delegates.common.database import utcnow
from delegates.common.exceptions import DomainError
from delegates.declaration.models import SIGNATURE_METHODS, Declaration, DeclarationText, Signature
from delegates.extensions import db
from delegates.registration.models import LANGUAGES, Category, Delegation, Event, MemberCountry, Participant
from delegates.registration.search import fold

LETTER_REFERENCE_MAX = 120


class DeclarationError(DomainError):
    """A signature or a change of the declaration that cannot be made as asked."""


class AlreadySigned(DeclarationError):
    status = 409
    code = "already_signed"

    def __init__(self, message: str, signature: Signature | None = None):
        super().__init__(message)
        self.signature = signature


class NotSignatory(DeclarationError):
    status = 422
    code = "not_signatory"


class NotOpen(DeclarationError):
    status = 409
    code = "not_open"


class Closed(DeclarationError):
    status = 409
    code = "closed"


class UnknownCountry(DeclarationError):
    status = 422
    code = "unknown_country"


# -- finding things -------------------------------------------------------------------------------------------

def event_today(event: Event, now: datetime | None = None) -> date:
    """Today on the event's wall clock: the day Attendance rows carry."""
    return event.local(now or utcnow()).date()


def declarations_of(event: Event) -> list[Declaration]:
    return list(db.session.scalars(select(Declaration).where(Declaration.event_id == event.id)
                                   .order_by(Declaration.created_at, Declaration.id)))


def signature_counts(event: Event) -> dict[int, int]:
    from sqlalchemy import func

    rows = db.session.execute(
        select(Signature.declaration_id, func.count()).join(Declaration)
        .where(Declaration.event_id == event.id).group_by(Signature.declaration_id))
    return dict(rows.all())


def member_codes(event: Event) -> set[str] | None:
    """The event's member countries, or None when the event keeps no membership list (every country counts)."""
    codes = set(db.session.scalars(select(MemberCountry.country_code).where(MemberCountry.event_id == event.id)))
    return codes or None


def signing_delegations(event: Event) -> list[Delegation]:
    """The country delegations that may sign: members of the organisation, when the event lists them."""
    members = member_codes(event)
    delegations = db.session.scalars(
        select(Delegation).where(Delegation.event_id == event.id, Delegation.kind == "country")
        .options(joinedload(Delegation.country), joinedload(Delegation.head).joinedload(Participant.category)))
    return [d for d in delegations if members is None or d.country_code in members]


def may_sign_for(participant: Participant, delegation: Delegation) -> bool:
    """A minister or head of delegation of that very delegation, accredited."""
    return (participant.event_id == delegation.event_id and participant.delegation_id == delegation.id
            and participant.status == "accredited"
            and (participant.category.is_minister or participant.category.is_head_of_delegation
                 or delegation.head_id == participant.id))


def eligible_signatories(event: Event, delegation_ids: Iterable[int] | None = None) -> dict[int, list[Participant]]:
    """Per delegation id: the accredited ministers, then the heads of delegation (one query)."""
    query = (select(Participant).join(Category, Participant.category_id == Category.id)
             .outerjoin(Delegation, Participant.delegation_id == Delegation.id)
             .where(Participant.event_id == event.id, Participant.status == "accredited",
                    (Category.is_minister | Category.is_head_of_delegation | (Delegation.head_id == Participant.id)))
             .options(joinedload(Participant.category))
             .order_by(Category.protocol_order, Participant.family_name, Participant.id))
    if delegation_ids is not None:
        query = query.where(Participant.delegation_id.in_(list(delegation_ids)))
    found: dict[int, list[Participant]] = {}
    for person in db.session.scalars(query).unique():
        found.setdefault(person.delegation_id, []).append(person)
    return found


def present_today(event: Event, day: date) -> dict[int, datetime]:
    """Participant id -> first entrance scan of ``day`` (the event's wall-clock day)."""
    rows = db.session.execute(select(Attendance.participant_id, Attendance.first_seen_at).where(
        Attendance.event_id == event.id, Attendance.place == "entrance", Attendance.day == day))
    return dict(rows.all())


# -- the signature window -------------------------------------------------------------------------------------

def state(declaration: Declaration, now: datetime | None = None) -> str:
    """``not_scheduled``, ``not_open``, ``open`` or ``closed``."""
    now = now or utcnow()
    if declaration.opens_at is None:
        return "not_scheduled"
    if now < declaration.opens_at:
        return "not_open"
    if declaration.closes_at is not None and now >= declaration.closes_at:
        return "closed"
    return "open"


def set_window(declaration: Declaration, opens_at: datetime | None, closes_at: datetime | None, *,
               by: Organiser) -> dict:
    """Set when signature opens and closes; audited. Returns the changes."""
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        raise DeclarationError(_("Signature must close after it opens."), field="closes_at")
    if closes_at is not None and opens_at is None:
        raise DeclarationError(_("Set when signature opens before setting when it closes."), field="opens_at")
    changes = {}
    for name, value in (("opens_at", opens_at), ("closes_at", closes_at)):
        old = getattr(declaration, name)
        if old != value:
            changes[name] = [old.isoformat() if old else None, value.isoformat() if value else None]
            setattr(declaration, name, value)
    if changes:
        record("declaration.window_changed", event=declaration.event, organiser=by, target=declaration,
               changes=changes)
        db.session.flush()
    return changes


# -- texts and versions ---------------------------------------------------------------------------------------

@dataclass
class TextData:
    """One version's text in each language: {"en": (title, body), ...}."""

    texts: dict[str, tuple[str, str]] = field(default_factory=dict)


def texts_of_version(declaration: Declaration, version: int) -> dict[str, DeclarationText]:
    return {t.language: t for t in declaration.texts if t.version == version}


def versions_of(declaration: Declaration) -> list[int]:
    return sorted({t.version for t in declaration.texts}, reverse=True)


def new_version(declaration: Declaration, data: TextData, *, by: Organiser) -> int | None:
    """Save the four texts as version current+1 when any changed; older versions stay. Returns the new
    version, or None when nothing changed."""
    current = texts_of_version(declaration, declaration.current_version)
    changes: dict[str, list] = {}
    for language in LANGUAGES:
        title, body = (x.strip() for x in data.texts.get(language, ("", "")))
        if not title or not body:
            raise DeclarationError(_("Give the text a title and a body in every language."),
                                   field=f"body_{language}")
        old = current.get(language)
        if old is None or old.title != title:
            changes[f"title_{language}"] = [old.title if old else None, title]
        if old is None or old.body.replace("\r\n", "\n") != body.replace("\r\n", "\n"):
            changes[f"body_{language}"] = [f"version {declaration.current_version}" if old else None,
                                           f"version {declaration.current_version + 1}"]
    if not changes:
        return None
    version = declaration.current_version + 1
    for language in LANGUAGES:
        title, body = (x.strip() for x in data.texts[language])
        declaration.texts.append(DeclarationText(language=language, version=version, title=title,
                                                 body=body.replace("\r\n", "\n"), created_by_id=by.id))
    changes["current_version"] = [declaration.current_version, version]
    declaration.current_version = version
    if "title_en" in changes:
        declaration.title = data.texts["en"][0].strip()
    record("declaration.new_version", event=declaration.event, organiser=by, target=declaration, changes=changes)
    db.session.flush()
    return version


# -- signatures -----------------------------------------------------------------------------------------------

@dataclass
class SignatureData:
    country: str
    participant_id: int | None
    method: str = "in_person"
    letter_date: date | None = None
    letter_reference: str | None = None
    note: str | None = None


def _delegation_for(event: Event, country: str) -> Delegation:
    code = (country or "").strip().upper()
    delegation = db.session.scalar(select(Delegation).where(
        Delegation.event_id == event.id, Delegation.kind == "country", Delegation.country_code == code))
    members = member_codes(event)
    if delegation is None or (members is not None and code not in members):
        raise UnknownCountry(_("'%(code)s' is not a member country with a delegation at this event.",
                               code=code or "?"), field="country")
    return delegation


def _check_signatory(event: Event, delegation: Delegation, participant_id: int | None) -> Participant:
    participant = db.session.get(Participant, participant_id) if participant_id else None
    if participant is None or participant.event_id != event.id:
        raise NotSignatory(_("There is no participant %(id)s at this event.", id=participant_id or "?"),
                           field="participant_id")
    country = delegation.name()
    if participant.delegation_id != delegation.id:
        raise NotSignatory(_("%(name)s is not a member of the delegation of %(country)s and cannot sign for it.",
                             name=participant.full_name, country=country), field="participant_id")
    if not (participant.category.is_minister or participant.category.is_head_of_delegation
            or delegation.head_id == participant.id):
        raise NotSignatory(_("Only a minister or the head of delegation may sign for %(country)s; "
                             "%(name)s is registered as %(category)s.", country=country,
                             name=participant.full_name, category=participant.category.name),
                           field="participant_id")
    if participant.status != "accredited":
        raise NotSignatory(_("%(name)s is not accredited and cannot sign.", name=participant.full_name),
                           field="participant_id")
    return participant


def _check_method(data: SignatureData, today: date) -> None:
    if data.method not in SIGNATURE_METHODS:
        raise DeclarationError(_("Say how the country signs: in person or by letter."), field="method")
    if data.method == "letter":
        if data.letter_date is None:
            raise DeclarationError(_("A signature by letter needs the date of the note verbale."),
                                   field="letter_date")
        if data.letter_date > today:
            raise DeclarationError(_("The letter's date cannot be later than today."), field="letter_date")
    else:
        data.letter_date = None
        data.letter_reference = None
    if data.letter_reference and len(data.letter_reference) > LETTER_REFERENCE_MAX:
        raise DeclarationError(_("The letter's reference is too long."), field="letter_reference")


def _check_open(declaration: Declaration, now: datetime) -> None:
    event = declaration.event
    current = state(declaration, now)
    if current == "not_scheduled":
        raise NotOpen(_("The declaration is not open for signature yet: no opening time is set."))
    if current == "not_open":
        raise NotOpen(_("The declaration opens for signature at %(when)s.",
                        when=event.local(declaration.opens_at).strftime("%Y-%m-%d %H:%M")))
    if current == "closed":
        raise Closed(_("The declaration closed for signature at %(when)s.",
                       when=event.local(declaration.closes_at).strftime("%Y-%m-%d %H:%M")))


def existing_signature(declaration: Declaration, country_code: str) -> Signature | None:
    return db.session.scalar(select(Signature).where(Signature.declaration_id == declaration.id,
                                                     Signature.country_code == country_code))


def sign(declaration: Declaration, data: SignatureData, *, witness: Organiser | None = None,
         api_token: ApiToken | None = None, now: datetime | None = None) -> Signature:
    """Record a country's signature, witnessed by the organiser who records it; a country signs once."""
    now = now or utcnow()
    event = declaration.event
    _check_open(declaration, now)
    delegation = _delegation_for(event, data.country)
    already = existing_signature(declaration, delegation.country_code)
    if already is not None:
        raise AlreadySigned(_("%(country)s signed already (%(name)s). Correct that signature instead.",
                              country=delegation.name(), name=already.signatory.full_name), already)
    participant = _check_signatory(event, delegation, data.participant_id)
    _check_method(data, event_today(event, now))
    signature = Signature(
        declaration_id=declaration.id, country_code=delegation.country_code, delegation_id=delegation.id,
        signatory_id=participant.id, method=data.method, signed_at=now, letter_date=data.letter_date,
        letter_reference=(data.letter_reference or "").strip() or None, note=(data.note or "").strip() or None,
        witnessed_by_id=witness.id if witness is not None else None,
        declaration_version=declaration.current_version,
    )
    try:
        with db.session.begin_nested():  # two desks recording the same country at once: one wins
            db.session.add(signature)
            db.session.flush()
    except IntegrityError:
        raise AlreadySigned(_("%(country)s signed already. Correct that signature instead.",
                              country=delegation.name())) from None
    record("signature.recorded", event=event, organiser=witness, api_token=api_token, participant=participant,
           target=signature, changes={"country": [None, signature.country_code], "signatory": [None, participant.id],
                                      "method": [None, signature.method]})
    db.session.flush()
    return signature


def correct(signature: Signature, data: SignatureData, *, by: Organiser) -> dict:
    """Change a recorded signature (never its country); audited. Returns the changes."""
    event = signature.declaration.event
    participant = _check_signatory(event, signature.delegation, data.participant_id)
    _check_method(data, event_today(event))
    new = {"signatory_id": participant.id, "method": data.method, "letter_date": data.letter_date,
           "letter_reference": (data.letter_reference or "").strip() or None,
           "note": (data.note or "").strip() or None}
    changes = {}
    for name, value in new.items():
        old = getattr(signature, name)
        if old != value:
            changes[name] = [old.isoformat() if isinstance(old, date) else old,
                             value.isoformat() if isinstance(value, date) else value]
            setattr(signature, name, value)
    if changes:
        record("signature.corrected", event=event, organiser=by, participant=participant, target=signature,
               changes=changes)
        db.session.flush()
    return changes


# -- what the protocol officer works from ---------------------------------------------------------------------

@dataclass
class CountryLine:
    delegation: Delegation
    signature: Signature | None
    # the person to approach: a minister first, then the head of delegation
    to_approach: Participant | None
    # the eligible signatories in the building today, with their first entrance scan
    present: list[tuple[Participant, datetime]]

    def country_name(self, language: str) -> str:
        return self.delegation.name(language)


@dataclass
class Overview:
    signed: list[CountryLine]
    not_signed: list[CountryLine]
    present_not_signed: list[CountryLine]


def overview(declaration: Declaration, language: str, day: date) -> Overview:
    """Signed, not signed (member countries with a delegation), and present today but not signed."""
    event = declaration.event
    delegations = signing_delegations(event)
    signatures = {s.country_code: s for s in db.session.scalars(
        select(Signature).where(Signature.declaration_id == declaration.id)
        .options(joinedload(Signature.signatory), selectinload(Signature.delegation)))}
    people = eligible_signatories(event)
    here = present_today(event, day)
    lines = []
    for delegation in delegations:
        candidates = people.get(delegation.id, [])
        present = [(p, here[p.id]) for p in candidates if p.id in here]
        approach = present[0][0] if present else (candidates[0] if candidates else None)
        lines.append(CountryLine(delegation, signatures.get(delegation.country_code), approach, present))
    lines.sort(key=lambda line: fold(line.country_name(language)))
    not_signed = [line for line in lines if line.signature is None]
    return Overview(
        signed=[line for line in lines if line.signature is not None],
        not_signed=not_signed,
        present_not_signed=[line for line in not_signed if line.present],
    )


@dataclass
class PublicSignatory:
    country: str
    signed_on: date
    method: str
    signatory: str | None


def public_signatories(declaration: Declaration, language: str) -> list[PublicSignatory]:
    """The signatories in the page's language, ordered by country name in that language.

    A signatory's name shows only when they agreed to have it published."""
    event = declaration.event
    rows = db.session.scalars(select(Signature).where(Signature.declaration_id == declaration.id)
                              .options(joinedload(Signature.country), joinedload(Signature.signatory)))
    found = [PublicSignatory(
        country=s.country.name(language),
        signed_on=s.letter_date if s.method == "letter" and s.letter_date else event.local(s.signed_at).date(),
        method=s.method,
        signatory=s.signatory.full_name if s.signatory.consent_to_publish else None,
    ) for s in rows]
    return sorted(found, key=lambda x: fold(x.country))
