"""Delegates register on the public form in a real browser, and land on their private page."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

PRIVATE_PAGE = re.compile(r"/me/[A-Za-z0-9_-]{20,}$")


def category_label(server, name: str, lang: str) -> str:
    from sqlalchemy import select

    from delegates.extensions import db
    from delegates.registration.models import Category, Event

    def work():
        return db.session.scalar(
            select(Category).join(Event).where(Event.slug == server.slug, Category.name == name)).label(lang)

    return server.run(work)


def test_a_delegate_from_poland_registers_with_a_photo_and_sees_it_on_the_private_page(expect, page, server, field,
                                                                                        photo_file):
    page.goto(f"/e/{server.slug}/register")
    preview = page.locator("#badge-preview")

    field(page, "Given name").press_sequentially("Łukasz")
    expect(preview).to_have_text("Łukasz")
    field(page, "Family name").press_sequentially("Żółć")
    expect(preview).to_have_text("Łukasz Żółć")

    page.get_by_label("Search the list of countries").press_sequentially("pol")
    expect(field(page, "Country")).to_have_value("POL")
    field(page, "Category").select_option(label="Delegate")
    field(page, "Email").fill("lukasz.zolc@policja.example.pl")
    field(page, "Photo").set_input_files(photo_file)
    page.get_by_role("button", name="Register").click()

    expect(page).to_have_url(PRIVATE_PAGE)
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Your registration")).to_be_visible()
    expect(main).to_contain_text("Łukasz Żółć")
    expect(main).to_contain_text("Poland")
    photo = main.get_by_role("img", name="Your photo")
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0, "the photo does not load"


def test_a_delegate_from_the_emirates_registers_in_arabic_with_an_arabic_name(expect, page, server, field):
    def label(text: str) -> str:
        return server.translate(text, "ar")

    page.goto(f"/e/{server.slug}/register?lang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")

    field(page, label("Given name")).press_sequentially("عبد الله")
    field(page, label("Family name")).press_sequentially("بن زايد")
    expect(page.locator("#badge-preview")).to_have_text("عبد الله بن زايد")
    field(page, label("Name on badge")).fill("Abdullah bin Zayed")
    expect(page.locator("#badge-preview")).to_have_text("Abdullah bin Zayed")
    field(page, label("Country")).select_option("ARE")
    field(page, label("Category")).select_option(label=category_label(server, "Delegate", "ar"))
    field(page, label("Email")).fill("abdullah.binzayed@moi.example.ae")
    page.get_by_role("button", name=label("Register")).click()

    expect(page).to_have_url(PRIVATE_PAGE)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name=label("Your registration"))).to_be_visible()
    expect(main).to_contain_text("عبد الله بن زايد")
    expect(main).to_contain_text("Abdullah bin Zayed")


def tab_to(page, target, most: int = 120) -> None:
    """Press Tab until ``target`` has the focus, as a keyboard user moves through the page."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{most} presses of Tab never reached {target}")


def test_the_whole_form_can_be_completed_with_the_keyboard_alone(expect, page, server, field):
    page.goto(f"/e/{server.slug}/register")
    keyboard = page.keyboard

    tab_to(page, field(page, "Given name"))
    keyboard.type("Wanjiru")
    tab_to(page, field(page, "Family name"))
    keyboard.type("Kamau")
    tab_to(page, page.get_by_label("Search the list of countries"))
    keyboard.type("keny")
    expect(field(page, "Country")).to_have_value("KEN")
    category = field(page, "Category")
    tab_to(page, category)
    keyboard.type("Delegate")  # type-ahead on a closed select, as on any desktop
    expect(category.locator("option:checked")).to_have_text("Delegate")
    tab_to(page, field(page, "Email"))
    keyboard.type("wanjiru.kamau@dci.example.ke")
    consent = page.get_by_label("Publish my name and function in the list of participants")
    tab_to(page, consent)
    keyboard.press("Space")
    expect(consent).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Register"))
    keyboard.press("Enter")

    expect(page).to_have_url(PRIVATE_PAGE)
    expect(page.get_by_role("main")).to_contain_text("Wanjiru Kamau")
    expect(page.get_by_role("main")).to_contain_text("Kenya")


