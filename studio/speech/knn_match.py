"""Frame selection from her own speech: each frame of a TTS line re-coloured with the
spectral envelope of the frames of her voice reference that sound most like it.

In the spirit of kNN-VC (Baas et al. 2023), with features that need no model weights.
The global match (:mod:`studio.speech.voice_match`: pitch, one formant factor, one EQ)
moves a line's average; a speaker encoder hears each phone's spectrum. So:

1. her voice reference is analysed once (:func:`build_pool`) into 5 ms STFT frames:
   the smooth spectral envelope (the cepstrum liftered below her pitch period) and a
   matching feature -- mel cepstra c1..c16 of that envelope (level left out) with the
   same 20 ms before and after (what a phone is depends on its neighbours), normalised
   by her own mean and spread;
2. each frame of the line, already pitch- and formant-matched, gets the same feature,
   normalised by the stock voice's mean and spread (measured once on its matched
   calibration text, :func:`feature_stats`, not on the line), and its ``K`` nearest
   frames of hers are found -- voiced with voiced, unvoiced with unvoiced;
3. the frame is multiplied by exp(the mean of their log envelopes - its own): its
   energy kept, the gain capped, smoothed over 25 ms, faded out above 8 kHz (her
   reference and the line say little there) and towards silence (silence stays silence),
   and kept from taking a fricative's hiss away.

Pitch stays PSOLA's, and the length and every sample's time stay exact (the gain is a
per-frame filter in a weighted overlap-add), so phoneme and word timings hold.

What it buys and costs (``benchmarks/bench_voice_match.py``, docs/benchmarks.md): a
speaker encoder puts the line 0.04-0.18 closer to the presenter than the global match
does, and the phones get less distinct (the envelope is hers, from the nearest of only a
few hundred frames): likeness and clarity move together, and every weaker setting tried
gave up likeness as fast as it won clarity. No pyworld: it is an sdist (a C++ build on
every user's machine), and the cepstral envelope does this job.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
from scipy import fft as sfft
from scipy.ndimage import uniform_filter1d

from studio.core.timeline import SAMPLE_RATE
from studio.speech.voice_profile import ANALYSIS_RATE, HOP, to_analysis_rate, track_f0

#: bump when what :func:`knn_recolour` makes changes (cached matched lines are remade)
KNN_VERSION = 1
N_FFT, STFT_HOP = 1024, 256  # 21 ms / 5 ms at 48 kHz (as voice_match's envelope stage)
N_MELS, N_FEATS = 30, 16  # mel bands of the envelope, and the cepstra c1..c16 of them
MEL_RANGE_HZ = (80.0, 7_600.0)
CONTEXT = 4  # frames (20 ms) before and after, stacked onto each frame's feature
K = 2  # her frames averaged per frame of the line
LIFTER_PERIODS = 0.6  # cepstra kept: this share of her median pitch period
SILENCE_DB = 45.0  # frames this far below the loudest are left as they are ...
FLOOR_DB = -70.0  # ... and so are those under this level (dBFS RMS): hiss stays hiss
FADE_DB = 10.0  # ... and the gain fades in over this much above that
MAX_GAIN_DB = 30.0
SMOOTH_FRAMES = 5  # the gain's moving average over time (25 ms)
FADE_HZ = (8_000.0, 11_000.0)  # the gain faded out between these
MIN_POOL_FRAMES = 100  # voiced speech frames of hers (0.5 s) below this: no pool
HISS_HZ, HISS_SHARE = 3_000.0, 0.1  # a frame with this share of its energy above ...
HISS_DROP_DB = 6.0  # ... keeps it within this (see _keep_hiss)
QUERY_BLOCK = 512  # line frames searched at once (bounds the distance matrix)


@dataclass(frozen=True)
class FeatureStats:
    """A voice's mean and spread of the matching feature (per-speaker normalisation)."""

    mean: np.ndarray
    std: np.ndarray

    def normalise(self, feats: np.ndarray) -> np.ndarray:
        return ((feats - self.mean) / self.std).astype(np.float32)


