"""Accent-blind, case-blind search over names in any script."""
from __future__ import annotations

import unicodedata

from anyascii import anyascii
from sqlalchemy import event

from delegates.registration.models import Participant


def fold(text: str) -> str:
    """Lower case without accents: 'Fernández' -> 'fernandez', 'Żółć' -> 'zołc', '王小洪' unchanged.

    The Turkish dotless 'ı' folds to 'i': it is what 'I' folds to, so 'YILMAZ' typed in capitals finds 'Yılmaz'.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    folded = unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c))).casefold()
    return folded.replace("ı", "i")


def search_key(participant: Participant) -> str:
    """What a search matches: each name as typed and in Latin letters, folded ('Żółć' also as 'zolc',
    'Колокольцев' also as 'kolokoltsev')."""
    parts = (participant.given_name, participant.family_name, participant.badge_name, participant.email)
    words: dict[str, None] = {}
    for part in filter(None, parts):
        words[fold(part)] = None
        words[fold(latin(part))] = None
    return " | ".join(words)


def latin(text: str) -> str:
    """Any script in Latin letters, without the apostrophes that mark soft signs and ayins."""
    return anyascii(text).replace("'", "").replace("`", "")


def query_words(query: str) -> list[str]:
    """The words of a search, folded the way search keys are."""
    return [fold(w) for w in query.split() if w.strip()]


@event.listens_for(Participant, "before_insert")
@event.listens_for(Participant, "before_update")
def _refresh_search_key(mapper, connection, target: Participant) -> None:
    target.search_key = search_key(target)
