"""The print history of badges."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from delegates.admin.models import Organiser
from delegates.common.database import UTCDateTime, utcnow
from delegates.extensions import db
from delegates.registration.models import Participant


class BadgePrint(db.Model):
    """One badge printed: which version, on which stock, by whom, when."""

    __tablename__ = "badge_print"
    __table_args__ = (CheckConstraint("badge_version >= 1", name="badge_version_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    badge_version: Mapped[int] = mapped_column(Integer)
    layout: Mapped[str] = mapped_column(String(20))
    # the batch it was part of, when it was printed in one
    batch: Mapped[str | None] = mapped_column(String(40), index=True)
    printed_by_id: Mapped[int | None] = mapped_column(ForeignKey("organiser.id", ondelete="SET NULL"))
    printed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    participant: Mapped[Participant] = relationship()
    printed_by: Mapped[Organiser | None] = relationship()
