"""Where a redirect may go."""
from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit

# control characters, invisible formatting (bidi overrides) and spaces: browsers drop or bend some of them
# ("/\t/evil" is followed as "//evil"), and none belongs in a path we make
_UNSAFE_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp"}


def safe_next(target: str | None) -> str | None:
    """``target`` when it is a path on this site, else None: redirects never leave for another host."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(unicodedata.category(ch) in _UNSAFE_CATEGORIES for ch in target):
        return None
    # a path whose decoded form starts like another host ("/%2F/evil", "/%5Cevil") is not one we make either
    decoded = unquote(target.partition("?")[0])
    if decoded.startswith("//") or "\\" in decoded or any(unicodedata.category(ch) in _UNSAFE_CATEGORIES
                                                          for ch in decoded):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
