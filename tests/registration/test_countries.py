"""The ISO 3166-1 list, its names in the four languages and the organisation's five regions."""
import pytest
from sqlalchemy import func, select

from delegates.registration.countries import find_country, load_countries
from delegates.registration.models import REGIONS, Country

# Antarctica and uninhabited islands belong to none of the regions.
WITHOUT_REGION = {"AQ", "BV", "HM", "GS", "TF", "UM"}


def test_loading_the_countries_gives_every_iso_entry(db_session):
    assert load_countries() == 249
    db_session.commit()
    assert db_session.scalar(select(func.count()).select_from(Country)) == 249


def test_loading_the_countries_twice_changes_nothing(db_session):
    load_countries()
    load_countries()
    db_session.commit()
    assert db_session.scalar(select(func.count()).select_from(Country)) == 249


def test_france_is_named_in_the_four_languages(db_session):
    france = db_session.get(Country, "FRA")
    assert (france.alpha2, france.name_en, france.name_fr, france.name_es, france.name_ar) == (
        "FR", "France", "France", "Francia", "فرنسا")
    assert france.name("ar") == "فرنسا"


def test_every_inhabited_country_has_one_of_the_five_regions(db_session):
    countries = db_session.scalars(select(Country)).all()
    without = {c.alpha2 for c in countries if c.region is None}
    assert "AQ" in without
    assert without <= WITHOUT_REGION
    assert {c.region for c in countries if c.region is not None} == set(REGIONS)


@pytest.mark.parametrize(("code", "region"), [
    ("DZA", "Middle East and North Africa"),
    ("SAU", "Middle East and North Africa"),
    ("TUR", "Europe"),
    ("BRA", "Americas"),
    ("JPN", "Asia and South Pacific"),
    ("KEN", "Africa"),
])
def test_countries_sit_in_the_organisations_regions(db_session, code, region):
    assert db_session.get(Country, code).region == region


@pytest.mark.parametrize("value", ["FRA", "FR", "France", "fra", "fr", "france", " France "])
def test_a_country_is_found_by_code_or_english_name(db_session, value):
    assert find_country(value).alpha3 == "FRA"


@pytest.mark.parametrize("value", ["", "XX", "Atlantis"])
def test_an_unknown_country_is_not_found(db_session, value):
    assert find_country(value) is None
