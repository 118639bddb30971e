"""What the presenter wears in a show: the scene's outfit and products' try-on assets, on
either avatar kind, fitted off the render thread.

A fit maps a garment onto every base frame of the presenter once (seconds for a cloned
presenter's loop); after it, a frame costs one warp and one blend. It is made once per
presenter, garment and settings in the process (studio.tryon.fitcache): the next render,
still or show that wears it takes the same fit. Fits run in one worker thread so a
product switch never stalls the picture: the change of clothes starts when its fit is
ready (in a live show, where the render thread never fits) or the render waits for it
(``wait``: files and stills, which must come out the same every time). Fits are made in
the pixels the presenter was rendered in when the first one was made; a later scene
(another size, a close-up) draws them through the transform between the two framings.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from studio.core.errors import StudioError
from studio.core.timeline import FrameRate
from studio.render.context import TryOnDrawable
from studio.runtime.avatar_driver import AvatarDriver, Similarity
from studio.tryon.asset import TryOnAsset, load_asset
from studio.tryon.layer import TRANSITION_MS, TryOnLayer

log = logging.getLogger(__name__)


FIT_NICENESS = 10


def lower_priority(niceness: int = FIT_NICENESS) -> None:
    """Run this thread at a lower CPU priority (Linux schedules threads one by one); a
    no-op where that cannot be done."""
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), niceness)


class Transformed:
    """A try-on frame fitted in one framing, drawn on another (see the module)."""

    def __init__(self, inner: TryOnDrawable, rel: Similarity) -> None:
        self.inner, self.rel = inner, rel

    def draw(self, frame: np.ndarray, x: int, y: int, scale: float = 1.0) -> None:
        r = self.rel
        self.inner.draw(frame, round(x + r.dx * scale), round(y + r.dy * scale), scale * r.scale)


class Outfits:
    """The presenter's clothes over a show (render thread: ``show_product``, ``render``)."""

    def __init__(
        self,
        driver: AvatarDriver,
        fps: FrameRate,
        base: Sequence[TryOnAsset] = (),
        *,
        transition_ms: int = TRANSITION_MS,
        shading: float = 0.5,
        wait: bool = False,
        strict: bool = False,
    ) -> None:
        """``wait``: a change waits for its fit (files, stills); ``strict``: an asset
        that cannot be worn raises (stills) instead of being logged and left off."""
        self.driver, self.fps = driver, fps
        self.base = tuple(base)
        self.transition_ms, self.shading = transition_ms, shading
        self.wait, self.strict = wait, strict
        self._layer: TryOnLayer | None = None
        self._fitted_in: Similarity | None = None
        self._loaded: dict[str, TryOnAsset | None] = {}
        self._pending: TryOnAsset | None = None  # worn once its fit is ready
        self._jobs: queue.Queue[TryOnAsset | None] = queue.Queue()
        self._asked: set[str] = set()  # fits the worker has still to make
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None
        if self.base:
            self._ensure_layer()

    @property
    def active(self) -> bool:
        return self._layer is not None

    @property
    def waiting_for_fit(self) -> bool:
        """A change of clothes is asked for and its fit is still being made."""
        return self._pending is not None

    # -- the layer, built on first need ------------------------------------------------
    def _ensure_layer(self) -> TryOnLayer:
        if self._layer is None:
            track, frames = self.driver.tryon_track()
            self._fitted_in = self.driver.picture_transform()
            layer = TryOnLayer(
                track,
                self.fps,
                frames=frames,
                base=() if self.strict else self.base,
                transition_ms=self.transition_ms,
                shading=self.shading,
                presenter=self.driver.tryon_key(),
            )
            if self.strict:
                for asset in self.base:
                    layer.wear(asset)
            else:
                for asset in self.base:
                    layer.prepare(asset)
            self._layer = layer
        return self._layer

    # -- changes of clothes ------------------------------------------------------------
    def asset(self, path: str | Path) -> TryOnAsset | None:
        """A product's try-on asset, loaded once (None, logged, when it cannot be)."""
        key = str(path)
        if key not in self._loaded:
            try:
                self._loaded[key] = load_asset(path)
            except StudioError as exc:
                if self.strict:
                    raise
                log.error("try-on: product asset %s cannot be used: %s", key, exc)
                self._loaded[key] = None
        return self._loaded[key]

    def prepare(self, path: str | Path) -> None:
        """Fit a product's asset ahead of time (the look-ahead sees its switch coming)."""
        asset = self.asset(path)
        if asset is not None and not self.wait:
            self._ensure_layer()
            self._submit(asset)

    def show_product(self, path: str | Path | None, frame_no: int) -> None:
        """Wear the product's asset (None: back to the scene's outfit) from ``frame_no``,
        cross-fading; in a live show, from when its fit is ready."""
        asset = self.asset(path) if path else None
        if asset is None and self._layer is None:
            return
        layer = self._ensure_layer()
        if asset is None or self.wait or self._wearable(layer, asset):
            if asset is not None and self.wait:
                layer.prepare(asset)
            layer.set_garment(asset, frame_no)
            self._pending = None
            return
        self._pending = asset
        self._submit(asset)

    @staticmethod
    def _wearable(layer: TryOnLayer, asset: TryOnAsset) -> bool:
        """Wearing it now costs the render thread nothing: its fit is held (or it cannot
        be worn, which ``set_garment`` knows at once and leaves it off)."""
        return layer.holds(asset) or layer.failure(asset) is not None

    def _submit(self, asset: TryOnAsset) -> None:
        layer = self._layer
        if layer is not None and layer.holds(asset):
            return
        with self._lock:
            if asset.key in self._asked:
                return
            self._asked.add(asset.key)
        if self._worker is None:
            self._worker = threading.Thread(target=self._fit_loop, name="try-on-fit", daemon=True)
            self._worker.start()
        self._jobs.put(asset)

    def _fit_loop(self) -> None:
        lower_priority()  # the picture and sound come first: fitting can wait
        while (asset := self._jobs.get()) is not None:
            layer = self._layer
            try:
                if layer is not None:
                    layer.prepare(asset)
            finally:
                with self._lock:
                    self._asked.discard(asset.key)

    def close(self) -> None:
        if self._worker is not None:
            self._jobs.put(None)

    # -- per frame ---------------------------------------------------------------------
    def render(self, frame_no: int, base_index: int) -> TryOnDrawable | None:
        layer = self._layer
        if layer is None:
            return None
        pending = self._pending
        if pending is not None:
            if self._wearable(layer, pending):
                layer.set_garment(pending, frame_no)
                self._pending = None
            else:  # its fit was let go of since (more products since): ask again
                self._submit(pending)
        drawn = layer.render(frame_no, base_index)
        if drawn is None or self._fitted_in is None:
            return drawn
        rel = self._fitted_in.inverse().then(self.driver.picture_transform())
        return drawn if rel.identity else Transformed(drawn, rel)
