"""Phoneme timeline -> per-frame mouth trajectory, with coarticulation.

Each viseme has a target mouth shape; the targets are laid out on a 1 ms grid, smoothed
with a short zero-phase kernel (neighbouring sounds blend, as real mouths anticipate
the next sound), then bilabial closures are *enforced*: a mouth that never closes on
p/b/m reads as wrong at once, so at the middle of every PP phoneme the lips meet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from studio.core.timeline import SAMPLE_RATE, FrameRate
from studio.phonetics.utterance import Phoneme
from studio.phonetics.viseme import Viseme


@dataclass(frozen=True)
class MouthTarget:
    """A viseme's mouth shape: lip gap and width change (inter-ocular units)."""

    open: float
    width: float


# Targets for a neutral presenter; the per-avatar table (issue 6) replaces these.
DEFAULT_TARGETS: dict[Viseme, MouthTarget] = {
    Viseme.SIL: MouthTarget(0.0, 0.0),
    Viseme.PP: MouthTarget(0.0, -0.02),
    Viseme.FF: MouthTarget(0.06, 0.02),
    Viseme.TH: MouthTarget(0.10, 0.02),
    Viseme.DD: MouthTarget(0.12, 0.03),
    Viseme.KK: MouthTarget(0.14, 0.0),
    Viseme.CH: MouthTarget(0.10, -0.10),
    Viseme.SS: MouthTarget(0.07, 0.06),
    Viseme.RR: MouthTarget(0.10, -0.08),
    Viseme.AA: MouthTarget(0.30, 0.04),
    Viseme.E: MouthTarget(0.20, 0.08),
    Viseme.I: MouthTarget(0.11, 0.12),
    Viseme.O: MouthTarget(0.22, -0.12),
    Viseme.U: MouthTarget(0.10, -0.18),
}

SMOOTH_SIGMA_MS = 22.0  # coarticulation blur; short enough that 60 ms vowels still open
# The lips close over this before a p/b/m and part over it after. 30 ms (with the closure
# held over the whole consonant) left a short vowel between two bilabials almost shut
# ("妈妈" at 30 fps: its midpoint frames 0.034 and 0.036 IOD against 0.12 before).
CLOSURE_RAMP_MS = 15
# Frames close this much either side of a p/b/m: phoneme times are only so exact (a script
# aligned to a recording: word boundaries median 6 ms off), and lips visibly seal a little
# before the sound stops. Measured (benchmarks/bench_align.py, the truth midpoint's frame
# closed): 0 ms 92-93 %, 10 ms 97 %, 20 ms 98 %, while open vowels' midpoint frames still
# opened 96.6 %, 95.0 %, 93.4 %; chosen on those same cases.
CLOSURE_GUARD_MS = 10
VOWELS = frozenset({Viseme.AA, Viseme.E, Viseme.I, Viseme.O, Viseme.U})
VOWEL_MIN_FRAMES = 2  # open frames a vowel keeps between closures (see ``mouth_track``)
CLOSURE_MIN_COVER = 0.5  # ... by opening frames a closure covers less than this share of


@dataclass
class MouthTrack:
    """Per-frame mouth parameters on the output frame grid."""

    fps: FrameRate
    open: np.ndarray  # float32 (n_frames,)
    width: np.ndarray  # float32 (n_frames,)
    # Audio-driven and steadied (studio.lipsync.steady): where it barely moves, the
    # renderer may hold the mouth it shows rather than chase what is left of the wobble.
    steady: bool = False

    def __len__(self) -> int:
        return int(self.open.shape[0])


def gaussian_kernel(sigma: float) -> np.ndarray:
    radius = max(1, int(3 * sigma))
    x = np.arange(-radius, radius + 1, dtype=np.float64)
    k = np.exp(-0.5 * (x / sigma) ** 2)
    return k / k.sum()


def _to_ms(sample: int, sample_rate: int) -> int:
    return sample * 1000 // sample_rate


