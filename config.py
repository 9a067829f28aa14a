"""Settings, read from the environment. No setting is needed for the demo.

``DATABASE_URL``  a SQLAlchemy URL; a SQLite file in the instance folder by default,
                  ``postgresql+psycopg://user@host/db`` in production.
``SECRET_KEY``    signs sessions, CSRF tokens and badge codes; makes private links from their
                  stored seeds (so that they can be mailed again). When unset, a random key
                  is created once in the instance folder (fine for one machine; set it
                  explicitly when several app servers share a database).
``MAIL_*``        SMTP settings (``MAIL_SERVER``, ``MAIL_PORT``, ``MAIL_USERNAME``,
                  ``MAIL_PASSWORD``, ``MAIL_USE_TLS``, ``MAIL_DEFAULT_SENDER``).
                  ``MAIL_OUTBOX``: where mail goes when no SMTP server is set, and where it waits
                  for the server (``<instance>/outbox``, its ``queue/``); ``MAIL_TIMEOUT`` in seconds;
                  ``MAIL_RETRY_SECONDS``: the first wait before trying a server that was down again
                  (60, doubling up to 15 minutes); ``MAIL_REPLY_TO``.
``PUBLIC_URL``    the site's address, for links in mail written outside a web request (CLI, jobs).
``PHOTO_FOLDER``  where participants' photos are kept (``<instance>/photos``; never under ``static/``).
``REDIS_URL``     optional: shared rate limits and the job queue (worked by ``delegates worker``); without
                  it, long jobs run in a thread of the app. ``JOBS_QUEUE``: the queue's name ("delegates").
                  ``JOBS_STALE_AFTER``: seconds without progress before a running job is taken for stopped (600).
``RATELIMIT_LOGIN``, ``RATELIMIT_REGISTER``  limits on login and registration submissions per address (the
                  second also on asking for a lost private link).
``LOST_LINK_HOURS``  how long the mailed link that opens a registration whose private link was lost works (24).
``TRUSTED_PROXIES``  how many reverse proxies set X-Forwarded-For (1 behind one nginx).
``ORGANISER_IDLE_TIMEOUT``, ``ORGANISER_ABSOLUTE_TIMEOUT``  seconds (30 minutes, 12 hours).
``RETENTION_DAYS``  days after an event's end before its personal data may be purged (365).
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
    # hide_parameters: SQL errors and SQL logging never carry the values (names, emails) into a log
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True, "hide_parameters": True}
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
    MAIL_RETRY_SECONDS = float(os.environ.get("MAIL_RETRY_SECONDS", "60"))
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")
    PHOTO_FOLDER = os.environ.get("PHOTO_FOLDER")
    REDIS_URL = os.environ.get("REDIS_URL")
    JOBS_QUEUE = os.environ.get("JOBS_QUEUE", "delegates")
    # seconds without a sign of life after which a running job is taken for stopped (its process was killed)
    JOBS_STALE_AFTER = float(os.environ.get("JOBS_STALE_AFTER", "600"))
    # rate limits (Flask-Limiter notation), counted in Redis when REDIS_URL is set; see delegates/common/limits.py
    RATELIMIT_LOGIN = os.environ.get("RATELIMIT_LOGIN", "10 per minute;50 per hour")
    RATELIMIT_REGISTER = os.environ.get("RATELIMIT_REGISTER", "10 per minute;60 per hour")
    # how many proxies in front of the app set X-Forwarded-For/-Proto (nginx: 1); 0 trusts none
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    # organisers are logged out after this long without a request, and this long after logging in
    ORGANISER_IDLE_TIMEOUT = int(os.environ.get("ORGANISER_IDLE_TIMEOUT", str(30 * 60)))
    ORGANISER_ABSOLUTE_TIMEOUT = int(os.environ.get("ORGANISER_ABSOLUTE_TIMEOUT", str(12 * 3600)))
    # personal data of an event is kept this many days after it ends, then `delegates purge` may remove it
    RETENTION_DAYS = int(os.environ.get("RETENTION_DAYS", "365"))
    LOST_LINK_HOURS = int(os.environ.get("LOST_LINK_HOURS", "24"))

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
