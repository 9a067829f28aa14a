"""Badge codes: the QR code holds a signed code that admits its bearer until the badge is reissued."""
from __future__ import annotations

import subprocess

import pytest
from badge_tools import need_tool

from delegates.admin.models import AuditEntry
from delegates.badges import codes, services
from delegates.extensions import db
from delegates.registration.models import Participant


def qr_codes_of(pdf, tmp_path) -> list[str]:
    """What the QR codes of a PDF's first page hold, read from a rendering as a scanner would."""
    pdftoppm = need_tool("pdftoppm", "poppler-utils")
    zbarimg = need_tool("zbarimg", "zbar-tools")
    subprocess.run([pdftoppm, "-r", "200", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True)
    page = next(tmp_path.glob("page*.png"))
    out = subprocess.run([zbarimg, "--quiet", "--raw", str(page)], capture_output=True, text=True)
    return out.stdout.split()


@pytest.mark.parametrize("layout", ["a6", "a4-4up", "cr80", "letter-4x3"])
def test_the_qr_code_of_a_printed_badge_admits_its_bearer(app, accredited, tmp_path, layout):
    pid = accredited(badge_name="Giulia Rossi")
    with app.app_context():
        participant = db.session.get(Participant, pid)
        out = tmp_path / "badge.pdf"
        services.print_badges(participant.event, [participant], out, layout=layout)
        (read,) = qr_codes_of(out, tmp_path)
        assert read == codes.code_for(participant)
        verified = codes.verify(read, participant.event)
        assert verified.admitted and verified.participant.id == pid


def test_printing_again_without_reissue_prints_the_same_code(app, accredited):
    pid = accredited()
    with app.app_context():
        participant = db.session.get(Participant, pid)
        assert codes.code_for(participant) == codes.code_for(participant)
        assert str(pid) not in codes.code_for(participant).split(".")[3]


def test_a_reissued_badges_old_code_is_refused_and_the_new_one_admitted(app, accredited, organiser):
    pid = accredited()
    account = organiser(roles=("printer",))
    with app.app_context():
        participant = db.session.get(Participant, pid)
        old = codes.code_for(participant)
        from delegates.admin.models import Organiser

        services.reissue(participant, organiser=db.session.get(Organiser, account.id))
        db.session.commit()
        new = codes.code_for(participant)
        assert new != old
        assert codes.verify(old) == (participant, codes.REISSUED)
        assert codes.verify(new).admitted
        entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.kind == "badge.reissued")).one()
        assert entry.changes == {"badge_version": [1, 2]} and entry.organiser_id == account.id


def test_a_tampered_code_is_refused_as_forged(app, accredited):
    first, second = accredited(), accredited()
    with app.app_context():
        code = codes.code_for(db.session.get(Participant, first))
        event36, _, version, signature = code.split(".")
        other = f"{event36}.{codes._base36(second)}.{version}.{signature}"
        assert codes.verify(other) == (None, codes.FORGED)
        assert codes.verify("not-a-badge") == (None, codes.UNKNOWN)
        assert codes.verify("") == (None, codes.UNKNOWN)


def test_a_code_signed_with_another_key_is_refused(app, accredited):
    pid = accredited()
    with app.app_context():
        participant = db.session.get(Participant, pid)
        foreign = codes.code_for(participant, key=b"another installation's key" * 2)
        assert codes.verify(foreign).reason == codes.FORGED


def test_a_cancelled_participants_badge_is_refused(app, accredited):
    pid = accredited()
    with app.app_context():
        participant = db.session.get(Participant, pid)
        code = codes.code_for(participant)
        participant.status = "cancelled"
        db.session.commit()
        assert codes.verify(code) == (participant, codes.NOT_ACCREDITED)


def test_reissue_command_makes_the_old_badge_stop_working(app, runner, event, accredited):
    pid = accredited()
    with app.app_context():
        old = codes.code_for(db.session.get(Participant, pid))
    result = runner.invoke(args=["reissue", "--event", event.slug, "--participant", str(pid)])
    assert result.exit_code == 0, result.output
    assert "version 2" in result.output
    with app.app_context():
        assert codes.verify(old).reason == codes.REISSUED
    result = runner.invoke(args=["reissue", "--event", event.slug, "--participant", "999"])
    assert result.exit_code != 0 and "no participant #999" in result.output


def test_the_scan_api_admits_the_printed_code_and_refuses_it_after_a_reissue(app, client, accredited, event,
                                                                           tmp_path):
    """From paper to door: the QR code read off the PDF, posted by a scanning device."""
    from delegates.admin.services import create_api_token
    from delegates.registration.models import Event

    pid = accredited(badge_name="Giulia Rossi")
    with app.app_context():
        participant = db.session.get(Participant, pid)
        out = tmp_path / "badge.pdf"
        services.print_badges(participant.event, [participant], out, layout="a6")
        db.session.commit()
        _row, token = create_api_token(db.session.get(Event, event.id), "checkin", "Door 1")
        db.session.commit()
    (read,) = qr_codes_of(out, tmp_path)
    headers = {"Authorization": f"Bearer {token}"}
    scan = client.post(f"/api/v1/events/{event.slug}/scans", json={"code": read, "place": "entrance"},
                       headers=headers).get_json()
    assert (scan["result"], scan["participant"]["id"]) == ("admitted", pid)
    with app.app_context():
        services.reissue(db.session.get(Participant, pid))
        db.session.commit()
    again = client.post(f"/api/v1/events/{event.slug}/scans", json={"code": read, "place": "entrance"},
                        headers=headers).get_json()
    assert (again["result"], again["reason"]) == ("refused", "reissued")
