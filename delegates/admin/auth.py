"""Organisers' login and the role check that guards every organiser route."""
from __future__ import annotations

import functools
from collections.abc import Callable

from flask import Flask, abort, request
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user
from sqlalchemy import select

from delegates.admin.models import ROLES, Organiser
from delegates.extensions import db

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def init_login(app: Flask, login_manager: LoginManager) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "admin.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_organiser(user_id: str) -> Organiser | None:
        # the id is "<organiser id>:<session token>"; the token changes at each
        # login and logout, so a copied cookie stops working after logout
        ident, _, token = user_id.partition(":")
        if not ident.isdigit() or not token:
            return None
        organiser = db.session.scalar(
            select(Organiser).where(Organiser.id == int(ident), Organiser.session_token == token)
        )
        if organiser is None or not organiser.is_active:
            return None
        return organiser


def requires(*roles: str) -> Callable:
    """Guard an organiser view: reading needs one of ``roles`` or ``viewer``; writing needs one of ``roles``.

    ``admin`` passes everywhere; with no ``roles`` any organiser may read and only
    ``admin`` may write. Anonymous visitors go to the login page.
    """

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            from delegates.extensions import login_manager

            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if request.method in SAFE_METHODS:
                allowed = (*roles, "viewer") if roles else ROLES
            else:
                allowed = roles
            if not current_user.has_role(*allowed):
                abort(403)
            return view(*args, **kwargs)

        guarded.required_roles = roles
        return guarded

    return decorate
