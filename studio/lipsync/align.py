"""Known text -> phoneme timing: a recording aligned to a rendering of its transcript.

A recorded line usually comes with its script (the merchant read it). The phoneme path
(timings -> visemes -> mouth track, closed on every p/b/m) needs only *when* each sound
of that text was said. So the text is spoken by a reference engine that gives exact
phoneme and word times (eSpeak NG, in Mandarin, English or both), both sounds become
spectral frames, and dynamic time warping (:mod:`.dtw`) matches the reference's frames to
the recording's. The reference's phoneme and word boundaries, carried along that path,
land on the recording's clock. The result is an ordinary
:class:`~studio.phonetics.utterance.Utterance` (the recording's audio with the
reference's timelines), so the mouth track, subtitles and word highlighting downstream
work unchanged. No model weights: numpy and the audio model's own log-mel frames.

Features: :mod:`.features` log-mel frames (10 ms hop, each clip's level and per-band
mean removed, so gain and microphone colour do not matter), after each clip gets the
other's noise added at its own level (her room's hiss goes into eSpeak's digital
silence, so the two read alike); then the low cepstra (a DCT over the bands, ``N_CEPS``
terms: the spectral envelope, not the pitch) and their deltas (how it moves). The
reference is also tried with its frequency axis stretched (``REF_WARPS``: another
vocal-tract length than eSpeak's) and the closest kept.

The path runs from the first frame of both to the last of both, inside a band around a
guide line through both clips' speech spans (found by level). The reference gets
``REF_PAD_FRAMES`` of silence at both ends: that is what the recording's own silence,
breaths and clicks around the words are matched with.

Confidence ("does she say this text?"), three measures summed into one mismatch score
(see ``MAX_MISMATCH``): the path's cost over the text's speech against the same warp of
the reference played *backwards* (the same sounds in the wrong order, warped as
freely); how many other cells of the band match the text's words better than the cells
the path gave them; and how much of her speech the text's speech explains (she may have
said more). A wrong script, another line or another language, scores well above the
right one (calibrated in ``benchmarks/bench_align.py``); the caller then falls back to
the audio-to-mouth model. A recording whose speech is far too long or short to be those
words is refused before any warping.

Speed: the stretch and the cost ratio are judged on a coarse 20 ms grid (a quarter of
the cells); the timings come from one warp on the 10 ms grid (``bench_align`` times a
30 s line).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from studio.core.timeline import SAMPLE_RATE
from studio.lipsync import features as F
from studio.lipsync.dtw import WarpPath, band_costs, band_starts, warp
from studio.phonetics.utterance import Phoneme, Utterance, Word
from studio.phonetics.viseme import Viseme

log = logging.getLogger(__name__)

HOP = SAMPLE_RATE // F.HOPS_PER_SECOND  # 480 samples of the 48 kHz timeline per frame
N_CEPS = 13  # cepstra kept: c0 (level) .. c12 (envelope)
SPEECH_BELOW_PEAK_DB = 30.0  # speech frames are within this of the clip's loud level
#: The reference's frequency axis is also tried stretched by these factors (a longer or
#: shorter vocal tract than eSpeak's); the closest match is kept.
REF_WARPS = (0.9, 1.0, 1.1)
#: Silence added to both ends of the reference: what the recording's silence, breaths
#: and clicks before and after the words are matched with.
REF_PAD_FRAMES = 30
#: Matching that silence costs at most this quantile of (text speech, any frame)
#: distances: a breath before the first word is absorbed, not taken for the word.
END_CAP_QUANTILE = 0.2
#: Band around the guide line: this fraction of the longer speech span, within bounds.
BAND_FRACTION = 0.15
MIN_BAND_FRAMES = 100  # 1 s
MAX_BAND_FRAMES = 1500  # 15 s

#: Whether the recording says the text: three measures, summed into one "mismatch"
#: (``cost_ratio + RANK_WEIGHT * word_rank + (1 - coverage)``) that must not exceed
#: ``MAX_MISMATCH``. Calibrated in benchmarks/bench_align.py on synthetic voices (the
#: right script: median 0.79, 1 of 180 above 1.28, a Piper line in 15 dB noise; another
#: line's script: median 1.51, 13 of 180 below) and on the shared real voices with a
#: script they do not say (1.6 to 1.8). The measures:
#: - cost ratio: the path's cost over the text's speech / the same for the reference
#:   played backwards (the same sounds in the wrong order, warped as freely): ~0.7 when
#:   right, ~0.95 when not;
#: - word rank: the median over the text's words of how many band cells match a word's
#:   frames better than the cells the path gave them (0: every word found where it was
#:   put; ~0.1 when not);
#: - coverage: the share of the recording's speech matched with the text's speech.
RANK_WEIGHT = 4.0
MAX_MISMATCH = 1.28
#: Below this coverage the text is refused whatever the rest (she said much more).
MIN_COVERAGE = 0.6
#: (one reference frame matched with more recording frames than this explains none);
MAX_HOLD_FRAMES = 30
#: the recording's speech length over the text's (a wider range cannot be those words).
DURATION_RATIO = (0.4, 2.5)
#: The reference is spoken again at a matched speed when the first one is off by more.
RESPEAK_RATIO = (0.85, 1.18)
SPEED_RANGE = (0.5, 2.0)
#: Longer recordings are not aligned (the band would hold too many cells).
MAX_SECONDS = 300


@dataclass(frozen=True)
class Alignment:
    """A recording with the reference's phoneme and word times moved onto its clock.

    ``matches`` says whether to trust it; ``reason`` says why not (for the warning).
    """

    utterance: Utterance
    cost_ratio: float
    word_rank: float
    coverage: float
    matches: bool
    reason: str = ""

    @property
    def mismatch(self) -> float:
        """How unlike the text the recording is (``MAX_MISMATCH`` and above: not it)."""
        return self.cost_ratio + RANK_WEIGHT * self.word_rank + (1.0 - self.coverage)


@dataclass(frozen=True)
class _Frames:
    power: np.ndarray  # (T, N_MELS) mel power
    speech: np.ndarray  # (T,) bool: within SPEECH_BELOW_PEAK_DB of the loud level

    def backwards(self) -> _Frames:
        return _Frames(self.power[::-1], self.speech[::-1])

    def coarse(self) -> _Frames:
        return _Frames(_halve(self.power), _halve(self.speech))


def _spectrum(pcm: np.ndarray) -> np.ndarray:
    """|STFT|^2 frames of 48 kHz audio, 10 ms hop (:mod:`.features`)."""
    x16 = F.to_feature_rate(pcm, SAMPLE_RATE)
    return F.power_spectrogram(x16, F.num_hops(len(pcm), SAMPLE_RATE))


def _frames(spectrum: np.ndarray, warp_factor: float = 1.0) -> _Frames:
    power = spectrum @ F.mel_filterbank(warp_factor).T
    level = 10.0 * np.log10(power.astype(np.float64).sum(axis=1) + 1e-10)
    loud = float(np.percentile(level, 95.0))
    quiet = float(np.percentile(level, 5.0))
    threshold = max(loud - SPEECH_BELOW_PEAK_DB, 0.5 * (loud + quiet))
    return _Frames(power, level > threshold)


def _halve(x: np.ndarray) -> np.ndarray:
    """Pairs of frames averaged (booleans: either): the coarse 20 ms grid."""
    n = len(x) // 2 * 2
    if x.dtype == bool:
        return x[0:n:2] | x[1:n:2]
    return np.ascontiguousarray(0.5 * (x[0:n:2] + x[1:n:2]))


def speech_span(speech: np.ndarray) -> tuple[int, int]:
    """First and last speech frame (the whole clip when nothing is loud)."""
    idx = np.flatnonzero(speech)
    return (int(idx[0]), int(idx[-1])) if idx.size else (0, max(0, len(speech) - 1))


@lru_cache(maxsize=1)
def _dct_matrix() -> np.ndarray:
    """Orthonormal DCT-II over the mel bands, the first ``N_CEPS`` terms: (N_MELS, N_CEPS)."""
    n = F.N_MELS
    k = np.arange(N_CEPS)[None, :]
    m = np.cos(np.pi * k * (2 * np.arange(n)[:, None] + 1) / (2 * n)) * np.sqrt(2.0 / n)
    m[:, 0] /= np.sqrt(2.0)
    return m.astype(np.float32)


def _cepstra(power: np.ndarray) -> np.ndarray:
    """Normalised log-mel -> cepstra and their deltas, (T, 2 * N_CEPS)."""
    c = F.normalise(power).T @ _dct_matrix()
    p = np.pad(c, ((1, 1), (0, 0)), mode="edge")
    return np.ascontiguousarray(np.concatenate([c, 0.5 * (p[2:] - p[:-2])], axis=1), np.float32)


def _noise(frames: _Frames) -> np.ndarray:
    """A clip's noise power per band: its typical quiet frame (room hiss; 0 for eSpeak)."""
    quiet = frames.power[~frames.speech]
    return np.median(quiet if len(quiet) >= 10 else frames.power, axis=0)


