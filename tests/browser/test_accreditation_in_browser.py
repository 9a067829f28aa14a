"""The registrar finds a registration in /admin and accredits it; the person's private page then says so."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def test_the_registrar_finds_a_delegate_accent_blind_and_accredits_her(expect, page, open_page, server, registered,
                                                                       registrar, log_in):
    _, token = registered("Ximena", "Fernández Ocampo", "COL")

    log_in(page, *registrar)
    page.goto(f"/admin/e/{server.slug}/participants")
    page.get_by_role("searchbox", name="Search").fill("ximena fernandez")  # as typed, without the accent
    page.get_by_role("button", name="Filter").click()
    rows = page.get_by_role("row").filter(has_text="Ximena Fernández Ocampo")
    expect(rows).to_have_count(1)
    rows.get_by_role("button", name="Accredit Ximena Fernández Ocampo").click()

    expect(page.get_by_role("status")).to_contain_text("Ximena Fernández Ocampo is accredited")
    expect(rows.get_by_text("accredited", exact=True)).to_be_visible()

    delegate = open_page()  # the delegate, in her own browser
    delegate.goto(f"/me/{token}")
    status = delegate.get_by_role("region", name="Status")
    expect(status).to_contain_text("Accredited")
    expect(status).to_contain_text("You are accredited")
    rules = {rule.rule for rule in server.app.url_map.iter_rules()}
    if "/me/<token>/badge.pdf" in rules:  # the badge route arrives with the badges issue
        badge = status.get_by_role("link", name="Badge (PDF)")
        expect(badge).to_have_attribute("href", re.compile(rf"/me/{re.escape(token)}/badge\.pdf$"))
        response = delegate.request.get(badge.get_attribute("href"))
        assert response.status == 200, f"the badge answers {response.status}"
        assert response.headers["content-type"].startswith("application/pdf")
    else:
        expect(status.get_by_role("link", name="Badge (PDF)")).to_have_count(0)
