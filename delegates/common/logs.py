"""Logs without secrets: private links' tokens never reach a log line."""
from __future__ import annotations

import logging
import re

# /me/<token>, /d/<token> (and what follows them): the token is a password
PRIVATE_PATH = re.compile(r"(/(?:me|d)/)[A-Za-z0-9_-]{8,}")


class RedactPrivateLinks(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = PRIVATE_PATH.sub(r"\1…", message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def install_redaction() -> None:
    """Access logs of the development server and of gunicorn go through the redaction."""
    for name in ("werkzeug", "gunicorn.access", "gunicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactPrivateLinks) for f in logger.filters):
            logger.addFilter(RedactPrivateLinks())


def log_unhandled(logger: logging.Logger, error: BaseException, where: str) -> None:
    """Log an unexpected error with its traceback; a database error without its message, which quotes the
    row's values ("Key (event_id, email)=(1, someone@example.org) already exists")."""
    from sqlalchemy.exc import DBAPIError

    if not isinstance(error, DBAPIError):
        logger.exception("unhandled %s on %s", type(error).__name__, where)
        return
    import traceback

    original = error.orig
    diagnostics = getattr(original, "diag", None)
    constraint = getattr(diagnostics, "constraint_name", None) or "?"
    table = getattr(diagnostics, "table_name", None) or "?"
    frames = "".join(traceback.format_tb(error.__traceback__))
    logger.error("unhandled %s (%s) on %s: table %s, constraint %s\nTraceback (values left out):\n%s",
                 type(error).__name__, type(original).__name__, where, table, constraint, frames)