def _speech_power(frames: _Frames) -> float:
    loud = frames.power[frames.speech] if frames.speech.any() else frames.power
    return float(loud.sum(axis=1).mean()) + 1e-12


def _features(ref: _Frames, rec: _Frames) -> tuple[np.ndarray, np.ndarray]:
    """Cepstral frames of both, each with the other's noise added at its own level, so
    that hiss in one and digital silence in the other read alike."""
    gain = _speech_power(rec) / _speech_power(ref)  # reference level -> recording level
    a = _cepstra(ref.power + _noise(rec) / gain)
    b = _cepstra(rec.power + _noise(ref) * gain)
    return a, b


def _guide(ref: _Frames, rec: _Frames) -> tuple[np.ndarray, int]:
    """The guide line through the corners and both speech spans, and the band's half
    width: the reference's short silences at its ends meet whatever the recording has."""
    r0, r1 = speech_span(ref.speech)
    c0, c1 = speech_span(rec.speech)
    n, m = len(ref.speech), len(rec.speech)
    center = np.interp(np.arange(n), [0, r0, r1, n - 1], [0, c0, c1, m - 1])
    half = int(BAND_FRACTION * max(r1 - r0, c1 - c0))
    return center, int(np.clip(half, MIN_BAND_FRAMES, MAX_BAND_FRAMES))


