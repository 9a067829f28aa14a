"""The programme of 5–8 November 2012 and who is assigned to what.

Speakers and chairs are assigned by the programme officer, so they may sit in a
session whose categories would not admit them (the President of INTERPOL
chairs the ministerial meeting). Nobody holds two overlapping sessions.
"""
from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import insert

from delegates.demo.event import rome
from delegates.demo.people import Person
from delegates.demo.roles import NCB_HEAD
from delegates.extensions import db
from delegates.programme.models import Assignment, ConferenceSession, Room
from delegates.registration.models import Category, Event


@dataclass(frozen=True)
class Item:
    code: str
    kind: str
    room: str
    day: int
    start: tuple[int, int]
    end: tuple[int, int]
    title: str
    fr: str
    es: str
    ar: str
    description: str
    region: str | None = None  # side events: the region whose bureaus meet


NCB_MEETING = ("meeting of heads of National Central Bureaus", "réunion des chefs de Bureau central national",
               "reunión de jefes de Oficina Central Nacional", "اجتماع رؤساء المكاتب المركزية الوطنية")


def _regional(code, room, day, start, end, region, en, fr, es, ar) -> Item:
    return Item(code, "side_event", room, day, start, end, f"{en}: {NCB_MEETING[0]}", f"{fr} : {NCB_MEETING[1]}",
                f"{es}: {NCB_MEETING[2]}", f"{ar}: {NCB_MEETING[3]}",
                f"Heads of the National Central Bureaus of the region ({region}) review their cooperation "
                "during the General Assembly.", region)


def _plenary(n: int, day: int, start, end, description: str) -> Item:
    en = ("first", "second", "third", "fourth", "fifth")[n - 1]
    fr = ("première", "deuxième", "troisième", "quatrième", "cinquième")[n - 1]
    es = ("primera", "segunda", "tercera", "cuarta", "quinta")[n - 1]
    ar = ("الأولى", "الثانية", "الثالثة", "الرابعة", "الخامسة")[n - 1]
    return Item(f"ga-plenary-{n}", "plenary", "Plenary Hall", day, start, end,
                f"General Assembly – {en} plenary session", f"Assemblée générale – {fr} séance plénière",
                f"Asamblea General – {es} sesión plenaria", f"الجمعية العامة – الجلسة العامة {ar}", description)


