"""The protocol officer's forms: a signature, the signature window, a new version of the texts."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from wtforms import DateField, DateTimeLocalField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from delegates.common.forms import Form
from delegates.declaration.models import Declaration, Signature
from delegates.declaration.services import SignatureData, TextData, texts_of_version
from delegates.registration.models import LANGUAGES, Event, Participant

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class SignatureForm(Form):
    participant_id = SelectField(_l("Signatory"), coerce=int, validators=[DataRequired()])
    method = RadioField(_l("How"), default="in_person", validators=[DataRequired()])
    letter_date = DateField(_l("Date of the letter (note verbale)"), validators=[Optional()])
    letter_reference = StringField(_l("Reference of the letter"), validators=[Optional(), Length(max=120)])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Record the signature"))

    def fill(self, people: list[Participant], language: str) -> SignatureForm:
        self.participant_id.choices = [
            SelectChoice(p.id, f"{p.full_name} — {p.category.label(language)}") for p in people]
        self.method.choices = [SelectChoice("in_person", _l("In person, at the ceremony")),
                               SelectChoice("letter", _l("By letter (note verbale)"))]
        return self

    def load(self, signature: Signature) -> None:
        self.participant_id.data = signature.signatory_id
        self.method.data = signature.method
        self.letter_date.data = signature.letter_date
        self.letter_reference.data = signature.letter_reference
        self.note.data = signature.note

    def data_for(self, country: str) -> SignatureData:
        return SignatureData(country=country, participant_id=self.participant_id.data, method=self.method.data,
                             letter_date=self.letter_date.data, letter_reference=self.letter_reference.data,
                             note=self.note.data)


class WindowForm(Form):
    opens_at = DateTimeLocalField(_l("Opens for signature"), format=LOCAL_FORMAT, validators=[Optional()])
    closes_at = DateTimeLocalField(_l("Closes for signature"), format=LOCAL_FORMAT, validators=[Optional()])
    submit = SubmitField(_l("Save the times"))

    def load(self, declaration: Declaration, event: Event) -> None:
        for name in ("opens_at", "closes_at"):
            value = getattr(declaration, name)
            getattr(self, name).data = event.local(value).replace(tzinfo=None) if value else None

    def moment(self, name: str, event: Event) -> datetime | None:
        """The field's wall-clock time read on the event's clock."""
        value = getattr(self, name).data
        return value.replace(tzinfo=event.tz) if value else None


LANGUAGE_LABELS = {"en": _l("English"), "fr": _l("French"), "es": _l("Spanish"), "ar": _l("Arabic")}


class TextsForm(Form):
    """The four texts of the declaration; saving a change makes a new version."""

    title_en = StringField(_l("Title (English)"), validators=[DataRequired(), Length(max=300)])
    body_en = TextAreaField(_l("Text (English)"), validators=[DataRequired(), Length(max=100_000)])
    title_fr = StringField(_l("Title (French)"), validators=[DataRequired(), Length(max=300)])
    body_fr = TextAreaField(_l("Text (French)"), validators=[DataRequired(), Length(max=100_000)])
    title_es = StringField(_l("Title (Spanish)"), validators=[DataRequired(), Length(max=300)])
    body_es = TextAreaField(_l("Text (Spanish)"), validators=[DataRequired(), Length(max=100_000)])
    title_ar = StringField(_l("Title (Arabic)"), validators=[DataRequired(), Length(max=300)])
    body_ar = TextAreaField(_l("Text (Arabic)"), validators=[DataRequired(), Length(max=100_000)])
    submit = SubmitField(_l("Save as a new version"))

    def load(self, declaration: Declaration) -> None:
        for language, text in texts_of_version(declaration, declaration.current_version).items():
            getattr(self, f"title_{language}").data = text.title
            getattr(self, f"body_{language}").data = text.body

    def data_for(self) -> TextData:
        return TextData({lang: (getattr(self, f"title_{lang}").data or "", getattr(self, f"body_{lang}").data or "")
                         for lang in LANGUAGES})


class SpeakerRequestForm(Form):
    """A delegation asks for the floor, with its speaker; the rules are checked by ``speakers.ask_for_the_floor``."""

    delegation_id = SelectField(_l("Delegation"), coerce=int, validate_choice=False, validators=[DataRequired()])
    participant_id = SelectField(_l("Speaker"), coerce=int, validate_choice=False, validators=[DataRequired()])
    submit = SubmitField(_l("Add to the list"))

    def fill(self, delegations: list, people: list[Participant], language: str) -> SpeakerRequestForm:
        self.delegation_id.choices = [SelectChoice(d.id, d.name(language))
                                      for d in sorted(delegations, key=lambda d: d.name(language).casefold())]
        self.participant_id.choices = [
            SelectChoice(p.id, f"{p.full_name} ({p.category.label(language)})", optgroup=p.delegation.name(language),
                         render_kw={"data-delegation": p.delegation_id})
            for p in sorted(people, key=lambda p: (p.delegation.name(language).casefold(),
                                                   p.category.protocol_order, p.full_name.casefold()))]
        return self
