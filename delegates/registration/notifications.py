"""The mails a participant receives, written in the participant's language.

Each function renders ``templates/mail/<kind>.txt`` under ``force_locale`` (the participant's
``ui_language``, else the event's default language), adds an HTML alternative laid out in
that language's direction, and hands it to ``send_mail``: mail that cannot go out waits in
the outbox, so none of these ever makes the caller fail.

The mails that carry the private link take the token from the caller: the one just issued
(``register``, ``new_link``), or the one the participant has, made again from its seed
(``services.current_token``).
"""
from __future__ import annotations

import re
from email.headerregistry import Address
from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from delegates.common.i18n import RTL_LANGUAGES, format_moment
from delegates.common.mail import Delivery, render_mail, send_mail
from delegates.registration.models import Participant
from delegates.registration.services import current_token, status_labels

URL_LINE = re.compile(r"^https?://\S+$")


def private_link(token: str) -> str:
    """The absolute address of a participant's private page."""
    return absolute_url("registration.private", token=token)


def absolute_url(endpoint: str, **values) -> str:
    """An absolute URL: the request's own host in a web request, ``PUBLIC_URL`` elsewhere (CLI, jobs)."""
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    base = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "http")
    return adapter.build(endpoint, values, force_external=True)


def mail_private_link(participant: Participant, token: str) -> Delivery:
    """After registering: the confirmation with the private link."""
    with force_locale(language_of(participant)):
        event_name = participant.event.translated("name", language_of(participant))
        return _send(participant, "private_link", _("Your registration for %(event)s", event=event_name),
                     link=private_link(token), status=status_labels().get(participant.status, participant.status))


def mail_new_link(participant: Participant, token: str) -> Delivery:
    """A new private link was made (asked for by the person, or by the registrar); the old one is dead."""
    with force_locale(language_of(participant)):
        event_name = participant.event.translated("name", language_of(participant))
        return _send(participant, "private_link_renewed", _("Your new private link for %(event)s", event=event_name),
                     link=private_link(token), status=status_labels().get(participant.status, participant.status))


def mail_link_again(participant: Participant, token: str, *, again: bool = False, by_organisers: bool = False,
                    by_focal_point: bool = False) -> Delivery:
    """Someone asked for the link to this registration (``again``: registered its address again on the form;
    ``by_organisers``: the registrar sends it; ``by_focal_point``: the delegation's focal point does): the private
    link, the same (see ``registration.lost_links``)."""
    with force_locale(language_of(participant)):
        event_name = participant.event.translated("name", language_of(participant))
        return _send(participant, "link_resent", _("The link to your registration for %(event)s", event=event_name),
                     link=private_link(token), again=again, by_organisers=by_organisers,
                     by_focal_point=by_focal_point,
                     status=status_labels().get(participant.status, participant.status))


def mail_lost_link(participant: Participant, value: str, hours: int, *, again: bool = False) -> Delivery:
    """Someone asked for the link to this registration (``again``: registered its address again on the form), and
    it cannot be made again: a link that opens the registration and makes a new private link (see
    ``registration.lost_links``)."""
    with force_locale(language_of(participant)):
        event_name = participant.event.translated("name", language_of(participant))
        return _send(participant, "private_link_again" if again else "lost_link",
                     _("The link to your registration for %(event)s", event=event_name),
                     link=absolute_url("registration.open_lost_link", value=value), hours=hours,
                     status=status_labels().get(participant.status, participant.status))


def mail_email_changed(participant: Participant, token: str, old_address: str, *, by_focal_point: bool = False
                       ) -> None:
    """The email address changed, on the private page (``token`` its link) or by the delegation's focal point
    (``token`` a new link): the private link goes to the new address (it had only been mailed to the old one), and
    the old address is told where the mail goes now, in case it was not its owner who changed it."""
    language = language_of(participant)
    with force_locale(language):
        event_name = participant.event.translated("name", language)
        _send(participant, "email_changed", _("Your private link for %(event)s", event=event_name),
              link=private_link(token))
        _send(participant, "email_changed_notice",
              _("The email address of your registration for %(event)s was changed", event=event_name),
              to=Address(display_name=recipient(participant).display_name, addr_spec=old_address),
              new_address=participant.email, by_focal_point=by_focal_point)


