"""The focal point's pages: /d/<token>, where a national focal point manages the whole delegation.

No login: the token is the key (its hash finds the delegation). Every answer stays out of caches and referrers.
"""
from __future__ import annotations

import functools

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from delegates.common.exceptions import DomainError
from delegates.common.i18n import current_language
from delegates.extensions import db
from delegates.registration import delegations as service
from delegates.registration import notifications, participants
from delegates.registration.delegation_forms import (
    CredentialsSentForm,
    HeadForm,
    MemberForm,
)
from delegates.registration.formdata import form_errors_from
from delegates.registration.forms import TITLES
from delegates.registration.participants import AlreadyRegistered, Registration
from delegates.registration.services import current_token, status_labels
from delegates.registration.validation import FieldError
from delegates.registration.views import bp
from delegates.registration.views.delegations import head_choices, name_head, put_error


def focal_point_page(view):
    """Find the delegation from the focal point's token, or answer 404."""

    @functools.wraps(view)
    def wrapped(token: str, *args, **kwargs):
        delegation = service.find_by_focal_token(token)
        if delegation is None:
            abort(404)
        return view(delegation, token, *args, **kwargs)

    return wrapped


@bp.route("/d/<token>")
@focal_point_page
def focal_point(delegation, token: str):
    return _render_focal_point(delegation, token)


@bp.route("/d/<token>/head", methods=["POST"])
@focal_point_page
def focal_point_head(delegation, token: str):
    form = HeadForm()
    head_choices(form, delegation)
    if form.validate_on_submit() and name_head(delegation, form, service.focal_point_actor()):
        return redirect(url_for("registration.focal_point", token=token), code=303)
    return _render_focal_point(delegation, token, head_form=form, status=400)


@bp.route("/d/<token>/credentials", methods=["POST"])
@focal_point_page
def focal_point_credentials(delegation, token: str):
    form = CredentialsSentForm()
    if form.validate_on_submit():
        try:
            service.record_credentials_sent(delegation, form.sent_on.data, service.focal_point_actor())
        except FieldError as error:
            db.session.rollback()
            form_errors_from(form, error)
        else:
            db.session.commit()
            flash(_("Thank you: the date the credentials letter was sent is saved."), "success")
            return redirect(url_for("registration.focal_point", token=token), code=303)
    return _render_focal_point(delegation, token, sent_form=form, status=400)


def _render_focal_point(delegation, token: str, *, head_form=None, sent_form=None, status: int = 200):
    event = delegation.event
    if head_form is None:
        head_form = HeadForm(formdata=None, head=str(delegation.head_id or ""))
        head_choices(head_form, delegation)
    if sent_form is None:
        sent = delegation.credentials_sent_at
        sent_form = CredentialsSentForm(formdata=None, sent_on=event.local(sent).date() if sent else None)
    return render_template(
        "registration/focal_point.html", event=event, delegation=delegation, token=token,
        members=service.members(delegation), used=service.quota_used(delegation), quota=delegation.effective_quota,
        head_form=head_form, sent_form=sent_form, status_labels=status_labels(), closed=_window_closed(event),
        changes_closed=participants.changes_closed(event),
        outside_quota=[c.label(current_language()) for c in event.categories
                       if c.self_registration and not c.counts_against_quota],
    ), status


def _window_closed(event) -> str | None:
    """Why registration is closed now, or None when it is open."""
    try:
        participants.check_window(event)
    except participants.RegistrationClosed as closed:
        return closed.message
    return None


@bp.route("/d/<token>/register", methods=["GET", "POST"])
@focal_point_page
def focal_point_register(delegation, token: str):
    form = MemberForm()
    _category_choices(form, delegation.event)
    problem = None
    if form.validate_on_submit():
        data = _registration_from(form, Registration(ui_language=current_language()))
        try:
            participant, member_token = service.register_member(delegation, data)
            db.session.commit()
        except AlreadyRegistered as error:
            db.session.rollback()
            form.email.errors = [*form.email.errors, _already_registered(delegation, error.participant)]
        except DomainError as error:
            db.session.rollback()
            problem = put_error(form, error)
        else:
            notifications.mail_private_link(participant, member_token)
            flash(_("%(name)s is registered. Their private link was mailed to %(email)s.",
                    name=participant.full_name, email=participant.email), "success")
            return redirect(url_for("registration.focal_point", token=token), code=303)
    return _render_member(delegation, token, form, problem=problem)


