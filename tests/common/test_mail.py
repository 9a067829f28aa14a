"""Mail goes out through SMTP, or waits in the outbox; it is never lost and never stops the caller."""
from __future__ import annotations

import logging
import socket
from email import message_from_bytes, policy
from email.headerregistry import Address
from pathlib import Path

import pytest

from delegates.common.mail import Delivery, deliver_outbox, send_mail

POLISH = Address(display_name="Łukasz Żółć", addr_spec="lukasz.zolc@example.pl")


def outbox(app) -> list[Path]:
    folder = Path(app.config["MAIL_OUTBOX"])
    return sorted(folder.glob("*.eml")) if folder.exists() else []


def read_eml(path: Path):
    return message_from_bytes(path.read_bytes(), policy=policy.default)


def port_nobody_listens_on() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_mail_arrives_through_smtp_with_the_name_subject_and_text_in_utf8(app, smtp_server):
    with app.app_context():
        delivery = send_mail(POLISH, "Rejestracja — Zgromadzenie Ogólne", "Dzień dobry, Łukasz!\n",
                             html="<p>Dzień dobry, Łukasz!</p>", language="pl", kind="test")

    assert delivery is Delivery.SENT
    [mail] = smtp_server
    assert mail["To"].addresses[0].display_name == "Łukasz Żółć"
    assert mail["To"].addresses[0].addr_spec == "lukasz.zolc@example.pl"
    assert mail["Subject"] == "Rejestracja — Zgromadzenie Ogólne"
    assert mail["Content-Language"] == "pl"
    assert mail["Message-ID"] and mail["Date"]
    assert mail.get_body(("plain",)).get_content().splitlines() == ["Dzień dobry, Łukasz!"]
    assert mail.get_body(("html",)).get_content().strip() == "<p>Dzień dobry, Łukasz!</p>"
    assert outbox(app) == []


def test_headers_with_non_ascii_names_are_encoded_on_the_wire(app, smtp_server):
    with app.app_context():
        from delegates.common.mail import build_message

        raw = build_message(POLISH, "Żółć", "x\n").as_bytes()

    head = raw.split(b"\n\n", 1)[0]
    assert head.isascii(), head
    assert b"=?utf-8?" in head


def test_without_an_smtp_server_the_mail_is_written_to_the_outbox(app, caplog):
    caplog.set_level(logging.INFO)
    app.config["MAIL_SERVER"] = None
    with app.app_context():
        delivery = send_mail(POLISH, "Potwierdzenie", "Twój link: https://example.org/me/abc\n", kind="private_link")

    assert delivery is Delivery.OUTBOX
    [eml] = outbox(app)
    mail = read_eml(eml)
    assert mail["To"].addresses[0].addr_spec == "lukasz.zolc@example.pl"
    assert "https://example.org/me/abc" in mail.get_body(("plain",)).get_content()
    assert "private_link" in eml.name
    assert any(eml.name in r.getMessage() for r in caplog.records), "the log says where the mail went"
    assert [p.name for p in eml.parent.iterdir()] == [eml.name], "no temporary file is left beside it"
    assert eml.stat().st_mode & 0o777 == 0o600, "readable by us only"


def test_when_the_smtp_server_refuses_the_connection_the_mail_waits_in_the_outbox(app, caplog):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port_nobody_listens_on())
    with app.app_context():
        delivery = send_mail(POLISH, "Potwierdzenie", "Treść\n", kind="private_link")

    assert delivery is Delivery.OUTBOX
    [eml] = outbox(app)
    assert read_eml(eml)["Subject"] == "Potwierdzenie"
    assert any(r.levelno == logging.WARNING and eml.name in r.getMessage() for r in caplog.records)


def test_when_the_smtp_server_does_not_answer_the_mail_waits_in_the_outbox(app):
    with socket.socket() as silent:  # accepts connections (backlog) but never says hello
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=silent.getsockname()[1], MAIL_TIMEOUT=0.3)
        with app.app_context():
            delivery = send_mail(POLISH, "Potwierdzenie", "Treść\n")

    assert delivery is Delivery.OUTBOX
    assert len(outbox(app)) == 1


def test_mail_kept_in_the_outbox_goes_out_when_the_server_answers_again(app, smtp_server):
    working_port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = port_nobody_listens_on()
    with app.app_context():
        send_mail(POLISH, "Pierwsza", "1\n")
        send_mail(POLISH, "Druga", "2\n")
    assert len(outbox(app)) == 2 and smtp_server == []

    app.config["MAIL_PORT"] = working_port
    with app.app_context():
        assert deliver_outbox() == (2, 0)

    assert [m["Subject"] for m in smtp_server] == ["Pierwsza", "Druga"]
    assert outbox(app) == []
    assert len(list((Path(app.config["MAIL_OUTBOX"]) / "sent").glob("*.eml"))) == 2


