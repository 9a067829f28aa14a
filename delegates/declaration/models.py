"""Declarations, their texts per language and version, and signatures."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from delegates.common.database import UTCDateTime, one_of, utcnow
from delegates.extensions import db
from delegates.programme.models import ConferenceSession
from delegates.registration.models import LANGUAGES, Country, Delegation, Event, Participant

SIGNATURE_METHODS = ("in_person", "letter")


class Declaration(db.Model):
    __tablename__ = "declaration"
    __table_args__ = (
        UniqueConstraint("event_id", "code"),
        CheckConstraint("current_version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    current_version: Mapped[int] = mapped_column(Integer, default=1)
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    adopted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[Event] = relationship()
    texts: Mapped[list[DeclarationText]] = relationship(
        back_populates="declaration", cascade="all, delete-orphan", order_by="DeclarationText.version"
    )
    signatures: Mapped[list[Signature]] = relationship(back_populates="declaration", cascade="all, delete-orphan")

    def text(self, language: str, version: int | None = None) -> DeclarationText | None:
        version = version or self.current_version
        found = {t.language: t for t in self.texts if t.version == version}
        return found.get(language) or found.get("en")


class DeclarationText(db.Model):
    __tablename__ = "declaration_text"
    __table_args__ = (
        UniqueConstraint("declaration_id", "language", "version"),
        CheckConstraint(one_of("language", LANGUAGES), name="language_known"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declaration.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(5))
    version: Mapped[int] = mapped_column(Integer, default=1)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("organiser.id", ondelete="SET NULL"))

    declaration: Mapped[Declaration] = relationship(back_populates="texts")


class Signature(db.Model):
    """A country's signature, by its minister or head of delegation; one per country."""

    __tablename__ = "signature"
    __table_args__ = (
        UniqueConstraint("declaration_id", "country_code"),
        CheckConstraint(one_of("method", SIGNATURE_METHODS), name="method_known"),
        CheckConstraint("method <> 'letter' OR letter_date IS NOT NULL", name="letter_has_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declaration.id", ondelete="CASCADE"), index=True)
    country_code: Mapped[str] = mapped_column(ForeignKey("country.alpha3"))
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegation.id"))
    signatory_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    method: Mapped[str] = mapped_column(String(10))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # a note verbale: its date and reference
    letter_date: Mapped[date | None] = mapped_column(Date)
    letter_reference: Mapped[str | None] = mapped_column(String(120))
    witnessed_by_id: Mapped[int | None] = mapped_column(ForeignKey("organiser.id", ondelete="SET NULL"))
    declaration_version: Mapped[int] = mapped_column(Integer, default=1)
    note: Mapped[str | None] = mapped_column(Text)

    declaration: Mapped[Declaration] = relationship(back_populates="signatures")
    country: Mapped[Country] = relationship()
    delegation: Mapped[Delegation] = relationship()
    signatory: Mapped[Participant] = relationship()


SPEAKER_STATUSES = ("waiting", "spoke", "withdrawn")


class SpeakerRequest(db.Model):
    """A delegation's request for the floor in a plenary, with who will speak; one per delegation and session.

    The list orders by the speaker's level (``Category.protocol_order``), then the time of the request;
    ``position`` is the organiser's manual order, which comes first once set.
    """

    __tablename__ = "speaker_request"
    __table_args__ = (
        UniqueConstraint("session_id", "delegation_id"),
        CheckConstraint(one_of("status", SPEAKER_STATUSES), name="status_known"),
        CheckConstraint("position IS NULL OR position >= 1", name="position_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("conference_session.id", ondelete="CASCADE"))
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegation.id"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    position: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="waiting")
    spoke_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    session: Mapped[ConferenceSession] = relationship()
    delegation: Mapped[Delegation] = relationship()
    participant: Mapped[Participant] = relationship()