def mouth_curves_ms(
    phonemes: Sequence[Phoneme],
    total_samples: int,
    sample_rate: int = SAMPLE_RATE,
    targets: dict[Viseme, MouthTarget] | None = None,
    closure_guard_ms: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Smoothed (open, width) curves on a 1 ms grid covering ``total_samples``; the lips
    are together over every p/b/m widened by ``closure_guard_ms`` either side."""
    targets = targets or DEFAULT_TARGETS
    n_ms = _to_ms(total_samples, sample_rate) + 1
    open_ms = np.zeros(n_ms, dtype=np.float64)
    width_ms = np.zeros(n_ms, dtype=np.float64)
    for ph in phonemes:
        a, b = (
            _to_ms(ph.start, sample_rate),
            max(_to_ms(ph.end, sample_rate), _to_ms(ph.start, sample_rate) + 1),
        )
        t = targets.get(ph.viseme, targets[Viseme.SIL])
        open_ms[a:b] = t.open
        width_ms[a:b] = t.width
    k = gaussian_kernel(SMOOTH_SIGMA_MS)
    open_ms = np.convolve(np.pad(open_ms, len(k) // 2, mode="edge"), k, mode="valid")
    width_ms = np.convolve(np.pad(width_ms, len(k) // 2, mode="edge"), k, mode="valid")
    for a, b in closure_spans_ms(phonemes, sample_rate, closure_guard_ms):
        _enforce_closure(open_ms, a, b)
    return open_ms.astype(np.float32), width_ms.astype(np.float32)


def closure_spans_ms(
    phonemes: Sequence[Phoneme], sample_rate: int = SAMPLE_RATE, guard_ms: int = 0
) -> np.ndarray:
    """(K, 2) [start, end) in ms of every p/b/m (viseme PP), widened by ``guard_ms`` either
    side, sorted by start; at least 1 ms long."""
    spans = sorted(
        (
            _to_ms(p.start, sample_rate),
            max(_to_ms(p.end, sample_rate), _to_ms(p.start, sample_rate) + 1),
        )
        for p in phonemes
        if p.viseme is Viseme.PP
    )
    return np.array(spans, dtype=np.int64).reshape(-1, 2) + np.array([-guard_ms, guard_ms])


def _enforce_closure(open_ms: np.ndarray, a: int, b: int) -> None:
    """Zero the opening over [a, b) and scale it down to there with raised-cosine ramps of
    ``CLOSURE_RAMP_MS`` on either side (the lips close and part smoothly)."""
    a, b = max(0, a), min(len(open_ms), b)
    if a >= b:
        return
    open_ms[a:b] = 0.0
    x = np.arange(1, CLOSURE_RAMP_MS + 1)
    ramp = 0.5 - 0.5 * np.cos(np.pi * x / CLOSURE_RAMP_MS)  # 0 at the closure, 1 away
    before = a - x
    ok = before >= 0
    open_ms[before[ok]] *= ramp[ok]
    after = b - 1 + x
    ok = after < len(open_ms)
    open_ms[after[ok]] *= ramp[ok]


def mouth_track(
    phonemes: Sequence[Phoneme],
    total_samples: int,
    fps: FrameRate,
    sample_rate: int = SAMPLE_RATE,
    targets: dict[Viseme, MouthTarget] | None = None,
) -> MouthTrack:
    """Per-frame mouth parameters for the frames that cover ``total_samples`` of audio.

    A frame's value is the minimum opening within its span when it is a closure frame
    and the mean otherwise. Closure frames are those that overlap a p/b/m (widened by
    ``CLOSURE_GUARD_MS``): every frame of the closure shows closed lips, however short the
    consonant. Two exceptions keep short vowels between bilabials visible ("mama" at
    30 fps has no frame free of either closure): a frame that holds a vowel's middle and
    no p/b/m's middle opens, and where a vowel would be left fewer than
    ``VOWEL_MIN_FRAMES`` open frames, the frames at its ends that a closure only grazes
    (under ``CLOSURE_MIN_COVER`` of the frame, no p/b/m middle) open too.
    """
    guard = CLOSURE_GUARD_MS
    open_ms, width_ms = mouth_curves_ms(phonemes, total_samples, sample_rate, targets, guard)
    n = fps.frames_for_samples(total_samples, sample_rate)
    spans = closure_spans_ms(phonemes, sample_rate, guard)
    reach = np.maximum.accumulate(spans[:, 1]) if len(spans) else spans[:, 1]
    closure_mids = _midpoints_ms(phonemes, sample_rate, {Viseme.PP})
    vowel_mids = _midpoints_ms(phonemes, sample_rate, VOWELS)
    bounds = np.zeros((n, 2), np.int64)
    closed = np.zeros(n, bool)
    grazed = np.zeros(n, bool)
    for f in range(n):
        a = _to_ms(fps.frame_start_sample(f, sample_rate), sample_rate)
        b = max(a + 1, _to_ms(fps.frame_start_sample(f + 1, sample_rate), sample_rate))
        bounds[f] = a, b
        i = int(np.searchsorted(reach, a, side="right"))  # first closure ending after a
        if not (i < len(spans) and spans[i, 0] < b):
            continue
        if _holds(closure_mids, a, b):
            closed[f] = True
        elif not _holds(vowel_mids, a, b):
            closed[f] = True
            grazed[f] = _covered(spans[i:], a, b) < CLOSURE_MIN_COVER * (b - a)
    for p in phonemes:
        if p.viseme in VOWELS:
            fa = fps.frame_at_sample(p.start, sample_rate)
            fb = min(n, fps.frame_at_sample(max(p.start, p.end - 1), sample_rate) + 1)
            if fb - fa - int(closed[fa:fb].sum()) < VOWEL_MIN_FRAMES:
                closed[fa:fb] &= ~grazed[fa:fb]
    out_open = np.zeros(n, dtype=np.float32)
    out_width = np.zeros(n, dtype=np.float32)
    for f, (a, b) in enumerate(bounds):
        seg = open_ms[a:b] if a < len(open_ms) else open_ms[-1:]
        out_open[f] = float(seg.min() if closed[f] else seg.mean())
        out_width[f] = float(width_ms[a:b].mean() if a < len(width_ms) else width_ms[-1])
    return MouthTrack(fps=fps, open=out_open, width=out_width)


def _midpoints_ms(
    phonemes: Sequence[Phoneme], sample_rate: int, visemes: set[Viseme] | frozenset[Viseme]
) -> np.ndarray:
    mids = [_to_ms((p.start + p.end) // 2, sample_rate) for p in phonemes if p.viseme in visemes]
    return np.array(sorted(mids), dtype=np.int64)


def _holds(points: np.ndarray, a: int, b: int) -> bool:
    """Whether any of the sorted ``points`` falls in [a, b)."""
    i = int(np.searchsorted(points, a))
    return i < len(points) and points[i] < b


def _covered(spans: np.ndarray, a: int, b: int) -> int:
    """ms of [a, b) inside the union of ``spans`` (sorted by start; those from the first
    that can reach [a, b))."""
    covered, edge = 0, a
    for s0, s1 in spans:
        if s0 >= b:
            break
        lo, hi = max(s0, edge), min(s1, b)
        if hi > lo:
            covered += hi - lo
            edge = hi
    return covered
