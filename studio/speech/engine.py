"""The interface every TTS engine implements, and the pipeline they share.

An engine only has to turn one short, already normalised piece of text into an
:class:`~studio.phonetics.utterance.Utterance` (:meth:`SpeechEngine.speak`) and say which
settings it accepts (:meth:`SpeechEngine.check`). Everything around that is common, so
every engine behaves the same way:

1. bad input fails early and clearly: empty text, only emoji, an unknown voice, an
   absurd rate (``InputError`` with a hint);
2. the text is split at sentence boundaries when it is long
   (:func:`studio.speech.chunk.split_sentences`) and each piece is normalised
   (:func:`studio.speech.normalize.normalize`: prices, dates, phone numbers ...);
3. each piece comes from the cache when it was made before (:mod:`studio.speech.cache`);
4. word offsets measured on the spoken text are mapped back to the *original* text.

:meth:`SpeechEngine.synthesize_stream` yields one Utterance per sentence (times
relative to that sentence), so the live engine can start speaking after the first.
"""

from __future__ import annotations

import importlib
import logging
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from studio.core.errors import InputError
from studio.core.progress import Progress, no_progress
from studio.core.timeline import SAMPLE_RATE
from studio.phonetics.utterance import Phoneme, Utterance, Word
from studio.phonetics.viseme import Viseme
from studio.speech.cache import CacheKey, SynthesisCache
from studio.speech.chunk import MAX_CHUNK_CHARS, split_sentences, too_long
from studio.speech.normalize import NormalizedText, normalize

log = logging.getLogger(__name__)

DEFAULT_RATE = 175  # words per minute, eSpeak's scale; every engine maps it to its own
DEFAULT_PITCH = 50
DEFAULT_VOLUME = 100
RATE_RANGE = (80, 450)
PITCH_RANGE = (0, 100)
VOLUME_RANGE = (0, 200)

#: ``synthesize`` speaks text up to this length in one go; longer text is split at
#: sentence boundaries and the sentences are joined with ``SENTENCE_GAP_MS`` of silence
#: (about eSpeak's own pause after a full stop at the default rate).
LONG_TEXT_CHARS = 300
SENTENCE_GAP_MS = 300

#: Characters trimmed from the ends of a word's source span (spaces, sentence
#: punctuation, brackets) -- but not %, ¥ or $, which belong to the number they mark.
_TRIM = set("，。！？、；：,.!?;:\"'“”‘’()（）[]【】《》「」『』…—-~～·")

_ENGINES: dict[str, str] = {
    "espeak": "studio.speech.espeak:EspeakEngine",
    "piper": "studio.speech.piper:PiperEngine",
    "coqui": "studio.speech.coqui:CoquiEngine",
}


@dataclass(frozen=True)
class Settings:
    """What the caller asked for, checked by the engine."""

    language: str
    voice: str | None
    rate: int
    pitch: int
    volume: int

    def as_key(self) -> tuple[tuple[str, str], ...]:
        return (("rate", str(self.rate)), ("pitch", str(self.pitch)), ("volume", str(self.volume)))


def check_range(name: str, value: int, bounds: tuple[int, int]) -> None:
    """InputError unless ``lo <= value <= hi``."""
    lo, hi = bounds
    if not isinstance(value, int) or not lo <= value <= hi:
        raise InputError(
            f"{name} {value} is out of range.", f"use a whole number from {lo} to {hi}"
        )


