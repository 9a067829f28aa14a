"""A cancelled or rejected registration gives its seats back; the next in line gets them and a mail."""
from __future__ import annotations

from delegates.extensions import db
from delegates.registration import participants
from delegates.registration.models import Participant
from delegates.registration.participants import Actor


def test_cancelling_on_the_private_page_frees_the_seat_for_the_first_in_line_who_is_mailed(
        app, client, csrf_token, programme, people, seat, seats_of, smtp_server):
    panel = programme["panel-terrorism"]  # 3 seats
    first, second, third, waiting = people(4)
    for person in (first, second, third):
        assert seat(person, panel) == "confirmed"
    assert seat(waiting, panel, waitlist=True) == "waitlisted"
    page = f"/me/{first.token}"
    response = client.post(page + "/cancel", data={"csrf_token": csrf_token(client, page)})
    assert response.status_code == 303
    assert seats_of(panel) == (3, 3, [])
    with app.app_context():
        promoted = db.session.get(Participant, waiting.id)
        assert [m["To"].addresses[0].addr_spec for m in smtp_server] == [promoted.email]


def test_a_rejected_registration_leaves_the_waiting_list_too(app, programme, people, seat, seats_of):
    panel = programme["panel-terrorism"]
    holders = people(3)
    for person in holders:
        seat(person, panel)
    [waiting] = people(1)
    seat(waiting, panel, waitlist=True)
    with app.app_context():
        participants.reject(db.session.get(Participant, waiting.id), "No credentials", actor=Actor(label="test"))
        db.session.commit()
    assert seats_of(panel) == (3, 3, [])
