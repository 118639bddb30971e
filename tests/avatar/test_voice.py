"""Voice reference selection on audio with known clean, noisy and clipped parts."""

from __future__ import annotations

import numpy as np

from studio.avatar.voice import pick_voice_reference

SR = 48_000


def _speechy(seconds: float, rng: np.random.Generator, level: float = 6000) -> np.ndarray:
    """Syllable-like bursts (4 per second) with short pauses between phrases."""
    t = np.arange(int(seconds * SR)) / SR
    env = np.clip(np.sin(2 * np.pi * 2 * t), 0, None) ** 0.5 * (np.sin(2 * np.pi * 0.3 * t) > -0.7)
    return env * level * np.sin(2 * np.pi * 180 * t + rng.normal(0, 0.3, len(t)).cumsum() * 0.01)


def test_picks_the_clean_stretch_and_avoids_noise_and_clipping() -> None:
    rng = np.random.default_rng(0)
    noisy = _speechy(12, rng) + rng.normal(0, 2500, 12 * SR)  # a loud room
    clipped = np.clip(_speechy(12, rng, level=60000), -32768, 32767)  # shouting into the mic
    clean = _speechy(12, rng) + rng.normal(0, 30, 12 * SR)
    pcm = np.concatenate([noisy, clipped, clean]).astype(np.int16)
    ref = pick_voice_reference(pcm)
    assert ref is not None
    assert ref.start >= 24 * SR - SR // 5  # inside the clean part
    assert 6 * SR <= ref.end - ref.start <= 10 * SR
    assert ref.clipped_samples == 0 and ref.snr_db > 30 and ref.speech_fraction > 0.5


def test_no_reference_without_speech() -> None:
    rng = np.random.default_rng(1)
    assert pick_voice_reference(rng.normal(0, 200, 20 * SR).astype(np.int16)) is None
    assert pick_voice_reference(np.zeros(20 * SR, np.int16)) is None
