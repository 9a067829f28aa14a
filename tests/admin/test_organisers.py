"""Organiser accounts in the web UI: create (typed password or one-time link), roles, deactivate."""
from __future__ import annotations

import html
import re

from sqlalchemy import select

from delegates.admin.models import AuditEntry, Organiser
from delegates.extensions import db
from tests.conftest import PASSWORD

PATH = "/admin/organisers"


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def account(app, email: str) -> Organiser | None:
    with app.app_context():
        row = db.session.scalar(select(Organiser).where(Organiser.email == email))
        if row is not None:
            row.role_names = sorted(row.roles)
        return row


def entries(app, kind: str) -> list[AuditEntry]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEntry).where(AuditEntry.kind == kind).order_by(AuditEntry.id)))


def new_account(client, token, **changes):
    data = {"csrf_token": token, "email": "Amira.Haddad@example.org", "name": "أميرة حداد",
            "roles": ["registrar", "checkin"], "password_by": "typed", "password": "a long enough password",
            "password_again": "a long enough password"}
    data.update(changes)
    return client.post(PATH, data=data, follow_redirects=True)


def test_the_list_shows_roles_and_last_login(client, logged_in, organiser):
    organiser(email="printer@example.org", roles=("printer",))
    admin = logged_in(client)
    page = text_of(client.get(PATH))
    assert "printer@example.org" in page and admin.email in page
    assert "Badge printing" in page
    assert "never" in page  # the printer never logged in


def test_an_admin_creates_an_account_with_a_typed_password_that_logs_in(app, client, logged_in, csrf_token, login):
    admin = logged_in(client)
    response = new_account(client, csrf_token(client, PATH))
    assert response.status_code == 200
    assert "The account of amira.haddad@example.org is created." in text_of(response)
    row = account(app, "amira.haddad@example.org")
    assert row.role_names == ["checkin", "registrar"] and row.name == "أميرة حداد"
    entry = entries(app, "organiser.created")[-1]
    assert (entry.organiser_id, entry.target_id) == (admin.id, row.id)
    assert "long enough" not in repr(entry.changes) and entry.note is None
    other = app.test_client()
    assert login(other, "amira.haddad@example.org", "a long enough password").status_code == 303


def test_refusals_name_the_field(app, client, logged_in, csrf_token, organiser):
    organiser(email="taken@example.org", roles=("viewer",))
    logged_in(client)
    page = text_of(new_account(client, csrf_token(client, PATH), password="short", password_again="shorter"))
    assert "Repeat the password: the two passwords differ." in page
    assert "The password is too short: use at least 12 characters." in page
    page = text_of(new_account(client, csrf_token(client, PATH), email="taken@example.org"))
    assert "Email: an organiser with the email taken@example.org exists already." in page
    page = text_of(new_account(client, csrf_token(client, PATH), email="not an email"))
    assert "The email 'not an email' is not valid" in page
    page = text_of(new_account(client, csrf_token(client, PATH), roles=[]))
    assert "Roles: choose at least one." in page
    assert account(app, "amira.haddad@example.org") is None


def test_a_one_time_link_sets_the_password_once(app, client, logged_in, csrf_token, login):
    logged_in(client)
    response = new_account(client, csrf_token(client, PATH), password_by="link", password="", password_again="")
    page = text_of(response)
    assert response.headers["Cache-Control"] == "no-store"
    link = re.search(r'value="(http://localhost/account/password/[^"]+)"', page).group(1)
    assert entries(app, "organiser.password_link_made")
    # nobody can log in before the link is used
    outsider = app.test_client()
    path = link.removeprefix("http://localhost")
    assert "amira.haddad@example.org" in text_of(outsider.get(path))
    response = outsider.post(path, data={"csrf_token": csrf_token(outsider, path), "password": "a new password ok",
                                         "password_again": "a new password no"})
    assert "Repeat the password: the two passwords differ." in text_of(response)
    response = outsider.post(path, data={"csrf_token": csrf_token(outsider, path), "password": "a new password ok",
                                         "password_again": "a new password ok"}, follow_redirects=True)
    assert "Your password is set. Log in with it now." in text_of(response)
    assert login(app.test_client(), "amira.haddad@example.org", "a new password ok").status_code == 303
    # the link worked once
    again = outsider.get(path)
    assert again.status_code == 404 and "This link does not work" in text_of(again)
    assert entries(app, "organiser.password_set")


def test_roles_change_and_are_recorded(app, client, logged_in, csrf_token, organiser):
    target = organiser(email="reg@example.org", roles=("registrar",))
    admin = logged_in(client)
    response = client.post(f"{PATH}/{target.id}/roles", data={
        "csrf_token": csrf_token(client, PATH), f"o{target.id}-roles": ["registrar", "programme"]},
        follow_redirects=True)
    assert "reg@example.org now has the roles: Programme, Registrar." in text_of(response)
    assert account(app, "reg@example.org").role_names == ["programme", "registrar"]
    entry = entries(app, "organiser.roles_changed")[-1]
    assert entry.organiser_id == admin.id
    assert entry.changes == {"roles": [["registrar"], ["programme", "registrar"]]}
    # the organisers' page shows the change in words: these changes belong to no event's audit log
    page = text_of(client.get(PATH))
    assert "Changes to accounts" in page
    assert "Organiser's roles changed" in page
    words = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    # the arrow for the eye, the word for the ear
    assert re.search(r"Roles ?: Registrar → becomes Programme, Registrar", words), words
    arabic = " ".join(re.sub(r"<[^>]+>", " ", client.get(f"{PATH}?lang=ar").get_data(as_text=True)).split())
    assert "←" in arabic and "→" not in arabic  # right to left, the arrow points from the old to the new