def _end_cap(ref: _Frames, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per reference frame, the most a match may cost: capped (``END_CAP_QUANTILE``) for
    the silence before the first word and after the last, not at all elsewhere."""
    sa = a[ref.speech][:: max(1, int(ref.speech.sum()) // 300)]
    sb = b[:: max(1, len(b) // 1000)]
    d2 = (sa * sa).sum(1)[:, None] + (sb * sb).sum(1)[None, :] - 2.0 * (sa @ sb.T)
    tau = float(np.quantile(np.sqrt(np.maximum(d2, 0.0)), END_CAP_QUANTILE))
    r0, r1 = speech_span(ref.speech)
    cap = np.full(len(a), np.inf)
    cap[:r0] = tau
    cap[r1 + 1 :] = tau
    return cap


@dataclass(frozen=True)
class _Warped:
    """One warp of the reference ``a`` onto the recording ``b``, and its band."""

    ref: _Frames
    a: np.ndarray
    b: np.ndarray
    path: WarpPath
    lo: np.ndarray
    width: int

    @staticmethod
    def run(ref: _Frames, a: np.ndarray, rec: _Frames, b: np.ndarray) -> _Warped:
        center, half = _guide(ref, rec)
        lo, width = band_starts(center, half, len(b))
        path = warp(band_costs(a, b, lo, width, _end_cap(ref, a, b)), lo, len(b))
        return _Warped(ref, a, b, path, lo, width)

    def cells(self) -> np.ndarray:
        """Distance of every matched pair on the path."""
        return np.sqrt(((self.a[self.path.ref] - self.b[self.path.rec]) ** 2).sum(axis=1))

    def speech_cost(self) -> float:
        """Mean distance along the path over the reference's speech frames."""
        on = self.ref.speech[self.path.ref]
        cells = self.cells()
        return float(cells[on].mean()) if on.any() else float(cells.mean())

    def ranks(self) -> np.ndarray:
        """Per path cell: the share of its band row that matches better than it does."""
        p = self.path
        cells = self.cells()
        out = np.empty(len(p.ref))
        b0 = 0
        for block in band_costs(self.a, self.b, self.lo, self.width):
            rows = np.flatnonzero((p.ref >= b0) & (p.ref < b0 + len(block)))
            out[rows] = (block[p.ref[rows] - b0] < cells[rows, None]).mean(axis=1)
            b0 += len(block)
        return out


def _word_rank(w: _Warped, reference: Utterance) -> float:
    """Median over the text's words of the median rank of their speech frames."""
    ranks = w.ranks()
    on = w.ref.speech[w.path.ref]
    per_word = []
    for word in reference.words:
        f0 = (word.start + REF_PAD_FRAMES * HOP) // HOP
        f1 = (word.end + REF_PAD_FRAMES * HOP) // HOP
        sel = on & (w.path.ref >= f0) & (w.path.ref <= f1)
        if sel.sum() >= 3:
            per_word.append(float(np.median(ranks[sel])))
    return float(np.median(per_word)) if per_word else 1.0


def _coverage(w: _Warped, rec: _Frames) -> float:
    """Share of the recording's speech explained by the text: matched with the text's
    speech, and not by one reference frame held for longer than ``MAX_HOLD_FRAMES``
    (what the last word of a text does when she goes on talking)."""
    p = w.path
    starts = np.flatnonzero(np.r_[True, p.ref[1:] != p.ref[:-1]])
    run = np.diff(np.r_[starts, len(p.ref)])
    held = np.repeat(run, run) > MAX_HOLD_FRAMES
    said = np.zeros(len(rec.speech), bool)
    said[p.rec[w.ref.speech[p.ref] & ~held]] = True
    return float((said & rec.speech).sum() / max(1, rec.speech.sum()))


def _knots(path_ref: np.ndarray, path_rec: np.ndarray, n_ref: int) -> np.ndarray:
    """Recording frame position of each reference frame edge (i - 0.5 for i in 0..N).

    A reference frame spans the recording frames it was matched with; the edge between
    two frames lies between the last match of one and the first of the next.
    """
    starts = np.flatnonzero(np.r_[True, path_ref[1:] != path_ref[:-1]])
    first = path_rec[starts].astype(np.float64)
    last = np.maximum.reduceat(path_rec, starts).astype(np.float64)
    assert len(first) == n_ref
    knots = np.empty(n_ref + 1)
    knots[0] = first[0] - 0.5
    knots[1:-1] = 0.5 * (last[:-1] + first[1:])
    knots[-1] = last[-1] + 0.5
    return knots


def _mapper(
    knots: np.ndarray, n_samples: int, offset: int = 0
) -> Callable[[np.ndarray], np.ndarray]:
    """Reference sample (+ ``offset``, its padding) -> recording sample, along ``knots``."""
    edges = np.arange(len(knots), dtype=np.float64) - 0.5

    def to_recording(samples: np.ndarray) -> np.ndarray:
        y = np.interp((np.asarray(samples, np.float64) + offset) / HOP, edges, knots)
        return np.clip(np.rint(y * HOP), 0, n_samples).astype(np.int64)

    return to_recording


def _moved(reference: Utterance, pcm: np.ndarray, to_rec) -> Utterance:
    """The reference's timelines on the recording's clock, covering ``[0, len(pcm))``."""
    n = len(pcm)
    phonemes: list[Phoneme] = []
    if reference.phonemes:
        ends = to_rec(np.array([p.end for p in reference.phonemes]))
        starts = np.r_[to_rec(np.array([reference.phonemes[0].start])), ends[:-1]]
        if starts[0] > 0:
            phonemes.append(Phoneme("_", Viseme.SIL, 0, int(starts[0])))
        for p, a, b in zip(reference.phonemes, starts, ends, strict=True):
            if b > a or (p.viseme is Viseme.PP and a < n):  # a p/b/m is never dropped
                phonemes.append(Phoneme(p.phoneme, p.viseme, int(a), int(max(b, a + 1))))
        if phonemes and phonemes[-1].end < n:
            phonemes.append(Phoneme("_", Viseme.SIL, phonemes[-1].end, n))
        for k in range(1, len(phonemes)):  # a kept 1-sample p/b/m pushes its neighbour
            prev, cur = phonemes[k - 1], phonemes[k]
            if cur.start < prev.end:
                phonemes[k] = Phoneme(cur.phoneme, cur.viseme, prev.end, max(cur.end, prev.end))
        phonemes = [p for p in phonemes if p.end > p.start]
    words: list[Word] = []
    if reference.words:
        ws = to_rec(np.array([w.start for w in reference.words]))
        we = to_rec(np.array([w.end for w in reference.words]))
        for w, a, b in zip(reference.words, ws, we, strict=True):
            words.append(Word(w.text, w.char_start, w.char_end, int(a), int(max(a, b))))
    return Utterance(
        text=reference.text,
        audio=np.asarray(pcm, np.int16),
        sample_rate=SAMPLE_RATE,
        phonemes=phonemes,
        words=words,
        language=reference.language,
        unknown_phonemes=dict(reference.unknown_phonemes),
    )


def speech_seconds(pcm: np.ndarray) -> float:
    """Seconds from the first to the last speech frame of a 48 kHz clip."""
    a, b = speech_span(_frames(_spectrum(pcm)).speech)
    return (b - a + 1) / F.HOPS_PER_SECOND


def align_recording(pcm: np.ndarray, reference: Utterance) -> Alignment:
    """Move ``reference``'s phoneme and word times onto the recording ``pcm``.

    Both at 48 kHz, mono int16. ``reference``: the transcript spoken by a TTS engine
    with exact timings (see :func:`align_transcript`).
    """
    pcm = np.asarray(pcm).reshape(-1)
    if reference.sample_rate != SAMPLE_RATE:
        raise ValueError("the reference must be on the 48 kHz timeline")
    pad = np.zeros(REF_PAD_FRAMES * HOP, np.int16)  # silent ends to match hers with
    ref_spectrum = _spectrum(np.concatenate([pad, reference.audio, pad]))
    rec = _frames(_spectrum(pcm))

    def refused(reason: str) -> Alignment:  # times as spoken: nothing to trust
        same = _moved(reference, pcm, lambda s: np.clip(np.asarray(s, np.int64), 0, len(pcm)))
        return Alignment(same, 1.0, 1.0, 0.0, False, reason)

    if not rec.speech.any() or len(pcm) < 4 * HOP:
        return refused("it is silent")
    r0, r1 = speech_span(_frames(ref_spectrum).speech)
    c0, c1 = speech_span(rec.speech)
    ratio = (c1 - c0 + 1) / max(r1 - r0 + 1, 1)
    if not DURATION_RATIO[0] <= ratio <= DURATION_RATIO[1]:
        return refused(f"its speech is {ratio:.1f}x as long as the text takes to say")
    # the reference's stretch and the cost ratio on the coarse grid (module docstring)
    rec_coarse = rec.coarse()
    best: tuple[float, _Frames, np.ndarray, np.ndarray, _Warped] | None = None
    for factor in REF_WARPS:
        ref = _frames(ref_spectrum, factor)
        a, b = _features(ref, rec)
        w = _Warped.run(ref.coarse(), _halve(a), rec_coarse, _halve(b))
        if best is None or w.speech_cost() < best[0]:
            best = (w.speech_cost(), ref, a, b, w)
    assert best is not None
    matched, ref, a, b, coarse = best
    back_ref = coarse.ref.backwards()
    back = _Warped.run(back_ref, np.ascontiguousarray(coarse.a[::-1]), rec_coarse, coarse.b)
    cost_ratio = matched / max(back.speech_cost(), 1e-9)
    fine = _Warped.run(ref, a, rec, b)
    word_rank = _word_rank(fine, reference)
    coverage = _coverage(fine, rec)
    knots = _knots(fine.path.ref, fine.path.rec, len(a))
    moved = _moved(reference, pcm, _mapper(knots, len(pcm), REF_PAD_FRAMES * HOP))
    result = Alignment(moved, cost_ratio, word_rank, coverage, True)
    reason = ""
    if coverage < MIN_COVERAGE:
        reason = f"only {coverage:.0%} of its speech matches the text"
    elif result.mismatch > MAX_MISMATCH:
        m = result.mismatch  # the template's parts whole on each line: the catalogue finds them
        reason = (
            f"it sounds unlike the text (mismatch {m:.2f} > {MAX_MISMATCH}: cost ratio "
            f"{cost_ratio:.2f}, word rank {word_rank:.2f}, {coverage:.0%} of its speech matched)"
        )
    return Alignment(moved, cost_ratio, word_rank, coverage, not reason, reason)


def stretch_linearly(pcm: np.ndarray, reference: Utterance) -> Utterance:
    """The reference's speech span stretched evenly over the recording's: no warping.

    The floor that alignment is measured against (tests and ``bench_align``): it gets
    the first and last word right and drifts in between.
    """
    pcm = np.asarray(pcm).reshape(-1)
    ref = _frames(_spectrum(reference.audio)).speech
    r0, r1 = speech_span(ref)
    c0, c1 = speech_span(_frames(_spectrum(pcm)).speech)
    edges = np.arange(len(ref) + 1) - 0.5
    knots = c0 + (edges - r0) * (c1 - c0 + 1) / max(r1 - r0 + 1, 1)
    return _moved(reference, pcm, _mapper(knots, len(pcm)))


def align_transcript(pcm: np.ndarray, speak: Callable[[float], Utterance]) -> Alignment:
    """Align the recording ``pcm`` to its transcript.

    ``speak(speed)``: the transcript spoken by the reference engine at ``speed`` times
    its default rate. It is spoken once, and again at the recording's own pace when
    that is clearly faster or slower (the warp then has less to stretch).
    """
    pcm = np.asarray(pcm).reshape(-1)
    if len(pcm) > MAX_SECONDS * SAMPLE_RATE:
        reason = f"it is longer than {MAX_SECONDS // 60} min"
        return Alignment(Utterance(text="", audio=pcm), 1.0, 1.0, 0.0, False, reason)
    reference = speak(1.0)
    rec_s, ref_s = speech_seconds(pcm), speech_seconds(reference.audio)
    ratio = rec_s / max(ref_s, 1e-3)
    if not RESPEAK_RATIO[0] <= ratio <= RESPEAK_RATIO[1]:
        speed = float(np.clip(1.0 / ratio, *SPEED_RANGE))
        log.debug(
            "reference respoken at %.2fx (recording %.1f s, text %.1f s)", speed, rec_s, ref_s
        )
        reference = speak(speed)
    return align_recording(pcm, reference)
