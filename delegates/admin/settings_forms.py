"""The administrator's forms: event settings, categories, organiser accounts, API tokens."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields import ColorField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from delegates.admin.models import ROLES
from delegates.admin.settings_services import TRANSLATED, TRANSLATED_TEXTS, CategoryValues, EventValues, event_values
from delegates.common.forms import Form
from delegates.common.i18n import LANGUAGE_NAMES
from delegates.registration.models import LANGUAGES, Category, Event


def role_labels() -> dict[str, str]:
    return {
        "admin": _("Administrator"), "registrar": _("Registrar"), "programme": _("Programme"),
        "printer": _("Badge printing"), "checkin": _("Check-in"), "protocol": _("Protocol"),
        "viewer": _("Viewer (read only)"),
    }


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ConfirmForm(Form):
    """A button that changes something: only the CSRF token."""


# -- events ---------------------------------------------------------------------------------------------------

class EventForm(Form):
    name = StringField(_l("Name (English)"), validators=[DataRequired(_l("Name: this is needed."))])
    short_name = StringField(_l("Short name"))
    theme = StringField(_l("Theme (English)"))
    name_fr = StringField(_l("Name (French)"))
    theme_fr = StringField(_l("Theme (French)"))
    name_es = StringField(_l("Name (Spanish)"))
    theme_es = StringField(_l("Theme (Spanish)"))
    name_ar = StringField(_l("Name (Arabic)"))
    theme_ar = StringField(_l("Theme (Arabic)"))
    short_name_fr = StringField(_l("Short name (French)"))
    short_name_es = StringField(_l("Short name (Spanish)"))
    short_name_ar = StringField(_l("Short name (Arabic)"))
    description = TextAreaField(_l("Description (English)"))
    description_fr = TextAreaField(_l("Description (French)"))
    description_es = TextAreaField(_l("Description (Spanish)"))
    description_ar = TextAreaField(_l("Description (Arabic)"))
    participant_note = TextAreaField(_l("Note for participants"))
    participant_note_fr = TextAreaField(_l("Note for participants (French)"))
    participant_note_es = TextAreaField(_l("Note for participants (Spanish)"))
    participant_note_ar = TextAreaField(_l("Note for participants (Arabic)"))
    venue = StringField(_l("Venue"))
    city = StringField(_l("City"), validators=[DataRequired(_l("City: this is needed."))])
    venue_fr = StringField(_l("Venue (French)"))
    city_fr = StringField(_l("City (French)"))
    venue_es = StringField(_l("Venue (Spanish)"))
    city_es = StringField(_l("City (Spanish)"))
    venue_ar = StringField(_l("Venue (Arabic)"))
    city_ar = StringField(_l("City (Arabic)"))
    timezone = StringField(_l("Time zone"), validators=[DataRequired(_l("Time zone: this is needed."))])
    starts_on = DateField(_l("First day"), validators=[DataRequired(_l("First day: give a date."))])
    ends_on = DateField(_l("Last day"), validators=[DataRequired(_l("Last day: give a date."))])
    registration_opens_at = DateTimeLocalField(_l("Registration opens"), validators=[Optional()])
    registration_closes_at = DateTimeLocalField(_l("Registration closes"), validators=[Optional()])
    changes_close_at = DateTimeLocalField(_l("Changes close"), validators=[Optional()])
    default_quota = IntegerField(_l("Default quota per delegation"), validators=[Optional()])
    languages = CheckboxesField(_l("Languages"))
    default_language = SelectField(_l("Default language"))
    retention_days = IntegerField(_l("Keep personal data (days after the event)"), validators=[Optional()])
    submit = SubmitField(_l("Save the settings"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [SelectChoice(code, LANGUAGE_NAMES[code]) for code in LANGUAGES]
        self.languages.choices = choices
        self.default_language.choices = choices

    def fill_from(self, event: Event) -> None:
        values = event_values(event)
        for name in ("name", "short_name", "theme", "description", "participant_note", "venue", "city", "timezone",
                     "starts_on", "ends_on", "registration_opens_at", "registration_closes_at", "changes_close_at",
                     "default_quota", "default_language", "retention_days", "languages"):
            getattr(self, name).data = getattr(values, name)
        for lang in TRANSLATED:
            one = values.translations.get(lang, {})
            for key in TRANSLATED_TEXTS:
                getattr(self, f"{key}_{lang}").data = one.get(key)

    def values(self) -> EventValues:
        return EventValues(
            name=self.name.data, short_name=self.short_name.data, theme=self.theme.data,
            description=self.description.data, participant_note=self.participant_note.data,
            translations={lang: {key: getattr(self, f"{key}_{lang}").data for key in TRANSLATED_TEXTS}
                          for lang in TRANSLATED},
            venue=self.venue.data, city=self.city.data, timezone=self.timezone.data,
            starts_on=self.starts_on.data, ends_on=self.ends_on.data,
            registration_opens_at=self.registration_opens_at.data,
            registration_closes_at=self.registration_closes_at.data,
            changes_close_at=self.changes_close_at.data,
            default_quota=self.default_quota.data, languages=self.languages.data or [],
            default_language=self.default_language.data, retention_days=self.retention_days.data,
        )


class NewEventForm(EventForm):
    slug = StringField(_l("Short address"), validators=[DataRequired(_l("Short address: this is needed."))])
    copy_from = SelectField(_l("Copy the categories of"), validate_choice=False)
    submit = SubmitField(_l("Create the event"))

    def fill_events(self, events: list[Event]) -> None:
        self.copy_from.choices = [SelectChoice("", _("none: start without categories")),
                                  *(SelectChoice(e.slug, f"{e.name} ({e.slug})") for e in events)]


# -- categories -----------------------------------------------------------------------------------------------

class CategoryForm(Form):
    name = StringField(_l("Name (English)"), validators=[DataRequired(_l("Name: this is needed.")), Length(max=60)])
    name_fr = StringField(_l("Name (French)"))
    name_es = StringField(_l("Name (Spanish)"))
    name_ar = StringField(_l("Name (Arabic)"))
    badge_colour = ColorField(_l("Badge colour"), default="#1F4E79")
    text_colour = ColorField(_l("Text colour"), default="#FFFFFF")
    protocol_order = IntegerField(_l("Protocol order"), default=100,
                                  validators=[DataRequired(_l("Protocol order: give a number."))])
    self_registration = BooleanField(_l("People may choose it on the public registration form"), default=True)
    needs_confirmation = BooleanField(_l("The registrar confirms the rank before accrediting"))
    is_minister = BooleanField(_l("Ministerial rank (admitted to ministerial meetings, in the ministers' list)"))
    is_head_of_delegation = BooleanField(_l("Head of delegation"))
    counts_against_quota = BooleanField(_l("Counts against the delegation's quota"), default=True)
    submit = SubmitField(_l("Save the category"))

    def fill_from(self, category: Category) -> None:
        for name in ("name", "badge_colour", "text_colour", "protocol_order", "self_registration",
                     "needs_confirmation", "is_minister", "is_head_of_delegation", "counts_against_quota"):
            getattr(self, name).data = getattr(category, name)
        for lang in TRANSLATED:
            getattr(self, f"name_{lang}").data = (category.names or {}).get(lang)

    def values(self) -> CategoryValues:
        return CategoryValues(
            name=self.name.data, names={lang: getattr(self, f"name_{lang}").data for lang in TRANSLATED},
            badge_colour=self.badge_colour.data, text_colour=self.text_colour.data,
            protocol_order=self.protocol_order.data, self_registration=self.self_registration.data,
            needs_confirmation=self.needs_confirmation.data, is_minister=self.is_minister.data,
            is_head_of_delegation=self.is_head_of_delegation.data,
            counts_against_quota=self.counts_against_quota.data,
        )


# -- organisers and tokens ------------------------------------------------------------------------------------

def role_choices() -> list[SelectChoice]:
    labels = role_labels()
    return [SelectChoice(r, labels[r]) for r in ROLES]


class OrganiserForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Email: this is needed."))])
    name = StringField(_l("Name"))
    roles = CheckboxesField(_l("Roles"))
    password_by = RadioField(_l("Password"), default="link", choices=[
        SelectChoice("link", _l("They choose it through a one-time link (shown once, valid 3 days)")),
        SelectChoice("typed", _l("I type it here")),
    ])
    password = PasswordField(_l("New password"))
    password_again = PasswordField(_l("Repeat the password"))
    submit = SubmitField(_l("Create the account"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles.choices = role_choices()


class RolesForm(Form):
    roles = CheckboxesField(_l("Roles"))
    submit = SubmitField(_l("Save the roles"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles.choices = role_choices()


class PasswordForm(Form):
    password = PasswordField(_l("New password"), validators=[DataRequired(_l("New password: this is needed."))])
    password_again = PasswordField(_l("Repeat the password"))
    submit = SubmitField(_l("Set the password"))


class TokenForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Name: say which device or integration holds it.")),
                                               Length(max=120)])
    role = SelectField(_l("Role"), default="checkin")
    submit = SubmitField(_l("Create the token"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices()
