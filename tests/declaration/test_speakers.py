"""The speakers' list of a plenary: ministers first, then heads of delegation, then the rest, each by time of
request; the organiser reorders, marks who spoke, and prints the list."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from declaration_world import rome
from pypdf import PdfReader
from sqlalchemy import select

from delegates.admin.models import AuditEntry
from delegates.declaration.models import SpeakerRequest
from delegates.extensions import db


@pytest.fixture
def plenary(app, event, world) -> int:
    """The opening plenary, on the ``world`` of the declaration tests (Italy, France, Spain, Germany)."""
    from delegates.programme.models import ConferenceSession

    with app.app_context():
        row = ConferenceSession(event_id=event.id, code="plenary-1", kind="plenary", title="Opening plenary",
                                translations={"fr": {"title": "Séance plénière d'ouverture"}},
                                starts_at=rome(5, 9), ends_at=rome(5, 12), capacity=300)
        db.session.add(row)
        db.session.commit()
        return row.id


def page_path(plenary: int) -> str:
    return f"/admin/e/test/speakers/{plenary}"


def ask(client, csrf_token, plenary, delegation_id, participant_id):
    token = csrf_token(client, page_path(plenary))
    return client.post(page_path(plenary), data={"csrf_token": token, "delegation_id": delegation_id,
                                                 "participant_id": participant_id})


def act(client, csrf_token, plenary, request_id, action, **data):
    token = csrf_token(client, page_path(plenary))
    return client.post(f"{page_path(plenary)}/{request_id}/{action}", data={"csrf_token": token, **data})


def listed(client, plenary) -> list[str]:
    """The delegations in the page's list, top to bottom."""
    html = client.get(page_path(plenary)).get_data(as_text=True)
    table = html[html.index('id="speakers-table"'):]
    table = table[:table.index("</table>")]
    return re.findall(r'<tr id="request-\d+"[^>]*>\s*<td class="num">\d+</td>\s*<td>([^<]+)</td>', table)


def request_id(app, delegation_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(SpeakerRequest.id).where(SpeakerRequest.delegation_id == delegation_id))


def backdate(app, delegation_id: int, minutes: int) -> None:
    """Make a request older, as if asked ``minutes`` before the others."""
    with app.app_context():
        row = db.session.get(SpeakerRequest, request_id(app, delegation_id))
        row.requested_at -= timedelta(minutes=minutes)
        db.session.commit()


def test_the_list_puts_ministers_first_then_heads_of_delegation_then_the_time_of_request(
        app, client, logged_in, csrf_token, world, plenary, add_person):
    logged_in(client, roles=("protocol",))
    germany_delegate = add_person("DEU", "Delegate", given_name="Klaus", family_name="Becker")
    # Germany's delegate asks first, Italy's head of delegation next, France's and Spain's ministers last
    for country, person in (("DEU", germany_delegate), ("ITA", world.people["ita_head"]),
                            ("ESP", world.people["esp_minister"]), ("FRA", world.people["fra_minister"])):
        response = ask(client, csrf_token, plenary, world.delegations[country], person)
        assert response.status_code == 303, response.get_data(as_text=True)
    backdate(app, world.delegations["FRA"], 5)  # France's minister asked before Spain's

    assert listed(client, plenary) == ["France", "Spain", "Italy", "Germany"]
    html = client.get(page_path(plenary)).get_data(as_text=True)
    assert "Manuel Valls" in html and "Head of Delegation" in html and "Klaus Becker" in html
    assert "Print the list (PDF)" in html


