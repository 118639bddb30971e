"""What every TTS engine returns: audio on the integer timeline plus timings.

Times are integer sample indices at ``sample_rate`` (48 kHz in the engine), so that the
lip-sync and the output share one clock with the audio. ``end`` is exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from studio.core.timeline import SAMPLE_RATE, samples_to_ms
from studio.phonetics.viseme import Viseme


@dataclass(frozen=True)
class Phoneme:
    """One phoneme as spoken: its symbol (IPA or engine mnemonic), viseme class and span."""

    phoneme: str
    viseme: Viseme
    start: int
    end: int


@dataclass(frozen=True)
class Word:
    """One word (or CJK character group) with offsets into the *original* text."""

    text: str
    char_start: int
    char_end: int
    start: int
    end: int


@dataclass
class Utterance:
    """Mono int16 PCM plus phoneme and word timelines for one piece of text."""

    text: str
    audio: np.ndarray  # int16, shape (n,), mono
    sample_rate: int = SAMPLE_RATE
    phonemes: list[Phoneme] = field(default_factory=list)
    words: list[Word] = field(default_factory=list)
    language: str = ""
    unknown_phonemes: dict[str, int] = field(default_factory=dict)
    #: Where ``text`` starts in the longer text it was cut from (streamed sentences);
    #: word offsets stay relative to ``text``.
    text_offset: int = 0
    #: Sample spans ``(start, end)`` spoken in the presenter's own recorded voice (her
    #: prompt-sheet lines); empty for pure TTS. What the show reports as "hers".
    own: tuple[tuple[int, int], ...] = ()

    @property
    def num_samples(self) -> int:
        return int(self.audio.shape[0])

    @property
    def duration_ms(self) -> int:
        return samples_to_ms(self.num_samples, self.sample_rate)

    @property
    def own_samples(self) -> int:
        """How many samples are in her own recorded voice."""
        return sum(max(0, e - s) for s, e in self.own)

    @property
    def own_share(self) -> float:
        """The share of the audio in her own recorded voice (0 for none or no audio)."""
        return self.own_samples / self.num_samples if self.num_samples else 0.0

    def timeline_json(self) -> dict:
        """The timeline in the JSON shape of `studio tts --timeline` (issue 3)."""
        sr = self.sample_rate
        return {
            "sample_rate": sr,
            "phonemes": [
                {
                    "p": p.phoneme,
                    "viseme": p.viseme.value,
                    "start_ms": samples_to_ms(p.start, sr),
                    "end_ms": samples_to_ms(p.end, sr),
                }
                for p in self.phonemes
            ],
            "words": [
                {
                    "text": w.text,
                    "char_start": w.char_start,
                    "char_end": w.char_end,
                    "start_ms": samples_to_ms(w.start, sr),
                    "end_ms": samples_to_ms(w.end, sr),
                }
                for w in self.words
            ],
        }
