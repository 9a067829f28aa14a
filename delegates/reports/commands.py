"""``delegates report NAME OUT.pdf --event SLUG`` (one subcommand per report of the table in
``delegates.reports``) and ``delegates agendas OUT.pdf --event SLUG``."""
from __future__ import annotations

import importlib
import time
from pathlib import Path

import click
from flask.cli import with_appcontext

from delegates.cli import event_or_fail, progress_printer, write_atomically
from delegates.reports import OPTIONS, REPORTS, Report

LANGUAGES = ("en", "fr", "es", "ar")


def _option(name: str) -> click.Option:
    if name == "language":
        return click.Option(["--language"], type=click.Choice(LANGUAGES), help=OPTIONS[name])
    if name == "session":
        return click.Option(["--session"], type=int, required=True, help=OPTIONS[name])
    return click.Option([f"--{name}", name], is_flag=True, help=OPTIONS[name])


def report_command(report: Report) -> click.Command:
    def run(out: Path, slug: str, **options) -> None:
        module, _, function = report.target.partition(":")
        write = getattr(importlib.import_module(module), function)
        event = event_or_fail(slug)
        given = {k: v for k, v in options.items() if v not in (None, False)}
        pages = write_atomically(out, lambda stream: write(event, stream, **given))
        click.echo(f"Wrote the {report.name} report of {event.slug} to {out} ({pages} page(s)).")

    params = [click.Argument(["out"], type=click.Path(dir_okay=False, writable=True, path_type=Path)),
              click.Option(["--event", "slug"], required=True, help="The event's slug, e.g. ga81."),
              *(_option(name) for name in report.options)]
    return click.Command(report.name, callback=with_appcontext(run), params=params, help=report.summary,
                         short_help=report.summary)


report_group = click.Group(
    "report", commands=[report_command(r) for r in REPORTS.values()],
    help="Write a report of an event into OUT.pdf: delegates report NAME OUT.pdf --event SLUG.")


@click.command("agendas")
@click.argument("out", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--event", "slug", required=True, help="The event's slug, e.g. ga81.")
@click.option("--participant", "ids", multiple=True, type=int,
              help="A participant's record number (repeat for several); default: every accredited participant.")
@click.option("--language", type=click.Choice(["en", "fr", "es", "ar"]),
              help="Every agenda in this language; default: each in its owner's language.")
@with_appcontext
def agendas_command(out: Path, slug: str, ids: tuple[int, ...], language: str | None) -> None:
    """Print personal agendas into OUT (one PDF, a page or more per person), each in its owner's language."""
    from delegates.programme.agenda_pdf import accredited_participants, write_agendas

    event = event_or_fail(slug)
    people = accredited_participants(event, ids)
    missing = sorted(set(ids) - {p.id for p in people})
    if missing:
        raise click.ClickException(
            f"The event '{slug}' has no accredited participant #{', #'.join(map(str, missing))}.")
    if not people:
        click.echo("No accredited participant: nothing was written.")
        return
    started = time.perf_counter()
    progress = progress_printer("agendas")
    click.echo(f"Printing {len(people)} agendas into {out}…", err=True)
    pages = write_atomically(out, lambda stream: write_agendas(event, people, stream, progress=progress,
                                                               language=language))
    click.echo(f"Wrote {len(people)} agendas ({pages} pages) to {out} in {time.perf_counter() - started:.1f} s.")


COMMANDS = (report_group, agendas_command)
