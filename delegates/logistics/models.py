"""Hotels and travel (arrivals and departures)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from delegates.common.database import UTCDateTime, one_of
from delegates.extensions import db
from delegates.registration.models import Event, Participant

DIRECTIONS = ("arrival", "departure")


class Hotel(db.Model):
    __tablename__ = "hotel"
    __table_args__ = (
        UniqueConstraint("event_id", "name"),
        CheckConstraint("rooms_blocked IS NULL OR rooms_blocked >= 0", name="rooms_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(40))
    rooms_blocked: Mapped[int | None] = mapped_column(Integer)

    event: Mapped[Event] = relationship()

    def __repr__(self) -> str:
        return f"<Hotel {self.name}>"


class Travel(db.Model):
    """A participant's arrival or departure: when, by which flight, at which airport."""

    __tablename__ = "travel"
    __table_args__ = (
        UniqueConstraint("participant_id", "direction"),
        CheckConstraint(one_of("direction", DIRECTIONS), name="direction_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    direction: Mapped[str] = mapped_column(String(10))
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    flight: Mapped[str | None] = mapped_column(String(20))
    # IATA code: FCO, CIA
    airport: Mapped[str | None] = mapped_column(String(3))
    needs_transfer: Mapped[bool] = mapped_column(default=True)

    participant: Mapped[Participant] = relationship(backref="travels")
