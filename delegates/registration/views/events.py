"""Public pages: the list of events, an event's page, and the health check."""
from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user
from sqlalchemy import text

from delegates.extensions import db
from delegates.programme import services as programme
from delegates.registration import services
from delegates.registration.views import bp


@bp.route("/")
def index():
    upcoming, past = services.published_events()
    return render_template("registration/index.html", upcoming=upcoming, past=past)


@bp.route("/e/<slug>/")
def event(slug: str):
    event = services.get_event_or_404(slug)
    if not event.is_published and not current_user.is_authenticated:
        abort(404)  # organisers may preview an event before it is published
    days = programme.programme_by_day(event, public_only=True)
    return render_template("registration/event.html", event=event, days=days, kind_labels=programme.kind_labels())


@bp.route("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001  any failure of the database is "unhealthy"
        db.session.rollback()
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}, 200


@bp.app_context_processor
def region_names():
    """The organisation's regions in the page's language, for every template that shows them."""
    return {"region_names": services.region_labels()}
