"""The declaration's report for ``delegates report signatories OUT.pdf --event SLUG``."""
from __future__ import annotations

from typing import IO

from delegates.declaration import services
from delegates.declaration.pdf import write_signatories
from delegates.registration.models import Event


def signatories_report(event: Event, stream: IO[bytes]) -> int:
    """The public list of signatories of the event's (first) declaration, in the four languages."""
    declarations = services.declarations_of(event)
    if not declarations:
        raise services.DeclarationError(f"The event '{event.slug}' has no declaration.")
    return write_signatories(declarations[0], stream)
