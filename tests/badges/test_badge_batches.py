"""Batches of badges: filters, order, the print history, the CLI, the printer's page and the participant's badge."""
from __future__ import annotations

import time

from badge_tools import pdf_pages

from delegates.badges import codes
from delegates.badges.models import BadgePrint
from delegates.extensions import db
from delegates.registration.models import Participant


def people(event, accredited) -> dict[str, int]:
    """Italians and French in three categories, registered in no particular order."""
    c, d = event.categories, event.delegations
    rows = [
        ("Bianchi", "ITA", "Delegate"), ("Moreau", "FRA", "Delegate"), ("Conti", "ITA", "Minister"),
        ("Abate", "ITA", "Delegate"), ("Laurent", "FRA", "Head of Delegation"), ("Bernard", "FRA", "Delegate"),
        ("Rossi", "ITA", "Head of Delegation"),
    ]
    return {family: accredited(family_name=family, badge_name=f"Anna {family}", delegation_id=d[country],
                               category_id=c[category], email=f"{family.lower()}@example.org")
            for family, country, category in rows}


def names_in(path) -> list[str]:
    return [line.removeprefix("Anna ") for page in pdf_pages(path) for line in page.splitlines()
            if line.startswith("Anna ")]


def test_a_batch_comes_out_by_delegation_then_protocol_order_then_family_name(app, runner, event, accredited,
                                                                             tmp_path):
    people(event, accredited)
    out = tmp_path / "all.pdf"
    result = runner.invoke(args=["badges", str(out), "--event", event.slug, "--layout", "a6"])
    assert result.exit_code == 0, result.output
    assert "Wrote 7 badges" in result.output and "7 of 7 badges (100%)" in result.output
    # France, then Italy; the head of delegation before delegates; delegates by family name
    assert names_in(out) == ["Laurent", "Bernard", "Moreau", "Conti", "Rossi", "Abate", "Bianchi"]


def test_batch_filters_by_country_category_and_status(app, runner, event, accredited, new_participant, tmp_path):
    ids = people(event, accredited)
    with app.app_context():
        db.session.get(Participant, ids["Abate"]).status = "submitted"
        db.session.commit()
    out = tmp_path / "b.pdf"
    result = runner.invoke(args=["badges", str(out), "--event", event.slug, "--country", "ITA",
                                 "--category", "Delegate", "--category", "minister", "--layout", "a4-4up"])
    assert result.exit_code == 0, result.output
    assert names_in(out) == ["Conti", "Bianchi"]
    result = runner.invoke(args=["badges", str(out), "--event", event.slug, "--status", "submitted"])
    assert names_in(out) == ["Abate"]
    result = runner.invoke(args=["badges", str(out), "--event", event.slug, "--country", "ESP"])
    assert result.exit_code != 0 and "no delegation ESP" in result.output
    result = runner.invoke(args=["badges", str(out), "--event", event.slug, "--category", "Pilot"])
    assert result.exit_code != 0 and "Minister, Head of Delegation, Delegate" in result.output


def test_each_print_is_recorded_and_not_printed_skips_them_until_a_reissue(app, runner, event, accredited, tmp_path):
    ids = people(event, accredited)
    out = tmp_path / "b.pdf"
    runner.invoke(args=["badges", str(out), "--event", event.slug, "--country", "FRA"])
    with app.app_context():
        prints = db.session.scalars(db.select(BadgePrint)).all()
        assert sorted(p.participant_id for p in prints) == sorted(ids[n] for n in ("Laurent", "Bernard", "Moreau"))
        assert {p.layout for p in prints} == {"a6"} and len({p.batch for p in prints}) == 1
    result = runner.invoke(args=["badges", str(out), "--event", event.slug, "--not-printed"])
    assert names_in(out) == ["Conti", "Rossi", "Abate", "Bianchi"]
    result = runner.invoke(args=["badges", str(out), "--event", event.slug, "--not-printed"])
    assert "No badge matches" in result.output
    runner.invoke(args=["reissue", "--event", event.slug, "--participant", str(ids["Moreau"])])
    runner.invoke(args=["badges", str(out), "--event", event.slug, "--not-printed"])
    assert names_in(out) == ["Moreau"]


def test_a_proof_is_not_recorded_as_printed(app, runner, event, accredited, tmp_path):
    accredited()
    result = runner.invoke(args=["badges", str(tmp_path / "p.pdf"), "--event", event.slug, "--no-record"])
    assert result.exit_code == 0
    with app.app_context():
        assert db.session.scalars(db.select(BadgePrint)).all() == []