def mail_accredited(participant: Participant) -> Delivery:
    """The registration is accredited: the mail carries the private link to the badge, when it can be made again
    (else it points to the mail that had it)."""
    token = current_token(participant)
    language = language_of(participant)
    with force_locale(language):
        event_name = participant.event.translated("name", language)
        return _send(participant, "accredited", _("Your registration for %(event)s is accredited", event=event_name),
                     link=private_link(token) if token else None, category=participant.category.label(language))


def mail_rejected(participant: Participant) -> Delivery:
    """The registration was rejected, with the registrar's reason."""
    with force_locale(language_of(participant)):
        event_name = participant.event.translated("name", language_of(participant))
        return _send(participant, "rejected",
                     _("Your registration for %(event)s was not accepted", event=event_name),
                     reason=participant.rejection_reason or "",
                     can_reply=bool(current_app.config.get("MAIL_REPLY_TO")))


def mail_status_back_to_review(participant: Participant) -> Delivery:
    """A change to the badge after accreditation sent the registration back to the registrar."""
    token = current_token(participant)
    with force_locale(language_of(participant)):
        event_name = participant.event.translated("name", language_of(participant))
        return _send(participant, "back_to_review",
                     _("Your registration for %(event)s is being checked again", event=event_name),
                     link=private_link(token) if token else None)


def mail_session_confirmed(participant: Participant, session) -> Delivery:
    """A seat freed in a session the person waited for: they have it now."""
    language = language_of(participant)
    with force_locale(language):
        event = participant.event
        title = session.translated("title", language)
        start = event.local(session.starts_at)
        return _send(participant, "session_confirmed", _("You have a seat: %(session)s", session=title),
                     session_title=title, day=start.date(), start=start.strftime("%H:%M"),
                     end=event.local(session.ends_at).strftime("%H:%M"),
                     room=session.room.name if session.room else None)


def language_of(participant: Participant) -> str:
    languages = current_app.config["LANGUAGES"]
    for language in (participant.ui_language, participant.event.default_language):
        if language in languages:
            return language
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def recipient(participant: Participant) -> Address:
    """The participant's address with the name on the badge as its display name."""
    return Address(display_name=participant.badge_name or participant.full_name, addr_spec=participant.email)


def _send(participant: Participant, kind: str, subject: str, *, to: Address | None = None, **context) -> Delivery:
    """Render ``mail/<kind>.txt`` in the current (forced) locale and send it to the participant (or ``to``)."""
    event = participant.event
    language = language_of(participant)
    body = render_mail(
        f"mail/{kind}.txt", participant=participant, event=event, name=participant.badge_name,
        event_name=event.translated("name", language), city=event.translated("city", language),
        venue=event.translated("venue", language), signature=event.organiser_name or event.name,
        note=event.translated("participant_note", language),
        changes_until=_changes_until(event, language), **context,
    )
    return send_mail(to or recipient(participant), subject, body, html=_html(body, subject, language),
                     reply_to=current_app.config.get("MAIL_REPLY_TO"), language=language, kind=kind)


def _changes_until(event, language: str) -> str | None:
    """Until when the person may still change or cancel the registration, as ``language`` writes it; None when
    the event sets no deadline, or it has passed."""
    if event.changes_close_at is None or not event.changes_open():
        return None
    return format_moment(event.changes_close_at, event.tz, language)


def _html(body: str, subject: str, language: str) -> str:
    """The text as HTML paragraphs, in the language's direction, with its addresses as links."""
    paragraphs = [
        [("link" if URL_LINE.match(line) else "text", line) for line in block.split("\n")]
        for block in re.split(r"\n\s*\n", body.strip()) if block.strip()
    ]
    return render_mail("mail/layout.html", paragraphs=paragraphs, subject=subject, lang=language,
                           direction="rtl" if language in RTL_LANGUAGES else "ltr")
