"""The event's audit log, newest first, filtered by organiser, participant and kind of change."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import false, func, select
from sqlalchemy.orm import selectinload

from delegates.admin.models import ApiToken, AuditEntry, Organiser
from delegates.extensions import db
from delegates.registration.models import Event, Participant

PER_PAGE = 50
HIDDEN_FIELDS = ("via", "merged_participant")  # bookkeeping, shown otherwise (see the participant's history)


@dataclass(frozen=True)
class AuditFilters:
    organiser: int | None = None  # an organiser's id; 0: changes made without an organiser (API, participant)
    participant: str = ""  # a participant's id ("123" or "#123"), or words of their name or email
    kind: str = ""

    @property
    def active(self) -> bool:
        return self.organiser is not None or bool(self.participant) or bool(self.kind)


def kind_labels() -> dict[str, str]:
    """Every kind of change the application records, as a person reads it."""
    from delegates.registration.views.participants import kind_labels as participant_kinds

    labels = {k: _("Participant: %(what)s", what=v) for k, v in participant_kinds().items()}
    labels.update({
        "organiser.created": _("Organiser account created"),
        "api_token.created": _("API token created"), "api_token.revoked": _("API token revoked"),
        "badge.reissued": _("Badge reissued"),
        "delegation.created": _("Delegation created"), "delegation.quota_set": _("Delegation quota set"),
        "delegation.credentials_sent": _("Credentials sent"),
        "delegation.credentials_received": _("Credentials received"),
        "delegation.focal_point_appointed": _("Focal point appointed"),
        "delegation.head_named": _("Head of delegation named"),
        "session.created": _("Session created"), "session.changed": _("Session changed"),
        "session.deleted": _("Session deleted"),
        "assignment.confirmed": _("Seat confirmed"), "assignment.waitlisted": _("Put on the waiting list"),
        "assignment.promoted": _("Moved up from the waiting list"), "assignment.released": _("Seat released"),
        "assignment.role_changed": _("Role in a session changed"), "assignment.bulk": _("Seats assigned in bulk"),
        "declaration.new_version": _("New version of the declaration"),
        "declaration.window_changed": _("Signature period changed"),
        "signature.recorded": _("Signature recorded"), "signature.corrected": _("Signature corrected"),
        "speaker.requested": _("Floor requested"), "speaker.moved": _("Speakers' list reordered"),
        "speaker.waiting": _("Speaker put back on the list"), "speaker.spoke": _("Speaker marked as having spoken"),
        "speaker.withdrawn": _("Request for the floor withdrawn"),
        "room.created": _("Room created"), "room.changed": _("Room changed"), "room.deleted": _("Room deleted"),
        "import.completed": _("Participants imported"),
        "mailing.sent": _("Mail sent to many"), "mailing.sent_again": _("Mail sent again to those it failed for"),
        "event.created": _("Event created"), "event.settings_changed": _("Event settings changed"),
        "event.retention_changed": _("Retention period changed"), "event.purged": _("Personal data purged"),
        "category.created": _("Category created"), "category.changed": _("Category changed"),
        "category.deleted": _("Category deleted"),
        "organiser.roles_changed": _("Organiser's roles changed"),
        "organiser.deactivated": _("Organiser account deactivated"),
        "organiser.reactivated": _("Organiser account reactivated"),
        "organiser.password_set": _("Organiser's password set"),
        "organiser.password_link_made": _("Password link made for an organiser"),
    })
    return labels


def _participant_condition(event: Event, wanted: str):
    from delegates.registration.search import query_words

    text = wanted.strip().lstrip("#")
    if text.isdigit():
        return AuditEntry.participant_id == int(text)
    people = select(Participant.id).where(Participant.event_id == event.id)
    words = query_words(wanted)
    if not words:
        return false()
    for word in words:
        people = people.where(Participant.search_key.contains(word, autoescape=True))
    return AuditEntry.participant_id.in_(people)


def audit_page(event: Event, filters: AuditFilters, page: int = 1) -> tuple[list[AuditEntry], int]:
    """One page of the event's audit entries matching ``filters``, newest first, and how many match."""
    query = select(AuditEntry).where(AuditEntry.event_id == event.id)
    if filters.organiser == 0:
        query = query.where(AuditEntry.organiser_id.is_(None))
    elif filters.organiser is not None:
        query = query.where(AuditEntry.organiser_id == filters.organiser)
    if filters.kind:
        query = query.where(AuditEntry.kind == filters.kind)
    if filters.participant:
        query = query.where(_participant_condition(event, filters.participant))
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    entries = db.session.scalars(
        query.options(selectinload(AuditEntry.organiser))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    ).all()
    return list(entries), total


