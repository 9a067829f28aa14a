"""An organiser's walk through the event's pages, in English and in Arabic, in real Chromium.

An administrator logs in through the form, opens the event from the list of events, finds people by names typed
without accents or in Latin letters, opens one, then follows every link of the organiser navigation (read from the
page, so that a page added to the navigation is walked too) and the pages those hubs lead to: each logistics
sheet, each settings tab, the mail form, a speakers' list. Each page must answer 200 with its heading visible,
without a console error, a Content-Security-Policy violation, a script error or a failed request; axe-core must
find no serious or critical violation on it.

One browser context, logged in once, serves the whole module; each language is walked once and its findings are
shared by the tests that read them.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from delegates.extensions import db
from tests.browser.conftest import EXPECT_TIMEOUT_MS, PASSWORD, REFUSED_IMPACTS, violations_report

pytestmark = pytest.mark.browser

ADMIN_EMAIL = "walker@interpol.example.org"
# a person registered in Cyrillic only (no Latin name on the badge either): found by "Belousova"
CYRILLIC = ("Ксения", "Белоусова", "RUS")
# the pages DESIGN.md names under /admin/e/<slug>/: they must be in the navigation
DESIGNED = ("", "participants", "programme", "badges", "checkin", "ministers", "declaration", "logistics")
# pages the navigation's pages lead to, walked with them: the links under a selector whose path (relative to the
# event's) matches a pattern, all of them or the first few
HUB_LINKS = {
    "participants": ("main a", re.compile(r"^participants/\d+$"), 1),  # a person
    "delegations": ("main a", re.compile(r"^delegations/\d+$"), 1),  # a delegation
    "programme": ("main a", re.compile(r"^programme/sessions/\d+$"), 1),  # a session
    "logistics": ("main a", re.compile(r"^logistics/[a-z]+$"), None),  # each sheet; not its .csv or .pdf
    "settings": ("main nav a", re.compile(r"."), None),  # its tabs, organiser accounts among them
    "mailings": ("main a", re.compile(r"^mail$"), None),  # the form to write to participants
    "ministers": ("main a", re.compile(r"^speakers/\d+$"), 1),  # a plenary's speakers' list
}
# set WALK_SCREENSHOTS=/some/folder to keep a picture of each page walked
SCREENSHOTS = os.environ.get("WALK_SCREENSHOTS")


# -- data and session -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def administrator(server) -> str:
    """An administrator's account, one change in the audit log, and a person whose name is in Cyrillic only."""
    from sqlalchemy import select

    from delegates.admin.services import create_organiser
    from delegates.registration import participants
    from delegates.registration.models import Event, Participant

    def work():
        admin = create_organiser(ADMIN_EMAIL, PASSWORD, ["admin"], name="Walker")
        event = db.session.scalar(select(Event).where(Event.slug == server.slug))
        actor = participants.Actor.of(admin)
        given, family, country = CYRILLIC
        participants.register(event, participants.Registration(
            given_name=given, family_name=family, badge_name=f"{given} {family}", country=country,
            category="Delegate", ui_language="en", email="k.belousova@mvd.example.ru",
        ), via="admin", actor=actor, public=False)
        waiting = db.session.scalar(select(Participant).where(Participant.event_id == event.id,
                                                              Participant.status == "submitted").limit(1))
        participants.accredit(waiting, actor=actor)

    server.run(work)
    return ADMIN_EMAIL


@dataclass
class Troubles:
    """What went wrong in the browser while a page was shown: console errors (CSP violations among them),
    uncaught script errors, failed requests and answers of 400 or more."""
    found: list[str] = field(default_factory=list)

    def watch(self, page) -> None:
        page.on("console", lambda m: self.found.append(f"console {m.type}: {m.text} ({m.location.get('url')})")
                if m.type in ("error", "assert") else None)
        page.on("pageerror", lambda e: self.found.append(f"script error: {e}"))
        page.on("requestfailed", self._failed)
        page.on("response", lambda r: self.found.append(f"HTTP {r.status}: {r.request.method} {r.url}")
                if r.status >= 400 else None)

    def _failed(self, request) -> None:
        # the browser fetches the favicon on its own, outside the page's load event: going on to the next page
        # cancels it (net::ERR_ABORTED), which says nothing about the page
        if request.url.endswith("/favicon.svg") and "ERR_ABORTED" in (request.failure or ""):
            return
        self.found.append(f"request failed: {request.method} {request.url} ({request.failure})")

    def take(self) -> list[str]:
        found, self.found = self.found, []
        return found


@dataclass
class Session:
    page: object
    troubles: Troubles
    landed_on: str  # where the login form led


