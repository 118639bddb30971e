"""The try-on layer of a show: the outfit worn now, changes of clothes, and fits on demand.

The scene gives a base outfit (a garment and accessories); a product can name its own
try-on asset, which replaces the garment (or the accessory of its kind) while that
product is on. A change cross-fades over ``transition_ms`` (counted in frames: frame
``start + i`` shows ``(i + 1) / (n + 1)`` of the new outfit for i < n).

Fits are computed the first time an asset is worn (or ahead, with ``prepare``, e.g. in
a worker when a product is queued: fitting a 1500-frame avatar takes seconds) and the
most recently worn ``max_fits`` are kept. A layer told whom it dresses (``presenter``)
shares its fits with every other layer of that presenter in the process (``fitcache``):
the next render or show wearing the same garment does not fit it again. Nothing here
raises during a show: an asset that cannot be loaded or fitted is logged and left off,
and a failure while rendering drops the layer for that frame. ``set_garment`` and
``render`` belong to the render thread; ``prepare`` may run in another.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from pathlib import Path

from studio.core.errors import StudioError
from studio.core.progress import Progress, no_progress
from studio.core.timeline import FrameRate
from studio.tryon.accessory_fit import AccessoryFit, fit_accessory
from studio.tryon.asset import TryOnAsset, load_asset
from studio.tryon.body import BodyGeometry, BodyTrack, body_geometry
from studio.tryon.fitcache import FITS
from studio.tryon.garment_fit import FrameSource, GarmentFit, fit_garment
from studio.tryon.live import AccessoryRenderer, GarmentRenderer, Patch, PremultBlender, TryOnFrame

log = logging.getLogger(__name__)

TRANSITION_MS = 500
DRAW_ORDER = ("top", "dress", "outerwear", "necklace", "earrings", "glasses", "hat")
Outfit = tuple[TryOnAsset, ...]


def transition_frames(fps: FrameRate, ms: int) -> int:
    """Frames in a cross-fade of ``ms`` milliseconds (rounded half up; 0: a cut)."""
    if ms <= 0:
        return 0
    return max(1, (2 * ms * fps.num + 1000 * fps.den) // (2000 * fps.den))


def dress(base: Outfit, item: TryOnAsset | None) -> Outfit:
    """The base outfit with ``item`` worn: it replaces the garment, or the accessory of
    its own kind."""
    if item is None:
        return base
    keep = [a for a in base if not (a.garment and item.garment) and a.kind != item.kind]
    return tuple(sorted([*keep, item], key=lambda a: DRAW_ORDER.index(a.kind)))


class TryOnLayer:
    """Per-frame try-on for one avatar (its ``BodyTrack`` over N base frames)."""

    def __init__(
        self,
        track: BodyTrack,
        fps: FrameRate,
        *,
        frames: FrameSource | None = None,
        base: Sequence[TryOnAsset] = (),
        transition_ms: int = TRANSITION_MS,
        shading: float = 0.5,
        max_fits: int = 6,
        progress: Progress = no_progress,
        presenter: Hashable | None = None,
    ) -> None:
        """``presenter``: what ``track`` and ``frames`` show (her avatar driver's
        ``tryon_key``), to share fits with other layers of hers; None: fits of its own."""
        self.track = track
        self.presenter = presenter
        self.fps = fps
        self.frames = frames
        self.shading = shading
        self.progress = progress
        self.n_transition = transition_frames(fps, transition_ms)
        self._geo: BodyGeometry | None = None
        self._geo_error: StudioError | None = None
        self.max_fits = max_fits
        self._renderers: OrderedDict[str, GarmentRenderer | AccessoryRenderer] = OrderedDict()
        self._fits_lock = threading.Lock()  # fits may be made in another thread (prepare)
        self._failed: dict[str, str] = {}
        self._loaded: dict[str, TryOnAsset | None] = {}
        self._blender = PremultBlender()
        self._logged_render_error = False
        self.base: Outfit = ()
        self._item: TryOnAsset | None = None  # the product's own asset, if worn
        self._to: Outfit = ()
        self._from: Outfit | None = None
        self._start = 0
        for asset in base:
            if self.prepare(asset):
                self.base = dress(self.base, asset)
        self._to = self.base

    # -- fitting ---------------------------------------------------------------------
    @property
    def geometry(self) -> BodyGeometry:
        """The body per base frame (computed once); InputError when no shoulders show."""
        if self._geo_error is not None:
            raise self._geo_error
        if self._geo is None:
            try:
                self._geo = body_geometry(self.track, float(self.fps))
            except StudioError as exc:
                self._geo_error = exc
                raise
        return self._geo

    def fit(self, asset: TryOnAsset, progress: Progress | None = None) -> GarmentFit | AccessoryFit:
        """Fit ``asset`` to every base frame (or return the fit already made); raises."""
        with self._fits_lock:
            r = self._renderers.get(asset.key)
            if r is not None:
                self._renderers.move_to_end(asset.key)
                return r.fit
        progress = progress or self.progress

        def make() -> GarmentFit | AccessoryFit:
            return self._make_fit(asset, progress)

        fit = make() if self.presenter is None else FITS.get(self._shared_key(asset), make)
        if isinstance(fit, GarmentFit):
            renderer: GarmentRenderer | AccessoryRenderer = GarmentRenderer(fit)
        else:
            renderer = AccessoryRenderer(fit)
        with self._fits_lock:  # a fitting thread adds while the render thread reads
            self._renderers[asset.key] = renderer
            self._evict()
        return fit

    def _make_fit(self, asset: TryOnAsset, progress: Progress) -> GarmentFit | AccessoryFit:
        size = self.track.size
        if asset.garment:
            return fit_garment(
                asset,
                self.geometry,
                size,
                frames=self.frames,
                masks=self.track.masks,
                strength=self.shading,
                progress=progress,
            )
        geo = self.geometry if asset.kind == "necklace" else None
        return fit_accessory(asset, self.track.face, size, float(self.fps), geo, progress)

    def _shared_key(self, asset: TryOnAsset) -> tuple:
        """Everything a fit of ``asset`` here depends on (see ``fitcache``)."""
        shading = self.shading if asset.garment else None
        fps = (self.fps.num, self.fps.den)
        return (self.presenter, asset.key, self.track.size, fps, shading)

    def holds(self, asset: TryOnAsset) -> bool:
        """Its fit is made and kept here: wearing it now costs no fitting."""
        with self._fits_lock:
            return asset.key in self._renderers

    def _evict(self) -> None:
        """Forget the least recently worn fits beyond ``max_fits`` (a day of products
        must not fill the memory), never one that is worn or fading out, nor the one just
        made (it is about to be worn)."""
        worn = {a.key for a in (*self.base, *self._to, *(self._from or ()))}
        for key in list(self._renderers)[:-1]:
            if len(self._renderers) <= self.max_fits:
                break
            if key not in worn:
                del self._renderers[key]

    def prepare(self, asset: TryOnAsset, progress: Progress | None = None) -> bool:
        """Fit ahead of time; False (and logged) when this asset cannot be worn."""
        if asset.key in self._failed:
            return False
        try:
            self.fit(asset, progress)
        except StudioError as exc:
            self._failed[asset.key] = str(exc)
            log.error("try-on: %s cannot be worn: %s", asset.path.name, exc)
            return False
        except Exception:  # never let a bad asset stop a show
            self._failed[asset.key] = "unexpected error"
            log.exception("try-on: fitting %s failed", asset.path.name)
            return False
        return True

    def failure(self, asset: TryOnAsset) -> str | None:
        """Why ``asset`` cannot be worn, if it cannot."""
        return self._failed.get(asset.key)

    # -- changing clothes --------------------------------------------------------------
    @property
    def outfit(self) -> Outfit:
        """What is worn once the current change (if any) is complete."""
        return self._to

    def wear(self, asset: TryOnAsset) -> None:
        """Add ``asset`` to the base outfit at once (no transition); raises when it cannot
        be fitted. For setting up a scene, not for changes during a show."""
        self.fit(asset)
        self.base = dress(self.base, asset)
        self._to, self._from = dress(self.base, self._item), None

    def set_garment(self, asset: TryOnAsset | None, frame_no: int) -> None:
        """Wear ``asset`` (a product's try-on asset) from ``frame_no``, cross-fading;
        None goes back to the base outfit. An asset that cannot be worn is left off."""
        self._item = asset if asset is not None and self.prepare(asset) else None
        new = dress(self.base, self._item)
        if new == self._to:
            return
        self._from, self._to, self._start = self._to, new, frame_no

    def show_product(self, tryon_asset: str | Path | None, frame_no: int) -> None:
        """``set_garment`` from a catalogue entry's try-on path ("" or None: none)."""
        if not tryon_asset:
            self.set_garment(None, frame_no)
            return
        key = str(tryon_asset)
        if key not in self._loaded:
            try:
                self._loaded[key] = load_asset(tryon_asset)
            except StudioError as exc:
                log.error("try-on: product asset %s cannot be used: %s", key, exc)
                self._loaded[key] = None
        self.set_garment(self._loaded[key], frame_no)

    def weight(self, frame_no: int) -> float:
        """Share of the new outfit at ``frame_no`` during a change (1.0 outside one)."""
        if self._from is None:
            return 1.0
        i = frame_no - self._start
        if i < 0:
            return 0.0
        if i >= self.n_transition:
            return 1.0
        return (i + 1) / (self.n_transition + 1)

    # -- per frame -------------------------------------------------------------------
    def render(self, frame_no: int, base_index: int) -> TryOnFrame | None:
        """What to draw at ``frame_no`` over base frame ``base_index``; None for nothing."""
        try:
            k = base_index % self.track.n
            w = self.weight(frame_no)
            if w >= 1.0:
                self._from = None
            patches = self._patches(self._to, k)
            previous = self._patches(self._from, k) if self._from is not None else None
            if not patches and not previous:
                return None
            return TryOnFrame(patches, self._blender, previous, w)
        except Exception:  # the show goes on without the layer
            if not self._logged_render_error:
                log.exception("try-on: rendering failed; the layer is left out")
                self._logged_render_error = True
            return None

    def _patches(self, outfit: Outfit, k: int) -> list[Patch]:
        out: list[Patch] = []
        for asset in outfit:
            with self._fits_lock:
                r = self._renderers.get(asset.key)
            if r is None:
                continue
            if isinstance(r, GarmentRenderer):
                out.append(r.render(k))
            else:
                out.extend(r.render(k))
        return out