PROGRAMME = (
    Item("opening", "plenary", "Plenary Hall", 5, (9, 0), (10, 0), "Opening ceremony",
         "Cérémonie d'ouverture", "Ceremonia de apertura", "حفل الافتتاح",
         "Opening of the 81st session of the General Assembly by the Italian Minister of the Interior, "
         "the President of INTERPOL and the Secretary General."),
    Item("ministerial", "ministerial", "Ministerial Room", 5, (10, 30), (13, 0), "Ministerial meeting",
         "Réunion ministérielle", "Reunión ministerial", "الاجتماع الوزاري",
         "Ministers of Justice, Home Affairs and Security, chaired by the President of INTERPOL, ask what has "
         "led to the expansion and aggravation of criminal violence, which skills and strategies better prepare "
         "countries to combat violent crime, whether existing legal frameworks meet law enforcement's needs, "
         "and which partnerships can sustainably counter criminal violence today."),
    Item("press-conference", "side_event", "Room C", 5, (13, 15), (14, 0), "Press conference",
         "Conférence de presse", "Conferencia de prensa", "مؤتمر صحفي",
         "The President of INTERPOL and the Secretary General meet the press after the Ministerial meeting."),
    Item("panel-new-aspects", "panel", "Room A", 5, (14, 30), (15, 50), "New aspects of contemporary violence",
         "Nouveaux aspects de la violence contemporaine", "Nuevos aspectos de la violencia contemporánea",
         "الجوانب الجديدة للعنف المعاصر",
         "Panel discussion of the Ministerial meeting: how criminal violence spreads across borders, profiting "
         "from developments in technology and economic instability."),
    Item("panel-extremism", "panel", "Room B", 5, (14, 30), (15, 50), "Extremism and ultraviolence",
         "Extrémisme et ultraviolence", "Extremismo y ultraviolencia", "التطرف والعنف المفرط",
         "Panel discussion of the Ministerial meeting on extremism and extreme forms of violence."),
    Item("panel-terrorism", "panel", "Room A", 5, (16, 0), (17, 20), "Terrorist violence",
         "La violence terroriste", "La violencia terrorista", "العنف الإرهابي",
         "Panel discussion of the Ministerial meeting on terrorist violence."),
    Item("panel-role-police", "panel", "Room B", 5, (16, 0), (17, 20), "The role for police",
         "Le rôle de la police", "El papel de la policía", "دور الشرطة",
         "Panel discussion of the Ministerial meeting: what police, and INTERPOL's global tools and services, "
         "can do against contemporary criminal violence."),
    Item("declaration", "ministerial", "Ministerial Room", 5, (17, 30), (18, 30),
         "Adoption of the ministerial declaration", "Adoption de la déclaration ministérielle",
         "Aprobación de la declaración ministerial", "اعتماد الإعلان الوزاري",
         "The Ministers adopt a joint declaration calling on all member countries to develop a common approach "
         "to the new challenges facing police worldwide."),
    _plenary(1, 6, (9, 30), (12, 30), "Adoption of the agenda; address by the President of INTERPOL; activity "
             "report of the Secretary General."),
    _regional("side-africa", "Room C", 6, (13, 0), (14, 15), "Africa", "African Regional Conference",
              "Conférence régionale africaine", "Conferencia Regional Africana", "المؤتمر الإقليمي الأفريقي"),
    _regional("side-americas", "Room D", 6, (13, 0), (14, 15), "Americas", "Americas Regional Conference",
              "Conférence régionale pour les Amériques", "Conferencia Regional Americana",
              "المؤتمر الإقليمي للأمريكتين"),
    _plenary(2, 6, (14, 30), (17, 30), "Follow-up to the Ministerial meeting on contemporary violence; "
             "INTERPOL's global tools and services for member countries."),
    _plenary(3, 7, (9, 30), (12, 30), "Financial matters: the financial report for 2011, the draft budget for "
             "2013 and statutory contributions."),
    _regional("side-asia", "Room C", 7, (13, 0), (14, 15), "Asia and South Pacific", "Asian Regional Conference",
              "Conférence régionale asiatique", "Conferencia Regional Asiática", "المؤتمر الإقليمي الآسيوي"),
    _regional("side-europe", "Room D", 7, (13, 0), (14, 15), "Europe", "European Regional Conference",
              "Conférence régionale européenne", "Conferencia Regional Europea", "المؤتمر الإقليمي الأوروبي"),
    _plenary(4, 7, (14, 30), (17, 30), "Reports of the committees and of the Commission for the Control of "
             "INTERPOL's Files; draft resolutions."),
    _regional("side-mena", "Room C", 7, (17, 45), (19, 0), "Middle East and North Africa",
              "Middle East and North Africa", "Moyen-Orient et Afrique du Nord", "Oriente Medio y Norte de África",
              "الشرق الأوسط وشمال أفريقيا"),
    _plenary(5, 8, (9, 30), (12, 30), "Elections to the Executive Committee, including the President of the "
             "Organization; venue of the 82nd session; adoption of resolutions."),
    Item("closing", "plenary", "Plenary Hall", 8, (15, 0), (16, 30), "Closing ceremony",
         "Cérémonie de clôture", "Ceremonia de clausura", "حفل الختام",
         "Closing of the 81st session of the General Assembly."),
)
WORKING = {"Staff", "Security", "Interpreter"}  # on duty, not in the audience
PANEL_SLOTS = (("panel-new-aspects", "panel-extremism"), ("panel-terrorism", "panel-role-police"))
# code: [(tag, role)]; "minister" draws a minister who has no other part.
PARTS = {
    "opening": [("cancellieri", "speaker"), ("khoo", "speaker"), ("noble", "speaker")],
    "ministerial": [("khoo", "chair"), ("noble", "speaker")],
    "press-conference": [("khoo", "speaker"), ("noble", "speaker")],
    "panel-new-aspects": [("minister", "chair"), ("speaker_unodc", "speaker"), ("gs_speaker_1", "speaker")],
    "panel-extremism": [("minister", "chair"), ("speaker_coe", "speaker"), ("minister", "speaker")],
    "panel-terrorism": [("minister", "chair"), ("fernandez_diaz", "speaker"), ("speaker_europol", "speaker")],
    "panel-role-police": [("minister", "chair"), ("speaker_au", "speaker"), ("gs_speaker_2", "speaker")],
    "declaration": [("khoo", "chair")],
    "ga-plenary-1": [("khoo", "chair"), ("noble", "speaker")],
    "closing": [("khoo", "speaker"), ("noble", "speaker")],
}
for _n in range(2, 6):
    PARTS[f"ga-plenary-{_n}"] = [("khoo", "chair")]


