"""The organisation's 190 member countries in November 2012.

ISO 3166-1 lists territories as well as states; membership is a political fact
that no library records, so the few exceptions are typed here, with the reason.
"""
from __future__ import annotations

import pycountry

# ISO entries that are not states: dependent territories and special areas,
# grouped by the state they belong to. Their police work through that state's
# National Central Bureau (Hong Kong and Macao are sub-bureaus of China's).
TERRITORIES = (
    "AQ", "BV", "GS", "HM", "IO", "TF", "UM",  # Antarctica and uninhabited islands
    "CC", "CX", "NF",  # Australia
    "HK", "MO",  # China
    "FO", "GL",  # Denmark
    "AX",  # Finland
    "BL", "GF", "GP", "MF", "MQ", "NC", "PF", "PM", "RE", "WF", "YT",  # France
    "BQ",  # Netherlands (Caribbean public bodies)
    "CK", "NU", "TK",  # New Zealand
    "SJ",  # Norway
    "AI", "BM", "FK", "GG", "GI", "IM", "JE", "KY", "MS", "PN", "SH", "TC", "VG",  # United Kingdom
    "AS", "GU", "MP", "PR", "VI",  # United States
    "EH",  # Western Sahara, a non-self-governing territory
)
# States that had not joined by November 2012: Palestine and the Solomon Islands
# joined in 2017, Kiribati and Vanuatu in 2018, Micronesia in 2021 and Palau in
# 2023; North Korea and Tuvalu are not members; Taiwan is not a member.
NOT_YET_MEMBERS = ("PS", "SB", "KI", "VU", "FM", "PW", "KP", "TV", "TW")
# Aruba, Curaçao and Sint Maarten are members in their own right (the last two
# since 2011, with South Sudan); the Holy See (VA) is a member too.
JOINED_2011 = ("CW", "SX", "SS")


def member_alpha2() -> list[str]:
    """The alpha-2 codes of the 190 member countries, sorted."""
    excluded = set(TERRITORIES) | set(NOT_YET_MEMBERS)
    return sorted(c.alpha_2 for c in pycountry.countries if c.alpha_2 not in excluded)
