"""The registrar's forms: the participants list's filters, the edit form, rejection, merging."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import RadioField, SearchField, SelectField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from delegates.extensions import db
from delegates.registration.exports import delegation_code
from delegates.registration.formdata import fill_choices, fill_form_from
from delegates.registration.forms import RegistrationForm
from delegates.registration.models import REGIONS, STATUSES, Delegation, Event, Participant
from delegates.registration.search import fold
from delegates.registration.services import (
    region_labels,
    status_labels,
)


def delegation_choices(event: Event, lang: str) -> list[SelectChoice]:
    """The event's delegations: countries by name in the page's language, then observer organisations."""
    delegations = db.session.scalars(select(Delegation).where(Delegation.event_id == event.id)
                                     .options(selectinload(Delegation.country))).all()
    countries = sorted((d for d in delegations if d.kind == "country"), key=lambda d: fold(d.name(lang)))
    observers = sorted((d for d in delegations if d.kind == "observer"), key=lambda d: fold(d.name(lang)))
    group = _("Observer organisations")
    return ([SelectChoice(delegation_code(d), d.name(lang)) for d in countries]
            + [SelectChoice(delegation_code(d), d.name(lang), optgroup=group) for d in observers])


class FilterForm(FlaskForm):
    """The list's filters, read from the query string (a GET form changes nothing: no CSRF token)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search"), validators=[Length(max=200)])
    status = SelectField(_l("Status"), validate_choice=False)
    country = SelectField(_l("Delegation"), validate_choice=False)
    region = SelectField(_l("Region"), validate_choice=False)
    category = SelectField(_l("Category"), validate_choice=False)

    def fill(self, event: Event, lang: str) -> None:
        every = SelectChoice("", _("All"))
        self.status.choices = [every, *(SelectChoice(s, label[:1].upper() + label[1:])
                                        for s, label in status_labels().items())]
        self.country.choices = [every, *delegation_choices(event, lang)]
        self.region.choices = [every, *(SelectChoice(r, region_labels()[r]) for r in REGIONS)]
        self.category.choices = [every, *(SelectChoice(c.name, c.label(lang)) for c in event.categories)]

    def filters(self) -> dict:
        """The filters as ``search_participants`` takes them; unknown values are ignored."""
        known = {
            "status": self.status.data if self.status.data in STATUSES else None,
            "country": self.country.data or None,
            "region": self.region.data if self.region.data in REGIONS else None,
            "category": self.category.data or None,
        }
        return {"q": (self.q.data or "").strip()[:200] or None, **known}


class ParticipantForm(RegistrationForm):
    """The registration form as the registrar sees it: every field, every category, observers too."""

    submit = SubmitField(_l("Save changes"))

    def fill(self, event: Event, lang: str, participant: Participant) -> None:
        fill_choices(self, event, lang, public=False)
        present = delegation_choices(event, lang)
        codes = {c.value for c in present}
        others = _("Other countries")
        self.country.choices = [SelectChoice("", "—"), *present,
                                *(SelectChoice(c.value, c.label, optgroup=others)
                                  for c in self.country.choices if c.value and c.value not in codes)]
        if not self.is_submitted():
            fill_form_from(self, participant)
            self.country.data = delegation_code(participant.delegation)


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("Reason for rejection"), render_kw={"rows": 3},
                           validators=[DataRequired(message=_l("Give the reason: it is mailed to the person.")),
                                       Length(max=1000)])
    submit = SubmitField(_l("Reject"))


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token travels with it."""


class MergeForm(FlaskForm):
    """For each differing field, whose value to keep; the fields are added by ``merge_form``."""

    submit = SubmitField(_l("Merge"))


def merge_form(fields: list[tuple[str, str, str]]) -> type[MergeForm]:
    """A MergeForm class with a choice per (field, label, default)."""

    class Choices(MergeForm):
        pass

    for name, label, default in fields:
        setattr(Choices, f"keep_{name}", RadioField(label, choices=[SelectChoice("kept"), SelectChoice("other")],
                                                    default=default))
    return Choices
