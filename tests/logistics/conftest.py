"""Travellers, hotels, needs and seats on the ``event`` fixture (Rome, 5–8 November 2012), for the logistics lists.

Times are written on Rome's clock (UTC+1 in November) and stored in UTC, as the app stores them.

=========  ========  =========  =====================  =====================  ===========  ==========  ==========
who        status    hotel      arrival                departure              dietary      interpr.    access.
=========  ========  =========  =====================  =====================  ===========  ==========  ==========
Bianchi    accr.     Roma       4 Nov 10:20 FCO AZ101  7 Nov 18:05 FCO AZ102  vegetarian   en          —
           (Minister, H.E., phone +39 06 1234 5678; both transfers)
Martin     accr.     Roma       4 Nov 10:45 FCO AF1204 9 Nov 07:30 FCO AF1205 other: no     fr          Wheelchair
           (France; arrival transfer only)                                    shellfish                user
Weber      accr.     Sole       5 Nov 07:10 CIA LH232  6 Nov 20:10 CIA LH233  halal        —           + guide dog
           (Germany; arrival transfer only)
Петров     accr.     Roma       —                      —                      other:       ar          —
           (Russia, badge "Oleg Petrov")                                      lactose free
Pending    submitted Sole       4 Nov 10:50 FCO AF1204 —                      vegan        es          Hard of
           (France; transfer)                                                                          hearing
Rejected   rejected  Roma       4 Nov 10:30 FCO AZ101  —                      kosher       —           —
=========  ========  =========  =====================  =====================  ===========  ==========  ==========

Hotels: Hotel Roma (2 rooms blocked), Albergo Sole (5 blocked). Sessions: "Opening ceremony" (Plenary Hall,
channels ar/en/es/fr; 5 Nov 09:00–10:00) with Bianchi, Martin, Weber, Petrov, Pending and Rejected; "Terrorist
violence" (Room A, channels en/fr; 6 Nov 14:30–15:50) with Martin and Petrov, and Weber waitlisted.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from delegates.extensions import db

ROME = ZoneInfo("Europe/Rome")


def rome(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2012, 11, day, hour, minute, tzinfo=ROME)


@dataclass(frozen=True)
class Travellers:
    people: dict[str, int]  # by family name (Latin)
    hotels: dict[str, int]
    sessions: dict[str, int]


@pytest.fixture
def travellers(app, event) -> Travellers:
    from delegates.logistics.models import Hotel, Travel
    from delegates.programme.models import Assignment, ConferenceSession, Room
    from delegates.registration.models import Delegation, Participant
    from delegates.registration.services import new_private_token

    with app.app_context():
        roma = Hotel(event_id=event.id, name="Hotel Roma", address="Via Veneto 1, Rome", phone="+39 06 000 1111",
                     rooms_blocked=2)
        sole = Hotel(event_id=event.id, name="Albergo Sole", rooms_blocked=5)
        deu = Delegation(event_id=event.id, kind="country", country_code="DEU")
        rus = Delegation(event_id=event.id, kind="country", country_code="RUS")
        hall = Room(event_id=event.id, name="Plenary Hall", capacity=200, interpretation_languages="ar,en,es,fr")
        room_a = Room(event_id=event.id, name="Room A", capacity=40, interpretation_languages="en,fr")
        db.session.add_all([roma, sole, deu, rus, hall, room_a])
        db.session.flush()
        where = {"ITA": event.delegations["ITA"], "FRA": event.delegations["FRA"], "DEU": deu.id, "RUS": rus.id}
        people = {}
        for family, given, badge, country, category, status, hotel, extra in (
                ("Bianchi", "Anna", "Anna Bianchi", "ITA", "Minister", "accredited", roma,
                 {"title": "H.E.", "phone": "+39 06 1234 5678", "dietary": "vegetarian",
                  "interpretation_language": "en"}),
                ("Martin", "Claire", "Claire Martin", "FRA", "Delegate", "accredited", roma,
                 {"title": "Ms", "dietary": "other", "dietary_other": "no shellfish", "interpretation_language": "fr",
                  "accessibility": "Wheelchair user", "phone": "+33 6 12 34 56 78"}),
                ("Weber", "Jonas", "Jonas Weber", "DEU", "Delegate", "accredited", sole,
                 {"dietary": "halal", "accessibility": "+ guide dog"}),
                ("Петров", "Олег", "Oleg Petrov", "RUS", "Delegate", "accredited", roma,
                 {"dietary": "other", "dietary_other": "lactose free", "interpretation_language": "ar"}),
                ("Pending", "Paula", "Paula Pending", "FRA", "Delegate", "submitted", sole,
                 {"dietary": "vegan", "interpretation_language": "es", "accessibility": "Hard of hearing"}),
                ("Rejected", "Rita", "Rita Rejected", "ITA", "Delegate", "rejected", roma,
                 {"dietary": "kosher", "rejection_reason": "Not a member of the delegation"})):
            people[family] = Participant(
                event_id=event.id, delegation_id=where[country], category_id=event.categories[category],
                given_name=given, family_name=family, badge_name=badge, status=status, hotel_id=hotel.id,
                email=f"{badge.lower().replace(' ', '.')}@example.org", token_hash=new_private_token()[1], **extra)
        db.session.add_all(people.values())
        db.session.flush()
        for family, direction, at, flight, airport, transfer in (
                ("Bianchi", "arrival", rome(4, 10, 20), "AZ101", "FCO", True),
                ("Bianchi", "departure", rome(7, 18, 5), "AZ102", "FCO", True),
                ("Martin", "arrival", rome(4, 10, 45), "AF1204", "FCO", True),
                ("Martin", "departure", rome(9, 7, 30), "AF1205", "FCO", False),
                ("Weber", "arrival", rome(5, 7, 10), "LH232", "CIA", True),
                ("Weber", "departure", rome(6, 20, 10), "LH233", "CIA", False),
                ("Pending", "arrival", rome(4, 10, 50), "AF1204", "FCO", True),
                ("Rejected", "arrival", rome(4, 10, 30), "AZ101", "FCO", True)):
            db.session.add(Travel(participant_id=people[family].id, direction=direction, at=at, flight=flight,
                                  airport=airport, needs_transfer=transfer))
        opening = ConferenceSession(event_id=event.id, code="opening", kind="plenary", title="Opening ceremony",
                                    room_id=hall.id, starts_at=rome(5, 9), ends_at=rome(5, 10), capacity=200)
        panel = ConferenceSession(event_id=event.id, code="panel", kind="panel", title="Terrorist violence",
                                  translations={"fr": {"title": "La violence terroriste"}}, room_id=room_a.id,
                                  starts_at=rome(6, 14, 30), ends_at=rome(6, 15, 50), capacity=40)
        db.session.add_all([opening, panel])
        db.session.flush()
        for session, family, status in (
                *((opening, f, "confirmed") for f in ("Bianchi", "Martin", "Weber", "Петров", "Pending", "Rejected")),
                (panel, "Martin", "confirmed"), (panel, "Петров", "confirmed"), (panel, "Weber", "waitlisted")):
            db.session.add(Assignment(session_id=session.id, participant_id=people[family].id, status=status,
                                      role="speaker" if family == "Martin" and session is panel else "attendee"))
        db.session.commit()
        return Travellers(people={k: v.id for k, v in people.items()}, hotels={"Roma": roma.id, "Sole": sole.id},
                          sessions={"opening": opening.id, "panel": panel.id})


# -- reading what the user gets -------------------------------------------------------------------------------

@pytest.fixture
def pdf_text():
    """``pdf_text(bytes_or_path)``: the text of every page (pypdf), joined."""
    from pathlib import Path

    from pypdf import PdfReader

    def read(source) -> str:
        reader = PdfReader(str(source) if isinstance(source, Path) else io.BytesIO(source))
        return "\n".join(page.extract_text() for page in reader.pages)

    return read


@pytest.fixture
def pdf_fonts():
    """``pdf_fonts(path)``: (name, embedded) for every font of a PDF file, as pdffonts reads them."""
    import shutil
    import subprocess

    def read(path) -> list[tuple[str, str]]:
        tool = shutil.which("pdffonts")
        if tool is None:
            pytest.skip("pdffonts is not installed: apt-get install poppler-utils")
        out = subprocess.run([tool, str(path)], capture_output=True, text=True, check=True).stdout
        return [(line.split()[0], line.split()[-5]) for line in out.splitlines()[2:]]

    return read
