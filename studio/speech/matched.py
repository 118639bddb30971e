"""Any engine, voice matched (音色接近) to a presenter: the engine's line, then
:func:`~studio.speech.voice_match.match_voice` toward her profile.

A wrapper rather than a change to every engine: it speaks with the wrapped engine and
moves the audio afterwards, leaving phoneme and word times as they were (matching keeps
every sample's time). Its :meth:`model_id` carries the target profile and the matcher's
version, so the synthesis cache never hands a stock line to a matched show or one
presenter's line to another.

The stock voice's own profile (what the line is moved *from*) is measured once per
engine, voice, language and pitch on a fixed calibration text, and kept for the process;
so is the EQ from that text, once matched, to her long-term spectrum, and -- when her
voice reference is analysed (a :class:`~studio.speech.knn_match.VoicePool`, for
frame-by-frame matching) -- the stock voice's feature statistics on that matched text.
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
from studio.speech.knn_match import FeatureStats, VoicePool, feature_stats
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
_features: dict[tuple, FeatureStats | None] = {}
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


def stock_features(
    engine: SpeechEngine,
    settings: Settings,
    target: VoiceProfile,
    tag: str,
    pool: VoicePool,
) -> FeatureStats | None:
    """The stock voice's feature mean and spread for frame matching, on its calibration
    text matched to ``target`` (once per process, voice and target): a line is placed
    against her frames by how it differs from its own voice, not by its content."""
    key = (*_stock_key(engine, settings), tag)
    with _stock_lock:
        if key in _features:
            return _features[key]
    stock, audio = _calibrated(engine, settings)
    eq = colour(engine, settings, target, tag)
    stats = feature_stats(match_voice(audio, stock, target, colour_db=eq), pool)
    with _stock_lock:
        _features[key] = stats
    return stats


class MatchedEngine(WrappingEngine):
    """``inner`` speaking, moved toward ``target`` (the presenter's voice profile) and,
    with ``pool`` (her analysed voice reference), frame by frame toward her frames."""

    def __init__(
        self, inner: SpeechEngine, target: VoiceProfile, pool: VoicePool | None = None
    ) -> None:
        super().__init__(inner)
        self.target = target
        self.pool = pool
        blob = json.dumps(target.to_json(), sort_keys=True).encode()
        self._tag = f"match{MATCH_VERSION}:{hashlib.sha256(blob).hexdigest()[:16]}"
        if pool is not None:
            self._tag += f":knn{pool.digest}"

    def model_id(self) -> str:
        return f"{self.inner.model_id()}|{self._tag}"

    def warm(self, voice: str | None = None, language: str = "auto") -> None:
        """Measure the stock voice and the EQ now (about a second, once per process), so
        the first line a live room is asked for is not the one that waits for it."""
        settings = Settings(language, voice, DEFAULT_RATE, DEFAULT_PITCH, DEFAULT_VOLUME)
        self.inner.check(settings)
        colour(self.inner, settings, self.target, self._tag)
        if self.pool is not None:
            stock_features(self.inner, settings, self.target, self._tag, self.pool)

    def speak(self, text: str, settings: Settings) -> Utterance:
        utt = self.inner.speak(text, settings)
        stock = stock_profile(self.inner, settings)
        eq = colour(self.inner, settings, self.target, self._tag)
        stats = (
            None
            if self.pool is None
            else stock_features(self.inner, settings, self.target, self._tag, self.pool)
        )
        audio = match_voice(
            utt.audio,
            stock,
            self.target,
            utt.sample_rate,
            colour_db=eq,
            pool=self.pool,
            pool_stats=stats,
        )
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


def matched(
    engine: SpeechEngine, target: VoiceProfile | None, pool: VoicePool | None = None
) -> SpeechEngine:
    """``engine`` matched to ``target`` (and frame by frame to ``pool``, her analysed
    voice reference, when there is one), or ``engine`` itself when there is no target."""
    return engine if target is None else MatchedEngine(engine, target, pool)
