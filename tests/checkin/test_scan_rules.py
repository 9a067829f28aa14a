"""What the door answers for each badge: admitted, already (within the repeat window), or refused and why."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from delegates.checkin.models import Attendance, Scan
from delegates.extensions import db


def rome(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2012, 11, day, hour, minute, tzinfo=ZoneInfo("Europe/Rome"))


NINE = rome(6, 9, 0)


def test_an_accredited_badge_is_admitted_at_the_entrance(badge, scan_at):
    b = badge()
    assert scan_at(b.code, now=NINE) == ("admitted", None, b.participant_id, NINE)


def test_a_typed_badge_number_admits_its_bearer(badge, scan_at):
    b = badge()
    badge()
    assert scan_at(f"{b.number:04d}", now=NINE)[:3] == ("admitted", None, b.participant_id)


def test_a_code_that_is_not_ours_is_refused_as_unknown(badge, scan_at):
    badge()
    assert scan_at("https://example.org/hello", now=NINE)[:3] == ("refused", "unknown", None)
    assert scan_at("9999", now=NINE)[:3] == ("refused", "unknown", None)
    assert scan_at("", now=NINE)[:3] == ("refused", "unknown", None)


def test_a_code_with_one_character_changed_is_refused_as_forged(badge, scan_at):
    b = badge()
    last = b.code[-1]
    forged = b.code[:-1] + ("A" if last != "A" else "B")
    assert scan_at(forged, now=NINE)[:2] == ("refused", "forged")


def test_the_old_badge_of_a_reissued_one_is_refused_and_the_new_one_admitted(app, badge, scan_at):
    from delegates.badges.codes import code_for
    from delegates.badges.services import reissue
    from delegates.registration.models import Participant

    b = badge()
    with app.app_context():
        person = db.session.get(Participant, b.participant_id)
        reissue(person)
        db.session.commit()
        new_code = code_for(person)
    assert scan_at(b.code, now=NINE) == ("refused", "reissued", b.participant_id, None)
    assert scan_at(new_code, now=NINE)[:2] == ("admitted", None)


@pytest.mark.parametrize("status", ["submitted", "rejected"])
def test_a_registration_not_accredited_is_refused(badge, scan_at, status):
    b = badge(status=status)
    assert scan_at(b.code, now=NINE)[:3] == ("refused", "not_accredited", b.participant_id)
    assert scan_at(str(b.number), now=NINE)[:2] == ("refused", "not_accredited")


def test_a_cancelled_registration_is_refused_as_cancelled(badge, scan_at):
    b = badge(status="cancelled")
    assert scan_at(b.code, now=NINE)[:2] == ("refused", "cancelled")


def test_a_badge_of_another_event_is_refused(app, badge, scan_at, event):
    from delegates.badges.codes import encode

    b = badge()
    with app.app_context():
        elsewhere = encode(event.id + 1, b.participant_id, 1)
    assert scan_at(elsewhere, now=NINE)[:2] == ("refused", "unknown")  # no such person at that event
    with app.app_context():
        from delegates.registration.models import Category, Delegation, Event, Participant
        from delegates.registration.services import new_private_token

        other = Event(slug="other", name="Another meeting", city="Lyon", timezone="Europe/Paris",
                      starts_on=date(2013, 1, 1), ends_on=date(2013, 1, 2))
        other.categories = [Category(name="Delegate", badge_colour="#000000", text_colour="#FFFFFF",
                                     protocol_order=1)]
        other.delegations = [Delegation(kind="country", country_code="FRA")]
        db.session.add(other)
        db.session.flush()
        stranger = Participant(event_id=other.id, delegation_id=other.delegations[0].id,
                               category_id=other.categories[0].id, given_name="Jean", family_name="Dupont",
                               badge_name="Jean Dupont", email="jean@example.org", status="accredited",
                               token_hash=new_private_token()[1])
        db.session.add(stranger)
        db.session.commit()
        from delegates.badges.codes import code_for

        their_code = code_for(stranger)
    assert scan_at(their_code, now=NINE) == ("refused", "other_event", None, None)


def test_a_delegate_is_refused_at_the_ministerial_meeting_and_a_minister_admitted(badge, scan_at, sessions):
    place = f"session:{sessions['ministerial']}"
    delegate, minister = badge(), badge(category="Minister")
    assert scan_at(delegate.code, place, now=NINE)[:2] == ("refused", "not_allowed")
    assert scan_at(minister.code, place, now=NINE)[:2] == ("admitted", None)


@pytest.mark.parametrize("role", ["chair", "speaker", "rapporteur"])
def test_a_delegate_on_the_platform_enters_a_restricted_session(badge, scan_at, sessions, seat, role):
    speaker = badge()
    seat(speaker, sessions["ministerial"], role=role)
    assert scan_at(speaker.code, f"session:{sessions['ministerial']}", now=NINE)[:2] == ("admitted", None)


def test_an_attendee_seat_does_not_open_a_restricted_session(badge, scan_at, sessions, seat):
    delegate = badge()
    seat(delegate, sessions["ministerial"], role="attendee")
    assert scan_at(delegate.code, f"session:{sessions['ministerial']}", now=NINE)[:2] == ("refused", "not_allowed")


def test_an_open_session_admits_every_category(badge, scan_at, sessions):
    assert scan_at(badge().code, f"session:{sessions['panel']}", now=NINE)[:2] == ("admitted", None)


@pytest.mark.parametrize("place", ["door 3", "session:", "session:999", "session:abc", "Entrance"])
def test_an_unknown_place_is_an_error_not_an_answer(app, event, badge, place):
    from delegates.checkin import services
    from delegates.registration.models import Event

    b = badge()
    with app.app_context(), pytest.raises(services.PlaceError):
        services.scan(db.session.get(Event, event.id), b.code, place, now=NINE)


def test_a_second_scan_within_the_window_answers_already_with_the_first_time(badge, scan_at, count_rows):
    b = badge()
    scan_at(b.code, now=NINE)
    assert scan_at(b.code, now=NINE + timedelta(minutes=4)) == ("already", None, b.participant_id, NINE)
    assert scan_at(b.code, now=NINE + timedelta(minutes=9, seconds=59))[:1] == ("already",)
    assert count_rows(Attendance) == 1
    assert count_rows(Scan, result="admitted") == 1


def test_a_scan_after_the_window_admits_again_without_a_second_attendance_that_day(badge, scan_at, count_rows):
    b = badge()
    scan_at(b.code, now=NINE)
    later = NINE + timedelta(minutes=10, seconds=1)
    assert scan_at(b.code, now=later) == ("admitted", None, b.participant_id, later)
    assert count_rows(Scan, result="admitted") == 2
    assert count_rows(Attendance) == 1


def test_the_window_is_configurable(app, badge, scan_at):
    app.config["CHECKIN_REPEAT_WINDOW"] = timedelta(minutes=1)
    b = badge()
    scan_at(b.code, now=NINE)
    assert scan_at(b.code, now=NINE + timedelta(seconds=30))[0] == "already"
    assert scan_at(b.code, now=NINE + timedelta(seconds=61))[0] == "admitted"


def test_the_same_badge_at_another_place_is_a_new_check_in(badge, scan_at, sessions, count_rows):
    b = badge()
    scan_at(b.code, now=NINE)
    assert scan_at(b.code, f"session:{sessions['panel']}", now=NINE + timedelta(minutes=1))[0] == "admitted"
    assert count_rows(Attendance) == 2


def test_a_retry_with_the_same_key_answers_the_same_and_records_once(badge, scan_at, count_rows):
    b = badge()
    first = scan_at(b.code, now=NINE, idempotency_key="door1-0001")
    retry = scan_at(b.code, now=NINE + timedelta(seconds=3), idempotency_key="door1-0001")
    assert first == retry == ("admitted", None, b.participant_id, NINE)
    assert count_rows(Scan) == 1
    assert count_rows(Attendance) == 1
    assert scan_at(b.code, now=NINE + timedelta(seconds=5), idempotency_key="door1-0002")[0] == "already"
    assert count_rows(Scan) == 2


def test_a_retry_of_a_refusal_is_refused_again_and_recorded_once(badge, scan_at, count_rows):
    assert scan_at("nonsense", now=NINE, idempotency_key="k1")[:2] == ("refused", "unknown")
    assert scan_at("nonsense", now=NINE, idempotency_key="k1")[:2] == ("refused", "unknown")
    assert count_rows(Scan) == 1


def test_presence_is_counted_on_the_event_s_day_not_utc(app, badge, scan_at):
    b = badge()
    just_after_midnight_in_rome = rome(7, 0, 30)  # still 6 November in UTC
    scan_at(b.code, now=just_after_midnight_in_rome)
    with app.app_context():
        assert db.session.scalar(select(Attendance.day)) == date(2012, 11, 7)


def test_every_scan_records_its_device_or_organiser(app, event, badge, device, organiser):
    from delegates.admin.models import ApiToken, Organiser
    from delegates.checkin import services
    from delegates.registration.models import Event

    token_id, _token = device()
    staff = organiser(roles=("checkin",))
    b = badge()
    with app.app_context():
        ev = db.session.get(Event, event.id)
        services.scan(ev, b.code, "entrance", device=db.session.get(ApiToken, token_id), now=NINE)
        services.scan(ev, "rubbish", "entrance", organiser=db.session.get(Organiser, staff.id), now=NINE)
        db.session.commit()
        rows = db.session.execute(select(Scan.result, Scan.device_token_id, Scan.organiser_id)
                                  .order_by(Scan.id)).all()
    assert rows == [("admitted", token_id, None), ("refused", None, staff.id)]
