"""Engine audio -> 48 kHz timeline."""

from __future__ import annotations

import numpy as np

from studio.speech.audio import (
    float_to_pcm16,
    resample_to_timeline,
    timeline_ratio,
    to_timeline,
)


def test_ratio_and_sample_scaling_are_exact() -> None:
    assert timeline_ratio(22050) == (320, 147)
    assert timeline_ratio(24000) == (2, 1)
    assert timeline_ratio(48000) == (1, 1)
    assert to_timeline(22050, 22050) == 48000
    assert to_timeline(147, 22050) == 320
    assert to_timeline(1, 22050) == 2  # floor(320 / 147)


def test_resample_keeps_a_tone_and_its_length() -> None:
    rate = 22050
    t = np.arange(rate) / rate
    pcm = float_to_pcm16(0.5 * np.sin(2 * np.pi * 440 * t))
    out = resample_to_timeline(pcm, rate)
    assert out.dtype == np.int16
    assert len(out) == -(-len(pcm) * 320 // 147)
    spectrum = np.abs(np.fft.rfft(out[4800:43200].astype(np.float64)))
    peak_hz = np.argmax(spectrum) * 48000 / len(out[4800:43200])
    assert abs(peak_hz - 440) < 2
    assert abs(np.abs(out[4800:43200]).max() - 16384) < 400


def test_float_to_pcm16_clips() -> None:
    pcm = float_to_pcm16(np.array([0.0, 0.5, 1.5, -2.0]))
    assert pcm.tolist() == [0, 16384, 32767, -32768]
