"""Mail goes out through SMTP, or waits in the outbox; it is never lost and never stops the caller."""
from __future__ import annotations

import fcntl
import logging
import socket
import threading
import time
from email import message_from_bytes, policy
from email.headerregistry import Address
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from delegates.common.mail import (
    Delivery,
    build_message,
    deliver_outbox,
    queue_folder,
    send_mail,
    wait_for_sending,
    write_to_outbox,
)

POLISH = Address(display_name="Łukasz Żółć", addr_spec="lukasz.zolc@example.pl")


def outbox(app, sub: str = "") -> list[Path]:
    """The .eml files in the outbox, or in one of its folders (queue, sent, failed)."""
    folder = Path(app.config["MAIL_OUTBOX"]) / sub
    return sorted(folder.glob("*.eml")) if folder.exists() else []


def read_eml(path: Path):
    return read_eml_bytes(path.read_bytes())


def read_eml_bytes(raw: bytes):
    return message_from_bytes(raw, policy=policy.default)


class Collect:
    """An aiosmtpd handler that keeps what arrives in ``received``; it refuses the address ``refuse`` for good."""

    def __init__(self, received: list, refuse: str | None = None):
        self.received = received
        self.refuse = refuse

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append(message_from_bytes(envelope.original_content or envelope.content, policy=policy.default))
        return "250 Message accepted"


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


def test_when_the_smtp_server_refuses_the_connection_the_mail_waits_in_the_queue(app, caplog):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port_nobody_listens_on())
    with app.app_context():
        delivery = send_mail(POLISH, "Potwierdzenie", "Treść\n", kind="private_link")
    assert wait_for_sending(app)

    assert delivery is Delivery.QUEUED
    [eml] = outbox(app, "queue")
    assert read_eml(eml)["Subject"] == "Potwierdzenie"
    assert any(r.levelno == logging.WARNING and eml.name in r.getMessage() for r in caplog.records)
    assert outbox(app) == [] and outbox(app, "sent") == []


def test_when_the_smtp_server_does_not_answer_the_mail_waits_in_the_queue(app):
    with socket.socket() as silent:  # accepts connections (backlog) but never says hello
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=silent.getsockname()[1], MAIL_TIMEOUT=0.3)
        with app.app_context():
            delivery = send_mail(POLISH, "Potwierdzenie", "Treść\n")

    assert delivery is Delivery.QUEUED
    assert wait_for_sending(app)
    assert len(outbox(app, "queue")) == 1


def test_mail_kept_in_the_queue_goes_out_when_the_server_answers_again(app, smtp_server):
    working_port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = port_nobody_listens_on()
    with app.app_context():
        send_mail(POLISH, "Pierwsza", "1\n")
        send_mail(POLISH, "Druga", "2\n")
    assert wait_for_sending(app)
    assert len(outbox(app, "queue")) == 2 and smtp_server == []

    app.config["MAIL_PORT"] = working_port
    with app.app_context():
        assert deliver_outbox() == (2, 0)

    assert [m["Subject"] for m in smtp_server] == ["Pierwsza", "Druga"]
    assert outbox(app, "queue") == [] and outbox(app) == []
    assert len(outbox(app, "sent")) == 2


def test_mail_written_while_no_server_was_configured_goes_out_with_mail_deliver(app, smtp_server):
    server = app.config["MAIL_SERVER"]
    app.config["MAIL_SERVER"] = None
    with app.app_context():
        assert send_mail(POLISH, "Czekała", "1\n") is Delivery.OUTBOX
        assert deliver_outbox() == (0, 1), "without a server it stays where it is"
    app.config["MAIL_SERVER"] = server
    with app.test_request_context():
        send_mail(POLISH, "Nowa", "2\n")
    assert [m["Subject"] for m in smtp_server] == ["Nowa"], "the mail thread sends the queue only"
    assert len(outbox(app)) == 1

    with app.app_context():
        assert deliver_outbox() == (1, 0)
    assert [m["Subject"] for m in smtp_server] == ["Nowa", "Czekała"]


def test_in_a_web_request_the_mail_does_not_wait_for_a_silent_server(app, client, caplog):
    caplog.set_level(logging.INFO)
    with socket.socket() as silent:  # accepts connections but never says hello
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=silent.getsockname()[1], MAIL_TIMEOUT=30)
        started = time.monotonic()
        with app.test_request_context():
            delivery = send_mail(POLISH, "Potwierdzenie", "Treść\n", kind="private_link")
        took = time.monotonic() - started
        assert delivery is Delivery.QUEUED
        assert took < 10, f"the request waited {took:.1f} s for the SMTP server"
        assert not wait_for_sending(app, timeout=0.2), "the mail thread is still waiting for the server's hello"
        [eml] = outbox(app, "queue")
        assert read_eml(eml)["Subject"] == "Potwierdzenie"
    # the server goes away: the thread's connection is reset, and the message stays queued
    assert wait_for_sending(app, timeout=35)
    assert outbox(app, "queue") == [eml]
    assert any(eml.name in r.getMessage() and "queued" in r.getMessage() for r in caplog.records)


def test_the_mail_thread_tries_again_until_the_server_answers(app):
    port = port_nobody_listens_on()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_RETRY_SECONDS=0.2)
    with app.test_request_context():
        send_mail(POLISH, "Pierwsza", "1\n")
        send_mail(POLISH, "Druga", "2\n")
    assert wait_for_sending(app)
    assert len(outbox(app, "queue")) == 2

    received = []
    controller = Controller(Collect(received), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        deadline = time.monotonic() + 10
        while len(received) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)  # a third would come now, if any were sent twice
    finally:
        controller.stop()
    assert sorted(m["Subject"] for m in received) == ["Druga", "Pierwsza"]
    assert outbox(app, "queue") == [] and len(outbox(app, "sent")) == 2


