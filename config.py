"""Settings, read from the environment. No setting is needed for the demo.

``DATABASE_URL``  a SQLAlchemy URL; a SQLite file in the instance folder by default,
                  ``postgresql+psycopg://user@host/db`` in production.
``SECRET_KEY``    signs sessions, CSRF tokens and badge codes. When unset, a random key
                  is created once in the instance folder (fine for one machine; set it
                  explicitly when several app servers share a database).
``MAIL_*``        SMTP settings (``MAIL_SERVER``, ``MAIL_PORT``, ``MAIL_USERNAME``,
                  ``MAIL_PASSWORD``, ``MAIL_USE_TLS``, ``MAIL_DEFAULT_SENDER``).
                  ``MAIL_OUTBOX``: where mail goes when no SMTP server is set or it does not
                  answer (``<instance>/outbox``); ``MAIL_TIMEOUT`` in seconds; ``MAIL_REPLY_TO``.
``PUBLIC_URL``    the site's address, for links in mail written outside a web request (CLI, jobs).
``PHOTO_FOLDER``  where participants' photos are kept (``<instance>/photos``; never under ``static/``).
``REDIS_URL``     optional: shared rate limits and the job queue.
"""
import os


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", "15000"))

    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Delegates <no-reply@localhost>")
    MAIL_REPLY_TO = os.environ.get("MAIL_REPLY_TO")
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "10"))
    MAIL_OUTBOX = os.environ.get("MAIL_OUTBOX")
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")
    PHOTO_FOLDER = os.environ.get("PHOTO_FOLDER")
    REDIS_URL = os.environ.get("REDIS_URL")

    LANGUAGES = ("en", "fr", "es", "ar")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE")
    PERMANENT_SESSION_LIFETIME = 12 * 3600
    WTF_CSRF_TIME_LIMIT = None
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    PASSWORD_MIN_LENGTH = 12


class DevConfig(Config):
    """``make run``: the demo on one machine."""


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105  (tests only)
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL")
    MAIL_SERVER = None
