"""Every form of the app renders exactly as WTForms renders it, through the faster widgets of common.forms."""
from __future__ import annotations

from datetime import UTC

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import widgets

from delegates.common.forms import FASTER_INPUTS, Form, html_params, widget_for

HOSTILE = 'Łukasz "Żółć" <b>&amp; عبد الله \' 王小洪'
ATTRIBUTES = (
    {},
    {"aria_describedby": "x-hint x-error", "aria_invalid": "true", "required": True, "autocomplete": "off"},
    {"class_": 'a"b', "data_value": Markup('"kept" &amp;'), "aria_invalid": False, "title": None, "hidden": False},
)

keys = st.one_of(st.from_regex(r"(data_|aria_)?[a-z][a-z0-9_]{0,10}_?", fullmatch=True),
                 st.text(min_size=1, max_size=8))  # a key that needs escaping too: **{'a"b': 1}
values = st.one_of(st.booleans(), st.none(), st.integers(), st.text(max_size=20),
                   st.text(max_size=20).map(Markup))


@given(st.dictionaries(keys, values, max_size=8))
def test_html_params_writes_what_wtforms_writes(attributes):
    assert str(html_params(**attributes)) == str(widgets.html_params(**attributes))


def _all_forms():
    def below(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)

    return sorted(set(below(Form)), key=lambda cls: (cls.__module__, cls.__qualname__))


def _build(form_class, formdata):
    # the one form of the app that takes arguments: the check-in desk's choice of place
    if form_class.__name__ == "PlaceForm":
        return form_class([], UTC, formdata=formdata, meta={"csrf": False})
    return form_class(formdata=formdata, meta={"csrf": False})


@pytest.mark.parametrize("app", ["sqlite"], indirect=True)
def test_every_field_of_every_form_renders_as_wtforms_renders_it(app):
    with app.test_request_context("/"):
        forms = _all_forms()
        assert len(forms) > 30, [f.__name__ for f in forms]
        faster = 0
        for form_class in forms:
            for formdata in (None, MultiDict()):
                form = _build(form_class, formdata)
                if formdata is not None:  # every field sent back with a value that needs escaping
                    form = _build(form_class, MultiDict({field.name: HOSTILE for field in form}))
                for field in form:
                    subfields = list(field) if isinstance(field.widget, widgets.ListWidget) else []
                    for one in [field, *subfields]:
                        faster += widget_for(one) is not one.widget
                        for attributes in ATTRIBUTES:
                            expected = one.widget(one, **{**(one.render_kw or {}), **attributes})
                            assert str(one(**attributes)) == str(expected), (form_class.__name__, one.name)
        assert faster > 200, "the common inputs (text, email, date, hidden, submit...) render through FASTER_INPUTS"


def test_a_widget_set_up_with_its_own_options_is_the_fields_own():
    from wtforms import Form as PlainForm
    from wtforms import IntegerField, StringField
    from wtforms.fields import FileField

    class Sample(PlainForm):
        name = StringField()
        photos = FileField(widget=widgets.FileInput(multiple=True))
        photo = FileField()
        seats = IntegerField(widget=widgets.NumberInput(min=1))

    form = Sample()
    assert widget_for(form.name) is FASTER_INPUTS[widgets.TextInput]
    assert widget_for(form.photo) is FASTER_INPUTS[widgets.FileInput]
    assert widget_for(form.photos) is form.photos.widget
    assert widget_for(form.seats) is form.seats.widget
    assert 'multiple' in str(widget_for(form.photos)(form.photos)) and 'min="1"' in str(form.seats())
