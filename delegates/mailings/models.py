"""A mailing (the text in each language and the filters that chose its recipients) and the log of its messages."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from delegates.admin.models import Organiser
from delegates.common.database import UTCDateTime, one_of, utcnow
from delegates.extensions import db

MESSAGE_STATES = ("queued", "sent", "failed")


class Mailing(db.Model):
    """Written (a draft, until sent), then sent once: to the participants the filters chose at that moment."""

    __tablename__ = "mailing"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    # {"en": {"subject": ..., "body": ...}, "fr": {...}}: the languages it was written in
    texts: Mapped[dict] = mapped_column(JSON, default=dict)
    # the participants list's filters, as in its query string: {"q": ..., "status": ..., "country": ...}
    filters: Mapped[dict] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("organiser.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("organiser.id", ondelete="SET NULL"))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # when "Send" was pressed; None: a draft
    job_id: Mapped[str | None] = mapped_column(String(32))  # the sending job (kept a day, like every job)

    created_by: Mapped[Organiser | None] = relationship(foreign_keys=[created_by_id])
    sent_by: Mapped[Organiser | None] = relationship(foreign_keys=[sent_by_id])

    @property
    def is_draft(self) -> bool:
        return self.sent_at is None

    def subject(self, language: str) -> str:
        return (self.texts.get(language) or {}).get("subject", "")

    def __repr__(self) -> str:
        return f"<Mailing {self.id} of event {self.event_id}>"


class MailMessage(db.Model):
    """One message of a mailing: to whom, in which language, and what became of it."""

    __tablename__ = "mail_message"
    __table_args__ = (
        CheckConstraint(one_of("state", MESSAGE_STATES), name="state_known"),
        Index("ix_mail_message_mailing_id_state", "mailing_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mailing_id: Mapped[int] = mapped_column(ForeignKey("mailing.id", ondelete="CASCADE"))
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"),
                                                       index=True)
    address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    language: Mapped[str] = mapped_column(String(5))
    state: Mapped[str] = mapped_column(String(10), default="queued")
    error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    mailing: Mapped[Mailing] = relationship()

    def __repr__(self) -> str:
        return f"<MailMessage {self.id} {self.state}>"
