"""Timed IPA code points -> an Utterance with phoneme and word timelines.

Neural engines (Piper, Coqui VITS) say how many output samples each input symbol
lasted. Their symbols are IPA code points: stress marks join the phoneme after them,
length marks and diacritics the one before; a short space between words is shared by
the sounds on either side (no mouth closure between words), a long one and punctuation
are pauses. Written words are tied to phonemes by aligning the sentence's phonemes
with each word phonemized on its own (:func:`align_words`), because the phonemizer
merges and splits words ("of the" -> ʌvðə, "iPhone" -> ˈaɪ fˈoʊn).

Mandarin text (Piper voices phonemized by eSpeak ``cmn``) has no spaces: every Han
character is a word. eSpeak writes its tones as digits after the vowel (its tone 35 as
``ɜ``), retroflexes as ``s.``/``i.`` and ``ɤ`` as ``o-``, affricates and aspiration as
separate letters (``t s . h``); with ``tones=True`` they are folded into one sound, so
``ts.h`` is one CH and a tone never opens a mouth shape of its own.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, replace

import numpy as np

from studio.phonetics.phoneme_map import viseme_or_fallback
from studio.phonetics.utterance import Phoneme, Utterance, Word
from studio.phonetics.viseme import Viseme
from studio.speech.audio import resample_to_timeline, to_timeline
from studio.speech.segment import is_cjk

_STRESS = "ˈˌ"
_PUNCT = set(",.!?;:—…()\"'-")
#: A space between words shorter than this is not a pause: its samples are shared by
#: the phonemes around it, so the mouth does not snap shut between words.
WORD_GAP_PAUSE_MS = 120


@dataclass
class TimedUnit:
    """One phoneme (or pause) on the engine's own sample clock."""

    symbol: str
    start: int
    end: int
    word: int | None
    pause: bool = False


def _joins_previous(ch: str) -> bool:
    """Length marks, combining diacritics, modifier letters (ʰ ʲ ː): part of the sound before."""
    return ch in "ːˑ˞" or unicodedata.category(ch) in ("Mn", "Lm")


def word_spans(text: str, per_han: bool = False) -> list[tuple[int, int]]:
    """Character spans of written words: whitespace tokens without outer punctuation;
    ``per_han``: each Han character is a word of its own (Chinese has no spaces)."""
    spans = []
    for m in re.finditer(r"\S+", text):
        pieces = [m.span()]
        if per_han:
            pieces = [(i, i + 1) if _is_han(text[i]) else None for i in range(*m.span())]
            pieces = _merge_runs(pieces, m.start())
        for s, e in pieces:
            while s < e and not text[s].isalnum():
                s += 1
            while e > s and not text[e - 1].isalnum():
                e -= 1
            if e > s:
                spans.append((s, e))
    return spans


def _is_han(ch: str) -> bool:
    return is_cjk(ch) and ch.isalpha()


def _merge_runs(pieces: list[tuple[int, int] | None], start: int) -> list[tuple[int, int]]:
    """Han characters stay single; what lies between them (None) becomes one span."""
    out: list[tuple[int, int]] = []
    run_start: int | None = None
    for i, piece in enumerate(pieces, start):
        if piece is None:
            run_start = i if run_start is None else run_start
            continue
        if run_start is not None:
            out.append((run_start, i))
            run_start = None
        out.append(piece)
    if run_start is not None:
        out.append((run_start, start + len(pieces)))
    return out


def _folds_into(ch: str, previous: str) -> bool:
    """eSpeak ``cmn``'s marks that belong to the sound before them (see the module doc)."""
    bare = previous.lstrip(_STRESS)
    if ch.isdigit():
        return True
    if ch == ".":
        return bare[-1:] in ("s", "z", "i")
    if ch == "-":
        return bare[-1:] == "o"
    if ch == "ɜ":
        return bare[-1:] in _VOWELS or bare[-1:] in "r.-"
    if ch in "sɕ":
        return bare == "t"
    if ch == "h":
        return bare in ("t", "k", "p", "ts", "ts.", "tɕ")
    return False


_VOWELS = set("aeiouyɑəɛɔɤʊɪæ")


def _is_sound(ch: str) -> bool:
    return ch != " " and ch not in _PUNCT


