"""Her pieces and the TTS runs joined into one line: loudness and pitch matched at the
joins, short cross-fades, one timeline.

- loudness: every piece is brought to her usual speech level (the median over her
  lines), within ``MAX_GAIN_DB``;
- pitch: a short piece (a number word, a unit, a TTS run) is moved, by TD-PSOLA
  (:func:`studio.speech.voice_match.psola`: the same length, so its phoneme times stay
  exact), so that its median F0 meets the edge of the long piece of hers beside it
  (else her usual pitch), within ``MAX_SHIFT_ST``; her whole lines and phrases are
  never moved;
- joins: consecutive pieces overlap by ``FADE_MS`` with raised-cosine fades; where the
  text has punctuation between two pieces, a pause (``COMMA_MS`` or ``STOP_MS``) instead.

The result is one Utterance: the pieces' phonemes and words on the joined clock (her
pieces keep their aligned times, moved by where they start), word offsets into the
text spoken, and ``own`` = the sample spans in her recorded voice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from studio.avatar.lines.clip import median_f0, speech_level_db
from studio.core.timeline import SAMPLE_RATE
from studio.phonetics.utterance import Phoneme, Utterance, Word
from studio.phonetics.viseme import Viseme
from studio.speech.voice_match import psola
from studio.speech.voice_profile import hz_to_st, to_analysis_rate, track_f0

FADE_MS = 15
COMMA_MS, STOP_MS = 120, 250
STOPS = set("。！？!?；;.")
MAX_GAIN_DB = 12.0
MAX_SHIFT_ST = 4.0
MIN_SHIFT_ST = 0.5  # closer than this: left alone
SHORT_S = 1.2  # pieces up to this long are moved in pitch; longer ones are anchors
EDGE_S = 0.2  # the stretch of a piece whose F0 is its edge's


@dataclass
class Part:
    """One piece to join: its timed audio (words relative to its own text), where its
    text starts in the line, and whether it is hers."""

    utterance: Utterance
    text_start: int
    text_end: int
    hers: bool


def _gain(pcm: np.ndarray, db: float) -> np.ndarray:
    y = pcm.astype(np.float64) * 10.0 ** (db / 20.0)
    return np.clip(np.rint(y), -32768, 32767).astype(np.int16)


def _edge_f0(pcm: np.ndarray, side: str) -> float:
    n = int(EDGE_S * SAMPLE_RATE)
    seg = pcm[-n:] if side == "end" else pcm[:n]
    f0 = median_f0(seg)
    return f0 or median_f0(pcm)


def shift_pitch(pcm: np.ndarray, semitones: float) -> np.ndarray:
    """``pcm`` moved ``semitones`` in pitch, the same length (TD-PSOLA)."""
    x = pcm.astype(np.float64) / 32768.0
    track = track_f0(to_analysis_rate(x))
    ratios = np.full(len(track.f0), 2.0 ** (semitones / 12.0))
    y = psola(x, track, ratios, SAMPLE_RATE)
    return np.clip(np.rint(y * 32768.0), -32768, 32767).astype(np.int16)


def match_levels(parts: list[Part], level_db: float) -> None:
    """Every piece at her usual speech level (within ``MAX_GAIN_DB``)."""
    for part in parts:
        pcm = part.utterance.audio
        if pcm.size == 0:
            continue
        db = float(np.clip(level_db - speech_level_db(pcm), -MAX_GAIN_DB, MAX_GAIN_DB))
        if abs(db) > 0.1:
            part.utterance = replace(part.utterance, audio=_gain(pcm, db))


def match_pitch(parts: list[Part], her_f0: float) -> None:
    """Short pieces moved to meet the pitch of the long piece of hers beside them."""
    long_ = [p.hers and p.utterance.num_samples > SHORT_S * SAMPLE_RATE for p in parts]
    for k, part in enumerate(parts):
        if long_[k] or part.utterance.num_samples < SAMPLE_RATE // 20:
            continue
        anchor = 0.0
        if k > 0 and long_[k - 1]:
            anchor = _edge_f0(parts[k - 1].utterance.audio, "end")
        elif k + 1 < len(parts) and long_[k + 1]:
            anchor = _edge_f0(parts[k + 1].utterance.audio, "start")
        anchor = anchor or her_f0
        own = median_f0(part.utterance.audio)
        if anchor <= 0 or own <= 0:
            continue
        st = float(hz_to_st(anchor) - hz_to_st(own))
        if abs(st) < MIN_SHIFT_ST:
            continue
        st = float(np.clip(st, -MAX_SHIFT_ST, MAX_SHIFT_ST))
        part.utterance = replace(part.utterance, audio=shift_pitch(part.utterance.audio, st))


def _pause_between(text: str, a: int, b: int) -> int:
    between = text[a:b]
    if not between:
        return 0
    ms = STOP_MS if any(ch in STOPS for ch in between) else COMMA_MS
    return SAMPLE_RATE * ms // 1000


def join_parts(text: str, parts: list[Part]) -> tuple[Utterance, list[tuple[int, int]]]:
    """The parts (in text order) as one Utterance of ``text`` (module docstring), and
    where each part lies in it (sample spans; neighbours overlap by the cross-fade)."""
    fade = SAMPLE_RATE * FADE_MS // 1000
    segments: list[tuple[int, np.ndarray]] = []  # (start sample, audio)
    phonemes: list[Phoneme] = []
    words: list[Word] = []
    own: list[tuple[int, int]] = []
    placed: list[tuple[int, int]] = []
    languages: dict[str, None] = {}
    cursor = 0
    for k, part in enumerate(parts):
        utt = part.utterance
        audio = utt.audio.astype(np.float64)
        n = len(audio)
        if k > 0:
            gap = _pause_between(text, parts[k - 1].text_end, part.text_start)
            overlap = 0 if gap else min(fade, n // 2, len(segments[-1][1]) // 2)
            cursor += gap - overlap
        start = cursor
        ramp = min(fade, n // 2)
        if ramp:
            w = 0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, ramp))
            audio[:ramp] *= w
            audio[n - ramp :] *= w[::-1]
        segments.append((start, audio))
        placed.append((start, start + n))
        for p in utt.phonemes:
            phonemes.append(Phoneme(p.phoneme, p.viseme, p.start + start, p.end + start))
        for w_ in utt.words:
            words.append(
                Word(
                    w_.text,
                    w_.char_start + part.text_start,
                    w_.char_end + part.text_start,
                    w_.start + start,
                    w_.end + start,
                )
            )
        if part.hers:
            own.append((start, start + n))
        for lang in utt.language.split("+"):
            if lang:
                languages[lang] = None
        cursor = start + n
    total = cursor
    out = np.zeros(total, np.float64)
    for start, audio in segments:
        out[start : start + len(audio)] += audio
    utt = Utterance(
        text=text,
        audio=np.clip(np.rint(out), -32768, 32767).astype(np.int16),
        sample_rate=SAMPLE_RATE,
        phonemes=_tidy(phonemes, total),
        words=words,
        language="+".join(languages) or "zh",
        own=_union(own, total),
    )
    return utt, placed


def _tidy(phonemes: list[Phoneme], total: int) -> list[Phoneme]:
    """One timeline from 0 to ``total``: overlaps (cross-fades) cut at the later piece's
    start, gaps (pauses) filled with silence."""
    out: list[Phoneme] = []
    cursor = 0
    for p in phonemes:
        start, end = max(p.start, 0), min(p.end, total)
        while out and start < out[-1].end:
            last = out.pop()
            if start > last.start:
                out.append(replace(last, end=start))
                break
        cursor = min(cursor, out[-1].end if out else 0)
        if start > cursor:
            out.append(Phoneme("_", Viseme.SIL, cursor, start))
        if end > start:
            out.append(Phoneme(p.phoneme, p.viseme, start, end))
            cursor = end
    if cursor < total:
        out.append(Phoneme("_", Viseme.SIL, cursor, total))
    merged: list[Phoneme] = []
    for p in out:
        if merged and p.viseme is Viseme.SIL and merged[-1].viseme is Viseme.SIL:
            merged[-1] = replace(merged[-1], end=p.end)
        else:
            merged.append(p)
    return merged


def _union(spans: list[tuple[int, int]], total: int) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        a, b = max(0, a), min(total, b)
        if b <= a:
            continue
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return tuple(out)
