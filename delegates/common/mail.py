"""Sending mail: through SMTP when ``MAIL_SERVER`` is set, else into the outbox folder. Never lost.

With no SMTP server configured (the demo), every message is written as an ``.eml`` file
to the outbox (``MAIL_OUTBOX``, ``<instance>/outbox`` by default), where any mail program
opens it. When the SMTP server refuses or does not answer, the message goes to the
outbox too and ``deliver_outbox`` sends it later: a registration never fails because
mail is down.

Log lines name the kind of message and the outbox file, never the recipient or the
body: addresses and names are personal data and stay out of logs.
"""
from __future__ import annotations

import logging
import os
import secrets
import smtplib
import ssl
import tempfile
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.charset import BASE64, QP, Charset
from email.header import Header
from email.headerregistry import Address
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr, make_msgid, parseaddr
from enum import StrEnum
from pathlib import Path

from flask import current_app


class Delivery(StrEnum):
    """What became of a message."""

    SENT = "sent"  # the SMTP server accepted it
    OUTBOX = "outbox"  # written to the outbox folder (no SMTP configured, or SMTP failed)


def send_mail(to: str | Address, subject: str, body: str, *, html: str | None = None,
              reply_to: str | Address | None = None, language: str | None = None,
              kind: str = "mail") -> Delivery:
    """Send one message (plain text, and HTML as an alternative when given); never raises for mail being down.

    ``to`` is an address, or a display name with one (``Address("Łukasz Żółć", addr_spec="l@example.pl")``).
    ``language`` becomes the Content-Language header; ``kind`` names the message in the log.
    """
    message = build_message(to, subject, body, html=html, reply_to=reply_to, language=language)
    if not current_app.config.get("MAIL_SERVER"):
        path = write_to_outbox(message, kind)
        _logger().info("Mail %r written to the outbox as %s (no SMTP server is configured).", kind, path.name)
        return Delivery.OUTBOX
    try:
        _send_smtp(message)
    except OSError as e:  # refused, timed out, unknown host, TLS or any SMTP error (SMTPException is an OSError)
        path = write_to_outbox(message, kind, durable=True)
        _logger().warning("Mail %r not sent (%s); kept in the outbox as %s for deliver_outbox().",
                          kind, _describe(e), path.name)
        return Delivery.OUTBOX
    _logger().info("Mail %r sent through %s.", kind, current_app.config["MAIL_SERVER"])
    return Delivery.SENT


def render_mail(template: str, **context) -> str:
    """A mail's template rendered with what it is given, and nothing else.

    Not Flask's render_template: its context processors add what pages show (the page's language and
    direction, region names, the request, the session), which a mail does not use; they cost a fifth of a
    confirmation's rendering, and mail must read the same whether sent from a request, the CLI or a job.
    Autoescaping is the app's: on for ``.html``, off for ``.txt``.
    """
    return current_app.jinja_env.get_template(template).render(context)


def build_message(to: str | Address, subject: str, body: str, *, html: str | None = None,
                  reply_to: str | Address | None = None, language: str | None = None) -> Message:
    """An RFC 5322 message in UTF-8; non-ASCII names and subjects are encoded as the standard says (RFC 2047), the
    text in quoted-printable.

    Built with the email package's MIME classes and explicit encoding rather than EmailMessage, whose headers
    are parsed as they are set and refolded as they are written: three times the time (3.6 against 1.2 ms for a
    registration's confirmation, text and HTML), every registration paying it.
    """
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    for value in (sender, to, reply_to, subject, language):
        _refuse_line_breaks(value)
    text = MIMEText(body, "plain", _utf8())
    if html is None:
        message = text
    else:
        # "=_" never occurs in quoted-printable text (a "=" is written "=3D" there), so this boundary cannot be a
        # line of either part: the generator's search for one that is not (a regular expression compiled for each
        # message) is not needed
        message = MIMEMultipart("alternative", boundary=f"=_{secrets.token_hex(16)}")
        message.attach(text)
        message.attach(MIMEText(html, "html", _utf8()))
    message["From"] = _address(sender)
    message["To"] = _address(to)
    if reply_to:
        message["Reply-To"] = _address(reply_to)
    message["Subject"] = subject if subject.isascii() else Header(subject, _utf8_words(), header_name="Subject")
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=_domain_of(sender))
    # an automatic message: out-of-office replies are not sent back to it (RFC 3834)
    message["Auto-Submitted"] = "auto-generated"
    if language:
        message["Content-Language"] = language
    return message


