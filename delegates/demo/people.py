"""The demo's participants: country delegations, observers, the Organization's officials and the host's staff."""
from __future__ import annotations

import random
from dataclasses import dataclass

from delegates.demo import roles
from delegates.demo.delegations import OBSERVERS, Delegations, Observer
from delegates.demo.event import between, rome
from delegates.demo.names import Name, NameMaker
from delegates.demo.scripts import ascii_words
from delegates.registration.models import Category, Country, Delegation, Event, Participant
from delegates.registration.services import new_private_token

# The people the seed names, and one person per script the demo must show verbatim.
NAMED = {
    "cancellieri": Name("Annamaria", "Cancellieri", "Annamaria Cancellieri", True, "it_IT"),
    "fernandez_diaz": Name("Jorge", "Fernández Díaz", "Jorge Fernández Díaz", False, "es_ES"),
    "khoo": Name("Boon Hui", "Khoo", "Khoo Boon Hui", False, "zh_CN:latin"),
    "noble": Name("Ronald K.", "Noble", "Ronald K. Noble", False, "en_US"),
    "kolokoltsev": Name("Владимир", "Колокольцев", "Vladimir Kolokoltsev", False, "ru_RU"),
    "abdullah_bin_zayed": Name("عبد الله", "بن زايد", "Abdullah bin Zayed", False, "arabic_gulf"),
    "wang_xiaohong": Name("小洪", "王", "Wang Xiaohong", False, "zh_CN"),
    "zolc": Name("Łukasz", "Żółć", "Łukasz Żółć", False, "pl_PL"),
    "nguyen_van_thanh": Name("Văn Thành", "Nguyễn", "Nguyễn Văn Thành", False, "vi_VN"),
}
# Ministers the demo fixes: tag, function, ministry.
NAMED_MINISTERS = {
    "IT": ("cancellieri", "Minister of the Interior", "Ministry of the Interior"),
    "ES": ("fernandez_diaz", "Minister of the Interior", "Ministry of the Interior"),
    "RU": ("kolokoltsev", "Minister of Internal Affairs", "Ministry of Internal Affairs"),
    "AE": ("abdullah_bin_zayed", "Minister of Foreign Affairs", "Ministry of Foreign Affairs"),
}
NAMED_HEADS = {"CN": ("wang_xiaohong", "Director-General, International Cooperation")}
NAMED_DELEGATES = {
    "PL": ("zolc", "Head of International Police Cooperation"),
    "VN": ("nguyen_van_thanh", roles.NCB_HEAD),
}
OBSERVER_SPEAKERS = {
    "UNODC": "Chief, Terrorism Prevention Branch",
    "Europol": "Head of the Counter-Terrorism Unit",
    "AU": "Senior Adviser, Peace and Security Department",
    "CoE": "Head of the Counter-Terrorism Division",
}
MEDIA_COUNTRIES = ("IT",) * 14 + ("FR", "ES", "US", "GB", "DE", "AE", "CN", "RU", "SG", "BR", "JP", "EG",
                                   "MA", "NG", "AR", "TR")
MEDIA_OUTLETS = ("News agency", "Public broadcaster", "Daily newspaper", "Television news", "Radio news",
                 "Freelance")
BOOTHS = {"ar": ("arabic_mashriq", "arabic_maghreb"), "en": ("en_GB", "en_US"), "es": ("es_ES", "es_AR"),
          "fr": ("fr_FR", "fr_BE")}


@dataclass
class Person:
    participant: Participant
    category: str
    alpha2: str | None  # the delegation's country; None for observers
    region: str | None
    source: str
    tag: str | None = None


