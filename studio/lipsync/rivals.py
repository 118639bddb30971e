"""Which of several known texts a recording says: one recording matched against many.

The aligner (:mod:`.align`) answers "does she say *this* text?" with one absolute bar,
and a take of a *similar* text can pass it (a neighbouring line of a prompt sheet, one
number word read as another). When the texts she might have said are known -- the lines
of the sheet she reads -- the question becomes a closed-set one: does her text match
the recording clearly better than every other? That is much sharper than any single bar
(the other texts are the yardstick).

Each text is spoken once by the reference engine (a :class:`Rendering`); the recording
is prepared once (a :class:`Take`); :func:`likeness` warps one onto the other as the
aligner does (the same features, band, silence at the ends and vocal-tract stretch,
on the coarse 20 ms grid) and sums up the match in one :attr:`Likeness.score` (lower:
more alike) from three measures:

- *cost*: the mean frame distance along the path over the text's speech (as the
  aligner's cost, not divided by anything: the recording is the same for every text,
  so the costs compare directly);
- *coverage*: the share of the recording's speech matched with the text's speech (a
  shorter text inside a longer one, 只要 in 今天只要, matches its part well but leaves
  the rest of the recording unexplained);
- *pitch*: the mean distance in semitones between the two pitch contours along the path,
  each about its own median (the tones: 四 falls, 十 rises; eSpeak's tones are weak, a
  person's are not). The contours come from the caller (one per frame, NaN where
  unvoiced): the pitch tracker lives with the speech engines, beside this layer.

Weights, and the margin a text must win by, are chosen in
``benchmarks/bench_voice_lines.py --confusion`` on some voices and reported on others.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from studio.lipsync.align import (
    END_CAP_QUANTILE,
    HOP,
    _cepstra,
    _Frames,
    _frames,
    _halve,
    _noise,
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
#: ``score = cost * (1 + UNEXPLAINED_WEIGHT * (1 - coverage)) + PITCH_WEIGHT * pitch``
UNEXPLAINED_WEIGHT = 1.0
PITCH_WEIGHT = 0.3
PHONE_WEIGHT = 0.0


@dataclass(frozen=True)
class Take:
    """A recording prepared once to be matched against many texts."""

    frames: _Frames  # 10 ms frames, cut to the speech and a margin
    pitch: np.ndarray  # semitones per 10 ms frame, NaN where unvoiced
    speech_s: float  # seconds from the first to the last speech frame

    def coarse(self) -> tuple[_Frames, np.ndarray]:
        return self.frames.coarse(), _coarse_pitch(self.pitch)


@dataclass(frozen=True)
class Rendering:
    """A text as the reference engine says it, with silence at its ends."""

    text: str
    spectrum: np.ndarray  # (T, bins) power, 10 ms frames
    pitch: np.ndarray  # semitones per frame, NaN where unvoiced
    speech_s: float
    phonemes: tuple[str, ...]  # what was said (a text that sounds the same has the same)
    phones: np.ndarray  # per frame, the index in ``phonemes`` of the one said then; -1: none


@dataclass(frozen=True)
class Likeness:
    """How alike a recording and a text's rendering are (see the module docstring)."""

    cost: float
    coverage: float
    pitch: float  # semitones; 0 when too little is voiced in both
    phone_cost: float  # the cost per phoneme of the text, averaged over its phonemes

    @property
    def score(self) -> float:
        """Lower: more alike."""
        return self.scored(UNEXPLAINED_WEIGHT, PITCH_WEIGHT, PHONE_WEIGHT)

    def scored(self, unexplained_weight: float, pitch_weight: float, phone_weight: float) -> float:
        """The score with other weights (the benchmark chooses them with this)."""
        cost = (1.0 - phone_weight) * self.cost + phone_weight * self.phone_cost
        return cost * (1.0 + unexplained_weight * (1.0 - self.coverage)) + pitch_weight * self.pitch


def _fit_pitch(pitch: np.ndarray | None, n: int) -> np.ndarray:
    if pitch is None:
        return np.full(n, np.nan)
    p = np.asarray(pitch, np.float64)[:n]
    return np.pad(p, (0, n - len(p)), constant_values=np.nan)


