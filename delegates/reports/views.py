"""The official documents page: every printed report of ``delegates report`` for download, in the language and
with the options the command line offers (the list of participants provisional or final, and so on).

Each report names the roles that may download it (``Report.roles``); viewers read everything.
"""
from __future__ import annotations

import importlib
from io import BytesIO

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from delegates.admin.auth import requires
from delegates.common.database import utcnow
from delegates.common.exceptions import DomainError
from delegates.common.i18n import LANGUAGE_NAMES
from delegates.logistics.services import sheet_titles
from delegates.registration.models import Event
from delegates.registration.services import get_event_or_404
from delegates.reports import REPORTS, Report

bp = Blueprint("reports", __name__)

# the speakers' list is printed from its plenary's page, where the session is chosen
ON_THIS_PAGE = tuple(name for name in REPORTS if name != "speakers")


def titles() -> dict[str, tuple[str, str]]:
    """Each document's title and what it is for, in the page's language."""
    return {
        "participants": (_("List of participants"), _("The official list: by delegation in the alphabetical order "
                                                      "of country names in the chosen language, then observers; "
                                                      "each person's title, name and function.")),
        "programme": (_("Programme"), _("The programme by day: time, room, kind, title, chair and speakers.")),
        "door-sheets": (_("Door sheets"), _("One page per room and day, for the door: that day's sessions with "
                                            "times and seats.")),
        "signatories": (_("Signatories of the declaration"), _("The public list of the countries that signed, "
                                                               "in the four languages.")),
        **sheet_titles(),  # the logistics lists, named as on their pages
    }


def may_download(report: Report) -> bool:
    return current_user.has_role(*report.roles, "viewer")


def chosen_options(event: Event, report: Report) -> dict:
    """The report's options from the query string, as its function takes them."""
    options: dict = {}
    if "language" in report.options:
        language = request.args.get("language") or event.default_language
        if language not in LANGUAGE_NAMES:
            abort(400)
        options["language"] = language
    for flag in ("final", "all", "submitted"):
        if flag in report.options and request.args.get(flag) == "1":
            options[flag] = True
    return options


@bp.route("/admin/e/<slug>/documents")
@requires()
def documents(slug: str):
    event = get_event_or_404(slug)
    reports = [REPORTS[name] for name in ON_THIS_PAGE if may_download(REPORTS[name])]
    return render_template("reports/documents.html", event=event, reports=reports, titles=titles(),
                           language_names=LANGUAGE_NAMES)


@bp.route("/admin/e/<slug>/documents/<name>.pdf")
@requires()
def document_pdf(slug: str, name: str):
    event = get_event_or_404(slug)
    if name not in ON_THIS_PAGE:
        abort(404)
    report = REPORTS[name]
    if not may_download(report):
        abort(403)
    options = chosen_options(event, report)
    module, _sep, function = report.target.partition(":")
    write = getattr(importlib.import_module(module), function)
    out = BytesIO()
    try:
        write(event, out, **options)
    except DomainError as error:
        flash(str(error), "error")
        return redirect(url_for("reports.documents", slug=event.slug), 303)
    out.seek(0)
    day = event.local(utcnow()).date().isoformat()
    suffix = f"-{options['language']}" if "language" in options else ""
    return send_file(out, mimetype="application/pdf", as_attachment=True,
                     download_name=f"{event.slug}-{name}{suffix}-{day}.pdf")
