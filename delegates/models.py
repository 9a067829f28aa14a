"""Every domain's models, imported once so that SQLAlchemy and Alembic see the whole schema."""
from delegates.admin.models import ApiToken, AuditEntry, Organiser, OrganiserRole
from delegates.badges.models import BadgePrint
from delegates.checkin.models import Attendance, Scan
from delegates.common.jobs import Job
from delegates.declaration.models import Declaration, DeclarationText, Signature
from delegates.logistics.models import Hotel, Travel
from delegates.mailings.models import Mailing, MailMessage
from delegates.programme.models import Assignment, ConferenceSession, Room, session_category
from delegates.registration import search as _search  # noqa: F401  keeps Participant.search_key current
from delegates.registration.models import Category, Country, Delegation, Event, MemberCountry, Participant

__all__ = [
    "ApiToken", "Assignment", "Attendance", "AuditEntry", "BadgePrint", "Category", "ConferenceSession",
    "Country", "Declaration", "DeclarationText", "Delegation", "Event", "Hotel", "Job", "MailMessage", "Mailing",
    "MemberCountry", "Organiser", "OrganiserRole", "Participant", "Room", "Scan", "Signature", "Travel",
    "session_category",
]
