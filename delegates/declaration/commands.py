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


def speakers_report(event: Event, stream: IO[bytes], session: int, language: str | None = None) -> int:
    """The speakers' list of one of the event's plenaries."""
    from delegates.declaration import speakers
    from delegates.declaration.speakers_pdf import write_speakers_list

    plenary = speakers.plenary_of(event, session)
    if plenary is None:
        raise speakers.SpeakersError(f"The event '{event.slug}' has no plenary #{session}.")
    return write_speakers_list(plenary, stream, language or event.default_language)