def align_words(sentence: list[str], word_phonemes: list[list[str]]) -> list[int | None]:
    """For each code point of the sentence's phonemes, the index of its written word.

    ``word_phonemes[i]`` are word i's phonemes spoken alone. Matching blocks map
    directly; replaced stretches map proportionally; leftovers take the word of the
    nearest sound in the same spoken word. Spaces and punctuation get None.
    """
    flat: list[str] = []
    owner: list[int] = []
    for i, phones in enumerate(word_phonemes):
        for ch in phones:
            if _is_sound(ch):
                flat.append(ch)
                owner.append(i)
    labels: list[int | None] = [None] * len(sentence)
    matcher = difflib.SequenceMatcher(None, sentence, flat, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                labels[i1 + k] = owner[j1 + k]
        elif tag == "replace":
            for k in range(i2 - i1):
                labels[i1 + k] = owner[j1 + k * (j2 - j1) // (i2 - i1)]
    for i, ch in enumerate(sentence):
        if not _is_sound(ch):
            labels[i] = None
    # sounds left without a word: take the word of a neighbour inside the same spoken word
    for i in range(len(sentence)):
        if labels[i] is None and _is_sound(sentence[i]) and i > 0 and labels[i - 1] is not None:
            labels[i] = labels[i - 1]
    for i in range(len(sentence) - 2, -1, -1):
        if labels[i] is None and _is_sound(sentence[i]) and labels[i + 1] is not None:
            labels[i] = labels[i + 1]
    return labels


def timed_units(
    phonemes: list[str],
    labels: list[int | None],
    samples: list[int],
    lead: int,
    tail: int,
    rate: int,
    tones: bool = False,
) -> list[TimedUnit]:
    """Code points with their sample counts -> phoneme units (stress/length merged).

    A short space between words is shared by the sounds on either side of it; a long
    one (and punctuation) is a pause. ``tones``: eSpeak ``cmn`` IPA (Mandarin), whose
    tone digits and letter-by-letter consonants are folded (:func:`_folds_into`).
    """
    units: list[TimedUnit] = []
    cursor = 0
    if lead:
        units.append(TimedUnit("_", 0, lead, None, pause=True))
        cursor = lead
    carried = 0  # samples before a unit that belong to it (stress mark, half a word gap)
    prefix = ""
    gap_limit = rate * WORD_GAP_PAUSE_MS // 1000
    for ch, word, n in zip(phonemes, labels, samples, strict=True):
        start, end = cursor, cursor + n
        cursor = end
        if ch in _STRESS:
            prefix += ch
            carried += n
            continue
        folds = tones and units and not units[-1].pause and not carried
        if folds and _folds_into(ch, units[-1].symbol):
            units[-1].symbol += "3" if ch == "ɜ" else ch  # eSpeak's tone 35
            units[-1].end = end
            continue
        if ch == " " or ch in _PUNCT:
            if units and units[-1].pause:
                units[-1].end = end
            elif ch == " " and n < gap_limit and units:
                units[-1].end = start + n // 2
                carried += n - n // 2
            else:
                units.append(TimedUnit("_", start - carried, end, None, pause=True))
                carried = 0
            continue
        if _joins_previous(ch) and units and not units[-1].pause and not carried:
            units[-1].symbol += ch
            units[-1].end = end
            continue
        units.append(TimedUnit(prefix + ch, start - carried, end, word))
        prefix, carried = "", 0
    if units and units[-1].pause:
        units[-1].end = cursor + tail
    elif tail or carried:
        units.append(TimedUnit("_", cursor - carried, cursor + tail, None, pause=True))
    return units


def units_to_utterance(
    text: str,
    pcm: np.ndarray,
    rate: int,
    units: list[TimedUnit],
    spans: list[tuple[int, int]],
    language: str = "en",
) -> Utterance:
    """Engine PCM + timed units -> an Utterance on the 48 kHz timeline.

    ``spans`` are the written words' character spans in ``text``; ``units[k].word``
    indexes them. Each word lasts from its first to its last phoneme; a word that got
    no phoneme is a zero-length mark where the previous word ended.
    """
    audio = resample_to_timeline(pcm, rate)
    n = len(audio)
    unknown: dict[str, int] = {}
    phonemes: list[Phoneme] = []
    word_times: dict[int, tuple[int, int]] = {}
    for i, u in enumerate(units):
        start = min(to_timeline(u.start, rate), n)
        end = n if i == len(units) - 1 else min(to_timeline(u.end, rate), n)
        if end <= start:
            continue
        if u.pause and phonemes and phonemes[-1].viseme is Viseme.SIL:
            phonemes[-1] = replace(phonemes[-1], end=end)  # sentence end + next lead-in
            continue
        viseme = Viseme.SIL if u.pause else viseme_or_fallback(u.symbol, language, unknown)
        phonemes.append(Phoneme(u.symbol, viseme, start, end))
        if u.word is not None:
            first = word_times.get(u.word, (start, end))[0]
            word_times[u.word] = (first, end)
    words: list[Word] = []
    previous_end = 0
    for i, (s, e) in enumerate(spans):
        start, end = word_times.get(i, (previous_end, previous_end))
        words.append(Word(text[s:e], s, e, start, end))
        previous_end = end
    return Utterance(
        text=text,
        audio=audio,
        phonemes=phonemes,
        words=words,
        language=language,
        unknown_phonemes=unknown,
    )
