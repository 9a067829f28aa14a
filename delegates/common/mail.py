"""Sending mail: through SMTP when ``MAIL_SERVER`` is set, else into the outbox folder. Never lost.

With no SMTP server configured (the demo), every message is written as an ``.eml`` file
to the outbox (``MAIL_OUTBOX``, ``<instance>/outbox`` by default), where any mail program
opens it.

With SMTP, a web request never waits for the server: the message is written to the outbox's
``queue/`` folder (a file on disk, so a restart loses nothing) and a thread of the process sends
it at once, through one connection for whatever waits. A relay that is slow, down or silent
costs a registration nothing; what it refused for now stays queued and the thread tries again
(after ``MAIL_RETRY_SECONDS``, doubling up to 15 minutes) until it goes out. A message the
server refuses for good (5xx: no such mailbox) moves to ``failed/``, so it cannot hold up the
others. Outside a request (CLI, jobs) a message is sent on the spot and queued only when that
fails. ``deliver_outbox`` (``delegates mail deliver``) sends the queue and what was written to
the outbox while no SMTP server was configured. Every process and thread takes a file under an
exclusive lock before sending it, so two never send the same message. (A process killed after the
server took a message and before its file moved to ``sent/`` leaves it queued: it goes out again.
A stopping process lets its thread finish the message in hand, so only a kill does that.)

Log lines name the kind of message and the outbox file, never the recipient or the
body: addresses and names are personal data and stay out of logs.
"""
from __future__ import annotations

import atexit
import contextlib
import fcntl
import logging
import os
import secrets
import smtplib
import ssl
import tempfile
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.charset import BASE64, QP, Charset
from email.header import Header
from email.headerregistry import Address
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import format_datetime, formataddr, getaddresses, make_msgid, parseaddr
from enum import StrEnum
from pathlib import Path

from email_validator import EmailNotValidError, validate_email
from flask import Flask, current_app, has_request_context


class Delivery(StrEnum):
    """What became of a message."""

    SENT = "sent"  # the SMTP server accepted it
    OUTBOX = "outbox"  # written to the outbox folder (no SMTP configured)
    QUEUED = "queued"  # waiting in the outbox's queue for SMTP: being sent (a web request), or to be tried again


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
    if has_request_context():
        path = _queue(message, kind)
        _logger().info("Mail %r queued as %s.", kind, path.name)
        return Delivery.QUEUED
    try:
        _send_smtp(message)
    except OSError as e:  # refused, timed out, unknown host, TLS or any SMTP error (SMTPException is an OSError)
        path = _queue(message, kind)
        _logger().warning("Mail %r not sent (%s); queued as %s to be tried again.", kind, _describe(e), path.name)
        return Delivery.QUEUED
    _logger().info("Mail %r sent through %s.", kind, current_app.config["MAIL_SERVER"])
    return Delivery.SENT


def _queue(message: Message, kind: str) -> Path:
    """Write the message to the queue (on disk before this returns) and wake the process's sending thread."""
    path = write_to_outbox(message, kind, durable=True, folder=queue_folder())
    _sender(current_app).submit()
    return path


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
    """An address header's value, its display name encoded when it is not ASCII, and a domain in other letters
    (例子.cn, éxample.es) written in ASCII as IDNA says (xn--fsqu00a.cn): every SMTP server carries that.

    A mailbox name (before the @) that is not ASCII cannot be written so (it needs SMTPUTF8): ``ValueError``.
    The registration form and the import refuse such addresses."""
    if isinstance(value, Address):
        name, address = value.display_name, value.addr_spec
    else:
        name, address = parseaddr(value)
        if not address:
            return value
    if not address.isascii():
        try:
            address = validate_email(address, check_deliverability=False).ascii_email or ""
        except EmailNotValidError:
            address = ""
        if not address:
            raise ValueError("An address with letters beyond ASCII before the @ cannot be written without SMTPUTF8.")
    return formataddr((name, address), charset="utf-8")


def outbox_path() -> Path:
    """The outbox folder's path (``MAIL_OUTBOX``, else ``<instance>/outbox``), which may not exist yet."""
    return Path(current_app.config.get("MAIL_OUTBOX") or Path(current_app.instance_path) / "outbox")