@pytest.fixture(scope="module")
def session(browser, server, administrator, axe) -> Session:
    """One browser context for the module, logged in through the organisers' form; axe-core is in its pages."""
    context = browser.new_context(base_url=server.base_url, viewport={"width": 1280, "height": 900})
    context.add_init_script(axe.axe_script)
    context.set_default_timeout(EXPECT_TIMEOUT_MS)
    page = context.new_page()
    troubles = Troubles()
    troubles.watch(page)
    page.goto("/admin/login?lang=en")
    page.get_by_label("Email").fill(administrator)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/admin/login" not in url)
    try:
        yield Session(page=page, troubles=troubles, landed_on=urlsplit(page.url).path)
    finally:
        context.close()


# -- the walk -------------------------------------------------------------------------------------------------

@dataclass
class Visit:
    path: str
    status: int | None
    heading: str
    heading_visible: bool
    lang: str
    direction: str
    troubles: list[str]
    violations: list[dict]

    def problems(self, lang: str) -> list[str]:
        wrong = []
        if self.status != 200:
            wrong.append(f"answers {self.status}")
        if not (self.heading and self.heading_visible):
            wrong.append(f"no visible heading (h1: {self.heading!r})")
        if self.lang != lang:
            wrong.append(f"<html lang={self.lang!r}>")
        if self.direction != ("rtl" if lang == "ar" else "ltr"):
            wrong.append(f"<html dir={self.direction!r}>")
        wrong.extend(self.troubles)
        return wrong


def admin_paths(hrefs: list[str], base: str) -> list[str]:
    """The paths of the links that stay in the organisers' space, in page order, each once."""
    paths = []
    for href in hrefs:
        url = urlsplit(href)
        if href.startswith(base) and url.path.startswith("/admin/") and url.path not in paths:
            paths.append(url.path)
    return paths


def show(page, path: str, lang: str):
    return page.goto(f"{path}?lang={lang}", wait_until="load")


# What a person sees: the first heading (and whether it shows), the page's language and direction, and where the
# links under a selector lead.
SEEN = """linksUnder => {
  const heading = document.querySelector("h1");
  return {
    heading: heading ? heading.innerText.trim() : "",
    visible: !!heading && heading.checkVisibility({opacityProperty: true, visibilityProperty: true}),
    lang: document.documentElement.lang, dir: document.documentElement.dir,
    links: [...document.querySelectorAll(linksUnder)].map(a => a.href),
  };
}"""
# What axe sees. Repeated siblings (a long table's rows, a manifest's time slots, a map's countries) come from one
# template loop, and axe's colour-contrast rule costs seconds per thousand of them: beyond the first few, a sibling
# is checked only if it brings something not seen yet (an element, a class, a role), such as a row in another state.
AXE = """async ([kept, refused]) => {
  const marks = el => [el, ...el.querySelectorAll("*")].flatMap(e =>
      [e.tagName, ...e.classList, e.getAttribute("role") || "", e.getAttribute("aria-current") || ""]);
  for (const parent of document.body.querySelectorAll("*")) {
    if (!parent.isConnected || parent.childElementCount <= kept) continue;
    const groups = new Map();
    for (const child of [...parent.children]) {
      if (!groups.has(child.tagName)) groups.set(child.tagName, {count: 0, seen: new Set()});
      const group = groups.get(child.tagName);
      const own = marks(child);
      if (group.count < kept || own.some(m => !group.seen.has(m))) {
        group.count += 1;
        own.forEach(m => group.seen.add(m));
      } else {
        child.remove();
      }
    }
  }
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.filter(v => refused.includes(v.impact));
}"""
SIBLINGS_KEPT = 6


def look(page, path: str, lang: str, troubles: Troubles, links_under: str = "main a") -> tuple[Visit, list[str]]:
    """Open a page and note what a person and axe see on it; also where the links under ``links_under`` go."""
    response = show(page, path, lang)
    seen = page.evaluate(SEEN, links_under)
    if SCREENSHOTS:
        name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "index"
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{lang}-{name}.png"), full_page=True)
    violations = page.evaluate(AXE, [SIBLINGS_KEPT, list(REFUSED_IMPACTS)])
    visit = Visit(path=path, status=response.status if response else None, heading=seen["heading"],
                  heading_visible=seen["visible"], lang=seen["lang"], direction=seen["dir"],
                  troubles=troubles.take(), violations=violations)
    return visit, seen["links"]


@dataclass
class Walk:
    navigation: list[str]  # the paths of the event's navigation, in its order
    visits: dict[str, Visit]


