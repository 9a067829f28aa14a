"""Scans of badges and the attendance they make."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from delegates.common.database import UTCDateTime, one_of, utcnow
from delegates.extensions import db
from delegates.registration.models import Participant

SCAN_RESULTS = ("admitted", "already", "refused")
ATTENDANCE_SOURCES = ("scan", "list", "organiser")


class Scan(db.Model):
    """One reading of a badge at a place, by a device or an organiser."""

    __tablename__ = "scan"
    __table_args__ = (
        CheckConstraint(one_of("result", SCAN_RESULTS), name="result_known"),
        CheckConstraint("place = 'entrance' OR substr(place, 1, 8) = 'session:'", name="place_known"),
        UniqueConstraint("event_id", "idempotency_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    # None when the code named no badge of ours
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    badge_version: Mapped[int | None] = mapped_column(Integer)
    # "entrance" or "session:<id>"
    place: Mapped[str] = mapped_column(String(40))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("conference_session.id", ondelete="CASCADE"))
    result: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(String(40))
    device_token_id: Mapped[int | None] = mapped_column(ForeignKey("api_token.id", ondelete="SET NULL"))
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("organiser.id", ondelete="SET NULL"))
    idempotency_key: Mapped[str | None] = mapped_column(String(80))
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    participant: Mapped[Participant | None] = relationship()


class Attendance(db.Model):
    """A person present at a place on a day; many scans make one attendance."""

    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("participant_id", "place", "day"),
        # presence per day at a place (the dashboard, the attendance pages), read from the index alone
        Index("ix_attendance_event_place_day", "event_id", "place", "day"),
        CheckConstraint("place = 'entrance' OR substr(place, 1, 8) = 'session:'", name="place_known"),
        CheckConstraint(one_of("source", ATTENDANCE_SOURCES), name="source_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    place: Mapped[str] = mapped_column(String(40))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("conference_session.id", ondelete="CASCADE"), index=True
    )
    # the day on the event's wall clock
    day: Mapped[date] = mapped_column(Date)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    source: Mapped[str] = mapped_column(String(10), default="scan")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("organiser.id", ondelete="SET NULL"))

    participant: Mapped[Participant] = relationship()
