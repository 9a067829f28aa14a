"""A person's data: consent to be listed, export, erasure on request (by the person or the registrar), and the
purge of an event's personal data after its retention period, keeping every count."""
from __future__ import annotations

import io
import json
import re
import socket
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from delegates.admin.models import AuditEntry
from delegates.extensions import db
from delegates.registration.models import Delegation, Event, Participant
from delegates.registration.services import new_private_token

NAMES = ("Владимир", "Колокольцев", "vladimir.kolokoltsev@example.org", "+7 495 123 45 67", "SU 2402")


def jpeg() -> io.BytesIO:
    buf = io.BytesIO()
    Image.new("RGB", (600, 800), (120, 140, 160)).save(buf, "JPEG")
    buf.seek(0)
    return buf


@pytest.fixture
def person(app, event):
    """An accredited Russian minister with a photo, travel, needs and a focal point on his delegation;
    returns (participant id, private token)."""
    from delegates.logistics.models import Travel
    from delegates.registration import photos

    with app.app_context():
        event_row = db.session.get(Event, event.id)
        russia = Delegation(event=event_row, kind="country", country_code="RUS",
                            focal_point_name="Anna Petrova", focal_point_email="anna.petrova@example.org")
        db.session.add(russia)
        db.session.flush()
        token, token_hash, token_seed = new_private_token()
        p = Participant(event_id=event.id, delegation_id=russia.id, category_id=event.categories["Minister"],
                        title="H.E.", given_name=NAMES[0], family_name=NAMES[1],
                        badge_name=f"{NAMES[0]} {NAMES[1]}", email=NAMES[2], phone=NAMES[3],
                        function="Minister of the Interior", organisation="Ministry of the Interior",
                        dietary="other", dietary_other="no pork", accessibility="wheelchair access",
                        status="accredited", badge_number=7, consent_to_publish=True, token_hash=token_hash,
                        token_seed=token_seed,
                        photo_filename=photos.store_photo(jpeg()), accredited_at=datetime.now(UTC))
        db.session.add(p)
        db.session.flush()
        db.session.add(Travel(participant_id=p.id, direction="arrival", at=datetime(2012, 11, 4, 15, tzinfo=UTC),
                              flight=NAMES[4], airport="FCO"))
        db.session.add(AuditEntry(event_id=event.id, participant_id=p.id, kind="participant.updated",
                                  target_type="participant", target_id=p.id,
                                  changes={"phone": [None, NAMES[3]], "status": ["submitted", "accredited"]}))
        db.session.commit()
        return p.id, token


def audit_text(app) -> str:
    with app.app_context():
        rows = db.session.scalars(select(AuditEntry)).all()
        return json.dumps([[r.kind, r.changes, r.note] for r in rows], ensure_ascii=False)


def photo_files(app) -> list:
    from pathlib import Path

    return list(Path(app.config["PHOTO_FOLDER"]).glob("*"))


def assert_forgotten(app, participant_id: int) -> None:
    from delegates.logistics.models import Travel

    with app.app_context():
        p = db.session.get(Participant, participant_id)
        for value in NAMES:
            assert value not in " ".join(str(getattr(p, c.key)) for c in Participant.__table__.columns)
        assert p.email.endswith("@erased.invalid")
        assert (p.given_name, p.phone, p.function, p.photo_filename, p.accessibility, p.dietary_other) == (
            None, None, None, None, None, None)
        assert p.consent_to_publish is False
        assert db.session.scalar(select(func.count()).select_from(Travel)
                                 .where(Travel.participant_id == participant_id)) == 0
    assert photo_files(app) == []
    text = audit_text(app)
    for value in NAMES:
        assert value not in text, f"{value} is still in the audit log"


# -- consent -----------------------------------------------------------------------------------------------------

def test_the_form_asks_for_consent_and_it_is_off_unless_ticked(client, event):
    page = client.get(f"/e/{event.slug}/register").get_data(as_text=True)
    box = re.search(r'<input[^>]*name="consent_to_publish"[^>]*>', page)
    assert box and "checked" not in box.group(0)
    assert "Publish my name and function in the list of participants" in page


