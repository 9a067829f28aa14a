"""The protocol officer's pages (ministers, the declaration and its signatures) and the public list of
signatories.

Views stay thin: the work is in ``services`` and ``ministers``; each view commits once.
"""
from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta
from io import BytesIO

from flask import Blueprint, abort, flash, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from delegates.admin.auth import requires
from delegates.common.errors import abort_saying
from delegates.common.i18n import current_language
from delegates.declaration import ministers, services, speakers
from delegates.declaration.forms import LANGUAGE_LABELS, SignatureForm, SpeakerRequestForm, TextsForm, WindowForm
from delegates.declaration.models import Declaration, Signature, SpeakerRequest
from delegates.declaration.services import DeclarationError
from delegates.declaration.speakers_pdf import write_speakers_list
from delegates.extensions import db
from delegates.registration.models import LANGUAGES, Event
from delegates.registration.services import get_event_or_404, of_event_or_404, region_labels, status_labels

bp = Blueprint("declaration", __name__)


def declaration_or_404(event: Event, declaration_id: int | None = None) -> Declaration:
    if declaration_id is None:
        found = services.declarations_of(event)
        if not found:
            abort_saying(404, _("This event has no declaration."))
        return found[0]
    return of_event_or_404(Declaration, declaration_id, event)


def show_error(form, error: DeclarationError) -> None:
    """Put the error next to its field when the form has it, else at the top of the page."""
    target = getattr(form, error.field, None) if error.field else None
    if target is not None:
        target.errors = [*target.errors, error.message] if isinstance(target.errors, list) else [error.message]
    else:
        flash(error.message, "error")


def chosen_day(event: Event) -> date:
    """``?day=YYYY-MM-DD``, else today on the event's clock."""
    try:
        return date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        return services.event_today(event)


# -- ministers ------------------------------------------------------------------------------------------------

def event_days(event: Event) -> list[date]:
    return [event.starts_on + timedelta(days=n) for n in range((event.ends_on - event.starts_on).days + 1)]


@bp.route("/admin/e/<slug>/ministers")
@requires("protocol")
def ministers_page(slug: str):
    event = get_event_or_404(slug)
    day = chosen_day(event)
    data = ministers.report(event, day, current_language())
    return render_template("declaration/ministers.html", event=event, report=data, days=event_days(event),
                           today=services.event_today(event), statuses=status_labels(),
                           figures=figure_labels(), json_url=url_for("declaration.ministers_json", slug=slug,
                                                                     day=day.isoformat()),
                           plenaries=speakers.plenaries(event))


@bp.route("/admin/e/<slug>/ministers.json")
@requires("protocol")
def ministers_json(slug: str):
    event = get_event_or_404(slug)
    data = ministers.report(event, chosen_day(event), current_language())
    statuses = status_labels()
    return jsonify(
        day=data.day.isoformat(),
        ministerial=data.ministerial.id if data.ministerial else None,
        panels=[{"id": s.id, "title": s.translated("title", current_language())} for s in data.panels],
        totals={name: data.totals[name] for name in ministers.FIGURES},
        regions=[{"region": region, "label": region_labels().get(region, region) if region else _("Observers"),
                  **{name: counts[name] for name in ministers.FIGURES}} for region, counts in data.regions.items()],
        ministers=[{**asdict(line), "status_label": statuses.get(line.status, line.status)}
                   for line in data.ministers],
        labels={"yes": _("Yes"), "no": _("No")},
    )


def figure_labels() -> dict[str, str]:
    # counts, not marks: their own texts, so that each translation reads as a number's label
    return {"registered": _("Ministers registered"), "accredited": _("Ministers accredited"),
            "arrived": _("Ministers arrived"), "present": _("Ministers present today"),
            "ministerial": _("Ministers at the ministerial meeting")}


# -- the declaration ------------------------------------------------------------------------------------------

def state_labels() -> dict[str, str]:
    return {"not_scheduled": _("No opening time set"), "not_open": _("Not open yet"),
            "open": _("Open for signature"), "closed": _("Closed")}


@bp.route("/admin/e/<slug>/declaration")
@requires("protocol")
def overview(slug: str):
    event = get_event_or_404(slug)
    declaration = declaration_or_404(event, request.args.get("id", type=int))
    day = services.event_today(event)
    window = WindowForm()
    window.load(declaration, event)
    return render_template(
        "declaration/overview.html", event=event, declaration=declaration, all=services.declarations_of(event),
        lists=services.overview(declaration, current_language(), day), day=day, window=window,
        state=services.state(declaration), states=state_labels(), versions=services.versions_of(declaration),
        texts=services.texts_of_version(declaration, declaration.current_version), languages=LANGUAGES,
        language_labels=LANGUAGE_LABELS, can_change=current_user.has_role("protocol"))


