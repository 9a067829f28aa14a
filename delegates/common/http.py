"""Per-request settings: write intent for SQLite, and security headers on every response."""
from __future__ import annotations

from flask import Flask, request

from delegates.common import database

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

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
        if request.path.startswith("/admin"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response
