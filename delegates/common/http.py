"""Per-request settings: write intent for SQLite, and security headers on every response."""
from __future__ import annotations

from flask import Flask, request

from delegates.common import database

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
PRIVATE_PREFIXES = ("/admin", "/me/", "/d/", "/api/")

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def register_request_hooks(app: Flask) -> None:
    @app.before_request
    def declare_write_intent():
        database.write_intent.set(request.method not in SAFE_METHODS)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        # personal data (pages, exports, badges) is never kept by a browser's or a proxy's cache;
        # set over send_file's "no-cache", which still lets caches store it
        if request.path.startswith(PRIVATE_PREFIXES) and "no-store" not in response.headers.get("Cache-Control", ""):
                response.headers["Cache-Control"] = "no-store"
        return response
