"""Hotels and flights: who sleeps where, who lands when."""
from __future__ import annotations

import random

from sqlalchemy import insert

from delegates.demo.event import between, rome
from delegates.demo.people import Person
from delegates.extensions import db
from delegates.logistics.models import Hotel, Travel

# IATA codes of the carriers a delegation would fly to Rome; flight numbers are made up.
CARRIERS = {
    "FR": "AF", "DE": "LH", "GB": "BA", "ES": "IB UX", "US": "DL UA AA", "TR": "TK", "AE": "EK EY", "QA": "QR",
    "SG": "SQ", "CN": "CA", "JP": "NH JL", "KR": "KE OZ", "RU": "SU", "ET": "ET", "EG": "MS", "MA": "AT",
    "TN": "TU", "DZ": "AH", "NL": "KL", "CH": "LX", "AT": "OS", "BE": "SN", "PL": "LO", "GR": "A3", "PT": "TP",
    "IL": "LY", "JO": "RJ", "LB": "ME", "SA": "SV", "IN": "AI", "TH": "TG", "BR": "AZ", "AR": "AZ", "CA": "AC",
    "KE": "KQ", "ZA": "SA", "SE": "SK", "DK": "SK", "NO": "SK", "FI": "AY", "IE": "EI", "CZ": "OK", "RO": "RO",
    "BG": "FB", "HR": "OU", "RS": "JU", "UA": "PS", "AZ": "J2", "PK": "PK", "LK": "UL", "VN": "VN",
}
# Connections through the hubs that serve each region.
REGION_CARRIERS = {
    "Africa": "ET AF TK MS", "Americas": "AZ IB AF LH", "Asia and South Pacific": "TK EK QR LH",
    "Europe": "AZ LH AF", "Middle East and North Africa": "EK QR TK MS",
}
LOW_COST_TO_CIAMPINO = "FR U2"


def assign_hotels(people: list[Person], hotels: list[Hotel], rng: random.Random) -> None:
    """Ministers in the first hotel, the Organization's people in the second, the others anywhere."""
    for person in people:
        p = person.participant
        if person.alpha2 == "IT" or p.status in ("rejected", "cancelled") or rng.random() > 0.88:
            continue
        if person.category == "Minister":
            p.hotel_id = hotels[0].id
        elif person.alpha2 is None and person.category in ("Staff", "Interpreter", "Speaker"):
            p.hotel_id = hotels[1].id
        else:
            p.hotel_id = rng.choice(hotels).id


def add_travel(people: list[Person], rng: random.Random) -> int:
    rows = []
    for person in people:
        p = person.participant
        if person.alpha2 == "IT" or p.status in ("rejected", "cancelled") or rng.random() > 0.9:
            continue
        vip = person.category in ("Minister", "Head of Delegation")
        if person.category == "Minister":
            arrive = between(rome(4, 10, 0), rome(4, 22, 0), rng) if rng.random() < 0.8 else \
                between(rome(5, 6, 0), rome(5, 8, 30), rng)
        elif person.category in ("Staff", "Interpreter"):
            arrive = between(rome(2, 9, 0), rome(3, 20, 0), rng)
        else:
            arrive = between(rome(3, 12, 0), rome(5, 8, 0), rng)
        leave = between(rome(8, 17, 30), rome(8, 23, 0), rng) if rng.random() < 0.5 else \
            between(rome(9, 7, 0), rome(9, 20, 0), rng)
        state_aircraft = person.category == "Minister" and rng.random() < 0.3
        airport, carrier, number = _route(person, state_aircraft, rng)
        transfer = vip or rng.random() < 0.6
        for direction, at, flight_number in (("arrival", arrive, number), ("departure", leave, number + 1)):
            rows.append({"participant_id": p.id, "direction": direction, "at": at, "airport": airport,
                         "flight": f"{carrier}{flight_number}" if carrier else None, "needs_transfer": transfer})
    if rows:
        db.session.execute(insert(Travel), rows)
    return len(rows)


def _route(person: Person, state_aircraft: bool, rng: random.Random) -> tuple[str, str | None, int]:
    """(airport, carrier, flight number in): the flight out is the next number, as airlines pair them."""
    if state_aircraft:
        return "CIA", None, 0  # a government aircraft lands at Ciampino
    if person.region == "Europe" and rng.random() < 0.1:
        return "CIA", rng.choice(LOW_COST_TO_CIAMPINO.split()), rng.randrange(1000, 9998, 2)
    carriers = CARRIERS.get(person.alpha2 or "") or REGION_CARRIERS.get(person.region or "", "AZ AF LH")
    return "FCO", rng.choice(carriers.split()), rng.randrange(10, 998, 2)