@bp.route("/admin/e/<slug>/declaration/<int:declaration_id>/window", methods=["POST"])
@requires("protocol")
def window(slug: str, declaration_id: int):
    event = get_event_or_404(slug)
    declaration = declaration_or_404(event, declaration_id)
    form = WindowForm()
    if form.validate_on_submit():
        try:
            changes = services.set_window(declaration, form.moment("opens_at", event), form.moment("closes_at", event),
                                          by=current_user._get_current_object())
            db.session.commit()
        except DeclarationError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            if changes:
                flash(_("The signature times are saved."), "success")
    else:
        flash(_("Give the times as a date and an hour."), "error")
    return redirect(url_for("declaration.overview", slug=slug, id=declaration.id), code=303)


@bp.route("/admin/e/<slug>/declaration/<int:declaration_id>/texts", methods=["GET", "POST"])
@requires("protocol")
def edit_texts(slug: str, declaration_id: int):
    event = get_event_or_404(slug)
    declaration = declaration_or_404(event, declaration_id)
    form = TextsForm()
    if not form.is_submitted():
        form.load(declaration)
    if form.validate_on_submit():
        try:
            version = services.new_version(declaration, form.data_for(), by=current_user._get_current_object())
            db.session.commit()
        except DeclarationError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            if version is None:
                flash(_("Nothing changed: the text stays at version %(n)d.", n=declaration.current_version), "info")
            else:
                flash(_("The text is saved as version %(n)d.", n=version), "success")
            return redirect(url_for("declaration.overview", slug=slug, id=declaration.id), code=303)
    status = 400 if form.is_submitted() else 200
    return render_template("declaration/texts_form.html", event=event, declaration=declaration, form=form,
                           languages=LANGUAGES, language_labels=LANGUAGE_LABELS), status


@bp.route("/admin/e/<slug>/declaration/<int:declaration_id>/versions/<int:version>")
@requires("protocol")
def version(slug: str, declaration_id: int, version: int):
    event = get_event_or_404(slug)
    declaration = declaration_or_404(event, declaration_id)
    texts = services.texts_of_version(declaration, version)
    if not texts:
        abort(404)
    return render_template("declaration/version.html", event=event, declaration=declaration, version=version,
                           texts=texts, languages=LANGUAGES, language_labels=LANGUAGE_LABELS,
                           versions=services.versions_of(declaration))


# -- signatures -----------------------------------------------------------------------------------------------

@bp.route("/admin/e/<slug>/declaration/<int:declaration_id>/sign/<country>", methods=["GET", "POST"])
@requires("protocol")
def sign(slug: str, declaration_id: int, country: str):
    event = get_event_or_404(slug)
    declaration = declaration_or_404(event, declaration_id)
    delegation = next((d for d in services.signing_delegations(event) if d.country_code == country.upper()), None)
    if delegation is None:
        abort(404)
    already = services.existing_signature(declaration, delegation.country_code)
    if already is not None and request.method == "GET":
        flash(_("%(country)s signed already: correct that signature if needed.",
                country=delegation.name(current_language())), "info")
        return redirect(url_for("declaration.correct", slug=slug, declaration_id=declaration.id,
                                signature_id=already.id), code=303)
    people = services.eligible_signatories(event, [delegation.id]).get(delegation.id, [])
    form = SignatureForm().fill(people, current_language())
    status = 200
    if form.validate_on_submit():
        try:
            services.sign(declaration, form.data_for(delegation.country_code),
                          witness=current_user._get_current_object())
            db.session.commit()
        except DeclarationError as error:
            db.session.rollback()
            show_error(form, error)
            status = error.status
        else:
            flash(_("The signature of %(country)s is recorded.", country=delegation.name(current_language())),
                  "success")
            return redirect(url_for("declaration.overview", slug=slug, id=declaration.id), code=303)
    elif form.is_submitted():
        status = 400
    return render_template("declaration/signature_form.html", event=event, declaration=declaration, form=form,
                           delegation=delegation, signature=None, people=people,
                           state=services.state(declaration), states=state_labels()), status


