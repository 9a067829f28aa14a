"""Forms of the check-in desk and the attendance lists."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from delegates.common.forms import Form


class PlaceForm(Form):
    """Where the desk stands: the entrance or a session's door (a GET form: nothing changes)."""

    class Meta:
        csrf = False

    place = SelectField(_l("Place"))

    def __init__(self, sessions, tz, language: str = "en", **kwargs):
        super().__init__(**kwargs)
        self.place.choices = [("entrance", _l("Venue entrance"))] + [
            (f"session:{s.id}", f"{s.translated('title', language)} ({s.starts_at.astimezone(tz):%d/%m %H:%M})")
            for s in sessions
        ]


class TickListForm(Form):
    """The names ticked on a session's printed list (the checkboxes are read from the request)."""


class RevokeForm(Form):
    """Revoke an API token (the button carries the CSRF token)."""
