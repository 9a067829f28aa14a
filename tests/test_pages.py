"""Public pages: the list of events, an event's page, errors, languages, health, security headers."""
from datetime import date, datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest

from delegates import create_app
from delegates.extensions import db
from delegates.programme.models import ConferenceSession, Room
from delegates.registration.models import Event

ROME = ZoneInfo("Europe/Rome")


class _HtmlTag(HTMLParser):
    def __init__(self):
        super().__init__()
        self.attrs: dict | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "html" and self.attrs is None:
            self.attrs = dict(attrs)


def html_attributes(page: str) -> dict:
    parser = _HtmlTag()
    parser.feed(page)
    assert parser.attrs is not None, "no <html> tag"
    return parser.attrs


def text(response) -> str:
    return response.get_data(as_text=True)


def test_the_home_page_names_published_events_and_not_unpublished_ones(app, client, event):
    with app.app_context():
        db.session.add(Event(slug="retreat", name="Closed Door Retreat", city="Lyon", timezone="Europe/Paris",
                             starts_on=date(2013, 3, 1), ends_on=date(2013, 3, 2), is_published=False))
        db.session.commit()
    response = client.get("/")
    assert response.status_code == 200
    assert event.name in text(response)
    assert 'href="/e/test/"' in text(response)
    assert "Closed Door Retreat" not in text(response)


def test_an_unpublished_event_is_not_found_by_the_public_but_organisers_may_preview_it(app, client, logged_in):
    with app.app_context():
        db.session.add(Event(slug="retreat", name="Closed Door Retreat", city="Lyon", timezone="Europe/Paris",
                             starts_on=date(2013, 3, 1), ends_on=date(2013, 3, 2), is_published=False))
        db.session.commit()
    assert client.get("/e/retreat/").status_code == 404
    logged_in(client, roles=("viewer",))
    response = client.get("/e/retreat/")
    assert response.status_code == 200
    assert "Closed Door Retreat" in text(response)


def test_the_home_page_says_when_no_event_is_published(client):
    assert "No event is published yet." in text(client.get("/"))


def test_the_event_page_shows_the_city_and_the_programme_on_romes_clock(app, client, event):
    with app.app_context():
        room = Room(event_id=event.id, name="Sala Raffaello", capacity=1200)
        db.session.add_all([
            ConferenceSession(event=db.session.get(Event, event.id), room=room, kind="plenary",
                              title="Opening ceremony", capacity=1200,
                              starts_at=datetime(2012, 11, 5, 9, 0, tzinfo=ROME),
                              ends_at=datetime(2012, 11, 5, 10, 30, tzinfo=ROME)),
            ConferenceSession(event_id=event.id, kind="side_event", title="Closed briefing", capacity=20,
                              is_public=False, starts_at=datetime(2012, 11, 6, 18, 0, tzinfo=ROME),
                              ends_at=datetime(2012, 11, 6, 19, 0, tzinfo=ROME)),
        ])
        db.session.commit()
    response = client.get("/e/test/")
    assert response.status_code == 200
    page = text(response)
    assert "Rome" in page
    assert "Opening ceremony" in page
    assert "Sala Raffaello" in page
    assert ">09:00</time>" in page  # 08:00 UTC, on Rome's clock
    assert ">10:30</time>" in page
    assert ">08:00</time>" not in page
    assert "Closed briefing" not in page


def test_an_unknown_event_is_a_404_page_in_the_house_layout(client):
    response = client.get("/e/nope/")
    assert response.status_code == 404
    page = text(response)
    assert "Page not found" in page
    assert 'class="site-header"' in page
    assert "Back to the list of events" in page
    assert html_attributes(page) == {"lang": "en", "dir": "ltr"}