def add_sessions(event: Event, rooms: dict[str, Room], categories: dict[str, Category]) -> dict[str, ConferenceSession]:
    restricted = [categories["Minister"], categories["Head of Delegation"]]
    sessions = {}
    for item in PROGRAMME:
        room = rooms[item.room]
        sessions[item.code] = ConferenceSession(
            event_id=event.id, room_id=room.id, code=item.code, kind=item.kind, title=item.title,
            description=item.description,
            translations={"fr": {"title": item.fr}, "es": {"title": item.es}, "ar": {"title": item.ar}},
            starts_at=rome(item.day, *item.start), ends_at=rome(item.day, *item.end),
            capacity=room.capacity, assigned=0, is_public=item.code != "press-conference",
            open_for_choice=item.kind in ("panel", "side_event") and item.code != "press-conference",
            allowed_categories=restricted if item.kind == "ministerial" else [],
        )
    db.session.add_all(sessions.values())
    return sessions


def assign(sessions: dict[str, ConferenceSession], people: list[Person], rng: random.Random) -> int:
    """Insert every assignment and set each session's count; returns how many there are."""
    seats: dict[str, dict[int, tuple[str, bool]]] = defaultdict(dict)  # code -> participant id -> (role, requested)
    tagged = {p.tag: p for p in people if p.tag}
    accredited = [p for p in people if p.participant.status == "accredited"]
    audience = [p for p in accredited if p.category not in WORKING]
    leaders = [p for p in accredited if p.category in ("Minister", "Head of Delegation")]
    free_ministers = [p for p in leaders if p.category == "Minister" and not p.tag]
    for code, parts in PARTS.items():
        for tag, role in parts:
            person = free_ministers.pop(rng.randrange(len(free_ministers))) if tag == "minister" else tagged[tag]
            seats[code][person.participant.id] = (role, False)

    for code, item in ((i.code, i) for i in PROGRAMME):
        if item.kind == "plenary":
            _fill(seats[code], audience, sessions[code].capacity)
        elif item.kind == "ministerial":
            _fill(seats[code], leaders, sessions[code].capacity)
    _fill(seats["press-conference"], [p for p in accredited if p.category == "Media"], 80)

    delegates = [p for p in audience if p.category in ("Delegate", "Observer")]
    for slot in PANEL_SLOTS:
        taken = set().union(*(seats[code] for code in slot))
        for person in leaders + [p for p in delegates if rng.random() < 0.35]:
            pid = person.participant.id
            if pid in taken:
                continue
            open_panels = [c for c in slot if len(seats[c]) < sessions[c].capacity]
            if open_panels:
                seats[rng.choice(open_panels)][pid] = ("attendee", person.category == "Delegate")

    for item in PROGRAMME:
        if item.region:
            region = [p for p in accredited if p.region == item.region and p.alpha2]
            heads = [p for p in region if p.participant.function == NCB_HEAD]
            others = [p for p in region if p.category == "Head of Delegation"]
            _fill(seats[item.code], heads, sessions[item.code].capacity)
            _fill(seats[item.code], others, int(sessions[item.code].capacity * 0.85))

    rows = []
    for code, chosen in seats.items():
        session = sessions[code]
        session.assigned = len(chosen)
        rows += [{"session_id": session.id, "participant_id": pid, "role": role, "status": "confirmed",
                  "requested": requested, "created_at": rome(1, 12, 0)}
                 for pid, (role, requested) in sorted(chosen.items())]
    db.session.execute(insert(Assignment), rows)
    return len(rows)


def _fill(seats: dict[int, tuple[str, bool]], people: list[Person], limit: int) -> None:
    for person in people:
        if len(seats) >= limit:
            return
        seats.setdefault(person.participant.id, ("attendee", False))
