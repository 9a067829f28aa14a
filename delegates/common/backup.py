"""Back up and restore the whole database: SQLite through its online backup API, PostgreSQL through
``pg_dump -Fc`` / ``pg_restore``.

Both work while the app runs: SQLite's backup API copies a consistent snapshot page by page (WAL
included), and ``pg_dump`` reads one transaction's snapshot.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import inspect, text
from sqlalchemy.engine import URL, Engine

from delegates.common.exceptions import DomainError

SQLITE_HEADER = b"SQLite format 3\x00"
POSTGRESQL_ARCHIVE_HEADER = b"PGDMP"
# a database holding a row in one of these is not empty: restoring over it needs --force
TABLES_THAT_MAKE_IT_NON_EMPTY = ("event", "participant", "organiser")


class BackupError(DomainError):
    """A backup or a restore cannot be done as asked."""


def backup(engine: Engine, path: Path) -> str:
    """Write a backup of the database into ``path`` (atomically); returns a sentence saying what was written."""
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    partial.unlink(missing_ok=True)
    try:
        if engine.dialect.name == "sqlite":
            _sqlite_backup(_sqlite_file(engine.url), partial)
        else:
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(partial)],
                 engine.url)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    return f"Backed up the {engine.dialect.name} database to {path} ({path.stat().st_size:,} bytes)."


def restore(engine: Engine, path: Path, force: bool = False) -> str:
    """Replace the database's content with the backup in ``path``; refuses a non-empty database unless ``force``."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no backup file {path}.")
    kind = "sqlite" if engine.dialect.name == "sqlite" else "postgresql"
    _check_kind(path, kind)
    if not force:
        reason = _not_empty(engine)
        if reason:
            raise BackupError(f"The database is not empty ({reason}): restoring would replace it. "
                              "Back it up first, then run the restore again with --force.")
    engine.dispose()  # no pooled connection keeps the old content or a lock
    if kind == "sqlite":
        _check_sqlite_integrity(path, f"The backup {path}")
        target = _sqlite_file(engine.url)
        _sqlite_backup(path, target)
        _check_sqlite_integrity(target, "The restored database")
    else:
        _run(["pg_restore", "--list", str(path)], engine.url, capture=True)  # reads the whole table of contents
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
              "--exit-on-error", "--dbname", engine.url.database or "", str(path)], engine.url)
    engine.dispose()
    return f"Restored {path} into the {engine.dialect.name} database. Run `delegates db upgrade` next."


# -- SQLite ----------------------------------------------------------------------------------------------------

def _sqlite_file(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
    return Path(url.database)


def _sqlite_backup(source: Path, target: Path) -> None:
    """Copy ``source`` into ``target`` with SQLite's online backup API (consistent even while others write)."""
    if not Path(source).is_file():
        raise BackupError(f"There is no SQLite database at {source}.")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(target, timeout=30)
    try:
        src.backup(dst, pages=1024)
    finally:
        dst.close()
        src.close()


def _check_sqlite_integrity(path: Path, what: str) -> None:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = [row[0] for row in connection.execute("PRAGMA integrity_check").fetchall()]
        broken = [row[0] for row in connection.execute("PRAGMA foreign_key_check").fetchall()]
    except sqlite3.DatabaseError as e:
        raise BackupError(f"{what} is not a readable SQLite database: {e}.") from None
    finally:
        connection.close()
    if rows != ["ok"]:
        raise BackupError(f"{what} fails SQLite's integrity check: {'; '.join(rows[:5])}.")
    if broken:
        raise BackupError(f"{what} has rows that point to missing rows (tables {', '.join(sorted(set(broken)))}).")


# -- both ------------------------------------------------------------------------------------------------------

def _check_kind(path: Path, kind: str) -> None:
    with path.open("rb") as f:
        head = f.read(16)
    if kind == "sqlite" and not head.startswith(SQLITE_HEADER):
        what = "a PostgreSQL archive" if head.startswith(POSTGRESQL_ARCHIVE_HEADER) else "not a SQLite database"
        raise BackupError(f"{path} is {what}; this installation runs on SQLite.")
    if kind == "postgresql" and not head.startswith(POSTGRESQL_ARCHIVE_HEADER):
        what = "a SQLite database" if head.startswith(SQLITE_HEADER) else "not a pg_dump archive (-Fc)"
        raise BackupError(f"{path} is {what}; this installation runs on PostgreSQL.")


def _not_empty(engine: Engine) -> str | None:
    """Why the database counts as holding data, or None when it holds none worth keeping."""
    with engine.connect() as connection:
        present = set(inspect(connection).get_table_names())
        for table in TABLES_THAT_MAKE_IT_NON_EMPTY:
            if table in present:
                count = connection.scalar(text(f'SELECT count(*) FROM "{table}"'))  # noqa: S608  (a fixed name)
                if count:
                    return f"{count} rows in {table}"
    return None


# -- PostgreSQL's tools ----------------------------------------------------------------------------------------

def _libpq_environment(url: URL) -> dict[str, str]:
    """The connection as libpq variables: the password never appears on a command line (ps would show it)."""
    env = dict(os.environ)
    for variable, value in (("PGHOST", url.host), ("PGPORT", url.port), ("PGUSER", url.username),
                            ("PGPASSWORD", url.password), ("PGDATABASE", url.database)):
        if value is not None:
            env[variable] = str(value)
    return env


def _run(command: list[str], url: URL, capture: bool = False) -> str:
    tool = shutil.which(command[0])
    if tool is None:
        raise BackupError(f"{command[0]} is not installed here. Install PostgreSQL's client tools of the server's "
                          "major version (Debian: apt-get install postgresql-client) and run this again.")
    done = subprocess.run([tool, *command[1:]], env=_libpq_environment(url),  # noqa: S603  (our own arguments)
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(f"{command[0]} failed: {' / '.join(detail[-3:]) or f'exit status {done.returncode}'}")
    return done.stdout


# -- the commands ----------------------------------------------------------------------------------------------

@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(file: Path) -> None:
    """Back up the whole database into FILE (SQLite: a database file; PostgreSQL: a pg_dump -Fc archive)."""
    from delegates.extensions import db

    try:
        click.echo(backup(db.engine, file))
    except BackupError as e:
        raise click.ClickException(e.message) from None


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that holds data already.")
@with_appcontext
def restore_command(file: Path, force: bool) -> None:
    """Replace the database's content with the backup in FILE (stop the app servers and workers first)."""
    from delegates.extensions import db

    db.session.remove()
    try:
        click.echo(restore(db.engine, file, force=force))
    except BackupError as e:
        raise click.ClickException(e.message) from None


COMMANDS = [backup_command, restore_command]