def test_a_photo_too_large_is_refused_next_to_the_field_before_the_form_is_sent(expect, page, server, field,
                                                                                 photo_file, tmp_path):
    from delegates.registration.photos import MAX_BYTES

    def label(text: str, **variables) -> str:
        return server.translate(text, "fr", **variables)

    too_large = tmp_path / "portrait-from-a-phone.jpg"
    too_large.write_bytes(photo_file.read_bytes() + bytes(MAX_BYTES))
    page.goto(f"/e/{server.slug}/register?lang=fr")
    photo = field(page, label("Photo"))
    photo.set_input_files(too_large)

    message = page.get_by_role("alert")
    expect(message).to_have_text(label("The photo is larger than %(limit)d MB; please send a smaller one.", limit=5))
    expect(message).to_contain_text("La photo dépasse 5\u00a0Mo")
    expect(photo).to_have_attribute("aria-invalid", "true")
    expect(photo).to_have_attribute("aria-describedby", re.compile(r"\bphoto-error-chosen\b"))
    assert photo.evaluate("input => input.files.length") == 0, "the refused file would still be sent"

    photo.set_input_files(photo_file)  # a photo that fits takes the message away
    expect(message).to_have_count(0)
    expect(photo).not_to_have_attribute("aria-invalid", "true")

    photo.set_input_files(too_large)  # and the form registers without the refused one
    field(page, label("Given name")).fill("Łukasz")
    field(page, label("Family name")).fill("Żółć")
    field(page, label("Country")).select_option("POL")
    field(page, label("Category")).select_option(label=category_label(server, "Delegate", "fr"))
    field(page, label("Email")).fill("lukasz.zolc.phone@policja.example.pl")
    page.get_by_role("button", name=label("Register")).click()
    expect(page).to_have_url(PRIVATE_PAGE)
    expect(page.get_by_role("main")).to_contain_text("Łukasz Żółć")


def test_without_javascript_a_body_over_the_limit_gets_a_page_that_says_so_and_back_keeps_what_was_typed(
        expect, open_page, server, field, photo_file, tmp_path):
    def label(text: str) -> str:
        return server.translate(text, "fr")

    page = open_page(java_script_enabled=False)
    too_large = tmp_path / "scan.jpg"
    too_large.write_bytes(photo_file.read_bytes() + bytes(server.app.config["MAX_CONTENT_LENGTH"]))
    page.goto(f"/e/{server.slug}/register?lang=fr")
    field(page, label("Given name")).fill("Łukasz")
    field(page, label("Family name")).fill("Żółć")
    field(page, label("Email")).fill("lukasz.zolc.scan@policja.example.pl")
    field(page, label("Photo")).set_input_files(too_large)
    page.get_by_role("button", name=label("Register")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("L’envoi est trop volumineux")
    expect(page.get_by_role("main")).to_contain_text("votre navigateur conserve ce que vous avez saisi")
    page.go_back()
    expect(field(page, label("Given name"))).to_have_value("Łukasz")
    expect(field(page, label("Family name"))).to_have_value("Żółć")
    expect(field(page, label("Email"))).to_have_value("lukasz.zolc.scan@policja.example.pl")


def people_with_email(server, email: str) -> int:
    from sqlalchemy import func, select

    from delegates.extensions import db
    from delegates.registration.models import Participant

    return server.run(lambda: db.session.scalar(select(func.count()).where(Participant.email == email)))


def fill_in_ann(page, field, email: str) -> None:
    field(page, "Given name").fill("Ann")
    field(page, "Family name").fill("Lee")
    field(page, "Country").select_option("FRA")
    field(page, "Category").select_option(label="Delegate")
    field(page, "Email").fill(email)


def mails_to(server, email: str) -> int:
    from pathlib import Path

    return sum(email in path.read_text() for path in Path(server.app.config["MAIL_OUTBOX"]).glob("*.eml"))


@pytest.mark.parametrize("javascript", [True, False], ids=["with-script", "without-script"])
def test_a_double_click_on_register_lands_on_the_one_registration_it_made(expect, open_page, server, field,
                                                                         javascript):
    page = open_page(java_script_enabled=javascript)
    email = f"ann.lee.{'script' if javascript else 'plain'}@example.org"
    page.goto(f"/e/{server.slug}/register")
    fill_in_ann(page, field, email)
    page.get_by_role("button", name="Register").dblclick()

    expect(page).to_have_url(PRIVATE_PAGE)
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Your registration")).to_be_visible()
    expect(main).to_contain_text("Ann Lee")
    expect(page.get_by_text("is registered for this event already")).to_have_count(0)
    assert people_with_email(server, email) == 1
    assert mails_to(server, email) == 1


def test_the_page_sends_the_form_once_while_it_is_on_its_way(page, server):
    """register.js: a second submit soon after the first (a double click on a slow connection) is cancelled."""
    page.goto(f"/e/{server.slug}/register")
    cancelled = page.evaluate("""() => {
        const form = document.querySelector(".registration-form");
        const submit = () => {
            const event = new Event("submit", {cancelable: true});
            form.dispatchEvent(event);
            return event.defaultPrevented;
        };
        return [submit(), submit(), form.getAttribute("aria-busy")];
    }""")
    assert cancelled == [False, True, "true"]
