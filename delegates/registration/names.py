"""How a person's name is written in its own script, for badges and lists next to the Latin name on the badge."""
from __future__ import annotations

import unicodedata

# Chinese and Japanese write the family name first and no space; Korean writes the family name first too.
_FAMILY_FIRST_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL")


def _scripts(text: str) -> set[str]:
    return {unicodedata.name(c, "").split(" ")[0] for c in text if c.isalpha()}


def is_latin(text: str) -> bool:
    return _scripts(text) <= {"LATIN"}


def own_script_name(given: str | None, family: str | None) -> str | None:
    """The name as written in its own script when that script is not Latin ('王小洪', 'Владимир Колокольцев',
    'عبد الله بن زايد'); None for a Latin-script name, which the badge name already shows."""
    parts = [x for x in (given, family) if x]
    if not parts:
        return None
    joined = " ".join(parts)
    if is_latin(joined):
        return None
    if given and family and _scripts(joined) & set(_FAMILY_FIRST_SCRIPTS):
        separator = " " if "HANGUL" in _scripts(joined) and " " in f"{family}{given}" else ""
        return f"{family}{separator}{given}"
    return joined