@bp.route("/d/<token>/members/<int:participant_id>", methods=["GET", "POST"])
@focal_point_page
def focal_point_member(delegation, token: str, participant_id: int):
    participant = service.member_of(delegation, participant_id)
    if participant is None:
        abort(404)
    form = MemberForm() if request.method == "POST" else MemberForm(formdata=None, obj=participant)
    if request.method == "GET":
        form.category.data = str(participant.category_id)
    _category_choices(form, delegation.event, participant)
    problem = None
    changes_closed = participants.changes_closed(delegation.event)
    if participant.status == "cancelled":
        if request.method == "POST":
            problem = _("This registration was cancelled; register the person again to bring them back.")
    elif changes_closed:
        if request.method == "POST":
            problem = changes_closed
    elif form.validate_on_submit():
        data = _registration_from(form, participants.registration_of(participant))
        try:
            changes = service.update_member(delegation, participant, data)
            member_token = None
            if "email" in changes:  # the link went to the old address, perhaps not the person's: a new one, mailed
                member_token = participants.new_link(participant, actor=service.focal_point_actor())
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            problem = put_error(form, error)
        else:
            if changes.get("status") == ["accredited", "submitted"]:
                flash(_("The changes are saved. %(name)s's badge changed after accreditation, so the registrar "
                        "checks the registration again.", name=participant.full_name), "warning")
            else:
                flash(_("The changes to %(name)s's registration are saved.", name=participant.full_name), "success")
            if member_token:
                notifications.mail_email_changed(participant, member_token, old_address=changes["email"][0],
                                                 by_focal_point=True)
                flash(_("%(name)s's private link was mailed to the new address, %(email)s; the old link no longer "
                        "works.", name=participant.full_name, email=participant.email), "info")
            return redirect(url_for("registration.focal_point", token=token), code=303)
    return _render_member(delegation, token, form, participant=participant, problem=problem,
                          changes_closed=changes_closed)


@bp.route("/d/<token>/members/<int:participant_id>/cancel", methods=["POST"])
@focal_point_page
def focal_point_cancel(delegation, token: str, participant_id: int):
    participant = service.member_of(delegation, participant_id)
    if participant is None:
        abort(404)
    try:
        service.cancel_member(delegation, participant, service.focal_point_actor())
    except participants.ChangesClosed:  # a page opened before the deadline; the delegation's page now says why
        db.session.rollback()
    else:
        db.session.commit()
        flash(_("The registration of %(name)s is cancelled.", name=participant.full_name), "success")
    return redirect(url_for("registration.focal_point", token=token), code=303)


@bp.route("/d/<token>/members/<int:participant_id>/link", methods=["POST"])
@focal_point_page
def focal_point_mail_link(delegation, token: str, participant_id: int):
    """A member's private link mailed to them again (they lost the mail); it goes on working. A link that cannot be
    made again is renewed and the new one mailed."""
    participant = service.member_of(delegation, participant_id)
    if participant is None or participant.status == "cancelled":
        abort(404)
    actor = service.focal_point_actor()
    member_token = current_token(participant)
    if member_token is None:
        member_token = participants.new_link(participant, actor=actor)
        db.session.commit()
        notifications.mail_new_link(participant, member_token)
        flash(_("A new private link was mailed to %(email)s; the old link no longer works.",
                email=participant.email), "success")
    else:
        participants.record_link_mailed(participant, actor=actor)
        db.session.commit()
        notifications.mail_link_again(participant, member_token, by_focal_point=True)
        flash(_("The private link of %(name)s was mailed to %(email)s again.", name=participant.full_name,
                email=participant.email), "success")
    return redirect(url_for("registration.focal_point_member", token=token, participant_id=participant_id),
                    code=303)


def _render_member(delegation, token: str, form: MemberForm, *, participant=None, problem=None,
                   changes_closed: str | None = None):
    status = 400 if form.is_submitted() and (form.errors or problem) else 200
    if participant is not None and (participant.status == "cancelled" or changes_closed):
        status = 200 if request.method == "GET" else 409
    return render_template(
        "registration/focal_point_person.html", event=delegation.event, delegation=delegation, token=token,
        form=form, participant=participant, problem=problem, titles=TITLES, status_labels=status_labels(),
        used=service.quota_used(delegation), quota=delegation.effective_quota, changes_closed=changes_closed,
    ), status


def _category_choices(form: MemberForm, event, participant=None) -> None:
    lang = current_language()
    form.category.choices = [SelectChoice("", "—")] + [
        SelectChoice(str(c.id), c.label(lang)) for c in event.categories
        if c.self_registration or (participant is not None and c.id == participant.category_id)]


def _registration_from(form: MemberForm, data: Registration) -> Registration:
    for name in ("title", "given_name", "family_name", "badge_name", "function", "organisation", "email", "phone"):
        setattr(data, name, getattr(form, name).data)
    data.category = form.category.data or None
    return data


def _already_registered(delegation, existing) -> str:
    if existing.delegation_id == delegation.id:
        return _("%(email)s is already a member of your delegation: %(name)s.", email=existing.email,
                 name=existing.full_name)
    return _("%(email)s is registered for this event already, in another delegation. Ask the organisers if "
             "this person should be in yours.", email=existing.email)
