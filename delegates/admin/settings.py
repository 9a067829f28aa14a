"""The administrator's pages: event settings, a new event, categories, quotas, organiser accounts, API tokens.

Everyone with an organiser account may read them (``viewer`` included); only ``admin`` changes anything. Every
change is written to the audit log by ``settings_services``.
"""
from __future__ import annotations

import logging
import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from delegates.admin import audit
from delegates.admin import settings_services as service
from delegates.admin.auth import requires
from delegates.admin.models import ApiToken, Organiser
from delegates.admin.services import AccountError, create_api_token, revoke_api_token
from delegates.admin.settings_forms import (
    CategoryForm,
    ConfirmForm,
    EventForm,
    NewEventForm,
    OrganiserForm,
    PasswordForm,
    RolesForm,
    TokenForm,
    role_labels,
)
from delegates.common.exceptions import DomainError
from delegates.common.i18n import current_language
from delegates.extensions import db
from delegates.registration.formdata import form_errors_from
from delegates.registration.models import Category, Event
from delegates.registration.services import get_event_or_404, of_event_or_404
from delegates.registration.validation import FieldError

bp = Blueprint("settings", __name__)
NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
# the one-time password link works like a password until it is used: access logs never show it
PASSWORD_LINK_PATH = re.compile(r"(/account/password/)[A-Za-z0-9_.-]+")


