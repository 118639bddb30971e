"""A mouth from loudness alone, for audio without phoneme timings (recorded clips).

A stop-gap below the trained audio-to-mouth model (issue 6): per-frame RMS in dB,
gated and mapped to opening, so the mouth moves with syllables and rests in pauses.
"""

from __future__ import annotations

import numpy as np

from studio.core.timeline import SAMPLE_RATE, FrameRate
from studio.lipsync.trajectory import MouthTrack

FLOOR_DB = -45.0  # below this (relative to full scale) the mouth rests
FULL_DB = -12.0  # at this level the mouth is fully open
MAX_OPEN = 0.28


def energy_mouth_track(
    pcm: np.ndarray, fps: FrameRate, sample_rate: int = SAMPLE_RATE
) -> MouthTrack:
    n = fps.frames_for_samples(len(pcm), sample_rate)
    open_ = np.zeros(n, dtype=np.float32)
    x = pcm.astype(np.float32) / 32768.0
    for f in range(n):
        seg = x[fps.frame_start_sample(f, sample_rate) : fps.frame_start_sample(f + 1, sample_rate)]
        if len(seg):
            db = 10 * np.log10(float(np.mean(seg * seg)) + 1e-10)
            open_[f] = MAX_OPEN * float(np.clip((db - FLOOR_DB) / (FULL_DB - FLOOR_DB), 0, 1))
    if n >= 3:  # a little smoothing: mouths do not snap shut between two loud frames
        open_ = np.convolve(np.pad(open_, 1, mode="edge"), [0.25, 0.5, 0.25], mode="valid").astype(
            np.float32
        )
    return MouthTrack(fps, open_, np.zeros(n, dtype=np.float32))
