"""Latin forms of names written in other scripts, for badges and e-mail addresses.

anyascii is good for alphabets (Cyrillic, Greek, Georgian, Armenian, Chinese
pinyin) but drops the inherent vowel of Indic scripts and spells Korean by
letters; those two get small rule-based converters here.
"""
from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii


def title_word(word: str) -> str:
    """'okruashvili' -> 'Okruashvili', 'al-ali' -> 'Al-Ali' (each hyphenated part)."""
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


def title_case(text: str) -> str:
    return " ".join(title_word(w) for w in text.split())


def latin(text: str) -> str:
    """An alphabetic script to Latin: anyascii without its apostrophes, title-cased."""
    return title_case(anyascii(text).replace("'", "").replace('"', ""))


# Ukrainian and Bulgarian official romanisations differ from the Russian-based default.
_UKRAINIAN = str.maketrans({"Г": "H", "г": "h", "И": "Y", "и": "y", "Й": "Y", "й": "i", "Ґ": "G", "ґ": "g"})
_BULGARIAN = str.maketrans({"Щ": "Sht", "щ": "sht", "Ъ": "A", "ъ": "a"})
# Greek and Armenian digraphs that anyascii spells letter by letter (Chronopoyloy, Edoward).
_DIGRAPHS = {
    "el_GR": [("ου", "ou"), ("Ου", "Ou"), ("ού", "ou"), ("αυ", "av"), ("ευ", "ev"), ("Μπ", "B"), ("Ντ", "D"),
              ("Γκ", "G")],
    "hy_AM": [("ու", "u"), ("Ու", "U")],
}


def latin_for(text: str, locale: str) -> str:
    if locale == "uk_UA":
        text = text.translate(_UKRAINIAN)
    elif locale == "bg_BG":
        text = text.translate(_BULGARIAN)
    for digraph, spelled in _DIGRAPHS.get(locale, ()):
        text = text.replace(digraph, spelled)
    return latin(text)


# -- Chinese --------------------------------------------------------------------

# Surnames whose reading differs from the character's most common one.
CHINESE_SURNAME_READINGS = {
    "曾": "Zeng", "单": "Shan", "解": "Xie", "仇": "Qiu", "区": "Ou", "朴": "Piao",
    "查": "Zha", "乐": "Yue", "翟": "Zhai", "缪": "Miao", "卜": "Bu", "盖": "Ge", "都": "Du",
}


def chinese_latin(text: str, surname: bool = False) -> str:
    """Pinyin without tones, one word per name: 小洪 -> Xiaohong."""
    if surname and text in CHINESE_SURNAME_READINGS:
        return CHINESE_SURNAME_READINGS[text]
    return anyascii(text).replace(" ", "").capitalize()


# -- Korean (Revised Romanization, syllable by syllable) -------------------------

_INITIALS = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h")
_MEDIALS = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
            "yu", "eu", "ui", "i")
_FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t",
           "t", "ng", "t", "t", "k", "t", "p", "t")

# The spellings families use, rather than the strict romanisation (Gim, I, Bak).
KOREAN_SURNAMES = {
    "김": "Kim", "이": "Lee", "박": "Park", "정": "Jung", "최": "Choi", "조": "Cho", "강": "Kang",
    "윤": "Yoon", "장": "Jang", "임": "Lim", "한": "Han", "오": "Oh", "서": "Seo", "신": "Shin",
    "권": "Kwon", "황": "Hwang", "안": "Ahn", "송": "Song", "류": "Ryu", "전": "Jeon", "홍": "Hong",
    "고": "Ko", "문": "Moon", "양": "Yang", "손": "Son", "배": "Bae", "백": "Baek", "허": "Heo",
    "유": "Yoo", "남": "Nam", "심": "Shim", "노": "Noh", "하": "Ha", "곽": "Kwak", "성": "Sung",
    "차": "Cha", "주": "Joo", "우": "Woo", "구": "Koo", "나": "Na", "민": "Min", "진": "Jin",
    "지": "Ji", "엄": "Eom",
}


def korean_latin(text: str, surname: bool = False) -> str:
    if surname and text in KOREAN_SURNAMES:
        return KOREAN_SURNAMES[text]
    out = []
    for ch in text:
        index = ord(ch) - 0xAC00
        if not 0 <= index < 11172:
            out.append(anyascii(ch))
            continue
        initial, medial, final = index // 588, (index % 588) // 28, index % 28
        out.append(_INITIALS[initial] + _MEDIALS[medial] + _FINALS[final])
    return "".join(out).capitalize()


# -- Indic scripts (Devanagari, Bengali, Tamil, Sinhala) ---------------------------

_CONSONANT_SPELLING = {"CA": "ch", "CHA": "chh", "SHA": "sh", "SSA": "sh", "LLLA": "zh", "NYA": "n", "NGA": "n"}
_VOWELS = set("aeiou")


def _consonant(ch: str) -> str | None:
    """The Latin consonant of an Indic consonant letter, or None for anything else."""
    if unicodedata.category(ch) != "Lo":
        return None
    name = unicodedata.name(ch, "")
    base = anyascii(ch).lower()
    if not base or set(base) & _VOWELS:
        return None
    suffix = name.rsplit(" LETTER ", 1)[-1]
    if "SAYANNA" in suffix and ("MUURDHAJA" in suffix or "TAALUJA" in suffix):
        return "sh"  # Sinhala names its letters differently
    return _CONSONANT_SPELLING.get(suffix, "ch" if base == "c" else base)


