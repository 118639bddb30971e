"""Speech look-ahead: synthesise the next entries of the queue before they are due.

A worker thread keeps the entry on air and the next few prepared (TTS for text, decode
for clips), keyed by the entries' stable keys. The director takes them when it places
them on the timeline; a failed synthesis is logged and the entry marked failed, so the
show skips it instead of stalling.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from studio.core.timeline import FrameRate
from studio.runtime.prepared import PreparedItem, clip_item, silence_item, speak
from studio.show.items import ItemKind
from studio.show.queue import Entry, Queue
from studio.speech.engine import SpeechEngine, get_engine

log = logging.getLogger(__name__)

FAILED = object()  # marker: this entry could not be prepared


class LookAhead:
    def __init__(
        self,
        queue: Queue,
        engine: SpeechEngine,
        fps: FrameRate,
        depth: int = 3,
        voice: str | None = None,
        on_error: Callable[[Entry, BaseException], None] | None = None,
        avatar=None,
    ) -> None:
        """``avatar``: a video avatar, whose own viseme shapes (and fine-tuned audio model)
        the mouths are prepared for; None for photo avatars (the neutral table)."""
        self.queue, self.engine, self.fps, self.depth, self.voice = queue, engine, fps, depth, voice
        self.avatar = avatar
        self.targets = avatar.mouth_bank.viseme_targets() if avatar is not None else None
        self._reference: SpeechEngine | None = None  # eSpeak NG, for clips with their text
        self._ready: dict[str, object] = {}
        self._cond = threading.Condition()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._on_error = on_error
        self._thread = threading.Thread(target=self._run, name="speech-lookahead", daemon=True)
        self.prepared_count = 0
        self.failed_count = 0
        # Told what is coming (all kinds, before speech is made): the director fits the
        # try-on assets of product switches ahead of them.
        self.on_upcoming: Callable[[list[Entry]], None] | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def poke(self) -> None:
        """The queue changed: look again now."""
        self._wake.set()

    def prepare_now(self, entry: Entry) -> PreparedItem | None:
        """Prepare on the caller's thread (an urgent entry not prepared yet)."""
        item = self._prepare(entry)
        return item if isinstance(item, PreparedItem) else None

    def prepare_into_cache(self, entry: Entry) -> PreparedItem | object:
        """Prepare ``entry`` on the caller's thread and keep it for ``take`` (files: every
        item is made before the first frame; run without the worker, which would drop
        what is beyond its depth)."""
        item = self._prepare(entry)
        with self._cond:
            self._ready[entry.key] = item
            self._cond.notify_all()
        return item

    def take(self, key: str, wait_s: float = 0.0) -> PreparedItem | None | object:
        """The prepared item, FAILED, or None when it is not ready (after ``wait_s``)."""
        with self._cond:
            if key not in self._ready and wait_s > 0:
                self._wake.set()
                self._cond.wait_for(lambda: key in self._ready or self._stop.is_set(), wait_s)
            return self._ready.pop(key, None)

    def _wanted(self) -> list[Entry]:
        entries = []
        current = self.queue.current()
        if current is not None:
            entries.append(current)
        entries += self.queue.peek(self.depth)
        if self.on_upcoming is not None:
            try:
                self.on_upcoming(entries)
            except Exception:  # a try-on fit must never stop speech from being made
                log.exception("look-ahead: preparing what is coming failed")
        return [e for e in entries if e.kind in (ItemKind.TEXT, ItemKind.CLIP, ItemKind.PAUSE)]

    def _run(self) -> None:
        warm = getattr(self.engine, "warm", None)  # a voice-matched engine measures first
        if warm is not None:
            try:
                warm(self.voice)
            except Exception:  # the lines themselves will say what is wrong
                log.exception("look-ahead: preparing the voice match failed")
        while not self._stop.is_set():
            try:
                wanted = self._wanted()
            except Exception:  # the store is busy or closing: try again shortly
                log.exception("look-ahead could not read the queue")
                wanted = []
            keys = {e.key for e in wanted}
            with self._cond:
                for stale in [k for k in self._ready if k not in keys]:
                    del self._ready[stale]
                todo = [e for e in wanted if e.key not in self._ready]
            for entry in todo:
                if self._stop.is_set():
                    return
                item = self._prepare(entry)
                with self._cond:
                    self._ready[entry.key] = item
                    self._cond.notify_all()
            self._wake.wait(timeout=0.5)
            self._wake.clear()

    def reference(self) -> SpeechEngine:
        """The engine a clip's transcript is spoken by to align it: always eSpeak NG
        (exact phoneme times in Mandarin, English and both), whatever the room speaks."""
        if self._reference is None:
            self._reference = get_engine("espeak", cache=self.engine.cache)
        return self._reference

    def _prepare(self, entry: Entry) -> PreparedItem | object:
        try:
            if entry.kind is ItemKind.TEXT:
                spoken = entry.spoken
                pauses = spoken.pauses if spoken else ()
                item = speak(
                    self.engine,
                    entry.key,
                    entry.text,
                    pauses,
                    self.fps,
                    self.voice,
                    targets=self.targets,
                )
            elif entry.kind is ItemKind.CLIP and entry.clip is not None:
                transcript = entry.item.text
                item = clip_item(
                    entry.key,
                    entry.clip.path,
                    self.fps,
                    avatar=self.avatar,
                    transcript=transcript,
                    reference=self.reference() if transcript.strip() else None,
                    targets=self.targets,
                )
            else:
                item = silence_item(entry.key, entry.pause_samples, self.fps)
            self.prepared_count += 1
            return item
        except Exception as exc:  # a failed TTS item is skipped and logged, never fatal
            self.failed_count += 1
            log.error("could not prepare %s (%s): %s", entry.key, entry.describe()[:60], exc)
            if self._on_error:
                self._on_error(entry, exc)
            return FAILED
