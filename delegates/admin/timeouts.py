"""Organisers' sessions end after a while without a request (idle) and a while after the login (absolute).

Both times are kept in the signed session cookie, so a copied cookie carries them too: it cannot be kept
alive past the absolute limit, and it cannot be changed without the secret key.
"""
from __future__ import annotations

import time

from flask import Flask, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import logout_user, user_logged_in

LOGGED_IN_AT = "login_at"
SEEN_AT = "seen_at"
# the last-seen time is rewritten at most this often (each rewrite sends a new cookie)
SEEN_RESOLUTION = 30


def init_app(app: Flask) -> None:
    user_logged_in.connect(_stamp_login, app)
    app.before_request(end_expired_session)


def _stamp_login(sender, user, **extra) -> None:
    now = int(time.time())
    session[LOGGED_IN_AT] = now
    session[SEEN_AT] = now


def expired(now: float, app: Flask) -> bool:
    logged_in_at, seen_at = session.get(LOGGED_IN_AT), session.get(SEEN_AT)
    if not isinstance(logged_in_at, int) or not isinstance(seen_at, int):
        return True  # a login cookie without the times was not made here
    return (now - seen_at > app.config["ORGANISER_IDLE_TIMEOUT"]
            or now - logged_in_at > app.config["ORGANISER_ABSOLUTE_TIMEOUT"])


def end_expired_session():
    """Before each request of a logged-in organiser: log out an expired session, else note the time."""
    from flask import current_app

    if "_user_id" not in session or request.endpoint == "static":
        return None
    now = int(time.time())
    if expired(now, current_app):
        logout_user()
        session.clear()
        if request.path.startswith("/admin") and request.endpoint not in ("admin.login", "admin.logout"):
            flash(_("Your session has ended. Please log in again."), "info")
            return redirect(url_for("admin.login", next=request.full_path.rstrip("?")
                                    if request.method == "GET" else None))
        return None
    if now - session.get(SEEN_AT, 0) >= SEEN_RESOLUTION:
        session[SEEN_AT] = now
    return None
