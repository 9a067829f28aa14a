"""Duplicate registrations: the registrar finds them, compares two side by side, and merges them into one."""
from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from delegates.admin.models import AuditEntry
from delegates.badges.models import BadgePrint
from delegates.checkin.models import Attendance, Scan
from delegates.extensions import db
from delegates.logistics.models import Travel
from delegates.programme.models import Assignment, ConferenceSession
from delegates.registration import participants
from delegates.registration.models import Delegation, Event, Participant
from delegates.registration.participants import Actor, Registration

LIST = "/admin/e/test/participants"


@pytest.fixture
def person(app, event):
    """``person(given, family, email, **fields)``: register someone (a delegate of Italy unless told); the id."""

    def register(given: str | None, family: str | None, email: str, **fields) -> int:
        values = {"country": "ITA", "category": "Delegate", **fields}
        with app.app_context():
            row, _token = participants.register(db.session.get(Event, event.id), Registration(
                given_name=given, family_name=family, email=email, **values), via="test", public=False)
            db.session.commit()
            return row.id

    return register


@pytest.fixture
def registrar(client, logged_in):
    return logged_in(client, roles=("registrar",))


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def moment(day: int, hour: int) -> datetime:
    return datetime(2012, 11, day, hour, tzinfo=UTC)


def merge(client, csrf_token, kept: int, other: int, **choices):
    path = f"{LIST}/{kept}/merge?with={other}"
    page = client.get(path).get_data(as_text=True)
    defaults = dict(re.findall(r'<input type="radio" name="([^"]+)" value="([^"]+)" id="[^"]+" checked', page))
    data = {"csrf_token": csrf_token(client, path), **defaults, **{f"keep_{k}": v for k, v in choices.items()}}
    return client.post(path, data=data)


@pytest.fixture
def two_records(app, event, person):
    """Giulia Rossi registered twice: the second time with another email, a phone, assignments, scans and travel."""
    kept = person("Giulia", "Rossi", "giulia.rossi@interno.it")
    other = person("Giulia", "Rossi", "g.rossi@example.it", phone="+39 06 4686 1234", function="Prefect",
                   arrival=participants.Travelling(moment(4, 9), "AZ 609", "FCO"))
    with app.app_context():
        panel, plenary = (ConferenceSession(event_id=event.id, kind=kind, title=title, starts_at=moment(6, hour),
                                            ends_at=moment(6, hour + 1), capacity=100, assigned=assigned)
                          for kind, title, hour, assigned in (("panel", "Terrorist violence", 9, 1),
                                                              ("plenary", "Opening", 11, 2)))
        db.session.add_all([panel, plenary])
        db.session.flush()
        db.session.add_all([
            Assignment(session_id=panel.id, participant_id=other, role="speaker"),
            Assignment(session_id=plenary.id, participant_id=kept, role="attendee"),
            Assignment(session_id=plenary.id, participant_id=other, role="chair"),
            Scan(event_id=event.id, participant_id=other, place="entrance", result="admitted", badge_version=1),
            Attendance(event_id=event.id, participant_id=other, place="entrance", day=date(2012, 11, 5)),
            BadgePrint(participant_id=other, badge_version=1, layout="a6"),
        ])
        db.session.get(Delegation, event.delegations["ITA"]).head_id = other
        db.session.commit()
        return {"kept": kept, "other": other, "panel": panel.id, "plenary": plenary.id}


def test_the_merge_page_shows_the_two_registrations_side_by_side(client, registrar, two_records):
    page = text(client.get(f"{LIST}/{two_records['kept']}/merge?with={two_records['other']}"))
    assert "giulia.rossi@interno.it" in page and "g.rossi@example.it" in page
    assert "Prefect" in page and "AZ 609" in page
    assert "1 badge scan" in page and "2 session assignments" in page
    # a value only the duplicate has is chosen by default; where both have one, the kept one's
    assert re.search(r'name="keep_phone" value="other" id="[^"]+" checked', page)
    assert re.search(r'name="keep_email" value="kept" id="[^"]+" checked', page)


