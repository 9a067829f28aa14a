"""A registrar writes to a delegation in two languages, checks the preview and follows the sending to its end."""
from __future__ import annotations

import os
import re

import pytest

pytestmark = pytest.mark.browser


def shoot(page, name: str) -> None:
    """A full-page screenshot in $SCREENSHOT_DIR, when set (to look at the pages by eye)."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def test_the_registrar_writes_previews_and_sends_to_a_delegation(expect, page, server, registrar, log_in):
    from delegates.extensions import db
    from delegates.registration.models import Delegation, Participant

    def italians() -> int:
        return db.session.scalar(
            db.select(db.func.count()).select_from(Participant)
            .join(Delegation, Participant.delegation_id == Delegation.id)
            .where(Delegation.country_code == "ITA", Participant.status == "accredited"))

    expected = server.run(italians)
    assert expected > 1

    log_in(page, *registrar)
    page.goto(f"/admin/e/{server.slug}/mail?country=ITA&status=accredited")
    expect(page.get_by_role("status").filter(has_text="will receive it")).to_contain_text(f"{expected} people")
    page.get_by_label("Subject (English)").fill("Your arrival in Rome, {name}")
    page.get_by_label("Message (English)").fill("Dear {name},\n\nShuttles leave Fiumicino every 20 minutes.\n\n"
                                               "{event}")
    page.get_by_label("Subject (Français)").fill("Votre arrivée à Rome, {name}")
    page.get_by_label("Message (Français)").fill("Madame, Monsieur {name},\n\nLes navettes partent de Fiumicino "
                                                "toutes les 20 minutes.")
    shoot(page, "mail-compose")
    page.get_by_role("button", name="Preview").click()

    expect(page.get_by_role("heading", name="Check before sending")).to_be_visible()
    expect(page.locator("#recipients-count")).to_have_text(str(expected))
    expect(page.get_by_text("Delegation: Italy")).to_be_visible()
    example = page.get_by_role("article", name="English")
    expect(example).to_contain_text("Shuttles leave Fiumicino")
    expect(example.locator(".mail-subject")).not_to_contain_text("{name}")
    shoot(page, "mail-preview")
    page.get_by_role("button", name=f"Send to {expected} people").click()

    # the page follows the job and shows the log once it ends
    expect(page.locator("#count-sent")).to_have_text(str(expected))
    expect(page.locator("#count-failed")).to_have_text("0")
    expect(page.locator("tr.mail-sent")).to_have_count(expected)
    shoot(page, "mail-sent")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Mail", exact=True).click()
    row = page.get_by_role("row").filter(has_text="Your arrival in Rome")
    expect(row.locator("td.num").first).to_have_text(str(expected))
    assert re.search(r"/mailings$", page.url)
