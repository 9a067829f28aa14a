"""Browser tests: the real application served on loopback, driven by Debian's Chromium through Playwright.

- ``server`` (one per run): the app on a free loopback port (werkzeug, threaded) over a SQLite file in a
  temporary folder holding the demo event ``ga81``; mail goes to an outbox there, photos too.
- ``browser`` (one per run): headless Chromium at /usr/bin/chromium (or $CHROMIUM_PATH). Never
  ``playwright install``: it downloads a browser of its own, which cannot work here.
- ``page``: a new browser context (no cookies) and a page in it, for each test; ``open_page()`` opens another
  one (a second person); ``expect`` is Playwright's; ``field(page, label)`` finds a control by its label.
- ``assert_accessible(page)``: axe-core (vendored by the PyPI package ``axe-playwright-python``) runs in the page;
  any violation of impact "serious" or "critical" fails the test with its id, help and the elements concerned.

Without Chromium, Playwright or axe the tests are skipped, with a message saying how to get them, except in CI
(``CI=true``), where they fail: CI must never pass on browser tests that did not run.
"""
from __future__ import annotations

import itertools
import logging
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from delegates import create_app
from delegates.extensions import db

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))  # Debian's; elsewhere set CHROMIUM_PATH
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
IN_CI = os.environ.get("CI") == "true"
SLUG = "ga81"
PASSWORD = "correct horse battery staple"
# what axe reports and the tests refuse; "minor" and "moderate" findings are left to review
REFUSED_IMPACTS = ("serious", "critical")
EXPECT_TIMEOUT_MS = 10_000
PEOPLE = itertools.count(1)  # numbers the addresses of people registered by ``registered``, unique in a run


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives the real app in headless Chromium (tests/browser)")


def unavailable(reason: str, how: str):
    """Skip (on a developer's machine) or fail (in CI) because a tool the browser tests need is missing."""
    message = f"{reason}: {how}"
    if IN_CI:
        pytest.fail(f"{message} (CI=true: browser tests must run in CI)", pytrace=False)
    pytest.skip(message)


# -- the application ------------------------------------------------------------------------------------------

@dataclass
class Server:
    app: object
    base_url: str
    slug: str = SLUG  # the demo event's

    def url(self, path: str) -> str:
        return self.base_url + path

    def run(self, work):
        """``work()`` inside an application context; committed afterwards. Returns what it returns."""
        with self.app.app_context():
            result = work()
            db.session.commit()
            return result

    def translate(self, text: str, lang: str, **variables) -> str:
        """``text`` as the page shows it in ``lang`` (the app's own catalogue, so labels are looked up as
        a person reads them, before and after the translators' work)."""
        from flask_babel import gettext

        with self.app.test_request_context(f"/?lang={lang}"):
            return gettext(text, **variables)


def buffered(app):
    """The app with each response read whole before the server writes it.

    Werkzeug's development server closes a response's iterator only when the client stayed to the end: when the
    browser drops a connection mid-answer (it navigates on while a stylesheet still loads), the file behind a
    static response is left open, and its ResourceWarning fails whichever test is running. gunicorn, which
    serves the app for real, closes it either way.
    """

    def wsgi(environ, start_response):
        iterable = app(environ, start_response)
        try:
            return [b"".join(iterable)]
        finally:
            if hasattr(iterable, "close"):
                iterable.close()

    return wsgi


@pytest.fixture(scope="session")
def server(tmp_path_factory, browser) -> Server:
    """The application on a free loopback port with the demo event, for the whole run.

    Depends on ``browser`` so that without Chromium nothing is built before the skip.
    """
    from werkzeug.serving import make_server

    from delegates.demo import load_demo

    folder = tmp_path_factory.mktemp("browser-server")
    app = create_app({
        "TESTING": True, "SECRET_KEY": "browser-tests", "WTF_CSRF_ENABLED": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'delegates.sqlite'}",
        "MAIL_SERVER": None, "MAIL_OUTBOX": str(folder / "outbox"), "PHOTO_FOLDER": str(folder / "photos"),
    })
    with app.app_context():
        db.create_all()
        load_demo(SLUG)
        db.session.commit()
    quiet = logging.getLogger("werkzeug")
    level = quiet.level
    quiet.setLevel(logging.WARNING)  # one line per request would drown a failure's output
    http = make_server("127.0.0.1", 0, buffered(app), threaded=True)
    thread = threading.Thread(target=http.serve_forever, name="browser-tests-server", daemon=True)
    thread.start()
    try:
        yield Server(app=app, base_url=f"http://127.0.0.1:{http.server_port}")
    finally:
        http.shutdown()
        thread.join(timeout=10)
        http.server_close()
        quiet.setLevel(level)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


