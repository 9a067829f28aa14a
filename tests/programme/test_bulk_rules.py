"""Assigning by rules: a preview that counts, then one transaction that never goes beyond capacity."""
from __future__ import annotations

import re

from sqlalchemy import select

from delegates.admin.models import AuditEntry
from delegates.extensions import db
from delegates.programme.services import request_sessions
from delegates.registration.models import Participant


def preview_counts(text: str) -> dict[str, int]:
    found = dict((label, int(n)) for n, label in re.findall(
        r"(\d+) (would be assigned|are there already|would not fit|hold another session at that time|"
        r"may not attend \(category\))", text))
    return found


def rule_page(event, session_id: int) -> str:
    return f"/admin/e/{event.slug}/programme/sessions/{session_id}"


def test_the_preview_counts_ministers_and_heads_of_delegation_for_the_ministerial_meeting_and_changes_nothing(
        client, event, logged_in, csrf_token, programme, people, seat, seats_of):
    ministers = people(6, category="Minister")
    people(6, category="Head of Delegation")
    people(4, category="Delegate")
    people(2, category="Minister", status="submitted")  # not accredited: not picked
    seat(ministers[0], programme["ministerial"])
    logged_in(client, "programme")
    page = rule_page(event, programme["ministerial"])
    response = client.post(page + "/rules", data={"csrf_token": csrf_token(client, page), "rule": "leaders",
                                                  "preview": "Preview"})
    assert response.status_code == 200
    assert preview_counts(response.get_data(as_text=True)) == {
        "would be assigned": 9, "are there already": 1, "would not fit": 2,
        "hold another session at that time": 0, "may not attend (category)": 0}
    assert seats_of(programme["ministerial"])[0] == 1


def test_applying_the_rule_fills_the_session_to_capacity_and_queues_the_rest(
        client, event, logged_in, csrf_token, programme, people, seats_of, app):
    people(8, category="Minister")
    people(4, category="Head of Delegation")
    logged_in(client, "programme")
    page = rule_page(event, programme["ministerial"])
    response = client.post(page + "/rules", data={"csrf_token": csrf_token(client, page), "rule": "leaders",
                                                  "waitlist_rest": "y", "apply": "Assign them"})
    assert response.status_code == 303
    text = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "10 assigned, 2 on the waiting list, 0 there already" in text
    assigned, confirmed, waiting = seats_of(programme["ministerial"])
    assert (assigned, confirmed, len(waiting)) == (10, 10, 2)
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.kind == "assignment.bulk"))
        assert entry.changes == {"assigned": [0, 10]} and "rule=leaders" in entry.note


def test_every_accredited_participant_to_the_plenary_skips_those_busy_elsewhere(
        client, event, logged_in, csrf_token, programme, people, seat, seats_of, app):
    crowd = people(5) + people(2, category="Minister")
    # a plenary at the time of the panel: one person holds the panel already
    with app.app_context():
        from delegates.programme.models import ConferenceSession

        plenary = db.session.get(ConferenceSession, programme["plenary"])
        panel = db.session.get(ConferenceSession, programme["panel-terrorism"])
        plenary.starts_at, plenary.ends_at = panel.starts_at, panel.ends_at
        db.session.commit()
    seat(crowd[0], programme["panel-terrorism"])
    logged_in(client, "programme")
    page = rule_page(event, programme["plenary"])
    preview = client.post(page + "/rules", data={"csrf_token": csrf_token(client, page), "rule": "accredited",
                                                 "preview": "Preview"})
    counts = preview_counts(preview.get_data(as_text=True))
    assert counts["would be assigned"] == 6 and counts["hold another session at that time"] == 1
    client.post(page + "/rules", data={"csrf_token": csrf_token(client, page), "rule": "accredited",
                                       "apply": "Assign them"})
    assert seats_of(programme["plenary"])[:2] == (6, 6)


def test_every_request_for_a_session_is_seated_first_asked_first_seated(
        client, event, logged_in, csrf_token, programme, people, seats_of, app):
    askers = people(5)
    with app.app_context():
        for person in askers:
            request_sessions(db.session.get(Participant, person.id), [programme["panel-terrorism"]])
            db.session.commit()
    logged_in(client, "programme")
    page = rule_page(event, programme["panel-terrorism"])
    client.post(page + "/rules", data={"csrf_token": csrf_token(client, page), "rule": "requests",
                                       "waitlist_rest": "y", "apply": "Assign them"})
    assigned, confirmed, waiting = seats_of(programme["panel-terrorism"])
    assert (assigned, confirmed) == (3, 3)
    assert waiting == [askers[3].id, askers[4].id]


def test_the_rule_by_category_needs_a_category(client, event, logged_in, csrf_token, programme, people):
    logged_in(client, "programme")
    page = rule_page(event, programme["plenary"])
    response = client.post(page + "/rules", data={"csrf_token": csrf_token(client, page), "rule": "category",
                                                  "preview": "Preview"}, follow_redirects=True)
    assert "Choose the category whose participants to assign." in response.get_data(as_text=True)
    people(2, category="Head of Delegation")
    people(3)
    response = client.post(page + "/rules", data={"csrf_token": csrf_token(client, page), "rule": "category",
                                                  "category": str(event.categories["Head of Delegation"]),
                                                  "preview": "Preview"})
    assert preview_counts(response.get_data(as_text=True))["would be assigned"] == 2


def test_one_rule_seats_every_accredited_participant_in_several_sessions_at_once(
        client, event, logged_in, csrf_token, programme, people, seats_of):
    people(4)
    people(2, category="Minister")
    people(1, status="submitted")
    logged_in(client, "programme")
    page = f"/admin/e/{event.slug}/programme"
    chosen = [str(programme["plenary"]), str(programme["panel-terrorism"])]
    preview = client.post(page + "/rules", data={"csrf_token": csrf_token(client, page), "rule": "accredited",
                                                 "sessions": chosen, "preview": "Preview"})
    text = preview.get_data(as_text=True)
    assert re.search(r"First plenary session</th><td class=\"num\">6</td>", text)
    assert re.search(r"Terrorist violence</th><td class=\"num\">3</td><td class=\"num\">0</td>"
                     r"<td class=\"num\">3</td>", text.replace("\n", "").replace("            ", ""))
    response = client.post(page + "/rules", data={"csrf_token": csrf_token(client, page), "rule": "accredited",
                                                  "sessions": chosen, "apply": "Assign them"})
    assert "9 seats given in 2 sessions." in client.get(response.headers["Location"]).get_data(as_text=True)
    assert seats_of(programme["plenary"])[:2] == (6, 6)
    assert seats_of(programme["panel-terrorism"])[:2] == (3, 3)
