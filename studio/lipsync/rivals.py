"""Which of several known texts a recording says: one recording matched against many.

The aligner (:mod:`.align`) answers "does she say *this* text?" with one absolute bar,
and a take of a *similar* text can pass it (a neighbouring line of a prompt sheet, one
number word read as another). When the texts she might have said are known -- the lines
of the sheet she reads -- the question becomes a closed-set one: does another text match
the recording clearly better than hers? That is much sharper than any single bar (the
other texts are the yardstick).

Each text is spoken once by the reference engine (a :class:`Rendering`); the recording
is prepared once (a :class:`Take`); :func:`likenesses` warps every rendering onto it as
the aligner does (the same features, silence at the ends capped, vocal-tract stretch, the
coarse 20 ms grid; full matrices, all warped together by :func:`.dtw.warp_all`) and sums
up each match in one :attr:`Likeness.score` (lower: more alike) from two measures:

- *cost*: the mean frame distance along the path over the text's speech, half of it
  averaged per phoneme of the text (a short consonant, all that tells 点 from 减, weighs
  as much as the vowel after it). Not divided by anything: the recording is the same
  for every text, so the costs compare directly;
- *coverage*: the share of the recording's speech matched with the text's speech, each
  frame counted by its loudness (a shorter text inside a longer one, 只要 in
  今天直播间只要, matches its part well but leaves the rest of the recording unexplained;
  a breath before a single word is quiet and hardly counts, or a longer text would
  explain more of the take than the word it is).

The weights are chosen in ``benchmarks/bench_voice_lines.py --confusion`` (each reader's
takes judged with the weights chosen on the other readers'). A pitch-contour distance
(the tones) was tried there and left out: eSpeak's tones are weak and other voices'
contours unlike them, so it helped only voices of eSpeak's own family.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from studio.lipsync.align import (
    END_CAP_QUANTILE,
    HOP,
    _cepstra,
    _Frames,
    _frames,
    _halve,
    _spectrum,
    _speech_power,
    speech_span,
)
from studio.lipsync.dtw import warp_all
from studio.phonetics.utterance import Utterance

#: Silence added to a rendering's ends (fewer frames than the aligner's: speed; enough
#: to meet her silence and breath around the words).
PAD_FRAMES = 16
#: A take is cut to its speech with this much around it (a long silence before she
#: starts only costs time).
TAKE_MARGIN_FRAMES = 40
#: ``score = ((1 - PHONE_WEIGHT) * cost + PHONE_WEIGHT * cost per phoneme)
#: * (1 + UNEXPLAINED_WEIGHT * (1 - coverage))``
UNEXPLAINED_WEIGHT = 2.0
PHONE_WEIGHT = 0.5
#: Takes with less speech than this are matched on the 10 ms grid (see :func:`likenesses`).
FINE_BELOW_S = 1.0


@dataclass(frozen=True)
class Take:
    """A recording prepared once to be matched against many texts."""

    frames: _Frames  # 10 ms frames, cut to the speech and a margin
    speech_s: float  # seconds from the first to the last speech frame
    noise: np.ndarray  # (N_MELS,) her room's noise power per band


@dataclass(frozen=True)
class Rendering:
    """A text as the reference engine says it, with silence at its ends."""

    text: str
    spectrum: np.ndarray  # (T, bins) power, 10 ms frames
    phones: np.ndarray  # (T,) the index of the phoneme said in each frame; -1: none
    speech_s: float
    _warped: dict[float, _Frames] = field(default_factory=dict, compare=False, repr=False)

    def frames(self, warp: float) -> _Frames:
        """Its mel frames with the frequency axis stretched by ``warp`` (kept: every take
        is matched against the same renderings)."""
        if warp not in self._warped:
            self._warped[warp] = _frames(self.spectrum, warp)
        return self._warped[warp]


@dataclass(frozen=True)
class Likeness:
    """How alike a recording and a text's rendering are (see the module docstring)."""

    cost: float
    coverage: float
    phone_cost: float  # the cost averaged per phoneme of the text

    @property
    def score(self) -> float:
        """Lower: more alike."""
        return self.scored(UNEXPLAINED_WEIGHT, PHONE_WEIGHT)

    def scored(self, unexplained_weight: float, phone_weight: float) -> float:
        """The score with other weights (the benchmark chooses them with this)."""
        cost = (1.0 - phone_weight) * self.cost + phone_weight * self.phone_cost
        return cost * (1.0 + unexplained_weight * (1.0 - self.coverage))


