"""The mailing's form: a subject and a message in each of the four languages; the event's language is required."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

from delegates.common.forms import Form
from delegates.common.i18n import LANGUAGE_NAMES
from delegates.mailings.services import LANGUAGES, PLACEHOLDERS, unknown_placeholders

SUBJECT_MAX = 200
BODY_MAX = 20_000


class MailingForm(Form):
    """``subject_<lang>`` and ``body_<lang>`` for each language; ``texts()`` gives what was written."""

    submit = SubmitField(_l("Preview"))

    def check(self, default_language: str) -> bool:
        """Validate, then: the event's language written, each language whole, only known placeholders."""
        ok = self.validate()
        for language in LANGUAGES:
            subject, body = self.subject(language), self.body(language)
            name = LANGUAGE_NAMES[language]
            if language == default_language or subject.data.strip() or body.data.strip():
                if not subject.data.strip():
                    subject.errors.append(_("Write the subject in %(language)s.", language=name)
                                          if language != default_language else
                                          _("Write the subject in %(language)s, the event's language: whoever "
                                            "has no text in their language gets this one.", language=name))
                    ok = False
                if not body.data.strip():
                    body.errors.append(_("Write the message in %(language)s.", language=name))
                    ok = False
            for f in (subject, body):
                unknown = unknown_placeholders(f.data)
                if unknown:
                    f.errors.append(_("Unknown placeholder %(names)s; those that work: %(known)s.",
                                      names=", ".join("{" + n + "}" for n in unknown),
                                      known=", ".join("{" + n + "}" for n in PLACEHOLDERS)))
                    ok = False
        return ok

    def subject(self, language: str):
        return self[f"subject_{language}"]

    def body(self, language: str):
        return self[f"body_{language}"]

    def texts(self) -> dict[str, dict[str, str]]:
        return {language: {"subject": " ".join(self.subject(language).data.split()),
                           "body": self.body(language).data.replace("\r\n", "\n").strip()}
                for language in LANGUAGES if self.subject(language).data.strip()}

    def load(self, texts: dict) -> None:
        for language, text in texts.items():
            if language in LANGUAGES:
                self.subject(language).data = text.get("subject", "")
                self.body(language).data = text.get("body", "")


for _language in LANGUAGES:
    _name = LANGUAGE_NAMES[_language]
    setattr(MailingForm, f"subject_{_language}", StringField(
        _l("Subject (%(language)s)", language=_name), default="", filters=[lambda x: x or ""],
        validators=[Length(max=SUBJECT_MAX)], render_kw={"dir": "auto", "lang": _language, "maxlength": SUBJECT_MAX}))
    setattr(MailingForm, f"body_{_language}", TextAreaField(
        _l("Message (%(language)s)", language=_name), default="", filters=[lambda x: x or ""],
        validators=[Length(max=BODY_MAX)], render_kw={"dir": "auto", "lang": _language, "rows": 10}))


class SendForm(Form):
    """"Send": carries the number of recipients the organiser saw in the preview."""

    expected = IntegerField(validators=[InputRequired(), NumberRange(min=0)])
    submit = SubmitField(_l("Send"))


class ActionForm(Form):
    """A button that changes something: only the CSRF token travels with it."""
