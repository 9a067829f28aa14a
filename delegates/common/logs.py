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