def outbox_folder() -> Path:
    folder = outbox_path()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def queue_folder() -> Path:
    """Where mail waits for the SMTP server: ``<outbox>/queue``."""
    folder = outbox_folder() / "queue"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def queued_mail() -> list[Path]:
    """The messages waiting for the SMTP server, oldest first."""
    return sorted((outbox_path() / "queue").glob("*.eml"))


def waiting_mail() -> list[Path]:
    """Every message not sent yet: the queue's, then those written while no SMTP server was configured."""
    return queued_mail() + sorted(outbox_path().glob("*.eml"))


@dataclass(frozen=True)
class OutboxState:
    """What the organisers should know of the mail that did not go out (the dashboard shows it)."""

    server: bool  # an SMTP server is configured
    queued: int  # messages waiting for the server
    oldest: datetime | None  # when the oldest of them was written
    unsent: int  # messages written to the outbox while no SMTP server was configured
    refused: list[str]  # the addresses the server refused for good (the latest 50 messages), as written in them


def outbox_state() -> OutboxState:
    folder = outbox_path()
    queued = _written(queued_mail())
    refused: list[str] = []
    for path in sorted((folder / "failed").glob("*.eml"), reverse=True)[:50]:
        with contextlib.suppress(OSError), path.open("rb") as f:
            head = BytesHeaderParser(policy=compat32).parse(f)
            refused += [address for _name, address in getaddresses(head.get_all("To", [])) if address]
    return OutboxState(
        server=bool(current_app.config.get("MAIL_SERVER")), queued=len(queued),
        oldest=datetime.fromtimestamp(min(queued.values()), UTC) if queued else None,
        unsent=len(list(folder.glob("*.eml"))), refused=list(dict.fromkeys(refused)))


def _written(paths: list[Path]) -> dict[Path, float]:
    """When each message was written; one sent (moved away) meanwhile is left out."""
    found = {}
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            found[path] = path.stat().st_mtime
    return found


def write_to_outbox(message: Message, kind: str = "mail", *, durable: bool = False,
                    folder: Path | None = None) -> Path:
    """Write the message as ``<UTC time>-<kind>-<random>.eml``, readable by us only; returns its path.

    The file appears whole or not at all (written to a temporary name, then renamed). ``durable``
    also waits for the disk (fsync, a few ms): for mail that waits for the SMTP server in ``folder``
    (the queue). In the demo the outbox is where mail ends; SQLite itself runs with synchronous=NORMAL there.
    """
    folder = folder or outbox_folder()
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
    """Send what waits in the outbox through SMTP, the queue first; returns (sent, still waiting).

    A sent file moves to ``outbox/sent/``, one refused for good to ``outbox/failed/``; while the server is down
    or refuses for now, the rest stays for the next try. Without ``MAIL_SERVER`` nothing is sent: the outbox is
    where mail is meant to go.
    """
    return _deliver(waiting_mail())


def _deliver(paths: list[Path], session: MailSession | None = None,
             stopped: Callable[[], bool] = lambda: False) -> tuple[int, int]:
    """Send ``paths`` in order, through ``session``'s connection or a new one, until ``stopped()``: (sent, left
    waiting). A file another process or thread holds (it is sending it) is left to it, and counts as waiting."""
    if not current_app.config.get("MAIL_SERVER"):
        return 0, len(paths)
    if session is None:
        with MailSession() as session:
            return _deliver(paths, session)
    outbox = outbox_folder()
    sent = waiting = 0
    for index, path in enumerate(paths):
        if stopped():
            return sent, waiting + len(paths) - index
        with _taken(path) as raw:
            if raw is None:
                waiting += 1
                continue
            try:
                session.send_file(raw)
            except MailNotSent as e:
                if e.server_down or not e.for_good:
                    _logger().warning("Mail %s not sent (%s); it waits in the outbox.", path.name, e.code_or_reason)
                    return sent, waiting + len(paths) - index
                _move(path, outbox / "failed")
                _logger().warning("Mail %s refused by the SMTP server (%s); moved to the outbox's failed/.",
                                  path.name, e.code_or_reason)
                continue
            _move(path, outbox / "sent")
            sent += 1
    return sent, waiting


