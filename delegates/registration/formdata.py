"""Between the registration form and the domain: choices, the typed data as a Registration, errors back."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from delegates.common.i18n import LANGUAGE_NAMES
from delegates.extensions import db
from delegates.logistics.models import Hotel
from delegates.programme import services as programme
from delegates.programme.services import requested_session_ids
from delegates.registration.forms import TITLES, RegistrationForm, country_choices
from delegates.registration.models import Event, Participant
from delegates.registration.participants import Registration, Travelling
from delegates.registration.validation import FieldError, local_moment

# form fields that a domain error names differently
FIELD_FOR = {"arrival": "arrival_date", "departure": "departure_date"}


def dietary_choices() -> list[SelectChoice]:
    return [SelectChoice("none", _("None")), SelectChoice("vegetarian", _("Vegetarian")),
            SelectChoice("vegan", _("Vegan")), SelectChoice("gluten_free", _("Gluten free")),
            SelectChoice("halal", _("Halal")), SelectChoice("kosher", _("Kosher")),
            SelectChoice("other", _("Other (describe below)"))]


def fill_choices(form: RegistrationForm, event: Event, lang: str, *, public: bool = True) -> None:
    form.country.choices = country_choices(lang)
    form.category.choices = [SelectChoice("", "—")] + [
        SelectChoice(str(c.id), c.label(lang)) for c in event.categories if c.self_registration or not public]
    languages = [SelectChoice(code, LANGUAGE_NAMES[code]) for code in event.language_list]
    form.ui_language.choices = languages
    form.interpretation_language.choices = [SelectChoice("", _("None needed")), *languages]
    form.dietary.choices = dietary_choices()
    hotels = db.session.scalars(select(Hotel).where(Hotel.event_id == event.id).order_by(Hotel.name)).all()
    form.hotel.choices = [SelectChoice("", _("Other, or not known yet"))] + [
        SelectChoice(str(h.id), h.name) for h in hotels]
    choices = []
    kinds = programme.kind_labels()
    for s in programme.sessions_for_choice(event):
        when = event.local(s.starts_at)
        label = f"{s.translated('title', lang)} — {kinds[s.kind]}, {when:%d.%m %H:%M}"
        if s.allowed_categories:
            label += " — " + _("only %(categories)s", categories=", ".join(c.label(lang) for c in s.allowed_categories))
        choices.append(SelectChoice(s.id, label))
    form.sessions.choices = choices
    form.titles = TITLES


def registration_from_form(form: RegistrationForm, event: Event) -> Registration:
    tz = event.tz
    return Registration(
        title=form.title.data, given_name=form.given_name.data, family_name=form.family_name.data,
        badge_name=form.badge_name.data, country=form.country.data, category=form.category.data or None,
        function=form.function.data, organisation=form.organisation.data, email=form.email.data,
        phone=form.phone.data, ui_language=form.ui_language.data,
        interpretation_language=form.interpretation_language.data or None, dietary=form.dietary.data,
        dietary_other=form.dietary_other.data, accessibility=form.accessibility.data,
        hotel=form.hotel.data or None,
        arrival=Travelling(local_moment(form.arrival_date.data, form.arrival_time.data, tz, "arrival"),
                           form.arrival_flight.data, form.arrival_airport.data),
        departure=Travelling(local_moment(form.departure_date.data, form.departure_time.data, tz, "departure"),
                             form.departure_flight.data, form.departure_airport.data),
        consent_to_publish=bool(form.consent_to_publish.data),
    )


def form_errors_from(form: RegistrationForm, error: FieldError) -> None:
    """Put a domain error (or each of several) next to the field it names (or at the top of the form)."""
    for one in getattr(error, "errors", None) or [error]:
        _put(form, one)


def _put(form: RegistrationForm, error: FieldError) -> None:
    name = FIELD_FOR.get(error.field, error.field)
    field = getattr(form, name, None) if name else None
    if field is None:
        form.problem = error.message
        return
    field.errors = [*(field.errors or []), error.message]


def fill_form_from(form: RegistrationForm, participant: Participant) -> None:
    """Prefill the form with a participant's registration (the private page's edit)."""
    event = participant.event
    form.title.data = participant.title
    form.given_name.data = participant.given_name
    form.family_name.data = participant.family_name
    form.badge_name.data = participant.badge_name
    delegation = participant.delegation
    form.country.data = delegation.country_code if delegation else ""
    form.category.data = str(participant.category_id)
    form.function.data = participant.function
    form.organisation.data = participant.organisation
    form.email.data = participant.email
    form.phone.data = participant.phone
    form.ui_language.data = participant.ui_language
    form.interpretation_language.data = participant.interpretation_language or ""
    form.dietary.data = participant.dietary
    form.dietary_other.data = participant.dietary_other
    form.accessibility.data = participant.accessibility
    form.hotel.data = str(participant.hotel_id) if participant.hotel_id else ""
    for travel in getattr(participant, "travels", []):
        local = event.local(travel.at)
        prefix = travel.direction
        getattr(form, f"{prefix}_date").data = local.date()
        getattr(form, f"{prefix}_time").data = local.time()
        getattr(form, f"{prefix}_flight").data = travel.flight
        getattr(form, f"{prefix}_airport").data = travel.airport
    form.sessions.data = requested_session_ids(participant)
    form.consent_to_publish.data = participant.consent_to_publish
