"""The database itself keeps check-in records sound: known places and results, one attendance a day."""
from datetime import date

import pytest

from delegates.checkin.models import Attendance, Scan


@pytest.fixture
def person(db_session, new_participant):
    participant = new_participant()
    db_session.add(participant)
    db_session.flush()
    return participant


@pytest.mark.parametrize("place", ["door 3", "Entrance", "", "sessions:4"])
def test_a_scan_at_an_unknown_place_is_refused(event, person, assert_refused, place):
    assert_refused(Scan(event_id=event.id, participant_id=person.id, place=place, result="admitted"))


@pytest.mark.parametrize("result", ["ok", "Admitted", ""])
def test_a_scan_with_an_unknown_result_is_refused(event, person, assert_refused, result):
    assert_refused(Scan(event_id=event.id, participant_id=person.id, place="entrance", result=result))


@pytest.mark.parametrize("place", ["entrance", "session:1"])
def test_a_scan_at_the_entrance_or_a_session_door_is_accepted(db_session, event, person, place):
    db_session.add(Scan(event_id=event.id, participant_id=person.id, place=place, result="admitted"))
    db_session.flush()


def test_a_person_attends_a_place_once_a_day(db_session, event, person, assert_refused):
    day = date(2012, 11, 6)
    db_session.add(Attendance(event_id=event.id, participant_id=person.id, place="entrance", day=day))
    db_session.flush()
    assert_refused(Attendance(event_id=event.id, participant_id=person.id, place="entrance", day=day))


def test_the_same_place_on_another_day_is_a_new_attendance(db_session, event, person):
    db_session.add_all([
        Attendance(event_id=event.id, participant_id=person.id, place="entrance", day=date(2012, 11, 6)),
        Attendance(event_id=event.id, participant_id=person.id, place="entrance", day=date(2012, 11, 7)),
    ])
    db_session.flush()


def test_an_attendance_at_an_unknown_place_is_refused(event, person, assert_refused):
    assert_refused(Attendance(event_id=event.id, participant_id=person.id, place="bar", day=date(2012, 11, 6)))