class _taken:
    """``with _taken(path) as raw``: the message in ``path`` (bytes) under an exclusive lock, or None when another
    process or thread holds it or has already moved it away. The lock goes with the file's closing, and with its
    process if that dies."""

    def __init__(self, path: Path):
        self.path = path
        self.file = None

    def __enter__(self) -> bytes | None:
        try:
            self.file = self.path.open("rb")
        except FileNotFoundError:
            return None
        try:
            fcntl.flock(self.file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            # between listing the folder and taking the lock, another may have sent the file and moved it
            if os.stat(self.path).st_ino != os.fstat(self.file.fileno()).st_ino:
                return None
        except (BlockingIOError, FileNotFoundError):
            return None
        return self.file.read()

    def __exit__(self, *exc) -> None:
        if self.file is not None:
            self.file.close()


def _move(path: Path, folder: Path) -> None:
    folder.mkdir(mode=0o700, exist_ok=True)
    with contextlib.suppress(FileNotFoundError):  # erased meanwhile (a participant's data removed): nothing to keep
        os.replace(path, folder / path.name)


MAX_RETRY_SECONDS = 15 * 60
KEEP_CONNECTION_SECONDS = 5  # an idle thread keeps its SMTP connection this long for the next message, then ends


class _Sender:
    """A process's sending thread for one app: it sends the queue whenever a message is added, and while messages
    wait (the server down), tries again after ``MAIL_RETRY_SECONDS``, twice as long after each try that sent
    nothing, up to 15 minutes. It ends when nothing waits, and starts again with the next message."""

    def __init__(self, app: Flask):
        self.app = app
        self.changed = threading.Condition()
        self.pending = 0  # messages added and not tried yet
        self.thread: threading.Thread | None = None
        self.stopped = False
        self.resumed_in: int | None = None  # the process that looked for mail left waiting by an earlier one

    def submit(self, count: int = 1) -> None:
        with self.changed:
            self.pending += count
            if self.stopped:
                return
            if self.thread is None or not self.thread.is_alive():  # none yet, or this process was forked
                self.thread = threading.Thread(target=self._run, name="delegates-mail", daemon=True)
                self.thread.start()
                _running.add(self)
            self.changed.notify_all()

    def resume(self) -> None:
        """Once in each process: start sending what an earlier process left in the queue (it was stopped, the
        server was down)."""
        if self.resumed_in == os.getpid():
            return
        self.resumed_in = os.getpid()
        with self.app.app_context():
            left = len(queued_mail()) if self.app.config.get("MAIL_SERVER") else 0
        if left:
            self.submit(left)

    def _run(self) -> None:
        retry = self.app.config.get("MAIL_RETRY_SECONDS") or 60
        pause = retry
        with MailSession() as session:  # one connection while mail keeps coming (MailSession dials again if dropped)
            while True:
                with self.changed:
                    taken = self.pending
                try:
                    with self.app.app_context():
                        sent, waiting = _deliver(queued_mail(), session, lambda: self.stopped)
                except Exception:  # a disk error, a message that does not parse: logged, and tried again later
                    self.app.logger.getChild("mail").exception("Sending the mail queue failed.")
                    sent, waiting = 0, 1
                with self.changed:
                    self.pending -= taken
                    self.changed.notify_all()
                    if self.pending:
                        continue
                    if waiting:
                        pause = retry if sent else min(pause * 2, MAX_RETRY_SECONDS)
                    more = self.changed.wait_for(lambda: self.pending or self.stopped,
                                                 timeout=pause if waiting else KEEP_CONNECTION_SECONDS)
                    if self.stopped or not (more or waiting):
                        self.thread = None  # a message submitted from now on starts a new thread
                        return

    def wait(self, timeout: float) -> bool:
        """Wait until every message added has been tried once; False if ``timeout`` seconds passed first."""
        with self.changed:
            return self.changed.wait_for(lambda: not self.pending, timeout=timeout)

    def stop(self) -> None:
        with self.changed:
            self.stopped = True
            self.changed.notify_all()
            thread = self.thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=10)


