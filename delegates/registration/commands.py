"""The registration domain's commands: export and import of the participants file, delegations."""
from __future__ import annotations

import time
from pathlib import Path

import click
from flask.cli import with_appcontext

from delegates.cli import event_or_fail


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--event", "slug", required=True, help="The event's slug, e.g. ga81.")
@with_appcontext
def export_command(file: Path, slug: str) -> None:
    """Write the event's participants to FILE (CSV), in the participants file's columns."""
    from delegates.registration import exports

    event = event_or_fail(slug)
    if file.suffix.lower() != ".csv":
        raise click.ClickException(f"Cannot export to '{file.name}': give a file name ending in .csv.")
    started = time.perf_counter()
    tmp = file.with_name(file.name + ".part")
    with open(tmp, "w", encoding="utf-8", newline="") as out:
        count = exports.write_csv(exports.participants_for_export(event), out)
    tmp.replace(file)  # a reader never sees half a file
    click.echo(f"Wrote {count} participants to {file} in {time.perf_counter() - started:.1f} s.")


COMMANDS = [export_command]
