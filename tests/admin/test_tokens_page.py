"""API tokens in the web UI: a new token is shown once and works against the API; a revoked one gets 401."""
from __future__ import annotations

import html
import re

from sqlalchemy import select

from delegates.admin.models import ApiToken, AuditEntry
from delegates.extensions import db


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def create_token(client, csrf_token, slug: str, name: str = "Scanner, hall A", role: str = "registrar"):
    path = f"/admin/e/{slug}/tokens"
    return client.post(path, data={"csrf_token": csrf_token(client, path), "name": name, "role": role})


def test_a_new_token_is_shown_once_and_works_against_the_api(app, client, logged_in, csrf_token, event):
    admin = logged_in(client)
    response = create_token(client, csrf_token, event.slug)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    page = text_of(response)
    assert "The token Scanner, hall A is created." in page
    token = re.search(r'value="(dlg_[^"]+)"', page).group(1)
    api = app.test_client()
    answer = api.get(f"/api/v1/events/{event.slug}/participants", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200
    # the list shows it by name and prefix, never the whole token again
    listing = text_of(client.get(f"/admin/e/{event.slug}/tokens"))
    assert "Scanner, hall A" in listing and token[:10] in listing and token not in listing
    assert "Registrar" in listing and admin.email in listing
    with app.app_context():
        row = db.session.scalar(select(ApiToken).where(ApiToken.name == "Scanner, hall A"))
        assert row.created_by_id == admin.id and row.last_used_at is not None and token not in row.token_hash
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.kind == "api_token.created"))
        assert entry.organiser_id == admin.id and token not in repr(entry.changes)


def test_a_revoked_token_gets_401(app, client, logged_in, csrf_token, event):
    logged_in(client)
    token = re.search(r'value="(dlg_[^"]+)"', text_of(create_token(client, csrf_token, event.slug))).group(1)
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))
    path = f"/admin/e/{event.slug}/tokens"
    response = client.post(f"{path}/{token_id}/revoke", data={"csrf_token": csrf_token(client, path)},
                           follow_redirects=True)
    assert "The token Scanner, hall A is revoked: it stops working now." in text_of(response)
    assert "revoked on" in text_of(response)
    answer = app.test_client().get(f"/api/v1/events/{event.slug}/participants",
                                   headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 401
    with app.app_context():
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.kind == "api_token.revoked")) is not None


def test_a_token_needs_a_name(client, logged_in, csrf_token, event):
    logged_in(client)
    response = create_token(client, csrf_token, event.slug, name="  ")
    assert response.status_code == 400
    assert "Name: say which device or integration holds it." in text_of(response)


def test_a_registrar_cannot_make_or_revoke_tokens(app, client, logged_in, csrf_token, event):
    logged_in(client, roles=("registrar",))
    token = csrf_token(client, "/admin/login")
    path = f"/admin/e/{event.slug}/tokens"
    assert client.get(path).status_code == 403
    assert client.post(path, data={"csrf_token": token, "name": "x", "role": "admin"}).status_code == 403
    assert client.post(f"{path}/1/revoke", data={"csrf_token": token}).status_code == 403
    with app.app_context():
        assert db.session.scalar(select(ApiToken.id)) is None
