"""The registration domain's blueprint: public pages, the form, private pages, and the registrar's pages.

Each module below adds its routes to ``bp``.
"""
from flask import Blueprint

bp = Blueprint("registration", __name__)

from delegates.registration.views import (  # noqa: E402,F401  (routes attach to bp)
    delegations,
    events,
    focal_point,
    form,
    imports,
    lost_links,
    merge,
    participants,
    private,
)
