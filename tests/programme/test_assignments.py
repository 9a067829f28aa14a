"""Seats in sessions: never beyond capacity, no overlaps unless overridden on the record, restricted sessions,
the waiting list and its promotion."""
from __future__ import annotations

from sqlalchemy import select

from delegates.admin.models import AuditEntry
from delegates.extensions import db
from delegates.programme import assignments
from delegates.programme.models import Assignment, ConferenceSession
from delegates.registration.models import Participant


def test_a_full_panel_refuses_the_fourth_delegate(programme, people, seat, seats_of):
    first, second, third, fourth = people(4)
    panel = programme["panel-terrorism"]
    assert [seat(p, panel) for p in (first, second, third)] == ["confirmed"] * 3
    assert seat(fourth, panel) == "full"
    assert seats_of(panel) == (3, 3, [])


def test_the_full_message_names_the_session_and_its_seats(app, programme, people, seat):
    for person in people(3):
        seat(person, programme["panel-terrorism"])
    [late] = people(1)
    with app.app_context():
        try:
            assignments.assign(db.session.get(Participant, late.id),
                               db.session.get(ConferenceSession, programme["panel-terrorism"]))
        except assignments.SessionFull as error:
            assert error.message == "'Terrorist violence' is full (3 of 3 seats)."
        else:
            raise AssertionError("the fourth delegate got a seat")


def test_a_full_session_puts_people_on_the_waiting_list_in_order_when_asked(programme, people, seat, seats_of):
    panel = programme["panel-terrorism"]
    for person in people(3):
        seat(person, panel)
    late, later = people(2)
    assert seat(late, panel, waitlist=True) == "waitlisted"
    assert seat(later, panel, waitlist=True) == "waitlisted"
    assert seats_of(panel) == (3, 3, [late.id, later.id])


def test_releasing_a_seat_promotes_the_first_in_line_and_mails_them(app, client, programme, people, seat, seats_of,
                                                                  logged_in, csrf_token, event, smtp_server):
    panel = programme["panel-terrorism"]
    holders = people(3)
    for person in holders:
        seat(person, panel)
    first_in_line, second_in_line = people(2)
    seat(first_in_line, panel, waitlist=True)
    seat(second_in_line, panel, waitlist=True)
    with app.app_context():
        assignment_id = db.session.scalar(select(Assignment.id).where(Assignment.participant_id == holders[0].id))

    logged_in(client, "programme")
    page = f"/admin/e/{event.slug}/programme/sessions/{panel}"
    response = client.post(f"/admin/e/{event.slug}/programme/assignments/{assignment_id}/release",
                           data={"csrf_token": csrf_token(client, page)}, follow_redirects=True)

    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert f"{first_in_line.name}, first on the waiting list, has the seat and has been mailed." in text
    assert seats_of(panel) == (3, 3, [second_in_line.id])
    [mail] = smtp_server
    assert mail["Subject"] == "You have a seat: Terrorist violence"
    assert mail["To"].addresses[0].addr_spec == "delegate-4@example.org"
    body = mail.get_body(("plain",)).get_content()
    assert "Terrorist violence" in body and "14:30–15:50, Room A" in body


def test_the_promotion_mail_is_in_the_persons_language(app, programme, people, seat, smtp_server):
    panel = programme["panel-terrorism"]
    holders = people(3)
    for person in holders:
        seat(person, panel)
    [french] = people(1, ui_language="fr")
    seat(french, panel, waitlist=True)
    with app.test_request_context():
        from delegates.registration.notifications import mail_session_confirmed

        assignment = db.session.scalar(select(Assignment).where(Assignment.participant_id == holders[0].id))
        promoted = assignments.release(assignment)
        db.session.commit()
        assert promoted.participant_id == french.id
        mail_session_confirmed(promoted.participant, promoted.session)
    [mail] = smtp_server
    # the subject in French, and the session's French title
    assert mail["Subject"] == "Une place vous est attribuée\u00a0: La violence terroriste"


def test_an_overlapping_session_is_refused_with_the_other_sessions_name(app, programme, people, seat):
    [person] = people(1)
    assert seat(person, programme["panel-terrorism"]) == "confirmed"
    with app.app_context():
        try:
            assignments.assign(db.session.get(Participant, person.id),
                               db.session.get(ConferenceSession, programme["panel-police"]))
        except assignments.ScheduleConflict as error:
            assert error.code == "conflict"
            assert "already in 'Terrorist violence' at the same time (14:30–15:50)" in error.message
        else:
            raise AssertionError("two overlapping sessions for one person")


