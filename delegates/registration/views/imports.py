"""The registrar's import and export of the participants file: /admin/e/<slug>/import and the downloads.

A file of a few hundred rows is checked and imported in the request; a bigger one by a job
(``registration.import_jobs``) that the page follows with a progress bar, then shows the same report.
"""
from __future__ import annotations

import io

from flask import abort, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileAllowed, FileField, FileRequired
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import SubmitField

from delegates.admin.auth import requires
from delegates.common.database import utcnow
from delegates.common.errors import error_page, page_text, upload_limit_mb
from delegates.common.forms import Form
from delegates.common.i18n import current_language
from delegates.extensions import db
from delegates.registration import exports, import_jobs, imports
from delegates.registration.participants import Actor
from delegates.registration.services import get_event_or_404
from delegates.registration.views import bp

# Shown on the page: a bigger report would not help anyone more than the first few hundred lines.
MAX_SHOWN = 500


class ImportForm(Form):
    file = FileField(_l("Participants file (CSV or XLSX)"), validators=[
        FileRequired(_l("Choose the file to import.")),
        FileAllowed(["csv", "xlsx"], _l("Choose a .csv or .xlsx file.")),
    ], render_kw={"accept": ".csv,.xlsx,text/csv,"
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
    check = SubmitField(_l("Check only"))
    run = SubmitField(_l("Import"))


@bp.route("/admin/e/<slug>/import", methods=["GET", "POST"])
@requires("registrar")
def import_participants(slug: str):
    event = get_event_or_404(slug)
    form = ImportForm()
    report = None
    if form.validate_on_submit():
        upload = form.file.data
        data, name, dry_run = upload.read(), upload.filename or "", not form.run.data
        if import_jobs.is_big(data, name):
            job = import_jobs.start(event, data, name, dry_run=dry_run, organiser_id=current_user.id,
                                    language=current_language())
            return redirect(url_for("registration.import_participants", slug=slug, job=job.id), code=303)
        try:
            report = imports.import_file(event, data, name, dry_run=dry_run,
                                         actor=Actor.of(organiser=current_user._get_current_object()))
        except imports.ImportRefused as e:
            form.file.errors = [e.message]
        db.session.commit()
    job = import_jobs.load(request.args.get("job", ""), event) if not form.is_submitted() else None
    if job is not None:
        report = import_jobs.report_of(job)
    status = 400 if form.is_submitted() and form.errors else 200
    return render_template("registration/import.html", event=event, form=form, report=report, job=job,
                           max_shown=MAX_SHOWN, columns=exports.COLUMNS, required=imports.REQUIRED), status


@bp.route("/admin/e/<slug>/import/jobs/<job_id>")
@requires("registrar")
def import_job_status(slug: str, job_id: str):
    """How far a big file's check or import is, for the page's progress bar (the report comes with the page)."""
    event = get_event_or_404(slug)
    job = import_jobs.load(job_id, event)
    if job is None:
        abort(404)
    response = jsonify({"state": job.state, "done": job.done, "total": job.total, "message": job.message})
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/admin/e/<slug>/participants/export.<any(csv, xlsx):kind>")
@requires("registrar")
def export_participants(slug: str, kind: str):
    """The participants file of the event, to download (registrars and viewers)."""
    event = get_event_or_404(slug)
    out = io.BytesIO()
    if kind == "xlsx":
        exports.write_xlsx(exports.participants_for_export(event), out)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")  # the BOM tells Excel it is UTF-8
        exports.write_csv(exports.participants_for_export(event), text)
        text.flush()
        text.detach()
        mimetype = "text/csv"
    out.seek(0)
    day = event.local(utcnow()).date().isoformat()
    return send_file(out, mimetype=mimetype, as_attachment=True,
                     download_name=f"{event.slug}-participants-{day}.{kind}")


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge):
    """A file over MAX_CONTENT_LENGTH: on the import page, say what to do; elsewhere the usual page."""
    heading, message = page_text(error)
    if request.endpoint == "registration.import_participants":
        message = _("The file is larger than %(limit)d MB, the most an upload may be. Split it into smaller files, "
                    "or import it with the command line: delegates import FILE --event %(slug)s",
                    limit=upload_limit_mb(),
                    slug=request.view_args.get("slug", "SLUG") if request.view_args else "SLUG")
    return error_page(error, heading, message)