def test_merging_moves_everything_to_the_kept_one_and_deletes_the_duplicate(app, client, csrf_token, registrar,
                                                                            two_records, event):
    kept, other = two_records["kept"], two_records["other"]
    response = merge(client, csrf_token, kept, other, email="other")
    assert response.status_code == 303
    assert "was merged into this registration" in text(client.get(response.headers["Location"]))
    with app.app_context():
        assert db.session.get(Participant, other) is None
        row = db.session.get(Participant, kept)
        assert (row.email, row.phone, row.function) == ("g.rossi@example.it", "+39 06 4686 1234", "Prefect")
        roles = {a.session_id: a.role for a in db.session.scalars(select(Assignment))}
        assert roles == {two_records["panel"]: "speaker", two_records["plenary"]: "chair"}  # the stronger role
        assert db.session.get(ConferenceSession, two_records["plenary"]).assigned == 1  # one person, one seat
        assert db.session.scalar(select(Scan.participant_id)) == kept
        assert db.session.scalar(select(Attendance.participant_id)) == kept
        assert db.session.scalar(select(BadgePrint.participant_id)) == kept
        assert [(t.participant_id, t.flight) for t in db.session.scalars(select(Travel))] == [(kept, "AZ 609")]
        assert db.session.get(Delegation, event.delegations["ITA"]).head_id == kept


def test_the_merge_leaves_one_audit_entry_with_every_value_of_the_removed_registration(app, client, csrf_token,
                                                                                       registrar, two_records):
    kept, other = two_records["kept"], two_records["other"]
    merge(client, csrf_token, kept, other)
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.kind == "participant.merged")).all()
        assert len(entries) == 1
        entry = entries[0]
        assert (entry.participant_id, entry.organiser_id) == (kept, registrar.id)
        removed = entry.changes["merged_participant"][0]
        assert removed["id"] == other and removed["email"] == "g.rossi@example.it"
        assert removed["function"] == "Prefect" and removed["travel"]["arrival"]["flight"] == "AZ 609"
        assert entry.changes["phone"] == [None, "+39 06 4686 1234"]
        # the duplicate's own history now belongs to the kept registration
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.kind.startswith("participant."), AuditEntry.participant_id.is_(None))) == 0
    history = text(client.get(f"{LIST}/{kept}"))
    assert "merged with a duplicate" in history and f"Values of the removed registration #{other}" in history


def test_possible_duplicates_are_listed_with_a_link_to_compare(client, registrar, person):
    first = person("Ana", "Fernández", "ana@example.es", country="ESP")
    second = person("Ana", "FERNANDEZ", "ana.fernandez@example.org", country="ESP")
    elsewhere = person("Fernández", "Ana", "afernandez@example.mx", country="MEX")
    person("Giulia", "Rossi", "giulia@example.it")
    page = text(client.get(LIST, query_string={"duplicates": 1}))
    assert "same delegation" in page and "different delegations" in page
    assert f"/admin/e/test/participants/{first}/merge?with={second}" in page
    assert f"/admin/e/test/participants/{first}/merge?with={elsewhere}" in page
    assert "Giulia Rossi" not in page
    detail = text(client.get(f"{LIST}/{first}"))
    assert f"merge?with={second}" in detail and f"merge?with={elsewhere}" in detail


def test_a_participant_cannot_be_merged_with_itself_or_someone_of_another_event(app, client, registrar, person):
    giulia = person("Giulia", "Rossi", "giulia@example.it")
    response = client.get(f"{LIST}/{giulia}/merge?with={giulia}")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/participants/{giulia}")
    assert client.get(f"{LIST}/{giulia}/merge?with=999").status_code == 404


def test_a_viewer_may_compare_but_not_merge(app, client, logged_in, csrf_token, person):
    kept = person("Giulia", "Rossi", "giulia@example.it")
    other = person("Giulia", "Rossi", "g.rossi@example.it")
    logged_in(client, roles=("viewer",))
    path = f"{LIST}/{kept}/merge?with={other}"
    assert client.get(path).status_code == 200
    assert client.post(path, data={"csrf_token": csrf_token(client, path)}).status_code == 403
    with app.app_context():
        assert db.session.get(Participant, other) is not None


def test_the_merge_keeps_the_status_chosen(app, client, csrf_token, registrar, person):
    kept = person("Giulia", "Rossi", "giulia@example.it")
    other = person("Giulia", "Rossi", "g.rossi@example.it")
    with app.app_context():
        participants.accredit(db.session.get(Participant, other), actor=Actor(label="test"))
        db.session.commit()
    merge(client, csrf_token, kept, other, status="other")
    with app.app_context():
        row = db.session.get(Participant, kept)
        assert row.status == "accredited" and row.accredited_at is not None
