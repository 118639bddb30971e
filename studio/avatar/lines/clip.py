"""A span cut out of a timed utterance, and the loudness and pitch of a piece of speech:
what the import keeps of each line and what the join matches."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from studio.avatar.voice import frame_levels
from studio.phonetics.utterance import Phoneme, Utterance, Word
from studio.speech.voice_profile import to_analysis_rate, track_f0

#: Frames within this of a piece's loudest are its speech (for its level).
SPEECH_RANGE_DB = 30.0


def cut(
    utt: Utterance, start: int, end: int, *, char_start: int = 0, char_end: int = -1
) -> Utterance:
    """Samples ``[start, end)`` of ``utt`` with the phonemes and words inside them moved to
    the cut's clock; with a character range, only the words inside it are kept (their
    offsets then relative to ``char_start``). The own-voice spans are clipped alike."""
    n = utt.num_samples
    start, end = max(0, min(start, n)), max(0, min(end, n))
    char_end = len(utt.text) if char_end < 0 else char_end

    def clamp(t: int) -> int:
        return min(max(t - start, 0), end - start)

    phonemes = [
        Phoneme(p.phoneme, p.viseme, clamp(p.start), clamp(p.end))
        for p in utt.phonemes
        if clamp(p.end) > clamp(p.start)
    ]
    words = [
        Word(
            w.text, w.char_start - char_start, w.char_end - char_start, clamp(w.start), clamp(w.end)
        )
        for w in utt.words
        if w.char_start >= char_start and w.char_end <= char_end
    ]
    own = tuple((clamp(a), clamp(b)) for a, b in utt.own if clamp(b) > clamp(a))
    return replace(
        utt,
        text=utt.text[char_start:char_end],
        audio=np.ascontiguousarray(utt.audio[start:end]),
        phonemes=phonemes,
        words=words,
        own=own,
        text_offset=0,
    )


def speech_level_db(pcm: np.ndarray) -> float:
    """Loudness of the speech in ``pcm`` (dBFS over its 20 ms frames within
    ``SPEECH_RANGE_DB`` of the loudest); -90 for silence."""
    levels = frame_levels(np.asarray(pcm))
    if levels.size == 0:
        return -90.0
    loud = levels[levels > levels.max() - SPEECH_RANGE_DB]
    return float(10.0 * np.log10(np.mean(10.0 ** (loud / 10.0)) + 1e-12))


def median_f0(pcm: np.ndarray) -> float:
    """Median F0 (Hz) of the voiced frames of ``pcm`` (48 kHz); 0 when none."""
    if len(pcm) < 480:
        return 0.0
    track = track_f0(to_analysis_rate(pcm))
    voiced = track.f0[track.voiced]
    return float(np.median(voiced)) if voiced.size >= 3 else 0.0
