"""A programme: utterances laid end to end on the one integer timeline.

The demo (and later the live engine's look-ahead) joins utterances with pauses; each
keeps its place as a sample range, so subtitles, mouth and audio share one clock.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace

import numpy as np

from studio.core.timeline import SAMPLE_RATE
from studio.phonetics.utterance import Phoneme, Utterance, Word


@dataclass(frozen=True)
class Segment:
    """Where one utterance sits on the programme timeline (samples, end exclusive)."""

    text: str
    start: int
    end: int
    words: tuple[Word, ...] = ()  # times relative to ``start``, offsets into ``text``


@dataclass
class Programme:
    """Concatenated audio, shifted phonemes and the segments they came from."""

    audio: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int16))
    phonemes: list[Phoneme] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    sample_rate: int = SAMPLE_RATE
    _starts: list[int] = field(default_factory=list, repr=False)

    @property
    def num_samples(self) -> int:
        return int(self.audio.shape[0])

    def segment_at(self, sample: int) -> Segment | None:
        """The utterance being spoken at ``sample`` (None in pauses)."""
        if len(self._starts) != len(self.segments):
            self._starts = [s.start for s in self.segments]
        i = bisect.bisect_right(self._starts, sample) - 1
        if i >= 0 and sample < self.segments[i].end:
            return self.segments[i]
        return None

    def text_at(self, sample: int) -> str:
        """The text of the utterance being spoken at ``sample`` ('' in pauses)."""
        seg = self.segment_at(sample)
        return seg.text if seg else ""


def build_programme(
    utterances: list[Utterance],
    *,
    lead_in: int = SAMPLE_RATE // 2,
    gap: int = SAMPLE_RATE * 35 // 100,
    min_samples: int = 0,
) -> Programme:
    """Lay utterances end to end with ``gap`` samples of silence between them.

    When ``min_samples`` is larger than one pass, the list is repeated (a looping show)
    and the result is cut to exactly ``min_samples``.
    """
    if not utterances:
        raise ValueError("a programme needs at least one utterance")
    parts: list[np.ndarray] = [np.zeros(lead_in, dtype=np.int16)]
    phonemes: list[Phoneme] = []
    segments: list[Segment] = []
    cursor = lead_in
    while True:
        for utt in utterances:
            if utt.sample_rate != SAMPLE_RATE:
                raise ValueError(f"utterance at {utt.sample_rate} Hz, expected {SAMPLE_RATE}")
            phonemes.extend(
                replace(p, start=p.start + cursor, end=p.end + cursor) for p in utt.phonemes
            )
            segments.append(Segment(utt.text, cursor, cursor + utt.num_samples, tuple(utt.words)))
            parts.append(utt.audio.astype(np.int16, copy=False))
            parts.append(np.zeros(gap, dtype=np.int16))
            cursor += utt.num_samples + gap
        if cursor >= min_samples:
            break
    audio = np.concatenate(parts)
    if min_samples:
        audio = audio[:min_samples]
        phonemes = [p for p in phonemes if p.start < min_samples]
        segments = [s for s in segments if s.start < min_samples]
    return Programme(audio=audio, phonemes=phonemes, segments=segments)
