"""The protocol officer's declaration page: signed, not signed, who to approach now; recording and
correcting signatures; the texts' versions; the signature times."""
from __future__ import annotations

from datetime import timedelta

from declaration_world import TEXTS, rome_today
from sqlalchemy import select

from delegates.admin.models import AuditEntry
from delegates.declaration.models import Declaration, DeclarationText, Signature
from delegates.extensions import db


def page(client, path="/admin/e/test/declaration", **query):
    response = client.get(path, query_string=query)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def section(html: str, table_id: str) -> str:
    start = html.index(f'id="{table_id}"')
    return html[start:html.index("</table>", start)]


def sign_path(world, country):
    return f"/admin/e/test/declaration/{world.declaration}/sign/{country}"


def post_signature(client, csrf_token, world, country, participant_id, **fields):
    token = csrf_token(client, sign_path(world, country))
    data = {"csrf_token": token, "participant_id": participant_id, "method": "in_person", **fields}
    return client.post(sign_path(world, country), data=data)


def test_the_page_lists_every_country_as_not_signed_at_first(client, logged_in, world):
    logged_in(client, roles=("protocol",))
    html = page(client)
    assert "Joint Ministerial Declaration" in html and "Open for signature" in html
    assert "0 of 4 countries signed." in html
    not_signed = section(html, "not-signed")
    for country in ("France", "Germany", "Italy", "Spain"):
        assert country in not_signed
    assert "Anna Maria Cancellieri" in not_signed  # Italy's minister, to approach
    assert "No accredited minister or head of delegation" in not_signed  # Germany


def test_present_but_not_signed_lists_the_person_to_approach(client, logged_in, world, attend):
    attend(world.people["ita_head"])  # Italy's head of delegation came in today
    attend(world.people["fra_minister"], day=rome_today() - timedelta(days=1))  # France's minister, yesterday only
    attend(world.people["ita_delegate"])
    logged_in(client, roles=("protocol",))
    present = section(page(client), "present-not-signed")
    assert "Italy" in present and "Antonio Manganelli" in present
    assert "France" not in present and "Spain" not in present and "Giulia Rossi" not in present


def test_a_country_that_signed_leaves_the_present_list(client, logged_in, csrf_token, world, attend):
    attend(world.people["ita_minister"])
    attend(world.people["esp_minister"])
    logged_in(client, roles=("protocol",))
    assert post_signature(client, csrf_token, world, "ITA", world.people["ita_minister"]).status_code == 303
    html = page(client)
    assert "Italy" not in section(html, "present-not-signed") and "Spain" in section(html, "present-not-signed")
    assert "Italy" in section(html, "signed") and "1 of 4 countries signed." in html


def test_the_organiser_who_records_a_signature_is_its_witness(app, client, logged_in, csrf_token, world):
    account = logged_in(client, roles=("protocol",))
    response = post_signature(client, csrf_token, world, "ITA", world.people["ita_minister"])
    assert response.status_code == 303
    assert "The signature of Italy is recorded." in page(client)
    with app.app_context():
        signature = db.session.scalar(select(Signature))
        assert (signature.witnessed_by_id, signature.signatory_id) == (account.id, world.people["ita_minister"])
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.kind == "signature.recorded")).organiser_id \
            == account.id


def test_recording_a_country_again_answers_409_and_keeps_one_signature(app, client, logged_in, csrf_token, world):
    logged_in(client, roles=("protocol",))
    token = csrf_token(client, sign_path(world, "ITA"))
    data = {"csrf_token": token, "participant_id": world.people["ita_minister"], "method": "in_person"}
    assert client.post(sign_path(world, "ITA"), data=data).status_code == 303
    again = client.post(sign_path(world, "ITA"), data={**data, "participant_id": world.people["ita_head"]})
    assert again.status_code == 409
    assert "Italy signed already" in again.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.scalars(select(Signature)).all()) == 1


def test_the_sign_page_offers_only_the_countrys_ministers_and_head(client, logged_in, world):
    logged_in(client, roles=("protocol",))
    html = page(client, sign_path(world, "ITA"))
    assert "Anna Maria Cancellieri" in html and "Antonio Manganelli" in html
    assert "Giulia Rossi" not in html and "Manuel Valls" not in html


def test_a_letter_without_its_date_is_refused_on_the_form(client, logged_in, csrf_token, world):
    logged_in(client, roles=("protocol",))
    response = post_signature(client, csrf_token, world, "FRA", world.people["fra_minister"], method="letter",
                              letter_reference="NV/118")
    assert response.status_code == 400
    assert "A signature by letter needs the date of the note verbale." in response.get_data(as_text=True)