def test_the_page_names_delegations_in_the_pages_language(client, logged_in, csrf_token, world, plenary):
    logged_in(client, roles=("protocol",))
    ask(client, csrf_token, plenary, world.delegations["ITA"],
        world.people["ita_minister"])
    html = client.get(page_path(plenary), headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Italie" in html and "Séance plénière d&#39;ouverture" in html


def test_a_manual_reorder_sticks(app, client, logged_in, csrf_token, world, plenary):
    logged_in(client, roles=("protocol",))
    ask(client, csrf_token, plenary, world.delegations["ITA"], world.people["ita_delegate"])
    ask(client, csrf_token, plenary, world.delegations["FRA"], world.people["fra_minister"])
    ask(client, csrf_token, plenary, world.delegations["ESP"], world.people["esp_minister"])
    assert listed(client, plenary) == ["France", "Spain", "Italy"]

    italy = request_id(app, world.delegations["ITA"])
    assert act(client, csrf_token, plenary, italy, "up").status_code == 303
    assert listed(client, plenary) == ["France", "Italy", "Spain"]
    assert act(client, csrf_token, plenary, italy, "position", position=1).status_code == 303
    assert listed(client, plenary) == ["Italy", "France", "Spain"]
    spain = request_id(app, world.delegations["ESP"])
    act(client, csrf_token, plenary, spain, "down")  # already last: nothing moves
    assert listed(client, plenary) == ["Italy", "France", "Spain"]
    # marking who spoke keeps the order
    act(client, csrf_token, plenary, italy, "spoke")
    assert listed(client, plenary) == ["Italy", "France", "Spain"]
    with app.app_context():
        kinds = db.session.scalars(select(AuditEntry.kind).where(AuditEntry.kind.like("speaker.%"))).all()
    assert kinds.count("speaker.moved") == 2 and kinds.count("speaker.requested") == 3


def test_a_delegation_asks_once_per_session(client, logged_in, csrf_token, world, plenary):
    logged_in(client, roles=("protocol",))
    assert ask(client, csrf_token, plenary, world.delegations["ITA"], world.people["ita_minister"]).status_code == 303
    response = ask(client, csrf_token, plenary, world.delegations["ITA"], world.people["ita_head"])
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Italy has already asked for the floor in this session (Anna Maria Cancellieri)." in html
    assert listed(client, plenary) == ["Italy"]


def test_a_speaker_who_is_not_a_member_of_the_delegation_is_refused(client, logged_in, csrf_token, world, plenary):
    logged_in(client, roles=("protocol",))
    response = ask(client, csrf_token, plenary, world.delegations["ITA"], world.people["fra_minister"])
    assert response.status_code == 422
    assert "Manuel Valls is not a member of the delegation of Italy." in response.get_data(as_text=True)
    response = ask(client, csrf_token, plenary, world.delegations["FRA"], world.people["fra_minister_pending"])
    assert response.status_code == 422
    assert "Christiane Taubira is not accredited" in response.get_data(as_text=True)
    assert listed(client, plenary) == []


def test_marking_who_spoke_and_a_withdrawal(app, client, logged_in, csrf_token, world, plenary):
    logged_in(client, roles=("protocol",))
    ask(client, csrf_token, plenary, world.delegations["ITA"], world.people["ita_minister"])
    ask(client, csrf_token, plenary, world.delegations["FRA"], world.people["fra_minister"])
    italy, france = request_id(app, world.delegations["ITA"]), request_id(app, world.delegations["FRA"])
    assert act(client, csrf_token, plenary, italy, "spoke").status_code == 303
    assert act(client, csrf_token, plenary, france, "withdrawn").status_code == 303
    html = client.get(page_path(plenary)).get_data(as_text=True)
    italy_row = html[html.index(f'id="request-{italy}"'):]
    assert ">Spoke</span>" in italy_row[:italy_row.index("</tr>")]
    france_row = html[html.index(f'id="request-{france}"'):]
    assert ">Withdrawn</span>" in france_row[:france_row.index("</tr>")]
    with app.app_context():
        row = db.session.get(SpeakerRequest, italy)
        assert row.status == "spoke" and row.spoke_at is not None
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.kind == "speaker.spoke")).changes == {
            "status": ["waiting", "spoke"]}


def test_the_printed_list_is_in_the_order_the_floor_is_given(app, client, runner, logged_in, csrf_token, world,
                                                           plenary, tmp_path):
    logged_in(client, roles=("protocol",))
    ask(client, csrf_token, plenary, world.delegations["ITA"], world.people["ita_delegate"])
    ask(client, csrf_token, plenary, world.delegations["FRA"], world.people["fra_minister"])
    ask(client, csrf_token, plenary, world.delegations["ESP"], world.people["esp_minister"])
    act(client, csrf_token, plenary, request_id(app, world.delegations["ESP"]), "spoke")

    out = tmp_path / "speakers.pdf"
    result = runner.invoke(args=["report", "speakers", str(out), "--event", "test", "--session", str(plenary)])
    assert result.exit_code == 0, result.output
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Speakers' list" in text and "Opening plenary" in text
    assert text.index("Manuel Valls") < text.index("Jorge Fernández Díaz") < text.index("Giulia Rossi")
    assert "Spoke" in text

    response = client.get(f"{page_path(plenary)}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")


def test_the_report_refuses_a_session_that_is_not_a_plenary(runner, world, tmp_path):
    result = runner.invoke(args=["report", "speakers", str(tmp_path / "x.pdf"), "--event", "test",
                                 "--session", str(world.sessions["ministerial"])])
    assert result.exit_code != 0 and "has no plenary" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_a_viewer_sees_the_list_but_cannot_change_it(app, client, logged_in, csrf_token, organiser, login, world,
                                                      plenary):
    logged_in(client, roles=("protocol",))
    ask(client, csrf_token, plenary, world.delegations["ITA"], world.people["ita_minister"])
    italy = request_id(app, world.delegations["ITA"])
    client.post("/admin/logout", data={"csrf_token": csrf_token(client, page_path(plenary))})

    logged_in(client, roles=("viewer",))
    response = client.get(page_path(plenary))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Anna Maria Cancellieri" in html and "Add to the list" not in html
    token = csrf_token(client, "/admin/e/test/ministers")
    assert client.post(page_path(plenary), data={"csrf_token": token, "delegation_id": world.delegations["FRA"],
                                                 "participant_id": world.people["fra_minister"]}).status_code == 403
    assert client.post(f"{page_path(plenary)}/{italy}/spoke", data={"csrf_token": token}).status_code == 403
    assert listed(client, plenary) == ["Italy"]


def test_a_programme_officer_without_the_protocol_role_cannot_open_it(client, logged_in, world, plenary):
    logged_in(client, roles=("programme",))
    assert client.get(page_path(plenary)).status_code == 403


def test_a_session_that_is_not_a_plenary_has_no_speakers_list(client, logged_in, world, plenary):
    logged_in(client, roles=("protocol",))
    assert client.get(page_path(world.sessions["ministerial"])).status_code == 404
    html = client.get("/admin/e/test/ministers").get_data(as_text=True)
    assert f'href="/admin/e/test/speakers/{plenary}"' in html
