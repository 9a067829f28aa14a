"""gunicorn.conf.py serves the app with several workers and an access log that keeps no query and no token."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310  (a loopback URL of ours)
            return response.status
    except urllib.error.HTTPError as e:
        return e.code


@pytest.mark.parametrize("app", ["sqlite"], indirect=True)
def test_gunicorn_serves_with_its_config_and_logs_no_query_or_token(app, tmp_path):
    port = free_port()
    log = tmp_path / "access.log"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN_", "WEB_CONCURRENCY"))},
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": "gunicorn-test",
        "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2", "GUNICORN_ACCESS_LOG": str(log),
        "GUNICORN_ERROR_LOG": str(tmp_path / "error.log"), "REDIS_URL": "",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "delegates:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if get(f"{base}/healthz") == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, (tmp_path / "error.log").read_text()
            assert time.monotonic() < deadline, "gunicorn did not answer within 30 s"
            time.sleep(0.3)
        token = "Zx9SecretPrivateToken_abcdefghijklmnop"
        assert get(f"{base}/me/{token}?lang=fr") == 404
        assert get(f"{base}/admin/login?next=/admin/e/ga81/participants%3Fq%3DKolokoltsev") == 200
        assert get(f"{base}/e/nothing/?email=someone@example.org") == 404
        time.sleep(0.5)  # the access log is written after the response
        lines = log.read_text().splitlines()
    finally:
        server.terminate()
        server.wait(timeout=30)
    errors = (tmp_path / "error.log").read_text()
    assert errors.count("Booting worker") == 2
    assert any('"GET /admin/login HTTP/1.1" 200' in line for line in lines), lines
    assert any('"GET /me/… HTTP/1.1" 404' in line for line in lines), lines
    text = "\n".join(lines)
    for secret in (token, "Kolokoltsev", "someone@example.org", "next=", "lang=fr", "?"):
        assert secret not in text, f"{secret!r} is in the access log"