def filter_choices(event: Event) -> tuple[list[tuple[int, str]], list[str]]:
    """The organisers who changed something in the event, and the kinds of change recorded in it."""
    organisers = db.session.execute(
        select(Organiser.id, func.coalesce(Organiser.name, Organiser.email))
        .where(Organiser.id.in_(select(AuditEntry.organiser_id).where(AuditEntry.event_id == event.id)))
        .order_by(func.coalesce(Organiser.name, Organiser.email))
    ).all()
    kinds = db.session.scalars(select(AuditEntry.kind).where(AuditEntry.event_id == event.id)
                               .distinct().order_by(AuditEntry.kind)).all()
    return [(i, n) for i, n in organisers], list(kinds)


def readable(event: Event, entries: list[AuditEntry]) -> list[dict]:
    """Entries as the participant's history shows them: who, when, what, each field's old → new value."""
    from delegates.registration.views.participants import field_label, value_names

    people = {p.id: p for p in db.session.scalars(
        select(Participant).where(Participant.id.in_({e.participant_id for e in entries if e.participant_id})))}
    tokens = dict(db.session.execute(select(ApiToken.id, ApiToken.name).where(
        ApiToken.id.in_({e.api_token_id for e in entries if e.api_token_id}))).all())
    show = value_names(event)
    kinds = kind_labels()
    rows = []
    for entry in entries:
        changes = entry.changes or {}
        if entry.organiser is not None:
            who = entry.organiser.name or entry.organiser.email
        elif entry.api_token_id in tokens:
            who = _("API token “%(name)s”", name=tokens[entry.api_token_id])
        elif entry.note == "participant" or changes.get("via", [None, None])[1] == "web":
            who = _("the participant")
        else:
            who = _("an import or a script")
        rows.append({
            "id": entry.id,
            "at": entry.created_at,
            "who": who,
            "what": kinds.get(entry.kind, entry.kind),
            "participant": people.get(entry.participant_id),
            "participant_id": entry.participant_id,
            "changes": [(field_label(k), show(k, v[0]), show(k, v[1])) for k, v in changes.items()
                        if k not in HIDDEN_FIELDS and isinstance(v, list | tuple) and len(v) == 2],
            "note": entry.note if entry.note not in ("participant", "organiser", "api") else None,
        })
    return rows


def organiser_filter(value: str | None) -> int | None:
    """The organiser filter from the query string: an id, "none" (no organiser), or nothing."""
    if value == "none":
        return 0
    if value and value.isdigit():
        return int(value)
    return None


def account_changes(role_names: dict[str, str], limit: int = PER_PAGE) -> list[dict]:
    """The latest changes to organiser accounts (they belong to no event): when, who, what, whose account, and
    the roles (named by ``role_names``) or other values before and after; for the organisers' page."""
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.event_id.is_(None), AuditEntry.kind.startswith("organiser."))
        .options(selectinload(AuditEntry.organiser))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()).limit(limit)
    ).all()
    accounts = {o.id: o for o in db.session.scalars(select(Organiser).where(
        Organiser.id.in_({e.target_id for e in entries if e.target_type == Organiser.__tablename__})))}
    kinds = kind_labels()
    fields = {"roles": _("Roles"), "is_active": _("Active")}
    rows = []
    for entry in entries:
        account = accounts.get(entry.target_id) if entry.target_type == Organiser.__tablename__ else None
        rows.append({
            "at": entry.created_at,
            "who": (entry.organiser.name or entry.organiser.email) if entry.organiser else _("a script"),
            "what": kinds.get(entry.kind, entry.kind),
            "account": (account.name or account.email) if account else None,
            "changes": [(fields.get(name, name), _values(old, role_names), _values(new, role_names))
                        for name, (old, new) in (entry.changes or {}).items()],
        })
    return rows


def _values(value, role_names: dict[str, str]) -> str:
    if value is None or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | tuple):
        return ", ".join(role_names.get(v, str(v)) for v in value)
    return str(value)
