"""The ISO 3166-1 country list, from maintained libraries, never typed by hand.

Codes come from pycountry; names in the four official languages from Babel (the
Unicode CLDR); the UN M49 region and sub-region from countryinfo, folded into the
organisation's five regions by the rule in ``region_for``.
"""
from __future__ import annotations

import functools

import pycountry
from babel import Locale
from countryinfo import CountryInfo
from sqlalchemy import select

from delegates.extensions import db
from delegates.registration.models import LANGUAGES, Country

# M49's Western Asia holds both the Gulf and the Caucasus; these sit in Europe's
# regional conference, the rest of Western Asia in the Middle East and North Africa.
WESTERN_ASIA_IN_EUROPE = {"AM", "AZ", "CY", "GE", "IL", "TR"}


def region_for(region: str, subregion: str, alpha2: str) -> str | None:
    """Fold a UN M49 region and sub-region into one of the organisation's five regions."""
    if region == "Americas":
        return "Americas"
    if region == "Europe":
        return "Europe"
    if region == "Africa":
        return "Middle East and North Africa" if subregion == "Northern Africa" else "Africa"
    if region == "Asia":
        if subregion == "Western Asia":
            return "Europe" if alpha2 in WESTERN_ASIA_IN_EUROPE else "Middle East and North Africa"
        return "Asia and South Pacific"
    if region == "Oceania":
        return "Asia and South Pacific"
    return None  # Antarctica and uninhabited islands


@functools.cache
def country_rows() -> list[dict]:
    """Every ISO 3166-1 entry as a dict of Country's columns."""
    locales = {lang: Locale(lang) for lang in LANGUAGES}
    rows = []
    for c in pycountry.countries:
        info = CountryInfo(c.alpha_2)
        names = {lang: locales[lang].territories.get(c.alpha_2) or c.name for lang in LANGUAGES}
        rows.append({
            "alpha3": c.alpha_3,
            "alpha2": c.alpha_2,
            "numeric": c.numeric,
            "name_en": names["en"],
            "name_fr": names["fr"],
            "name_es": names["es"],
            "name_ar": names["ar"],
            "region": region_for(info.region() or "", info.subregion() or "", c.alpha_2),
        })
    return rows


def load_countries() -> int:
    """Insert the ISO entries that are missing and refresh the others; returns how many there are."""
    existing = {c.alpha3: c for c in db.session.scalars(select(Country))}
    for row in country_rows():
        country = existing.get(row["alpha3"])
        if country is None:
            db.session.add(Country(**row))
        else:
            for key, value in row.items():
                setattr(country, key, value)
    db.session.flush()
    return len(country_rows())


def find_country(value: str) -> Country | None:
    """A country from an alpha-3 or alpha-2 code, or an English (or official) name."""
    value = (value or "").strip()
    if not value:
        return None
    upper = value.upper()
    if len(value) == 3 and (found := db.session.get(Country, upper)):
        return found
    if len(value) == 2:
        found = db.session.scalar(select(Country).where(Country.alpha2 == upper))
        if found:
            return found
    found = db.session.scalar(select(Country).where(db.func.lower(Country.name_en) == value.lower()))
    if found:
        return found
    try:
        match = pycountry.countries.lookup(value)
    except LookupError:
        return None
    return db.session.get(Country, match.alpha_3)
