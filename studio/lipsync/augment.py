"""Make clean synthetic speech sound like a presenter's microphone (training only).

Each call draws a fresh random chain: speed change (labels stretched with the audio),
synthetic reverb (exponentially decaying noise impulse responses), additive noise of
several colours at a random SNR (some of it fluctuating), gain, and, in the spectral
domain, a random microphone EQ (tilt, bumps, band limits) and a frequency warp of the
mel filters (vocal-tract-length perturbation: shifts pitch and formants together).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from studio.lipsync import features as F


@dataclass(frozen=True)
class AugmentConfig:
    """Probabilities and ranges of each augmentation (names in the model card)."""

    p_speed: float = 0.7
    speed: tuple[float, float] = (0.85, 1.18)  # >1 = faster
    p_warp: float = 0.8
    warp: tuple[float, float] = (0.88, 1.14)
    p_reverb: float = 0.5
    rt60_s: tuple[float, float] = (0.12, 0.9)
    p_noise: float = 0.85
    snr_db: tuple[float, float] = (3.0, 40.0)
    p_eq: float = 0.7
    gain_db: tuple[float, float] = (-30.0, 6.0)

    def describe(self) -> list[str]:
        return [
            f"speed change x{self.speed[0]}-{self.speed[1]} (p={self.p_speed}; labels stretched)",
            f"pitch/formant shift by mel-filter frequency warp x{self.warp[0]}-{self.warp[1]}"
            f" (p={self.p_warp})",
            f"synthetic reverb, decaying-noise IRs, RT60 {self.rt60_s[0]}-{self.rt60_s[1]} s"
            f" (p={self.p_reverb})",
            f"additive noise (white/pink/brown/hum/fluctuating) at SNR "
            f"{self.snr_db[0]:.0f}-{self.snr_db[1]:.0f} dB (p={self.p_noise})",
            f"random EQ: tilt, peaks, high-pass and low-pass (p={self.p_eq})",
            f"gain {self.gain_db[0]:.0f} to +{self.gain_db[1]:.0f} dB",
        ]


def change_speed(x: np.ndarray, labels: np.ndarray, factor: float) -> tuple[np.ndarray, np.ndarray]:
    """Play ``factor`` times faster (pitch follows); labels stretched onto the new grid:
    curves (the first two columns) interpolated, further columns (classes) nearest."""
    from scipy.signal import resample_poly

    up = 64
    down = max(1, int(round(up * factor)))
    y = resample_poly(x, up, down).astype(np.float32)
    t_new = F.num_hops(len(y), F.FEATURE_RATE)
    src = np.arange(t_new, dtype=np.float64) * down / up
    grid = np.arange(labels.shape[0], dtype=np.float64)
    nearest = np.minimum(np.rint(src).astype(np.int64), labels.shape[0] - 1)
    cols = [
        np.interp(src, grid, labels[:, k]) if k < 2 else labels[nearest, k]
        for k in range(labels.shape[1])
    ]
    return y, np.stack(cols, 1).astype(np.float32)


def _impulse_response(rng: np.random.Generator, rt60: float) -> np.ndarray:
    n = int(rt60 * F.FEATURE_RATE)
    t = np.arange(n) / F.FEATURE_RATE
    tail = rng.standard_normal(n) * np.exp(-6.9 * t / rt60)
    tail[: int(0.002 * F.FEATURE_RATE)] = 0.0  # the first reflections come a little later
    direct = np.zeros(n)
    direct[0] = 1.0
    drr = 10 ** (rng.uniform(-6.0, 12.0) / 20)  # direct-to-reverberant ratio
    h = direct * drr + tail / np.sqrt(np.sum(tail**2) + 1e-12)
    return (h / np.sqrt(np.sum(h**2))).astype(np.float32)


def reverb(x: np.ndarray, rng: np.random.Generator, rt60: float) -> np.ndarray:
    from scipy.signal import fftconvolve

    return fftconvolve(x, _impulse_response(rng, rt60))[: len(x)].astype(np.float32)


def _coloured_noise(rng: np.random.Generator, n: int, kind: str) -> np.ndarray:
    if kind == "hum":
        f0 = 50.0 if rng.random() < 0.5 else 60.0
        t = np.arange(n) / F.FEATURE_RATE
        y = sum(rng.uniform(0.2, 1.0) / k * np.sin(2 * np.pi * f0 * k * t) for k in range(1, 8))
        return np.asarray(y) + 0.05 * rng.standard_normal(n)
    if kind == "white":
        return rng.standard_normal(n)
    from scipy.fft import irfft, next_fast_len, rfft

    m = next_fast_len(n, real=True)  # an awkward length makes the FFT very slow
    spec = rfft(rng.standard_normal(m))
    f = np.maximum(np.fft.rfftfreq(m, 1.0 / F.FEATURE_RATE), 20.0)
    slope = {"pink": 0.5, "brown": 1.0}.get(kind, 0.75)
    return irfft(spec / f**slope, m)[:n]


def speech_power(x: np.ndarray) -> float:
    """Mean power of the loud frames (within 30 dB of the loudest), not of the pauses."""
    n = len(x) // F.HOP
    if n == 0:
        return float(np.mean(x**2) + 1e-12)
    p = np.mean(x[: n * F.HOP].reshape(n, F.HOP) ** 2, axis=1)
    loud = p > p.max() * 1e-3
    return float(p[loud].mean() + 1e-12)


def add_noise(x: np.ndarray, rng: np.random.Generator, snr_db: float) -> np.ndarray:
    kind = ["white", "pink", "brown", "hum", "mixed"][int(rng.integers(0, 5))]
    noise = _coloured_noise(rng, len(x), kind)
    if rng.random() < 0.4:  # fluctuating background (traffic, a fan changing speed)
        k = max(2, len(x) // (F.FEATURE_RATE // 2))
        env = np.interp(np.arange(len(x)), np.linspace(0, len(x), k), rng.uniform(0.2, 1.5, k))
        noise = noise * env
    noise *= np.sqrt(speech_power(x) / (np.mean(noise**2) + 1e-12) / 10 ** (snr_db / 10))
    return (x + noise).astype(np.float32)


def random_eq(rng: np.random.Generator) -> np.ndarray:
    """A random microphone/room colouring as a power gain per STFT bin."""
    f = np.linspace(0.0, F.FEATURE_RATE / 2, F.N_FFT // 2 + 1)
    octaves = np.log2(np.maximum(f, 50.0) / 1000.0)
    db = rng.uniform(-4.0, 4.0) * octaves  # tilt, dB per octave around 1 kHz
    for _ in range(int(rng.integers(0, 4))):  # bumps and dips
        centre = rng.uniform(-2.5, 2.5)
        width = rng.uniform(0.2, 1.2)
        db += rng.uniform(-9.0, 9.0) * np.exp(-0.5 * ((octaves - centre) / width) ** 2)
    if rng.random() < 0.3:  # high-pass (small microphones, phone)
        fc = rng.uniform(100.0, 400.0)
        db += 10 * np.log10(1.0 / (1.0 + (fc / np.maximum(f, 1.0)) ** 4))
    if rng.random() < 0.3:  # low-pass (codecs, band-limited capture)
        fc = rng.uniform(3400.0, 7000.0)
        db += 10 * np.log10(1.0 / (1.0 + (f / fc) ** 8))
    return (10.0 ** (db / 10.0)).astype(np.float32)


def augmented_features(
    x16: np.ndarray, labels: np.ndarray, rng: np.random.Generator, cfg: AugmentConfig
) -> tuple[np.ndarray, np.ndarray]:
    """Clean 16 kHz audio and its hop labels -> (features (N_MELS, T), labels (T, 2))."""
    x = x16.astype(np.float32)
    if rng.random() < cfg.p_speed:
        x, labels = change_speed(x, labels, float(rng.uniform(*cfg.speed)))
    if rng.random() < cfg.p_reverb:
        x = reverb(x, rng, float(rng.uniform(*cfg.rt60_s)))
    if rng.random() < cfg.p_noise:
        x = add_noise(x, rng, float(rng.uniform(*cfg.snr_db)))
    x = x * np.float32(10 ** (rng.uniform(*cfg.gain_db) / 20))
    if rng.random() < 0.1:  # an overdriven input
        x = np.clip(x, -0.3, 0.3)
    x = np.rint(x * 32767.0).clip(-32768, 32767) / 32768.0  # 16-bit quantisation
    t = labels.shape[0]
    power = F.power_spectrogram(x.astype(np.float32), t)
    if rng.random() < cfg.p_eq:
        power = power * random_eq(rng)[None, :]
    warp = float(rng.uniform(*cfg.warp)) if rng.random() < cfg.p_warp else 1.0
    fb = F.mel_filterbank(round(warp, 3))
    return F.normalise(power @ fb.T), labels
