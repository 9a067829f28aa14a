"""The logistics pages: an overview, then each list (arrivals, departures, transfers, rooming, catering,
accessibility, interpretation) as a page, a CSV file and a PDF that show the same rows.

Registrars and viewers read them (``requires("registrar")``); nothing here changes data.
"""
from __future__ import annotations

from io import BytesIO

from flask import Blueprint, Response, render_template, request, send_file

from delegates.admin.auth import requires
from delegates.common.database import utcnow
from delegates.common.i18n import current_language
from delegates.logistics import services
from delegates.logistics.exports import sheet_csv
from delegates.logistics.pdf import render_sheet
from delegates.registration.models import Event
from delegates.registration.services import get_event_or_404

bp = Blueprint("logistics", __name__)

NAMES = ",".join(services.SHEETS)
DIRECTIONS = ("arrival", "departure")


def chosen_options() -> dict:
    """``?include=submitted`` counts submitted registrations too; ``?direction=`` narrows the transfers."""
    options = {"include_submitted": request.args.get("include") == "submitted"}
    if request.args.get("direction") in DIRECTIONS:
        options["direction"] = request.args["direction"]
    return options


def query_of(options: dict) -> dict:
    """The options as query arguments, for the links to the CSV and the PDF."""
    query = {"include": "submitted"} if options["include_submitted"] else {}
    if options.get("direction"):
        query["direction"] = options["direction"]
    return query


def file_name(event: Event, name: str, kind: str) -> str:
    return f"{event.slug}-{name}-{event.local(utcnow()).date().isoformat()}.{kind}"


@bp.route("/admin/e/<slug>/logistics")
@requires("registrar")
def overview(slug: str):
    event = get_event_or_404(slug)
    options = chosen_options()
    figures = services.overview(event, options["include_submitted"])
    return render_template("logistics/overview.html", event=event, figures=figures, titles=services.sheet_titles(),
                           include_submitted=options["include_submitted"], query=query_of(options))


@bp.route(f"/admin/e/<slug>/logistics/<any({NAMES}):name>")
@requires("registrar")
def sheet_page(slug: str, name: str):
    event = get_event_or_404(slug)
    options = chosen_options()
    sheet = services.build_sheet(name, event, current_language(), **options)
    return render_template("logistics/sheet.html", event=event, sheet=sheet, name=name, titles=services.sheet_titles(),
                           include_submitted=options["include_submitted"], direction=options.get("direction"),
                           query=query_of(options))


@bp.route(f"/admin/e/<slug>/logistics/<any({NAMES}):name>.csv")
@requires("registrar")
def sheet_csv_file(slug: str, name: str):
    event = get_event_or_404(slug)
    sheet = services.build_sheet(name, event, current_language(), **chosen_options())
    response = Response(sheet_csv(sheet), mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{file_name(event, name, "csv")}"'
    return response


@bp.route(f"/admin/e/<slug>/logistics/<any({NAMES}):name>.pdf")
@requires("registrar")
def sheet_pdf_file(slug: str, name: str):
    event = get_event_or_404(slug)
    sheet = services.build_sheet(name, event, current_language(), **chosen_options())
    out = BytesIO()
    render_sheet(sheet, out)
    out.seek(0)
    return send_file(out, mimetype="application/pdf", as_attachment=True,
                     download_name=file_name(event, name, "pdf"))
