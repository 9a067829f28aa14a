"""The official list of participants (``delegates report participants``).

Delegations of countries in the alphabetical order of the country's name in the list's language (in
Arabic without the article ال), then observer organisations; in each, protocol order (ministers, heads
of delegation, then the rest) and family name. Each person: title and name as on the badge (Latin
letters), the name in its own script when that is not Latin, and function. By default only accredited
participants who agreed to be published; the list says on every page whether it is provisional or final.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import IO

from flask_babel import force_locale
from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from delegates.common.i18n import RTL_LANGUAGES
from delegates.common.pdf import output
from delegates.common.pdf.text import FontSet, Lines
from delegates.extensions import db
from delegates.programme.agenda_pdf import event_facts
from delegates.programme.pdf import ACCENT, BAND, INK, MARGIN, MUTED, Page, footer, new_canvas
from delegates.registration.models import Delegation, Event, Participant
from delegates.registration.names import own_script_name
from delegates.registration.search import fold

ROW_SIZE = 9.5
NAME_SHARE = 0.46  # of the text width; the function takes the rest


@dataclass(frozen=True)
class ListedPerson:
    name: str  # title and the badge's (Latin) name
    own_name: str  # in its own script, or ""
    function: str


@dataclass(frozen=True)
class ListedDelegation:
    name: str
    people: tuple[ListedPerson, ...]


@dataclass(frozen=True)
class ParticipantsList:
    rtl: bool
    labels: dict[str, str]  # heading, status, observers, empty
    event_name: str
    event_facts: tuple[str, ...]
    countries: tuple[ListedDelegation, ...]
    observers: tuple[ListedDelegation, ...]

    def texts(self):
        yield from self.labels.values()
        yield from (self.event_name, *self.event_facts)
        for group in (*self.countries, *self.observers):
            yield group.name
            for person in group.people:
                yield from (person.name, person.own_name, person.function)


ARABIC_ARTICLE = "\u0627\u0644"  # ال


def alphabetical_key(name: str, language: str) -> str:
    """Where a delegation's name sorts in a list in ``language``: case and accents ignored; in Arabic the
    definite article (ال) ignored too, as the United Nations' Arabic lists do (الهند, India, under ه).

    Only the article with a plain alef is stripped: the alef with hamza of ألمانيا (Germany) is a letter of
    the name."""
    text = unicodedata.normalize("NFC", name)
    if language == "ar":
        text = " ".join(word[2:] if word.startswith(ARABIC_ARTICLE) and len(word) > 3 else word
                        for word in text.split())
    return fold(text)


def listed_people(event: Event, everyone: bool = False) -> list[Participant]:
    """Members of delegations who are on the list: accredited and consenting, or (``everyone``) anyone
    registered who was neither rejected nor cancelled."""
    query = (select(Participant).where(Participant.event_id == event.id, Participant.delegation_id.is_not(None))
             .options(selectinload(Participant.delegation).selectinload(Delegation.country),
                      selectinload(Participant.category)))
    if everyone:
        query = query.where(Participant.status.in_(("submitted", "accredited")))
    else:
        query = query.where(Participant.status == "accredited", Participant.consent_to_publish.is_(True))
    return list(db.session.scalars(query))


def participants_list(event: Event, language: str, *, final: bool = False, everyone: bool = False) -> ParticipantsList:
    """The list's content in ``language`` (delegations and people in order)."""
    groups: dict[int, tuple[Delegation, list[Participant]]] = {}
    for person in listed_people(event, everyone):
        groups.setdefault(person.delegation_id, (person.delegation, []))[1].append(person)

    def person_key(p: Participant):
        return (p.category.protocol_order, fold(p.family_name or p.given_name or ""), fold(p.given_name or ""), p.id)

    def listed(delegation: Delegation, people: list[Participant]) -> ListedDelegation:
        rows = []
        for p in sorted(people, key=person_key):
            own = own_script_name(p.given_name, p.family_name)
            rows.append(ListedPerson(name=" ".join(x for x in (p.title, p.badge_name) if x),
                                     own_name=own if own and own != p.badge_name else "",
                                     function=p.function or ""))
        return ListedDelegation(delegation.name(language), tuple(rows))

    delegations = sorted(groups.values(), key=lambda g: (alphabetical_key(g[0].name(language), language), g[0].id))
    with force_locale(language):
        labels = {"heading": _("List of participants"),
                  "status": _("Final list") if final else _("Provisional list"),
                  "observers": _("Observers"), "empty": _("No participant is on the list yet.")}
    return ParticipantsList(
        rtl=language in RTL_LANGUAGES, labels=labels, event_name=event.translated("name", language) or event.name,
        event_facts=event_facts(event, language),
        countries=tuple(listed(d, people) for d, people in delegations if d.kind == "country"),
        observers=tuple(listed(d, people) for d, people in delegations if d.kind != "country"))