class SpeechEngine(ABC):
    """Text -> Utterance (48 kHz int16 PCM, phoneme and word timelines)."""

    name: ClassVar[str] = ""
    sample_rate: int = SAMPLE_RATE

    def __init__(self, cache: SynthesisCache | None = None) -> None:
        self.cache = cache

    # ------------------------------------------------------------------ per engine

    @abstractmethod
    def list_voices(self) -> list[str]:
        """Voice names to pass as ``voice=``."""

    @abstractmethod
    def check(self, settings: Settings) -> str:
        """Raise InputError for settings this engine cannot use; return the language to
        normalise in ("auto", "zh", "en", or another code to leave digits alone)."""

    @abstractmethod
    def speak(self, text: str, settings: Settings) -> Utterance:
        """Synthesize ``text`` exactly as given: one short, normalised piece.

        Word offsets refer to ``text``; times start at 0; audio at 48 kHz.
        """

    def check_text(self, text: str, settings: Settings) -> None:  # noqa: B027 (optional hook)
        """Raise InputError for normalised text this engine cannot speak (default: none)."""

    def model_id(self) -> str:
        """What identifies this engine's model and voice table in cache keys."""
        return self.name

    def voice_key(self, voice: str | None) -> str:
        """What identifies ``voice`` in cache keys (an installed pack adds its hash)."""
        return voice or ""

    # ------------------------------------------------------------------ shared

    def synthesize(
        self,
        text: str,
        language: str = "auto",
        voice: str | None = None,
        rate: int = DEFAULT_RATE,
        pitch: int = DEFAULT_PITCH,
        volume: int = DEFAULT_VOLUME,
        *,
        normalize: bool = True,
        progress: Progress = no_progress,
    ) -> Utterance:
        """Speak ``text``; ``language`` is "auto" (split zh/en runs), "zh" or "en".

        Text longer than ``LONG_TEXT_CHARS`` is made sentence by sentence and joined.
        ``normalize=False`` speaks the text as written (no number reading, no emoji
        removal). Word offsets always refer to ``text``.
        """
        settings = Settings(language, voice, rate, pitch, volume)
        spans = [(0, len(text))] if len(text) <= LONG_TEXT_CHARS else split_sentences(text)
        pieces = self._pieces(text, spans, settings, normalize)
        parts = []
        for i, (start, norm) in enumerate(pieces):
            progress("speech", i, len(pieces))
            parts.append(self._speak_piece(norm, settings, start))
        progress("speech", len(pieces), len(pieces))
        if len(parts) == 1 and parts[0].text == text:
            return parts[0]
        return join_utterances(text, parts, SAMPLE_RATE * SENTENCE_GAP_MS // 1000)

    def synthesize_stream(
        self,
        text: str,
        language: str = "auto",
        voice: str | None = None,
        rate: int = DEFAULT_RATE,
        pitch: int = DEFAULT_PITCH,
        volume: int = DEFAULT_VOLUME,
        *,
        normalize: bool = True,
        max_chars: int = MAX_CHUNK_CHARS,
    ) -> Iterator[Utterance]:
        """One Utterance per sentence, made as the caller asks for it (look-ahead).

        Each has ``text`` = the sentence, ``text_offset`` = where it starts in ``text``,
        word offsets relative to the sentence and times relative to its own start.
        Settings and text are checked before the first sentence is made.
        """
        settings = Settings(language, voice, rate, pitch, volume)
        pieces = self._pieces(text, split_sentences(text, max_chars), settings, normalize)
        return (self._speak_piece(norm, settings, start) for start, norm in pieces)

    def _pieces(
        self, text: str, spans: list[tuple[int, int]], settings: Settings, normalize_text: bool
    ) -> list[tuple[int, NormalizedText]]:
        """Check everything, then the normalised pieces to speak with their offsets."""
        if not isinstance(text, str) or not text.strip():
            raise InputError("Nothing to speak: the text is empty.", "give some text to say")
        if reason := too_long(text):
            raise InputError(reason, "split it into several lines (a script file takes many)")
        norm_language = self.check(settings)
        pieces: list[tuple[int, NormalizedText]] = []
        for start, end in spans:
            piece = text[start:end]
            norm = normalize(piece, norm_language) if normalize_text else _as_is(piece)
            if not norm.is_speakable:
                log.debug("skipping a piece with nothing to say: %r", piece)
                continue
            self.check_text(norm.text, settings)
            pieces.append((start, norm))
        if not pieces:
            raise InputError(
                "Nothing to speak: the text has only emoji, symbols or punctuation.",
                "write the words to say",
            )
        return pieces

    def _speak_piece(self, norm: NormalizedText, settings: Settings, offset: int) -> Utterance:
        """One piece through the cache, with words mapped back to the original text."""
        key = CacheKey(
            engine=self.name,
            model=self.model_id(),
            voice=self.voice_key(settings.voice),
            language=settings.language,
            settings=settings.as_key(),
            text=norm.text,
        )
        utt = self.cache.get(key) if self.cache is not None else None
        if utt is None:
            utt = self.speak(norm.text, settings)
            if self.cache is not None:
                self.cache.put(key, utt)
        return Utterance(
            text=norm.source,
            audio=utt.audio,
            sample_rate=utt.sample_rate,
            phonemes=utt.phonemes,
            words=source_words(utt.words, norm),
            language=utt.language,
            unknown_phonemes=utt.unknown_phonemes,
            text_offset=offset,
            own=utt.own,
        )


class WrappingEngine(SpeechEngine):
    """An engine that speaks through ``inner`` and changes its lines (voice matched, her
    recorded lines first): the same name, rate, cache, voices and checks as ``inner``; a
    subclass says how its :meth:`model_id` and :meth:`speak` differ."""

    def __init__(self, inner: SpeechEngine) -> None:
        super().__init__(cache=inner.cache)
        self.inner = inner
        self.name = inner.name  # type: ignore[misc]  # the same engine, for keys and logs
        self.sample_rate = inner.sample_rate

    def list_voices(self) -> list[str]:
        return self.inner.list_voices()

    def check(self, settings: Settings) -> str:
        return self.inner.check(settings)

    def check_text(self, text: str, settings: Settings) -> None:
        self.inner.check_text(text, settings)


def _as_is(text: str) -> NormalizedText:
    return NormalizedText(text, text, tuple((i, i + 1) for i in range(len(text))))


def _trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in _TRIM):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _TRIM):
        end -= 1
    return start, end


