"""Steadying an audio-driven mouth: less frame-to-frame wobble, every closure kept."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from studio.core.timeline import FrameRate
from studio.lipsync.audio_model import (
    AVATAR_WEIGHTS,
    UNCALIBRATED_CLOSED,
    AudioMouthModel,
    audio_mouth_track,
)
from studio.lipsync.steady import steady_open

FPS = 30
CLOSED = 0.004


def jittery_speech(seconds: float = 10.0, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(openness, closure frames): syllables at ~4 Hz, a one- or two-frame closure to 0
    before some of them, and per-frame wobble as an audio model's prediction has."""
    rng = np.random.default_rng(seed)
    n = int(seconds * FPS)
    clean = np.zeros(n)
    closure = np.zeros(n, bool)
    t = 0
    while t < n:
        length = int(rng.integers(6, 10))
        seg = rng.uniform(0.04, 0.12) * np.sin(np.linspace(0, np.pi, length + 2)[1:-1])
        clean[t : t + length] = seg[: n - t]
        if rng.random() < 0.4 and t + length + 2 < n:  # a p/b/m
            closure[t + length : t + length + int(rng.integers(1, 3))] = True
            t += 2
        t += length
    noisy = np.clip(clean + rng.normal(0, 0.012, n), 0.0, None)
    noisy[closure] = 0.0
    clean[closure] = 0.0
    return noisy, closure


def mean_step(x: np.ndarray) -> float:
    return float(np.abs(np.diff(x)).mean())


def test_wobble_drops_and_every_closure_frame_stays_closed() -> None:
    noisy, closure = jittery_speech()
    steady = steady_open(noisy, CLOSED, FPS)
    assert steady.shape == noisy.shape and steady.dtype == np.float32
    assert mean_step(steady) < 0.75 * mean_step(noisy), (mean_step(steady), mean_step(noisy))
    assert (steady[closure] <= CLOSED).all()  # reached on its own frame, not smoothed away
    assert steady[~closure].max() > 0.5 * noisy[~closure].max()  # still opens


@pytest.fixture(scope="module")
def speech() -> np.ndarray:
    from studio.speech.engine import get_engine

    utt = get_engine("espeak").synthesize("买一送一，宝贝们抓紧时间拍，八百八十八包邮。")
    return utt.audio


def test_audio_driven_track_is_steadied_and_keeps_its_closures(
    speech: np.ndarray, tmp_path: Path
) -> None:
    """What a recorded clip's mouth is made of for an avatar with her own model: the
    model's per-frame prediction wobbles; the track the avatar is given moves less from
    frame to frame, closes where the prediction closed, and still follows it."""
    fps = FrameRate(FPS)
    model = AudioMouthModel.load()
    model.save(tmp_path / "her" / AVATAR_WEIGHTS)  # uncalibrated: the shipped weights
    raw = model.predict(speech, fps)
    track = audio_mouth_track(speech, fps, avatar=tmp_path / "her")
    assert len(track) == len(raw)
    assert mean_step(track.open) < 0.8 * mean_step(raw.open)
    shut = raw.open <= UNCALIBRATED_CLOSED
    assert shut.sum() >= 5
    np.testing.assert_array_equal(track.open[shut], raw.open[shut])
    assert np.corrcoef(track.open, raw.open)[0, 1] > 0.9