@pytest.mark.parametrize("smtp", ["none", "down", "up"])
def test_log_lines_never_hold_the_address_the_name_or_the_text(app, smtp_server, caplog, smtp):
    caplog.set_level(logging.DEBUG)
    if smtp == "none":
        app.config["MAIL_SERVER"] = None
    elif smtp == "down":
        app.config["MAIL_PORT"] = port_nobody_listens_on()
    with app.app_context():
        send_mail(POLISH, "Potwierdzenie", "Sekretny link https://example.org/me/s3cr3t\n", kind="private_link")

    # our own lines (the test SMTP server's debug log, in the same process, shows addresses: that is its job)
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("delegates"))
    assert logged, "something is logged"
    for private in ("@", "lukasz", "Łukasz", "s3cr3t", "Potwierdzenie"):
        assert private not in logged


@pytest.mark.parametrize("to, subject", [
    ("someone@example.org", "Hello\r\nBcc: everyone@example.org"),
    ("someone@example.org", "Żółć\nBcc: everyone@example.org"),
    (Address(display_name="Anna\x85Bcc: everyone@example.org", addr_spec="anna@example.org"), "Hello"),
    ("Anna\u2028Bcc: everyone@example.org <anna@example.org>", "Hello"),
], ids=["subject", "non-ascii-subject", "display-name", "unicode-line-separator"])
def test_a_line_break_in_a_header_cannot_add_headers(app, to, subject):
    app.config["MAIL_SERVER"] = None
    with app.app_context(), pytest.raises(ValueError):
        send_mail(to, subject, "x\n")
    assert outbox(app) == []


def test_the_outbox_file_is_seven_bit_and_reads_back_in_every_script(app):
    app.config["MAIL_SERVER"] = None
    text = "Łukasz Żółć, Nguyễn Văn Thành, Владимир Колокольцев, عبد الله بن زايد, 王小洪\n"
    with app.app_context():
        send_mail(Address(display_name="王小洪", addr_spec="wang@example.cn"), "登记 — Регистрация", text,
                  html="<p>" + text + "</p>", language="zh")
    [eml] = outbox(app)
    raw = eml.read_bytes()
    assert raw.isascii()
    mail = read_eml(eml)
    assert mail["To"].addresses[0].display_name == "王小洪" and mail["Subject"] == "登记 — Регистрация"
    assert mail.get_body(("plain",)).get_content() == text
    assert text.strip() in mail.get_body(("html",)).get_content()


def test_the_parts_boundary_is_not_a_line_of_the_text_even_when_the_text_tries(app):
    app.config["MAIL_SERVER"] = None
    text = "Forged part:\n--=_\n--=_0123456789abcdef0123456789abcdef--\n==_ end =_\n"
    with app.app_context():
        send_mail("a@example.org", "Parts", text, html="<p>--=_</p>")
    [eml] = outbox(app)
    mail = read_eml(eml)
    boundary = mail.get_boundary()
    assert boundary.startswith("=_") and len(boundary) == 34
    # two parts open and the message closes: no line of the text reads as a boundary
    delimiters = [line for line in eml.read_bytes().splitlines() if line.startswith(b"--" + boundary.encode())]
    assert len(delimiters) == 3, delimiters
    assert [part.get_content_type() for part in mail.iter_parts()] == ["text/plain", "text/html"]
    assert mail.get_body(("plain",)).get_content() == text
    assert mail.get_body(("html",)).get_content().strip() == "<p>--=_</p>"


@pytest.mark.parametrize("subject", [
    "Żółć",
    "الدورة الحادية والثمانون للجمعية العامة للإنتربول: تسجيلكم في الاجتماع وما يحدث بعد ذلك",
    "国际刑警组织第81届大会：您的注册" * 3,
    "Réunion — 81e session de l’Assemblée générale d’INTERPOL, Rome, 5–8 novembre 2012 : votre inscription",
])
def test_a_subject_in_any_script_is_folded_into_short_lines_that_read_back_as_it(app, subject):
    with app.app_context():
        from delegates.common.mail import build_message

        raw = build_message(POLISH, subject, "x\n").as_bytes()

    head = raw.split(b"\n\n", 1)[0]
    assert head.isascii(), head
    assert max(len(line) for line in head.split(b"\n")) <= 78, head  # RFC 5322 2.1.1
    assert message_from_bytes(raw, policy=policy.default)["Subject"] == subject
