"""What demo participants do: functions, organisations, needs and contact details."""
from __future__ import annotations

import functools
import random

import phonenumbers
from countryinfo import CountryInfo

from delegates.demo.name_pools import HALAL_SOURCES

FORMER_SOVIET = {"RU", "BY", "UA", "MD", "KZ", "KG", "TJ", "UZ", "TM", "AZ", "AM", "GE"}
# Large delegations: the biggest police services and the host.
LARGE = {
    "US", "CN", "RU", "FR", "DE", "GB", "IT", "ES", "JP", "BR", "IN", "TR", "SA", "AE", "NG", "ZA", "MX", "KR",
    "ID", "EG", "CA", "AU", "AR", "MA", "DZ",
}

# The police body or ministry a country's delegates come from, where it is well known;
# the others get a generic name.
POLICE_BODIES = {
    "IT": "Italian National Police", "ES": "National Police", "US": "U.S. Department of Justice",
    "CN": "Ministry of Public Security", "VN": "Ministry of Public Security", "JP": "National Police Agency",
    "KR": "Korean National Police Agency", "DE": "Federal Criminal Police Office",
    "TH": "Royal Thai Police", "SG": "Singapore Police Force", "AU": "Australian Federal Police",
    "CA": "Royal Canadian Mounted Police", "BR": "Federal Police", "AR": "Federal Police",
    "NG": "Nigeria Police Force", "ZA": "South African Police Service", "IN": "Central Bureau of Investigation",
    "PK": "Federal Investigation Agency", "FR": "Central Directorate of the Judicial Police",
}


def police_body(alpha2: str, language: str, rng: random.Random) -> str:
    if alpha2 in POLICE_BODIES:
        return POLICE_BODIES[alpha2]
    if alpha2 in FORMER_SOVIET:
        return "Ministry of Internal Affairs"
    if language == "fr":
        return rng.choice(("National Police", "National Police", "National Gendarmerie"))
    if language == "en" and speaks_english(alpha2):
        return rng.choice(("Police Service", "Police Force", "National Police"))
    return rng.choice(("National Police", "National Police", "Ministry of the Interior"))


def minister_portfolio(alpha2: str, language: str, rng: random.Random) -> tuple[str, str]:
    """(function, ministry) of a country's minister."""
    if alpha2 in FORMER_SOVIET:
        portfolios = ["Internal Affairs"]
    elif alpha2 in ("CN", "VN"):
        portfolios = ["Public Security"]
    elif language == "en" and speaks_english(alpha2):
        portfolios = ["Home Affairs", "National Security", "Justice", "Internal Affairs", "Public Security",
                      "Justice and Home Affairs"]
    else:
        portfolios = ["the Interior", "the Interior", "the Interior", "Justice", "Security"]
    portfolio = rng.choice(portfolios)
    return f"Minister of {portfolio}", f"Ministry of {portfolio}"


HEAD_FUNCTIONS = (
    "Director General of Police", "Inspector General of Police", "Commissioner of Police",
    "Chief of the National Police", "Director of the Criminal Investigation Department",
    "Deputy Minister",  # of the country's ministry: the organisation says which
)
NCB_HEAD = "Director of the National Central Bureau"
DELEGATE_FUNCTIONS = (
    "Deputy Director of the National Central Bureau", "Head of International Police Cooperation",
    "Chief Superintendent", "Superintendent", "Chief Inspector", "Legal Adviser",
    "Head of the Counter-Terrorism Unit", "Head of the Organized Crime Division",
    "Senior Criminal Intelligence Analyst", "Head of the Cybercrime Unit", "Police Attaché",
    "Counsellor", "Adviser to the Minister", "Protocol Officer", "Liaison Officer",
)
EMBASSY_FUNCTIONS = {"Police Attaché", "Counsellor"}
MINISTRY_FUNCTIONS = {"Legal Adviser", "Adviser to the Minister", "Protocol Officer"}

REJECTION_REASONS = (
    "Duplicate registration: the delegate is already registered under another e-mail address.",
    "Not on the delegation list sent by the National Central Bureau.",
    "Received after the registration deadline; the delegation's quota is full.",
)

DIETARY_OTHER = ("No shellfish", "Lactose intolerant", "Nut allergy", "Low-salt diet", "Diabetic diet")
ACCESSIBILITY = (
    "Wheelchair user: step-free access and an aisle seat.",
    "Reduced mobility: a seat near the entrance, please.",
    "Hard of hearing: an induction loop or a seat near the speakers.",
    "Low vision: documents in large print.",
)


def dietary(source: str, rng: random.Random) -> tuple[str, str | None]:
    """(dietary, dietary_other): mostly none, halal more often where it is usual."""
    r = rng.random()
    if source in HALAL_SOURCES and r < 0.35:
        return "halal", None
    if source == "hebrew" and r < 0.3:
        return "kosher", None
    if source in ("hi_IN", "ne_NP", "ta_IN") and r < 0.3:
        return "vegetarian", None
    r = rng.random()
    for choice, share in (("vegetarian", 0.05), ("gluten_free", 0.02), ("vegan", 0.01), ("other", 0.012)):
        if r < share:
            return choice, rng.choice(DIETARY_OTHER) if choice == "other" else None
        r -= share
    return "none", None


@functools.cache
def _country_info(alpha2: str) -> tuple[list[str], str | None]:
    try:
        info = CountryInfo(alpha2)
        return list(info.languages() or []), (info.calling_codes() or [None])[0]
    except (KeyError, AttributeError):
        return [], None


def speaks_english(alpha2: str) -> bool:
    """English is an official language (Commonwealth-style titles: Home Affairs, Police Service)."""
    return "en" in _country_info(alpha2)[0]


def language_of(alpha2: str) -> str:
    """The official language (of INTERPOL's four) a country's delegates read and listen in."""
    languages, _ = _country_info(alpha2)
    if languages and languages[0] in ("en", "fr", "es", "ar"):
        return languages[0]
    for candidate in ("fr", "es"):
        if candidate in languages:
            return candidate
    return "en"


def phone(alpha2: str, rng: random.Random) -> str | None:
    """A valid international number of the country (libphonenumber's plan for it), with random digits.

    Starts from libphonenumber's example fixed-line or mobile number and varies its last digits until the
    number is still valid; None for a territory without a numbering plan.
    """
    kind = rng.choice((phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.MOBILE))
    example = (phonenumbers.example_number_for_type(alpha2, kind)
               or phonenumbers.example_number_for_type(alpha2, phonenumbers.PhoneNumberType.FIXED_LINE))
    if example is None:
        return None
    digits = str(example.national_number)
    keep = max(len(digits) - 4, 1)
    for _attempt in range(20):
        candidate = digits[:keep] + "".join(str(rng.randint(0, 9)) for _ in range(len(digits) - keep))
        number = phonenumbers.parse(f"+{example.country_code}{candidate}")
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
