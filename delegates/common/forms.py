"""The base of every form: Flask-WTF's, with WTForms' own messages translated from a catalogue loaded once."""
from __future__ import annotations

import functools

from babel import support
from flask import current_app
from flask_babel import get_locale
from flask_wtf import FlaskForm
from wtforms.i18n import messages_path


@functools.lru_cache(maxsize=16)
def wtforms_translations(language: str) -> support.Translations:
    """WTForms' catalogue for a language ("Not a valid date value." in French...), read once per process."""
    return support.Translations.load(messages_path(), [language], domain="wtforms")


class Form(FlaskForm):
    """A FlaskForm whose built-in messages come in the page's language.

    Flask-WTF reads WTForms' catalogue from disk again in every request that needs one of its messages (an
    empty date field does: a tenth of a registration's time); the catalogues do not change while the app runs.
    """

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return wtforms_translations(str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"]))
