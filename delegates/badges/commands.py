"""The badge commands: ``delegates badges`` prints a batch, ``delegates reissue`` replaces a lost badge."""
from __future__ import annotations

import time
from pathlib import Path

import click
from flask.cli import with_appcontext

from delegates.cli import event_or_fail, progress_printer, write_atomically


@click.command("badges")
@click.argument("out", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--event", "slug", required=True, help="The event's slug, e.g. ga81.")
@click.option("--country", "countries", multiple=True, help="A delegation's ISO alpha-3 code (repeat for several).")
@click.option("--category", "categories", multiple=True, help="A category's name, e.g. Minister (repeat for several).")
@click.option("--status", default="accredited", show_default=True, help="Participants of this status.")
@click.option("--not-printed", is_flag=True, help="Only badges not printed yet (in their current version).")
@click.option("--layout", default="a6", show_default=True,
              type=click.Choice(["a6", "a4-4up", "cr80", "letter-4x3"]),
              help="a6: one A6 per page; a4-4up: four A6 on A4 with crop marks; cr80: 85.6 × 54 mm cards; "
                   "letter-4x3: US Letter with six 4 × 3 in badges (Avery 5392).")
@click.option("--no-record", is_flag=True, help="A proof: do not record the badges as printed.")
@with_appcontext
def badges_command(out: Path, slug: str, countries: tuple[str, ...], categories: tuple[str, ...], status: str,
                   not_printed: bool, layout: str, no_record: bool) -> None:
    """Print the event's badges into OUT (one PDF), by delegation, protocol order and family name."""
    from delegates.badges import services
    from delegates.extensions import db

    event = event_or_fail(slug)
    selection = services.Selection(countries=countries, categories=categories, status=status,
                                   not_printed=not_printed)
    try:
        people = services.select_participants(event, selection)
    except services.BadgeError as e:
        raise click.ClickException(e.message) from None
    if not people:
        click.echo("No badge matches these filters; nothing was written.")
        return
    started = time.perf_counter()
    progress = progress_printer("badges")
    click.echo(f"Printing {len(people)} badges ({layout}) into {out}…", err=True)
    try:
        printed = write_atomically(out, lambda stream: services.print_badges(
            event, people, stream, layout=layout, record_prints=not no_record, progress=progress))
    except BaseException:  # a font that is not installed, say: no print is recorded
        db.session.rollback()
        raise
    db.session.commit()
    click.echo(f"Wrote {printed.count} badges to {out} in {time.perf_counter() - started:.1f} s"
               + ("" if no_record else f" (batch {printed.batch})") + ".")


@click.command("reissue")
@click.option("--event", "slug", required=True, help="The event's slug, e.g. ga81.")
@click.option("--participant", "participant_id", required=True, type=int, help="The participant's record number.")
@click.option("--note", help="Why (e.g. 'lost on day 2'), kept in the audit log.")
@with_appcontext
def reissue_command(slug: str, participant_id: int, note: str | None) -> None:
    """Issue a new badge code for a lost badge: the old badge is refused from then on. Print the badge again after."""
    from delegates.badges import services
    from delegates.extensions import db
    from delegates.registration.models import Participant

    event = event_or_fail(slug)
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.event_id != event.id:
        raise click.ClickException(f"The event '{slug}' has no participant #{participant_id}.")
    try:
        version = services.reissue(participant, note=note or "command line")
    except services.BadgeError as e:
        raise click.ClickException(e.message) from None
    db.session.commit()
    click.echo(f"Badge of #{participant.id} ({participant.badge_name}) reissued: version {version}; "
               "the old badge is refused from now on. Print it again with "
               f"`delegates badges OUT.pdf --event {slug} --not-printed`.")


COMMANDS = (badges_command, reissue_command)