def test_the_list_of_participants_leaves_out_those_who_did_not_consent(app, event, person, new_participant):
    from delegates.reports.participants import listed_people

    with app.app_context():
        db.session.add(new_participant(given_name="Ann", family_name="Private", status="accredited",
                                       badge_number=8, consent_to_publish=False))
        db.session.commit()
        listed = [p.family_name for p in listed_people(db.session.get(Event, event.id))]
    assert listed == [NAMES[1]]


# -- export --------------------------------------------------------------------------------------------------------

def test_a_participant_downloads_their_data_from_the_private_page(app, client, person):
    participant_id, token = person
    page = client.get(f"/me/{token}").get_data(as_text=True)
    assert f'href="/me/{token}/data.json"' in page and f'href="/me/{token}/erase"' in page

    response = client.get(f"/me/{token}/data.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["participant"]["given_name"] == NAMES[0]
    assert data["participant"]["email"] == NAMES[2]
    assert data["participant"]["delegation"] == "RUS" and data["participant"]["category"] == "Minister"
    assert data["travel"][0]["flight"] == NAMES[4]
    assert data["participant"]["has_photo"] is True
    with app.app_context():
        kinds = db.session.scalars(select(AuditEntry.kind).where(AuditEntry.participant_id == participant_id)).all()
    assert "participant.data_exported" in kinds


def test_a_registrar_downloads_a_persons_data_and_others_cannot(client, logged_in, event, person):
    participant_id, _token = person
    logged_in(client, "registrar")
    response = client.get(f"/admin/e/{event.slug}/participants/{participant_id}/data.json")
    assert response.status_code == 200
    assert json.loads(response.get_data(as_text=True))["participant"]["family_name"] == NAMES[1]
    page = client.get(f"/admin/e/{event.slug}/participants/{participant_id}").get_data(as_text=True)
    assert f"/admin/e/{event.slug}/participants/{participant_id}/erase" in page


def test_an_unknown_link_exports_nothing(client, person):
    assert client.get("/me/not-a-real-token-at-all/data.json").status_code == 404


# -- erasure by the person ------------------------------------------------------------------------------------

def test_a_participant_erases_their_data_after_confirming(app, client, csrf_token, person):
    participant_id, token = person
    confirm = client.get(f"/me/{token}/erase")
    assert confirm.status_code == 200
    assert "I understand that this cannot be undone" in confirm.get_data(as_text=True)
    form_token = csrf_token(client, f"/me/{token}/erase")

    unticked = client.post(f"/me/{token}/erase", data={"csrf_token": form_token})
    assert unticked.status_code == 400
    assert "Tick the box to confirm." in unticked.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Participant, participant_id).given_name == NAMES[0]

    done = client.post(f"/me/{token}/erase", data={"csrf_token": form_token, "understood": "y"})
    assert done.status_code == 200
    assert "Your data is erased" in done.get_data(as_text=True)
    assert client.get(f"/me/{token}").status_code == 404  # the link is dead
    assert_forgotten(app, participant_id)
    with app.app_context():
        p = db.session.get(Participant, participant_id)
        assert p.status == "cancelled"
        assert p.badge_version == 2  # a printed badge is refused from now on
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.kind == "participant.erased"))
        assert entry.participant_id == participant_id and entry.organiser_id is None
        assert "email" in entry.changes["erased"][1] and "given_name" in entry.changes["erased"][1]


