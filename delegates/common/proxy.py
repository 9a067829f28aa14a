"""Behind a reverse proxy: the client's address and scheme from the headers the proxy sets."""
from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def trust_proxies(app: Flask) -> None:
    """Trust X-Forwarded-For/-Proto/-Host from ``TRUSTED_PROXIES`` proxies (0: trust none, the default).

    Only set it when every request comes through the proxy: otherwise anyone could claim any address
    and escape the rate limits.
    """
    count = int(app.config.get("TRUSTED_PROXIES") or 0)
    if count > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
