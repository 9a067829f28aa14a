"""Errors a person can act on, raised by services and shown as a flash, a JSON body or a CLI message."""


class DomainError(Exception):
    """A request the domain refuses, with a sentence that says why and what to do."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
