"""Delegations: the registrar's pages under /admin/e/<slug>/delegations (the focal point's own pages are in
``focal_point.py``).

Answers under /d/ (the focal point's pages, a 404 for a wrong token included) are never cached and never
tell another site where they were.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from delegates.admin.auth import requires
from delegates.common.exceptions import DomainError
from delegates.common.i18n import LANGUAGE_NAMES, current_language
from delegates.extensions import db
from delegates.registration import delegations as service
from delegates.registration.delegation_forms import (
    CredentialsReceivedForm,
    FocalPointForm,
    HeadForm,
    ObserverForm,
    QuotaForm,
)
from delegates.registration.formdata import form_errors_from
from delegates.registration.participants import ACTIVE, Actor
from delegates.registration.services import get_event_or_404, status_labels
from delegates.registration.validation import FieldError
from delegates.registration.views import bp

PRIVATE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}
SORTS = ("name", "-name", "size", "-size")


@bp.after_request
def focal_point_headers(response):
    """Every answer under /d/, a 404 for a wrong token included, stays out of caches and referrers."""
    if request.path.startswith("/d/"):
        response.headers.update(PRIVATE_HEADERS)
    return response


def organiser_actor() -> Actor:
    return Actor.of(organiser=current_user)


def put_error(form, error: DomainError) -> str | None:
    """Put a domain error next to the field it names; returns the message for the top of the form, if any."""
    if isinstance(error, FieldError):
        form_errors_from(form, error)
        return getattr(form, "problem", None)
    return error.message


# -- the registrar's pages ------------------------------------------------------------------------------------

@bp.route("/admin/e/<slug>/delegations")
@requires("registrar")
def delegations(slug: str):
    event = get_event_or_404(slug)
    return _render_list(event, ObserverForm(formdata=None))


@bp.route("/admin/e/<slug>/delegations/observers", methods=["POST"])
@requires("registrar")
def add_observer(slug: str):
    event = get_event_or_404(slug)
    form = ObserverForm()
    if form.validate_on_submit():
        try:
            delegation = service.create_observer(event, form.organisation.data, form.organisation_acronym.data,
                                                 form.quota.data, organiser_actor())
        except FieldError as error:
            db.session.rollback()
            form_errors_from(form, error)
        else:
            db.session.commit()
            flash(_("%(name)s is an observer delegation now. Appoint its focal point here.",
                    name=delegation.name()), "success")
            return redirect(url_for("registration.delegation", slug=slug, delegation_id=delegation.id), code=303)
    return _render_list(event, form, status=400)


def _render_list(event, observer_form: ObserverForm, status: int = 200):
    lang = current_language()
    kind = request.args.get("kind") if request.args.get("kind") in ("country", "observer") else None
    sort = request.args.get("sort") if request.args.get("sort") in SORTS else "name"
    from delegates.declaration.services import declarations_of, event_today

    today = event_today(event)
    rows = service.delegation_summary(event, lang, kind=kind, today=today)
    if sort.endswith("size"):
        rows.sort(key=lambda r: (r.size / r.quota if r.quota else 0, r.size), reverse=sort == "-size")
    elif sort == "-name":
        rows.reverse()
    return render_template("registration/delegations.html", event=event, rows=rows, kind=kind, sort=sort,
                           observer_form=observer_form, today=today, declarations=declarations_of(event),
                           t=row_texts(),
                           can_write=current_user.has_role("registrar")), status


def row_texts() -> dict[str, str]:
    """The words of the list's rows, translated once per page (not once per row); those with a %(name)s are
    filled in by the template's ``format``."""
    return {"observer": _("observer"), "no_link": _("no private link yet"), "none": _("none"),
            "of": _("%(used)d of %(quota)d"), "over": _("over quota"), "full": _("full"),
            "outside": _("+%(n)d outside the quota"), "not_yet": _("not yet"), "present": _("present"),
            "last_seen": _("not today; last seen %(day)s"), "no_minister": _("no minister seen"),
            "signed": _("signed %(day)s"), "not_signed": _("not signed")}


@bp.route("/admin/e/<slug>/delegations/<int:delegation_id>")
@requires("registrar")
def delegation(slug: str, delegation_id: int):
    event, delegation = _event_and_delegation(slug, delegation_id)
    return _render_detail(event, delegation)


@bp.route("/admin/e/<slug>/delegations/<int:delegation_id>/focal-point", methods=["POST"])
@requires("registrar")
def appoint_focal_point(slug: str, delegation_id: int):
    event, delegation = _event_and_delegation(slug, delegation_id)
    form = FocalPointForm()
    _language_choices(form)
    if not form.validate_on_submit():
        return _render_detail(event, delegation, focal_form=form, status=400)
    try:
        token = service.appoint_focal_point(delegation, form.name.data, form.email.data, organiser_actor(),
                                            language=form.language.data or None)
    except FieldError as error:
        db.session.rollback()
        field = {"focal_point_name": "name", "focal_point_language": "language"}.get(error.field, error.field)
        form_errors_from(form, FieldError(field, error.message))
        return _render_detail(event, delegation, focal_form=form, status=400)
    db.session.commit()
    if form.send_mail.data:
        service.mail_focal_point_link(delegation, token)
        flash(_("%(name)s is the focal point of %(delegation)s. The private link was mailed to %(email)s.",
                name=delegation.focal_point_name, delegation=delegation.name(current_language()),
                email=delegation.focal_point_email), "success")
    else:
        flash(_("%(name)s is the focal point of %(delegation)s. No mail was sent: pass the link on yourself.",
                name=delegation.focal_point_name, delegation=delegation.name(current_language())), "success")
    # shown once, on this answer only (never stored, never in a redirect or a cookie)
    return _render_detail(event, delegation, link=service.focal_point_url(token))


