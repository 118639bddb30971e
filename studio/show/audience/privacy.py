"""Viewers' names and ids: masked when shown or spoken, hashed when logged.

A display name is personal data and a viewer id links one person across rooms. The room
keeps both in memory for the session only; everything that leaves it -- what the
presenter says, the subtitles, the window, the audit log, the log files -- carries the
masked name (张** / 小***) or a keyed hash of the id. The key is random per session and
never written anywhere, so a hash cannot be turned back into an id by trying every id
(ids are often short numbers) and two sessions' hashes of one viewer do not match.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata

_MARKUP = set("*[]{}\\")
_LONG_DIGITS = re.compile(r"\d[\d\s\-]{4,}\d")


def _first_visible(name: str) -> str:
    for ch in unicodedata.normalize("NFKC", name):
        cat = unicodedata.category(ch)
        if cat[0] in "LN" and ch not in _MARKUP:
            return ch
    return ""


def mask_name(name: str) -> str:
    """The first letter of a name and stars for the rest, never fewer than two stars
    (so the length of a short name is not told): 张三 -> 张**, 小可爱呀 -> 小***. A name
    with no letter at all (emoji only, empty) gives "" (the caller says 这位朋友)."""
    first = _first_visible(name)
    if not first:
        return ""
    rest = max(2, min(len(name.strip()) - 1, 4))
    return first + "*" * rest


def scrub(text: str) -> str:
    """A comment's text as it may be kept beyond the moment: long digit runs (phone and
    account numbers) replaced by # so an audit record carries no contact data."""
    return _LONG_DIGITS.sub(lambda m: "#" * len(m.group()), text)


class ViewerHasher:
    """Keyed hashes of viewer ids for one session: ``v:`` + 12 hex digits."""

    def __init__(self, key: bytes | None = None) -> None:
        self._key = key or secrets.token_bytes(32)

    def __call__(self, platform: str, viewer: str) -> str:
        if not viewer:
            return "v:anonymous"
        mac = hmac.new(self._key, f"{platform}\x00{viewer}".encode(), hashlib.sha256)
        return "v:" + mac.hexdigest()[:12]