def test_you_cannot_remove_your_own_admin_role(app, client, logged_in, csrf_token, organiser):
    organiser(email="second-admin@example.org", roles=("admin",))
    admin = logged_in(client)
    response = client.post(f"{PATH}/{admin.id}/roles", data={
        "csrf_token": csrf_token(client, PATH), f"o{admin.id}-roles": ["registrar"]}, follow_redirects=True)
    assert "You cannot take away your own admin role: ask another administrator." in text_of(response)
    assert account(app, admin.email).role_names == ["admin"]


def test_you_cannot_deactivate_yourself_the_last_administrator(app, client, logged_in, csrf_token):
    admin = logged_in(client)
    with app.app_context():
        from delegates.admin.settings_services import active_admins

        assert active_admins() == 1
    response = client.post(f"{PATH}/{admin.id}/deactivate", data={"csrf_token": csrf_token(client, PATH)},
                           follow_redirects=True)
    assert "You cannot deactivate your own account." in text_of(response)
    assert account(app, admin.email).is_active


def test_another_administrator_may_lose_the_role_while_one_remains(client, logged_in, csrf_token, organiser):
    other = organiser(email="other-admin@example.org", roles=("admin",))
    logged_in(client)
    token = csrf_token(client, PATH)
    response = client.post(f"{PATH}/{other.id}/roles", data={"csrf_token": token, f"o{other.id}-roles": ["viewer"]},
                           follow_redirects=True)
    assert "other-admin@example.org now has the roles: Viewer (read only)." in text_of(response)


def test_deactivating_ends_the_sessions_at_once(app, client, logged_in, csrf_token, login, organiser):
    target = organiser(email="door@example.org", roles=("checkin",))
    theirs = app.test_client()
    assert login(theirs, "door@example.org").status_code == 303
    assert theirs.get("/admin/").status_code == 200
    logged_in(client)
    response = client.post(f"{PATH}/{target.id}/deactivate", data={"csrf_token": csrf_token(client, PATH)},
                           follow_redirects=True)
    assert ("The account of door@example.org is deactivated: they are logged out everywhere and cannot log in."
            in text_of(response))
    assert theirs.get("/admin/").status_code == 302  # their cookie no longer works
    assert login(app.test_client(), "door@example.org", PASSWORD).status_code != 303
    assert entries(app, "organiser.deactivated")[-1].changes == {"is_active": [True, False]}
    response = client.post(f"{PATH}/{target.id}/reactivate", data={"csrf_token": csrf_token(client, PATH)},
                           follow_redirects=True)
    assert "The account of door@example.org works again." in text_of(response)
    assert login(app.test_client(), "door@example.org", PASSWORD).status_code == 303


def test_a_registrar_cannot_manage_accounts(app, client, logged_in, csrf_token, organiser):
    target = organiser(email="victim@example.org", roles=("admin",))
    me = logged_in(client, roles=("registrar",))
    token = csrf_token(client, "/admin/login")
    assert client.get(PATH).status_code == 403
    assert new_account(client, token).status_code == 403
    assert client.post(f"{PATH}/{me.id}/roles", data={"csrf_token": token, f"o{me.id}-roles": ["admin"]}
                       ).status_code == 403
    assert client.post(f"{PATH}/{target.id}/deactivate", data={"csrf_token": token}).status_code == 403
    assert account(app, me.email).role_names == ["registrar"]
    assert account(app, "victim@example.org").is_active


def test_the_last_active_administrator_is_never_demoted_or_deactivated(app, organiser):
    """Through the pages an admin can only be the last one themself; the rule also holds for anyone else (a script)."""
    from delegates.admin.settings_services import SettingsError, set_active, set_roles

    only = organiser(email="only-admin@example.org", roles=("admin",))
    other = organiser(email="script@example.org", roles=("registrar",))
    with app.app_context():
        target, by = db.session.get(Organiser, only.id), db.session.get(Organiser, other.id)
        for change in (lambda: set_roles(target, ["viewer"], by), lambda: set_active(target, False, by)):
            try:
                change()
            except SettingsError as error:
                assert "only-admin@example.org is the last administrator" in error.message
            else:
                raise AssertionError("the last administrator lost the role or the account")
        db.session.rollback()
        assert db.session.get(Organiser, only.id).roles == {"admin"}


def test_the_password_link_never_reaches_the_access_log(app):
    import logging

    from delegates.admin.settings import RedactPasswordLinks

    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '"GET /account/password/%s HTTP/1.1" 200 -',
                               ("eyJvIjo1fQ.ZxY1.abcDEF_ghi-123",), None)
    RedactPasswordLinks().filter(record)
    assert record.getMessage() == '"GET /account/password/… HTTP/1.1" 200 -'
    assert any(isinstance(f, RedactPasswordLinks) for f in logging.getLogger("werkzeug").filters)