@bp.route("/admin/e/<slug>/declaration/<int:declaration_id>/signatures/<int:signature_id>", methods=["GET", "POST"])
@requires("protocol")
def correct(slug: str, declaration_id: int, signature_id: int):
    event = get_event_or_404(slug)
    declaration = declaration_or_404(event, declaration_id)
    signature = db.session.get(Signature, signature_id)
    if signature is None or signature.declaration_id != declaration.id:
        abort(404)
    people = services.eligible_signatories(event, [signature.delegation_id]).get(signature.delegation_id, [])
    if signature.signatory not in people:  # still shown, so that the form can keep them
        people = [signature.signatory, *people]
    form = SignatureForm().fill(people, current_language())
    form.submit.label.text = _("Save the correction")
    if not form.is_submitted():
        form.load(signature)
    status = 200
    if form.validate_on_submit():
        try:
            changes = services.correct(signature, form.data_for(signature.country_code),
                                       by=current_user._get_current_object())
            db.session.commit()
        except DeclarationError as error:
            db.session.rollback()
            show_error(form, error)
            status = error.status
        else:
            if changes:
                flash(_("The signature of %(country)s is corrected.",
                        country=signature.delegation.name(current_language())), "success")
            return redirect(url_for("declaration.overview", slug=slug, id=declaration.id), code=303)
    elif form.is_submitted():
        status = 400
    return render_template("declaration/signature_form.html", event=event, declaration=declaration, form=form,
                           delegation=signature.delegation, signature=signature, people=people,
                           state=services.state(declaration), states=state_labels()), status


# -- the public list of signatories ---------------------------------------------------------------------------

@bp.route("/e/<slug>/declaration")
def public(slug: str):
    event = get_event_or_404(slug)
    if not event.is_published:
        abort(404)
    language = current_language()
    declarations = [(d, d.text(language), services.public_signatories(d, language))
                    for d in services.declarations_of(event)]
    if not declarations:
        abort(404)
    return render_template("declaration/public.html", event=event, declarations=declarations)


# -- the speakers' list of a plenary --------------------------------------------------------------------------

def plenary_or_404(event: Event, session_id: int):
    session = speakers.plenary_of(event, session_id)
    if session is None:
        abort(404)
    return session


def speakers_url(slug: str, session_id: int) -> str:
    return url_for("declaration.speakers_page", slug=slug, session_id=session_id)


@bp.route("/admin/e/<slug>/speakers/<int:session_id>", methods=["GET", "POST"])
@requires("protocol")
def speakers_page(slug: str, session_id: int):
    """The list in order; a POST adds a delegation's request for the floor."""
    event = get_event_or_404(slug)
    session = plenary_or_404(event, session_id)
    language = current_language()
    form = SpeakerRequestForm().fill(speakers.delegations_of(event), speakers.possible_speakers(event), language)
    status = 200
    if form.validate_on_submit():
        try:
            row = speakers.ask_for_the_floor(session, form.delegation_id.data, form.participant_id.data,
                                             by=current_user._get_current_object())
            db.session.commit()
        except speakers.SpeakersError as error:
            db.session.rollback()
            show_error(form, error)
            status = error.status
        else:
            flash(_("%(delegation)s is on the list.", delegation=row.delegation.name(language)), "success")
            return redirect(speakers_url(slug, session.id), code=303)
    elif form.is_submitted():
        status = 400
    return render_template("declaration/speakers.html", event=event, session=session, form=form,
                           rows=speakers.speakers_list(session), statuses=speakers.status_labels(),
                           can_change=current_user.has_role("protocol")), status


def speaker_request_or_404(session, request_id: int) -> SpeakerRequest:
    row = db.session.get(SpeakerRequest, request_id)
    if row is None or row.session_id != session.id:
        abort(404)
    return row


@bp.route("/admin/e/<slug>/speakers/<int:session_id>/<int:request_id>/<action>", methods=["POST"])
@requires("protocol")
def speaker_action(slug: str, session_id: int, request_id: int, action: str):
    """Move a request up or down or to a position; mark it spoke, withdrawn or waiting again."""
    event = get_event_or_404(slug)
    session = plenary_or_404(event, session_id)
    row = speaker_request_or_404(session, request_id)
    by = current_user._get_current_object()
    if action in ("up", "down"):
        speakers.move(row, -1 if action == "up" else 1, by=by)
    elif action == "position":
        position = request.form.get("position", type=int)
        if position is None or position < 1:
            flash(_("Give the position as a number from 1."), "error")
            return redirect(speakers_url(slug, session.id), code=303)
        speakers.set_position(row, position, by=by)
    elif action in ("spoke", "withdrawn", "waiting"):
        speakers.mark(row, action, by=by)
    else:
        abort(404)
    db.session.commit()
    return redirect(speakers_url(slug, session.id) + f"#request-{row.id}", code=303)


@bp.route("/admin/e/<slug>/speakers/<int:session_id>.pdf")
@requires("protocol")
def speakers_pdf(slug: str, session_id: int):
    event = get_event_or_404(slug)
    session = plenary_or_404(event, session_id)
    body = BytesIO()
    write_speakers_list(session, body, current_language())
    response = make_response(body.getvalue())
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="speakers-{event.slug}-{session.id}.pdf"'
    return response
