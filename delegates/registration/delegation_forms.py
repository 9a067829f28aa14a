"""Forms of the delegations pages: the registrar's and the focal point's.

As on the public form, the rules for content live in validation.py and the services; the
forms carry what was typed and show the errors next to their fields. Each form has a prefix,
so that several can share a page.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TelField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from delegates.common.forms import Form

QUOTA_RANGE = NumberRange(min=0, max=10_000, message=_l("Give a number of participants from 0 to 10,000."))
NUMBER = {"min": 0, "inputmode": "numeric"}
PERSON_TEXT = {"autocomplete": "off", "dir": "auto"}


class FocalPointForm(Form):
    name = StringField(_l("Name"), validators=[InputRequired(message=_l("Give the focal point's name.")),
                                               Length(max=200)], render_kw={"autocomplete": "off"})
    email = EmailField(_l("Email"), validators=[InputRequired(message=_l("Give the focal point's email.")),
                                                Length(max=254)], render_kw={"autocomplete": "off"})
    language = SelectField(_l("Language of the mail"), validate_choice=False)
    send_mail = BooleanField(_l("Mail the private link to the focal point"), default=True)
    submit = SubmitField(_l("Appoint and make a new private link"))


class QuotaForm(Form):
    quota = IntegerField(_l("Quota"), validators=[Optional(), QUOTA_RANGE], render_kw=NUMBER)
    submit = SubmitField(_l("Set the quota"))


class HeadForm(Form):
    head = SelectField(_l("Head of delegation"), validate_choice=False)
    submit = SubmitField(_l("Name the head of delegation"))


class CredentialsReceivedForm(Form):
    received_on = DateField(_l("Credentials received on"), validators=[Optional()])
    note = TextAreaField(_l("Note"), validators=[Length(max=1000)], render_kw={"rows": 2})
    submit = SubmitField(_l("Record the credentials"))


class CredentialsSentForm(Form):
    sent_on = DateField(_l("Credentials letter sent on"), validators=[Optional()])
    submit = SubmitField(_l("Save the date"))


class ObserverForm(Form):
    organisation = StringField(_l("Organisation"), validators=[
        InputRequired(message=_l("Give the organisation's name.")), Length(max=200)])
    organisation_acronym = StringField(_l("Acronym"), validators=[Length(max=20)])
    quota = IntegerField(_l("Quota"), validators=[Optional(), QUOTA_RANGE], render_kw=NUMBER)
    submit = SubmitField(_l("Add the observer delegation"))


class MemberForm(Form):
    """A member of a delegation, as the focal point registers or corrects them."""

    # dir="auto": a name is laid out in its own script's direction whatever the page's (H.E. on an Arabic page)
    title = StringField(_l("Title"), validators=[Length(max=40)],
                        render_kw={"list": "titles", "autocomplete": "off", "dir": "auto"})
    given_name = StringField(_l("Given name"), validators=[Length(max=100)], render_kw=PERSON_TEXT)
    family_name = StringField(_l("Family name"), validators=[Length(max=100)], render_kw=PERSON_TEXT)
    badge_name = StringField(_l("Name on badge"), validators=[Length(max=60)], render_kw=PERSON_TEXT)
    category = SelectField(_l("Category"), validate_choice=False)
    function = StringField(_l("Function"), validators=[Length(max=200)], render_kw=PERSON_TEXT)
    organisation = StringField(_l("Organisation"), validators=[Length(max=200)], render_kw=PERSON_TEXT)
    email = EmailField(_l("Email"), validators=[Length(max=254)], render_kw={"autocomplete": "off"})
    phone = TelField(_l("Phone"), validators=[Length(max=40)], render_kw={"autocomplete": "off"})
    submit = SubmitField(_l("Register this member"))
