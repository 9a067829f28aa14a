"""Organisers' pages: login, logout, the list of events and each event's dashboard."""
from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from delegates.admin import audit, services
from delegates.admin.auth import requires
from delegates.admin.charts import swatch
from delegates.admin.dashboard import dashboard_figures
from delegates.admin.dashboard_page import dashboard_charts, region_label
from delegates.admin.forms import LoginForm
from delegates.common.i18n import RTL_LANGUAGES, current_language
from delegates.common.mail import outbox_state
from delegates.common.navigation import safe_next
from delegates.extensions import db
from delegates.registration import services as registration
from delegates.registration.models import Event
from delegates.registration.validation import stored_email

bp = Blueprint("admin", __name__, url_prefix="/admin")


def new_session() -> None:
    """Empty the session, keeping only the language the person chose (a preference, not a credential): an
    organiser who asked for Arabic on the login page works in Arabic after it, and reads the logout in it."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        organiser = services.authenticate(form.email.data, form.password.data)
        if organiser is None:
            form.password.errors.append(_("The email or the password is wrong."))
        else:
            next_path = safe_next(request.args.get("next"))
            new_session()  # nothing from before the login survives it, but the language chosen
            login_user(organiser)
            db.session.commit()
            return redirect(next_path or url_for("admin.index"), code=303)
    status = 401 if form.is_submitted() and form.errors else 200
    return render_template("admin/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        services.end_sessions(current_user)
        db.session.commit()
    logout_user()
    new_session()
    flash(_("You are logged out."), "info")
    return redirect(url_for("admin.login"), code=303)


@bp.route("/")
@requires()
def index():
    events = db.session.scalars(select(Event).order_by(Event.starts_on.desc())).all()
    counts = registration.participant_counts_by_event()
    return render_template("admin/index.html", events=events, counts=counts)


@bp.route("/e/<slug>/")
@requires()
def dashboard(slug: str):
    event = registration.get_event_or_404(slug)
    lang = current_language()
    figures = dashboard_figures(event, lang)
    return render_template("admin/dashboard.html", event=event, figures=figures,
                           charts=dashboard_charts(event, figures, lang, rtl=lang in RTL_LANGUAGES),
                           region_label=region_label, swatch=swatch, status_labels=registration.status_labels(),
                           mail=mail_notice())


MAIL_LATE = timedelta(minutes=5)  # a queued message older than this is not being sent: the server is down


def mail_notice() -> dict | None:
    """For those who can act on it (administrators, registrars): the mail that is not going out."""
    if not current_user.has_role("registrar"):
        return None
    state = outbox_state()
    waiting_for = datetime.now(UTC) - state.oldest if state.oldest else timedelta(0)
    return {"state": state, "late": state.server and waiting_for > MAIL_LATE,
            "waiting_for": format_timedelta(waiting_for, threshold=1.1),
            "refused": list(dict.fromkeys(stored_email(address) for address in state.refused))}


@bp.route("/e/<slug>/audit")
@requires("admin")
def audit_log(slug: str):
    event = registration.get_event_or_404(slug)
    filters = audit.AuditFilters(organiser=audit.organiser_filter(request.args.get("organiser")),
                                 participant=request.args.get("participant", "").strip()[:200],
                                 kind=request.args.get("kind", "").strip()[:60])
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    entries, total = audit.audit_page(event, filters, page)
    organisers, kinds = audit.filter_choices(event)
    return render_template("admin/audit.html", event=event, filters=filters, rows=audit.readable(event, entries),
                           total=total, page=page, pages=max(math.ceil(total / audit.PER_PAGE), 1),
                           organisers=organisers, kinds=kinds, kind_labels=audit.kind_labels(),
                           filter_args={k: v for k in ("organiser", "participant", "kind")
                                        if (v := request.args.get(k, "").strip())})