_running: weakref.WeakSet[_Sender] = weakref.WeakSet()


@atexit.register
def _finish_sending() -> None:
    """When the process ends (gunicorn stopping or recycling a worker): let each sending thread finish the message
    it is sending and move it to sent/, rather than be cut off between the two (which would send it twice)."""
    for sender in list(_running):
        sender.stop()


def init_app(app: Flask) -> None:
    """The app's mail sender; a process's first request resumes what an earlier process left in the queue."""
    sender = app.extensions["delegates.mail"] = _Sender(app)
    app.before_request(sender.resume)


def _sender(app: Flask) -> _Sender:
    return app.extensions["delegates.mail"]


def wait_for_sending(app: Flask, timeout: float = 10) -> bool:
    """Wait until the mail queued so far has been tried once (sent, refused, or left for the next try)."""
    return _sender(app).wait(timeout)


def stop_sending(app: Flask) -> None:
    """End the app's sending thread (what waits stays in the queue for the next process)."""
    _sender(app).stop()


class MailNotSent(Exception):
    """A message that the SMTP server refused (``server_down`` False) or could not take (True).

    ``reason`` is the server's reply as a person reads it (it may name the address: not for logs); ``codes`` the
    reply codes (5xx: refused for good, 4xx: for now)."""

    def __init__(self, reason: str, *, server_down: bool, codes: tuple[int, ...] = ()):
        super().__init__(reason)
        self.reason = reason
        self.server_down = server_down
        self.codes = codes

    @property
    def for_good(self) -> bool:
        return bool(self.codes) and all(500 <= code < 600 for code in self.codes)

    @property
    def code_or_reason(self) -> str:
        """What a log may say: the reply codes, else (the server down) the error's kind."""
        return "SMTP code " + ", ".join(map(str, self.codes)) if self.codes else self.reason


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
        return self._attempt(lambda smtp: smtp.send_message(message))

    def send_file(self, raw: bytes) -> Delivery:
        """A message as written to the outbox, sent as it is (not parsed and written again): its envelope is taken
        from its From, To and Cc. A message to an address that is not ASCII goes through ``send_message``, which
        asks the server for SMTPUTF8."""
        head = BytesHeaderParser(policy=compat32).parsebytes(raw)
        senders = [address for _name, address in getaddresses(head.get_all("From", [])) if address]
        recipients = [address for _name, address in getaddresses(head.get_all("To", []) + head.get_all("Cc", []))
                      if address]
        if not senders or not recipients:  # not a file of ours (put there by hand): no server would take it
            raise MailNotSent("554 the message names no sender or no recipient", server_down=False, codes=(554,))
        sender = senders[0]
        if not all(address.isascii() for address in (sender, *recipients)):
            message = message_from_bytes(raw, policy=policy.default)
            return self._attempt(lambda smtp: smtp.send_message(message))
        wire = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")  # the outbox's lines end in LF; SMTP's in CRLF
        return self._attempt(lambda smtp: smtp.sendmail(sender, recipients, wire))

    def _attempt(self, send: Callable[[smtplib.SMTP], object]) -> Delivery:
        for attempt in (1, 2):
            try:
                if self._smtp is None:
                    self._smtp = _open_smtp()
                send(self._smtp)
                return Delivery.SENT
            except smtplib.SMTPRecipientsRefused as e:
                reasons = "; ".join(_reply(code, text) for code, text in e.recipients.values())
                raise MailNotSent(reasons or "the server refused the recipient", server_down=False,
                                  codes=tuple(code for code, _text in e.recipients.values())) from None
            except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as e:
                raise MailNotSent(_reply(e.smtp_code, e.smtp_error), server_down=False, codes=(e.smtp_code,)) from None
            except smtplib.SMTPNotSupportedError:  # an address beyond ASCII, and the server has no SMTPUTF8
                raise MailNotSent("553 5.6.7 the server cannot carry an address beyond ASCII (no SMTPUTF8)",
                                  server_down=False, codes=(553,)) from None
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
