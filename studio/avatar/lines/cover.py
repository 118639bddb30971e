"""Which of her recorded pieces say a line, and what is left for TTS.

Her pieces (:class:`Unit`): every line she read whole, and every run of its phrases
(the line cut at its commas and full stops, where she paused); number words, units and
leads (元 件 / 满 打) as read on their own. A line to speak is matched on its characters
without punctuation (the engine gets it normalised: prices and counts already written
as words, 一百二十九元). The cover is the cheapest left-to-right tiling of the line:
each of her pieces costs 1, a TTS run costs 1 plus 1 per character -- so whatever she
said is hers, in as few pieces as possible (the whole line, else whole sentences, else
phrases, number words and units), and TTS says only the rest.
A number is said all in her number words or all by TTS, never half and half.

Number words are only used inside numbers (a run of number characters, or one next to
a unit or a lead): her 一 read alone is not the 一 of 一起. Units follow a number and
leads come before one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from studio.avatar.lines.sheet import PUNCTUATION, PromptSheet, load_sheet
from studio.avatar.lines.store import OwnLine, OwnLines
from studio.core.errors import StudioError
from studio.core.timeline import SAMPLE_RATE
from studio.phonetics.utterance import Utterance

NUMBER_CHARS = set("零一二两三四五六七八九十百千万亿点")
HER_COST, TTS_START_COST, TTS_CHAR_COST = 1.0, 1.0, 1.0
#: Kept around a phrase cut out of a longer line: before its first word and after its
#: last (but never past the middle of the pause to the next word).
CUT_LEAD_MS, CUT_TAIL_MS = 30, 60
#: Kept around a number word, unit or lead (joined closely into a number).
WORD_LEAD_MS, WORD_TAIL_MS = 10, 30


@dataclass(frozen=True)
class Unit:
    """A piece of one of her lines: characters ``[char_start, char_end)`` of its text,
    samples ``[start, end)`` of its audio."""

    line: OwnLine
    key: str
    char_start: int
    char_end: int
    start: int
    end: int

    @property
    def kind(self) -> str:
        return self.line.kind

    @property
    def whole(self) -> bool:
        return self.char_start == 0 and self.char_end == len(self.line.text)


@dataclass(frozen=True)
class Piece:
    """Characters ``[start, end)`` of the line to speak: hers (``unit``) or TTS (None)."""

    start: int
    end: int
    unit: Unit | None


def _phrases(text: str) -> list[tuple[int, int]]:
    """Character spans of the text between punctuation (its phrases)."""
    spans, start = [], None
    for i, ch in enumerate(text):
        if ch in PUNCTUATION:
            if start is not None:
                spans.append((start, i))
                start = None
        elif start is None:
            start = i
    if start is not None:
        spans.append((start, len(text)))
    return spans


def line_units(line: OwnLine) -> list[Unit]:
    """The whole line, and each run of its phrases whose ends fall on word boundaries."""
    utt = line.utterance
    n = utt.num_samples
    whole = Unit(line, line.key, 0, len(line.text), 0, n)
    spoken = [w for w in utt.words if w.end > w.start]
    if line.kind != "phrase" and spoken:  # a word said alone, joined into numbers: tight
        s = max(0, spoken[0].start - SAMPLE_RATE * WORD_LEAD_MS // 1000)
        e = min(n, spoken[-1].end + SAMPLE_RATE * WORD_TAIL_MS // 1000)
        return [Unit(line, line.key, 0, len(line.text), s, e)]
    phrases = _phrases(line.text)
    if len(phrases) < 2 or not utt.words:
        return [whole]
    words = sorted(utt.words, key=lambda w: w.char_start)
    lead = SAMPLE_RATE * CUT_LEAD_MS // 1000
    tail = SAMPLE_RATE * CUT_TAIL_MS // 1000
    units = [whole]
    for i in range(len(phrases)):
        for j in range(i, len(phrases)):
            a, b = phrases[i][0], phrases[j][1]
            if (i, j) == (0, len(phrases) - 1):
                continue
            inside = [w for w in words if w.char_start >= a and w.char_end <= b]
            before = [w for w in words if w.char_end <= a]
            after = [w for w in words if w.char_start >= b]
            if not inside:
                continue
            s, e = inside[0].start, max(w.end for w in inside)
            lo = (before[-1].end + s) // 2 if before else 0
            hi = (e + after[0].start) // 2 if after else n
            start = max(lo, s - lead) if before else 0
            end = min(hi, e + tail) if after else n
            if end > start:
                key = "".join(ch for ch in line.text[a:b] if ch not in PUNCTUATION)
                units.append(Unit(line, key, a, b, start, end))
    return units


@lru_cache(maxsize=1)
def sheet_words() -> tuple[frozenset[str], frozenset[str]]:
    """Unit and lead words of the shipped sheet (what marks a number's context)."""
    try:
        sheet = load_sheet()
    except StudioError:
        return frozenset(), frozenset()
    units = frozenset(x.key for x in sheet.lines if x.kind == "unit")
    leads = frozenset(x.key for x in sheet.lines if x.kind == "lead")
    return units, leads


def text_units(line: OwnLine) -> list[Unit]:
    """The whole line and every run of its phrases, by text alone (no audio: what a
    sheet would give her once read, for planning a sheet before anyone reads it)."""
    if line.kind != "phrase":
        return [Unit(line, line.key, 0, len(line.text), 0, 0)]
    phrases = _phrases(line.text)
    units = [Unit(line, line.key, 0, len(line.text), 0, 0)]
    for i in range(len(phrases)):
        for j in range(i, len(phrases)):
            if (i, j) == (0, len(phrases) - 1):
                continue
            a, b = phrases[i][0], phrases[j][1]
            key = "".join(ch for ch in line.text[a:b] if ch not in PUNCTUATION)
            units.append(Unit(line, key, a, b, 0, 0))
    return units


def sheet_inventory(sheet: PromptSheet) -> Inventory:
    """The pieces a presenter would have after reading ``sheet`` (text only, no audio):
    what :func:`plan_cover` could then say in her voice."""
    empty = np.zeros(0, np.int16)
    lines = {
        x.id: OwnLine(x.id, x.text, x.kind, Utterance(text=x.text, audio=empty), 0.0, 0.0)
        for x in sheet.lines
    }
    return Inventory(OwnLines(lines), units_of=text_units)


class Inventory:
    """Her pieces, indexed by their first character. ``units_of``: the pieces of one
    line (default: cut at her pauses, from its audio)."""

    def __init__(
        self, lines: OwnLines, units_of: Callable[[OwnLine], list[Unit]] | None = None
    ) -> None:
        self.lines = lines
        self.by_first: dict[str, list[Unit]] = {}
        units, leads = sheet_words()
        self.unit_words = set(units) | {x.key for x in lines.lines.values() if x.kind == "unit"}
        self.lead_words = set(leads) | {x.key for x in lines.lines.values() if x.kind == "lead"}
        self.number_words = {x.key for x in lines.lines.values() if x.kind == "number"}
        for line in lines.lines.values():
            for unit in (units_of or line_units)(line):
                if unit.key and (len(unit.key) >= 2 or unit.kind != "phrase"):
                    self.by_first.setdefault(unit.key[0], []).append(unit)
        for found in self.by_first.values():
            found.sort(key=lambda u: (-len(u.key), not u.whole))

    def __bool__(self) -> bool:
        return bool(self.by_first)

    def number_mask(self, key: str) -> list[bool]:
        """Per character of ``key``: a number word inside a spoken number."""
        n = len(key)
        mask = [False] * n
        for i, ch in enumerate(key):
            if ch not in NUMBER_CHARS:
                continue
            near = (i > 0 and key[i - 1] in NUMBER_CHARS) or (
                i + 1 < n and key[i + 1] in NUMBER_CHARS
            )
            unit_after = any(key.startswith(w, i + 1) for w in self.unit_words)
            lead_before = any(key.endswith(w, 0, i) for w in self.lead_words)
            mask[i] = near or unit_after or lead_before
        # a number is said all in her words or all by TTS, never half and half
        i = 0
        while i < n:
            if not mask[i]:
                i += 1
                continue
            j = i
            while j < n and mask[j]:
                j += 1
            if not set(key[i:j]) <= self.number_words:
                mask[i:j] = [False] * (j - i)
            i = j
        return mask

    def allowed(self, unit: Unit, key: str, i: int, mask: list[bool]) -> bool:
        j = i + len(unit.key)
        if unit.kind == "number":
            return all(mask[i:j])
        if unit.kind == "unit":
            return i > 0 and mask[i - 1]
        if unit.kind == "lead":
            return j < len(key) and mask[j]
        return True


def plan_cover(text: str, inventory: Inventory) -> list[Piece]:
    """The cheapest tiling of ``text`` by her pieces and TTS runs (module docstring).

    Pieces cover the text's characters without punctuation, in order; a piece's span
    runs from its first to its last character (punctuation between pieces belongs to
    neither).
    """
    pos = [i for i, ch in enumerate(text) if ch not in PUNCTUATION]
    key = "".join(text[i] for i in pos)
    n = len(key)
    if n == 0:
        return []
    mask = inventory.number_mask(key)
    inf = float("inf")
    best = [inf] * (n + 1)
    choice: list[tuple[int, Unit | None]] = [(n, None)] * (n + 1)
    best[n] = 0.0
    for i in range(n - 1, -1, -1):
        for unit in inventory.by_first.get(key[i], ()):
            j = i + len(unit.key)
            if j <= n and key.startswith(unit.key, i) and inventory.allowed(unit, key, i, mask):
                c = HER_COST + best[j]
                if c < best[i]:
                    best[i], choice[i] = c, (j, unit)
        for j in range(i + 1, n + 1):  # a TTS run [i, j), followed by one of hers or the end
            if j < n and choice[j][1] is None:
                continue  # two TTS runs in a row are one run
            c = TTS_START_COST + TTS_CHAR_COST * (j - i) + best[j]
            if c < best[i]:
                best[i], choice[i] = c, (j, None)
    pieces: list[Piece] = []
    i = 0
    while i < n:
        j, unit = choice[i]
        pieces.append(Piece(pos[i], pos[j - 1] + 1, unit))
        i = j
    return pieces
