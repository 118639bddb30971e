"""Turn a show entry into something the timeline can place: audio, mouth, words.

Text is synthesised (with the script's pause marks as exact silences), clips are
decoded and resampled, pauses are silence; every kind ends up as the same
``PreparedItem`` so the director treats them alike.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace

import numpy as np

from studio.core.timeline import SAMPLE_RATE, FrameRate
from studio.lipsync.energy import energy_mouth_track
from studio.lipsync.trajectory import MouthTrack, mouth_track
from studio.speech.engine import SpeechEngine
from studio.speech.utterance import Utterance, Word

log = logging.getLogger(__name__)


@dataclass
class PreparedItem:
    """Audio on the 48 kHz timeline with its per-frame mouth and its words."""

    key: str
    text: str  # what the subtitle shows ('' for clips and pauses)
    audio: np.ndarray  # int16 mono
    mouth: MouthTrack
    words: list[Word] = field(default_factory=list)

    @property
    def num_samples(self) -> int:
        return int(self.audio.shape[0])


def silence_item(key: str, samples: int, fps: FrameRate) -> PreparedItem:
    n = fps.frames_for_samples(samples)
    zeros = np.zeros(n, dtype=np.float32)
    return PreparedItem(
        key, "", np.zeros(samples, dtype=np.int16), MouthTrack(fps, zeros, zeros.copy())
    )


def speak(
    engine: SpeechEngine,
    key: str,
    text: str,
    pauses: tuple[tuple[int, int], ...],
    fps: FrameRate,
    voice: str | None = None,
) -> PreparedItem:
    """Synthesise ``text`` with exact silences at its pause marks (char offset, samples)."""
    cuts = sorted((min(max(0, c), len(text)), s) for c, s in pauses)
    parts: list[tuple[int, str, int]] = []  # (char offset, text, silence after)
    start = 0
    for offset, samples in cuts:
        parts.append((start, text[start:offset], samples))
        start = offset
    parts.append((start, text[start:], 0))
    audio: list[np.ndarray] = []
    phonemes, words = [], []
    cursor = 0
    for offset, part, silence in parts:
        if part.strip():
            utt = engine.synthesize(part, language="auto", voice=voice)
            phonemes += [
                replace(p, start=p.start + cursor, end=p.end + cursor) for p in utt.phonemes
            ]
            words += [
                replace(
                    w,
                    start=w.start + cursor,
                    end=w.end + cursor,
                    char_start=w.char_start + offset,
                    char_end=w.char_end + offset,
                )
                for w in utt.words
            ]
            audio.append(utt.audio)
            cursor += utt.num_samples
        if silence:
            audio.append(np.zeros(silence, dtype=np.int16))
            cursor += silence
    pcm = np.concatenate(audio) if audio else np.zeros(0, dtype=np.int16)
    utt = Utterance(text=text, audio=pcm, phonemes=phonemes, words=words)
    return PreparedItem(key, text, pcm, mouth_track(utt.phonemes, utt.num_samples, fps), words)


def clip_item(key: str, path: str, fps: FrameRate) -> PreparedItem:
    """A recorded clip: decoded to 48 kHz mono; the mouth follows its loudness."""
    from studio.speech.audio import read_audio_file

    pcm = read_audio_file(path)
    return PreparedItem(key, "", pcm, energy_mouth_track(pcm, fps))


__all__ = ["PreparedItem", "clip_item", "silence_item", "speak", "SAMPLE_RATE"]
