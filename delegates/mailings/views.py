"""Mail to many: write, preview (who and how many), send as a job, and the log of past mailings.

The blueprint "mailings", for registrars. The recipients are chosen with the participants list's filters,
in the same query string (``?status=accredited&country=ITA``), so the list's "mail these" link lands here.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import case, select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict

from delegates.admin.auth import requires
from delegates.common import jobs
from delegates.common.i18n import LANGUAGE_NAMES, current_language
from delegates.extensions import db
from delegates.mailings import services
from delegates.mailings.forms import ActionForm, MailingForm, SendForm
from delegates.mailings.models import Mailing, MailMessage
from delegates.registration.admin_forms import FILTER_KEYS, FilterForm
from delegates.registration.models import Event, Participant
from delegates.registration.services import get_event_or_404, of_event_or_404

bp = Blueprint("mailings", __name__)

LOG_ROWS = 500  # messages listed on a mailing's page (failed first); the counts cover them all


def _filters(event: Event, args) -> FilterForm:
    """The participants list's filter form, read from ``args`` (a query string or a mailing's saved filters)."""
    form = FilterForm(formdata=MultiDict({k: v for k, v in args.items() if k in FILTER_KEYS}))
    form.fill(event, current_language())
    return form


def described(filters: FilterForm) -> list[str]:
    """The filters in force, as a person reads them: ["Status: Accredited", "Delegation: Italy"]."""
    found = []
    for name in FILTER_KEYS:
        f = filters[name]
        if not f.data:
            continue
        if name == "accessibility":
            found.append(str(f.label.text))
            continue
        shown = next((c.label for c in getattr(f, "choices", None) or () if str(c.value) == str(f.data)), f.data)
        found.append(f"{f.label.text}: {shown}")
    return found


def _mailing_or_404(event: Event, mailing_id: int) -> Mailing:
    return of_event_or_404(Mailing, mailing_id, event)


@bp.route("/admin/e/<slug>/mail", methods=["GET", "POST"])
@bp.route("/admin/e/<slug>/mailings/<int:mailing_id>/edit", methods=["GET", "POST"])
@requires("registrar")
def compose(slug: str, mailing_id: int | None = None):
    """Write the message in each language; the recipients are the query string's filters."""
    event = get_event_or_404(slug)
    mailing = _mailing_or_404(event, mailing_id) if mailing_id is not None else None
    if mailing is not None and not mailing.is_draft:
        flash(_("This mailing was sent: write a new one."), "info")
        return redirect(url_for("mailings.detail", slug=slug, mailing_id=mailing.id), code=303)
    filters = _filters(event, request.args)
    form = MailingForm()
    if request.method == "GET" and mailing is not None:
        form.load(mailing.texts)
    if form.is_submitted() and form.check(event.default_language):
        if mailing is None:
            mailing = Mailing(event_id=event.id, created_by_id=current_user.id)
            db.session.add(mailing)
        mailing.texts, mailing.filters = form.texts(), filters.query_args()
        db.session.commit()
        return redirect(url_for("mailings.detail", slug=slug, mailing_id=mailing.id), code=303)
    audience = services.audience(event, Mailing(texts={event.default_language: {}}), filters.filters())
    status = 400 if form.is_submitted() else 200
    return render_template("mailings/compose.html", event=event, form=form, filters=filters, mailing=mailing,
                           audience=audience, placeholders=services.PLACEHOLDERS, languages=services.LANGUAGES,
                           language_names=LANGUAGE_NAMES), status


