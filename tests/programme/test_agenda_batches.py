"""/admin/e/<slug>/programme/agendas: personal agendas for a selection, printed as a job into one PDF that any
app server hands out, each in its owner's language or all in one."""
from __future__ import annotations

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from delegates import create_app
from delegates.common import jobs
from delegates.common.jobs import Job
from delegates.extensions import db

PAGE = "/admin/e/test/programme/agendas"


@pytest.fixture(autouse=True)
def _jobs_end_before_the_database_closes(app):
    app.config["REDIS_URL"] = None  # the thread of the app works the jobs here
    yield
    jobs.join_threads()


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(data)).pages]


def print_batch(client, csrf_token, **choices) -> str:
    """Submit the form; returns the job's id (from the page the form redirects to)."""
    fields = {"country": "", "category": "", "session": "", "participants": "", "language": ""} | choices
    response = client.post(PAGE, data={"csrf_token": csrf_token(client, PAGE), **fields})
    assert response.status_code == 303, response.get_data(as_text=True)
    return re.search(r"job=([\w-]+)", response.headers["Location"]).group(1)


def finished(client, job_id: str) -> dict:
    jobs.join_threads()
    body = client.get(f"{PAGE}/jobs/{job_id}").get_json()
    assert body["state"] == "done", body
    return body


@pytest.fixture
def seated(event, programme, people, seat, app):
    """Two French delegates (one reading French, one Spanish) and an Italian minister (Arabic), with seats."""
    french = people(1, delegation_id=event.delegations["FRA"], ui_language="fr", family_name="Dupont",
                    badge_name="Marie Dupont")
    spanish = people(1, delegation_id=event.delegations["FRA"], ui_language="es", family_name="García",
                     badge_name="José García")
    minister = people(1, category="Minister", ui_language="ar", family_name="Colombo",
                      badge_name="Marco Colombo")
    people(1, status="submitted", family_name="Pending", badge_name="Paolo Pending")  # not accredited: never printed
    for person in (*french, *spanish):
        seat(person, programme["panel-terrorism"])
    seat(minister[0], programme["ministerial"], "chair")
    seat(minister[0], programme["plenary"])
    return {"fr": french[0], "es": spanish[0], "ar": minister[0]}


def test_a_delegations_agendas_print_as_a_job_each_in_its_owners_language(client, seated, logged_in, csrf_token):
    logged_in(client, roles=("printer",))
    job_id = print_batch(client, csrf_token, country="FRA")

    body = finished(client, job_id)
    assert (body["count"], body["done"], body["total"]) == (2, 2, 2)
    page = client.get(f"{PAGE}?job={job_id}").get_data(as_text=True)
    assert "2 agendas are ready (2 pages)." in page and "Download the PDF" in page
    pdf = client.get(body["pdf"])
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.headers["Cache-Control"] == "private, no-store"
    first, second = pages_text(pdf.data)  # by family name: Dupont, then García
    assert "Dupont" in first and "Programme personnel" in first and "La violence terroriste" in first
    assert "García" in second and "Agenda personal" in second and "La violencia terrorista" in second
    assert "Colombo" not in first + second and "Pending" not in first + second


def test_every_agenda_in_one_chosen_language(client, seated, logged_in, csrf_token):
    logged_in(client, roles=("programme",))
    job_id = print_batch(client, csrf_token, language="fr")
    texts = pages_text(client.get(finished(client, job_id)["pdf"]).data)
    # everyone accredited, by delegation (France, then Italy) then family name
    names = ["Dupont", "García", "Colombo"]
    assert [next(n for n in names if n in text) for text in texts] == names
    assert all("Programme personnel" in text for text in texts)
    whole = "\n".join(texts)
    assert "Réunion ministérielle" in whole and "Première séance plénière" in whole
    assert "Personal agenda" not in whole and "Agenda personal" not in whole


def test_a_sessions_attendees_and_a_category(client, seated, programme, logged_in, csrf_token):
    logged_in(client, roles=("printer",))
    texts = pages_text(client.get(finished(client, print_batch(
        client, csrf_token, session=str(programme["panel-terrorism"])))["pdf"]).data)
    assert [("Dupont" in t, "García" in t) for t in texts] == [(True, False), (False, True)]

    texts = pages_text(client.get(finished(client, print_batch(client, csrf_token, category="Minister"))["pdf"]).data)
    assert len(texts) == 1 and "Colombo" in texts[0]


