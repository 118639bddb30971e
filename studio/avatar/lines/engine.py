"""The engine a presenter with recorded lines speaks through: her lines first, TTS for
the rest.

A wrapper like :class:`~studio.speech.matched.MatchedEngine`: it is a
:class:`~studio.speech.engine.SpeechEngine`, so the show, ``studio render``, a live room
and ``studio tts --avatar`` all get it from the one place an engine is built, and the
checks, normalisation, sentence streaming and cache come from the base class. Its
``speak`` gets one normalised piece (numbers already words), covers it with her pieces
(:mod:`.cover`), has the wrapped engine (her voice pack, voice matched) say the rest,
and joins them (:mod:`.join`). Its :meth:`model_id` carries a digest of her lines, so a
re-read line is never served from the cache as the old one. Lines she reads while the
show runs (the window's 录真人声音…) are picked up before its next line: the index's
stamp is compared before each piece, and the lines re-read when it moved.
"""

from __future__ import annotations

import logging
import math
import threading

from studio.avatar.lines.clip import cut
from studio.avatar.lines.cover import Inventory, Piece, plan_cover
from studio.avatar.lines.join import Part, join_parts, match_levels, match_pitch
from studio.avatar.lines.sheet import PUNCTUATION
from studio.avatar.lines.store import OwnLines, index_stamp, load_lines
from studio.avatar.names import avatar_dir
from studio.core.errors import InputError
from studio.core.timeline import SAMPLE_RATE
from studio.phonetics.utterance import Utterance, Word
from studio.speech.engine import Settings, SpeechEngine, WrappingEngine
from studio.speech.voices import trim_pauses

log = logging.getLogger(__name__)

#: bump when the cover or the join changes what they make (cached lines are remade)
LINES_VERSION = 1
TTS_LEAD_MS, TTS_TAIL_MS = 5, 20


class OwnLinesEngine(WrappingEngine):
    """``inner`` speaking, with every part she has recorded said in her own voice."""

    def __init__(self, inner: SpeechEngine, lines: OwnLines, avatar: str = "") -> None:
        super().__init__(inner)
        self.avatar = avatar  # "": the lines given are all there is (no re-reading)
        self._stamp = index_stamp(avatar) if avatar else None
        self._reading = threading.Lock()  # the show's thread and a status request may both look
        self.lines = lines
        self.inventory = Inventory(lines)

    def refresh(self) -> None:
        """Re-read her lines when their index changed since they were read."""
        if not self.avatar:
            return
        with self._reading:
            stamp = index_stamp(self.avatar)
            if stamp == self._stamp:
                return
            self._stamp = stamp
            lines = load_lines(self.avatar)
            self.inventory, self.lines = Inventory(lines), lines
        log.info("presenter %s now has %d recorded lines", self.avatar, len(self.lines))

    def model_id(self) -> str:
        self.refresh()
        if not self.lines:  # nothing of hers yet: the wrapped engine's lines, its cache
            return self.inner.model_id()
        return f"{self.inner.model_id()}|lines{LINES_VERSION}:{self.lines.digest}"

    def voice_key(self, voice: str | None) -> str:
        return self.inner.voice_key(voice)

    def warm(self, voice: str | None = None, language: str = "auto") -> None:
        """The wrapped engine's own preparation (a voice match measures its voice)."""
        warm = getattr(self.inner, "warm", None)
        if warm is not None:
            warm(voice, language)

    def describe(self) -> str:
        """How the room speaks, for its status ("" while she has no recorded lines)."""
        self.refresh()
        return f"her own lines ({len(self.lines)}), then TTS" if self.lines else ""

    def speak(self, text: str, settings: Settings) -> Utterance:
        self.refresh()
        pieces = plan_cover(text, self.inventory)
        if not any(p.unit is not None for p in pieces):
            return self.inner.speak(text, settings)
        utt, _ = self.compose(text, pieces, settings)
        log.info(
            "her voice: %.0f%% of %r (%s)",
            100 * utt.own_share,
            text[:40],
            " + ".join(_label(text, p) for p in pieces),
        )
        return utt

    def compose(
        self, text: str, pieces: list[Piece], settings: Settings, *, match: bool = True
    ) -> tuple[Utterance, list[tuple[int, int]]]:
        """``pieces`` said and joined; with the sample span of each part in the result
        (for measuring the joins). ``match=False`` leaves levels and pitch as they are
        (the baseline the benchmark compares with)."""
        parts = [self._part(text, p, settings) for p in pieces]
        parts = [p for p in parts if p.utterance.num_samples]
        if match:  # her usual level, moved by the volume asked for (100: as she read)
            volume_db = 20.0 * math.log10(max(settings.volume, 1) / 100.0)
            match_levels(parts, self.lines.level_db + volume_db)
            match_pitch(parts, self.lines.f0_hz)
        return join_parts(text, parts)

    def _part(self, text: str, piece: Piece, settings: Settings) -> Part:
        unit = piece.unit
        if unit is None:
            utt = self.inner.speak(text[piece.start : piece.end], settings)
            lead = SAMPLE_RATE * TTS_LEAD_MS // 1000
            utt = trim_pauses(utt, lead, SAMPLE_RATE * TTS_TAIL_MS // 1000)
            return Part(utt, piece.start, piece.end, hers=False)
        own = cut(
            unit.line.utterance,
            unit.start,
            unit.end,
            char_start=unit.char_start,
            char_end=unit.char_end,
        )
        words = _moved_words(own.words, own.text, text, piece.start)
        utt = Utterance(
            text=text[piece.start : piece.end],
            audio=own.audio,
            phonemes=own.phonemes,
            words=words,
            language="zh",
        )
        return Part(utt, piece.start, piece.end, hers=True)


def _moved_words(words: list[Word], source: str, text: str, at: int) -> list[Word]:
    """Her words, with offsets into her line's text, as offsets into ``text`` (relative to
    ``at``, where the same characters start there; punctuation may differ)."""
    src = [i for i, ch in enumerate(source) if ch not in PUNCTUATION]
    dst = [i for i, ch in enumerate(text) if ch not in PUNCTUATION and i >= at]
    where = {s: d - at for s, d in zip(src, dst, strict=False)}
    out = []
    for w in words:
        inside = [where[i] for i in range(w.char_start, w.char_end) if i in where]
        if inside:
            a, b = inside[0], inside[-1] + 1
            out.append(Word(text[at + a : at + b], a, b, w.start, w.end))
    return out


def _label(text: str, piece: Piece) -> str:
    said = text[piece.start : piece.end]
    return f"her {piece.unit.line.id}" if piece.unit is not None else f"TTS {said[:12]!r}"


def with_own_lines(engine: SpeechEngine, avatar: str) -> SpeechEngine:
    """``engine`` with avatar ``avatar``'s recorded lines first -- also when she has none
    yet, so lines she reads during the show are used -- or ``engine`` itself for the demo
    presenter and for an avatar given as a path (no lines are kept for those)."""
    if not avatar or avatar == "demo" or not _stored(avatar):
        return engine
    lines = load_lines(avatar)
    log.info("presenter %s speaks her %d recorded lines where she can", avatar, len(lines))
    return OwnLinesEngine(engine, lines, avatar)


def _stored(avatar: str) -> bool:
    try:
        return (avatar_dir(avatar) / "manifest.json").is_file()
    except InputError:  # a path or an odd name is not a stored avatar
        return False


__all__ = ["OwnLinesEngine", "with_own_lines"]