def test_an_organiser_may_override_an_overlap_with_a_reason_on_the_record(app, programme, people, seat, organiser):
    [person] = people(1)
    seat(person, programme["panel-terrorism"])
    account = organiser(roles=("programme",))
    with app.app_context():
        from delegates.admin.models import Organiser

        by = assignments.By(organiser=db.session.get(Organiser, account.id))
        assignment = assignments.assign(db.session.get(Participant, person.id),
                                        db.session.get(ConferenceSession, programme["panel-police"]),
                                        "speaker", by=by, override_reason="Speaks in both panels, leaves early")
        db.session.commit()
        assert (assignment.status, assignment.overlap_override) == ("confirmed", True)
        assert assignment.override_reason == "Speaks in both panels, leaves early"
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.kind == "assignment.confirmed")
                                   .order_by(AuditEntry.id.desc())).first()
        assert entry.organiser_id == account.id
        assert entry.note == "Overlap allowed: Speaks in both panels, leaves early"


def test_a_delegate_is_refused_from_the_ministerial_meeting(programme, people, seat, seats_of):
    [delegate] = people(1, category="Delegate")
    [minister] = people(1, category="Minister")
    [head] = people(1, category="Head of Delegation")
    assert seat(delegate, programme["ministerial"]) == "restricted"
    assert seat(minister, programme["ministerial"]) == "confirmed"
    assert seat(head, programme["ministerial"]) == "confirmed"
    assert seats_of(programme["ministerial"])[0] == 2


def test_a_chair_is_admitted_to_a_restricted_session_whatever_the_category(programme, people, seat):
    # the demo's President of INTERPOL is a Speaker who chairs the ministerial meeting
    [chair] = people(1, category="Delegate")
    [rapporteur] = people(1, category="Delegate")
    assert seat(chair, programme["ministerial"], "chair") == "confirmed"
    assert seat(rapporteur, programme["ministerial"], "rapporteur") == "confirmed"


def test_the_same_person_twice_is_refused_but_a_new_role_keeps_the_seat(programme, people, seat, seats_of):
    [person] = people(1)
    panel = programme["panel-terrorism"]
    assert seat(person, panel) == "confirmed"
    assert seat(person, panel) == "already"
    assert seat(person, panel, "speaker") == "confirmed"
    assert seats_of(panel)[:2] == (1, 1)


def test_a_request_becomes_a_seat_through_the_same_rules(app, programme, people, seat, seats_of):
    from delegates.programme.services import request_sessions

    [person] = people(1)
    with app.app_context():
        request_sessions(db.session.get(Participant, person.id), [programme["panel-terrorism"]])
        db.session.commit()
    assert seats_of(programme["panel-terrorism"]) == (0, 0, [])
    assert seat(person, programme["panel-terrorism"]) == "confirmed"
    assert seats_of(programme["panel-terrorism"]) == (1, 1, [])


def test_a_person_busy_elsewhere_stays_in_line_and_the_next_one_is_promoted(app, programme, people, seat, seats_of):
    panel, other = programme["panel-terrorism"], programme["panel-police"]
    holders = people(3)
    for person in holders:
        seat(person, panel)
    busy, free = people(2)
    seat(busy, panel, waitlist=True)
    seat(free, panel, waitlist=True)
    seat(busy, other)  # meanwhile took the overlapping panel
    with app.app_context():
        assignment = db.session.scalar(select(Assignment).where(Assignment.participant_id == holders[0].id))
        promoted = assignments.release(assignment)
        db.session.commit()
        assert promoted.participant_id == free.id
    assert seats_of(panel) == (3, 3, [busy.id])


def test_a_cancelled_or_rejected_registration_gets_no_seat(programme, people, seat, seats_of):
    [cancelled] = people(1, status="cancelled")
    [rejected] = people(1, status="rejected", rejection_reason="Not a police officer")
    assert seat(cancelled, programme["plenary"]) == "invalid"
    assert seat(rejected, programme["plenary"]) == "invalid"
    assert seats_of(programme["plenary"])[0] == 0
