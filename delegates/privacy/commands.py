"""`delegates purge --event SLUG [--dry-run]`: anonymise an event's personal data once its retention is over."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from delegates.cli import event_or_fail
from delegates.extensions import db
from delegates.privacy import services


@click.command("purge")
@click.option("--event", "slug", required=True, help="The event's slug, e.g. ga81.")
@click.option("--dry-run", is_flag=True, help="Say what would be anonymised, change nothing.")
@with_appcontext
def purge_command(slug: str, dry_run: bool) -> None:
    """Anonymise the personal data of an event whose retention period is over (RETENTION_DAYS after its end).

    Names, email, phone, photos, travel, needs and private links go; categories, delegations, attendance and
    signatures stay, so every count stays true.
    """
    event = event_or_fail(slug)
    try:
        done = services.purge_event(event, dry_run=dry_run)
    except services.PrivacyError as e:
        db.session.rollback()
        raise click.ClickException(e.message) from None
    verb = "Would anonymise" if dry_run else "Anonymised"
    click.echo(f"{verb} {done.participants} participants of {event.slug} "
               f"({done.already} were anonymised already): {done.photos} photos, {done.travel} travel rows, "
               f"{done.focal_points} focal points, {done.audit_entries} audit entries, "
               f"{done.mail + done.outbox_files} mail records.")
    if dry_run:
        db.session.rollback()
        click.echo("Dry run: nothing was changed.")
    else:
        db.session.commit()
        click.echo("Counts by category, delegation, attendance and signatures are kept.")


@click.command("retention")
@click.option("--event", "slug", required=True, help="The event's slug, e.g. ga81.")
@click.option("--days", type=click.IntRange(min=0), default=None,
              help="Keep personal data this many days after the event's end (default: RETENTION_DAYS).")
@with_appcontext
def retention_command(slug: str, days: int | None) -> None:
    """Show, or set with --days, how long after its end an event's personal data is kept."""
    from delegates.admin.services import record

    event = event_or_fail(slug)
    if days is not None and days != event.retention_days:
        record("event.retention_changed", event=event, target=event,
               changes={"retention_days": [event.retention_days, days]})
        event.retention_days = days
        db.session.commit()
    click.echo(f"The personal data of {event.slug} is kept {services.retention_days(event)} days after its end "
               f"({event.ends_on.isoformat()}): `delegates purge --event {event.slug}` may run from "
               f"{services.retention_ends(event).isoformat()}.")


COMMANDS = [purge_command, retention_command]
