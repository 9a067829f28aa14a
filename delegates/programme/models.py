"""Rooms, conference sessions (programme items) and assignments."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from delegates.common.database import UTCDateTime, one_of, utcnow
from delegates.extensions import db
from delegates.registration.models import Category, Event, Participant

SESSION_KINDS = ("plenary", "panel", "ministerial", "side_event")
ASSIGNMENT_ROLES = ("attendee", "speaker", "chair", "rapporteur")
# requested: the person asked for it and holds no seat yet; confirmed: holds a seat
ASSIGNMENT_STATUSES = ("requested", "confirmed", "waitlisted")


class Room(db.Model):
    __tablename__ = "room"
    __table_args__ = (
        UniqueConstraint("event_id", "name"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("booths >= 0", name="booths_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    capacity: Mapped[int] = mapped_column(Integer)
    floor: Mapped[str | None] = mapped_column(String(60))
    booths: Mapped[int] = mapped_column(Integer, default=0)
    # interpretation offered in the room: "ar,en,es,fr"
    interpretation_languages: Mapped[str] = mapped_column(String(40), default="")

    event: Mapped[Event] = relationship()

    def __repr__(self) -> str:
        return f"<Room {self.name}>"


session_category = Table(
    "session_category",
    db.metadata,
    Column("session_id", ForeignKey("conference_session.id", ondelete="CASCADE"), primary_key=True),
    Column("category_id", ForeignKey("category.id", ondelete="CASCADE"), primary_key=True),
)


class ConferenceSession(db.Model):
    """A programme item: plenary, panel, ministerial meeting or side event.

    ``assigned`` counts confirmed seats; it is only ever changed by a conditional
    UPDATE (``assigned < capacity``), and the check constraint is the backstop.
    """

    __tablename__ = "conference_session"
    __table_args__ = (
        CheckConstraint(one_of("kind", SESSION_KINDS), name="kind_known"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("assigned >= 0 AND assigned <= capacity", name="assigned_within_capacity"),
        UniqueConstraint("event_id", "code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("room.id"), index=True)
    # a short stable name for scripts and the demo: "ministerial", "panel-terrorism"
    code: Mapped[str | None] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    # {"fr": {"title": ..., "description": ...}, "es": {...}, "ar": {...}}
    translations: Mapped[dict] = mapped_column(JSON, default=dict)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    capacity: Mapped[int] = mapped_column(Integer)
    assigned: Mapped[int] = mapped_column(Integer, default=0)
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    # delegates may choose it at registration
    open_for_choice: Mapped[bool] = mapped_column(Boolean, default=True)

    event: Mapped[Event] = relationship()
    room: Mapped[Room | None] = relationship()
    # empty: every category may attend
    allowed_categories: Mapped[list[Category]] = relationship(secondary=session_category)
    assignments: Mapped[list[Assignment]] = relationship(back_populates="session", cascade="all, delete-orphan")

    def translated(self, field: str, language: str) -> str | None:
        return (self.translations or {}).get(language, {}).get(field) or getattr(self, field)

    @property
    def is_restricted(self) -> bool:
        return bool(self.allowed_categories)

    def __repr__(self) -> str:
        return f"<ConferenceSession {self.code or self.id}>"


class Assignment(db.Model):
    """A participant's place in a session, with a role."""

    __tablename__ = "assignment"
    __table_args__ = (
        UniqueConstraint("participant_id", "session_id"),
        CheckConstraint(one_of("role", ASSIGNMENT_ROLES), name="role_known"),
        CheckConstraint(one_of("status", ASSIGNMENT_STATUSES), name="status_known"),
        CheckConstraint(
            "NOT overlap_override OR override_reason IS NOT NULL", name="override_has_reason"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("conference_session.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(12), default="attendee")
    status: Mapped[str] = mapped_column(String(12), default="confirmed")
    # the person asked for it (registration form, private page)
    requested: Mapped[bool] = mapped_column(Boolean, default=False)
    overlap_override: Mapped[bool] = mapped_column(Boolean, default=False)
    override_reason: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("organiser.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    session: Mapped[ConferenceSession] = relationship(back_populates="assignments")
    participant: Mapped[Participant] = relationship()

    def __repr__(self) -> str:
        return f"<Assignment {self.participant_id}->{self.session_id} {self.role}>"