@bp.route("/admin/e/<slug>/mailings/<int:mailing_id>")
@requires("registrar")
def detail(slug: str, mailing_id: int):
    """A draft: the preview (how many receive it, one example per language). Sent: its progress and its log."""
    event = get_event_or_404(slug)
    mailing = _mailing_or_404(event, mailing_id)
    filters = _filters(event, mailing.filters)
    if mailing.is_draft:
        audience = services.audience(event, mailing, filters.filters())
        examples = {language: services.example(mailing, person, language)
                    for language, person in audience.examples.items()}
        send_form = SendForm(expected=audience.recipients)
        return render_template("mailings/preview.html", event=event, mailing=mailing, chosen=described(filters),
                               audience=audience, examples=examples, send_form=send_form,
                               renewed_links=services.links_to_renew(event, mailing, filters.filters()),
                               language_names=LANGUAGE_NAMES)
    job = jobs.load(mailing.job_id or "", kind=services.KIND, event=event)
    counts = services.counts([mailing.id])[mailing.id]
    failed_first = case((MailMessage.state == "failed", 0), (MailMessage.state == "queued", 1), else_=2)
    messages = db.session.scalars(
        select(MailMessage).where(MailMessage.mailing_id == mailing.id).order_by(failed_first, MailMessage.id)
        .limit(LOG_ROWS)).all()
    people = {p.id: p for p in db.session.scalars(select(Participant).where(
        Participant.id.in_([m.participant_id for m in messages if m.participant_id]))
        .options(selectinload(Participant.delegation)))}
    return render_template("mailings/detail.html", event=event, mailing=mailing, chosen=described(filters), job=job,
                           counts=counts, messages=messages, people=people, total=sum(counts.values()),
                           again_form=ActionForm(), language_names=LANGUAGE_NAMES, log_rows=LOG_ROWS)


@bp.route("/admin/e/<slug>/mailings/<int:mailing_id>/send", methods=["POST"])
@requires("registrar")
def send(slug: str, mailing_id: int):
    event = get_event_or_404(slug)
    mailing = _mailing_or_404(event, mailing_id)
    form = SendForm()
    if not form.validate_on_submit():
        flash(_("The form expired: check the preview and send again."), "error")
        return redirect(url_for("mailings.detail", slug=slug, mailing_id=mailing.id), code=303)
    filters = _filters(event, mailing.filters)
    try:
        services.send(mailing, filters.filters(), expected=form.expected.data,
                      organiser=current_user._get_current_object())
    except services.MailingError as error:
        db.session.rollback()
        flash(error.message, "error")
    return redirect(url_for("mailings.detail", slug=slug, mailing_id=mailing.id), code=303)


@bp.route("/admin/e/<slug>/mailings/<int:mailing_id>/again", methods=["POST"])
@requires("registrar")
def send_again(slug: str, mailing_id: int):
    """Send the failed messages once more (after the mail server or an address was fixed)."""
    event = get_event_or_404(slug)
    mailing = _mailing_or_404(event, mailing_id)
    if ActionForm().validate_on_submit():
        try:
            services.send_again(mailing, organiser=current_user._get_current_object())
        except services.MailingError as error:
            db.session.rollback()
            flash(error.message, "error")
    return redirect(url_for("mailings.detail", slug=slug, mailing_id=mailing.id), code=303)


@bp.route("/admin/e/<slug>/mailings/<int:mailing_id>/status")
@requires("registrar")
def status(slug: str, mailing_id: int):
    """The sending job's progress, for the page's progress bar."""
    event = get_event_or_404(slug)
    mailing = _mailing_or_404(event, mailing_id)
    job = jobs.load(mailing.job_id or "", kind=services.KIND, event=event)
    if job is None:
        abort(404)
    counts = services.counts([mailing.id])[mailing.id]
    body = {**job.status(), "sent": counts["sent"], "failed": counts["failed"], "queued": counts["queued"]}
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/admin/e/<slug>/mailings")
@requires("registrar")
def index(slug: str):
    """The event's mailings, newest first, with how many messages went out and how many failed."""
    event = get_event_or_404(slug)
    mailings = db.session.scalars(
        select(Mailing).where(Mailing.event_id == event.id)
        .order_by(Mailing.sent_at.is_(None).desc(), Mailing.sent_at.desc(), Mailing.id.desc())
        .options(selectinload(Mailing.sent_by), selectinload(Mailing.created_by))).all()
    counts = services.counts([m.id for m in mailings])
    return render_template("mailings/index.html", event=event, mailings=mailings, counts=counts)