def test_an_accredited_participant_downloads_the_badge_from_the_private_page(app, client, accredited):
    pid = accredited(badge_name="Giulia Rossi")
    from delegates.registration import participants

    with app.app_context():
        token = participants.new_link(db.session.get(Participant, pid))
        db.session.commit()
    page = client.get(f"/me/{token}").get_data(as_text=True)
    assert f"/me/{token}/badge.pdf" in page
    response = client.get(f"/me/{token}/badge.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.data.startswith(b"%PDF-") and b"Giulia" not in response.data[:200]
    with app.app_context():
        assert db.session.scalars(db.select(BadgePrint)).all() == []  # the person's own copy is no print


def test_a_badge_is_not_ready_before_accreditation(app, client, accredited):
    pid = accredited(status="submitted")
    from delegates.registration import participants

    with app.app_context():
        token = participants.new_link(db.session.get(Participant, pid))
        db.session.commit()
    assert f"/me/{token}/badge.pdf" not in client.get(f"/me/{token}").get_data(as_text=True)
    response = client.get(f"/me/{token}/badge.pdf")
    assert response.status_code == 404
    assert client.get("/me/not-a-token/badge.pdf").status_code == 404


def wait_for(client, url, seconds=30) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        body = client.get(url).get_json()
        if body["state"] in ("done", "failed") or time.monotonic() > deadline:
            return body
        time.sleep(0.1)


def test_the_printer_starts_a_batch_follows_it_and_downloads_the_pdf(app, client, event, accredited, logged_in,
                                                                     csrf_token):
    people(event, accredited)
    logged_in(client, roles=("printer",))
    page = client.get(f"/admin/e/{event.slug}/badges")
    assert page.status_code == 200 and "Print a batch" in page.get_data(as_text=True)
    token = csrf_token(client, f"/admin/e/{event.slug}/badges")
    response = client.post(f"/admin/e/{event.slug}/badges", data={
        "csrf_token": token, "countries": ["FRA"], "status": "accredited", "layout": "a4-4up"})
    assert response.status_code == 303
    job_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "js/jobs.js" in job_page and "data-status-url" in job_page
    job_id = response.headers["Location"].split("job=")[1]
    body = wait_for(client, f"/admin/e/{event.slug}/badges/jobs/{job_id}")
    assert body["state"] == "done" and body["count"] == 3 and body["done"] == 3
    with client.get(body["pdf"]) as pdf:
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    with app.app_context():
        prints = db.session.scalars(db.select(BadgePrint)).all()
        assert len(prints) == 3 and all(p.layout == "a4-4up" and p.printed_by_id for p in prints)


def test_reprinting_a_lost_badge_reissues_it_and_prints_one(app, client, event, accredited, logged_in, csrf_token):
    pid = accredited()
    accredited()
    with app.app_context():
        old = codes.code_for(db.session.get(Participant, pid))
    logged_in(client, roles=("printer",))
    token = csrf_token(client, f"/admin/e/{event.slug}/badges")
    response = client.post(f"/admin/e/{event.slug}/badges/reprint", data={
        "csrf_token": token, "reprint-participant": str(pid), "reprint-layout": "cr80"})
    assert response.status_code == 303
    job_id = response.headers["Location"].split("job=")[1]
    body = wait_for(client, f"/admin/e/{event.slug}/badges/jobs/{job_id}")
    assert body["count"] == 1
    with app.app_context():
        assert codes.verify(old).reason == codes.REISSUED
        (printed,) = db.session.scalars(db.select(BadgePrint)).all()
        assert (printed.participant_id, printed.badge_version, printed.layout) == (pid, 2, "cr80")


def test_the_badges_page_is_for_printers(app, client, event, logged_in):
    logged_in(client, roles=("registrar",))
    assert client.get(f"/admin/e/{event.slug}/badges").status_code == 403
    assert client.get(f"/admin/e/{event.slug}/badges/jobs/{'x' * 22}").status_code == 403


def test_the_registrar_reissues_from_the_participant_page(app, client, event, accredited, logged_in, csrf_token):
    pid = accredited()
    logged_in(client, roles=("registrar",))
    page = client.get(f"/admin/e/{event.slug}/participants/{pid}").get_data(as_text=True)
    assert "Reissue the badge" in page
    preview = client.get(f"/admin/e/{event.slug}/participants/{pid}/badge.pdf")
    assert preview.status_code == 200 and preview.data.startswith(b"%PDF-")
    token = csrf_token(client, f"/admin/e/{event.slug}/participants/{pid}")
    response = client.post(f"/admin/e/{event.slug}/participants/{pid}/reissue", data={"csrf_token": token})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(Participant, pid).badge_version == 2


def test_the_stored_photo_is_on_the_printed_badge(app, runner, event, accredited, tmp_path):
    from io import BytesIO

    from PIL import Image
    from pypdf import PdfReader

    from delegates.registration.photos import store_photo

    upload = BytesIO()
    Image.new("RGB", (600, 800), "teal").save(upload, "PNG")
    upload.seek(0)
    with app.app_context():
        name = store_photo(upload)
    accredited(photo_filename=name)
    accredited()
    out = tmp_path / "b.pdf"
    assert runner.invoke(args=["badges", str(out), "--event", event.slug]).exit_code == 0
    assert sorted(len(page.images) for page in PdfReader(out).pages) == [0, 1]


def test_the_participant_page_shows_who_printed_which_badge_and_when(app, client, accredited, logged_in, event):
    from delegates.badges import services
    from delegates.extensions import db
    from delegates.registration.models import Participant

    pid = accredited(badge_name="Giulia Rossi")
    account = logged_in(client, roles=("printer", "registrar"))
    with app.app_context():
        from delegates.admin.models import Organiser

        participant = db.session.get(Participant, pid)
        services.print_badges(participant.event, [participant], "/dev/null", layout="cr80",
                              printed_by=db.session.get(Organiser, account.id))
        services.reissue(participant)
        db.session.commit()
    page = client.get(f"/admin/e/{event.slug}/participants/{pid}").get_data(as_text=True)
    assert "cr80" in page and account.email in page and "reissued since" in page
