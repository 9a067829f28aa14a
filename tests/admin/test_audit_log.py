"""The audit log page: the event's changes, newest first, filtered by organiser, participant and kind of change;
for administrators (and, to read, viewers)."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from delegates.extensions import db


@pytest.fixture
def changes(app, event, new_participant, organiser):
    """Two registrars' work: Anna accredits Łukasz Żółć, Ben rejects 王小洪 and renames him; one change by nobody."""
    from delegates.admin.models import AuditEntry, Organiser
    from delegates.registration.models import Participant
    from delegates.registration.participants import Actor, accredit, reject

    anna = organiser(email="anna@example.org", roles=("registrar",), name="Anna Registrar")
    ben = organiser(email="ben@example.org", roles=("registrar",), name="Ben Registrar")
    with app.app_context():
        lukasz = new_participant(given_name="Łukasz", family_name="Żółć", email="lukasz@example.org")
        wang = new_participant(given_name="小洪", family_name="王", email="wang@example.org")
        db.session.add_all([lukasz, wang])
        db.session.flush()
        accredit(lukasz, actor=Actor.of(db.session.get(Organiser, anna.id)))
        reject(wang, "Registered twice.", actor=Actor.of(db.session.get(Organiser, ben.id)))
        from delegates.admin.services import record

        record("participant.changed", event=lukasz.event, organiser=db.session.get(Organiser, ben.id),
               participant=wang, target=wang, changes={"family_name": ["王", "Wang"],
                                                       "category_id": [event.categories["Delegate"],
                                                                       event.categories["Minister"]]})
        record("participant.changed", event=lukasz.event, participant=lukasz, target=lukasz,
               changes={"phone": [None, "+39 06 1234"]}, note="participant")
        # a clear order in time: each entry a minute after the one before
        start = datetime(2012, 10, 1, 9, 0, tzinfo=UTC)
        entries = db.session.query(AuditEntry).order_by(AuditEntry.id).all()
        for i, entry in enumerate(entries):
            entry.created_at = start + timedelta(minutes=i)
        db.session.commit()
        ids = {"lukasz": lukasz.id, "wang": wang.id, "anna": anna.id, "ben": ben.id}
        assert db.session.get(Participant, wang.id).status == "rejected"
    return ids


def rows_of(html: str) -> list[str]:
    body = html[html.index("<tbody>"):html.index("</tbody>")] if "<tbody>" in html else ""
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).replace(" :", ":").strip()
            for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)]


def test_the_log_shows_every_change_newest_first_with_old_and_new_values(client, logged_in, event, changes):
    logged_in(client)
    response = client.get(f"/admin/e/{event.slug}/audit?lang=en")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    rows = rows_of(html)

    assert len(rows) == 4
    assert "the participant" in rows[0] and "+39 06 1234" in rows[0]
    assert "Ben Registrar" in rows[1] and "Family name: 王 → becomes Wang" in rows[1]
    assert "Category: Delegate → becomes Minister" in rows[1]  # ids shown as names, as in the history
    assert "Ben Registrar" in rows[2] and "Participant: rejected" in rows[2] and "Registered twice." in rows[2]
    assert "Anna Registrar" in rows[3] and "Participant: accredited" in rows[3] and "Łukasz Żółć" in rows[3]
    assert f'href="/admin/e/{event.slug}/participants/{changes["lukasz"]}"' in html
    assert "4 changes" in html


def test_filters_by_organiser_participant_and_kind(client, logged_in, event, changes):
    logged_in(client)
    path = f"/admin/e/{event.slug}/audit"

    by_ben = rows_of(client.get(path, query_string={"organiser": changes["ben"]}).get_data(as_text=True))
    assert len(by_ben) == 2 and all("Ben Registrar" in r for r in by_ben)
    by_nobody = rows_of(client.get(path, query_string={"organiser": "none"}).get_data(as_text=True))
    assert len(by_nobody) == 1 and "the participant" in by_nobody[0]

    by_name = rows_of(client.get(path, query_string={"participant": "zolc"}).get_data(as_text=True))  # accent-blind
    assert len(by_name) == 2 and all("Łukasz Żółć" in r for r in by_name)
    by_id = rows_of(client.get(path, query_string={"participant": f"#{changes['wang']}"}).get_data(as_text=True))
    assert len(by_id) == 2 and all("王" in r for r in by_id)

    rejections = client.get(path, query_string={"kind": "participant.rejected"}).get_data(as_text=True)
    assert len(rows_of(rejections)) == 1 and "Registered twice." in rejections
    combined = rows_of(client.get(path, query_string={"organiser": changes["ben"], "kind": "participant.changed",
                                                      "participant": "wang"}).get_data(as_text=True))
    assert len(combined) == 1
    nothing = client.get(path, query_string={"participant": "nobody-of-that-name"}).get_data(as_text=True)
    assert rows_of(nothing) == [] and "No change matches these filters." in nothing


def test_the_log_is_paginated(app, client, logged_in, event, changes):
    from delegates.admin.audit import PER_PAGE
    from delegates.admin.services import record
    from delegates.registration.models import Event

    with app.app_context():
        row = db.session.get(Event, event.id)
        for i in range(PER_PAGE + 3):
            record("delegation.quota_set", event=row, changes={"quota": [i, i + 1]})
        db.session.commit()
    logged_in(client)

    first = client.get(f"/admin/e/{event.slug}/audit?kind=delegation.quota_set").get_data(as_text=True)
    assert len(rows_of(first)) == PER_PAGE
    assert 'href="/admin/e/test/audit?page=2&amp;kind=delegation.quota_set"' in first
    second = client.get(f"/admin/e/{event.slug}/audit?kind=delegation.quota_set&page=2").get_data(as_text=True)
    assert len(rows_of(second)) == 3


@pytest.mark.parametrize(("roles", "status"), [(("admin",), 200), (("viewer",), 200), (("printer",), 403),
                                               (("registrar",), 403)])
def test_administrators_and_viewers_read_the_log_others_do_not(client, logged_in, event, roles, status):
    logged_in(client, roles=roles)
    assert client.get(f"/admin/e/{event.slug}/audit").status_code == status
    nav = client.get(f"/admin/e/{event.slug}/").get_data(as_text=True)
    assert (f'href="/admin/e/{event.slug}/audit"' in nav) == (status == 200)


def test_anonymous_visitors_are_sent_to_the_login(client, event):
    response = client.get(f"/admin/e/{event.slug}/audit")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_every_kind_of_change_the_code_records_has_a_name_people_read(app):
    """The audit page shows each kind in words: a kind recorded anywhere in the code without a label would show
    as "organiser.roles_changed" to the administrator."""
    from pathlib import Path

    from delegates.admin.audit import kind_labels
    from delegates.declaration.models import SPEAKER_STATUSES

    package = Path(__file__).resolve().parents[2] / "delegates"
    recorded = set()
    for source in package.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        # the kind is the first argument: a literal, or two in a conditional expression
        for kind in re.findall(r'\brecord\(\s*("[a-z_]+\.[a-z_]+"(?: if [^,]+ else "[a-z_]+\.[a-z_]+")?)', text):
            recorded |= set(re.findall(r'"([a-z_]+\.[a-z_]+)"', kind))
    recorded |= {f"speaker.{status}" for status in SPEAKER_STATUSES}
    assert {"participant.registered", "mailing.sent", "organiser.deactivated", "room.created"} <= recorded
    with app.test_request_context():
        labels = kind_labels()
    assert sorted(recorded - labels.keys()) == []
