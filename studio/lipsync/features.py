"""Audio -> normalised log-mel frames for the audio-to-mouth model (DESIGN.md §5).

16 kHz, 25 ms Hann window, 10 ms hop, 40 mel bands (50-7600 Hz). Frame ``j`` is centred
on audio time ``j * 10 ms`` (the signal is zero-padded by half a window at both ends),
so on the 48 kHz timeline frame ``j`` sits exactly on sample ``j * 480``.

The model is trained on synthetic speech and used on microphone recordings, so the
features must not care about loudness or the channel. Per clip:

- *level*: every band is measured relative to the clip's speech level (95th percentile
  of the frame energy), so gain does not matter;
- *channel and speaker colour*: each band's mean over the active (speech) frames is
  subtracted, which removes a fixed EQ, microphone or vocal-tract tilt;
- *floor*: values are clipped ``FLOOR_DB`` below that mean, so digital silence (eSpeak)
  and a room's hiss both read as "nothing here", and an absolute level floor keeps a
  near-silent clip from being amplified into "speech".
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

FEATURE_RATE = 16_000
HOP = 160  # samples at FEATURE_RATE: 10 ms
WIN = 400  # 25 ms
N_FFT = 512
N_MELS = 40
FMIN, FMAX = 50.0, 7600.0
HOPS_PER_SECOND = FEATURE_RATE // HOP

#: Speech level = this percentile of the per-frame energy.
LEVEL_PERCENTILE = 95.0
#: A clip whose speech level is below this (dB re full scale, frame energy) is treated as
#: if it were this loud: quiet hiss must not be normalised up into speech.
LEVEL_FLOOR_DB = -45.0
#: Frames within this many dB of the speech level are "active" (used for band means).
ACTIVE_RANGE_DB = 25.0
#: Values are clipped to [-FLOOR_DB, CEIL_DB] around each band's active mean, then scaled.
FLOOR_DB = 50.0
CEIL_DB = 20.0
SCALE_DB = 10.0
_EPS = 1e-10


def to_feature_rate(pcm: np.ndarray, sample_rate: int) -> np.ndarray:
    """Mono int16 or float PCM at ``sample_rate`` -> float32 in [-1, 1] at 16 kHz."""
    x = np.asarray(pcm).reshape(-1)
    x = x.astype(np.float32) / 32768.0 if x.dtype == np.int16 else x.astype(np.float32)
    if sample_rate == FEATURE_RATE or x.size == 0:
        return x
    from scipy.signal import resample_poly

    g = math.gcd(FEATURE_RATE, sample_rate)
    return resample_poly(x, FEATURE_RATE // g, sample_rate // g).astype(np.float32)


def num_hops(samples: int, sample_rate: int) -> int:
    """Feature frames for ``samples`` of audio: one per started 10 ms, plus the last edge."""
    n16 = -(-samples * FEATURE_RATE // sample_rate)
    return n16 // HOP + 1


@lru_cache(maxsize=1)
def _window() -> np.ndarray:
    w = np.zeros(N_FFT, dtype=np.float32)
    off = (N_FFT - WIN) // 2
    w[off : off + WIN] = np.hanning(WIN + 2)[1:-1].astype(np.float32)
    return w


@lru_cache(maxsize=1)
def _power_scale() -> float:
    """Scale so that a full-scale sine reads 0 dB in its bin."""
    return float(4.0 / _window().sum() ** 2)


def power_spectrogram(x16: np.ndarray, n_frames: int | None = None) -> np.ndarray:
    """|STFT|^2 of 16 kHz audio, (T, N_FFT // 2 + 1), frame j centred on sample j * HOP."""
    n = int(x16.shape[0])
    t = n // HOP + 1 if n_frames is None else n_frames
    pad = N_FFT // 2
    total = (t - 1) * HOP + N_FFT
    buf = np.zeros(total, dtype=np.float32)
    take = min(n, total - pad)
    buf[pad : pad + take] = x16[:take]
    frames = np.lib.stride_tricks.as_strided(
        buf, shape=(t, N_FFT), strides=(buf.strides[0] * HOP, buf.strides[0])
    )
    spec = np.fft.rfft(frames * _window(), axis=1)
    return ((spec.real**2 + spec.imag**2) * _power_scale()).astype(np.float32)


def _hz_to_mel(f: np.ndarray | float) -> np.ndarray:
    return 2595.0 * np.log10(1.0 + np.asarray(f, dtype=np.float64) / 700.0)


def _mel_to_hz(m: np.ndarray) -> np.ndarray:
    return 700.0 * (10.0 ** (m / 2595.0) - 1.0)


@lru_cache(maxsize=64)
def mel_filterbank(warp: float = 1.0) -> np.ndarray:
    """Triangular mel filters (N_MELS, N_FFT // 2 + 1).

    ``warp`` != 1 stretches the frequency axis (vocal-tract-length perturbation: the
    filters read the spectrum as if every frequency were ``warp`` times higher), which
    is how training shifts pitch and formants together without resynthesis.
    """
    edges = _mel_to_hz(np.linspace(_hz_to_mel(FMIN), _hz_to_mel(FMAX), N_MELS + 2)) / warp
    bins = np.linspace(0.0, FEATURE_RATE / 2, N_FFT // 2 + 1)
    fb = np.zeros((N_MELS, bins.size), dtype=np.float64)
    for i in range(N_MELS):
        lo, mid, hi = edges[i], edges[i + 1], edges[i + 2]
        up = (bins - lo) / max(mid - lo, 1e-6)
        down = (hi - bins) / max(hi - mid, 1e-6)
        fb[i] = np.clip(np.minimum(up, down), 0.0, None)
        fb[i] /= max(fb[i].sum(), 1e-9)
    return fb.astype(np.float32)


def normalise(mel_power: np.ndarray) -> np.ndarray:
    """Mel power (T, N_MELS) -> level- and channel-normalised features (N_MELS, T)."""
    db = 10.0 * np.log10(mel_power.astype(np.float64) + _EPS)
    frame_db = 10.0 * np.log10(mel_power.astype(np.float64).sum(axis=1) + _EPS)
    level = float(np.percentile(frame_db, LEVEL_PERCENTILE)) if frame_db.size else LEVEL_FLOOR_DB
    lifted = max(level, LEVEL_FLOOR_DB)
    active = frame_db > lifted - ACTIVE_RANGE_DB
    if int(active.sum()) >= 3:
        mean = db[active].mean(axis=0) + (lifted - level)
    else:  # nothing loud enough: a flat spectrum at the floor level
        mean = np.full(db.shape[1], lifted - 10.0 * math.log10(db.shape[1]))
    x = np.clip(db - mean[None, :], -FLOOR_DB, CEIL_DB) / SCALE_DB
    return np.ascontiguousarray(x.T, dtype=np.float32)


def log_mel_features(
    pcm: np.ndarray, sample_rate: int = 48_000, n_frames: int | None = None
) -> np.ndarray:
    """Normalised log-mel features (N_MELS, T) of a whole clip; T = ``num_hops`` unless
    ``n_frames`` is given."""
    x16 = to_feature_rate(pcm, sample_rate)
    t = num_hops(int(np.asarray(pcm).reshape(-1).shape[0]), sample_rate)
    power = power_spectrogram(x16, t if n_frames is None else n_frames)
    return normalise(power @ mel_filterbank().T)
