"""The reports of ``delegates report NAME OUT.pdf --event SLUG``: one table that every domain adds its reports to.

A report is a function ``write(event, stream, **options) -> pages`` in its domain, named here by
"module:function" (imported only when that report runs, so the command line starts fast). The
options a report takes are among :data:`OPTIONS`; ``delegates report NAME --help`` shows them.
"""
from __future__ import annotations

from dataclasses import dataclass

# option name -> what it means; the command line offers each report the ones it lists
OPTIONS = {
    "language": "The report's language: en, fr, es or ar (default: the event's).",
    "final": "Mark the list final rather than provisional.",
    "all": "Everyone registered, not only accredited participants who agreed to be published.",
    "session": "The session's number (its id), e.g. the plenary of a speakers' list.",
    "submitted": "Also count submitted registrations, not only accredited participants.",
}


@dataclass(frozen=True)
class Report:
    name: str
    target: str  # "module:function"
    summary: str
    options: tuple[str, ...] = ()
    # the organiser roles that may download it from the documents page (viewers read everything; admin passes)
    roles: tuple[str, ...] = ("registrar",)


REPORTS: dict[str, Report] = {report.name: report for report in (
    Report("participants", "delegates.reports.participants:participants_report",
           "The official list of participants, by delegation, then observers.", ("language", "final", "all"),
           ("registrar", "protocol")),
    Report("programme", "delegates.reports.programme:programme_report",
           "The programme by day: time, room, kind, title, chair and speakers.", ("language",),
           ("programme", "registrar", "protocol")),
    Report("door-sheets", "delegates.reports.programme:door_sheets_report",
           "One page per room and day, for the door: that day's sessions with times and seats.", ("language",),
           ("programme", "checkin")),
    Report("signatories", "delegates.declaration.commands:signatories_report",
           "The public list of signatories of the event's declaration, in the four languages.", (), ("protocol",)),
    Report("speakers", "delegates.declaration.commands:speakers_report",
           "A plenary's speakers' list, in the order the floor is given.", ("session", "language"), ("protocol",)),
    *(Report(name, f"delegates.logistics.reports:{name}_report", summary, ("language", "submitted"))
      for name, summary in (
        ("arrivals", "Arrivals by day and hour, with flights and airports (for the shuttles)."),
        ("departures", "Departures by day and hour, with flights and airports (for the shuttles)."),
        ("transfers", "Transfer manifests per airport and hour: who, flight, hotel, phone."),
        ("rooming", "Rooming lists per hotel: guest, delegation, check-in, check-out, nights; rooms used."),
        ("catering", "Catering counts by dietary need for each day of the event, with the other needs."),
        ("accessibility", "Accessibility needs: who, what, delegation and the sessions assigned."),
        ("interpretation", "Interpretation receivers per session and language."))),
)}