def walk_in(session: Session, server, lang: str) -> Walk:
    page, base = session.page, server.base_url
    event_root = f"/admin/e/{server.slug}/"
    show(page, event_root, lang)
    navigation = admin_paths(page.eval_on_selector_all("header nav.site-nav a", "links => links.map(a => a.href)"),
                             base)
    session.troubles.take()
    visits: dict[str, Visit] = {}
    for path in navigation:
        hub = path.removeprefix(event_root)
        selector, pattern, how_many = HUB_LINKS.get(hub, ("main a", None, 0))
        visits[path], links = look(page, path, lang, session.troubles, selector)
        if pattern is not None:
            below = [p for p in admin_paths(links, base)
                     if pattern.match(p.removeprefix(event_root)) and p not in visits and p not in navigation]
            for sub in below[:how_many]:
                visits[sub], _ = look(page, sub, lang, session.troubles)
    return Walk(navigation=navigation, visits=visits)


@pytest.fixture(scope="module")
def walked(session, server):
    """``walked(lang)``: the walk in that language, made once for the module."""
    done: dict[str, Walk] = {}

    def get(lang: str) -> Walk:
        if lang not in done:
            done[lang] = walk_in(session, server, lang)
        return done[lang]

    return get


# -- the tests ------------------------------------------------------------------------------------------------

def test_an_organiser_logs_in_opens_the_event_and_finds_people_by_names_typed_plainly(expect, session, server):
    page = session.page
    assert session.landed_on == "/admin/"
    page.goto("/admin/?lang=en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Events")
    page.locator("main").get_by_role("link", name=re.compile("General Assembly")).first.click()
    page.wait_for_url(f"**/admin/e/{server.slug}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("81st INTERPOL General Assembly")

    page.locator("header nav").get_by_role("link", name="Participants", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Participants")
    search = page.get_by_role("searchbox", name="Search")
    search.fill("fernandez diaz")  # no accent, lower case
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Jorge Fernández Díaz")

    search = page.get_by_role("searchbox", name="Search")
    search.fill("Belousova")  # Latin letters for a name written in Cyrillic only
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(1)
    given, family, _ = CYRILLIC
    person = rows.first.get_by_role("link", name=f"{given} {family}")
    expect(person).to_be_visible()
    person.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{given} {family}")
    expect(page.locator("main")).to_contain_text("k.belousova@mvd.example.ru")
    assert session.troubles.take() == []


def test_the_pages_design_names_are_all_in_the_navigation(session, server, walked):
    navigation = walked("en").navigation
    missing = [f"/admin/e/{server.slug}/{p}" for p in DESIGNED if f"/admin/e/{server.slug}/{p}" not in navigation]
    assert not missing, f"not in the organiser navigation: {missing} (it has {navigation})"


def test_the_walk_reaches_the_pages_behind_the_hubs(server, walked):
    visited = set(walked("en").visits)
    root = f"/admin/e/{server.slug}/"
    for sheet in ("arrivals", "departures", "transfers", "rooming", "catering", "accessibility", "interpretation"):
        assert f"{root}logistics/{sheet}" in visited
    assert f"{root}mail" in visited
    for below in (r"participants/\d+", r"delegations/\d+", r"programme/sessions/\d+", r"speakers/\d+"):
        assert any(re.fullmatch(re.escape(root) + below, p) for p in visited), below


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_organiser_page_answers_with_its_heading_and_no_browser_error(server, walked, lang):
    walk = walked(lang)
    assert len(walk.visits) >= len(DESIGNED) + 7  # the designed pages and the logistics sheets at least
    wrong = {path: visit.problems(lang) for path, visit in walk.visits.items() if visit.problems(lang)}
    assert not wrong, "\n".join(f"{path}: " + "; ".join(found) for path, found in wrong.items())


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_axe_finds_no_serious_or_critical_violation_on_the_organiser_pages(server, walked, lang):
    walk = walked(lang)
    failing = {path: visit.violations for path, visit in walk.visits.items() if visit.violations}
    assert not failing, "\n".join(f"{path}:\n{violations_report(found)}" for path, found in failing.items())


def test_the_axe_check_sees_a_fault_far_down_a_long_table(session, server):
    """The thinning-out before axe keeps what is unlike the rest: an image without a text alternative in the
    45th row of the participants list is still reported."""
    page = session.page
    show(page, f"/admin/e/{server.slug}/participants", "en")
    page.evaluate("""() => {
        const cell = document.querySelectorAll("main table tbody tr")[44].cells[2];
        const picture = document.createElement("img");
        picture.src = "/static/favicon.svg";
        cell.append(picture);
    }""")
    violations = page.evaluate(AXE, [SIBLINGS_KEPT, list(REFUSED_IMPACTS)])
    assert [v["id"] for v in violations] == ["image-alt"], violations_report(violations)
    session.troubles.take()
