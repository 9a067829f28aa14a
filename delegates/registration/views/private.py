"""A participant's private pages: /me/<token> and what hangs below it.

The token is the only key: the pages are never cached and never tell another site where they were.
"""
from __future__ import annotations

import functools

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage
from wtforms import SubmitField

from delegates.common.forms import Form
from delegates.common.i18n import current_language
from delegates.extensions import csrf, db
from delegates.programme import services as programme
from delegates.registration import notifications, participants, photos
from delegates.registration.formdata import (
    dietary_choices,
    fill_choices,
    fill_form_from,
    form_errors_from,
    registration_from_form,
)
from delegates.registration.forms import RegistrationForm
from delegates.registration.participants import Actor, ChangesClosed, QuotaReached, StatusError
from delegates.registration.services import status_labels
from delegates.registration.validation import FieldError
from delegates.registration.views import bp

PRIVATE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}


class CancelForm(Form):
    submit = SubmitField()


def private_page(view):
    """Find the participant from the token (404 otherwise) and send the private pages' headers."""

    @functools.wraps(view)
    def wrapped(token: str, *args, **kwargs):
        participant = participants.find_by_token(token)
        if participant is None:
            abort(404)
        response = current_app.make_response(view(participant, token, *args, **kwargs))
        response.headers.update(PRIVATE_HEADERS)
        return response

    return wrapped


def documents(participant) -> list[tuple[str, str]]:
    """The links to the badge and agenda that exist in this version, for accredited participants."""
    if participant.status != "accredited":
        return []
    wanted = [("badges.my_badge", _("Badge (PDF)")), ("programme.agenda_pdf", _("Personal agenda (PDF)")),
              ("programme.agenda_ics", _("Personal agenda (calendar)"))]
    return [(endpoint, label) for endpoint, label in wanted if endpoint in current_app.view_functions]


@bp.route("/me/<token>")
@private_page
def private(participant, token: str):
    event = participant.event
    requested = programme.requested_session_ids(participant)
    sessions = [s for s in programme.sessions_of(event) if s.id in set(requested)]
    return render_template("registration/private.html", participant=participant, event=event, token=token,
                           sessions=sessions, documents=documents(participant), cancel_form=CancelForm(),
                           kind_labels=programme.kind_labels(), status_labels=status_labels(),
                           dietary_labels={c.value: c.label for c in dietary_choices()},
                           changes_closed=participants.changes_closed(event))


@bp.route("/me/<token>/edit", methods=["GET", "POST"])
@csrf.exempt  # the form checks its own CSRF token, so that an expired one keeps what was typed
@private_page
def private_edit(participant, token: str):
    event = participant.event
    if participant.status == "cancelled":
        flash(_("This registration was cancelled; register again to take part."), "warning")
        return redirect(url_for("registration.private", token=token), code=303)
    if participants.changes_closed(event):  # the private page says since when, and whom to write to
        return redirect(url_for("registration.private", token=token), code=303)
    form = RegistrationForm()
    fill_choices(form, event, current_language())
    if not form.is_submitted():
        fill_form_from(form, participant)
    form.submit.label.text = _("Save changes")
    if form.validate_on_submit():
        was_accredited = participant.status == "accredited"
        photo_name = None
        old_photo = participant.photo_filename
        try:
            data = registration_from_form(form, event)
            data.photo_filename = old_photo
            upload = form.photo.data
            if isinstance(upload, FileStorage) and upload.filename:
                photo_name = photos.store_photo(upload.stream)
                data.photo_filename = photo_name
            changes = participants.update(participant, data, actor=Actor())
            programme.request_sessions(participant, form.sessions.data or [])
            db.session.commit()
        except FieldError as error:
            db.session.rollback()
            if photo_name:
                photos.delete_photo(photo_name)
            form_errors_from(form, error)
        except (QuotaReached, StatusError, ChangesClosed) as error:
            db.session.rollback()
            if photo_name:
                photos.delete_photo(photo_name)
            form.problem = error.message
        else:
            if photo_name and old_photo:
                photos.delete_photo(old_photo)
            if was_accredited and participant.status == "submitted":
                notifications.mail_status_back_to_review(participant)
                flash(_("Your changes are saved. They change your badge, so the registrar will check your "
                        "registration again before your badge is printed."), "warning")
            elif changes:
                flash(_("Your changes are saved."), "success")
            else:
                flash(_("Nothing was changed."), "info")
            if "email" in changes:
                notifications.mail_email_changed(participant, token, old_address=changes["email"][0])
                flash(_("We have mailed the link to this page to %(email)s, and told the old address.",
                        email=participant.email), "info")
            return redirect(url_for("registration.private", token=token), code=303)
    status = 400 if form.is_submitted() and (form.errors or getattr(form, "problem", None)) else 200
    return render_template("registration/register.html", event=event, form=form, editing=True, token=token,
                           problem=getattr(form, "problem", None)), status


@bp.route("/me/<token>/cancel", methods=["POST"])
@private_page
def private_cancel(participant, token: str):
    if CancelForm().validate_on_submit():
        try:
            participants.cancel(participant, actor=Actor())
        except ChangesClosed:  # a page opened before the deadline; the private page now says why
            db.session.rollback()
        else:
            db.session.commit()
            flash(_("Your registration is cancelled. If this was a mistake, write to the organisers."), "info")
    return redirect(url_for("registration.private", token=token), code=303)


@bp.route("/me/<token>/new-link", methods=["POST"])
@private_page
def private_new_link(participant, token: str):
    """A new private link, for a link that was forwarded or leaked: the old one stops working."""
    if not CancelForm().validate_on_submit():
        return redirect(url_for("registration.private", token=token), code=303)
    new_token = participants.new_link(participant)
    db.session.commit()
    notifications.mail_new_link(participant, new_token)
    flash(_("This is your new private link; the old one no longer works. We have mailed it to you too."),
          "success")
    return redirect(url_for("registration.private", token=new_token), code=303)


@bp.route("/me/<token>/photo.jpg")
@private_page
def private_photo(participant, token: str):
    return photos.send_photo(participant)