def test_an_erasure_removes_the_mail_to_the_person_that_waits_or_was_refused(app, client, csrf_token, person):
    from delegates.common.mail import send_mail, wait_for_sending

    participant_id, token = person
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead_port = s.getsockname()[1]
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=dead_port)
    with app.app_context():  # the relay is down: both wait in the queue
        send_mail(NAMES[2], "Waiting", "For Владимир\n")
        send_mail("someone.else@example.org", "Waiting too", "For someone else\n")
    assert wait_for_sending(app)
    outbox = Path(app.config["MAIL_OUTBOX"])
    (outbox / "failed").mkdir()
    [his] = [f.read_bytes() for f in (outbox / "queue").glob("*.eml") if b"kolokoltsev" in f.read_bytes()]
    (outbox / "failed" / "refused.eml").write_bytes(his.replace(b"Waiting", b"Refused"))  # as if refused for good

    done = client.post(f"/me/{token}/erase", data={"csrf_token": csrf_token(client, f"/me/{token}/erase"),
                                                   "understood": "y"})
    assert done.status_code == 200
    left = [f.read_bytes() for f in sorted(outbox.rglob("*.eml"))]
    assert len(left) == 1 and b"someone.else@example.org" in left[0]
    assert not any(b"kolokoltsev" in data for data in left)


def test_an_erasure_without_the_forms_token_is_refused(app, client, person):
    participant_id, token = person
    response = client.post(f"/me/{token}/erase", data={"understood": "y"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Participant, participant_id).email == NAMES[2]


# -- erasure by the registrar -----------------------------------------------------------------------------------

def test_a_registrar_erases_on_request_and_the_audit_keeps_who_not_what(app, client, logged_in, csrf_token, event,
                                                                          person):
    participant_id, token = person
    account = logged_in(client, "registrar")
    path = f"/admin/e/{event.slug}/participants/{participant_id}/erase"
    form_token = csrf_token(client, path)
    response = client.post(path, data={"csrf_token": form_token, "understood": "y"})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"The personal data of record #{participant_id} is erased." in page
    assert_forgotten(app, participant_id)
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.kind == "participant.erased"))
        assert entry.organiser_id == account.id
    # a second erasure says it was done
    again = client.get(path)
    assert again.status_code == 303


@pytest.mark.parametrize("role", ["viewer", "printer", "checkin"])
def test_only_a_registrar_may_erase(app, client, logged_in, csrf_token, event, person, role):
    participant_id, _token = person
    logged_in(client, role)
    form_token = csrf_token(client, "/admin/")
    response = client.post(f"/admin/e/{event.slug}/participants/{participant_id}/erase",
                           data={"csrf_token": form_token, "understood": "y"})
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(Participant, participant_id).email == NAMES[2]


# -- purge after the retention period --------------------------------------------------------------------------

def counts(app, event_id: int) -> dict:
    from delegates.checkin.models import Attendance
    from delegates.declaration.models import Signature

    with app.app_context():
        by_category = dict(db.session.execute(select(Participant.category_id, func.count()).where(
            Participant.event_id == event_id).group_by(Participant.category_id)).all())
        by_delegation = dict(db.session.execute(select(Participant.delegation_id, func.count()).where(
            Participant.event_id == event_id).group_by(Participant.delegation_id)).all())
        by_status = dict(db.session.execute(select(Participant.status, func.count()).where(
            Participant.event_id == event_id).group_by(Participant.status)).all())
        return {"category": by_category, "delegation": by_delegation, "status": by_status,
                "attendance": db.session.scalar(select(func.count()).select_from(Attendance)),
                "signatures": db.session.scalar(select(func.count()).select_from(Signature))}


@pytest.fixture
def held_event(app, event, person, new_participant):
    """The event with the minister above, two delegates of Italy, attendance and a signature."""
    from delegates.checkin.models import Attendance
    from delegates.declaration.models import Declaration, Signature

    participant_id, _token = person
    with app.app_context():
        others = [new_participant(status="accredited", badge_number=20 + n) for n in range(2)]
        db.session.add_all(others)
        db.session.flush()
        for p in (*others, db.session.get(Participant, participant_id)):
            db.session.add(Attendance(event_id=event.id, participant_id=p.id, place="entrance",
                                      day=date(2012, 11, 5)))
        declaration = Declaration(event_id=event.id, code="rome-2012", title="Rome Declaration")
        db.session.add(declaration)
        db.session.flush()
        minister = db.session.get(Participant, participant_id)
        db.session.add(Signature(declaration_id=declaration.id, country_code="RUS",
                                 delegation_id=minister.delegation_id, signatory_id=participant_id,
                                 method="in_person"))
        db.session.commit()
    return participant_id


