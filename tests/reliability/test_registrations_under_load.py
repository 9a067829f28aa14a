"""A thousand people on the public form at once while the registrar imports a file: every badge number once.

Real HTTP against gunicorn (four sync workers, separate processes) and the import command in a third process,
all writing to the same database at the same time; on SQLite and on PostgreSQL.
"""
from __future__ import annotations

import csv
import io
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from served import (
    ROOT,
    count,
    csrf_of,
    database_is_consistent,
    post_form,
    registration_fields,
    request,
    run_together,
)

from delegates.registration.exports import COLUMNS

CLIENTS = 1000
EACH = 2  # registrations per client
IMPORTED = 1000
# a request may wait behind a thousand others in the listen queue
LONG_WAIT = 300
DELEGATES = Path(sys.executable).parent / "delegates"


def participants_file(rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    for n in range(rows):
        writer.writerow({"given_name": "Giulia", "family_name": f"Importata {n}", "country": "ITA",
                         "category": "Delegate", "email": f"imported-{n}@example.org"})
    return out.getvalue().encode()


def register_at_once(port: int, slug: str, category_id: int, clients: int, each: int) -> Counter:
    """``clients`` threads, each a browser of its own: it opens a session, then registers ``each`` people.

    The session and its CSRF token come from the login page, the lightest page with a form (the token is the
    session's, good for every form): the test loads the registrations, not 249 country names."""
    answers: Counter = Counter()
    lock = threading.Lock()
    path = f"/e/{slug}/register"

    def client(c: int) -> None:
        got = []
        try:
            page = request(port, "GET", "/admin/login", timeout=LONG_WAIT)
            csrf, cookie = csrf_of(page.body), page.cookie()
            for k in range(each):
                n = c * each + k
                answer = post_form(port, path, registration_fields(csrf, f"person-{n}@example.org", category_id, n),
                                   cookie, timeout=LONG_WAIT)
                got.append(answer.status)
        except OSError as error:
            got.append(type(error).__name__)
        with lock:
            answers.update(got)

    run_together([threading.Thread(target=client, args=(c,)) for c in range(clients)], "a client")
    return answers


def test_two_thousand_registrations_and_an_import_at_once_get_three_thousand_distinct_badge_numbers(
        app, event, serve, tmp_path):
    file = tmp_path / "participants.csv"
    file.write_bytes(participants_file(IMPORTED))
    # four workers: on PostgreSQL a worker waits on the server's processes, and two would leave the cores idle
    with serve(workers=4) as server:
        started = time.monotonic()
        importer = subprocess.Popen([str(DELEGATES), "import", str(file), "--event", event.slug], cwd=ROOT,
                                    env=server.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            answers = register_at_once(server.port, event.slug, event.categories["Delegate"], CLIENTS, EACH)
            output, _ = importer.communicate(timeout=120)
        finally:
            importer.kill()
        seconds = time.monotonic() - started

    assert answers == Counter({303: CLIENTS * EACH}), (answers, server.errors())
    assert importer.returncode == 0, output
    assert f"{IMPORTED}" in output
    total = CLIENTS * EACH + IMPORTED
    assert count(app, "SELECT count(*) FROM participant") == total
    assert count(app, "SELECT count(DISTINCT badge_number) FROM participant") == total
    assert count(app, "SELECT max(badge_number) FROM participant") == total  # no number lost either
    assert count(app, "SELECT count(*) FROM participant WHERE email LIKE 'imported-%'") == IMPORTED
    assert database_is_consistent(app) == []
    print(f"{total} participants in {seconds:.1f} s")
