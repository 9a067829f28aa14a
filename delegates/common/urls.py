"""The URL converters of every route."""
from __future__ import annotations

from werkzeug.routing import IntegerConverter

# the largest id that a database column holds (INTEGER on PostgreSQL is 32 bits): a larger number in a URL
# names nothing, and must not reach the database (SQLite and PostgreSQL refuse to compare with it)
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<int:…>`` up to MAX_ID: /participants/99999999999999999999 is a 404, not a server error."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002  werkzeug's own argument name
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def install_converters(app) -> None:
    """Call before the blueprints are registered: their rules are compiled with the converters in place then."""
    app.url_map.converters["int"] = IdConverter