def _coarse_pitch(p: np.ndarray) -> np.ndarray:
    """Pairs of frames: their mean where both are voiced, else whichever is."""
    n = len(p) // 2 * 2
    pairs = p[:n].reshape(-1, 2)
    voiced = np.isfinite(pairs)
    count = voiced.sum(axis=1)
    total = np.where(voiced, pairs, 0.0).sum(axis=1)
    return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def take_of(pcm: np.ndarray, pitch: np.ndarray | None = None) -> Take:
    """``pcm`` (48 kHz mono) ready to be matched; ``pitch``: its contour in semitones
    per 10 ms frame (NaN unvoiced), None when unknown."""
    pcm = np.asarray(pcm).reshape(-1)
    frames = _frames(_spectrum(pcm))
    p = _fit_pitch(pitch, len(frames.speech))
    c0, c1 = speech_span(frames.speech)
    a = max(0, c0 - TAKE_MARGIN_FRAMES)
    b = min(len(frames.speech), c1 + 1 + TAKE_MARGIN_FRAMES)
    cut = _Frames(np.ascontiguousarray(frames.power[a:b]), frames.speech[a:b])
    return Take(cut, p[a:b], (c1 - c0 + 1) * HOP / 48_000)


def rendering_of(utt: Utterance, pitch: np.ndarray | None = None) -> Rendering:
    """The reference engine's ``utt`` ready to be matched; ``pitch``: its contour as for
    :func:`take_of`, over ``utt.audio``."""
    pad = np.zeros(PAD_FRAMES * HOP, np.int16)
    spectrum = _spectrum(np.concatenate([pad, utt.audio, pad]))
    n = len(spectrum)
    p = np.r_[np.full(PAD_FRAMES, np.nan), _fit_pitch(pitch, n - 2 * PAD_FRAMES)]
    c0, c1 = speech_span(_frames(spectrum).speech)
    said = [ph for ph in utt.phonemes if not ph.phoneme.startswith("_")]
    phones = np.full(n, -1, np.int64)
    for k, ph in enumerate(said):
        phones[PAD_FRAMES + ph.start // HOP : PAD_FRAMES + -(-ph.end // HOP)] = k
    phonemes = tuple(ph.phoneme for ph in said)
    return Rendering(utt.text, spectrum, p[:n], (c1 - c0 + 1) * HOP / 48_000, phonemes, phones[:n])


def _contour_distance(a: np.ndarray, b: np.ndarray) -> float:
    """Mean |a - b| in semitones where both are voiced, each about its own median."""
    ok = np.isfinite(a) & np.isfinite(b)
    if ok.sum() < 3:
        return 0.0
    x, y = a[ok], b[ok]
    return float(np.abs((x - np.median(x)) - (y - np.median(y))).mean())


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


def likenesses(take: Take, renderings: list[Rendering], warp: float = 1.0) -> list[Likeness]:
    """How alike ``take`` and each of ``renderings`` are, the renderings' frequency axis
    stretched by ``warp`` (another vocal-tract length: :data:`.align.REF_WARPS`).

    All warps are taken together (:func:`.dtw.warp_all`). The take's features are
    made once, without the renderings' noise the aligner adds (a rendering's silence is
    digital: it has none).
    """
    if not renderings:
        return []
    rec, rec_pitch = take.coarse()
    b = _halve(_cepstra(take.frames.power))
    refs, dists, capped = [], [], []
    for r in renderings:
        ref = _frames(r.spectrum, warp)
        gain = _speech_power(take.frames) / _speech_power(ref)
        a = _halve(_cepstra(ref.power + _noise(take.frames) / gain))
        coarse = ref.coarse()
        d, c = _costs(coarse, a, b)
        refs.append(coarse)
        dists.append(d)
        capped.append(c)
    out = []
    for r, ref, d, path in zip(renderings, refs, dists, warp_all(capped), strict=True):
        cells = d[path.ref, path.rec]
        on_ref = ref.speech[path.ref]
        cost = float(cells[on_ref].mean()) if on_ref.any() else float(cells.mean())
        said = np.zeros(len(rec.speech), bool)
        said[path.rec[on_ref]] = True
        coverage = float((said & rec.speech).sum() / max(1, rec.speech.sum()))
        ref_pitch = _coarse_pitch(r.pitch)
        pr = ref_pitch[np.minimum(path.ref, len(ref_pitch) - 1)]
        pc = rec_pitch[np.minimum(path.rec, len(rec_pitch) - 1)]
        pitch = _contour_distance(np.where(on_ref, pr, np.nan), pc)
        phone = r.phones[0 : len(r.phones) // 2 * 2 : 2][path.ref]
        said_phone = phone >= 0
        if said_phone.any():
            sums = np.bincount(phone[said_phone], weights=cells[said_phone])
            counts = np.bincount(phone[said_phone])
            phone_cost = float((sums[counts > 0] / counts[counts > 0]).mean())
        else:
            phone_cost = cost
        out.append(Likeness(cost, coverage, pitch, phone_cost))
    return out


def likeness(take: Take, rendering: Rendering, warp: float = 1.0) -> Likeness:
    """:func:`likenesses` of one rendering."""
    return likenesses(take, [rendering], warp)[0]
