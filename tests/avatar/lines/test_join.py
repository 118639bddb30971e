"""Joining her pieces and TTS runs: levels and pitch met at the joins, cross-fades, one
timeline from the first sample to the last, and her spans marked."""

from __future__ import annotations

import numpy as np

from studio.avatar.lines.clip import median_f0, speech_level_db
from studio.avatar.lines.join import (
    FADE_MS,
    Part,
    join_parts,
    match_levels,
    match_pitch,
)
from studio.core.timeline import SAMPLE_RATE
from studio.speech.engine import get_engine
from studio.speech.voice_profile import hz_to_st
from studio.speech.voices import trim_pauses


def _say(text: str, pitch: int, volume: int = 100):
    utt = get_engine("espeak").synthesize(text, language="zh", pitch=pitch, volume=volume)
    return trim_pauses(utt, 240, 480)


def _parts(text: str, low_pitch: int = 10, volume: int = 100) -> list[Part]:
    """Her long phrase "今天直播间只要", then a short number word in another voice."""
    hers = _say("今天直播间只要", 78)
    other = _say("八", low_pitch, volume)
    a = text.index("今")
    b = text.index("八")
    return [Part(hers, a, a + 7, hers=True), Part(other, b, b + 1, hers=False)]


def test_a_short_piece_meets_the_pitch_of_her_piece_beside_it() -> None:
    text = "今天直播间只要八"
    parts = _parts(text, low_pitch=50)  # a few semitones below her (within MAX_SHIFT_ST)
    her_end = median_f0(parts[0].utterance.audio[-int(0.2 * SAMPLE_RATE) :])
    before = abs(float(hz_to_st(median_f0(parts[1].utterance.audio)) - hz_to_st(her_end)))
    long_audio = parts[0].utterance.audio.copy()
    match_pitch(parts, her_f0=0.0)
    after = abs(float(hz_to_st(median_f0(parts[1].utterance.audio)) - hz_to_st(her_end)))
    assert before > 2.0 and after < 1.0, (before, after)
    assert np.array_equal(parts[0].utterance.audio, long_audio)  # hers is never moved


def test_every_piece_comes_at_her_level() -> None:
    parts = _parts("今天直播间只要八", volume=25)  # the number word ~12 dB quieter
    target = speech_level_db(parts[0].utterance.audio)
    assert abs(speech_level_db(parts[1].utterance.audio) - target) > 6
    match_levels(parts, target)
    assert abs(speech_level_db(parts[1].utterance.audio) - target) < 1.0


def test_the_join_cross_fades_and_keeps_one_timeline() -> None:
    text = "今天直播间只要八"
    parts = _parts(text)
    n0, n1 = (p.utterance.num_samples for p in parts)
    utt, placed = join_parts(text, parts)
    fade = SAMPLE_RATE * FADE_MS // 1000
    assert utt.num_samples == n0 + n1 - fade
    assert placed == [(0, n0), (n0 - fade, n0 - fade + n1)]
    assert utt.own == ((0, n0),)
    ph = utt.phonemes
    assert ph[0].start == 0 and ph[-1].end == utt.num_samples
    assert all(a.end == b.start for a, b in zip(ph, ph[1:], strict=False))
    assert [w.text for w in utt.words][-1] == "八"
    assert utt.words[-1].start >= n0 - fade


def test_punctuation_between_pieces_is_a_pause() -> None:
    text = "今天直播间只要，八"
    parts = _parts(text)
    n0, n1 = (p.utterance.num_samples for p in parts)
    utt, placed = join_parts(text, parts)
    gap = placed[1][0] - placed[0][1]
    assert gap == SAMPLE_RATE * 120 // 1000 and utt.num_samples == n0 + n1 + gap
    assert np.abs(utt.audio[placed[0][1] : placed[1][0]]).max() == 0
