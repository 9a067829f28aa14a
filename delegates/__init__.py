"""Delegates: the delegate side of large intergovernmental meetings."""
from __future__ import annotations

import gc
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | str | None = None) -> Flask:
    """Build the application; ``config`` is a settings dict or a class name in ``config.py``."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    configure(app, config)
    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    register_errorhandlers(app)
    register_request_hooks(app)
    if not app.testing:
        # What the app is built from (modules, mappers, routes, templates, catalogues) lives as long as the
        # process: out of the garbage collector's sight, a full collection no longer walks it (measured: pauses
        # of 60-100 ms inside a request, a few times a minute under load, were the scan API's p99).
        gc.freeze()
    return app


def configure(app: Flask, config: dict | str | None) -> None:
    from delegates.common.settings import apply_settings
    from delegates.common.urls import install_converters

    apply_settings(app, config)
    install_converters(app)


def register_extensions(app: Flask) -> None:
    from delegates import models  # noqa: F401  every table, for SQLAlchemy and Alembic
    from delegates.common import database, i18n, mail
    from delegates.extensions import babel, csrf, db, login_manager, migrate

    database.busy_timeout_ms = app.config["SQLITE_BUSY_TIMEOUT_MS"]
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    mail.init_app(app)
    from delegates.admin import auth

    auth.init_login(app, login_manager)
    from delegates.admin import timeouts

    timeouts.init_app(app)


def register_blueprints(app: Flask) -> None:
    from delegates.admin.settings import bp as settings_bp
    from delegates.admin.views import bp as admin_bp
    from delegates.api.views import bp as api_bp
    from delegates.badges.views import bp as badges_bp
    from delegates.checkin.views import bp as checkin_bp
    from delegates.declaration.views import bp as declaration_bp
    from delegates.logistics.views import bp as logistics_bp
    from delegates.mailings.views import bp as mailings_bp
    from delegates.privacy.views import bp as privacy_bp
    from delegates.programme.views import bp as programme_bp
    from delegates.registration.views import bp as registration_bp
    from delegates.reports.views import bp as reports_bp

    app.register_blueprint(registration_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(settings_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(badges_bp)
    app.register_blueprint(programme_bp)
    app.register_blueprint(declaration_bp)
    app.register_blueprint(checkin_bp)
    app.register_blueprint(mailings_bp)
    app.register_blueprint(logistics_bp)
    app.register_blueprint(privacy_bp)
    app.register_blueprint(reports_bp)


def register_commands(app: Flask) -> None:
    from delegates.cli import register

    register(app)


def register_errorhandlers(app: Flask) -> None:
    from delegates.common.errors import register_errorhandlers as register_handlers

    register_handlers(app)


def register_request_hooks(app: Flask) -> None:
    from delegates.common.http import register_request_hooks as register_hooks
    from delegates.common.logs import install_redaction

    register_hooks(app)
    install_redaction()
    from delegates.common.limits import init_limits
    from delegates.common.proxy import trust_proxies

    init_limits(app)  # after the blueprints: it limits their views
    trust_proxies(app)
