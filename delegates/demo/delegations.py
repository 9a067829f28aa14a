"""The delegations: some 170 member countries and a few international organisations."""
from __future__ import annotations

import random
from dataclasses import dataclass

from delegates.demo.event import between, rome
from delegates.demo.names import NameMaker
from delegates.extensions import db
from delegates.registration.models import Country, Delegation, Event

COUNTRY_DELEGATIONS = 172
MINISTERS = 98
# The host, and the countries the seed and the demo's script tests name.
MUST_ATTEND = ("IT", "ES", "SG", "US", "RU", "AE", "CN", "PL", "VN")
MINISTER_COUNTRIES = ("IT", "ES", "RU", "AE")
NO_MINISTER = ("CN",)  # China's head of delegation is not a minister in the demo


@dataclass(frozen=True)
class Observer:
    name: str
    acronym: str
    language: str
    name_sources: tuple[str, ...]
    members: int


OBSERVERS = (
    Observer("INTERPOL General Secretariat", "INTERPOL", "en", (), 0),  # its people are listed in people.py
    Observer("United Nations Office on Drugs and Crime", "UNODC", "en", ("en_GB", "fr_FR", "de_AT", "es_MX"), 4),
    Observer("European Police Office", "Europol", "en", ("nl_NL", "de_DE", "en_GB", "it_IT", "pl_PL"), 3),
    Observer("ASEAN Chiefs of National Police", "ASEANAPOL", "en", ("malay", "id_ID", "zh_CN:latin", "thai"), 3),
    Observer("Organization of American States", "OAS", "es", ("es_MX", "es_CO", "en_US"), 3),
    Observer("League of Arab States", "LAS", "ar", ("arabic_mashriq",), 3),
    Observer("African Union", "AU", "en", ("ethiopian", "west_african", "en_KE"), 3),
    Observer("Council of Europe", "CoE", "fr", ("fr_FR", "de_DE", "en_GB"), 3),
)


@dataclass
class Delegations:
    countries: dict[str, Delegation]  # by alpha-2
    observers: dict[str, Delegation]  # by acronym
    with_minister: set[str]  # alpha-2 codes


def choose_countries(members: list[str], rng: random.Random) -> list[str]:
    """About 172 of the 190 members attend, the ones the demo needs among them."""
    others = [code for code in members if code not in MUST_ATTEND]
    chosen = rng.sample(others, COUNTRY_DELEGATIONS - len(MUST_ATTEND))
    return sorted([*MUST_ATTEND, *chosen])


def choose_minister_countries(attending: list[str], rng: random.Random) -> set[str]:
    pool = [c for c in attending if c not in MINISTER_COUNTRIES and c not in NO_MINISTER]
    return {*MINISTER_COUNTRIES, *rng.sample(pool, MINISTERS - len(MINISTER_COUNTRIES))}


def add_delegations(event: Event, attending: list[Country], with_minister: set[str], rng: random.Random,
                    names: NameMaker) -> Delegations:
    countries = {}
    for country in attending:
        focal_point = names.person(country.alpha2, female=rng.random() < 0.35)
        received = None
        if rng.random() < 0.86:
            received = between(rome(20, 10, 0, month=9), rome(5, 9, 0), rng).replace(hour=rng.randint(8, 18))
        countries[country.alpha2] = Delegation(
            event_id=event.id,
            kind="country",
            country_code=country.alpha3,
            focal_point_name=focal_point.badge,
            focal_point_email=f"ncb.{country.alpha2.lower()}@example.org",
            credentials_received_at=received,
            created_at=between(rome(1, 9, 0, month=6), rome(15, 18, 0, month=7), rng).replace(hour=rng.randint(8, 18)),
        )
    observers = {
        o.acronym: Delegation(
            event_id=event.id,
            kind="observer",
            organisation_name=o.name,
            organisation_acronym=o.acronym,
            focal_point_name=None,
            focal_point_email=f"delegates@{o.acronym.lower()}.example.org",
            credentials_received_at=rome(rng.randint(1, 31), 11, 0, month=10),
            created_at=rome(rng.randint(1, 30), 9, 0, month=6),
        )
        for o in OBSERVERS
    }
    db.session.add_all([*countries.values(), *observers.values()])
    return Delegations(countries, observers, with_minister)