# -- the browser ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("The Python package playwright is not installed", "pip install -e '.[test]'")
    if not CHROMIUM.exists():
        unavailable(f"Chromium is not installed at {CHROMIUM}", "apt-get install chromium")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except PlaywrightError as error:
            unavailable(f"Chromium at {CHROMIUM} did not start ({str(error).splitlines()[0]})",
                        "apt-get install --reinstall chromium")
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def expect(browser):
    """Playwright's ``expect`` (a fixture, so that without Playwright the tests skip, or fail in CI)."""
    from playwright.sync_api import expect

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    return expect


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so that ``page`` knows whether to take a screenshot."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def open_page(request, browser, server, tmp_path):
    """``open_page()``: a page in a new browser context (its own cookies); a screenshot of each is saved in the
    test's tmp_path when the test fails."""
    contexts = []

    def new_page(**options):
        options = {"viewport": {"width": 1280, "height": 900}, **options}  # a phone's, when a test asks
        context = browser.new_context(base_url=server.base_url, **options)
        context.set_default_timeout(EXPECT_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield new_page
    failed = getattr(request.node, "report_call", None)
    for n, context in enumerate(contexts):
        if failed is not None and failed.failed:
            for m, shown in enumerate(context.pages):
                picture = tmp_path / f"failure-{n}-{m}.png"
                shown.screenshot(path=str(picture), full_page=True)
                print(f"screenshot of {shown.url}: {picture}")
        context.close()


@pytest.fixture
def page(open_page):
    """A page in a fresh browser context: a visitor with no cookies."""
    return open_page()


@pytest.fixture
def field():
    """``field(page, "Given name")``: the control whose label reads that, with or without the required mark (*)."""

    def find(page, label: str):
        return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}(\s*\*)?\s*$"))

    return find


# -- accessibility --------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def axe():
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        unavailable("The Python package axe-playwright-python (axe-core) is not installed",
                    "pip install -e '.[test]'")
    return Axe()


def violations_report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} — {v.get('helpUrl', '')}")
        for node in v["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node.get('failureSummary', '').strip()}"
                         .replace("\n", " "))
    return "\n".join(lines)


@pytest.fixture
def assert_accessible(axe):
    """``assert_accessible(page)``: axe-core finds no serious or critical violation on the page as it is now."""

    def check(page) -> list[dict]:
        results = axe.run(page).response
        refused = [v for v in results["violations"] if v["impact"] in REFUSED_IMPACTS]
        if refused:
            pytest.fail(f"axe-core {results.get('testEngine', {}).get('version', '')} finds {len(refused)} "
                        f"serious or critical violation(s) on {page.url}:\n{violations_report(refused)}",
                        pytrace=False)
        return results["violations"]

    return check


# -- people ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def photo_file(tmp_path_factory) -> Path:
    """A passport-style JPEG made with Pillow: a face-coloured oval on a light background."""
    from PIL import Image, ImageDraw

    path = tmp_path_factory.mktemp("photos") / "portrait.jpg"
    image = Image.new("RGB", (600, 800), (226, 232, 240))
    draw = ImageDraw.Draw(image)
    draw.ellipse((170, 150, 430, 480), fill=(214, 170, 140))
    draw.rectangle((120, 520, 480, 800), fill=(30, 60, 110))
    image.save(path, "JPEG", quality=90)
    return path


@pytest.fixture
def registered(server, photo_file):
    """``registered(given, family, country, email=..., photo=False)``: a person registered through the same
    function as the form; returns (participant id, private token)."""
    def make(given: str, family: str, country: str, *, email: str | None = None, category: str = "Delegate",
             photo: bool = False, lang: str = "en") -> tuple[int, str]:
        from sqlalchemy import select

        from delegates.registration import participants, photos
        from delegates.registration.models import Event

        def work():
            event = db.session.scalar(select(Event).where(Event.slug == SLUG))
            data = participants.Registration(
                given_name=given, family_name=family, country=country, category=category, ui_language=lang,
                email=email or f"browser-{next(PEOPLE)}-{country.lower()}@example.org",
            )
            if photo:
                with photo_file.open("rb") as stream:
                    data.photo_filename = photos.store_photo(stream)
            participant, token = participants.register(event, data, via="web")
            return participant.id, token

        return server.run(work)

    return make


@pytest.fixture(scope="session")
def registrar(server) -> tuple[str, str]:
    """A registrar's account: (email, password)."""
    from delegates.admin.services import create_organiser

    email = "registrar@interpol.example.org"
    server.run(lambda: create_organiser(email, PASSWORD, ["registrar"], name="Registrar"))
    return email, PASSWORD


@pytest.fixture
def log_in(server):
    """``log_in(page, email, password, lang="en")``: the organisers' login form, filled in as a person does."""

    def submit(page, email: str, password: str, lang: str = "en") -> None:
        page.goto(f"/admin/login?lang={lang}")
        page.get_by_label(server.translate("Email", lang)).fill(email)
        page.get_by_label(server.translate("Password", lang)).fill(password)
        page.get_by_role("button", name=server.translate("Log in", lang)).click()
        page.wait_for_url(lambda url: "/admin/login" not in url)

    return submit
