"""The ``delegates`` command: Flask's CLI group on the app, with the project's own commands."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext

from delegates.common.exceptions import DomainError
from delegates.extensions import db


def main() -> None:
    from delegates import create_app

    cli = FlaskGroup(create_app=create_app, help="Delegates: run and manage intergovernmental meetings.")
    cli.main(prog_name="delegates")


def event_or_fail(slug: str):
    from delegates.registration.services import get_event

    event = get_event(slug)
    if event is None:
        raise click.ClickException(f"There is no event '{slug}'. `delegates demo` loads the demo event 'ga81'.")
    return event


def write_atomically(path: Path, write):
    """Write into PATH.part, then rename: a failed command never leaves half a file under the wanted name.

    ``write(stream)`` writes into the binary stream; what it returns is returned. A DomainError becomes the
    command's error message.
    """
    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("wb") as stream:
            result = write(stream)
    except DomainError as e:
        partial.unlink(missing_ok=True)
        raise click.ClickException(e.message) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    return result


def progress_printer(noun: str):
    """A progress callback ``(done, total)`` that prints every tenth, on standard error."""
    shown = {"at": 0}

    def progress(done: int, total: int) -> None:
        percent = done * 100 // total
        if percent >= shown["at"] + 10 or done == total:
            shown["at"] = percent
            click.echo(f"  {done} of {total} {noun} ({percent}%)", err=True)

    return progress


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Load the demo only when the database holds no event.")
@with_appcontext
def demo_command(if_empty: bool) -> None:
    """Load the demo event: the 81st INTERPOL General Assembly (slug ga81)."""
    from sqlalchemy import func, select

    from delegates.demo import DemoError, load_demo
    from delegates.registration.models import Event

    if if_empty and db.session.scalar(select(func.count()).select_from(Event)):
        click.echo("The database holds events already; the demo was not loaded.")
        return
    try:
        summary = load_demo()
    except DemoError as e:
        raise click.ClickException(str(e)) from None
    db.session.commit()
    click.echo(
        f"Loaded the demo event 'ga81' in {summary['seconds']:.1f} s: {summary['participants']} participants "
        f"from {summary['countries']} countries and {summary['observers']} observer organisations, "
        f"{summary['ministers']} ministers, {summary['sessions']} sessions."
    )


@click.group("users")
def users_group() -> None:
    """Organiser accounts."""


@users_group.command("create")
@click.argument("email")
@click.option("--role", "roles", multiple=True, required=True,
              help="admin, registrar, programme, printer, checkin, protocol or viewer (repeat for several).")
@click.option("--name", help="The organiser's name, as shown in the audit log.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@with_appcontext
def users_create(email: str, roles: tuple[str, ...], name: str | None, password_stdin: bool) -> None:
    """Create an organiser account with a password (at least 12 characters)."""
    from delegates.admin.services import create_organiser

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        organiser = create_organiser(email, password, roles, name=name)
    except DomainError as e:
        raise click.ClickException(e.message) from None
    db.session.commit()
    click.echo(f"Created organiser {organiser.email} with roles: {', '.join(sorted(organiser.roles))}.")


@click.group("tokens")
def tokens_group() -> None:
    """API tokens for scanning devices and integrations."""


@tokens_group.command("create")
@click.option("--event", "slug", required=True, help="The event's slug, e.g. ga81.")
@click.option("--role", required=True, help="The role the token acts with (checkin for scanning devices).")
@click.option("--name", required=True, help="Which device or integration holds it, e.g. 'Door 3 scanner'.")
@with_appcontext
def tokens_create(slug: str, role: str, name: str) -> None:
    """Create an API token; it is printed once, on the last line, and only its hash is kept."""
    from delegates.admin.services import create_api_token

    event = event_or_fail(slug)
    try:
        row, token = create_api_token(event, role, name)
    except DomainError as e:
        raise click.ClickException(e.message) from None
    db.session.commit()
    click.echo(f"API token '{row.name}' for {event.slug}, role {row.role}. Copy it now: it is not shown again.")
    click.echo(token)


@tokens_group.command("revoke")
@click.option("--event", "slug", required=True, help="The event's slug, e.g. ga81.")
@click.argument("prefix")
@with_appcontext
def tokens_revoke(slug: str, prefix: str) -> None:
    """Revoke the API token whose first characters are PREFIX (as `tokens create` printed it): it stops working."""
    from sqlalchemy import select

    from delegates.admin.models import ApiToken
    from delegates.admin.services import revoke_api_token

    event = event_or_fail(slug)
    prefix = prefix.strip()
    rows = [row for row in db.session.scalars(select(ApiToken).where(ApiToken.event_id == event.id))
            if prefix and (row.prefix.startswith(prefix) or prefix.startswith(row.prefix))]
    if not rows:
        raise click.ClickException(f"No API token of {event.slug} begins with '{prefix}'.")
    if len(rows) > 1:
        raise click.ClickException(f"{len(rows)} tokens begin with '{prefix}': give more of it.")
    row = rows[0]
    if not revoke_api_token(row):
        click.echo(f"API token '{row.name}' ({row.prefix}…) was revoked already.")
        return
    db.session.commit()
    click.echo(f"Revoked API token '{row.name}' ({row.prefix}…): it no longer works.")


@click.group("mail")
def mail_group() -> None:
    """Mail that could not be sent when it was written."""


@mail_group.command("deliver")
@with_appcontext
def mail_deliver() -> None:
    """Send the messages waiting in the outbox (written while SMTP was down or not configured)."""
    from delegates.common.mail import deliver_outbox

    sent, waiting = deliver_outbox()
    click.echo(f"Sent {sent} message(s); {waiting} still waiting in the outbox.")
    if waiting and not sent:
        from flask import current_app

        if not current_app.config.get("MAIL_SERVER"):
            click.echo("No SMTP server is configured (MAIL_SERVER): the outbox is where mail goes.")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@click.option("--queue", "queue_name", metavar="NAME", help="The queue to work (JOBS_QUEUE, else 'delegates').")
@with_appcontext
def worker_command(burst: bool, queue_name: str | None) -> None:
    """Work the job queue (badge and agenda batches, mail to many, big imports) on Redis (REDIS_URL) until stopped.

    At start, a job left "running" by a worker that was killed (silent for longer than JOBS_STALE_AFTER
    seconds) is marked failed, so that its page says to start it again."""
    from flask import current_app

    from delegates.common.jobs import QUEUE_NAME, fail_stopped, run_worker

    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("REDIS_URL is not set: without Redis, jobs run in a thread of the app "
                                   "and need no worker. Set REDIS_URL=redis://HOST:6379/0 to use the queue.")
    name = queue_name or current_app.config.get("JOBS_QUEUE") or QUEUE_NAME
    stopped = fail_stopped()  # the jobs of a worker killed mid-job, silent for longer than JOBS_STALE_AFTER
    if stopped:
        click.echo(f"{stopped} job(s) had stopped without finishing (their worker ended): marked failed.")
    click.echo(f"Working the queue '{name}'" + (" until it is empty." if burst else "; Ctrl+C stops."))
    run_worker(current_app._get_current_object(), burst=burst, queue_name=name)


def register(app: Flask) -> None:
    from delegates.badges.commands import COMMANDS as badge_commands
    from delegates.common.backup import COMMANDS as backup_commands
    from delegates.privacy.commands import COMMANDS as privacy_commands
    from delegates.registration.commands import COMMANDS as registration_commands
    from delegates.reports.commands import COMMANDS as report_commands

    for command in (demo_command, users_group, tokens_group, mail_group, worker_command, *registration_commands,
                    *badge_commands, *report_commands, *backup_commands,
                    *privacy_commands):
        app.cli.add_command(command)