@dataclass(frozen=True)
class VoicePool:
    """Her analysed voice reference: what each line's frames are matched against."""

    ceps: np.ndarray  # (m, lifter) float32: envelope cepstra of her speech frames
    feats: np.ndarray  # (m, features) float32, normalised by her mean and spread
    voiced: np.ndarray  # (m,) bool
    lifter: int
    sample_rate: int
    digest: str  # of the reference and KNN_VERSION: what a cached matched line came from

    @property
    def frames(self) -> int:
        return len(self.ceps)

    @property
    def seconds(self) -> float:
        return self.frames * STFT_HOP / self.sample_rate


@dataclass(frozen=True)
class _Frames:
    spec: np.ndarray  # (n, bins) complex64 STFT
    ceps: np.ndarray  # (n, lifter) float32 envelope cepstra
    feats: np.ndarray  # (n, features) float32, not normalised
    level_db: np.ndarray  # (n,) frame energy
    voiced: np.ndarray  # (n,) bool

    def silence_db(self) -> float:
        """The level below which a frame is not speech."""
        return max(float(self.level_db.max(initial=-120.0)) - SILENCE_DB, FLOOR_DB)

    def speech(self) -> np.ndarray:
        return self.level_db > self.silence_db()


def _window() -> np.ndarray:
    return np.hanning(N_FFT + 1)[:-1].astype(np.float32)


def _stft(x: np.ndarray) -> np.ndarray:
    """Hann STFT (N_FFT, hop STFT_HOP) of ``x`` padded with N_FFT zeros at both ends."""
    xp = np.concatenate([np.zeros(N_FFT), x, np.zeros(N_FFT + STFT_HOP)]).astype(np.float32)
    count = (len(xp) - N_FFT) // STFT_HOP + 1
    idx = np.arange(count)[:, None] * STFT_HOP + np.arange(N_FFT)[None, :]
    return sfft.rfft(xp[idx] * _window(), axis=1, workers=1)


def _istft(spec: np.ndarray, n: int) -> np.ndarray:
    """Weighted overlap-add back to the ``n`` samples :func:`_stft` was given."""
    win = _window()
    frames = sfft.irfft(spec, N_FFT, axis=1, workers=1) * win
    parts, count = N_FFT // STFT_HOP, len(frames)
    out = np.zeros((count + parts, STFT_HOP))
    norm = np.zeros_like(out)
    for q in range(parts):
        out[q : q + count] += frames[:, q * STFT_HOP : (q + 1) * STFT_HOP]
        norm[q : q + count] += win[q * STFT_HOP : (q + 1) * STFT_HOP] ** 2
    y = out.reshape(-1) / np.maximum(norm.reshape(-1), 1e-3)
    return y[N_FFT : N_FFT + n].astype(np.float64)


