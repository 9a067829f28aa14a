"""The official documents page: every printed report for download, in the language and with the options the
command line offers; each for the roles that work with it."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from delegates.extensions import db


def pdf_text(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)


@pytest.fixture
def people(app, event, new_participant):
    from delegates.registration.models import Participant

    with app.app_context():
        for given, family, status in (("Łukasz", "Żółć", "accredited"), ("Vladimir", "Kolokoltsev", "accredited"),
                                      ("Ann", "Pending", "submitted")):
            person = new_participant(given_name=given, family_name=family, badge_name=f"{given} {family}",
                                     email=f"{given.lower()}@example.org")
            person.status = status
            person.consent_to_publish = True
            db.session.add(person)
        db.session.commit()
        return db.session.query(Participant).count()


def test_the_page_offers_each_document_with_its_options(client, logged_in, event):
    logged_in(client, roles=("registrar", "protocol", "programme"))
    page = client.get(f"/admin/e/{event.slug}/documents").get_data(as_text=True)
    assert "Official documents" in page
    for title in ("List of participants", "Programme", "Signatories of the declaration", "Rooming lists",
                  "Catering", "Arrivals", "Transfer manifests"):
        assert title in page
    assert "Final list (otherwise marked provisional)" in page
    assert f'action="/admin/e/{event.slug}/documents/participants.pdf"' in page


def test_the_list_of_participants_is_provisional_unless_asked_final(client, logged_in, event, people):
    logged_in(client, roles=("registrar",))
    provisional = pdf_text(client.get(f"/admin/e/{event.slug}/documents/participants.pdf?language=en"))
    assert "Żółć" in provisional and "Provisional" in provisional
    assert "Pending" not in provisional  # not accredited: not on the published list
    final = pdf_text(client.get(f"/admin/e/{event.slug}/documents/participants.pdf?language=en&final=1"))
    assert "Final" in final and "Provisional" not in final
    everyone = pdf_text(client.get(f"/admin/e/{event.slug}/documents/participants.pdf?language=en&all=1"))
    assert "Pending" in everyone


def test_a_document_comes_in_the_language_asked(client, logged_in, event, people):
    logged_in(client, roles=("registrar",))
    french = client.get(f"/admin/e/{event.slug}/documents/participants.pdf?language=fr")
    assert "Liste" in pdf_text(french)
    assert "-fr-" in french.headers["Content-Disposition"]
    assert client.get(f"/admin/e/{event.slug}/documents/participants.pdf?language=xx").status_code == 400


def test_each_document_is_for_the_roles_that_work_with_it(client, logged_in, event, people):
    logged_in(client, roles=("checkin",))
    page = client.get(f"/admin/e/{event.slug}/documents").get_data(as_text=True)
    assert "Door sheets" in page and "List of participants" not in page and "Rooming lists" not in page
    assert client.get(f"/admin/e/{event.slug}/documents/participants.pdf").status_code == 403
    assert client.get(f"/admin/e/{event.slug}/documents/rooming.pdf").status_code == 403
    assert client.get(f"/admin/e/{event.slug}/documents/door-sheets.pdf").status_code == 200
    assert client.get(f"/admin/e/{event.slug}/documents/nothing.pdf").status_code == 404


def test_no_declaration_yet_is_said_on_the_page(client, logged_in, event):
    logged_in(client, roles=("protocol",))
    response = client.get(f"/admin/e/{event.slug}/documents/signatories.pdf", follow_redirects=True)
    assert response.status_code == 200
    assert "has no declaration" in response.get_data(as_text=True)


def test_anonymous_visitors_go_to_the_login_page(client, event):
    response = client.get(f"/admin/e/{event.slug}/documents/participants.pdf")
    assert response.status_code in (302, 303) and "/admin/login" in response.headers["Location"]
