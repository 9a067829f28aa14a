"""Organisers, their roles, API tokens and the audit log."""
from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from delegates.common.database import UTCDateTime, one_of, utcnow
from delegates.extensions import db
from delegates.registration.models import Event

ROLES = ("admin", "registrar", "programme", "printer", "checkin", "protocol", "viewer")


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class Organiser(db.Model):
    """A person who works on the organisers' side, with one or more roles."""

    __tablename__ = "organiser"
    __table_args__ = (CheckConstraint("email = lower(email) AND email LIKE '%_@_%'", name="email_normalised"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # part of the login cookie; a new one at every login and logout makes copied
    # cookies worthless (Flask's session is only a signed cookie)
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    role_rows: Mapped[list[OrganiserRole]] = relationship(
        back_populates="organiser", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def roles(self) -> set[str]:
        return {r.role for r in self.role_rows}

    def has_role(self, *roles: str) -> bool:
        mine = self.roles
        return "admin" in mine or bool(mine.intersection(roles))

    # Flask-Login's user protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def __repr__(self) -> str:
        return f"<Organiser {self.id}>"


class OrganiserRole(db.Model):
    __tablename__ = "organiser_role"
    __table_args__ = (CheckConstraint(one_of("role", ROLES), name="role_known"),)

    organiser_id: Mapped[int] = mapped_column(ForeignKey("organiser.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)

    organiser: Mapped[Organiser] = relationship(back_populates="role_rows")


class ApiToken(db.Model):
    """A bearer token for a device or an integration, for one event and one role.

    Only the token's SHA-256 is stored; the token is printed once when created.
    """

    __tablename__ = "api_token"
    __table_args__ = (CheckConstraint(one_of("role", ROLES), name="role_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # the first characters, so that a token can be recognised in a list
    prefix: Mapped[str] = mapped_column(String(12))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("organiser.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def __repr__(self) -> str:
        return f"<ApiToken {self.prefix}… {self.role}>"


class AuditEntry(db.Model):
    """Who changed what, when: old and new values."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("organiser.id", ondelete="SET NULL"), index=True)
    api_token_id: Mapped[int | None] = mapped_column(ForeignKey("api_token.id", ondelete="SET NULL"))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL"), index=True
    )
    # what happened, dotted: "participant.accredited", "organiser.created", "signature.corrected"
    kind: Mapped[str] = mapped_column(String(60), index=True)
    target_type: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[int | None] = mapped_column()
    # {"field": [old, new], ...}
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    organiser: Mapped[Organiser | None] = relationship()

    def __repr__(self) -> str:
        return f"<AuditEntry {self.kind} {self.target_type}:{self.target_id}>"