def take_of(pcm: np.ndarray) -> Take:
    """``pcm`` (48 kHz mono) ready to be matched."""
    frames = _frames(_spectrum(np.asarray(pcm).reshape(-1)))
    c0, c1 = speech_span(frames.speech)
    a = max(0, c0 - TAKE_MARGIN_FRAMES)
    b = min(len(frames.speech), c1 + 1 + TAKE_MARGIN_FRAMES)
    cut = _Frames(np.ascontiguousarray(frames.power[a:b]), frames.speech[a:b])
    quiet = frames.power[~frames.speech]
    # a take cut close around its words has few quiet frames: its quietest then
    noise = np.median(quiet, axis=0) if len(quiet) >= 5 else frames.power.min(axis=0)
    return Take(cut, (c1 - c0 + 1) * HOP / 48_000, noise)


def rendering_of(utt: Utterance) -> Rendering:
    """The reference engine's ``utt`` ready to be matched."""
    pad = np.zeros(PAD_FRAMES * HOP, np.int16)
    spectrum = _spectrum(np.concatenate([pad, utt.audio, pad]))
    phones = np.full(len(spectrum), -1, np.int64)
    said = [p for p in utt.phonemes if not p.phoneme.startswith("_")]
    for k, p in enumerate(said):
        phones[PAD_FRAMES + p.start // HOP : PAD_FRAMES - (-p.end // HOP)] = k
    c0, c1 = speech_span(_frames(spectrum).speech)
    return Rendering(utt.text, spectrum, phones, (c1 - c0 + 1) * HOP / 48_000)


def _costs(ref: _Frames, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distances of every (reference, take) frame pair on the coarse grid, as they are
    and with the reference's silent ends capped as the aligner caps them
    (``END_CAP_QUANTILE``: a breath before the words is absorbed there)."""
    d2 = (a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2.0 * (a @ b.T)
    d = np.sqrt(np.maximum(d2, 0.0))
    r0, r1 = speech_span(ref.speech)
    cap = float(np.quantile(d[r0 : r1 + 1], END_CAP_QUANTILE))
    capped = d.copy()
    capped[:r0] = np.minimum(d[:r0], cap)
    capped[r1 + 1 :] = np.minimum(d[r1 + 1 :], cap)
    return d, capped


def _per_phone(cells: np.ndarray, phone: np.ndarray, fallback: float) -> float:
    """``cells`` averaged within each phoneme (``phone`` >= 0), then over the phonemes."""
    said = phone >= 0
    if not said.any():
        return fallback
    sums = np.bincount(phone[said], weights=cells[said])
    counts = np.bincount(phone[said])
    return float((sums[counts > 0] / counts[counts > 0]).mean())


def likenesses(take: Take, renderings: list[Rendering], warp: float = 1.0) -> list[Likeness]:
    """How alike ``take`` and each of ``renderings`` are, the renderings' frequency axis
    stretched by ``warp`` (another vocal-tract length: :data:`.align.REF_WARPS`).

    On the 20 ms grid, or the 10 ms one for a take shorter than ``FINE_BELOW_S`` (a
    single word: which pairs of frames the coarse grid averages moved its costs by half,
    as much as tells 百 from 袋). The take's features are made once, without the
    renderings' noise the aligner adds to them (a rendering's silence is digital).
    """
    if not renderings:
        return []
    fine = take.speech_s < FINE_BELOW_S

    def grid(x: np.ndarray) -> np.ndarray:
        return x if fine else _halve(x)

    rec = take.frames if fine else take.frames.coarse()
    loudness = np.sqrt(rec.power.sum(axis=1)) * rec.speech  # amplitude of the speech frames
    b = grid(_cepstra(take.frames.power))
    refs, dists, capped = [], [], []
    for r in renderings:
        ref = r.frames(warp)
        gain = _speech_power(take.frames) / _speech_power(ref)
        a = grid(_cepstra(ref.power + take.noise / gain))
        ref = ref if fine else ref.coarse()
        d, c = _costs(ref, a, b)
        refs.append(ref)
        dists.append(d)
        capped.append(c)
    out = []
    for r, ref, d, path in zip(renderings, refs, dists, warp_all(capped), strict=True):
        cells = d[path.ref, path.rec]
        on_ref = ref.speech[path.ref]
        cost = float(cells[on_ref].mean()) if on_ref.any() else float(cells.mean())
        said = np.zeros(len(rec.speech), bool)
        said[path.rec[on_ref]] = True
        coverage = float(loudness[said].sum() / max(loudness.sum(), 1e-12))
        phones = r.phones if fine else r.phones[0 : len(r.phones) // 2 * 2 : 2]
        phone = np.where(on_ref, phones[path.ref], -1)  # a stop's silent closure: no sound
        out.append(Likeness(cost, coverage, _per_phone(cells, phone, cost)))
    return out


def likeness(take: Take, rendering: Rendering, warp: float = 1.0) -> Likeness:
    """:func:`likenesses` of one rendering."""
    return likenesses(take, [rendering], warp)[0]
