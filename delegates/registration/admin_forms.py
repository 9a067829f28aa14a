"""The registrar's forms: the participants list's filters, the edit form, rejection, merging."""
from __future__ import annotations

from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from wtforms import BooleanField, RadioField, SearchField, SelectField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from delegates.common.forms import Form
from delegates.extensions import db
from delegates.registration.exports import delegation_code
from delegates.registration.formdata import dietary_choices, fill_choices, fill_form_from
from delegates.registration.forms import RegistrationForm
from delegates.registration.models import DIETARY, REGIONS, STATUSES, Delegation, Event, Participant
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


# the list's filters as they travel in a query string (the mail page and the exports take the same)
FILTER_KEYS = ("q", "status", "country", "region", "category", "session", "arrival", "dietary", "accessibility")


class FilterForm(Form):
    """The list's filters, read from the query string (a GET form changes nothing: no CSRF token).

    Any organiser page can use it: ``filters = FilterForm(formdata=request.args); filters.fill(event, lang)``,
    then ``participants_query(event, **filters.filters())``.
    """

    class Meta:
        csrf = False

    q = SearchField(_l("Search"), validators=[Length(max=200)])
    status = SelectField(_l("Status"), validate_choice=False)
    country = SelectField(_l("Delegation"), validate_choice=False)
    region = SelectField(_l("Region"), validate_choice=False)
    category = SelectField(_l("Category"), validate_choice=False)
    session = SelectField(_l("Session"), validate_choice=False)
    arrival = SelectField(_l("Arrival day"), validate_choice=False)
    dietary = SelectField(_l("Dietary needs"), validate_choice=False)
    accessibility = BooleanField(_l("Accessibility needs"))

    def fill(self, event: Event, lang: str) -> None:
        from delegates.programme.services import sessions_of

        every = SelectChoice("", _("All"))
        self.status.choices = [every, *(SelectChoice(s, label[:1].upper() + label[1:])
                                        for s, label in status_labels().items())]
        self.country.choices = [every, *delegation_choices(event, lang)]
        self.region.choices = [every, *(SelectChoice(r, region_labels()[r]) for r in REGIONS)]
        self.category.choices = [every, *(SelectChoice(c.name, c.label(lang)) for c in event.categories)]
        self._sessions = sessions_of(event)
        self.session.choices = [every, *(SelectChoice(str(s.id), session_label(event, s, lang))
                                         for s in self._sessions)]
        self._days = arrival_days(event)
        self.arrival.choices = [every, *(SelectChoice(d.isoformat(), format_date(d, "EEE d MMM"))
                                         for d in self._days)]
        self.dietary.choices = [every, SelectChoice("any", _("Any dietary need")),
                                *(c for c in dietary_choices() if c.value not in ("none", "other")),
                                SelectChoice("other", _("Other"))]

    def filters(self) -> dict:
        """The filters as ``participants_query`` and ``search_participants`` take them; unknown values are
        ignored (``fill`` is only needed to show the form)."""
        session = self.session.data if (self.session.data or "").isdigit() else None
        try:
            arrival = date.fromisoformat(self.arrival.data) if self.arrival.data else None
        except ValueError:
            arrival = None
        known = {
            "status": self.status.data if self.status.data in STATUSES else None,
            "country": self.country.data or None,
            "region": self.region.data if self.region.data in REGIONS else None,
            "category": self.category.data or None,
            "session": int(session) if session and len(session) < 10 else None,
            "arrival": arrival,
            "dietary": self.dietary.data if self.dietary.data == "any" or self.dietary.data in DIETARY[1:] else None,
            "accessibility": True if self.accessibility.data else None,
        }
        return {"q": (self.q.data or "").strip()[:200] or None, **known}

    def query_args(self) -> dict[str, str]:
        """The filters in force, as query-string arguments (for links that carry them: mail, export)."""
        wanted = self.filters()
        args = {key: value for key, value in wanted.items() if value not in (None, "")}
        if "arrival" in args:
            args["arrival"] = args["arrival"].isoformat()
        if "accessibility" in args:
            args["accessibility"] = "y"
        return {key: str(value) for key, value in args.items()}

    def any_extra(self) -> bool:
        """Whether a filter of the second row (session, arrival, needs) is in force: the form opens it."""
        wanted = self.filters()
        return any(wanted[k] for k in ("session", "arrival", "dietary", "accessibility"))


def session_label(event: Event, session, lang: str) -> str:
    start = event.local(session.starts_at)
    return f"{format_date(start.date(), 'd MMM')} {start:%H:%M} · {session.translated('title', lang)}"


def arrival_days(event: Event) -> list[date]:
    """Every day, in the event's time zone, from the first arrival to the last (or the event's days)."""
    from delegates.logistics.models import Travel

    first, last = db.session.execute(
        select(func.min(Travel.at), func.max(Travel.at)).join(Participant, Travel.participant_id == Participant.id)
        .where(Participant.event_id == event.id, Travel.direction == "arrival")).one()
    start = event.local(first).date() if first else event.starts_on
    end = event.local(last).date() if last else event.ends_on
    if (end - start).days > 60:  # a typo in someone's travel: keep the list usable
        start = max(start, event.starts_on - timedelta(days=30))
        end = min(max(end, start), event.ends_on + timedelta(days=30))
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


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


class RejectForm(Form):
    reason = TextAreaField(_l("Reason for rejection"), render_kw={"rows": 3},
                           validators=[DataRequired(message=_l("Give the reason: it is mailed to the person.")),
                                       Length(max=1000)])
    submit = SubmitField(_l("Reject"))


class ActionForm(Form):
    """A button that changes something: only the CSRF token travels with it."""


class MergeForm(Form):
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
