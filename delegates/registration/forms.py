"""The public registration form, also used on the private page to correct a registration."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from markupsafe import Markup
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TelField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, ListWidget, Select

from delegates.common.forms import Form, html_params
from delegates.extensions import db
from delegates.registration import photos
from delegates.registration.models import Country
from delegates.registration.search import fold

TITLES = ("Mr", "Ms", "Mrs", "Dr", "Prof.", "H.E.", "Hon.", "Gen.", "Col.", "Insp.")


class KeptChoices(list):
    """A list of choices kept for the process (the countries of a language), which keeps its options rendered."""

    options: list[Markup] | None = None  # each choice's <option>, not selected; filled at the first page


class KeptOptionsSelect(Select):
    """A ``<select>`` that renders the options of KeptChoices once, then per page only the chosen option.

    The 250 countries' options, each through html_params() and escape(), were a quarter of the form page's time.
    Any other list of choices renders as Select does.
    """

    def __call__(self, field, **kwargs):
        choices = field.choices
        if not isinstance(choices, KeptChoices):
            return super().__call__(field, **kwargs)
        if choices.options is None:
            choices.options = [self.render_option(choice._replace(selected=False))
                               for choice in field._iter_choices_normalized()]
        kwargs.setdefault("id", field.id)
        flags = getattr(field, "flags", {})
        for name in self.validation_attrs:
            if name not in kwargs and getattr(flags, name, False):
                kwargs[name] = getattr(flags, name)
        html = [f"<select {html_params(name=field.name, **kwargs)}>"]
        for choice, option in zip(field._iter_choices_normalized(), choices.options, strict=True):
            html.append(self.render_option(choice) if choice.selected else option)
        html.append("</select>")
        return Markup("".join(html))  # noqa: S704  html_params() escapes the attributes, render_option() the labels


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RegistrationForm(Form):
    """Validation of content lives in validation.py (one set of rules for every entry point, with its
    messages); the form only carries what was typed, and shows the errors next to their fields."""

    # dir="auto": a name is laid out in its own script's direction whatever the page's (H.E. on an Arabic page)
    title = StringField(_l("Title"), render_kw={"maxlength": 40, "list": "titles", "autocomplete": "honorific-prefix",
                                                "dir": "auto"})
    given_name = StringField(_l("Given name"), render_kw={"maxlength": 100, "autocomplete": "given-name",
                                                          "dir": "auto"})
    family_name = StringField(_l("Family name"), render_kw={"maxlength": 100, "autocomplete": "family-name",
                                                            "dir": "auto"})
    badge_name = StringField(_l("Name on badge"), render_kw={"maxlength": 60, "autocomplete": "off", "dir": "auto"})
    country = SelectField(_l("Country"), validate_choice=False, widget=KeptOptionsSelect())
    category = SelectField(_l("Category"), validate_choice=False)
    function = StringField(_l("Function"), render_kw={"maxlength": 200, "autocomplete": "organization-title",
                                                      "dir": "auto"})
    organisation = StringField(_l("Organisation"), render_kw={"maxlength": 200, "autocomplete": "organization",
                                                              "dir": "auto"})
    email = EmailField(_l("Email"), render_kw={"maxlength": 254, "autocomplete": "email"})
    phone = TelField(_l("Phone"), render_kw={"maxlength": 40, "autocomplete": "tel"})
    # the data- attributes let register.js refuse a file the server would refuse before it is sent: a photo over
    # the body limit would otherwise cost the form everything typed (a 413 page instead of the form again)
    photo = FileField(_l("Photo"), render_kw={
        "accept": "image/jpeg,image/png", "data-max-bytes": photos.MAX_BYTES,
        "data-too-large": _l("The photo is larger than %(limit)d MB; please send a smaller one.",
                             limit=photos.MAX_BYTES // (1024 * 1024)),
        "data-not-photo": _l("This file is not a JPEG or PNG photo. Please send a photo in one of these two formats."),
    })
    ui_language = SelectField(_l("Preferred language"), validate_choice=False)
    interpretation_language = SelectField(_l("Interpretation channel"), validate_choice=False)
    dietary = SelectField(_l("Dietary needs"), validate_choice=False)
    dietary_other = StringField(_l("Other dietary need"), render_kw={"maxlength": 200})
    accessibility = TextAreaField(_l("Accessibility needs"), render_kw={"maxlength": 1000, "rows": 3})
    arrival_date = DateField(_l("Arrival date"), validators=[Optional()])
    arrival_time = TimeField(_l("Arrival time"), validators=[Optional()])
    arrival_flight = StringField(_l("Arrival flight"), render_kw={"maxlength": 10})
    arrival_airport = StringField(_l("Arrival airport"), render_kw={"maxlength": 3})
    departure_date = DateField(_l("Departure date"), validators=[Optional()])
    departure_time = TimeField(_l("Departure time"), validators=[Optional()])
    departure_flight = StringField(_l("Departure flight"), render_kw={"maxlength": 10})
    departure_airport = StringField(_l("Departure airport"), render_kw={"maxlength": 3})
    hotel = SelectField(_l("Hotel"), validate_choice=False)
    sessions = MultiCheckboxField(_l("Sessions you would like to attend"), validate_choice=False, coerce=int)
    consent_to_publish = BooleanField(_l("Publish my name and function in the list of participants"))
    submit = SubmitField(_l("Register"))


class NewRegistrationForm(RegistrationForm):
    """The public form: with the key of the form as served (``services.submission_token``)."""

    submission = HiddenField()


_COUNTRY_CHOICES: dict[str, KeptChoices] = {}


def country_choices(language: str) -> KeptChoices:
    """Every ISO country, named and sorted in the page's language.

    Built once per language and process: the country list changes with pycountry's releases, not per request.
    """
    if language not in _COUNTRY_CHOICES:
        column = getattr(Country, f"name_{language}", Country.name_en)
        rows = db.session.execute(select(Country.alpha3, column)).all()
        ordered = sorted(rows, key=lambda row: fold(row[1]))
        _COUNTRY_CHOICES[language] = KeptChoices(
            [SelectChoice("", "—"), *(SelectChoice(code, name) for code, name in ordered)])
    return _COUNTRY_CHOICES[language]
