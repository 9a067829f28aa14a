"""Realistic names for each member country, in its own script, with the Latin form for the badge."""
from __future__ import annotations

import random
import re
from dataclasses import dataclass

from faker import Faker

from delegates.demo import scripts
from delegates.demo.name_pools import (
    ALPHABETIC_SCRIPTS,
    COUNTRY_SOURCES,
    FAMILY_FIRST,
    INDIC_SCRIPTS,
    ONE_NAME,
    POOLS,
    SCHWA_DELETING,
    SINGAPORE_SURNAMES,
)

# Faker instances are slow to build; they are kept for the process and re-seeded
# at the start of every load, so that two loads give the same names.
_FAKERS: dict[str, Faker] = {}


def _faker(locale: str) -> Faker:
    if locale not in _FAKERS:
        _FAKERS[locale] = Faker(locale, providers=["faker.providers.person"])
    return _FAKERS[locale]


@dataclass(frozen=True)
class Name:
    given: str | None
    family: str | None
    badge: str
    female: bool
    source: str


class NameMaker:
    """Names drawn from one seeded random stream, and Faker instances seeded per locale."""

    def __init__(self, rng: random.Random, seed: int):
        self.rng = rng
        self.seed = seed
        self._seeded: set[str] = set()

    def faker(self, locale: str) -> Faker:
        fake = _faker(locale)
        if locale not in self._seeded:
            fake.seed_instance(f"{self.seed}:{locale}")
            self._seeded.add(locale)
        return fake

    def source_of(self, alpha2: str) -> str:
        sources = COUNTRY_SOURCES.get(alpha2, ("en_US",))
        return sources[0] if len(sources) == 1 else self.rng.choice(sources)

    def person(self, alpha2: str, female: bool, source: str | None = None) -> Name:
        """A name typical of the country (or of ``source``, a locale or pool name)."""
        source = source or self.source_of(alpha2)
        if source in POOLS:
            return self._from_pool(source, female)
        locale, _, variant = source.partition(":")
        fake = self.faker(locale)
        if locale == "ja_JP":
            given = fake.first_name_female_pair() if female else fake.first_name_male_pair()
            family = fake.last_name_pair()
            return Name(given[0], family[0], f"{given[2]} {family[2]}", female, source)
        first = _clean(fake.first_name_female() if female else fake.first_name_male())
        last = _clean(fake.last_name_female() if female else fake.last_name_male())
        if locale == "lt_LT":
            first, last = _lithuanian(fake, female), (_lithuanian_married(last) if female else last)
        if locale == "zh_CN":
            return self._chinese(first, last, female, source, latin_only=variant == "latin")
        if locale == "vi_VN":
            middle = "Thị" if female and self.rng.random() < 0.7 else fake.middle_name()
            given = f"{middle} {first}"
            return Name(given, last, f"{last} {given}", female, source)
        if self.rng.random() < ONE_NAME.get(alpha2, 0.0):
            return Name(None, first, first, female, source)
        if variant == "cyrillic":
            latin = [re.sub("['ʻʼ’]", "", x) for x in (first, last)]
            convert = scripts.serbian_cyrillic if locale == "hr_HR" else scripts.central_asian_cyrillic
            return Name(convert(first), convert(last), " ".join(latin), female, source)
        return Name(first, last, self._badge(locale, first, last), female, source)

    def _badge(self, locale: str, given: str, family: str) -> str:
        if locale == "ko_KR":
            return f"{scripts.korean_latin(family, surname=True)} {scripts.korean_latin(given)}"
        if locale in ALPHABETIC_SCRIPTS:
            return f"{scripts.latin_for(given, locale)} {scripts.latin_for(family, locale)}"
        if locale in INDIC_SCRIPTS:
            deletes = locale in SCHWA_DELETING
            return f"{scripts.indic_name(given, deletes)} {scripts.indic_name(family, deletes)}"
        if locale in FAMILY_FIRST:
            return f"{family} {given}"
        return f"{given} {family}"

    def _chinese(self, first: str, last: str, female: bool, source: str, latin_only: bool) -> Name:
        if latin_only:  # Singapore: syllables apart, the family name as Singapore spells it
            given = " ".join(scripts.chinese_latin(ch) for ch in first)
            family = self.rng.choice(SINGAPORE_SURNAMES)
            return Name(given, family, f"{family} {given}", female, source)
        badge = f"{scripts.chinese_latin(last, surname=True)} {scripts.chinese_latin(first)}"
        return Name(first, last, badge, female, source)

    def _from_pool(self, key: str, female: bool) -> Name:
        pool = POOLS[key]
        choices = pool.female if female else pool.male
        if pool.one_name:
            parts = [self.rng.choice(choices) for _ in range(self.rng.choice((2, 2, 3)))]
            name = " ".join(dict.fromkeys(p[0] for p in parts))
            return Name(None, name, name, female, key)
        given, given_latin = self.rng.choice(choices)
        family, family_latin = self.rng.choice(pool.family)
        if key == "malay":
            family = family_latin = ("binti " if female else "bin ") + family
        elif family_latin == given_latin:
            family, family_latin = pool.family[(pool.family.index((family, family_latin)) + 1) % len(pool.family)]
        badge = f"{family_latin} {given_latin}" if pool.family_first else f"{given_latin} {family_latin}"
        return Name(given, family, badge, female, key)


# Faker's Twi names spell the open e and o with Greek letters; Akan writes them with Latin ɛ and ɔ.
_LATIN_LOOKALIKES = str.maketrans({"ε": "ɛ", "Ε": "Ɛ", "ο": "ɔ", "Ο": "Ɔ"})


def _clean(name: str) -> str:
    """Faker's lists hold a few stray spaces and commas, and Greek letters standing in for Latin ones."""
    return name.strip().strip(",").strip().translate(_LATIN_LOOKALIKES)


def _lithuanian(fake: Faker, female: bool) -> str:
    """Faker's Lithuanian given names are not split by sex; women's names end in -a or -ė."""
    for _ in range(20):
        name = _clean(fake.first_name())
        if name.endswith(("a", "ė")) == female:
            return name
    return name


def _lithuanian_married(surname: str) -> str:
    """Faker's Lithuanian surnames are the men's forms: Kazlauskas -> Kazlauskienė."""
    for ending in ("as", "is", "ys", "us"):
        if surname.endswith(ending):
            return surname[: -len(ending)] + "ienė"
    return surname
