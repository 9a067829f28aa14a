"""A lost private link: /e/<slug>/link asks for it by the address registered with; /me/open/<value> is the link
the mail holds (see ``registration.lost_links``)."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SubmitField

from delegates.common.forms import Form
from delegates.extensions import db
from delegates.registration import lost_links
from delegates.registration.validation import FieldError
from delegates.registration.views import bp
from delegates.registration.views.form import public_event
from delegates.registration.views.private import PRIVATE_HEADERS


class LostLinkForm(Form):
    email = EmailField(_l("Email"), render_kw={"maxlength": 254, "autocomplete": "email"})
    submit = SubmitField(_l("Mail me the link"))


@bp.route("/e/<slug>/link", methods=["GET", "POST"])
def lost_link(slug: str):
    event = public_event(slug)
    form = LostLinkForm()
    if form.validate_on_submit():
        try:
            lost_links.ask(event, form.email.data)
        except FieldError as error:
            form.email.errors = [*form.email.errors, error.message]
        else:
            db.session.commit()
            # the same answer whether the address is registered or not: the page tells nobody who registered
            flash(_("If a registration for this event, or a delegation's focal point, has the address %(email)s, a "
                    "mail with the link is on its way there.", email=form.email.data.strip()), "info")
            return redirect(url_for("registration.lost_link", slug=slug), code=303)
    status = 400 if form.errors else 200
    return render_template("registration/lost_link.html", event=event, form=form), status


class OpenForm(Form):
    submit = SubmitField(_l("Open my registration"))


@bp.route("/me/open/<value>", methods=["GET", "POST"])
def open_lost_link(value: str):
    """The link a mail holds. Opening it (GET) changes nothing: mail scanners and link previews fetch links before
    the person clicks, and would use it up; the button on the page (POST) opens the registration."""
    participant = lost_links.find(value)
    if participant is None:
        return render_template("registration/lost_link_expired.html", event=lost_links.event_of(value),
                               hours=lost_links.hours_valid()), 404, PRIVATE_HEADERS
    form = OpenForm()
    if form.validate_on_submit():
        token = lost_links.open_registration(participant)
        db.session.commit()
        flash(_("This is your private link from now on: keep it. The one you had before no longer works."),
              "success")
        return redirect(url_for("registration.private", token=token), code=303), PRIVATE_HEADERS
    page = render_template("registration/lost_link_open.html", event=participant.event, form=form)
    return page, 400 if form.errors else 200, PRIVATE_HEADERS
