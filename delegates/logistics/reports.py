"""The logistics reports of ``delegates report NAME OUT.pdf --event SLUG``: arrivals, departures, transfers,
rooming, catering, accessibility and interpretation, each the same sheet as its page."""
from __future__ import annotations

from typing import IO

from delegates.logistics.pdf import render_sheet
from delegates.logistics.services import build_sheet
from delegates.registration.models import Event


def write_sheet(name: str, event: Event, stream: IO[bytes], language: str | None = None,
                submitted: bool = False) -> int:
    return render_sheet(build_sheet(name, event, language or event.default_language, submitted), stream)


def arrivals_report(event: Event, stream: IO[bytes], **options) -> int:
    return write_sheet("arrivals", event, stream, **options)


def departures_report(event: Event, stream: IO[bytes], **options) -> int:
    return write_sheet("departures", event, stream, **options)


def transfers_report(event: Event, stream: IO[bytes], **options) -> int:
    return write_sheet("transfers", event, stream, **options)


def rooming_report(event: Event, stream: IO[bytes], **options) -> int:
    return write_sheet("rooming", event, stream, **options)


def catering_report(event: Event, stream: IO[bytes], **options) -> int:
    return write_sheet("catering", event, stream, **options)


def accessibility_report(event: Event, stream: IO[bytes], **options) -> int:
    return write_sheet("accessibility", event, stream, **options)


def interpretation_report(event: Event, stream: IO[bytes], **options) -> int:
    return write_sheet("interpretation", event, stream, **options)
