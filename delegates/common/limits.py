"""Rate limits on the doors that strangers knock at: the organisers' login and the public registration form.

The counts live in Redis when ``REDIS_URL`` is set, so that every gunicorn worker and every app server
shares them (a limit kept in one worker's memory is multiplied by the number of workers); without Redis
they live in the process's memory, which is right for one machine running ``make run``.

Only submissions (POST) count: reading the login page or the form costs nothing.
"""
from __future__ import annotations

from flask import Flask
from flask_babel import gettext as _
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

# endpoint → the setting that holds its limit
LIMITED_ENDPOINTS = {
    "admin.login": "RATELIMIT_LOGIN",
    "registration.register": "RATELIMIT_REGISTER",
    "registration.lost_link": "RATELIMIT_REGISTER",  # each sends a mail: as many as registrations
}


def too_many_attempts() -> str:
    return _("Too many attempts from your address. Wait a few minutes, then try again.")


def storage_uri(app: Flask) -> str:
    return app.config.get("RATELIMIT_STORAGE_URI") or app.config.get("REDIS_URL") or "memory://"


def init_limits(app: Flask) -> Limiter:
    """A limiter for this app, and the limits put on the endpoints of LIMITED_ENDPOINTS (call after the blueprints)."""
    app.config.setdefault("RATELIMIT_ENABLED", not app.testing)  # tests that count attempts turn it on
    limiter = Limiter(
        get_remote_address,
        storage_uri=storage_uri(app),
        # the key names the app, so that two installations sharing one Redis do not share counts
        key_prefix=app.config.get("RATELIMIT_KEY_PREFIX", "delegates"),
        strategy="moving-window",
        headers_enabled=True,
        # Redis down: count in this process's memory meanwhile, and never turn a login into a 500
        in_memory_fallback_enabled=True,
        swallow_errors=True,
    )
    limiter.init_app(app)
    # Every limit here is on a decorated view, which checks its own limits when it runs; the check that
    # init_app hangs before every request (for application-wide limits, which we have none of) only costs
    # time on the requests that matter most for speed (the scan API's doors).
    before = app.before_request_funcs.get(None, [])
    before[:] = [hook for hook in before if getattr(hook, "__func__", None) is not Limiter._check_request_limit]
    app.extensions["delegates_limiter"] = limiter
    for endpoint, setting in LIMITED_ENDPOINTS.items():
        view = app.view_functions.get(endpoint)
        if view is not None:
            app.view_functions[endpoint] = limiter.limit(app.config[setting], methods=["POST"],
                                                         error_message=too_many_attempts)(view)
    return limiter
