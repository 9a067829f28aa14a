"""The registration domain's commands: export and import of the participants file, delegations."""
from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import click
from flask.cli import with_appcontext

from delegates.cli import event_or_fail
from delegates.extensions import db


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--event", "slug", required=True, help="The event's slug, e.g. ga81.")
@with_appcontext
def export_command(file: Path, slug: str) -> None:
    """Write the event's participants to FILE (CSV, or XLSX when FILE ends in .xlsx), in the participants
    file's columns."""
    from delegates.registration import exports

    event = event_or_fail(slug)
    kind = file.suffix.lower()
    if kind not in (".csv", ".xlsx"):
        raise click.ClickException(f"Cannot export to '{file.name}': give a file name ending in .csv or .xlsx.")
    started = time.perf_counter()
    tmp = file.with_name(file.name + ".part")
    if kind == ".xlsx":
        with open(tmp, "wb") as out:
            count = exports.write_xlsx(exports.participants_for_export(event), out)
    else:
        with open(tmp, "w", encoding="utf-8", newline="") as out:
            count = exports.write_csv(exports.participants_for_export(event), out)
    tmp.replace(file)  # a reader never sees half a file
    click.echo(f"Wrote {count} participants to {file} in {time.perf_counter() - started:.1f} s.")


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path))
@click.option("--event", "slug", required=True, help="The event's slug, e.g. ga81.")
@click.option("--dry-run", is_flag=True, help="Check every row and report; change nothing.")
@with_appcontext
def import_command(file: Path, slug: str, dry_run: bool) -> None:
    """Add the participants of FILE (CSV or XLSX, by its extension) to the event: all of them, or none
    when any row is refused. Exits with status 1 when the file has errors."""
    from delegates.extensions import db
    from delegates.registration import imports
    from delegates.registration.participants import Actor

    event = event_or_fail(slug)
    started = time.perf_counter()
    try:
        report = imports.import_file(event, file.read_bytes(), file.name, dry_run=dry_run,
                                     actor=Actor(label="command line"))
    except imports.ImportRefused as e:
        db.session.rollback()
        raise click.ClickException(e.message) from None
    db.session.commit()
    for problem in report.warnings:
        click.echo(f"warning: {problem}")
    for problem in report.errors:
        click.echo(str(problem))
    click.echo(report.summary() + ("" if report.errors else f" ({time.perf_counter() - started:.1f} s)"))
    if report.errors:
        raise click.exceptions.Exit(1)


@click.group("delegations")
def delegations_group() -> None:
    """Delegations and their focal points."""


@delegations_group.command("focal-point")
@click.option("--event", "slug", required=True, help="The event's slug, e.g. ga81.")
@click.option("--country", "code", required=True,
              help="The country's ISO code (ITA), or an observer organisation's acronym.")
@click.option("--name", required=True, help="The focal point's name.")
@click.option("--email", required=True, help="The focal point's email: the private link is mailed there.")
@click.option("--language", type=click.Choice(["en", "fr", "es", "ar"]),
              help="The language of the mail (the event's default language if not given).")
@click.option("--no-mail", is_flag=True, help="Do not mail the link; pass it on yourself.")
@with_appcontext
def delegations_focal_point(slug: str, code: str, name: str, email: str, language: str | None,
                            no_mail: bool) -> None:
    """Appoint a delegation's focal point and print their private link once (a link given before stops working)."""
    from delegates.common.exceptions import DomainError
    from delegates.extensions import db
    from delegates.registration import delegations
    from delegates.registration.participants import Actor

    event = event_or_fail(slug)
    try:
        delegation = delegations.delegation_for_country(event, code)
        token = delegations.appoint_focal_point(delegation, name, email, Actor(label="command line"),
                                                language=language)
    except DomainError as e:
        db.session.rollback()
        raise click.ClickException(e.message) from None
    db.session.commit()
    if not no_mail:
        delegations.mail_focal_point_link(delegation, token)
    click.echo(f"{delegation.focal_point_name} <{delegation.focal_point_email}> is the focal point of the "
               f"delegation of {delegation.name()} at {event.slug}."
               + ("" if no_mail else " The link was mailed to them."))
    click.echo(f"Their private link, shown once (they can have it mailed again from /e/{event.slug}/link):")
    click.echo(delegations.focal_point_url(token))