@bp.route("/admin/e/<slug>/delegations/<int:delegation_id>/quota", methods=["POST"])
@requires("registrar")
def set_quota(slug: str, delegation_id: int):
    event, delegation = _event_and_delegation(slug, delegation_id)
    form = QuotaForm()
    if not form.validate_on_submit():
        return _render_detail(event, delegation, quota_form=form, status=400)
    service.set_quota(delegation, form.quota.data, organiser_actor())
    db.session.commit()
    used, quota = service.quota_used(delegation), delegation.effective_quota
    if quota is not None and used > quota:
        flash(_("The quota is %(quota)d, but %(used)d members count against it already: nobody is removed, and "
                "no one more can register until there is room.", quota=quota, used=used), "warning")
    else:
        flash(_("The quota is saved."), "success")
    return redirect(url_for("registration.delegation", slug=slug, delegation_id=delegation.id), code=303)


@bp.route("/admin/e/<slug>/delegations/<int:delegation_id>/head", methods=["POST"])
@requires("registrar")
def set_head(slug: str, delegation_id: int):
    event, delegation = _event_and_delegation(slug, delegation_id)
    form = HeadForm()
    head_choices(form, delegation)
    if form.validate_on_submit() and name_head(delegation, form, organiser_actor()):
        return redirect(url_for("registration.delegation", slug=slug, delegation_id=delegation.id), code=303)
    return _render_detail(event, delegation, head_form=form, status=400)


@bp.route("/admin/e/<slug>/delegations/<int:delegation_id>/credentials", methods=["POST"])
@requires("registrar")
def record_credentials(slug: str, delegation_id: int):
    event, delegation = _event_and_delegation(slug, delegation_id)
    form = CredentialsReceivedForm()
    if form.validate_on_submit():
        try:
            service.record_credentials_received(delegation, form.received_on.data, form.note.data,
                                                organiser_actor())
        except FieldError as error:
            db.session.rollback()
            form_errors_from(form, FieldError("note" if error.field == "credentials_note" else error.field,
                                              error.message))
        else:
            db.session.commit()
            flash(_("The credentials are recorded."), "success")
            return redirect(url_for("registration.delegation", slug=slug, delegation_id=delegation.id), code=303)
    return _render_detail(event, delegation, credentials_form=form, status=400)


def _event_and_delegation(slug: str, delegation_id: int):
    event = get_event_or_404(slug)
    delegation = service.get_delegation(event, delegation_id)
    if delegation is None:
        abort(404)
    return event, delegation


def _render_detail(event, delegation, *, focal_form=None, quota_form=None, head_form=None,
                   credentials_form=None, link: str | None = None, status: int = 200):
    if focal_form is None:
        focal_form = FocalPointForm(formdata=None, name=delegation.focal_point_name,
                                    email=delegation.focal_point_email,
                                    language=delegation.focal_point_language or event.default_language)
        _language_choices(focal_form)
    if quota_form is None:
        quota_form = QuotaForm(formdata=None, quota=delegation.quota)
    if head_form is None:
        head_form = HeadForm(formdata=None, head=str(delegation.head_id or ""))
        head_choices(head_form, delegation)
    if credentials_form is None:
        received = delegation.credentials_received_at
        credentials_form = CredentialsReceivedForm(
            formdata=None, received_on=event.local(received).date() if received else None,
            note=delegation.credentials_note)
    return render_template(
        "registration/delegation.html", event=event, delegation=delegation, members=service.members(delegation),
        used=service.quota_used(delegation), focal_form=focal_form, quota_form=quota_form, head_form=head_form,
        credentials_form=credentials_form, link=link, status_labels=status_labels(),
        can_write=current_user.has_role("registrar"),
    ), status


def _language_choices(form: FocalPointForm) -> None:
    form.language.choices = [SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()]


# -- shared by both sides -------------------------------------------------------------------------------------

def head_choices(form: HeadForm, delegation) -> None:
    lang = current_language()
    form.head.choices = [SelectChoice("", _("— nobody yet —"))] + [
        SelectChoice(str(p.id), f"{p.full_name} — {p.category.label(lang)}")
        for p in service.members(delegation) if p.status in ACTIVE]


def name_head(delegation, form: HeadForm, actor: Actor) -> bool:
    """Name the head chosen in the form; True when done (and committed), else the error is on the form."""
    chosen = form.head.data
    participant = None
    if chosen:
        participant = (service.member_of(delegation, int(chosen)) if chosen.isdigit() else None)
        if participant is None:
            form.head.errors = [*form.head.errors, _("Choose a member of the delegation.")]
            return False
    try:
        service.set_head(delegation, participant, actor)
    except DomainError as error:
        db.session.rollback()
        form.head.errors = [*form.head.errors, error.message]
        return False
    db.session.commit()
    if participant is not None:
        flash(_("%(name)s is the head of delegation.", name=participant.full_name), "success")
    else:
        flash(_("The delegation has no head named."), "success")
    return True