def _sign(ch: str) -> str:
    """What a combining sign is: 'vowel', 'virama', 'nasal', 'visarga' or 'other'."""
    name = unicodedata.name(ch, "")
    if "VOWEL SIGN" in name:
        return "vowel"
    if "VIRAMA" in name or "AL-LAKUNA" in name:
        return "virama"
    if "ANUSVARA" in name or "CANDRABINDU" in name:
        return "nasal"
    if "VISARGA" in name:
        return "visarga"
    return "other"


def _vowel_sign(ch: str) -> str:
    return "ri" if "VOCALIC R" in unicodedata.name(ch, "") else anyascii(ch).lower()


def indic_latin(word: str, schwa_deletion: bool = True) -> str:
    """One Indic word to Latin, with the inherent vowel and Hindi-style schwa deletion.

    Syllables are (consonants, vowel, inherent); schwa deletion drops an inherent
    'a' at the end of a word and between a vowel and a consonant that has one
    (Ohala's rule, right to left): सरकार -> Sarkar, यादव -> Yadav, इन्द्र -> Indra.
    """
    chars = [c for c in word if c not in "\u200c\u200d"]
    syllables: list[list] = []  # [onset, vowel, inherent]
    i = 0
    while i < len(chars):
        ch = chars[i]
        cons = _consonant(ch)
        if cons is None:
            kind = _sign(ch) if unicodedata.category(ch) in ("Mn", "Mc") else "letter"
            if kind == "nasal":
                syllables.append(["", "n", False])
            elif kind == "visarga":
                syllables.append(["", "h", False])
            elif kind == "letter":
                syllables.append(["", anyascii(ch).lower(), False])
            i += 1
            continue
        onset = cons
        i += 1
        while i < len(chars) and _sign(chars[i]) == "other" and unicodedata.category(chars[i]) == "Mn":
            i += 1  # nukta
        if i < len(chars) and _sign(chars[i]) == "vowel":
            syllables.append([onset, _vowel_sign(chars[i]), False])
            i += 1
        elif i < len(chars) and _sign(chars[i]) == "virama":
            syllables.append([onset, "", False])  # joins the next consonant
            i += 1
        else:
            syllables.append([onset, "a", True])
    if schwa_deletion:
        _delete_schwas(syllables)
    return "".join(onset + vowel for onset, vowel, _ in syllables).capitalize()


def _delete_schwas(syllables: list[list]) -> None:
    last = len(syllables) - 1
    for k in range(last, 0, -1):
        onset, vowel, inherent = syllables[k]
        if not inherent:
            continue
        cluster = k > 0 and syllables[k - 1][0] and syllables[k - 1][1] == ""
        if k == last:
            if not cluster and len(syllables) > 1:
                syllables[k][1] = ""
            continue
        prev_has_vowel = syllables[k - 1][1] != ""
        nxt = syllables[k + 1]
        if prev_has_vowel and not cluster and nxt[0] and nxt[1]:
            syllables[k][1] = ""


# Names whose usual spelling no rule gives (the anusvara of सिंह is sounded "ng").
INDIC_SPELLINGS = {"सिंह": "Singh", "সিংহ": "Singha"}


def indic_name(text: str, schwa_deletion: bool = True) -> str:
    return " ".join(INDIC_SPELLINGS.get(w) or indic_latin(w, schwa_deletion) for w in text.split())


# -- Latin to Cyrillic (Serbian, and Central Asian names) ----------------------------

_SERBIAN_DIGRAPHS = {"Lj": "Љ", "LJ": "Љ", "lj": "љ", "Nj": "Њ", "NJ": "Њ", "nj": "њ", "Dž": "Џ", "dž": "џ"}
_SERBIAN = dict(zip(
    "ABCČĆDĐEFGHIJKLMNOPRSŠTUVZŽabcčćdđefghijklmnoprsštuvzž",
    "АБЦЧЋДЂЕФГХИЈКЛМНОПРСШТУВЗЖабцчћдђефгхијклмнопрсштувзж",
    strict=True,
))


def serbian_cyrillic(text: str) -> str:
    for digraph, letter in _SERBIAN_DIGRAPHS.items():
        text = text.replace(digraph, letter)
    return "".join(_SERBIAN.get(c, c) for c in text)


_CENTRAL_ASIAN = [
    ("o'", "о"), ("oʻ", "о"), ("g'", "г"), ("gʻ", "г"), ("sh", "ш"), ("ch", "ч"), ("yo", "ё"),
    ("yu", "ю"), ("ya", "я"), ("ye", "е"), ("ts", "ц"), ("kh", "х"), ("'", ""), ("ʼ", ""), ("’", ""),
]
_CENTRAL_ASIAN_LETTERS = dict(zip("abdefghijklmnopqrstuvxyz", "абдэфгҳижклмнопкрстувхйз", strict=True))


def central_asian_cyrillic(text: str) -> str:
    """An Uzbek-Latin name in the Cyrillic spelling used in Kazakhstan, Kyrgyzstan and Tajikistan."""
    words = []
    for word in text.split():
        low = word.lower()
        for a, b in _CENTRAL_ASIAN:
            low = low.replace(a, b)
        out = "".join(_CENTRAL_ASIAN_LETTERS.get(c, c) for c in low)
        out = out.replace("ҳ", "х")
        out = out[0] + out[1:].replace("э", "е")  # э only begins a word
        words.append(out[:1].upper() + out[1:])
    return " ".join(words)


def ascii_words(text: str) -> list[str]:
    """Lower-case ASCII words of a name, for e-mail addresses."""
    return [w for w in re.split(r"[^a-z0-9]+", anyascii(text).lower()) if w]