def test_a_dry_run_says_what_would_go_and_changes_nothing(app, runner, event, held_event):
    before = counts(app, event.id)
    result = runner.invoke(args=["purge", "--event", event.slug, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Would anonymise 3 participants of test" in result.output
    assert "1 photos, 1 travel rows, 1 focal points" in result.output
    assert "Dry run: nothing was changed." in result.output
    with app.app_context():
        assert db.session.get(Participant, held_event).given_name == NAMES[0]
    assert len(photo_files(app)) == 1
    assert counts(app, event.id) == before


def test_the_purge_anonymises_everyone_and_keeps_every_count(app, runner, event, held_event):
    before = counts(app, event.id)
    result = runner.invoke(args=["purge", "--event", event.slug])
    assert result.exit_code == 0, result.output
    assert "Anonymised 3 participants of test" in result.output
    assert_forgotten(app, held_event)
    assert counts(app, event.id) == before
    with app.app_context():
        emails = db.session.scalars(select(Participant.email).where(Participant.event_id == event.id)).all()
        assert all(e.endswith("@erased.invalid") for e in emails)
        russia = db.session.scalar(select(Delegation).where(Delegation.country_code == "RUS"))
        assert (russia.focal_point_name, russia.focal_point_email) == (None, None)
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.kind == "event.purged")) is not None
    assert "Anna Petrova" not in audit_text(app)

    again = runner.invoke(args=["purge", "--event", event.slug])
    assert again.exit_code == 0
    assert "Anonymised 0 participants of test (3 were anonymised already)" in again.output


def test_the_purge_waits_for_the_retention_period(app, runner, event, held_event):
    with app.app_context():
        row = db.session.get(Event, event.id)
        row.ends_on = date.today() - timedelta(days=10)
        row.starts_on = row.ends_on - timedelta(days=3)
        db.session.commit()
        ends = (row.ends_on + timedelta(days=app.config["RETENTION_DAYS"])).isoformat()
    result = runner.invoke(args=["purge", "--event", event.slug])
    assert result.exit_code != 0
    assert f"its personal data is kept for 365 days, until {ends}. Nothing was purged." in result.output
    with app.app_context():
        assert db.session.get(Participant, held_event).given_name == NAMES[0]


def test_the_retention_period_is_a_setting(app, runner, event, held_event):
    app.config["RETENTION_DAYS"] = 365 * 100
    result = runner.invoke(args=["purge", "--event", event.slug])
    assert result.exit_code != 0 and "Nothing was purged" in result.output


def test_purging_an_unknown_event_names_it(runner):
    result = runner.invoke(args=["purge", "--event", "nope"])
    assert result.exit_code != 0 and "There is no event 'nope'" in result.output


def test_an_event_keeps_its_data_for_its_own_retention_period(app, runner, event, held_event):
    with app.app_context():
        row = db.session.get(Event, event.id)
        row.ends_on = date.today() - timedelta(days=40)
        row.starts_on = row.ends_on - timedelta(days=3)
        db.session.commit()
    assert runner.invoke(args=["purge", "--event", event.slug]).exit_code != 0  # 365 days by default

    result = runner.invoke(args=["retention", "--event", event.slug, "--days", "30"])
    assert result.exit_code == 0, result.output
    assert "kept 30 days after its end" in result.output
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.kind == "event.retention_changed"))
        assert entry.changes == {"retention_days": [None, 30]}

    result = runner.invoke(args=["purge", "--event", event.slug])
    assert result.exit_code == 0, result.output
    assert_forgotten(app, held_event)


def test_a_negative_retention_is_refused(runner, event):
    result = runner.invoke(args=["retention", "--event", event.slug, "--days", "-1"])
    assert result.exit_code != 0 and "--days" in result.output