class PeopleBuilder:
    """Builds every participant in one pass; badge numbers follow the order they are made in."""

    def __init__(self, event: Event, categories: dict[str, Category], delegations: Delegations,
                 countries: dict[str, Country], rng: random.Random, names: NameMaker):
        self.event = event
        self.categories = categories
        self.delegations = delegations
        self.countries = countries
        self.rng = rng
        self.names = names
        self.people: list[Person] = []
        self.heads: dict[Delegation, Person] = {}
        self.tagged: dict[str, Person] = {}
        self._emails: set[str] = set()

    def build(self) -> list[Person]:
        attending = sorted(self.delegations.countries, key=lambda a2: self.countries[a2].name_en)
        for alpha2 in attending:
            self._country(alpha2, self.delegations.countries[alpha2])
        self._interpol()
        for observer in OBSERVERS[1:]:
            self._observer(observer)
        self._host()
        self._media()
        for number, person in enumerate(self.people, start=1):
            person.participant.badge_number = number
        return self.people

    # -- delegations ---------------------------------------------------------------

    def _country(self, a2: str, delegation: Delegation) -> None:
        rng = self.rng
        language = roles.language_of(a2)
        police = roles.police_body(a2, language, rng)
        size = rng.randint(7, 10) if a2 in roles.LARGE else rng.randint(3, 8)
        count, head, has_minister = 0, None, a2 in self.delegations.with_minister
        ministry = "Ministry of Internal Affairs" if a2 in roles.FORMER_SOVIET else "Ministry of the Interior"
        if has_minister:
            tag, function, ministry = NAMED_MINISTERS.get(a2) or (None, *roles.minister_portfolio(a2, language, rng))
            name = NAMED[tag] if tag else self.names.person(a2, female=rng.random() < 0.12)
            status = "accredited" if tag or rng.random() > 0.05 else "submitted"
            head = self._add(name, "Minister", delegation, a2, function, ministry, language, status=status, tag=tag)
            count += 1
        if head is None or a2 in roles.LARGE or rng.random() < 0.4:
            tag, function = NAMED_HEADS.get(a2) or (None, rng.choice(roles.HEAD_FUNCTIONS))
            name = NAMED[tag] if tag else self.names.person(a2, female=rng.random() < 0.1)
            hod = self._add(name, "Head of Delegation", delegation, a2, function,
                            ministry if function == "Deputy Minister" else police, language,
                            status="accredited", tag=tag)
            head = head or hod
            count += 1
        self.heads[delegation] = head
        if has_minister and size - count >= 2 and rng.random() < 0.07:
            self._add(self.names.person(a2, female=rng.random() < 0.7), "Guest", delegation, a2,
                      "Accompanying person", None, language)
            count += 1
        self._delegates(a2, delegation, language, police, ministry, has_minister, max(1, size - count))

    def _delegates(self, a2: str, delegation: Delegation, language: str, police: str, ministry: str,
                   has_minister: bool, how_many: int) -> None:
        """The National Central Bureau's head first, then officers, advisers and diplomats."""
        rng = self.rng
        functions = [roles.NCB_HEAD, *rng.sample(roles.DELEGATE_FUNCTIONS, len(roles.DELEGATE_FUNCTIONS))]
        if not has_minister:
            functions.remove("Adviser to the Minister")
        if a2 in NAMED_DELEGATES:
            tag, function = NAMED_DELEGATES[a2]
            functions.remove(function)
            self._add(NAMED[tag], "Delegate", delegation, a2, function, police, language, status="accredited",
                      tag=tag)
            how_many -= 1
        for function in functions[:how_many]:
            if function in roles.EMBASSY_FUNCTIONS:
                organisation = "Embassy in Rome"
            elif function in roles.MINISTRY_FUNCTIONS:
                organisation = ministry
            else:
                organisation = police
            self._add(self.names.person(a2, female=rng.random() < 0.25), "Delegate", delegation, a2, function,
                      organisation, language)

    def _interpol(self) -> None:
        delegation = self.delegations.observers["INTERPOL"]
        gs = "INTERPOL General Secretariat"
        khoo = self._add(NAMED["khoo"], "Speaker", delegation, None, "President of INTERPOL", "INTERPOL", "en",
                         status="accredited", tag="khoo", phone_country="SG")
        self.heads[delegation] = khoo
        self._add(NAMED["noble"], "Speaker", delegation, None, "Secretary General of INTERPOL", gs, "en",
                  status="accredited", tag="noble", phone_country="FR")
        for i, function in enumerate(("Senior Adviser, Office of the Secretary General",
                                      "Specialized Officer, Public Safety and Terrorism")):
            self._add(self.names.person("FR", False, ("fr_FR", "en_GB")[i]), "Speaker", delegation, None, function,
                      gs, "en", status="accredited", tag=f"gs_speaker_{i + 1}", phone_country="FR")
        staff_functions = ("Conference Officer", "Registration Desk Officer", "Protocol Officer", "Documents Officer",
                           "Press Officer", "IT Support Officer", "Liaison Officer for Delegations")
        sources = ("fr_FR", "en_GB", "es_ES", "de_DE", "arabic_maghreb", "pt_BR", "en_KE", "ja_JP")
        for i in range(25):
            name = self.names.person("FR", self.rng.random() < 0.5, self.rng.choice(sources))
            self._add(name, "Staff", delegation, None, staff_functions[i % len(staff_functions)], gs, "en",
                      status="accredited", phone_country="FR")
        for booth, booth_sources in BOOTHS.items():
            language_name = {"ar": "Arabic", "en": "English", "es": "Spanish", "fr": "French"}[booth]
            for i in range(6):
                name = self.names.person("FR", self.rng.random() < 0.65, booth_sources[i % 2])
                self._add(name, "Interpreter", delegation, None, f"Interpreter, {language_name} booth",
                          "INTERPOL Language Services", booth, status="accredited", phone_country="FR")

    def _observer(self, observer: Observer) -> None:
        delegation = self.delegations.observers[observer.acronym]
        for i in range(observer.members):
            source = self.rng.choice(observer.name_sources)
            name = self.names.person("FR", self.rng.random() < 0.35, source)
            if i == 1 and observer.acronym in OBSERVER_SPEAKERS:
                person = self._add(name, "Speaker", delegation, None, OBSERVER_SPEAKERS[observer.acronym],
                                   observer.name, observer.language, status="accredited",
                                   tag=f"speaker_{observer.acronym.lower()}")
            else:
                function = "Director" if i == 0 else self.rng.choice(
                    ("Senior Adviser", "Programme Officer", "Liaison Officer", "Policy Officer"))
                person = self._add(name, "Observer", delegation, None, function, observer.name, observer.language,
                                   status="accredited" if i == 0 else None)
            if i == 0:
                self.heads[delegation] = person

    def _host(self) -> None:
        """The Italian National Police's staff and security officers, in Italy's delegation."""
        delegation = self.delegations.countries["IT"]
        police = roles.POLICE_BODIES["IT"]
        staff = ("Conference Officer", "Protocol Officer", "Registration Desk Officer", "Transport Coordinator",
                 "Liaison Officer for Delegations")
        for i in range(15):
            self._add(self.names.person("IT", self.rng.random() < 0.5), "Staff", delegation, "IT",
                      staff[i % len(staff)], police, "en", status="accredited")
        security = ("Security Officer",) * 3 + ("Close Protection Officer", "Venue Security Coordinator")
        for i in range(20):
            self._add(self.names.person("IT", self.rng.random() < 0.2), "Security", delegation, "IT",
                      security[i % len(security)], police, "en", status="accredited")

    def _media(self) -> None:
        for a2 in MEDIA_COUNTRIES:
            if a2 not in self.delegations.countries:
                continue
            function = self.rng.choice(("Journalist", "Journalist", "Correspondent", "Photographer",
                                        "Camera operator", "Editor"))
            self._add(self.names.person(a2, self.rng.random() < 0.45), "Media", self.delegations.countries[a2],
                      a2, function, self.rng.choice(MEDIA_OUTLETS), roles.language_of(a2), domain="press.example.net")

    # -- one participant -------------------------------------------------------------

    def _add(self, name: Name, category: str, delegation: Delegation, a2: str | None, function: str,
             organisation: str | None, language: str, *, status: str | None = None, tag: str | None = None,
             domain: str | None = None, phone_country: str | None = None) -> Person:
        rng = self.rng
        status = status or self._status()
        created, accredited = self._dates(category, status)
        diet, diet_other = roles.dietary(name.source, rng)
        if category == "Minister":
            title = "H.E."
        elif rng.random() < 0.06:
            title = "Dr"
        else:
            title = "Ms" if name.female else "Mr"
        phone_country = phone_country or a2
        link = new_private_token()
        participant = Participant(
            event_id=self.event.id,
            delegation_id=delegation.id,
            category_id=self.categories[category].id,
            title=title,
            given_name=name.given,
            family_name=name.family,
            badge_name=name.badge,
            function=function,
            organisation=organisation,
            email=self._email(name, domain or self._domain(delegation, a2)),
            phone=roles.phone(phone_country, rng) if phone_country and rng.random() < 0.85 else None,
            ui_language=language,
            interpretation_language=language,
            dietary=diet,
            dietary_other=diet_other,
            accessibility=rng.choice(roles.ACCESSIBILITY) if rng.random() < 0.015 else None,
            status=status,
            rejection_reason=rng.choice(roles.REJECTION_REASONS) if status == "rejected" else None,
            rank_confirmed=category == "Minister" and status == "accredited",
            token_hash=link.hash,
            token_seed=link.seed,
            badge_version=1,
            consent_to_publish=category == "Minister" or rng.random() < 0.92,
            registered_via="demo",
            created_at=created,
            updated_at=accredited or created,
            accredited_at=accredited,
        )
        region = self.countries[a2].region if a2 else None
        person = Person(participant, category, a2, region, name.source, tag)
        self.people.append(person)
        if tag:
            self.tagged[tag] = person
        return person

    def _status(self) -> str:
        r = self.rng.random()
        if r < 0.1:
            return "submitted"
        if r < 0.11:
            return "rejected"
        if r < 0.125:
            return "cancelled"
        return "accredited"

    def _dates(self, category: str, status: str):
        rng = self.rng
        if category in ("Staff", "Security", "Interpreter"):
            created = between(rome(1, 9, 0, month=9), rome(15, 18, 0, month=10), rng)
        elif status == "submitted":
            created = between(rome(10, 9, 0, month=10), rome(26, 22, 0, month=10), rng)
        else:
            created = between(rome(1, 9, 0, month=6), rome(20, 18, 0, month=10), rng)
        if status != "accredited":
            return created, None
        return created, min(between(created, created + (rome(15) - rome(1)), rng), rome(4, 18, 0))

    def _domain(self, delegation: Delegation, a2: str | None) -> str:
        if a2:
            return f"{a2.lower()}.example.org"
        return f"{delegation.organisation_acronym.lower()}.example.org"

    def _email(self, name: Name, domain: str) -> str:
        local = ".".join(ascii_words(name.badge)) or "delegate"
        email, n = f"{local}@{domain}", 1
        while email in self._emails:
            n += 1
            email = f"{local}{n}@{domain}"
        self._emails.add(email)
        return email