def _cosines(lifter: int) -> np.ndarray:
    """(lifter, bins): envelope cepstra -> log-magnitude envelope at each FFT bin."""
    q = np.arange(lifter, dtype=np.float64)[:, None]
    c = np.cos(2 * np.pi * q * np.arange(N_FFT // 2 + 1)[None, :] / N_FFT)
    c[1:] *= 2
    return c.astype(np.float32)


def _mel_matrix(sample_rate: int) -> np.ndarray:
    """(bins, N_MELS): triangles on the mel scale, each summing to one (a band's value is
    the mean log envelope under it)."""
    mel = 2595 * np.log10(1 + np.arange(N_FFT // 2 + 1) * sample_rate / N_FFT / 700)
    lo_hi = 2595 * np.log10(1 + np.asarray(MEL_RANGE_HZ) / 700)
    edges = np.linspace(lo_hi[0], lo_hi[1], N_MELS + 2)
    lo, mid, hi = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    tri = np.maximum(0, np.minimum((mel - lo) / (mid - lo), (hi - mel) / (hi - mid)))
    return (tri / tri.sum(axis=1, keepdims=True)).T.astype(np.float32)


def lifter_for(f0_hz: float, sample_rate: int = SAMPLE_RATE) -> int:
    """Envelope cepstra kept: below her pitch period, so her harmonics are not in it."""
    return int(np.clip(LIFTER_PERIODS * sample_rate / max(f0_hz, 60.0), 30, 400))


def _analyse(x: np.ndarray, voiced10: np.ndarray, lifter: int, sample_rate: int) -> _Frames:
    """STFT frames of float audio ``x`` with envelopes and features; ``voiced10``: the
    voicing of each 10 ms F0 frame (:func:`~studio.speech.voice_profile.track_f0`)."""
    spec = _stft(x)
    power = spec.real**2 + spec.imag**2
    logmag = 0.5 * np.log(power + 1e-12)
    ceps = sfft.irfft(logmag, N_FFT, axis=1, workers=1)[:, :lifter].astype(np.float32)
    bands = (ceps @ _cosines(lifter)) @ _mel_matrix(sample_rate)
    feats = sfft.dct(bands, type=2, norm="ortho", axis=1)[:, 1 : 1 + N_FEATS]
    i = np.arange(len(feats))
    near = [feats[np.clip(i + d, 0, len(feats) - 1)] for d in (-CONTEXT, CONTEXT)]
    feats = np.concatenate([feats, *near], axis=1).astype(np.float32)
    # the frame's RMS in dBFS (Parseval, over the Hann window's mean square of 3/8)
    level = 10 * np.log10(power.sum(axis=1) * 2 / (N_FFT**2 * 0.375) + 1e-12)
    # frame i is centred on sample i * STFT_HOP - N_FFT // 2 of x: its 10 ms F0 frame
    centre = i * STFT_HOP - N_FFT // 2
    k = np.clip(centre * ANALYSIS_RATE // (HOP * sample_rate), 0, max(len(voiced10) - 1, 0))
    inside = (centre >= 0) & (centre < len(x))
    voiced = (voiced10[k] & inside) if len(voiced10) else np.zeros(len(spec), bool)
    return _Frames(spec, ceps, feats, level, voiced)


def _stats(frames: _Frames) -> FeatureStats | None:
    """Mean and spread of the voiced speech frames' features; None with too few."""
    use = frames.voiced & frames.speech()
    if use.sum() < MIN_POOL_FRAMES:
        return None
    f = frames.feats[use]
    return FeatureStats(f.mean(axis=0), np.maximum(f.std(axis=0), 1e-3))


def _voicing(x: np.ndarray, sample_rate: int) -> np.ndarray:
    return track_f0(to_analysis_rate(x, sample_rate)).voiced


def build_pool(
    pcm: np.ndarray, f0_median_hz: float, sample_rate: int = SAMPLE_RATE
) -> VoicePool | None:
    """Her voice reference (int16) analysed, or None when it holds too little voiced
    speech (under half a second): voice matching then stays global."""
    pcm = np.asarray(pcm).reshape(-1)
    if len(pcm) < N_FFT:
        return None
    x = pcm.astype(np.float64) / 32768.0
    lifter = lifter_for(f0_median_hz, sample_rate)
    frames = _analyse(x, _voicing(x, sample_rate), lifter, sample_rate)
    stats = _stats(frames)
    if stats is None:
        return None
    keep = frames.speech()
    digest = hashlib.sha256(pcm.astype("<i2").tobytes())
    digest.update(f"{KNN_VERSION}:{lifter}:{sample_rate}".encode())
    return VoicePool(
        ceps=np.ascontiguousarray(frames.ceps[keep]),
        feats=stats.normalise(frames.feats[keep]),
        voiced=frames.voiced[keep],
        lifter=lifter,
        sample_rate=sample_rate,
        digest=digest.hexdigest()[:16],
    )


def feature_stats(
    pcm: np.ndarray, pool: VoicePool, sample_rate: int = SAMPLE_RATE
) -> FeatureStats | None:
    """A voice's feature mean and spread (for the stock voice: on its calibration text,
    matched), or None with too little voiced speech."""
    x = np.asarray(pcm).reshape(-1).astype(np.float64) / 32768.0
    if len(x) < N_FFT:
        return None
    return _stats(_analyse(x, _voicing(x, sample_rate), pool.lifter, sample_rate))


def _nearest(query: np.ndarray, pool: np.ndarray, k: int) -> np.ndarray:
    """(len(query), k) indices of each query row's ``k`` nearest pool rows (Euclidean)."""
    k = min(k, len(pool))
    sq = np.sum(pool**2, axis=1)[None, :]
    out = np.empty((len(query), k), np.int64)
    for a in range(0, len(query), QUERY_BLOCK):
        q = query[a : a + QUERY_BLOCK]
        d = sq - 2 * q @ pool.T  # + |q|^2, the same along each row
        out[a : a + QUERY_BLOCK] = np.argpartition(d, k - 1, axis=1)[:, :k]
    return out


def _mean_gain(gain: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """(n, 1): the log of each frame's power gain under ``gain``, halved (nepers)."""
    return 0.5 * np.log(np.maximum(np.sum(weight * np.exp(2 * gain), axis=1), 1e-20))[:, None]


def _keep_hiss(gain: np.ndarray, weight: np.ndarray, freqs: np.ndarray) -> np.ndarray:
    """``gain`` scaled down in the frames where it would take more than ``HISS_DROP_DB``
    off the share of their energy above ``HISS_HZ`` (where that share is at least
    ``HISS_SHARE``), their energy kept again. Her nearest frames to an "s" or "sh" may
    be breath or a voiced edge, and a fricative turned into a hum is a lost word (四 and
    十 are told apart there); limiting this costs the likeness little (benchmarks)."""
    high = freqs >= HISS_HZ
    before = weight[:, high].sum(axis=1)
    moved = weight * np.exp(2 * gain)
    after = moved[:, high].sum(axis=1) / np.maximum(moved.sum(axis=1), 1e-20)
    drop = 10 * np.log10(np.maximum(before, 1e-12) / np.maximum(after, 1e-12))
    guard = (drop > HISS_DROP_DB) & (before >= HISS_SHARE)
    if not guard.any():
        return gain
    scale = np.where(guard, HISS_DROP_DB / np.maximum(drop, 1e-9), 1.0)[:, None]
    out = gain * scale
    return out - np.where(guard[:, None], _mean_gain(out, weight), 0.0)


def knn_recolour(
    y: np.ndarray,
    voiced10: np.ndarray,
    pool: VoicePool,
    stats: FeatureStats | None = None,
    sample_rate: int = SAMPLE_RATE,
) -> np.ndarray:
    """Float audio ``y`` (the line, already pitch- and formant-matched) with each frame's
    envelope moved to that of her nearest frames; same length. ``voiced10``: its voicing
    per 10 ms; ``stats``: the stock voice's (None: measured on ``y`` itself)."""
    n = len(y)
    if n == 0 or pool.frames == 0 or sample_rate != pool.sample_rate:
        return np.asarray(y, dtype=np.float64).copy()
    frames = _analyse(y, voiced10, pool.lifter, sample_rate)
    if stats is None:
        stats = _stats(frames)
    if stats is None:  # too little voiced speech to place it against hers
        return np.asarray(y, dtype=np.float64).copy()
    feats = stats.normalise(frames.feats)
    target = frames.ceps.copy()
    for want in (True, False):
        rows = np.flatnonzero(frames.voiced == want)
        mine = np.flatnonzero(pool.voiced == want)
        if len(rows) and len(mine) >= K:
            found = mine[_nearest(feats[rows], pool.feats[mine], K)]
            target[rows] = pool.ceps[found].mean(axis=1)
    diff = target - frames.ceps
    diff[:, 0] = 0.0  # the level is the line's
    gain = diff @ _cosines(pool.lifter)
    # each frame's energy kept: the gain's power-weighted mean taken out, before and
    # after the cap (which cuts a fricative's energy where her frame has none)
    power = frames.spec.real**2 + frames.spec.imag**2
    weight = power / np.maximum(power.sum(axis=1, keepdims=True), 1e-20)
    limit = MAX_GAIN_DB / 8.686  # dB -> nepers
    gain = np.clip(gain - _mean_gain(gain, weight), -limit, limit)
    gain -= _mean_gain(gain, weight)
    speech = np.clip((frames.level_db - frames.silence_db()) / FADE_DB, 0.0, 1.0)
    freqs = np.arange(N_FFT // 2 + 1) * sample_rate / N_FFT
    fade = np.clip((FADE_HZ[1] - freqs) / (FADE_HZ[1] - FADE_HZ[0]), 0.0, 1.0)
    gain = uniform_filter1d(gain * speech[:, None], SMOOTH_FRAMES, axis=0) * fade[None, :]
    gain = _keep_hiss(gain, weight, freqs)
    return _istft(frames.spec * np.exp(gain), n)
