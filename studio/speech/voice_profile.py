"""A voice in four numbers: pitch (F0 median and spread), vocal-tract length, tilt.

What "voice matched" TTS needs to know about a presenter, measured from her voice
reference once (at avatar creation) and about a stock TTS voice once per process:

- F0: a YIN tracker (cumulative mean normalised difference, threshold 0.2) on 16 kHz
  audio in 10 ms steps; the median in Hz and the spread in semitones (0.74 x the
  interquartile range, a standard deviation that a few octave errors do not move);
- formants: F1-F3 by LPC (order 18 at 16 kHz) on the loud voiced frames, medians in Hz.
  Their ratio between two voices is the formant (vocal-tract length) factor;
- tilt: the slope of the long-term average spectrum of voiced speech from 300 Hz to
  5 kHz in dB per octave (breathy and soft voices fall faster), and that spectrum itself
  in third-octave bands (her voice's colour, and her microphone's).

Plain numpy/scipy: pyworld is only an sdist (a C++ build on every user's machine), and
these four numbers do not need WORLD's full analysis.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import fft as sfft
from scipy.linalg import solve_toeplitz
from scipy.signal import resample_poly

from studio.core.timeline import SAMPLE_RATE

ANALYSIS_RATE = 16_000
HOP = 160  # 10 ms at 16 kHz
F0_MIN, F0_MAX = 60.0, 500.0
YIN_WINDOW = 400  # 25 ms
YIN_THRESHOLD = 0.2
SILENCE_DB = 40.0  # frames this far below the loudest are not voiced
LPC_ORDER = 18
TILT_BAND = (300.0, 5000.0)
LTAS_BANDS = (315, 400, 500, 630, 800, 1000, 1250, 1600, 2000, 2500, 3150, 4000, 5000, 6300)
MIN_VOICED_FRAMES = 20  # 0.2 s of voiced speech for a median worth using


@dataclass(frozen=True)
class F0Track:
    """F0 every ``HOP`` samples at 16 kHz (10 ms); 0 where unvoiced."""

    f0: np.ndarray  # Hz, float64

    @property
    def voiced(self) -> np.ndarray:
        return self.f0 > 0

    def semitones(self) -> np.ndarray:
        """Voiced frames in semitones above 100 Hz."""
        return hz_to_st(self.f0[self.voiced])


@dataclass(frozen=True)
class VoiceProfile:
    f0_median_hz: float
    f0_spread_st: float
    formants_hz: tuple[float, float, float]
    tilt_db_oct: float
    voiced_s: float  # how much voiced speech the numbers rest on
    # the voiced long-term average spectrum in third-octave bands (LTAS_BANDS), dB about
    # its mean; empty in profiles stored before it was measured
    ltas_db: tuple[float, ...] = ()

    def to_json(self) -> dict:
        return {
            "f0_median_hz": round(self.f0_median_hz, 1),
            "f0_spread_st": round(self.f0_spread_st, 2),
            "formants_hz": [round(f) for f in self.formants_hz],
            "tilt_db_oct": round(self.tilt_db_oct, 2),
            "voiced_s": round(self.voiced_s, 2),
            "ltas_db": [round(v, 1) for v in self.ltas_db],
        }

    @classmethod
    def from_json(cls, data: dict) -> VoiceProfile:
        f1, f2, f3 = (float(f) for f in data["formants_hz"])
        return cls(
            float(data["f0_median_hz"]),
            float(data["f0_spread_st"]),
            (f1, f2, f3),
            float(data["tilt_db_oct"]),
            float(data.get("voiced_s", 0.0)),
            tuple(float(v) for v in data.get("ltas_db", ())),
        )


def hz_to_st(hz: np.ndarray | float) -> np.ndarray:
    return 12.0 * np.log2(np.asarray(hz, dtype=np.float64) / 100.0)


def to_analysis_rate(pcm: np.ndarray, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """int16 (or float) audio -> float64 at 16 kHz, full scale 1.0."""
    x = np.asarray(pcm, dtype=np.float64)
    if np.issubdtype(np.asarray(pcm).dtype, np.integer):
        x = x / 32768.0
    if sample_rate != ANALYSIS_RATE:
        g = math.gcd(sample_rate, ANALYSIS_RATE)
        x = resample_poly(x, ANALYSIS_RATE // g, sample_rate // g)
    return x


def _frames(x: np.ndarray, length: int, hop: int) -> np.ndarray:
    """Frames of ``length`` starting every ``hop`` samples (zero-padded at the end)."""
    n = max(1, int(math.ceil(len(x) / hop)))
    padded = np.concatenate([x, np.zeros(length + hop)])
    idx = np.arange(n)[:, None] * hop + np.arange(length)[None, :]
    return padded[idx]


def track_f0(x16: np.ndarray) -> F0Track:
    """YIN on 16 kHz float audio; one value per 10 ms, 0 for unvoiced or silent frames."""
    tau_min = int(ANALYSIS_RATE / F0_MAX)
    tau_max = int(ANALYSIS_RATE / F0_MIN)
    w = YIN_WINDOW
    frames = _frames(x16, w + tau_max + 1, HOP)
    nfft = 1 << int(math.ceil(math.log2(2 * w + tau_max + 1)))
    a = sfft.rfft(frames[:, :w].astype(np.float32), nfft, workers=1)
    b = sfft.rfft(frames.astype(np.float32), nfft, workers=1)
    r = sfft.irfft(np.conj(a) * b, nfft, workers=1)[:, : tau_max + 1].astype(np.float64)
    sq = np.concatenate([np.zeros((len(frames), 1)), np.cumsum(frames**2, axis=1)], axis=1)
    taus = np.arange(tau_max + 1)
    e_tau = sq[:, taus + w] - sq[:, taus]
    d = np.maximum(e_tau[:, :1] + e_tau - 2 * r, 0.0)
    cum = np.cumsum(d[:, 1:], axis=1)
    cmnd = np.ones_like(d)
    cmnd[:, 1:] = d[:, 1:] * taus[1:] / np.maximum(cum, 1e-12)
    cmnd[:, :tau_min] = 10.0  # never a candidate (finite: no inf - inf below)
    below = cmnd < YIN_THRESHOLD
    starts = below & ~np.concatenate([np.zeros((len(d), 1), bool), below[:, :-1]], axis=1)
    first_run = below & (np.cumsum(starts, axis=1) == 1)
    masked = np.where(first_run, cmnd, 10.0)
    tau = np.argmin(masked, axis=1)
    ok = (masked[np.arange(len(d)), tau] < YIN_THRESHOLD) & (tau > tau_min) & (tau < tau_max)
    # parabolic interpolation around the minimum
    t = np.clip(tau, 1, tau_max - 1)
    rows = np.arange(len(d))
    y0, y1, y2 = cmnd[rows, t - 1], cmnd[rows, t], cmnd[rows, t + 1]
    den = y0 - 2 * y1 + y2
    shift = np.where(np.abs(den) > 1e-12, 0.5 * (y0 - y2) / np.where(den == 0, 1, den), 0.0)
    period = t + np.clip(shift, -1, 1)
    energy = 10 * np.log10(np.mean(frames[:, :w] ** 2, axis=1) + 1e-12)
    loud = energy > energy.max() - SILENCE_DB
    f0 = np.where(ok & loud, ANALYSIS_RATE / period, 0.0)
    return F0Track(_despike(f0))


def _despike(f0: np.ndarray) -> np.ndarray:
    """Drop voiced islands shorter than 3 frames and median-filter the rest (5 frames)."""
    v = f0 > 0
    out = f0.copy()
    i, n = 0, len(f0)
    while i < n:
        if not v[i]:
            i += 1
            continue
        j = i
        while j < n and v[j]:
            j += 1
        if j - i < 3:
            out[i:j] = 0
        else:
            seg = f0[i:j]
            padded = np.pad(seg, 2, mode="edge")
            out[i:j] = np.median(np.lib.stride_tricks.sliding_window_view(padded, 5), axis=1)
        i = j
    return out


def f0_stats(track: F0Track) -> tuple[float, float] | None:
    """(median Hz, spread in semitones), or None with too little voiced speech."""
    st = track.semitones()
    if len(st) < MIN_VOICED_FRAMES:
        return None
    q1, med, q3 = np.percentile(st, [25, 50, 75])
    return float(100.0 * 2 ** (med / 12)), float(0.7413 * (q3 - q1))


def formants(x16: np.ndarray, track: F0Track) -> tuple[float, float, float]:
    """Median F1, F2, F3 (Hz) over the loudest half of the voiced frames (LPC roots)."""
    win = 400
    frames = _frames(np.append(x16[0], x16[1:] - 0.97 * x16[:-1]), win, HOP)[: len(track.f0)]
    energy = np.sum(frames**2, axis=1)
    voiced = np.flatnonzero(track.voiced[: len(frames)])
    if len(voiced) == 0:
        return (500.0, 1500.0, 2500.0)
    voiced = voiced[energy[voiced] >= np.median(energy[voiced])]
    frames = frames[voiced[:: max(1, len(voiced) // 300)]] * np.hamming(win)
    found: list[list[float]] = [[], [], []]
    for f in frames:
        r = np.correlate(f, f, "full")[win - 1 : win + LPC_ORDER]
        if r[0] <= 0:
            continue
        r[0] *= 1.0 + 1e-9
        a = solve_toeplitz(r[:-1], -r[1:])
        roots = np.roots(np.concatenate([[1.0], a]))
        roots = roots[np.imag(roots) > 0]
        freq = np.angle(roots) * ANALYSIS_RATE / (2 * np.pi)
        bw = -np.log(np.abs(roots)) * ANALYSIS_RATE / np.pi
        cand = np.sort(freq[(freq > 150) & (freq < 5500) & (bw < 500)])
        last = 0.0  # each formant above the one before it in this frame
        for i, (lo, hi) in enumerate(((150, 1200), (500, 3200), (1500, 4500))):
            pick = cand[(cand > max(lo, last + 150)) & (cand < hi)]
            if not len(pick):
                break
            found[i].append(float(pick[0]))
            last = float(pick[0])
    defaults = (500.0, 1500.0, 2500.0)
    med = [float(np.median(f)) if f else d for f, d in zip(found, defaults, strict=True)]
    return (med[0], med[1], med[2])


def _ltas(x16: np.ndarray, track: F0Track) -> tuple[np.ndarray, np.ndarray] | None:
    """(bin frequencies, power) of the voiced long-term average spectrum."""
    nfft = 1024
    frames = _frames(x16, nfft, HOP)[: len(track.f0)]
    voiced = track.voiced[: len(frames)]
    if not voiced.any():
        return None
    spec = np.mean(np.abs(np.fft.rfft(frames[voiced] * np.hanning(nfft), axis=1)) ** 2, axis=0)
    return np.fft.rfftfreq(nfft, 1 / ANALYSIS_RATE), spec


def tilt(x16: np.ndarray, track: F0Track) -> float:
    """Slope of the voiced long-term average spectrum, 300 Hz - 5 kHz, in dB/octave."""
    found = _ltas(x16, track)
    if found is None:
        return 0.0
    freqs, spec = found
    band = (freqs >= TILT_BAND[0]) & (freqs <= TILT_BAND[1])
    slope, _ = np.polyfit(np.log2(freqs[band]), 10 * np.log10(spec[band] + 1e-20), 1)
    return float(slope)


def ltas_bands(x16: np.ndarray, track: F0Track) -> tuple[float, ...]:
    """Voiced LTAS power in the third-octave LTAS_BANDS, in dB about their mean."""
    found = _ltas(x16, track)
    if found is None:
        return ()
    freqs, spec = found
    levels = []
    for c in LTAS_BANDS:
        inside = (freqs >= c * 2 ** (-1 / 6)) & (freqs < c * 2 ** (1 / 6))
        levels.append(10 * np.log10(np.mean(spec[inside]) + 1e-20))
    out = np.asarray(levels) - np.mean(levels)
    return tuple(float(v) for v in out)


def estimate_profile(pcm: np.ndarray, sample_rate: int = SAMPLE_RATE) -> VoiceProfile | None:
    """The profile of the speech in ``pcm``, or None when it holds too little voiced speech."""
    x16 = to_analysis_rate(pcm, sample_rate)
    track = track_f0(x16)
    stats = f0_stats(track)
    if stats is None:
        return None
    return VoiceProfile(
        f0_median_hz=stats[0],
        f0_spread_st=stats[1],
        formants_hz=formants(x16, track),
        tilt_db_oct=tilt(x16, track),
        voiced_s=float(track.voiced.sum() * HOP / ANALYSIS_RATE),
        ltas_db=ltas_bands(x16, track),
    )
