"""The programme officer's forms: rooms, sessions, one assignment, a bulk rule."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from delegates.common.forms import Form
from delegates.common.i18n import LANGUAGE_NAMES
from delegates.programme.agenda import role_labels
from delegates.programme.models import ASSIGNMENT_ROLES, SESSION_KINDS, ConferenceSession, Room
from delegates.programme.planning import INTERPRETATION_LANGUAGES, RoomData, SessionData
from delegates.programme.rules import RULES, rule_labels
from delegates.programme.services import kind_labels
from delegates.registration.forms import MultiCheckboxField
from delegates.registration.models import Category, Event


class RoomForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    capacity = IntegerField(_l("Seats"), validators=[InputRequired(), NumberRange(min=1, max=100_000)])
    floor = StringField(_l("Floor"), validators=[Optional(), Length(max=60)])
    booths = IntegerField(_l("Interpretation booths"), default=0,
                          validators=[Optional(), NumberRange(min=0, max=50)])
    interpretation_languages = MultiCheckboxField(_l("Interpretation into"), validate_choice=False)
    submit = SubmitField(_l("Save the room"))

    def fill(self) -> RoomForm:
        self.interpretation_languages.choices = [SelectChoice(code, LANGUAGE_NAMES[code])
                                                 for code in INTERPRETATION_LANGUAGES]
        return self

    def load(self, room: Room) -> None:
        self.name.data, self.capacity.data, self.floor.data, self.booths.data = (
            room.name, room.capacity, room.floor, room.booths)
        self.interpretation_languages.data = [c for c in room.interpretation_languages.split(",") if c]

    def data_for(self) -> RoomData:
        return RoomData(name=self.name.data, capacity=self.capacity.data, floor=self.floor.data,
                        booths=self.booths.data or 0, interpretation_languages=self.interpretation_languages.data or [])


class SessionForm(Form):
    kind = SelectField(_l("Kind"), validators=[DataRequired()])
    title = StringField(_l("Title (English)"), validators=[DataRequired(), Length(max=300)])
    title_fr = StringField(_l("Title (French)"), validators=[Optional(), Length(max=300)])
    title_es = StringField(_l("Title (Spanish)"), validators=[Optional(), Length(max=300)])
    title_ar = StringField(_l("Title (Arabic)"), validators=[Optional(), Length(max=300)])
    description = TextAreaField(_l("Description (English)"), validators=[Optional(), Length(max=4000)])
    description_fr = TextAreaField(_l("Description (French)"), validators=[Optional(), Length(max=4000)])
    description_es = TextAreaField(_l("Description (Spanish)"), validators=[Optional(), Length(max=4000)])
    description_ar = TextAreaField(_l("Description (Arabic)"), validators=[Optional(), Length(max=4000)])
    room = SelectField(_l("Room"), validators=[Optional()])
    day = DateField(_l("Day"), validators=[InputRequired()])
    start = TimeField(_l("Starts at"), validators=[InputRequired()])
    end = TimeField(_l("Ends at"), validators=[InputRequired()])
    capacity = IntegerField(_l("Seats"), validators=[Optional(), NumberRange(min=1, max=100_000)])
    categories = MultiCheckboxField(_l("Who may attend"), coerce=int, validate_choice=False)
    is_public = BooleanField(_l("Shown in the public programme"), default=True)
    open_for_choice = BooleanField(_l("Delegates may ask for it"), default=True)
    submit = SubmitField(_l("Save the session"))

    def fill(self, event: Event, rooms: list[Room], lang: str) -> SessionForm:
        labels = kind_labels()
        self.kind.choices = [SelectChoice(k, labels[k]) for k in SESSION_KINDS]
        self.room.choices = [SelectChoice("", _("No room yet"))] + [
            SelectChoice(str(r.id), _("%(name)s (%(n)d seats)", name=r.name, n=r.capacity)) for r in rooms]
        self.categories.choices = [SelectChoice(c.id, c.label(lang)) for c in event.categories]
        return self

    def load(self, event: Event, session: ConferenceSession) -> None:
        self.kind.data, self.title.data, self.description.data = session.kind, session.title, session.description
        for language in ("fr", "es", "ar"):
            texts = (session.translations or {}).get(language, {})
            getattr(self, f"title_{language}").data = texts.get("title")
            getattr(self, f"description_{language}").data = texts.get("description")
        self.room.data = str(session.room_id) if session.room_id else ""
        starts, ends = event.local(session.starts_at), event.local(session.ends_at)
        self.day.data, self.start.data, self.end.data = starts.date(), starts.time(), ends.time()
        self.capacity.data = session.capacity
        self.categories.data = [c.id for c in session.allowed_categories]
        self.is_public.data, self.open_for_choice.data = session.is_public, session.open_for_choice

    def data_for(self, rooms: list[Room], categories: list[Category]) -> SessionData:
        room = next((r for r in rooms if str(r.id) == self.room.data), None)
        chosen = set(self.categories.data or [])
        return SessionData(
            kind=self.kind.data, title=self.title.data, description=self.description.data,
            translations={language: {"title": getattr(self, f"title_{language}").data or "",
                                     "description": getattr(self, f"description_{language}").data or ""}
                          for language in ("fr", "es", "ar")},
            day=self.day.data, start=self.start.data, end=self.end.data, room=room, capacity=self.capacity.data,
            categories=[c for c in categories if c.id in chosen], is_public=self.is_public.data,
            open_for_choice=self.open_for_choice.data)


class AssignForm(Form):
    participant_id = IntegerField(validators=[InputRequired()])
    role = SelectField(_l("Role"), default="attendee")
    override_reason = StringField(_l("Reason to allow an overlap"), validators=[Optional(), Length(max=500)])
    waitlist = BooleanField(_l("Put on the waiting list when full"))
    submit = SubmitField(_l("Assign"))

    def fill(self) -> AssignForm:
        labels = role_labels()
        self.role.choices = [SelectChoice(r, labels[r]) for r in ASSIGNMENT_ROLES]
        return self


class RuleForm(Form):
    rule = SelectField(_l("Rule"), validators=[DataRequired()])
    category = SelectField(_l("Category (for the rule by category)"), validators=[Optional()])
    waitlist_rest = BooleanField(_l("Put those who do not fit on the waiting list"))
    preview = SubmitField(_l("Preview"))
    apply = SubmitField(_l("Assign them"))

    def fill(self, event: Event, lang: str) -> RuleForm:
        labels = rule_labels()
        self.rule.choices = [SelectChoice(r, labels[r]) for r in RULES]
        self.category.choices = [SelectChoice("", "—")] + [SelectChoice(str(c.id), c.label(lang))
                                                           for c in event.categories]
        return self


class SessionsRuleForm(RuleForm):
    """A rule applied to several sessions at once: every accredited participant to the plenaries."""

    sessions = MultiCheckboxField(_l("Sessions"), coerce=int, validate_choice=False)

    def fill_sessions(self, sessions: list[ConferenceSession], event: Event) -> SessionsRuleForm:
        self.sessions.choices = [SelectChoice(s.id, f"{s.title} — {event.local(s.starts_at):%d.%m %H:%M}")
                                 for s in sessions]
        return self


class ActionForm(Form):
    """A button that changes something (release, confirm, delete): only the CSRF token."""

    submit = SubmitField()


class AgendaBatchForm(Form):
    """Whose personal agendas to print in one PDF, and in which language."""

    country = SelectField(_l("Delegation"), default="")
    category = SelectField(_l("Category"), default="")
    session = SelectField(_l("Session"), default="")
    participants = StringField(_l("Record numbers"), validators=[Optional(), Length(max=40_000)])
    language = SelectField(_l("Language"), default="")
    submit = SubmitField(_l("Print the agendas"))

    def fill(self, event: Event, sessions: list[ConferenceSession], lang: str) -> AgendaBatchForm:
        from delegates.registration.admin_forms import delegation_choices, session_label

        every = SelectChoice("", _("All"))
        self.country.choices = [every, *delegation_choices(event, lang)]
        self.category.choices = [every, *(SelectChoice(c.name, c.label(lang)) for c in event.categories)]
        self.session.choices = [every, *(SelectChoice(str(s.id), session_label(event, s, lang)) for s in sessions)]
        self.language.choices = [SelectChoice("", _("Each person's own language")),
                                 *(SelectChoice(code, LANGUAGE_NAMES[code]) for code in LANGUAGE_NAMES)]
        return self