@delegations_group.command("list")
@click.option("--event", "slug", required=True, help="The event's slug, e.g. ga81.")
@with_appcontext
def delegations_list(slug: str) -> None:
    """Print every delegation: focal point, head, members against the quota, credentials."""
    from delegates.registration.delegations import delegation_summary

    event = event_or_fail(slug)
    rows = delegation_summary(event)
    header = ("Code", "Delegation", "Focal point", "Head", "Members", "Accredited", "Sent", "Received")
    lines = [header]
    for r in rows:
        quota = f"{r.size}/{r.quota}" if r.quota is not None else str(r.size)
        lines.append((
            r.code, r.name + (" (observer)" if r.kind == "observer" else ""),
            (r.focal_point_name or "") + ("" if r.has_link or not r.focal_point_name else " (no link)"),
            r.head or "", quota + (" full" if r.full else ""), str(r.accredited),
            event.local(r.credentials_sent_at).date().isoformat() if r.credentials_sent_at else "",
            event.local(r.credentials_received_at).date().isoformat() if r.credentials_received_at else "",
        ))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for line in lines:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())
    click.echo(f"{len(rows)} delegations.")


class Moment(click.ParamType):
    """A moment on the event's wall clock, "2012-10-31 18:00" (or "2012-10-31": midnight), or "none" to clear it."""

    name = "moment"
    CLEAR = "none"

    def convert(self, value, param, ctx):
        if isinstance(value, datetime) or value == self.CLEAR:
            return value
        text = str(value).strip()
        if text.lower() == self.CLEAR:
            return self.CLEAR
        try:
            moment = datetime.fromisoformat(text.replace("T", " "))
        except ValueError:
            self.fail(f"“{text}” is not a moment: write it 2012-10-31 18:00 (on the event's clock), or none.",
                      param, ctx)
        if moment.tzinfo is not None:  # read on the event's clock: an offset would be silently replaced
            self.fail(f"“{text}” has a UTC offset: write the time on the event's clock, without it "
                      "(2012-10-31 18:00).", param, ctx)
        return moment


@click.command("window")
@click.option("--event", "slug", required=True, help="The event's slug, e.g. ga81.")
@click.option("--opens", type=Moment(), help='When registration opens, on the event\'s clock: "2012-09-01 09:00", '
              'or "none" (open from now on).')
@click.option("--closes", type=Moment(), help='When registration closes: "2012-10-31 18:00", or "none".')
@click.option("--changes-close", type=Moment(),
              help='When participants and focal points can no longer correct or cancel a registration (the '
                   'registrar always can): "2012-11-02 18:00", or "none".')
@with_appcontext
def window_command(slug: str, opens, closes, changes_close) -> None:
    """Show, or set, an event's registration window and the moment changes close (on the event's clock).

    The rules are the settings page's: registration closes after it opens and before the event ends; changes close
    after registration opens. Nothing is changed when one is broken. Each change is in the audit log.
    """
    from delegates.admin.settings_services import event_values, update_event
    from delegates.registration.validation import FieldError

    event = event_or_fail(slug)
    wanted = {"registration_opens_at": opens, "registration_closes_at": closes, "changes_close_at": changes_close}
    wanted = {column: None if value == Moment.CLEAR else value for column, value in wanted.items() if value}
    if wanted:
        values = event_values(event)
        for column, value in wanted.items():
            setattr(values, column, value)
        try:
            changes = update_event(event, values, by=None)
        except FieldError as error:
            db.session.rollback()
            options = {"registration_opens_at": "--opens", "registration_closes_at": "--closes",
                       "changes_close_at": "--changes-close"}
            problems = [f"{options.get(e.field, e.field)}: {e.message}" for e in getattr(error, "errors", [error])]
            raise click.ClickException("Nothing was changed.\n" + "\n".join(problems)) from None
        db.session.commit()
        click.echo(f"Saved {len(changes)} change(s)." if changes else "Nothing was changed: the event has these "
                   "moments already.")
    click.echo(describe_window(event))


def describe_window(event) -> str:
    def moment(value) -> str:
        return event.local(value).strftime("%Y-%m-%d %H:%M") if value else ""

    lines = [f"{event.name} ({event.slug}), on the event's clock ({event.timezone}):"]
    lines.append(f"  registration opens:  {moment(event.registration_opens_at) or 'not set (open already)'}")
    lines.append(f"  registration closes: {moment(event.registration_closes_at) or 'not set (open until the event)'}")
    lines.append(f"  changes close:       {moment(event.changes_close_at) or 'not set (always open)'}")
    lines.append(f"Registration is {'open' if event.registration_open() else 'closed'} now; participants and focal "
                 f"points {'can' if event.changes_open() else 'can no longer'} correct or cancel registrations.")
    return "\n".join(lines)


COMMANDS = [export_command, import_command, delegations_group, window_command]
