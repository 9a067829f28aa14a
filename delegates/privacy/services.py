"""A person's data: what we hold about them (export), forgetting it on request (erase), and forgetting a whole
event's personal data once its retention period is over (purge), keeping the counts.

Plain functions that flush, never commit. Erasing keeps the participant's row, with its category, delegation,
status, attendance and signatures, so that every figure (how many ministers came, how many countries signed)
stays true; only what says who the person was goes.
"""
from __future__ import annotations

import email
import email.policy
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import or_, select

from delegates.admin.models import AuditEntry
from delegates.admin.services import record
from delegates.common.database import utcnow
from delegates.common.exceptions import DomainError
from delegates.common.mail import outbox_path, waiting_mail
from delegates.extensions import db
from delegates.registration import photos
from delegates.registration.models import Delegation, Event, Participant
from delegates.registration.participants import Actor, hash_token

ERASED_DOMAIN = "erased.invalid"  # .invalid never resolves (RFC 2606): no mail can reach an erased address
ERASED = "(erased)"
# the participant's columns that say who they are, and what they become
PERSONAL_FIELDS = ("title", "given_name", "family_name", "badge_name", "function", "organisation", "email", "phone",
                   "photo_filename", "dietary", "dietary_other", "accessibility", "hotel_id", "rejection_reason",
                   "ui_language", "interpretation_language", "search_key")
# audit values that are not personal (a status change stays readable in the history)
KEPT_AUDIT_KEYS = {"status", "category_id", "delegation_id", "badge_version", "badge_number", "revoked", "roles"}


class PrivacyError(DomainError):
    """An export, erasure or purge cannot be done as asked."""


def is_erased(participant: Participant) -> bool:
    return participant.email.endswith("@" + ERASED_DOMAIN)


# -- export ----------------------------------------------------------------------------------------------------

def personal_data(participant: Participant) -> dict:
    """Everything Delegates holds about the person, as plain JSON-able data (their right of access)."""
    from delegates.badges.models import BadgePrint
    from delegates.checkin.models import Attendance
    from delegates.declaration.models import Signature
    from delegates.logistics.models import Travel
    from delegates.programme.models import Assignment

    def when(value):
        return value.isoformat() if value is not None else None

    p = participant
    delegation = p.delegation
    travels = db.session.scalars(select(Travel).where(Travel.participant_id == p.id).order_by(Travel.direction))
    assignments = db.session.scalars(select(Assignment).where(Assignment.participant_id == p.id)
                                     .order_by(Assignment.id))
    attendance = db.session.scalars(select(Attendance).where(Attendance.participant_id == p.id)
                                    .order_by(Attendance.first_seen_at))
    prints = db.session.scalars(select(BadgePrint).where(BadgePrint.participant_id == p.id).order_by(BadgePrint.id))
    signatures = db.session.scalars(select(Signature).where(Signature.signatory_id == p.id).order_by(Signature.id))
    history = db.session.scalars(select(AuditEntry).where(AuditEntry.participant_id == p.id)
                                 .order_by(AuditEntry.created_at, AuditEntry.id))
    return {
        "event": {"slug": p.event.slug, "name": p.event.name},
        "participant": {
            "id": p.id, "title": p.title, "given_name": p.given_name, "family_name": p.family_name,
            "badge_name": p.badge_name, "function": p.function, "organisation": p.organisation,
            "email": p.email, "phone": p.phone,
            "delegation": (delegation.country_code or delegation.organisation_name) if delegation else None,
            "category": p.category.name, "status": p.status, "rejection_reason": p.rejection_reason,
            "ui_language": p.ui_language, "interpretation_language": p.interpretation_language,
            "dietary": p.dietary, "dietary_other": p.dietary_other, "accessibility": p.accessibility,
            "hotel": p.hotel.name if p.hotel is not None else None, "has_photo": bool(p.photo_filename),
            "consent_to_publish": p.consent_to_publish, "badge_number": p.badge_number,
            "badge_version": p.badge_version, "registered_via": p.registered_via,
            "registered_at": when(p.created_at), "updated_at": when(p.updated_at),
            "accredited_at": when(p.accredited_at),
        },
        "travel": [{"direction": t.direction, "at": when(t.at), "flight": t.flight, "airport": t.airport,
                    "needs_transfer": t.needs_transfer} for t in travels],
        "sessions": [{"session": a.session.title, "role": a.role, "status": a.status, "requested": a.requested}
                     for a in assignments],
        "attendance": [{"place": a.place, "day": when(a.day), "first_seen_at": when(a.first_seen_at)}
                       for a in attendance],
        "badge_prints": [{"badge_version": b.badge_version, "printed_at": when(b.printed_at)} for b in prints],
        "signatures": [{"declaration": s.declaration.title,
                        "country": s.country_code, "method": s.method, "signed_at": when(s.signed_at)}
                       for s in signatures],
        "history": [{"what": e.kind, "when": when(e.created_at)} for e in history],
        "exported_at": when(utcnow()),
    }


