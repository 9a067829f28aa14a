"""The public registration form: /e/<slug>/register."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import FileStorage

from delegates.common import database
from delegates.common.i18n import current_language
from delegates.extensions import csrf, db
from delegates.programme import services as programme
from delegates.registration import lost_links, notifications, participants, photos
from delegates.registration.formdata import fill_choices, form_errors_from, registration_from_form
from delegates.registration.forms import NewRegistrationForm
from delegates.registration.participants import AlreadyRegistered, QuotaReached, RegistrationClosed
from delegates.registration.services import get_event_or_404, is_submission_key, new_submission_key
from delegates.registration.validation import FieldError
from delegates.registration.views import bp


def public_event(slug: str):
    event = get_event_or_404(slug)
    if not event.is_published and not current_user.is_authenticated:
        abort(404)
    return event


@bp.route("/e/<slug>/register", methods=["GET", "POST"])
@csrf.exempt  # the form checks its own CSRF token, so that an expired one keeps what was typed
def register(slug: str):
    # Reading what was sent (the multipart body, the CSRF token, a photo to decode and re-encode) writes nothing
    # and is most of a registration's time: on SQLite it runs in a read transaction, so that other registrations
    # do not wait for the write lock meanwhile. The write transaction is _register()'s, and as short as it can be.
    database.write_intent.set(False)
    event = public_event(slug)
    lang = current_language()
    form = NewRegistrationForm()
    if not form.is_submitted():
        form.ui_language.data = form.ui_language.data or lang
    if not is_submission_key(form.submission.data):  # a first view (or a form served before there were keys)
        form.submission.data = new_submission_key()
    problem = None
    try:
        participants.check_window(event)
    except RegistrationClosed as closed:
        return render_template("registration/closed.html", event=event, message=closed.message), 200
    if form.validate_on_submit():
        token = _register(event, form)
        if token:
            return redirect(url_for("registration.private", token=token), code=303)
        database.write_intent.set(False)  # the form again, with the errors: reads only
        problem = getattr(form, "problem", None)
    status = 400 if form.is_submitted() and (form.errors or problem) else 200
    # Choices only show on the page (no field validates against them), so a registration that
    # succeeds does not load them.
    fill_choices(form, event, lang)
    page = render_template("registration/register.html", event=event, form=form, problem=problem)
    # the page holds the session's CSRF token and the form's key: for this browser only, never a shared cache's
    return page, status, {"Cache-Control": "private"}


def _register(event, form: NewRegistrationForm) -> str | None:
    """Register from the form: the private token on success; else None, with the errors put next to
    their fields (and a message for the top of the form in ``form.problem``)."""
    photo_name = None
    try:
        data = registration_from_form(form, event)
        upload = form.photo.data
        if isinstance(upload, FileStorage) and upload.filename:
            photo_name = photos.store_photo(upload.stream)
            data.photo_filename = photo_name
        values = participants.prepare(event, data)
        if values is not None:
            programme.check_requests(event, values["category"], form.sessions.data or [])
        database.start_writing(db.session())
        participant, token = participants.register(event, data, via="web", values=values,
                                                   submission=form.submission.data)
        programme.request_sessions(participant, form.sessions.data or [], checked=values is not None, new=True)
        database.commit_keeping_loaded(db.session())  # the mail below reads what was just written
    except FieldError as error:
        db.session.rollback()
        _forget_photo(photo_name)
        form_errors_from(form, error)
        return None
    except AlreadyRegistered as error:
        db.session.rollback()
        database.write_intent.set(False)  # what follows only reads (and mails): see below
        _forget_photo(photo_name)
        existing = error.participant
        token = participants.token_of_submission(existing, form.submission.data)
        if token is not None:  # this very form, sent again: the registration its first sending made
            flash(_("This form had been sent already: here is the registration it made. To change something, "
                    "choose “Correct my registration”."), "info")
            return token
        # the link the registration has, not a new one: a stranger typing someone's address would end theirs (see
        # registration.lost_links)
        lost_links.mail_link(existing, again=True)
        form.email.errors = [*form.email.errors, error.message + " " + _(
            "We have mailed that address a link to the registration: open it to see or correct the registration.")]
        return None
    except (RegistrationClosed, QuotaReached) as error:
        db.session.rollback()
        _forget_photo(photo_name)
        if error.field and hasattr(form, error.field):
            getattr(form, error.field).errors = [*getattr(form, error.field).errors, error.message]
        form.problem = error.message
        return None
    except Exception:
        # the database refused the write (disk full, read-only, gone): keep no photo of nobody; the error
        # handler rolls back and answers 503
        _forget_photo(photo_name)
        raise
    # The mail only reads: its queries must not take SQLite's write lock again (BEGIN IMMEDIATE) and
    # hold it while the message is written, or sent over SMTP, keeping every other registration waiting.
    database.write_intent.set(False)
    notifications.mail_private_link(participant, token)
    # the mail is the way back to the private page: an address mistyped is best corrected now, while it is open
    message = _("You are registered. We have mailed the link to this page to %(email)s: keep that mail, it is your "
                "way back here.", email=participant.email)
    if event.changes_open():
        message += " " + _("Not your address? Correct it now with “Correct my registration”, or the mail will not "
                           "reach you.")
    flash(message, "success")
    return token


def _forget_photo(name: str | None) -> None:
    if name:
        photos.delete_photo(name)
