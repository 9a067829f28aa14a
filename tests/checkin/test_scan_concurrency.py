"""Twenty doors read one badge at the same moment: one attendance, one ``admitted``, the others ``already``.

Each scan runs in a thread of its own, with its own application context, database session and connection,
as the app server's threads (or processes) do; on a SQLite file and on PostgreSQL.
"""
from __future__ import annotations

import threading
from collections import Counter

from sqlalchemy import func, select

from delegates.admin.models import ApiToken
from delegates.checkin import services
from delegates.checkin.models import Attendance, Scan
from delegates.extensions import db
from delegates.registration.models import Event

DOORS = 20


def scan_at_once(app, event_id: int, code: str, token_ids: list[int], place: str = "entrance",
                 keys: list[str | None] | None = None) -> Counter:
    start = threading.Barrier(len(token_ids))
    answers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    keys = keys or [None] * len(token_ids)

    def door(token_id: int, key: str | None) -> None:
        with app.app_context():
            try:
                event = db.session.get(Event, event_id)
                token = db.session.get(ApiToken, token_id)
                db.session.commit()  # what a request has read before it scans: nothing held
                start.wait()
                answer = services.scan(event, code, place, device=token, idempotency_key=key)
                db.session.commit()
                with lock:
                    answers.append(answer.result)
            except BaseException as error:  # noqa: BLE001  reported by the test below
                with lock:
                    errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=door, args=(t, k)) for t, k in zip(token_ids, keys, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a scan never finished"
    assert not errors, errors
    return Counter(answers)


def test_twenty_doors_reading_one_badge_at_once_make_one_attendance(app, event, badge, device, count_rows):
    b = badge()
    doors = [device(name=f"Door {n}")[0] for n in range(DOORS)]

    answers = scan_at_once(app, event.id, b.code, doors)

    assert answers == Counter({"admitted": 1, "already": DOORS - 1})
    assert count_rows(Attendance) == 1
    assert count_rows(Scan, result="admitted") == 1
    with app.app_context():
        devices = db.session.scalar(select(func.count(func.distinct(Scan.device_token_id))))
    assert devices == DOORS  # every reading is recorded with its device


def test_twenty_retries_of_one_reading_at_once_record_it_once(app, event, badge, device, count_rows):
    b = badge()
    doors = [device(name="Door 1")[0]] * DOORS

    answers = scan_at_once(app, event.id, b.code, doors, keys=["door1-42"] * DOORS)

    assert answers == Counter({"admitted": DOORS})
    assert count_rows(Scan) == 1
    assert count_rows(Attendance) == 1


def test_twenty_devices_posting_one_badge_to_the_api_at_once_get_one_admitted(app, event, badge, device,
                                                                            count_rows):
    b = badge()
    tokens = [device(name=f"Phone {n}")[1] for n in range(DOORS)]
    start = threading.Barrier(DOORS)
    answers: list[tuple[int, str]] = []
    lock = threading.Lock()

    def post(token: str) -> None:
        client = app.test_client()
        start.wait()
        response = client.post(f"/api/v1/events/{event.slug}/scans", json={"code": b.code, "place": "entrance"},
                               headers={"Authorization": f"Bearer {token}"})
        with lock:
            answers.append((response.status_code, (response.get_json() or {}).get("result")))

    threads = [threading.Thread(target=post, args=(t,)) for t in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a request never finished"

    assert Counter(answers) == Counter({(200, "admitted"): 1, (200, "already"): DOORS - 1})
    assert count_rows(Attendance) == 1
    assert count_rows(Scan) == DOORS