# what a person reads on the error pages they can meet, in each language (Werkzeug's own names are English)
ERROR_HEADINGS = {
    "en": {404: "Page not found", 405: "This address does not take that request", 413: "What was sent is too large"},
    "fr": {404: "Page introuvable", 405: "Cette adresse n’accepte pas cette demande",
           413: "L’envoi est trop volumineux"},
    "es": {404: "Página no encontrada", 405: "Esta dirección no admite esa solicitud",
           413: "Lo enviado es demasiado grande"},
    "ar": {404: "الصفحة غير موجودة", 405: "هذا العنوان لا يقبل هذا الطلب", 413: "ما أُرسل كبير الحجم أكثر من اللازم"},
}
TOO_LARGE = {
    "en": "What a form sends may be at most 1 MB in all.",
    "fr": "Un formulaire peut envoyer au plus 1 Mo en tout.",
    "es": "Un formulario puede enviar como máximo 1 MB en total.",
    "ar": "لا يجوز أن يتجاوز ما يرسله النموذج 1 ميغابايت إجمالًا.",
}


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
def test_error_pages_are_in_the_pages_language_with_their_heading_as_title(app, client, event, lang):
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    # the body as bytes (the test client would spool a file part this large to a file the app never reads)
    body = (b'--b\r\nContent-Disposition: form-data; name="photo"; filename="portrait.jpg"\r\n'
            b"Content-Type: image/jpeg\r\n\r\n" + b"x" * (1024 * 1024) + b"\r\n--b--\r\n")
    answers = {
        404: client.get("/e/nope/", query_string={"lang": lang}),
        405: client.put("/e/test/register", query_string={"lang": lang}),
        413: client.post("/e/test/register", query_string={"lang": lang}, data=body,
                         content_type="multipart/form-data; boundary=b"),
    }
    for code, response in answers.items():
        assert response.status_code == code
        page = text(response)
        heading = ERROR_HEADINGS[lang][code]
        assert f"<h1>{heading}</h1>" in page, code
        assert f"<title>{heading} ({code})" in page, code
        assert html_attributes(page) == {"lang": lang, "dir": "rtl" if lang == "ar" else "ltr"}
        for english in ("Not Found", "Method Not Allowed", "Request Entity Too Large", "The method is not allowed"):
            assert english not in page, (code, english)
    assert TOO_LARGE[lang] in text(answers[413])


def test_a_404_says_why_when_the_page_knows(app, client, event, new_participant):
    from delegates.registration.services import new_private_token

    with app.app_context():
        token, token_hash, token_seed = new_private_token()
        db.session.add(new_participant(token_hash=token_hash, token_seed=token_seed))
        db.session.commit()
    response = client.get(f"/me/{token}/badge.pdf", query_string={"lang": "fr"})
    assert response.status_code == 404
    page = text(response)
    assert "<h1>Page introuvable</h1>" in page
    assert ("Votre badge n’est pas encore disponible\u00a0: il sera établi dès que votre inscription aura été "
            "accréditée.") in page


@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("fr", "ltr"), ("es", "ltr"), ("en", "ltr")])
def test_every_page_is_offered_in_the_four_languages(client, event, lang, direction):
    for path in ("/", "/e/test/", "/admin/login", "/e/nope/"):
        response = client.get(path, query_string={"lang": lang})
        assert html_attributes(text(response)) == {"lang": lang, "dir": direction}, path


def test_the_language_chosen_stays_for_the_next_pages(client):
    client.get("/", query_string={"lang": "ar"})
    assert html_attributes(text(client.get("/"))) == {"lang": "ar", "dir": "rtl"}


def test_the_health_check_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"


@pytest.mark.parametrize("uri", [
    "sqlite:///{tmp_path}/no-such-directory/delegates.sqlite",
    "postgresql+psycopg://postgres@127.0.0.1:1/delegates?connect_timeout=2",
], ids=["sqlite-cannot-open", "postgresql-not-listening"])
def test_the_health_check_answers_503_when_the_database_does_not(tmp_path, uri):
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": uri.format(tmp_path=tmp_path)})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] != "ok"
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("path", ["/", "/e/test/", "/e/nope/", "/admin/login", "/healthz"])
def test_every_answer_carries_the_security_headers(client, event, path):
    response = client.get(path)
    policy = [part.strip() for part in response.headers["Content-Security-Policy"].split(";")]
    assert "frame-ancestors 'none'" in policy
    assert "default-src 'self'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_organiser_pages_are_not_cached(client):
    assert client.get("/admin/login").headers["Cache-Control"] == "no-store"


def test_an_expired_form_is_explained_in_the_pages_language_not_in_the_librarys_english(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/admin/login", query_string={"lang": "fr"},
                           data={"email": "a@example.org", "password": "x"})
    assert response.status_code == 400
    page = text(response)
    assert "<h1>Le formulaire avait expiré</h1>" in page
    assert "Pour votre sécurité, un formulaire n’est valable que dans la session de navigation qui l’a affiché." in page
    assert "CSRF" not in page