def test_a_signature_before_the_opening_time_is_refused_on_the_form(app, client, logged_in, csrf_token, world):
    with app.app_context():
        declaration = db.session.get(Declaration, world.declaration)
        declaration.opens_at = declaration.opens_at + timedelta(days=2)
        db.session.commit()
    logged_in(client, roles=("protocol",))
    response = post_signature(client, csrf_token, world, "ITA", world.people["ita_minister"])
    assert response.status_code == 409
    assert "The declaration opens for signature at" in response.get_data(as_text=True)


def test_a_correction_is_saved_on_the_same_signature_and_audited(app, client, logged_in, csrf_token, world):
    logged_in(client, roles=("protocol",))
    post_signature(client, csrf_token, world, "FRA", world.people["fra_minister"])
    with app.app_context():
        signature_id = db.session.scalar(select(Signature.id))
    path = f"/admin/e/test/declaration/{world.declaration}/signatures/{signature_id}"
    token = csrf_token(client, path)
    day = (rome_today() - timedelta(days=1)).isoformat()
    response = client.post(path, data={"csrf_token": token, "participant_id": world.people["fra_minister"],
                                       "method": "letter", "letter_date": day, "letter_reference": "NV/2012/7"})
    assert response.status_code == 303
    assert "By letter of" in section(page(client), "signed")
    with app.app_context():
        rows = db.session.scalars(select(Signature)).all()
        assert [(r.id, r.method, r.letter_reference) for r in rows] == [(signature_id, "letter", "NV/2012/7")]
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.kind == "signature.corrected"))
        assert entry.changes["method"] == ["in_person", "letter"] and entry.target_id == signature_id


def test_a_new_version_of_the_text_keeps_the_old_one_readable(app, client, logged_in, csrf_token, world):
    logged_in(client, roles=("protocol",))
    path = f"/admin/e/test/declaration/{world.declaration}/texts"
    data = {"csrf_token": csrf_token(client, path)}
    for lang, (title, body) in TEXTS.items():
        data[f"title_{lang}"], data[f"body_{lang}"] = title, body
    data["body_fr"] = "Nous, ministres,\n\nAppelons tous les pays membres à agir."
    assert client.post(path, data=data).status_code == 303
    html = page(client)
    assert "Version 2." in html and "à agir" in html
    old = page(client, f"/admin/e/test/declaration/{world.declaration}/versions/1")
    assert "Appelons tous les pays membres." in old and "à agir" not in old
    with app.app_context():
        assert db.session.get(Declaration, world.declaration).current_version == 2
        assert len(db.session.scalars(select(DeclarationText).where(DeclarationText.version == 2)).all()) == 4
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.kind == "declaration.new_version"))
        assert "body_fr" in entry.changes and "body_en" not in entry.changes


def test_the_signature_times_are_read_on_the_events_clock(app, client, logged_in, csrf_token, world):
    logged_in(client, roles=("protocol",))
    token = csrf_token(client, "/admin/e/test/declaration")
    response = client.post(f"/admin/e/test/declaration/{world.declaration}/window",
                           data={"csrf_token": token, "opens_at": "2012-11-05T17:30", "closes_at": ""})
    assert response.status_code == 303
    with app.app_context():
        declaration = db.session.get(Declaration, world.declaration)
        assert declaration.event.local(declaration.opens_at).strftime("%d %H:%M") == "05 17:30"
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.kind == "declaration.window_changed"))


def test_a_viewer_reads_the_page_but_cannot_record(client, logged_in, csrf_token, world):
    logged_in(client, roles=("viewer",))
    html = page(client)
    assert "Record a signature" not in html
    token = csrf_token(client, "/admin/e/test/declaration")
    response = client.post(sign_path(world, "ITA"), data={"csrf_token": token, "method": "in_person",
                                                          "participant_id": world.people["ita_minister"]})
    assert response.status_code == 403


def test_a_registrar_may_not_see_the_declaration_page(client, logged_in, world):
    logged_in(client, roles=("registrar",))
    assert client.get("/admin/e/test/declaration").status_code == 403
    assert client.get("/admin/e/test/ministers").status_code == 403


def test_the_number_of_queries_does_not_grow_with_the_countries(app, client, logged_in, world, add_person, attend):
    from sqlalchemy import event as sa_event

    def queries() -> int:
        statements = []
        with app.app_context():
            engine = db.engine
        listener = lambda *args: statements.append(args)  # noqa: E731
        sa_event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get("/admin/e/test/declaration").status_code == 200
        finally:
            sa_event.remove(engine, "before_cursor_execute", listener)
        return len(statements)

    logged_in(client, roles=("protocol",))
    few = queries()
    for country in ("BRA", "JPN", "KEN", "ARG", "EGY", "IND", "CAN", "NGA"):
        attend(add_person(country))
        add_person(country, "Head of Delegation")
    assert queries() == few