def test_a_message_refused_for_good_moves_aside_and_the_others_go_out(app, caplog):
    received = []
    controller = Controller(Collect(received, refuse="nobody@example.org"), hostname="127.0.0.1",
                            port=port_nobody_listens_on())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    try:
        with app.test_request_context():
            send_mail("first@example.org", "1", "1\n")
            send_mail("nobody@example.org", "2", "2\n")
            send_mail("third@example.org", "3", "3\n")
        assert wait_for_sending(app)
    finally:
        controller.stop()

    assert sorted(m["Subject"] for m in received) == ["1", "3"]
    [refused] = outbox(app, "failed")
    assert read_eml(refused)["To"].addresses[0].addr_spec == "nobody@example.org"
    assert outbox(app, "queue") == [] and len(outbox(app, "sent")) == 2
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("delegates"))
    assert refused.name in logged and "550" in logged
    assert "nobody" not in logged


def test_no_message_goes_out_twice_when_processes_send_the_queue_at_once(app, smtp_server):
    working_port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = port_nobody_listens_on()
    with app.app_context():
        for n in range(30):
            send_mail(POLISH, f"Nr {n}", "x\n")
    assert wait_for_sending(app)
    assert len(outbox(app, "queue")) == 30
    app.config["MAIL_PORT"] = working_port

    results = []

    def deliver():
        with app.app_context():
            results.append(deliver_outbox())

    senders = [threading.Thread(target=deliver) for _ in range(3)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join(timeout=30)

    subjects = [m["Subject"] for m in smtp_server]
    assert sorted(subjects) == sorted(f"Nr {n}" for n in range(30)), "each message once"
    assert sum(sent for sent, _ in results) == 30
    assert outbox(app, "queue") == []


def test_a_message_another_process_is_sending_is_left_to_it(app, smtp_server):
    with app.app_context():
        path = write_to_outbox(build_message(POLISH, "Zajęta", "x\n"), folder=queue_folder())
        with path.open("rb") as held:  # another process's open file, locked while it sends
            fcntl.flock(held.fileno(), fcntl.LOCK_EX)
            assert deliver_outbox() == (0, 1)
        assert smtp_server == []
        assert deliver_outbox() == (1, 0)
    assert [m["Subject"] for m in smtp_server] == ["Zajęta"]


def test_a_new_process_sends_what_an_earlier_one_left_in_the_queue(app, client, smtp_server):
    with app.app_context():  # left by a process that was stopped before it could send it
        write_to_outbox(build_message(POLISH, "Zostawiona", "x\n"), folder=queue_folder())

    assert client.get("/").status_code == 200  # this process's first request
    assert [m["Subject"] for m in smtp_server] == ["Zostawiona"]
    assert outbox(app, "queue") == []


def test_a_domain_in_other_letters_is_written_in_ascii_and_a_mailbox_name_beyond_ascii_is_refused(app):
    with app.app_context():
        message = build_message(Address("王小洪", addr_spec="wang@例子.中国"), "x", "x\n")
        assert message.as_bytes().isascii()
        assert read_eml_bytes(message.as_bytes())["To"].addresses[0].addr_spec == "wang@xn--fsqu00a.xn--fiqs8s"
        with pytest.raises(ValueError, match="before the @"):
            build_message("王小洪@example.cn", "x", "x\n")


@pytest.mark.parametrize("smtputf8", [True, False], ids=["server-with-smtputf8", "server-without"])
def test_a_queued_message_to_a_mailbox_name_beyond_ascii_goes_out_or_aside_but_never_blocks_the_queue(
        app, smtputf8):
    received = []
    controller = Controller(Collect(received), hostname="127.0.0.1", port=port_nobody_listens_on(),
                            enable_SMTPUTF8=smtputf8)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    try:
        with app.app_context():
            folder = queue_folder()
            # left by an earlier version, or put there by hand: SMTPUTF8 headers (RFC 6532)
            (folder / "1-mail-a.eml").write_bytes(
                "From: Delegates <no-reply@example.org>\nTo: 王小洪@example.cn\nSubject: Dalej\n\nx\n".encode())
            write_to_outbox(build_message(POLISH, "Następna", "x\n"), folder=folder)
            assert deliver_outbox() == (2 if smtputf8 else 1, 0)
    finally:
        controller.stop()

    subjects = [m["Subject"] for m in received]
    assert subjects == (["Dalej", "Następna"] if smtputf8 else ["Następna"])
    assert len(outbox(app, "failed")) == (0 if smtputf8 else 1)
    assert outbox(app, "queue") == []


def test_a_file_in_the_queue_that_names_no_recipient_moves_aside(app, smtp_server):
    with app.app_context():
        folder = queue_folder()
        (folder / "1-by-hand.eml").write_bytes(b"From: someone@example.org\nSubject: Nobody\n\nx\n")
        write_to_outbox(build_message(POLISH, "Następna", "x\n"), folder=folder)
        assert deliver_outbox() == (1, 0)
    assert [m["Subject"] for m in smtp_server] == ["Następna"]
    assert [p.name for p in outbox(app, "failed")] == ["1-by-hand.eml"]


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
