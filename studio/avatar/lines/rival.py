"""Is a take of a sheet line that line, and not another line of the sheet?

The aligner's check (:func:`studio.lipsync.align.align_transcript`: one absolute bar) keeps
a take only if it says its text, but a take of a *similar* line can pass it: the line
above or below, one number word read as another (二 for 八). Spoken in a show, that is a
wrong price word. The sheet is known, so this asks the closed-set question instead: the
take is matched against every line of the sheet it could be (by length) with
:func:`studio.lipsync.rivals.likenesses`, and refused when another line matches it
clearly better than its own (a score below ``CLEARLY_BETTER`` times its own line's); the
reason names that line (she read it instead), so she knows what to read.

Why not "its own line must win by a margin": with a margin above 1 every near tie is
refused, and a voice unlike the reference engine's ties often (its single number words
most of all), so she could never record them. ``benchmarks/bench_voice_lines.py
--confusion`` measures both sides (right takes refused, wrong takes kept) and chooses
``CLEARLY_BETTER`` and the weights, each reader judged with the settings chosen on the
other readers.

Every line is spoken once by the reference engine (at its default rate) and kept in a
small cache: the window checks one take at a time against the same sheet.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from studio.avatar.lines.sheet import PromptSheet, SheetLine
from studio.lipsync.align import REF_WARPS
from studio.lipsync.rivals import Likeness, Rendering, Take, rendering_of, take_of
from studio.lipsync.rivals import likenesses as likenesses_of
from studio.speech.engine import SpeechEngine

log = logging.getLogger(__name__)

#: A take is refused when another line's score is below this times its own line's.
#: Chosen in the benchmark on five readers (four eSpeak NG voices, Piper joe); each
#: reader's takes judged with the value chosen on the other four: wrong takes kept,
#: longer lines 21.9 % -> 0.2 %, one syllable 49.8 % -> 5.2 %; right takes refused
#: 2.4 % -> 4.5 % and 20.5 % -> 32.4 % (most of that the aligner's own; voices far from
#: eSpeak's lose most: their single words tie with others). A value of its own for
#: one-syllable lines came out the same.
CLEARLY_BETTER = 0.9
#: Lines whose rendering is this much longer or shorter than the take's speech cannot
#: be what she said (her pace against the reference's, and then some).
PLAUSIBLE_RATIO = (0.4, 2.5)
#: Lines matched at every stretch of the reference's voice, not only at 1.0: this many of
#: the closest.
REFINE_TOP = 8
_CACHE_SIZE = 200  # a generic sheet and her shop's (about 0.3 MB a line)


@dataclass(frozen=True)
class Verdict:
    """Whether a take says its line rather than another line of the sheet."""

    kept: bool
    own: Likeness
    rival: SheetLine | None = None  # the other line most like the take
    rival_likeness: Likeness | None = None
    reason: str = ""

    @property
    def margin(self) -> float:
        """The best other line's score over the take's own line's (inf: no other line;
        below ``CLEARLY_BETTER``: refused)."""
        if self.rival_likeness is None:
            return float("inf")
        return self.rival_likeness.score / max(self.own.score, 1e-9)


class _Renderings:
    """Texts as the reference engine says them, least recently used dropped first."""

    def __init__(self) -> None:
        self._items: OrderedDict[tuple[str, str, str], Rendering] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, reference: SpeechEngine, text: str) -> Rendering:
        key = (reference.name, reference.model_id(), text)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        utt = reference.synthesize(text, language="zh")
        made = rendering_of(utt)
        with self._lock:
            self._items[key] = made
            while len(self._items) > _CACHE_SIZE:
                self._items.popitem(last=False)
        return made


_renderings = _Renderings()


def rendering(reference: SpeechEngine, text: str) -> Rendering:
    """``text`` as ``reference`` says it at its default rate (kept for the next take)."""
    return _renderings.get(reference, text)


def judge(pcm: np.ndarray, line: SheetLine, sheet: PromptSheet, reference: SpeechEngine) -> Verdict:
    """Does the take ``pcm`` say ``line`` rather than any other line of ``sheet``?"""
    take = take_of(pcm)
    lines = [line, *rivals_of(line, sheet, take, reference)]
    return verdict(line, likenesses(take, lines, reference))


def rivals_of(
    line: SheetLine, sheet: PromptSheet, take: Take, reference: SpeechEngine
) -> list[SheetLine]:
    """The other lines of ``sheet`` the take could be: another text, of a length she
    could have said in the take's time."""
    out = []
    for other in sheet.lines:
        if other.key == line.key:
            continue
        said = rendering(reference, other.text).speech_s
        if PLAUSIBLE_RATIO[0] <= take.speech_s / max(said, 1e-3) <= PLAUSIBLE_RATIO[1]:
            out.append(other)
    return out


def likenesses(
    take: Take,
    lines: list[SheetLine],
    reference: SpeechEngine,
    memo: dict[tuple[str, float], Likeness] | None = None,
) -> dict[SheetLine, Likeness]:
    """The take's likeness to each of ``lines``, each at the stretch of the reference's
    voice (``REF_WARPS``) that suits it best: all at 1.0 first, then the ``REFINE_TOP``
    closest at the others too. The same for every line, whichever she was asked to read
    (a stretch tried for that line alone would favour it). ``memo``: likenesses already
    found for this take, by (text, stretch), and where new ones are kept."""
    memo = {} if memo is None else memo

    def fit(xs: list[SheetLine], warp: float) -> list[Likeness]:
        todo = list(dict.fromkeys(x.text for x in xs if (x.text, warp) not in memo))
        found = likenesses_of(take, [rendering(reference, t) for t in todo], warp)
        memo.update({(t, warp): f for t, f in zip(todo, found, strict=True)})
        return [memo[x.text, warp] for x in xs]

    fits = dict(zip(lines, fit(lines, 1.0), strict=True))
    closest = sorted(fits, key=lambda x: fits[x].score)[:REFINE_TOP]
    for warp in REF_WARPS:
        for x, f in zip(closest, fit(closest, warp), strict=True):
            if f.score < fits[x].score:
                fits[x] = f
    return fits


def verdict(line: SheetLine, fits: dict[SheetLine, Likeness]) -> Verdict:
    """Refused when another line in ``fits`` scores below ``CLEARLY_BETTER`` times
    ``line`` (its likeness in ``fits``)."""
    own = fits[line]
    others = [(fit, x) for x, fit in fits.items() if x.key != line.key]
    if not others:
        return Verdict(True, own)
    fit, other = min(others, key=lambda p: p[0].score)
    result = Verdict(True, own, other, fit)
    if result.margin >= CLEARLY_BETTER:
        return result
    log.debug("take of %s sounds like %s (margin %.3f)", line.id, other.id, result.margin)
    return Verdict(False, own, other, fit, f"it sounds like line {other.id} ({other.text})")