def source_words(words: list[Word], norm: NormalizedText) -> list[Word]:
    """Words with offsets into the spoken text -> offsets into the original text.

    One written token can be several spoken words (199.9 -> 一百 九十九 点 九): words
    whose source spans overlap are merged into one, from the first start to the last end.
    """
    out: list[Word] = []
    for w in words:
        s, e = _trim_span(norm.source, *norm.source_span(w.char_start, w.char_end))
        if e <= s:
            continue
        if out and s < out[-1].char_end:
            prev = out[-1]
            end = max(e, prev.char_end)
            out[-1] = Word(
                norm.source[prev.char_start : end],
                prev.char_start,
                end,
                prev.start,
                max(prev.end, w.end),
            )
        else:
            out.append(Word(norm.source[s:e], s, e, w.start, w.end))
    return out


def join_utterances(text: str, parts: list[Utterance], gap: int | Sequence[int]) -> Utterance:
    """Pieces of ``text`` (each with its ``text_offset``) as one Utterance.

    ``gap``: samples of silence between pieces, or one count per piece for the silence
    *after* each (a script's pause marks, which may also end the text).
    """
    after = [gap] * len(parts) if isinstance(gap, int) else list(gap)
    if isinstance(gap, int) and parts:
        after[-1] = 0
    audio: list[np.ndarray] = []
    phonemes: list[Phoneme] = []
    words: list[Word] = []
    unknown: dict[str, int] = {}
    languages: dict[str, None] = {}
    own: list[tuple[int, int]] = []
    cursor = 0
    for i, part in enumerate(parts):
        audio.append(part.audio)
        own.extend((a + cursor, b + cursor) for a, b in part.own)
        phonemes.extend(
            Phoneme(p.phoneme, p.viseme, p.start + cursor, p.end + cursor) for p in part.phonemes
        )
        off = part.text_offset
        words.extend(
            Word(w.text, w.char_start + off, w.char_end + off, w.start + cursor, w.end + cursor)
            for w in part.words
        )
        for k, v in part.unknown_phonemes.items():
            unknown[k] = unknown.get(k, 0) + v
        for lang in part.language.split("+"):
            if lang:
                languages[lang] = None
        cursor += part.num_samples
        if after[i] > 0:
            audio.append(np.zeros(after[i], np.int16))
            phonemes.append(Phoneme("_", Viseme.SIL, cursor, cursor + after[i]))
            cursor += after[i]
    return Utterance(
        text=text,
        audio=np.concatenate(audio) if audio else np.zeros(0, np.int16),
        sample_rate=SAMPLE_RATE,
        phonemes=phonemes,
        words=words,
        language="+".join(languages),
        unknown_phonemes=unknown,
        own=tuple(own),
    )


def available_engines() -> list[str]:
    """Names accepted by :func:`get_engine`."""
    return list(_ENGINES)


def get_engine(name: str, **options: Any) -> SpeechEngine:
    """The engine called ``name`` ("espeak", "piper", "coqui"); ``options`` go to its
    constructor (e.g. ``cache=SynthesisCache()``, ``model_dir=`` for coqui)."""
    target = _ENGINES.get(name.strip().lower())
    if target is None:
        raise InputError(f"Unknown speech engine {name!r}.", f"use one of: {', '.join(_ENGINES)}")
    module_name, cls_name = target.split(":")
    cls = getattr(importlib.import_module(module_name), cls_name)
    return cls(**options)


def has_han(text: str) -> bool:
    """True when ``text`` has a Han character (Chinese to speak)."""
    return any("CJK UNIFIED" in unicodedata.name(ch, "") for ch in text)
