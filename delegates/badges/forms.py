"""The badge printer's forms: a batch (filters and stock), a reprint of a lost badge, a reissue."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, SelectMultipleField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, NumberRange

from delegates.common.forms import Form
from delegates.registration.admin_forms import delegation_choices
from delegates.registration.models import Event
from delegates.registration.services import status_labels


def layout_choices() -> list[SelectChoice]:
    return [
        SelectChoice("a4-4up", _("A4, four A6 badges a sheet, with crop marks")),
        SelectChoice("a6", _("A6, one badge a page")),
        SelectChoice("cr80", _("CR80 card, 85.6 × 54 mm")),
        SelectChoice("letter-4x3", _("US Letter, six 4 × 3 in badges (Avery 5392)")),
    ]


class BatchForm(Form):
    countries = SelectMultipleField(_l("Delegations"), validate_choice=True)
    categories = SelectMultipleField(_l("Categories"), validate_choice=True)
    status = SelectField(_l("Status"))
    not_printed = BooleanField(_l("Only badges not printed yet"))
    layout = SelectField(_l("Stock"))
    submit = SubmitField(_l("Print"))

    def fill(self, event: Event, lang: str) -> None:
        self.countries.choices = delegation_choices(event, lang)
        self.categories.choices = [SelectChoice(c.name, c.label(lang)) for c in event.categories]
        self.status.choices = [SelectChoice(s, label[:1].upper() + label[1:]) for s, label in status_labels().items()]
        self.layout.choices = layout_choices()
        if not self.is_submitted():
            self.status.data = "accredited"


class ReprintForm(Form):
    participant = IntegerField(_l("Record number"), validators=[DataRequired(), NumberRange(min=1)])
    layout = SelectField(_l("Stock"))
    submit = SubmitField(_l("Reissue and print"))

    def fill(self) -> None:
        self.layout.choices = layout_choices()
        if not self.is_submitted():
            self.layout.data = "a6"


class ReissueForm(Form):
    submit = SubmitField(_l("Reissue the badge"))