def test_chosen_record_numbers_and_a_number_that_is_not_accredited(app, client, seated, people, logged_in,
                                                                   csrf_token):
    logged_in(client, roles=("printer",))
    texts = pages_text(client.get(finished(client, print_batch(
        client, csrf_token, participants=f"{seated['ar'].id}, #{seated['es'].id}"))["pdf"]).data)
    assert len(texts) == 2 and "García" in texts[0] and "Colombo" in texts[1]  # France before Italy (in English)

    [pending] = people(1, status="submitted")
    response = client.post(PAGE, data={"csrf_token": csrf_token(client, PAGE), "language": "",
                                       "participants": f"{seated['fr'].id} {pending.id} 99999"})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert f"Records #{pending.id}, #99999 are not accredited participants of this event." in text
    response = client.post(PAGE, data={"csrf_token": csrf_token(client, PAGE), "participants": "12, abc"})
    assert response.status_code == 400
    assert "“abc” is not a record number" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Job)) == 1  # only the first batch


def test_no_match_starts_no_job(app, client, seated, logged_in, csrf_token):
    logged_in(client, roles=("printer",))
    response = client.post(PAGE, data={"csrf_token": csrf_token(client, PAGE), "country": "ITA",
                                       "category": "Head of Delegation", "language": ""}, follow_redirects=True)
    assert "No accredited participant matches this choice." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Job)) == 0


def test_another_app_server_hands_out_the_pdf(app, client, seated, logged_in, login, csrf_token):
    """The PDF lives in the job's row: a second app on the same database serves it."""
    account = logged_in(client, roles=("printer",))
    job_id = print_batch(client, csrf_token, country="FRA")
    expected = client.get(finished(client, job_id)["pdf"]).data
    other = create_app({**{k: app.config[k] for k in ("TESTING", "SQLALCHEMY_DATABASE_URI", "SECRET_KEY")},
                        "WTF_CSRF_ENABLED": True})
    try:
        other_client = other.test_client()
        assert login(other_client, account.email, account.password).status_code == 303
        response = other_client.get(f"{PAGE}/jobs/{job_id}/agendas.pdf")
        assert response.status_code == 200 and response.data == expected
    finally:
        with other.app_context():
            db.session.remove()
            for engine in db.engines.values():
                engine.dispose()


def test_who_may_print_agendas(app, client, seated, logged_in, csrf_token, event):
    logged_in(client, roles=("printer",))
    job_id = print_batch(client, csrf_token, country="FRA")
    finished(client, job_id)
    assert client.get(f"/admin/e/test/badges/jobs/{job_id}").status_code == 404  # not a badge batch
    client.post("/admin/logout", data={"csrf_token": csrf_token(client, PAGE)})

    logged_in(client, roles=("registrar",))
    assert client.get(PAGE).status_code == 403
    assert client.get(f"{PAGE}/jobs/{job_id}").status_code == 403
    assert client.get(f"{PAGE}/jobs/{job_id}/agendas.pdf").status_code == 403
    client.post("/admin/logout", data={"csrf_token": csrf_token(client, "/admin/")})

    logged_in(client, roles=("viewer",))
    assert client.get(PAGE).status_code == 200
    response = client.post(PAGE, data={"csrf_token": csrf_token(client, PAGE), "language": ""})
    assert response.status_code == 403
    client.post("/admin/logout", data={"csrf_token": csrf_token(client, PAGE)})

    logged_in(client, roles=("programme",))
    overview = client.get("/admin/e/test/programme").get_data(as_text=True)
    assert f'href="{PAGE}"' in overview and "Print personal agendas" in overview
    assert client.get(f"{PAGE}/jobs/nope").status_code == 404
    client.post("/admin/logout", data={"csrf_token": csrf_token(client, PAGE)})
    assert client.get(PAGE).status_code == 302  # to the login page


def test_the_command_prints_every_agenda_in_a_chosen_language(app, runner, seated, tmp_path):
    out = tmp_path / "agendas.pdf"
    result = runner.invoke(args=["agendas", str(out), "--event", "test", "--language", "es",
                                 "--participant", str(seated["fr"].id), "--participant", str(seated["ar"].id)])
    assert result.exit_code == 0, result.output
    texts = pages_text(out.read_bytes())
    assert len(texts) == 2 and all("Agenda personal" in text for text in texts)
    assert "Marie Dupont" in texts[0] and "La violencia terrorista" in texts[0] and "Marco Colombo" in texts[1]