# -- erasure ---------------------------------------------------------------------------------------------------

@dataclass
class Erased:
    """What an erasure or a purge removed, counted."""

    participants: int = 0
    photos: int = 0
    travel: int = 0
    audit_entries: int = 0
    mail: int = 0
    outbox_files: int = 0
    focal_points: int = 0
    already: int = 0
    fields: list[str] = field(default_factory=list)

    def add(self, other: Erased) -> None:
        for name in ("participants", "photos", "travel", "audit_entries", "mail", "outbox_files", "focal_points",
                     "already"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def anonymise(participant: Participant, *, remove_files: bool = True) -> Erased:
    """Replace what says who the participant was; keep category, delegation, status, attendance and signatures.

    ``remove_files``: delete the photo and outbox mail now (a dry run passes False and rolls back).
    """
    from delegates.logistics.models import Travel

    done = Erased()
    if is_erased(participant):
        done.already = 1
        return done
    p = participant
    old_email = p.email
    done.fields = [name for name in PERSONAL_FIELDS if getattr(p, name) not in (None, "", "none")]
    if p.photo_filename:
        done.photos = 1
        if remove_files:
            photos.delete_photo(p.photo_filename)
    placeholder = f"{ERASED} #{p.id}"
    p.title = p.given_name = p.function = p.organisation = p.phone = None
    p.family_name = placeholder
    p.badge_name = placeholder
    p.email = f"erased-{p.id}@{ERASED_DOMAIN}"
    p.photo_filename = None
    p.dietary, p.dietary_other, p.accessibility, p.hotel_id = "none", None, None, None
    p.ui_language = p.interpretation_language = None
    if p.rejection_reason is not None:
        p.rejection_reason = ERASED  # a rejected row keeps a reason (a constraint), not the words
    p.search_key = ""
    p.consent_to_publish = False
    # the private link stops working: the stored hash is of a token nobody has
    p.token_hash, p.token_seed = hash_token(secrets.token_urlsafe(32)), None
    for travel in db.session.scalars(select(Travel).where(Travel.participant_id == p.id)):
        db.session.delete(travel)
        done.travel += 1
    done.audit_entries = _scrub_audit(p)
    done.mail = _scrub_mail(p, old_email)
    if remove_files:
        done.outbox_files = _remove_outbox_mail(old_email)
    done.participants = 1
    db.session.flush()
    return done


def erase(participant: Participant, *, actor: Actor) -> Erased:
    """Erase the person on their request: cancel the registration (the badge stops working) and anonymise it.

    The audit entry says who erased whom (by id) and which kinds of data went, never the values.
    """
    from delegates.registration import participants as registration

    if is_erased(participant):
        raise PrivacyError("This registration was erased already.")
    if participant.status in ("submitted", "accredited"):
        registration.cancel(participant, actor=actor, deadline=False)  # erasure is a right at any time
    participant.badge_version += 1  # a badge printed before is refused at the doors from now on
    done = anonymise(participant)
    record("participant.erased", event=participant.event, organiser=actor.organiser, api_token=actor.api_token,
           participant=participant, target=participant,
           changes={"erased": [None, sorted(done.fields)]},
           note=f"by {actor.label}; travel rows {done.travel}, photos {done.photos}, "
                f"audit entries scrubbed {done.audit_entries}, mail {done.mail + done.outbox_files}")
    db.session.flush()
    return done


def _scrub_audit(participant: Participant) -> int:
    """Blank the old and new values of personal fields in the history of the participant."""
    count = 0
    entries = db.session.scalars(select(AuditEntry).where(or_(
        AuditEntry.participant_id == participant.id,
        (AuditEntry.target_type == "participant") & (AuditEntry.target_id == participant.id),
    )))
    for entry in entries:
        count += _scrub_entry(entry)
    return count


def _scrub_entry(entry: AuditEntry) -> int:
    """1 when the entry held personal values (now replaced by ERASED), else 0."""
    changes = entry.changes or {}
    scrubbed = {}
    for key, value in changes.items():
        if key in KEPT_AUDIT_KEYS:
            scrubbed[key] = value
        elif isinstance(value, list):
            scrubbed[key] = [ERASED if v not in (None, "") else v for v in value]
        else:
            scrubbed[key] = ERASED if value not in (None, "") else value
    note = ERASED if entry.note else entry.note
    if scrubbed == changes and note == entry.note:
        return 0
    entry.changes = scrubbed
    entry.note = note
    return 1


def _scrub_mail(participant: Participant, old_email: str) -> int:
    from delegates.mailings.models import MailMessage

    count = 0
    for message in db.session.scalars(select(MailMessage).where(MailMessage.participant_id == participant.id)):
        message.address = participant.email
        message.subject = ERASED
        message.error = None
        count += 1
    return count


def _remove_outbox_mail(address: str) -> int:
    """Delete mail to ``address`` that waits in the outbox or its queue, or that the server refused (it would
    otherwise keep the name and the address)."""
    folder = outbox_path()
    if not folder.is_dir():
        return 0
    removed = 0
    for path in [*waiting_mail(), *sorted((folder / "failed").glob("*.eml"))]:
        try:
            with path.open("rb") as f:
                message = email.message_from_binary_file(f, policy=email.policy.default)
            recipients = " ".join(str(message.get_all(h) or "") for h in ("To", "Cc", "Bcc")).lower()
        except (OSError, ValueError):
            continue
        if address.lower() in recipients:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


# -- purge after the retention period --------------------------------------------------------------------------

def retention_days(event: Event) -> int:
    days = getattr(event, "retention_days", None)
    return int(days if days is not None else current_app.config["RETENTION_DAYS"])


def retention_ends(event: Event) -> date:
    """The first day on which the event's personal data may be purged."""
    return event.ends_on + timedelta(days=retention_days(event))


def purge_event(event: Event, *, today: date | None = None, dry_run: bool = False) -> Erased:
    """Anonymise every participant of the event and the focal points of its delegations; refuses before
    ``retention_ends(event)``. With ``dry_run`` nothing on disk is touched (the caller rolls back)."""
    today = today or date.today()
    ends = retention_ends(event)
    if today < ends:
        raise PrivacyError(f"The event '{event.slug}' ended on {event.ends_on.isoformat()}; its personal data is "
                           f"kept for {retention_days(event)} days, until {ends.isoformat()}. Nothing was purged.")
    total = Erased()
    for participant in db.session.scalars(select(Participant).where(Participant.event_id == event.id)
                                          .order_by(Participant.id)):
        total.add(anonymise(participant, remove_files=not dry_run))
    for delegation in db.session.scalars(select(Delegation).where(Delegation.event_id == event.id)):
        if delegation.focal_point_name or delegation.focal_point_email or delegation.focal_point_token_hash:
            delegation.focal_point_name = delegation.focal_point_email = None
            delegation.focal_point_token_hash = delegation.focal_point_language = None
            delegation.focal_point_token_seed = None
            total.focal_points += 1
    for entry in db.session.scalars(select(AuditEntry).where(AuditEntry.event_id == event.id,
                                                             AuditEntry.target_type == "delegation")):
        total.audit_entries += _scrub_entry(entry)
    record("event.purged", event=event, target=event,
           changes={"anonymised": [None, total.participants]},
           note=f"retention {retention_days(event)} days after {event.ends_on.isoformat()}; "
                f"photos {total.photos}, travel rows {total.travel}, focal points {total.focal_points}")
    db.session.flush()
    return total
