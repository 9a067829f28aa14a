"""Delegates served by a real gunicorn on 127.0.0.1, on the database of the ``app`` fixture; plain HTTP clients.

The tests here treat the app as a black box behind a socket, as a browser, a door device or an integration do:
separate processes, real connections, real signals. Every server is started for one test and stopped by its
process id; every request has a timeout.
"""
from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from delegates.extensions import db

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
HOST = "127.0.0.1"
REQUEST_TIMEOUT = 60
# settings of the caller's environment that would send mail elsewhere or share state with other runs
DROPPED = ("MAIL_SERVER", "REDIS_URL", "RATELIMIT_STORAGE_URI", "DATABASE_URL", "PUBLIC_URL")


def run_together(threads: list[threading.Thread], what: str = "a request") -> None:
    """Start every thread, then wait for all (three minutes at the most); fail when one never finished."""
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not any(thread.is_alive() for thread in threads), f"{what} never finished"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str

    def cookie(self) -> str:
        found = re.match(r"([^=;]+=[^;]*)", self.headers.get("set-cookie", ""))
        return found.group(1) if found else ""


def request(port: int, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None,
            timeout: float = REQUEST_TIMEOUT) -> Answer:
    """One HTTP request on a new connection (gunicorn's sync workers close it after each answer)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()},
                      response.read().decode("utf-8", "replace"))
    finally:
        connection.close()


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"', page)
    assert found, "the page holds no CSRF token"
    return found.group(1) or found.group(2)


def post_form(port: int, path: str, fields: dict | list, cookie: str, **options) -> Answer:
    return request(port, "POST", path, body=urllib.parse.urlencode(fields, doseq=True).encode(),
                   headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}, **options)


class Server:
    """``gunicorn 'delegates:create_app(...)'`` in the background, stopped by its process id."""

    def __init__(self, app, folder: Path, *, workers: int = 2, timeout: int = 30, settings: dict | None = None):
        self.port = free_port()
        self.folder = folder
        self.log = folder / f"gunicorn-{self.port}.log"
        settings = {"RATELIMIT_ENABLED": False, "MAIL_OUTBOX": str(folder / "outbox"),
                    "PHOTO_FOLDER": str(folder / "photos"), **(settings or {})}
        self.env = {k: v for k, v in os.environ.items() if k not in DROPPED}
        self.env.update(DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], SECRET_KEY=app.config["SECRET_KEY"])
        self.command = [str(GUNICORN), "-w", str(workers), "-b", f"{HOST}:{self.port}", "--backlog", "2048",
                        "--timeout", str(timeout), "--graceful-timeout", "3",
                        # the app is built once and forked: workers start (and come back after a kill) at once
                        "--preload", "--log-level", "warning",
                        f"delegates:create_app({settings!r})"]
        self.process: subprocess.Popen | None = None

    def start(self) -> Server:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env, stdout=log, stderr=log)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"gunicorn stopped at start:\n{self.log.read_text()[-3000:]}"
            try:
                if request(self.port, "GET", "/healthz", timeout=5).status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise AssertionError(f"gunicorn did not answer in 30 s:\n{self.log.read_text()[-3000:]}")

    def workers(self) -> list[int]:
        """The process ids of the master's workers, from /proc."""
        found = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                if f"\nPPid:\t{self.process.pid}\n" in status.read_text():
                    found.append(int(status.parent.name))
            except OSError:
                continue
        return found

    def stop(self, sig: int = signal.SIGINT) -> None:
        """Stop the server: a quick shutdown (SIGINT) by default, as every test has had all its answers before it
        stops the server; SIGTERM for gunicorn's graceful one."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def errors(self) -> list[str]:
        """The last line of every traceback in the server's log (what went wrong, for a failing test's message)."""
        lines = self.log.read_text(errors="replace").splitlines()
        return [line for i, line in enumerate(lines) if re.match(r"\w[\w.]*(Error|Exception)\b", line)
                and i > 0 and lines[i - 1].startswith(" ")]

    def get(self, path: str, **headers) -> Answer:
        return request(self.port, "GET", path, headers=headers)


def registration_fields(csrf: str, email: str, category_id: int, n: int) -> dict:
    """What a browser sends for one person on the public form (the photo left out)."""
    countries = ["ITA", "FRA", "POL", "JPN", "EGY", "BRA", "KEN", "VNM"]
    given = ["Łukasz", "Nguyễn Văn", "Владимир", "عبد الله", "小洪", "José", "Ngozi", "Søren"]
    return {"csrf_token": csrf, "title": "", "given_name": given[n % len(given)], "family_name": f"Tester {n}",
            "badge_name": "", "country": countries[n % len(countries)], "category": str(category_id),
            "function": "Adviser", "organisation": "NCB", "email": email, "phone": "",
            "ui_language": "en", "interpretation_language": "", "dietary": "none", "dietary_other": "",
            "accessibility": "", "hotel": "", "submit": "Register"}


def count(app, sql: str, **params) -> int:
    with app.app_context():
        value = db.session.scalar(text(sql), params)
        db.session.remove()
        return value


def database_is_consistent(app) -> list[str]:
    """The database's own check of its files and indexes, and our invariants; returns what is wrong."""
    wrong: list[str] = []
    with app.app_context():
        dialect = db.engine.dialect.name
        with db.engine.connect() as connection:
            if dialect == "sqlite":
                result = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
                if result != ["ok"]:
                    wrong += result
                wrong += [f"foreign key: {row}" for row in connection.exec_driver_sql("PRAGMA foreign_key_check")]
            else:
                # amcheck verifies every B-tree index of ours against its table (contrib, shipped with the server)
                connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS amcheck")
                indexes = connection.exec_driver_sql(
                    "SELECT c.oid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                    "JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE a.amname = 'btree' AND n.nspname = current_schema()").scalars().all()
                for index in indexes:
                    try:
                        connection.execute(text("SELECT bt_index_check(CAST(:i AS regclass), true)"), {"i": index})
                    except Exception as error:  # noqa: BLE001  reported with the others
                        wrong.append(f"index {index}: {error}")
                        connection.rollback()
                connection.commit()
            duplicates = connection.exec_driver_sql(
                "SELECT event_id, badge_number FROM participant WHERE badge_number IS NOT NULL "
                "GROUP BY event_id, badge_number HAVING count(*) > 1").all()
            wrong += [f"badge number {n} given twice in event {e}" for e, n in duplicates]
            behind = connection.exec_driver_sql(
                "SELECT e.id FROM event e JOIN participant p ON p.event_id = e.id "
                "GROUP BY e.id, e.last_badge_number HAVING max(p.badge_number) > e.last_badge_number").all()
            wrong += [f"event {e}: the badge counter is behind the numbers given" for (e,) in behind]
        db.session.remove()
    return wrong
