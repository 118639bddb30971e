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
CLOSURE_HALF_MS = 35  # closure window around a bilabial's midpoint


@dataclass
class MouthTrack:
    """Per-frame mouth parameters on the output frame grid."""

    fps: FrameRate
    open: np.ndarray  # float32 (n_frames,)
    width: np.ndarray  # float32 (n_frames,)

    def __len__(self) -> int:
        return int(self.open.shape[0])


def _gaussian_kernel(sigma: float) -> np.ndarray:
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
) -> tuple[np.ndarray, np.ndarray]:
    """Smoothed (open, width) curves on a 1 ms grid covering ``total_samples``."""
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
    k = _gaussian_kernel(SMOOTH_SIGMA_MS)
    open_ms = np.convolve(np.pad(open_ms, len(k) // 2, mode="edge"), k, mode="valid")
    width_ms = np.convolve(np.pad(width_ms, len(k) // 2, mode="edge"), k, mode="valid")
    for ph in phonemes:
        if ph.viseme is Viseme.PP:
            _enforce_closure(open_ms, _to_ms((ph.start + ph.end) // 2, sample_rate))
    return open_ms.astype(np.float32), width_ms.astype(np.float32)


def _enforce_closure(open_ms: np.ndarray, center: int) -> None:
    """Scale the opening down to zero at ``center`` with a smooth (raised-cosine) dip."""
    x = np.arange(-CLOSURE_HALF_MS, CLOSURE_HALF_MS + 1)
    dip = 0.5 - 0.5 * np.cos(np.pi * np.abs(x) / CLOSURE_HALF_MS)  # 0 at centre, 1 at edges
    idx = center + x
    ok = (idx >= 0) & (idx < len(open_ms))
    open_ms[idx[ok]] *= dip[ok]


def mouth_track(
    phonemes: Sequence[Phoneme],
    total_samples: int,
    fps: FrameRate,
    sample_rate: int = SAMPLE_RATE,
    targets: dict[Viseme, MouthTarget] | None = None,
) -> MouthTrack:
    """Per-frame mouth parameters for the frames that cover ``total_samples`` of audio.

    A frame's value is the minimum opening within its span when a closure falls in it
    (so a short p/b/m is never averaged away) and the mean otherwise.
    """
    open_ms, width_ms = mouth_curves_ms(phonemes, total_samples, sample_rate, targets)
    n = fps.frames_for_samples(total_samples, sample_rate)
    closures = np.array(
        sorted(
            _to_ms((p.start + p.end) // 2, sample_rate) for p in phonemes if p.viseme is Viseme.PP
        ),
        dtype=np.int64,
    )
    out_open = np.zeros(n, dtype=np.float32)
    out_width = np.zeros(n, dtype=np.float32)
    for f in range(n):
        a = _to_ms(fps.frame_start_sample(f, sample_rate), sample_rate)
        b = max(a + 1, _to_ms(fps.frame_start_sample(f + 1, sample_rate), sample_rate))
        seg = open_ms[a:b] if a < len(open_ms) else open_ms[-1:]
        i = int(np.searchsorted(closures, a))
        has_closure = i < len(closures) and closures[i] < b
        out_open[f] = float(seg.min() if has_closure else seg.mean())
        out_width[f] = float(width_ms[a:b].mean() if a < len(width_ms) else width_ms[-1])
    return MouthTrack(fps=fps, open=out_open, width=out_width)
