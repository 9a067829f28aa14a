"""The database itself keeps the programme sound: seats within capacity, one place per person per session."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from delegates.programme.models import Assignment, ConferenceSession, Room

ROME = ZoneInfo("Europe/Rome")


def panel(event, **columns) -> ConferenceSession:
    values = {
        "event_id": event.id, "kind": "panel", "title": "Terrorist violence",
        "starts_at": datetime(2012, 11, 6, 9, 0, tzinfo=ROME), "ends_at": datetime(2012, 11, 6, 10, 30, tzinfo=ROME),
        "capacity": 120,
    }
    values.update(columns)
    return ConferenceSession(**values)


def test_a_session_with_more_seats_taken_than_it_has_is_refused(event, assert_refused):
    assert_refused(panel(event, capacity=120, assigned=121))


def test_a_full_session_is_accepted(db_session, event):
    db_session.add(panel(event, capacity=120, assigned=120))
    db_session.flush()


def test_a_session_with_a_negative_seat_count_is_refused(event, assert_refused):
    assert_refused(panel(event, assigned=-1))


@pytest.mark.parametrize("capacity", [0, -5])
def test_a_session_without_seats_is_refused(event, assert_refused, capacity):
    assert_refused(panel(event, capacity=capacity))


@pytest.mark.parametrize("ends_at", [datetime(2012, 11, 6, 8, 0, tzinfo=ROME),
                                     datetime(2012, 11, 6, 9, 0, tzinfo=ROME)], ids=["before", "at-start"])
def test_a_session_that_does_not_end_after_it_starts_is_refused(event, assert_refused, ends_at):
    assert_refused(panel(event, ends_at=ends_at))


def test_a_session_of_an_unknown_kind_is_refused(event, assert_refused):
    assert_refused(panel(event, kind="workshop"))


@pytest.mark.parametrize("capacity", [0, -1])
def test_a_room_without_seats_is_refused(event, assert_refused, capacity):
    assert_refused(Room(event_id=event.id, name="Sala Michelangelo", capacity=capacity))


def test_a_participant_is_assigned_to_a_session_only_once(db_session, event, new_participant, assert_refused):
    session = panel(event)
    person = new_participant()
    db_session.add_all([session, person])
    db_session.flush()
    db_session.add(Assignment(session_id=session.id, participant_id=person.id, role="attendee"))
    db_session.flush()
    assert_refused(Assignment(session_id=session.id, participant_id=person.id, role="speaker"))


def test_an_overlap_override_without_a_reason_is_refused(db_session, event, new_participant, assert_refused):
    session = panel(event)
    person = new_participant()
    db_session.add_all([session, person])
    db_session.flush()
    assert_refused(Assignment(session_id=session.id, participant_id=person.id, overlap_override=True))