def _refuse_line_breaks(value: str | Address | None) -> None:
    """A line break in a header's value would start another header (Bcc: …): refused, as EmailMessage does."""
    texts = (value.display_name, value.addr_spec) if isinstance(value, Address) else (value or "",)
    if any(c in text for text in texts for c in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
        raise ValueError("A header's value cannot hold a line break.")


def _utf8() -> Charset:
    charset = Charset("utf-8")
    charset.body_encoding = QP  # readable in the outbox's files, seven bits on the wire
    return charset


def _utf8_words() -> Charset:
    """UTF-8 in headers as base64 encoded words (RFC 2047 "B"). Python's default for UTF-8 picks the shorter of
    base64 and quoted-printable, measuring the quoted-printable length again for every character while it folds
    the line: two fifths of writing a confirmation."""
    charset = Charset("utf-8")
    charset.header_encoding = BASE64
    return charset


def _address(value: str | Address) -> str:
    """An address header's value, its display name encoded when it is not ASCII."""
    if isinstance(value, Address):
        name, address = value.display_name, value.addr_spec
    else:
        name, address = parseaddr(value)
        if not address:
            return value
    return formataddr((name, address), charset="utf-8")


def outbox_folder() -> Path:
    folder = Path(current_app.config.get("MAIL_OUTBOX") or Path(current_app.instance_path) / "outbox")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def write_to_outbox(message: Message, kind: str = "mail", *, durable: bool = False) -> Path:
    """Write the message as ``<UTC time>-<kind>-<random>.eml``, readable by us only; returns its path.

    The file appears whole or not at all (written to a temporary name, then renamed). ``durable``
    also waits for the disk (fsync, a few ms): for mail that SMTP refused and that waits to be sent.
    In the demo the outbox is where mail ends; SQLite itself runs with synchronous=NORMAL there.
    """
    folder = outbox_folder()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    safe_kind = "".join(c if c.isalnum() or c in "-_" else "_" for c in kind)[:40] or "mail"
    path = folder / f"{stamp}-{safe_kind}-{secrets.token_hex(4)}.eml"
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".eml.part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(message.as_bytes())
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def deliver_outbox() -> tuple[int, int]:
    """Send what waits in the outbox through SMTP; returns (sent, still waiting).

    A sent file moves to ``outbox/sent/``; one the server still refuses stays for the next try.
    Without ``MAIL_SERVER`` nothing is sent: the outbox is where mail is meant to go.
    """
    folder = outbox_folder()
    waiting = sorted(folder.glob("*.eml"))
    if not current_app.config.get("MAIL_SERVER"):
        return 0, len(waiting)
    done = folder / "sent"
    done.mkdir(mode=0o700, exist_ok=True)
    sent = 0
    for path in waiting:
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        try:
            _send_smtp(message)
        except OSError as e:
            _logger().warning("Mail %s still not sent (%s).", path.name, _describe(e))
            break  # the server is down or refusing: the next ones would fail the same way
        os.replace(path, done / path.name)
        sent += 1
    return sent, len(waiting) - sent


class MailNotSent(Exception):
    """A message that the SMTP server refused (``server_down`` False) or could not take (True)."""

    def __init__(self, reason: str, *, server_down: bool):
        super().__init__(reason)
        self.reason = reason
        self.server_down = server_down


class MailSession:
    """Many messages through one SMTP connection (mail to many), each failure raised for the caller to record.

    Unlike ``send_mail``, a refused message is not kept in the outbox: the caller logs it as failed and goes
    on with the next. Without ``MAIL_SERVER``, messages go to the outbox, as all mail does then.
    Use it as a context manager: ``with MailSession() as mail: mail.send(message)``.
    """

    def __init__(self):
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> MailSession:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def send(self, message: Message, kind: str = "mailing") -> Delivery:
        if not current_app.config.get("MAIL_SERVER"):
            write_to_outbox(message, kind)
            return Delivery.OUTBOX
        for attempt in (1, 2):
            try:
                if self._smtp is None:
                    self._smtp = _open_smtp()
                self._smtp.send_message(message)
                return Delivery.SENT
            except smtplib.SMTPRecipientsRefused as e:
                reasons = "; ".join(_reply(code, text) for code, text in e.recipients.values())
                raise MailNotSent(reasons or "the server refused the recipient", server_down=False) from None
            except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as e:
                raise MailNotSent(_reply(e.smtp_code, e.smtp_error), server_down=False) from None
            except smtplib.SMTPServerDisconnected as e:  # it hung up (idle, or too many messages): dial again once
                self.close()
                if attempt == 2:
                    raise MailNotSent(_describe(e), server_down=True) from None
            except OSError as e:  # refused, timed out, TLS or login failed
                self.close()
                raise MailNotSent(_describe(e), server_down=True) from None
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                self._smtp.close()
            self._smtp = None


def _reply(code: int, text: bytes | str) -> str:
    """An SMTP reply as a person reads it: ``550 No such user``."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {' '.join(str(text).split())}".strip()


def _open_smtp() -> smtplib.SMTP:
    config = current_app.config
    smtp = smtplib.SMTP(config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 25),
                        timeout=float(config.get("MAIL_TIMEOUT") or 10))
    try:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def _send_smtp(message: Message) -> None:
    with _open_smtp() as smtp:
        smtp.send_message(message)


def _describe(error: OSError) -> str:
    """What went wrong, without the addresses that some SMTP errors carry (recipients refused, sender refused)."""
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{type(error).__name__}, SMTP code {error.smtp_code}"
    if isinstance(error, smtplib.SMTPException):
        return type(error).__name__
    return f"{type(error).__name__}: {error.strerror or error}"


def _domain_of(sender: str) -> str:
    address = parseaddr(sender)[1]
    return address.rpartition("@")[2] or "localhost"


def _logger() -> logging.Logger:
    # A child of the app's logger, whose handler Flask installs. The outbox note is INFO and
    # must show outside debug mode too: in the demo it is how one learns where mail went.
    logger = current_app.logger.getChild("mail")
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.INFO)
    return logger
