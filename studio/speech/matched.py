"""Any engine, voice matched (音色接近) to a presenter: the engine's line, then
:func:`~studio.speech.voice_match.match_voice` toward her profile.

A wrapper rather than a change to every engine: it speaks with the wrapped engine and
moves the audio afterwards, leaving phoneme and word times as they were (matching keeps
every sample's time). Its :meth:`model_id` carries the target profile and the matcher's
version, so the synthesis cache never hands a stock line to a matched show or one
presenter's line to another.

The stock voice's own profile (what the line is moved *from*) is measured once per
engine, voice, language and pitch on a fixed calibration text, and kept for the process;
so is the EQ from that text, once matched, to her long-term spectrum.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from dataclasses import replace

import numpy as np

from studio.core.errors import InputError
from studio.phonetics.utterance import Utterance
from studio.speech.engine import (
    DEFAULT_PITCH,
    DEFAULT_RATE,
    DEFAULT_VOLUME,
    Settings,
    SpeechEngine,
    WrappingEngine,
)
from studio.speech.voice_match import colour_correction, match_voice
from studio.speech.voice_profile import VoiceProfile, estimate_profile

log = logging.getLogger(__name__)

#: bump when match_voice changes what it makes (cached matched lines are then remade)
MATCH_VERSION = 2

CALIBRATION = {
    "zh": "大家好，欢迎来到直播间。今天给大家带来几款好物，价格都很实惠，"
    "喜欢的朋友点点关注，有问题可以在评论区问我。",
    "en": "Hello everyone, and welcome to the live room. Today I have a few great products "
    "for you, all at a very good price. Follow us, and ask me anything in the comments.",
}

_stock: dict[tuple, tuple[VoiceProfile, np.ndarray]] = {}
_colour: dict[tuple, np.ndarray] = {}
_stock_lock = threading.Lock()


def _stock_key(engine: SpeechEngine, settings: Settings) -> tuple:
    return (engine.name, engine.model_id(), settings.voice, settings.language, settings.pitch)


def stock_profile(engine: SpeechEngine, settings: Settings) -> VoiceProfile:
    """The engine voice's own profile (measured once per process on the calibration text)."""
    return _calibrated(engine, settings)[0]


def _calibrated(engine: SpeechEngine, settings: Settings) -> tuple[VoiceProfile, np.ndarray]:
    """The stock voice's profile and the calibration audio it was measured on."""
    key = _stock_key(engine, settings)
    with _stock_lock:
        found = _stock.get(key)
    if found is not None:
        return found
    order = ("en", "zh") if settings.language == "en" else ("zh", "en")
    profile, audio = None, np.zeros(0, np.int16)
    for lang in order:
        try:
            utt = engine.synthesize(
                CALIBRATION[lang],
                language=settings.language,
                voice=settings.voice,
                pitch=settings.pitch,
            )
        except InputError:  # e.g. an English-only voice asked for the Chinese text
            continue
        profile, audio = estimate_profile(utt.audio, utt.sample_rate), utt.audio
        if profile is not None:
            break
    if profile is None:
        raise InputError(
            f"the {engine.name} voice could not be measured for voice matching",
            "turn voice matching off for this room ([voice] match = false) or pick another voice",
        )
    log.info("stock voice %s/%s: %s", engine.name, settings.voice or "-", profile.to_json())
    with _stock_lock:
        _stock[key] = (profile, audio)
    return profile, audio


def colour(engine: SpeechEngine, settings: Settings, target: VoiceProfile, tag: str) -> np.ndarray:
    """The EQ (dB per band) from the matched stock voice to ``target`` (measured once per
    process, voice and target: see :func:`~studio.speech.voice_match.colour_correction`)."""
    key = (*_stock_key(engine, settings), tag)
    with _stock_lock:
        found = _colour.get(key)
    if found is not None:
        return found
    stock, audio = _calibrated(engine, settings)
    eq = colour_correction(audio, stock, target)
    with _stock_lock:
        _colour[key] = eq
    return eq


class MatchedEngine(WrappingEngine):
    """``inner`` speaking, moved toward ``target`` (the presenter's voice profile)."""

    def __init__(self, inner: SpeechEngine, target: VoiceProfile) -> None:
        super().__init__(inner)
        self.target = target
        blob = json.dumps(target.to_json(), sort_keys=True).encode()
        self._tag = f"match{MATCH_VERSION}:{hashlib.sha256(blob).hexdigest()[:16]}"

    def model_id(self) -> str:
        return f"{self.inner.model_id()}|{self._tag}"

    def warm(self, voice: str | None = None, language: str = "auto") -> None:
        """Measure the stock voice and the EQ now (about a second, once per process), so
        the first line a live room is asked for is not the one that waits for it."""
        settings = Settings(language, voice, DEFAULT_RATE, DEFAULT_PITCH, DEFAULT_VOLUME)
        self.inner.check(settings)
        colour(self.inner, settings, self.target, self._tag)

    def speak(self, text: str, settings: Settings) -> Utterance:
        utt = self.inner.speak(text, settings)
        stock = stock_profile(self.inner, settings)
        eq = colour(self.inner, settings, self.target, self._tag)
        audio = match_voice(utt.audio, stock, self.target, utt.sample_rate, colour_db=eq)
        return replace(utt, audio=audio)


def describe(engine: SpeechEngine) -> str:
    """How a room speaks, for its status: the engine, and whether it is voice matched
    (a wrapper that says more of itself, her recorded lines, comes first)."""
    own = getattr(engine, "describe", None)
    inner = getattr(engine, "inner", None)
    if callable(own) and isinstance(inner, SpeechEngine):
        said = own()  # "" when the wrapper adds nothing now (her lines: none recorded yet)
        return f"{said}: {describe(inner)}" if said else describe(inner)
    if isinstance(engine, MatchedEngine):
        return f"{engine.inner.name}, voice matched (音色接近)"
    return f"{engine.name}, stock voice"


def matched(engine: SpeechEngine, target: VoiceProfile | None) -> SpeechEngine:
    """``engine`` matched to ``target``, or ``engine`` itself when there is no target."""
    return engine if target is None else MatchedEngine(engine, target)
