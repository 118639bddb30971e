"""The director: the live show as a function of the frame number.

It implements the stream stage's ``FrameSource`` (``video(i)``, ``audio(i)``). Frames
are *committed* in order a few slots ahead of the output clock: committing frame i
decides, once and for all, which prepared item (and which of its samples) frame i
carries, so picture and sound always come from the same decision. Items start on frame
boundaries; an urgent insert cuts the item on air at its next word boundary after the
committed horizon, with a short fade; when nothing is ready the avatar idles.

This is the one pipeline: live rooms, the window's preview, `studio render`, `studio
demo` and stills all turn queue items into pictures and sound here, so a feature added
here (try-on, scene switches, subtitles) reaches every output and both avatar kinds.
Offline outputs ask for frames as fast as they are made (``speech_wait_s`` > 0 waits for
speech instead of idling; ``idle_since`` says when the queue ran dry).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from studio.core.timeline import SAMPLE_RATE, FrameRate
from studio.render.compositor import Compositor
from studio.render.context import FrameContext, ProductInfo, SubtitleState
from studio.render.layers.subtitles import subtitle_at
from studio.render.photo_renderer import MouthPose
from studio.runtime.avatar_driver import AvatarDriver
from studio.runtime.lookahead import FAILED, LookAhead
from studio.runtime.outfits import Outfits
from studio.runtime.prepared import PreparedItem
from studio.runtime.stage import Stage
from studio.show.events import (
    Inserted,
    InterruptRequested,
    ItemEnded,
    PlaylistChanged,
    StateChanged,
    UpcomingChanged,
)
from studio.show.items import ItemKind
from studio.show.products import Product
from studio.show.queue import Entry, Queue

log = logging.getLogger(__name__)

FADE_SAMPLES = SAMPLE_RATE // 100  # 10 ms fade where an item is cut
GAP_FRAMES = 2  # breath between items
IDLE_RECHECK_FRAMES = 12  # how often an idle show asks the queue again
KEEP_SLOTS = 64
# Queue events after which an idle show asks for something to play.
WAKES_AN_IDLE_SHOW = (Inserted, UpcomingChanged, PlaylistChanged, StateChanged)


@dataclass
class Placed:
    """A prepared item placed on the timeline from ``start_frame``; ``end`` in samples
    relative to the item (shortened when cut)."""

    entry: Entry
    item: PreparedItem
    start_frame: int
    start_sample: int
    end: int


@dataclass(frozen=True)
class Slot:
    placed: Placed | None
    frame_in_item: int  # frame index relative to the item's first frame


def product_info(product: Product | None) -> ProductInfo | None:
    if product is None:
        return None
    return ProductInfo(
        name=product.name,
        price_cents=product.price,
        original_price_cents=product.original_price,
        currency=product.currency if len(product.currency) <= 2 else "¥",
        image=product.images[0] if product.images else "",
        stock=product.stock,
    )


class Director:
    """Commits frames, serves pictures and sound for them, and drives the queue."""

    def __init__(
        self,
        queue: Queue,
        lookahead: LookAhead,
        avatar: AvatarDriver,
        stage: Stage | Compositor,
        fps: FrameRate,
        speech_wait_s: float = 0.0,
        outfits: Outfits | None = None,
    ) -> None:
        """``speech_wait_s``: how long to wait for an item's speech before idling; 0 in
        real time (the show must go on), longer when rendering faster than real time.
        ``stage``: the show's scenes (a lone compositor is a stage of one scene);
        ``outfits``: what the presenter wears, or None to dress her as products ask."""
        self.speech_wait_s = speech_wait_s
        self.stage = stage if isinstance(stage, Stage) else Stage(stage, avatar, fps)
        self.outfits = outfits if outfits is not None else Outfits(avatar, fps)
        self.queue, self.lookahead, self.avatar, self.fps = queue, lookahead, avatar, fps
        self._lock = threading.RLock()
        self._slots: OrderedDict[int, Slot] = OrderedDict()
        self._horizon = 0  # next frame to commit
        self._current: Placed | None = None
        self._started = False
        self._need_advance: str | None = None  # how to end the entry on air: done|cut
        self._cut_requested = False
        self._skip_now = False
        self._idle_until = 0
        self._waiting: Entry | None = None  # on air but not prepared yet
        self._queue_changed = True  # an idle show asks the queue again (see _idle_entry)
        self._idle_seen: tuple[str, int, int] | None = None
        self._product: ProductInfo | None = None
        # Changes the render thread applies when it reaches their frame, in order.
        self._changes: list[tuple[int, str, object]] = []  # (frame, "scene"|"outfit", what)
        self._speaking = 0.0
        self.last_mouth = MouthPose()  # what the last frame asked of the presenter
        self.items_played = 0
        self.items_failed = 0
        # seconds of speech played, and of them in her own recorded voice (voice lines)
        self.spoken_samples = 0
        self.own_samples = 0
        self.render_errors = 0
        self.idle_since: int | None = None  # first frame of the idle that has lasted since
        self._last_good: np.ndarray | None = None
        self.interrupt_latency_frames: list[int] = []
        self._interrupt_at: int | None = None
        # Called as (entry, first frame) when an item is placed on the timeline (the
        # audience desk measures when an answer reaches the stream).
        self.placed_hooks: list[Callable[[Entry, int], None]] = []
        self._unsubscribe = queue.subscribe(self._on_event)
        lookahead.on_upcoming = self._upcoming

    @property
    def compositor(self) -> Compositor:
        """The scene on screen now."""
        return self.stage.compositor

    # -- queue events (any thread) ----------------------------------------------------
    def _on_event(self, event: object) -> None:
        with self._lock:
            if isinstance(event, WAKES_AN_IDLE_SHOW):
                self._queue_changed = True
            if isinstance(event, InterruptRequested):
                self._interrupt_at = self._horizon
                if self._current is not None:
                    self._cut_requested = True
                elif self._waiting is not None:  # nothing of it was heard: end it now
                    self._waiting = None
                    self._need_advance = "cut"
            elif isinstance(event, ItemEnded) and event.how == "skipped":
                if self._current is not None and event.entry.key == self._current.entry.key:
                    self._skip_now = True
                elif self._waiting is not None and event.entry.key == self._waiting.key:
                    self._waiting = None
                    self._need_advance = None  # the queue already moved on
        self.lookahead.poke()

    def close(self) -> None:
        self._unsubscribe()
        self.outfits.close()

    def _upcoming(self, entries: list[Entry]) -> None:
        """The look-ahead saw these coming: fit the try-on assets of product switches."""
        for entry in entries:  # a product switch, or a line about a product
            if entry.product is not None and entry.product.tryon_asset:
                self.outfits.prepare(entry.product.tryon_asset)

    # -- FrameSource -----------------------------------------------------------------
    def audio(self, index: int) -> np.ndarray:
        slot = self._slot(index)
        n = self.fps.samples_in_frame(index)
        if slot.placed is None:
            return np.zeros(n, dtype=np.int16)
        p = slot.placed
        a = self.fps.frame_start_sample(index) - p.start_sample
        b = a + n
        out = np.zeros(n, dtype=np.int16)
        end = min(b, p.end, p.item.num_samples)
        if end > a:
            out[: end - a] = p.item.audio[a:end]
        return out

    def video(self, index: int) -> np.ndarray:
        slot = self._slot(index)
        mouth, subtitle = MouthPose(), None
        p = slot.placed
        if p is not None:
            k = slot.frame_in_item
            track = p.item.mouth
            if 0 <= k < len(track) and self.fps.frame_start_sample(k) < p.end:
                mouth = MouthPose(float(track.open[k]), float(track.width[k]))
            middle = self.fps.frame_start_sample(k) + self.fps.samples_in_frame(k) // 2
            subtitle = subtitle_at(p.item.text, p.item.words, middle)
        self._speaking = 0.9 * self._speaking + 0.1 * (1.0 if mouth.open > 0.03 else 0.0)
        self.last_mouth = mouth
        with self._lock:
            product = self._product
            due = [c for c in self._changes if c[0] <= index]
            self._changes = [c for c in self._changes if c[0] > index]
        try:
            for _, what, arg in due:  # scene cuts and changes of clothes, on this thread
                if what == "scene":
                    self.stage.switch(str(arg), index)
                else:
                    self.outfits.show_product(arg, index)  # type: ignore[arg-type]
            out = self._frame(index, mouth, subtitle, product)
        except Exception:
            # A render fault must not stop the show: repeat the last good picture (the
            # audio goes on) and count it; the supervisor sees the count in /health.
            self.render_errors += 1
            if self.render_errors <= 3 or self.render_errors % 250 == 0:
                log.exception("frame %d failed to render (%d so far)", index, self.render_errors)
            if self._last_good is None:
                return np.zeros((self.stage.height, self.stage.width, 3), dtype=np.uint8)
            return self._last_good
        self._last_good = out
        return out

    def _frame(
        self,
        index: int,
        mouth: MouthPose,
        subtitle: SubtitleState | None,
        product: ProductInfo | None,
    ) -> np.ndarray:
        """Frame ``index``: the presenter, her outfit, the scene's layers."""
        frame, alpha = self.avatar.render(index, mouth, self._speaking)
        outfit = self.outfits.render(index, self.avatar.base_index(index))
        ctx = FrameContext(index, frame, alpha, outfit, subtitle, product)
        return self.stage.compose(ctx)

    def still(
        self,
        subtitle: SubtitleState | None = None,
        product: ProductInfo | None = None,
        mouth: MouthPose | None = None,
        index: int = 0,
    ) -> np.ndarray:
        """One picture of the show as it stands, with the given caption and card (stills
        and layout work): the same path as every frame of a show."""
        return self._frame(index, mouth or MouthPose(), subtitle, product)

    # -- live control (any thread) -----------------------------------------------------
    def interrupt(self) -> None:
        """Cut the item on air at its next word boundary and go on with the queue."""
        with self._lock:
            if self._current is not None:
                self._cut_requested = True
                self._interrupt_at = self._horizon

    def show_product(self, product: Product | None) -> None:
        """Put a product on the card now (the queue's context follows at its switch item)."""
        with self._lock:
            self._set_product(product, self._horizon)

    def switch_scene(self, name: str) -> None:
        """Cut to scene ``name`` now (the window's scene picker; see ``Stage``)."""
        with self._lock:
            self._changes.append((self._horizon, "scene", name))

    def _set_product(self, product: Product | None, frame: int) -> None:
        """The card shows it; the presenter changes into its try-on asset, if it names one."""
        self._product = product_info(product)
        if product is not None:  # its try-on asset, or back to the scene's outfit
            self._changes.append((frame, "outfit", product.tryon_asset or None))

    @property
    def card(self) -> str:
        """The name of the product on the card now ("" for none)."""
        with self._lock:
            return self._product.name if self._product is not None else ""

    @property
    def now_own_share(self) -> float | None:
        """The share of the line on air in her own recorded voice (None: no line)."""
        with self._lock:
            cur = self._current
            return round(cur.item.own_share, 3) if cur is not None and cur.item.text else None

    @property
    def now_playing(self) -> str:
        with self._lock:
            return self._current.item.text if self._current is not None else ""

    # -- committing ------------------------------------------------------------------
    def _slot(self, index: int) -> Slot:
        with self._lock:
            while self._horizon <= index:
                self._commit(self._horizon)
                self._horizon += 1
            slot = self._slots.get(index)
            while len(self._slots) > KEEP_SLOTS:
                self._slots.popitem(last=False)
        return slot if slot is not None else Slot(None, 0)

    def _commit(self, f: int) -> None:
        start_sample = self.fps.frame_start_sample(f)
        cur = self._current
        if cur is not None:
            if self._skip_now:
                self._cut(cur, start_sample - cur.start_sample)
                self._skip_now = False
                self._need_advance = None  # the queue has already moved on
            elif self._cut_requested:
                self._cut(cur, self._next_word_end(cur, start_sample - cur.start_sample))
                self._need_advance = "cut"
            self._cut_requested = False
            if start_sample - cur.start_sample < cur.end:
                self._slots[f] = Slot(cur, f - cur.start_frame)
                return
            self._finish(cur, f)
        self._slots[f] = Slot(self._place_next(f), 0)

    def _finish(self, cur: Placed, f: int) -> None:
        self._current = None
        self.items_played += 1
        if cur.item.text:
            self.spoken_samples += cur.item.num_samples
            self.own_samples += cur.item.own_samples
        self._idle_until = f + GAP_FRAMES

    def _place_next(self, f: int) -> Placed | None:
        if f < self._idle_until:
            return None
        entry = self._next_entry()
        for _ in range(16):  # product/scene switches take no time: apply and go on
            if entry is None:
                self._idle_until = f + IDLE_RECHECK_FRAMES
                if self._waiting is None and self.idle_since is None:
                    self.idle_since = f
                return None
            if entry.kind is ItemKind.PRODUCT:
                self._set_product(entry.product, f)
                entry = self._advance("done", entry)
                continue
            if entry.kind is ItemKind.SCENE:
                self._changes.append((f, "scene", entry.item.scene))
                entry = self._advance("done", entry)
                continue
            break
        else:
            return None
        self.idle_since = None
        if entry.product is not None and (
            self._product is None or entry.product.name != self._product.name
        ):  # a line about another product presents it: card, and its try-on if it has one
            self._set_product(entry.product, f)
        item = self.lookahead.take(entry.key, self.speech_wait_s)
        if item is None:
            item = self.lookahead.prepare_now(entry) if entry.urgent else None
        if item is None:  # not synthesised yet: idle a frame, try again
            self._waiting = entry
            return None
        self._waiting = None
        if self._interrupt_at is not None and entry.urgent:
            self.interrupt_latency_frames.append(f - self._interrupt_at)
            self._interrupt_at = None
        if item is FAILED:
            self.items_failed += 1
            self._need_advance = "done"
            return None
        assert isinstance(item, PreparedItem)
        placed = Placed(entry, item, f, self.fps.frame_start_sample(f), item.num_samples)
        for hook in self.placed_hooks:
            hook(entry, f)
        self._plan_mouth(placed)
        self._current = placed
        self._need_advance = "done"
        return placed if placed.end > 0 else None

    def _next_entry(self) -> Entry | None:
        if self._waiting is not None:
            return self._waiting
        if not self._started:
            self._started = True
            return self.queue.start()
        how, self._need_advance = self._need_advance, None
        if how is not None:
            return self._advance(how, None)
        return self._idle_entry()

    def _idle_entry(self) -> Entry | None:
        """Nothing of ours is on air: the entry the queue put on air by itself (a skip
        starts the next one), else start the next playable one, but only when something
        changed since we last asked: a queue event (an insert, a resume), the schedule
        putting another playlist on air, or a write to the database by anyone else (an
        import, another process). Asking on every recheck would re-check, and re-audit,
        a playlist whose lines are all blocked twice a second."""
        current = self.queue.current()
        if current is not None:
            return current
        seen = self._idle_state()
        if not self._queue_changed and seen == self._idle_seen:
            return None
        self._queue_changed = False
        entry = self.queue.next_if_idle()
        self._idle_seen = self._idle_state()  # our own writes are not news
        return entry

    def _idle_state(self) -> tuple[str, int, int]:
        store = self.queue.store
        return (self.queue.active_playlist_name(), store.data_version(), store.commits)

    def _advance(self, how: str, entry: Entry | None) -> Entry | None:
        current_id = entry.id if entry is not None else (self._last_id())
        return self.queue.advance(how, current_id=current_id)

    def _last_id(self) -> int | None:
        cur = self.queue.current()
        return cur.id if cur is not None else None

    # -- cutting ---------------------------------------------------------------------
    @staticmethod
    def _next_word_end(p: Placed, at: int) -> int:
        """The first word boundary at or after sample ``at`` of the item (or ``at``)."""
        for w in p.item.words:
            if w.end >= at:
                return max(at, w.end)
        return at

    def _cut(self, p: Placed, at: int) -> None:
        at = max(0, min(at, p.end))
        if at >= p.end:
            return
        audio = p.item.audio[:at].copy()
        fade = min(FADE_SAMPLES, len(audio))
        if fade:
            audio[-fade:] = (audio[-fade:] * np.linspace(1.0, 0.0, fade)).astype(np.int16)
        p.item.audio = audio
        p.end = at
        self._plan_mouth(p)

    def _plan_mouth(self, p: Placed) -> None:
        """Tell the avatar what the mouth does over the item's frames (up to its end)."""
        n = self.fps.frames_for_samples(p.end)
        track = p.item.mouth
        try:
            self.avatar.prepare(
                replace(track, open=track.open[:n], width=track.width[:n]), p.start_frame
            )
        except Exception:  # the renderer falls back to frame-by-frame choice
            log.exception("could not plan the mouth for %s", p.entry.key)
