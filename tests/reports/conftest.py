"""A small programme and list of participants on the ``event`` fixture, for the printed reports."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from delegates.extensions import db

ROME = ZoneInfo("Europe/Rome")


def rome(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2012, 11, day, hour, minute, tzinfo=ROME)


@pytest.fixture
def pdf_pages():
    """``pdf_pages(path_or_bytes)``: the text of each page (pypdf)."""

    def read(path: Path | bytes) -> list[str]:
        source = BytesIO(path) if isinstance(path, bytes) else str(path)
        return [page.extract_text() for page in PdfReader(source).pages]

    return read


@pytest.fixture
def pdf_fonts(tmp_path):
    """``pdf_fonts(path)``: (name, embedded "yes"/"no") of every font of a PDF, as pdffonts reads them."""
    import shutil
    import subprocess

    def read(path: Path) -> list[tuple[str, str]]:
        tool = shutil.which("pdffonts")
        if tool is None:
            pytest.skip("pdffonts is not installed: apt-get install poppler-utils")
        out = subprocess.run([tool, str(path)], capture_output=True, text=True, check=True).stdout
        return [(line.split()[0], line.split()[-5]) for line in out.splitlines()[2:]]

    return read


@dataclass(frozen=True)
class World:
    people: dict[str, int]  # by family name
    sessions: dict[str, int]  # by code


@pytest.fixture
def world(app, event) -> World:
    """Rooms, four sessions over two days, and delegations of Italy, France, Germany, Russia and Europol:

    - opening: Plenary Hall, 5 Nov 09:00–10:00; closing: Plenary Hall, 6 Nov 16:00–17:00
    - side: Room A, 6 Nov 09:00–10:00; panel: Room A, 6 Nov 14:30–15:50, chaired by Bianchi, speakers
      Martin and Weber
    - accredited and published: Bianchi (Minister, Italy), Verdi (Italy), Martin (France), Weber (Germany),
      Петров (Russia), Lind (Europol); accredited but not published: Hidden (Italy); submitted: Pending (France)
    """
    from delegates.programme import assignments
    from delegates.programme.models import ConferenceSession, Room
    from delegates.registration.models import Delegation, Participant
    from delegates.registration.services import new_private_token

    with app.app_context():
        hall = Room(event_id=event.id, name="Plenary Hall", capacity=200, booths=4,
                    interpretation_languages="ar,en,es,fr")
        room_a = Room(event_id=event.id, name="Room A", capacity=40)
        others = [Delegation(event_id=event.id, kind="country", country_code=code) for code in ("DEU", "RUS")]
        europol = Delegation(event_id=event.id, kind="observer", organisation_name="Europol")
        db.session.add_all([hall, room_a, *others, europol])
        db.session.flush()
        sessions = {
            "opening": ConferenceSession(event_id=event.id, code="opening", kind="plenary", title="Opening ceremony",
                                         room_id=hall.id, starts_at=rome(5, 9), ends_at=rome(5, 10), capacity=200),
            "side": ConferenceSession(event_id=event.id, code="side", kind="side_event", title="Cybercrime briefing",
                                      room_id=room_a.id, starts_at=rome(6, 9), ends_at=rome(6, 10), capacity=40),
            "panel": ConferenceSession(event_id=event.id, code="panel", kind="panel", title="Terrorist violence",
                                       translations={"fr": {"title": "La violence terroriste"}},
                                       room_id=room_a.id, starts_at=rome(6, 14, 30), ends_at=rome(6, 15, 50),
                                       capacity=40),
            "closing": ConferenceSession(event_id=event.id, code="closing", kind="plenary", title="Closing ceremony",
                                         room_id=hall.id, starts_at=rome(6, 16), ends_at=rome(6, 17), capacity=200),
        }
        db.session.add_all(sessions.values())
        delegation = {"ITA": event.delegations["ITA"], "FRA": event.delegations["FRA"], "DEU": others[0].id,
                      "RUS": others[1].id, "Europol": europol.id}
        rows = {}
        for given, family, badge, where, category, status, consent, extra in (
                ("Anna", "Bianchi", "Anna Bianchi", "ITA", "Minister", "accredited", True,
                 {"title": "H.E.", "function": "Minister of the Interior"}),
                ("Marco", "Verdi", "Marco Verdi", "ITA", "Delegate", "accredited", True, {"title": "Mr"}),
                ("Claire", "Martin", "Claire Martin", "FRA", "Delegate", "accredited", True,
                 {"function": "Police Attaché"}),
                ("Jonas", "Weber", "Jonas Weber", "DEU", "Delegate", "accredited", True, {}),
                ("Олег", "Петров", "Oleg Petrov", "RUS", "Delegate", "accredited", True, {}),
                ("Sofia", "Lind", "Sofia Lind", "Europol", "Delegate", "accredited", True, {}),
                ("Harry", "Hidden", "Harry Hidden", "ITA", "Delegate", "accredited", False, {}),
                ("Paula", "Pending", "Paula Pending", "FRA", "Delegate", "submitted", True, {})):
            rows[family] = Participant(
                event_id=event.id, delegation_id=delegation[where], category_id=event.categories[category],
                given_name=given, family_name=family, badge_name=badge, status=status, consent_to_publish=consent,
                email=f"{badge.lower().replace(' ', '.')}@example.org", token_hash=new_private_token()[1], **extra)
        db.session.add_all(rows.values())
        db.session.flush()
        assignments.assign(rows["Bianchi"], sessions["panel"], "chair")
        assignments.assign(rows["Martin"], sessions["panel"], "speaker")
        assignments.assign(rows["Weber"], sessions["panel"], "speaker")
        for family in ("Bianchi", "Verdi", "Martin"):
            assignments.assign(rows[family], sessions["opening"])
        db.session.commit()
        return World(people={k: v.id for k, v in rows.items()}, sessions={k: v.id for k, v in sessions.items()})
