"""Badge pages: a participant's own badge, the organiser's preview and reissue, and the printer's batches.

The blueprint "badges". The work lives in ``services`` (and ``jobs`` for batches off the request).
"""
from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from delegates.admin.auth import requires
from delegates.badges import jobs, services
from delegates.badges.forms import BatchForm, ReissueForm, ReprintForm
from delegates.badges.pdf import LAYOUTS
from delegates.common.errors import abort_saying
from delegates.common.i18n import current_language
from delegates.common.jobs import pdf_response, status_response
from delegates.extensions import db
from delegates.registration.models import Event, Participant
from delegates.registration.services import get_event_or_404, of_event_or_404
from delegates.registration.views.private import private_page

bp = Blueprint("badges", __name__)


@bp.app_context_processor
def badge_print_history():
    """``badge_prints(participant)`` for the registrar's participant page: which badge was printed, when, by whom."""
    return {"badge_prints": services.print_history}


def _pdf(participant: Participant, layout: str, *, download_name: str):
    out = BytesIO()
    services.print_badges(participant.event, [participant], out, layout=layout, record_prints=False)
    out.seek(0)
    return send_file(out, mimetype="application/pdf", download_name=download_name, conditional=False,
                     etag=False, max_age=None)


@bp.route("/me/<token>/badge.pdf")
@private_page
def my_badge(participant: Participant, token: str):
    """The participant's own badge (A6), once accredited."""
    if participant.status != "accredited":
        abort_saying(404, _("Your badge is not ready: it is made once your registration is accredited."))
    return _pdf(participant, "a6", download_name="badge.pdf")


def _participant_or_404(event: Event, participant_id: int) -> Participant:
    return of_event_or_404(Participant, participant_id, event)


@bp.route("/admin/e/<slug>/participants/<int:participant_id>/badge.pdf")
@requires("registrar", "printer")
def participant_badge(slug: str, participant_id: int):
    """The participant's badge as it would print now (not recorded as printed)."""
    event = get_event_or_404(slug)
    participant = _participant_or_404(event, participant_id)
    layout = request.args.get("layout", "a6")
    if layout not in LAYOUTS:
        abort(404)
    response = _pdf(participant, layout, download_name=f"badge-{participant.id}.pdf")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/admin/e/<slug>/participants/<int:participant_id>/reissue", methods=["POST"])
@requires("registrar", "printer")
def participant_reissue(slug: str, participant_id: int):
    event = get_event_or_404(slug)
    participant = _participant_or_404(event, participant_id)
    if ReissueForm().validate_on_submit():
        try:
            version = services.reissue(participant, organiser=current_user._get_current_object())
        except services.BadgeError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("The badge is reissued (version %(version)d): the old badge is refused from now on. "
                    "Print the new one.", version=version), "success")
    return redirect(url_for("registration.participant_detail", slug=slug, participant_id=participant_id), code=303)


@bp.route("/admin/e/<slug>/badges", methods=["GET", "POST"])
@requires("printer")
def batches(slug: str):
    """Filters and stock for a batch; "Print" starts a job that the page follows."""
    event = get_event_or_404(slug)
    lang = current_language()
    form = BatchForm()
    form.fill(event, lang)
    reprint = ReprintForm(prefix="reprint")
    reprint.fill()
    if form.validate_on_submit():
        selection = services.Selection(countries=tuple(form.countries.data or ()),
                                       categories=tuple(form.categories.data or ()), status=form.status.data,
                                       not_printed=form.not_printed.data)
        try:
            people = services.select_participants(event, selection)
        except services.BadgeError as error:
            flash(error.message, "error")
        else:
            if not people:
                flash(_("No badge matches these filters."), "info")
            else:
                job = jobs.start(event, selection, form.layout.data, current_user.id)
                return redirect(url_for("badges.batches", slug=slug, job=job.id), code=303)
    job = jobs.load(request.args.get("job", ""), event)
    status = 400 if form.is_submitted() and form.errors else 200
    return render_template("badges/batches.html", event=event, form=form, reprint=reprint, job=job), status


@bp.route("/admin/e/<slug>/badges/reprint", methods=["POST"])
@requires("printer")
def reprint(slug: str):
    """A lost badge: reissue it (the old one stops working), then print the new one."""
    event = get_event_or_404(slug)
    form = ReprintForm(prefix="reprint")
    form.fill()
    if not form.validate_on_submit():
        flash(_("Give the record number of the participant whose badge was lost."), "error")
        return redirect(url_for("badges.batches", slug=slug), code=303)
    participant = db.session.get(Participant, form.participant.data)
    if participant is None or participant.event_id != event.id:
        flash(_("There is no participant #%(id)d in this event.", id=form.participant.data), "error")
        return redirect(url_for("badges.batches", slug=slug), code=303)
    try:
        services.reissue(participant, organiser=current_user._get_current_object(), note="reprint of a lost badge")
    except services.BadgeError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("badges.batches", slug=slug), code=303)
    db.session.commit()
    selection = services.Selection(participant_ids=(participant.id,), status=participant.status)
    job = jobs.start(event, selection, form.layout.data, current_user.id)
    flash(_("The badge of %(name)s is reissued: the old one is refused from now on.", name=participant.badge_name),
          "success")
    return redirect(url_for("badges.batches", slug=slug, job=job.id), code=303)


def _job_or_404(event: Event, job_id: str) -> jobs.Job:
    job = jobs.load(job_id, event)
    if job is None:
        abort(404)
    return job


@bp.route("/admin/e/<slug>/badges/jobs/<job_id>")
@requires("printer")
def job_status(slug: str, job_id: str):
    event = get_event_or_404(slug)
    job = _job_or_404(event, job_id)
    return status_response(job, url_for("badges.job_pdf", slug=slug, job_id=job.id))


@bp.route("/admin/e/<slug>/badges/jobs/<job_id>/badges.pdf")
@requires("printer")
def job_pdf(slug: str, job_id: str):
    event = get_event_or_404(slug)
    job = _job_or_404(event, job_id)
    return pdf_response(job, f"badges-{event.slug}-{job.params['layout']}.pdf")
