"""Events, countries, delegations, categories and participants."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from delegates.common.database import UTCDateTime, one_of, utcnow
from delegates.extensions import db

LANGUAGES = ("en", "fr", "es", "ar")
REGIONS = ("Africa", "Americas", "Asia and South Pacific", "Europe", "Middle East and North Africa")
STATUSES = ("submitted", "accredited", "rejected", "cancelled")
DIETARY = ("none", "vegetarian", "vegan", "gluten_free", "halal", "kosher", "other")
DELEGATION_KINDS = ("country", "observer")


class Country(db.Model):
    """An ISO 3166-1 entry; loaded from pycountry, babel and countryinfo (see ``countries.py``)."""

    __tablename__ = "country"
    __table_args__ = (
        CheckConstraint("length(alpha3) = 3", name="alpha3_length"),
        CheckConstraint("length(alpha2) = 2", name="alpha2_length"),
        CheckConstraint(f"region IS NULL OR {one_of('region', REGIONS)}", name="region_known"),
    )

    alpha3: Mapped[str] = mapped_column(String(3), primary_key=True)
    alpha2: Mapped[str] = mapped_column(String(2), unique=True)
    numeric: Mapped[str] = mapped_column(String(3))
    name_en: Mapped[str] = mapped_column(String(120))
    name_fr: Mapped[str] = mapped_column(String(120))
    name_es: Mapped[str] = mapped_column(String(120))
    name_ar: Mapped[str] = mapped_column(String(120))
    region: Mapped[str | None] = mapped_column(String(40))

    def name(self, language: str = "en") -> str:
        return getattr(self, f"name_{language}", None) or self.name_en

    def __repr__(self) -> str:
        return f"<Country {self.alpha3}>"


class Event(db.Model):
    """One meeting. One installation serves many events."""

    __tablename__ = "event"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="dates_in_order"),
        CheckConstraint(
            "registration_closes_at IS NULL OR registration_opens_at IS NULL "
            "OR registration_closes_at > registration_opens_at",
            name="registration_window_in_order",
        ),
        CheckConstraint("default_quota IS NULL OR default_quota >= 0", name="quota_not_negative"),
        CheckConstraint("last_badge_number >= 0", name="badge_counter_not_negative"),
        CheckConstraint(one_of("default_language", LANGUAGES), name="default_language_known"),
        CheckConstraint("length(slug) >= 2", name="slug_length"),
        CheckConstraint("retention_days IS NULL OR retention_days >= 0", name="retention_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str | None] = mapped_column(String(80))
    theme: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    # practical information for participants, in the confirmation and accreditation mails and on private pages
    participant_note: Mapped[str | None] = mapped_column(Text)
    venue: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(100))
    country_code: Mapped[str | None] = mapped_column(ForeignKey("country.alpha3"))
    timezone: Mapped[str] = mapped_column(String(64))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    languages: Mapped[str] = mapped_column(String(40), default="en,fr,es,ar")
    default_language: Mapped[str] = mapped_column(String(5), default="en")
    # translations of the texts above: {"fr": {"name": ..., "theme": ..., "participant_note": ...}, ...}
    translations: Mapped[dict] = mapped_column(JSON, default=dict)
    organiser_name: Mapped[str | None] = mapped_column(String(200))
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # after this moment a participant or a focal point no longer changes or cancels a registration (the
    # registrar still does); None: they always may
    changes_close_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    default_quota: Mapped[int | None] = mapped_column(Integer)
    is_published: Mapped[bool] = mapped_column(Boolean, default=True)
    # the last badge number handed out; numbers are never reused
    last_badge_number: Mapped[int] = mapped_column(Integer, default=0)
    # days after ends_on that personal data is kept (`delegates purge`); None: the RETENTION_DAYS setting
    retention_days: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    host_country: Mapped[Country | None] = relationship()
    categories: Mapped[list[Category]] = relationship(
        back_populates="event", order_by="Category.protocol_order", cascade="all, delete-orphan"
    )
    delegations: Mapped[list[Delegation]] = relationship(back_populates="event", cascade="all, delete-orphan")

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def language_list(self) -> list[str]:
        return [x for x in self.languages.split(",") if x]

    def translated(self, field: str, language: str) -> str | None:
        return (self.translations or {}).get(language, {}).get(field) or getattr(self, field)

    def local(self, moment: datetime) -> datetime:
        """A stored moment on the event's wall clock."""
        return moment.astimezone(self.tz)

    def registration_open(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        return not (self.registration_closes_at and now >= self.registration_closes_at)

    def changes_open(self, now: datetime | None = None) -> bool:
        """Whether participants and focal points may still change or cancel registrations (the registrar always
        may)."""
        return self.changes_close_at is None or (now or utcnow()) < self.changes_close_at

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"


class MemberCountry(db.Model):
    """A country that is a member of the organisation, for one event."""

    __tablename__ = "member_country"

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    country_code: Mapped[str] = mapped_column(ForeignKey("country.alpha3"), primary_key=True)
    member_since: Mapped[int | None] = mapped_column(Integer)

    country: Mapped[Country] = relationship()


class Category(db.Model):
    """A kind of participant, with a badge colour and rights."""

    __tablename__ = "category"
    __table_args__ = (
        UniqueConstraint("event_id", "name"),
        CheckConstraint("badge_colour LIKE '#______'", name="badge_colour_hex"),
        CheckConstraint("text_colour LIKE '#______'", name="text_colour_hex"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    # {"fr": "Ministre", "es": "Ministro", "ar": "وزير"}
    names: Mapped[dict] = mapped_column(JSON, default=dict)
    badge_colour: Mapped[str] = mapped_column(String(7))
    text_colour: Mapped[str] = mapped_column(String(7), default="#FFFFFF")
    # badges and lists sort by it: Minister 1, Head of Delegation 2, ...
    protocol_order: Mapped[int] = mapped_column(Integer, default=100)
    # people may choose it on the public form
    self_registration: Mapped[bool] = mapped_column(Boolean, default=True)
    # the registrar confirms the rank before accrediting (ministers)
    needs_confirmation: Mapped[bool] = mapped_column(Boolean, default=False)
    is_minister: Mapped[bool] = mapped_column(Boolean, default=False)
    is_head_of_delegation: Mapped[bool] = mapped_column(Boolean, default=False)
    counts_against_quota: Mapped[bool] = mapped_column(Boolean, default=True)

    event: Mapped[Event] = relationship(back_populates="categories")

    def label(self, language: str = "en") -> str:
        return (self.names or {}).get(language) or self.name

    def __repr__(self) -> str:
        return f"<Category {self.name}>"


class Delegation(db.Model):
    """An event's country, or an observer organisation."""

    __tablename__ = "delegation"
    __table_args__ = (
        UniqueConstraint("event_id", "country_code"),
        UniqueConstraint("event_id", "organisation_name"),
        CheckConstraint(one_of("kind", DELEGATION_KINDS), name="kind_known"),
        CheckConstraint(
            "(kind = 'country' AND country_code IS NOT NULL AND organisation_name IS NULL) OR "
            "(kind = 'observer' AND country_code IS NULL AND organisation_name IS NOT NULL)",
            name="country_or_organisation",
        ),
        CheckConstraint("quota IS NULL OR quota >= 0", name="quota_not_negative"),
        CheckConstraint(f"focal_point_language IS NULL OR {one_of('focal_point_language', LANGUAGES)}",
                        name="focal_point_language_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default="country")
    country_code: Mapped[str | None] = mapped_column(ForeignKey("country.alpha3"))
    organisation_name: Mapped[str | None] = mapped_column(String(200))
    organisation_acronym: Mapped[str | None] = mapped_column(String(20))
    # None: the event's default quota applies
    quota: Mapped[int | None] = mapped_column(Integer)
    head_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", use_alter=True, ondelete="SET NULL")
    )
    focal_point_name: Mapped[str | None] = mapped_column(String(200))
    focal_point_email: Mapped[str | None] = mapped_column(String(254))
    # sha256 of the focal point's private link token, and the seed it is made from (see services.new_private_token)
    focal_point_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    focal_point_token_seed: Mapped[str | None] = mapped_column(String(64))
    # the language of the focal point's mails; None: the event's default language
    focal_point_language: Mapped[str | None] = mapped_column(String(5))
    focal_point_appointed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # when the focal point says the credentials letter was sent
    credentials_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    credentials_received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    credentials_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[Event] = relationship(back_populates="delegations")
    country: Mapped[Country | None] = relationship()
    head: Mapped[Participant | None] = relationship(foreign_keys=[head_id], post_update=True)
    participants: Mapped[list[Participant]] = relationship(
        back_populates="delegation", foreign_keys="Participant.delegation_id"
    )

    def name(self, language: str = "en") -> str:
        if self.country is not None:
            return self.country.name(language)
        return self.organisation_name or ""

    @property
    def effective_quota(self) -> int | None:
        return self.quota if self.quota is not None else self.event.default_quota

    def __repr__(self) -> str:
        return f"<Delegation {self.country_code or self.organisation_acronym or self.organisation_name}>"


class Participant(db.Model):
    """A person registered for an event, in any script."""

    __tablename__ = "participant"
    __table_args__ = (
        UniqueConstraint("event_id", "badge_number"),
        UniqueConstraint("event_id", "email"),
        CheckConstraint(one_of("status", STATUSES), name="status_known"),
        CheckConstraint(one_of("dietary", DIETARY), name="dietary_known"),
        CheckConstraint(
            "COALESCE(given_name, '') <> '' OR COALESCE(family_name, '') <> ''", name="has_a_name"
        ),
        CheckConstraint("badge_number IS NULL OR badge_number > 0", name="badge_number_positive"),
        CheckConstraint("badge_version >= 1", name="badge_version_positive"),
        CheckConstraint(
            f"ui_language IS NULL OR {one_of('ui_language', LANGUAGES)}", name="ui_language_known"
        ),
        CheckConstraint(
            f"interpretation_language IS NULL OR {one_of('interpretation_language', LANGUAGES)}",
            name="interpretation_language_known",
        ),
        CheckConstraint("status <> 'rejected' OR rejection_reason IS NOT NULL", name="rejection_has_reason"),
        CheckConstraint("email = lower(email) AND email LIKE '%_@_%'", name="email_normalised"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegation.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"), index=True)
    title: Mapped[str | None] = mapped_column(String(40))
    given_name: Mapped[str | None] = mapped_column(String(100))
    family_name: Mapped[str | None] = mapped_column(String(100))
    badge_name: Mapped[str] = mapped_column(String(120))
    function: Mapped[str | None] = mapped_column(String(200))
    organisation: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    photo_filename: Mapped[str | None] = mapped_column(String(80))
    ui_language: Mapped[str | None] = mapped_column(String(5))
    interpretation_language: Mapped[str | None] = mapped_column(String(5))
    dietary: Mapped[str] = mapped_column(String(20), default="none")
    dietary_other: Mapped[str | None] = mapped_column(String(200))
    accessibility: Mapped[str | None] = mapped_column(Text)
    hotel_id: Mapped[int | None] = mapped_column(ForeignKey("hotel.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(12), default="submitted", index=True)
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    rank_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    # sha256 of the private link token, which finds the row; and the seed the token is made from with the app's
    # secret, to mail the same link again (see services.new_private_token). NULL: the link cannot be made again
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token_seed: Mapped[str | None] = mapped_column(String(64))
    badge_number: Mapped[int | None] = mapped_column(Integer)
    badge_version: Mapped[int] = mapped_column(Integer, default=1)
    consent_to_publish: Mapped[bool] = mapped_column(Boolean, default=False)
    # names, badge name and email folded for search: lower case, accents off ("fernandez" finds "Fernández")
    search_key: Mapped[str] = mapped_column(Text, default="")
    registered_via: Mapped[str] = mapped_column(String(20), default="web")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    accredited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    delegation: Mapped[Delegation | None] = relationship(
        back_populates="participants", foreign_keys=[delegation_id]
    )
    category: Mapped[Category] = relationship()
    hotel: Mapped[Hotel | None] = relationship()  # noqa: F821 (logistics)

    @property
    def full_name(self) -> str:
        return " ".join(x for x in (self.given_name, self.family_name) if x)

    @property
    def is_minister(self) -> bool:
        return self.category.is_minister

    def __repr__(self) -> str:
        return f"<Participant {self.id} {self.status}>"