class RedactPasswordLinks(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = PASSWORD_LINK_PATH.sub(r"\1…", message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


@bp.record_once
def redact_password_links(_state) -> None:
    for name in ("werkzeug", "gunicorn.access", "gunicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactPasswordLinks) for f in logger.filters):
            logger.addFilter(RedactPasswordLinks())


def can_write() -> bool:
    return current_user.is_authenticated and current_user.has_role("admin")


def _refused(form, error: DomainError) -> None:
    """The error next to the field it names, or at the top of the page."""
    db.session.rollback()
    if isinstance(error, FieldError):
        form_errors_from(form, error)
        if getattr(form, "problem", None):
            flash(form.problem, "error")
    else:
        flash(error.message, "error")


def _changed_labels(form, changes: dict) -> str:
    names = []
    for column in changes:
        if column == "translations":
            names.append(_("translations"))
            continue
        field = getattr(form, column, None)
        names.append(str(field.label.text) if field is not None else column)
    return ", ".join(names)


# -- events ---------------------------------------------------------------------------------------------------

@bp.route("/admin/events/new", methods=["GET", "POST"])
@requires("admin")
def new_event():
    events = db.session.scalars(select(Event).order_by(Event.starts_on.desc())).all()
    form = NewEventForm()
    form.fill_events(events)
    if request.method == "GET":
        form.timezone.data, form.languages.data, form.default_language.data = "UTC", ["en", "fr", "es", "ar"], "en"
    status = 200
    if form.validate_on_submit():
        source = next((e for e in events if e.slug == form.copy_from.data), None)
        try:
            event = service.create_event(form.slug.data, form.values(), current_user, copy_categories_from=source)
        except DomainError as error:
            _refused(form, error)
            status = 400
        else:
            db.session.commit()
            if source is not None:
                flash(_("The event %(name)s is created, with the %(n)d categories of %(source)s.", name=event.name,
                        n=len(event.categories), source=source.name), "success")
            else:
                flash(_("The event %(name)s is created. Add its categories now.", name=event.name), "success")
            return redirect(url_for("settings.categories", slug=event.slug), 303)
    elif request.method == "POST":
        status = 400
    return render_template("admin/settings/event.html", form=form, event=None, timezones=service.timezone_names(),
                           can_write=can_write()), status


@bp.route("/admin/e/<slug>/settings", methods=["GET", "POST"])
@requires("admin")
def event_settings(slug: str):
    event = get_event_or_404(slug)
    form = EventForm()
    if request.method == "GET":
        form.fill_from(event)
    status = 200
    if form.validate_on_submit():
        try:
            changes = service.update_event(event, form.values(), current_user)
        except DomainError as error:
            _refused(form, error)
            status = 400
        else:
            db.session.commit()
            if changes:
                flash(_("The settings are saved. Changed: %(fields)s.", fields=_changed_labels(form, changes)),
                      "success")
                over = service.over_default_quota(event, current_language()) if "default_quota" in changes else []
                if over:
                    flash(_("%(n)d delegations have more members than the new default quota of %(quota)d (%(list)s): "
                            "nobody is removed, and they cannot register more until there is room.", n=len(over),
                            quota=event.default_quota, list=", ".join(f"{r.name} {r.used}" for r in over[:10])
                            + (", …" if len(over) > 10 else "")), "warning")
            else:
                flash(_("Nothing was changed."), "info")
            return redirect(url_for("settings.event_settings", slug=event.slug), 303)
    elif request.method == "POST":
        status = 400
    return render_template("admin/settings/event.html", form=form, event=event, timezones=service.timezone_names(),
                           can_write=can_write()), status


# -- categories -----------------------------------------------------------------------------------------------

def _render_categories(event: Event, form: CategoryForm, status: int = 200):
    return render_template("admin/settings/categories.html", event=event, form=form,
                           usage=service.category_usage(event), can_write=can_write(),
                           contrast=service.contrast_ratio, min_contrast=service.MIN_CONTRAST), status


@bp.route("/admin/e/<slug>/categories", methods=["GET", "POST"])
@requires("admin")
def categories(slug: str):
    event = get_event_or_404(slug)
    form = CategoryForm()
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                category = service.save_category(event, form.values(), current_user)
            except DomainError as error:
                _refused(form, error)
            else:
                db.session.commit()
                flash(_("The category %(name)s is added.", name=category.name), "success")
                return redirect(url_for("settings.categories", slug=event.slug), 303)
        return _render_categories(event, form, 400)
    return _render_categories(event, form)


def _category_or_404(event: Event, category_id: int) -> Category:
    return of_event_or_404(Category, category_id, event)


@bp.route("/admin/e/<slug>/categories/<int:category_id>", methods=["GET", "POST"])
@requires("admin")
def category(slug: str, category_id: int):
    event = get_event_or_404(slug)
    row = _category_or_404(event, category_id)
    form = CategoryForm()
    if request.method == "GET":
        form.fill_from(row)
    status = 200
    if form.validate_on_submit():
        try:
            service.save_category(event, form.values(), current_user, category=row)
        except DomainError as error:
            _refused(form, error)
            status = 400
        else:
            db.session.commit()
            flash(_("The category %(name)s is saved.", name=row.name), "success")
            return redirect(url_for("settings.categories", slug=event.slug), 303)
    elif request.method == "POST":
        status = 400
    return render_template("admin/settings/category.html", event=event, category=row, form=form,
                           used=service.category_usage(event).get(row.id, 0), can_write=can_write()), status


@bp.route("/admin/e/<slug>/categories/<int:category_id>/delete", methods=["POST"])
@requires("admin")
def delete_category(slug: str, category_id: int):
    event = get_event_or_404(slug)
    row = _category_or_404(event, category_id)
    if ConfirmForm().validate_on_submit():
        name = row.name
        try:
            service.delete_category(row, current_user)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("The category %(name)s is deleted.", name=name), "success")
    else:
        flash(_("The form has expired: try again."), "error")
    return redirect(url_for("settings.categories", slug=event.slug), 303)


# -- quotas ---------------------------------------------------------------------------------------------------

@bp.route("/admin/e/<slug>/quotas", methods=["GET", "POST"])
@requires("admin")
def quotas(slug: str):
    event = get_event_or_404(slug)
    form = ConfirmForm()
    language = current_language()
    typed: dict[int, str] = {}
    errors: dict[int, str] = {}
    status = 200
    if request.method == "POST":
        rows = service.quota_rows(event, language)
        wanted: dict[int, int | None] = {}
        for row in rows:
            key = f"quota-{row.delegation.id}"
            if key not in request.form:
                continue
            text = typed[row.delegation.id] = request.form[key].strip()
            if not text:
                wanted[row.delegation.id] = None
            elif text.isdigit():
                wanted[row.delegation.id] = int(text)
            else:
                errors[row.delegation.id] = _("%(country)s: the quota is a whole number, or empty for the "
                                              "event's default ('%(value)s' given).", country=row.name, value=text)
        for one in service.quota_problems({r.delegation.id: r for r in rows}, wanted):
            errors[int(one.field.removeprefix("quota-"))] = one.message
        if not form.validate_on_submit():
            flash(_("The form has expired: try again."), "error")
            status = 400
        elif not errors:
            try:
                changed = service.set_quotas(event, wanted, current_user, language)
            except FieldError as error:
                db.session.rollback()
                for one in getattr(error, "errors", None) or [error]:
                    errors[int(one.field.removeprefix("quota-"))] = one.message
            else:
                db.session.commit()
                flash(_("%(n)d quotas changed.", n=changed) if changed else _("Nothing was changed."),
                      "success" if changed else "info")
                return redirect(url_for("settings.quotas", slug=event.slug), 303)
        if errors:
            status = 400
            flash(_("Nothing was saved: %(n)d quotas need correcting.", n=len(errors)), "error")
    return render_template("admin/settings/quotas.html", event=event, form=form,
                           rows=service.quota_rows(event, language), typed=typed, errors=errors,
                           can_write=can_write()), status


# -- organiser accounts ---------------------------------------------------------------------------------------

def _render_organisers(form: OrganiserForm | None = None, link: str | None = None, link_for: str | None = None,
                       status: int = 200):
    if form is None:
        form = OrganiserForm(formdata=None)
    accounts = service.organisers()
    role_forms = {}
    for account in accounts:
        one = RolesForm(formdata=None, prefix=f"o{account.id}")
        one.roles.data = sorted(account.roles)
        role_forms[account.id] = one
    response = render_template("admin/settings/organisers.html", form=form, accounts=accounts, role_forms=role_forms,
                               confirm=ConfirmForm(formdata=None), role_labels=role_labels(), link=link,
                               link_for=link_for, can_write=can_write(), link_days=service.PASSWORD_LINK_DAYS,
                               history=audit.account_changes(role_labels()))
    return response, status, NO_STORE if link else {}


def _link_for(organiser: Organiser) -> str:
    token = service.password_link_token(organiser, current_user)
    return url_for("settings.set_password", token=token, _external=True)


@bp.route("/admin/organisers", methods=["GET", "POST"])
@requires("admin")
def organisers():
    if request.method == "GET":
        return _render_organisers()
    form = OrganiserForm()
    if not form.validate_on_submit():
        return _render_organisers(form, status=400)
    typed = form.password_by.data == "typed"
    try:
        account = service.create_account(form.email.data, form.roles.data or [], current_user, name=form.name.data,
                                         password=form.password.data if typed else None,
                                         repeated=form.password_again.data if typed else None)
    except (DomainError, AccountError) as error:
        _refused(form, error)
        return _render_organisers(form, status=400)
    link = None if typed else _link_for(account)
    db.session.commit()
    flash(_("The account of %(email)s is created.", email=account.email), "success")
    if link:
        return _render_organisers(link=link, link_for=account.email)
    return redirect(url_for("settings.organisers"), 303)


def _organiser_or_404(organiser_id: int) -> Organiser:
    organiser = db.session.get(Organiser, organiser_id)
    if organiser is None:
        abort(404)
    return organiser


@bp.route("/admin/organisers/<int:organiser_id>/roles", methods=["POST"])
@requires("admin")
def organiser_roles(organiser_id: int):
    account = _organiser_or_404(organiser_id)
    form = RolesForm(prefix=f"o{account.id}")
    if not form.validate_on_submit():
        flash(_("The form has expired: try again."), "error")
    else:
        try:
            changed = service.set_roles(account, form.roles.data or [], current_user)
        except AccountError:
            db.session.rollback()
            flash(_("Roles of %(email)s: choose at least one.", email=account.email), "error")
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            if changed:
                labels = role_labels()
                flash(_("%(email)s now has the roles: %(roles)s.", email=account.email,
                        roles=", ".join(labels[r] for r in sorted(account.roles))), "success")
            else:
                flash(_("Nothing was changed."), "info")
    return redirect(url_for("settings.organisers"), 303)


@bp.route("/admin/organisers/<int:organiser_id>/<any(deactivate, reactivate):action>", methods=["POST"])
@requires("admin")
def organiser_active(organiser_id: int, action: str):
    account = _organiser_or_404(organiser_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form has expired: try again."), "error")
        return redirect(url_for("settings.organisers"), 303)
    try:
        service.set_active(account, action == "reactivate", current_user)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        if action == "deactivate":
            flash(_("The account of %(email)s is deactivated: they are logged out everywhere and cannot log in.",
                    email=account.email), "success")
        else:
            flash(_("The account of %(email)s works again.", email=account.email), "success")
    return redirect(url_for("settings.organisers"), 303)


@bp.route("/admin/organisers/<int:organiser_id>/password-link", methods=["POST"])
@requires("admin")
def organiser_password_link(organiser_id: int):
    account = _organiser_or_404(organiser_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form has expired: try again."), "error")
        return redirect(url_for("settings.organisers"), 303)
    if not account.is_active:
        flash(_("The account of %(email)s is deactivated: reactivate it first.", email=account.email), "error")
        return redirect(url_for("settings.organisers"), 303)
    link = _link_for(account)
    db.session.commit()
    return _render_organisers(link=link, link_for=account.email)


@bp.route("/account/password/<token>", methods=["GET", "POST"])
def set_password(token: str):
    """The one-time link: the organiser chooses their password (no login needed; the link is the proof)."""
    account = service.organiser_for_link(token)
    if account is None:
        return render_template("admin/settings/password.html", form=None, account=None), 404, NO_STORE
    form = PasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            service.set_password(account, form.password.data, form.password_again.data)
        except DomainError as error:
            _refused(form, error)
            status = 400
        else:
            db.session.commit()
            flash(_("Your password is set. Log in with it now."), "success")
            return redirect(url_for("admin.login"), 303)
    elif request.method == "POST":
        status = 400
    return render_template("admin/settings/password.html", form=form, account=account), status, NO_STORE


# -- API tokens -----------------------------------------------------------------------------------------------

def _render_tokens(event: Event, form: TokenForm | None = None, token: str | None = None, status: int = 200):
    rows = db.session.scalars(select(ApiToken).where(ApiToken.event_id == event.id)
                              .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc())).all()
    creators = {o.id: o for o in db.session.scalars(
        select(Organiser).where(Organiser.id.in_({r.created_by_id for r in rows if r.created_by_id})))}
    response = render_template("admin/settings/tokens.html", event=event, rows=rows, creators=creators,
                               form=form or TokenForm(formdata=None), confirm=ConfirmForm(formdata=None),
                               new_token=token, role_labels=role_labels(), can_write=can_write())
    return response, status, NO_STORE if token else {}


@bp.route("/admin/e/<slug>/tokens", methods=["GET", "POST"])
@requires("admin")
def tokens(slug: str):
    event = get_event_or_404(slug)
    if request.method == "GET":
        return _render_tokens(event)
    form = TokenForm()
    if not form.validate_on_submit():
        return _render_tokens(event, form, status=400)
    try:
        row, token = create_api_token(event, form.role.data, form.name.data, by=current_user)
    except AccountError as error:
        db.session.rollback()
        form.name.errors = [*form.name.errors, error.message]
        return _render_tokens(event, form, status=400)
    db.session.commit()
    flash(_("The token %(name)s is created.", name=row.name), "success")
    return _render_tokens(event, token=token)


@bp.route("/admin/e/<slug>/tokens/<int:token_id>/revoke", methods=["POST"])
@requires("admin")
def revoke_token(slug: str, token_id: int):
    event = get_event_or_404(slug)
    row = of_event_or_404(ApiToken, token_id, event)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form has expired: try again."), "error")
    elif revoke_api_token(row, by=current_user):
        db.session.commit()
        flash(_("The token %(name)s is revoked: it stops working now.", name=row.name), "success")
    else:
        flash(_("The token %(name)s was revoked already.", name=row.name), "info")
    return redirect(url_for("settings.tokens", slug=event.slug), 303)
