"""Voice reference: the cleanest 6-10 s of the presenter's speech, for cloning TTS engines.

Energy voice-activity detection on 20 ms frames: the noise floor is the 10th percentile
of frame energy and speech is what stands 12 dB above it. Every window of 6-10 s (in
100 ms steps) is scored by its signal-to-noise ratio (its speech level against its own
quietest frames, so a loud room scores low however loud the voice) and its share of
speech; windows with clipped samples are refused, and the ends are moved onto pauses
so no word is cut.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from studio.core.timeline import SAMPLE_RATE

FRAME_MS = 20
MIN_S, MAX_S, PREFERRED_S = 6.0, 10.0, 8.0
SPEECH_DB_ABOVE_FLOOR = 12.0
CLIP_LEVEL = 32000
MIN_SPEECH_FRAC = 0.5


@dataclass(frozen=True)
class VoiceReference:
    start: int  # samples
    end: int
    speech_fraction: float
    snr_db: float
    clipped_samples: int

    def to_json(self) -> dict:
        return {
            "start_ms": self.start * 1000 // SAMPLE_RATE,
            "duration_ms": (self.end - self.start) * 1000 // SAMPLE_RATE,
            "speech_fraction": round(self.speech_fraction, 3),
            "snr_db": round(self.snr_db, 1),
            "clipped_samples": self.clipped_samples,
        }


def frame_levels(pcm: np.ndarray, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Energy in dBFS of consecutive 20 ms frames."""
    hop = sample_rate * FRAME_MS // 1000
    n = len(pcm) // hop
    x = pcm[: n * hop].astype(np.float64).reshape(n, hop) / 32768.0
    return 10 * np.log10(np.mean(x**2, axis=1) + 1e-10)


def pick_voice_reference(pcm: np.ndarray, sample_rate: int = SAMPLE_RATE) -> VoiceReference | None:
    """The best window, or None when the audio holds too little clean speech."""
    hop = sample_rate * FRAME_MS // 1000
    levels = frame_levels(pcm, sample_rate)
    n = len(levels)
    if n < 10:
        return None
    floor = float(np.percentile(levels, 10))
    speech = levels > floor + SPEECH_DB_ABOVE_FLOOR
    frames_clip = np.zeros(n, dtype=np.int64)
    clip_idx = np.flatnonzero(np.abs(pcm[: n * hop].astype(np.int32)) >= CLIP_LEVEL) // hop
    np.add.at(frames_clip, clip_idx, 1)
    cs = np.concatenate([[0], np.cumsum(speech)])
    cc = np.concatenate([[0], np.cumsum(frames_clip)])
    lin = 10 ** (levels / 10) * speech
    cl = np.concatenate([[0], np.cumsum(lin)])
    step = 100 // FRAME_MS
    best: tuple[float, int, int] | None = None
    lengths = [round(s * 1000 / FRAME_MS) for s in (PREFERRED_S, MIN_S, MAX_S)]
    for length in sorted({min(L, n) for L in lengths}):
        for a in range(0, n - length + 1, step):
            b = a + length
            frac = (cs[b] - cs[a]) / length
            if frac < MIN_SPEECH_FRAC or cc[b] - cc[a] > 0:
                continue
            speech_db = 10 * np.log10((cl[b] - cl[a]) / max(1, cs[b] - cs[a]) + 1e-10)
            snr = speech_db - float(
                np.percentile(levels[a:b], 10)
            )  # against the window's own noise
            # prefer high SNR, then a natural share of speech (pauses are fine), then length
            score = snr + 10 * min(frac, 0.85) + 0.2 * length * FRAME_MS / 1000
            if best is None or score > best[0]:
                best = (score, a, b)
    if best is None:
        return None
    _, a, b = best
    a, b = _snap_to_pauses(
        speech, a, b, min_len=round(MIN_S * 1000 / FRAME_MS), max_len=round(MAX_S * 1000 / FRAME_MS)
    )
    seg_speech = speech[a:b]
    speech_db = 10 * np.log10((cl[b] - cl[a]) / max(1, cs[b] - cs[a]) + 1e-10)
    return VoiceReference(
        start=a * hop,
        end=b * hop,
        speech_fraction=float(seg_speech.mean()) if b > a else 0.0,
        snr_db=float(speech_db - np.percentile(levels[a:b], 10)),
        clipped_samples=int(cc[b] - cc[a]),
    )


def _snap_to_pauses(
    speech: np.ndarray, a: int, b: int, min_len: int, max_len: int
) -> tuple[int, int]:
    """Move window ends outwards/inwards (within limits) onto non-speech frames."""
    n = len(speech)
    reach = 10  # 200 ms
    for da in range(reach + 1):
        for cand in (a - da, a + da):
            if 0 <= cand < n and not speech[cand] and min_len <= b - cand <= max_len:
                a = cand
                break
        else:
            continue
        break
    for db in range(reach + 1):
        for cand in (b + db, b - db):
            if 0 < cand <= n and not speech[cand - 1] and min_len <= cand - a <= max_len:
                b = cand
                break
        else:
            continue
        break
    return a, b
