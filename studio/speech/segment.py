"""Split mixed Chinese/English text into single-language runs.

Product scripts mix scripts freely ("这款 iPhone 16 Pro 手机壳只要九十九元"). Each run is
spoken by the voice of its language, so "Pro" sounds English and "九十九" Chinese.
Runs are exact slices of the input: concatenated they give the text back, and
``char_start`` maps every offset inside a run to the original string.

Rules: Han characters and kana -> "zh"; other letters -> "en". Digits join a letter they
touch (left first: "A4", "iPhone16"; then right: "99元"), else the nearest run before
them, else after. Spaces and punctuation join the run before them; opening brackets and
quotes join the run after them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

ZH = "zh"
EN = "en"
DEFAULT_LANGUAGE = ZH

#: A number as read aloud: 99, 9.9, 1,299, 12:30, 50%, fullwidth digits too.
_NUMBER = re.compile(r"\d+(?:[.,:：．]\d+)*[%％‰]?")

_CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x2E80, 0x2FDF),  # radicals
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # kana
    (0x3100, 0x312F),  # bopomofo
    (0x3400, 0x4DBF),  # extension A
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0x20000, 0x3FFFF),  # extensions B onwards
)


@dataclass(frozen=True)
class Run:
    """A slice of the original text spoken in one language."""

    text: str
    language: str
    char_start: int

    @property
    def char_end(self) -> int:
        return self.char_start + len(self.text)


def is_cjk(ch: str) -> bool:
    """True for Han characters, kana, bopomofo and CJK punctuation."""
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _CJK_RANGES)


def _letter_language(ch: str) -> str | None:
    """Language a character *decides* on its own; None for digits, spaces, punctuation."""
    if is_cjk(ch):
        return ZH if ch.isalpha() or unicodedata.category(ch) == "Nl" else None  # 〇
    return EN if ch.isalpha() else None


def _opens(ch: str) -> bool:
    """Opening brackets and quotes belong to what follows them."""
    return unicodedata.category(ch) in ("Ps", "Pi")


def _nearest(langs: list[str | None], start: int, step: int) -> str | None:
    """First decided language walking from ``start`` in direction ``step``."""
    i = start
    while 0 <= i < len(langs):
        if langs[i] is not None:
            return langs[i]
        i += step
    return None


def _assign_numbers(text: str, langs: list[str | None]) -> None:
    """Give each number the language it will be read in (in place)."""
    letters = list(langs)  # decisions by letters only, before numbers are assigned
    for match in _NUMBER.finditer(text):
        start, end = match.span()
        left = letters[start - 1] if start > 0 else None
        right = letters[end] if end < len(text) else None
        lang = (
            left
            or right
            or _nearest(letters, start - 1, -1)
            or _nearest(letters, end, 1)
            or DEFAULT_LANGUAGE
        )
        langs[start:end] = [lang] * (end - start)


def _fill_neutral(text: str, langs: list[str | None]) -> list[str]:
    """Attach spaces and punctuation: openers forward, everything else backward."""
    resolved: list[str | None] = list(langs)
    for i, ch in enumerate(text):
        if resolved[i] is None and _opens(ch):
            resolved[i] = _nearest(langs, i + 1, 1)
    previous: str | None = None
    for i in range(len(text)):
        if resolved[i] is None:
            resolved[i] = previous
        previous = resolved[i]
    first = _nearest(resolved, 0, 1) or DEFAULT_LANGUAGE
    return [lang or first for lang in resolved]


def char_languages(text: str) -> list[str]:
    """The language of every character of ``text`` (after attaching neutrals)."""
    langs = [_letter_language(ch) for ch in text]
    _assign_numbers(text, langs)
    return _fill_neutral(text, langs)


def split_language_runs(text: str) -> list[Run]:
    """Split ``text`` into maximal same-language runs; empty text gives no runs."""
    runs: list[Run] = []
    if not text:
        return runs
    langs = char_languages(text)
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or langs[i] != langs[start]:
            runs.append(Run(text[start:i], langs[start], start))
            start = i
    return runs