def render_participants(data: ParticipantsList, out: IO[bytes]) -> int:
    """The list on A4, the status (provisional or final) at the top and in every page's footer; returns pages."""
    fonts = FontSet(data.texts())
    c = new_canvas(out, A4, fonts, data.labels["heading"])
    p = Page(c, Lines(fonts), data.rtl, A4)
    content = p.width - 2 * MARGIN
    name_width = content * NAME_SHARE
    bottom = MARGIN + 8
    state = {"pages": 1}
    y = p.height - MARGIN
    y = p.draw_block(p.block(data.event_name, content * 0.7, 30, 16, bold=True), MARGIN, y, colour=ACCENT)
    p.text(data.labels["status"], MARGIN + content * 0.72, p.height - MARGIN - 14, 12, content * 0.28, bold=True,
           colour=INK, align="end")
    for fact in data.event_facts:
        y -= 13
        p.text(fact, MARGIN, y, 10, content, colour=MUTED)
    y -= 24
    p.text(data.labels["heading"], MARGIN, y, 14, content, bold=True)
    y -= 10

    def new_page() -> float:
        footer(p, f"{data.labels['heading']} · {data.labels['status']}", state["pages"])
        c.showPage()
        state["pages"] += 1
        return p.height - MARGIN

    def section(title: str, y: float) -> float:
        if y - 44 < bottom:
            y = new_page()
        p.rect(MARGIN, y - 30, content, 22, ACCENT)
        p.text(title, MARGIN + 4, y - 23, 13, content - 8, bold=True, colour=(1, 1, 1))
        return y - 34

    def delegation(group: ListedDelegation, y: float) -> float:
        if y - 40 < bottom:
            y = new_page()
        p.rect(MARGIN, y - 20, content, 18, BAND)
        p.text(group.name, MARGIN + 4, y - 14.5, 11, content - 8, bold=True, colour=ACCENT)
        y -= 24
        for person in group.people:
            height = ROW_SIZE * 1.5 + (ROW_SIZE * 1.3 if person.own_name else 0)
            function = p.block(person.function, content - name_width - 6, 2 * ROW_SIZE * 1.18 + 1, ROW_SIZE)
            height = max(height, function.height + 4)
            if y - height < bottom:
                y = new_page()
                p.text(group.name, MARGIN + 4, y - 10, 9, content - 8, bold=True, colour=MUTED)
                y -= 16
            baseline = y - ROW_SIZE
            p.text(person.name, MARGIN + 4, baseline, ROW_SIZE + 0.5, name_width - 4, bold=True)
            if person.own_name:
                p.text(person.own_name, MARGIN + 4, baseline - ROW_SIZE * 1.3, ROW_SIZE, name_width - 4)
            if function.lines:
                p.draw_block(function, MARGIN + name_width + 6, y - 1.2, colour=MUTED)
            y -= height
        return y - 6

    if not data.countries and not data.observers:
        p.text(data.labels["empty"], MARGIN, y - 16, 10.5, content, colour=MUTED)
    for group in data.countries:
        y = delegation(group, y)
    if data.observers:
        y = section(data.labels["observers"], y)
        for group in data.observers:
            y = delegation(group, y)
    footer(p, f"{data.labels['heading']} · {data.labels['status']}", state["pages"])
    c.showPage()
    output.save(c, out)
    return state["pages"]


def participants_report(event: Event, stream: IO[bytes], language: str | None = None, final: bool = False,
                        all: bool = False) -> int:  # noqa: A002  (the command line's --all)
    return render_participants(participants_list(event, language or event.default_language, final=final,
                                                 everyone=all), stream)
