"""The compositor: the live room as viewers see it, one frame at a time.

Layers bottom to top: background, presenter (cut out by her matte when the background is
not her own), outfit (try-on), product card, subtitles, ticker, AI-generated label. Each
layer draws from one ``FrameContext`` (``render/context.py``), so a new overlay is one
new layer, not a new parameter. Everything static is prepared at construction; per frame
only the presenter and the changing overlays are blended.

Where the presenter goes is decided once per scene and avatar (``avatar_box``): her
renderer draws her at exactly that size, so the per-frame work is a copy, a paste or a
matte blend, never a resize (see ``placement.py`` for cover, contain and close-ups).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from studio.core.errors import ConfigError
from studio.core.framing import HeadBox, Rect, choose_fit, contain_rect
from studio.core.presets import VideoPreset, get_preset
from studio.render.blend import MatteBlender
from studio.render.context import FrameContext, Layer, Placement, TryOnDrawable
from studio.render.layers.background import BackgroundLayer, cover
from studio.render.layers.card import ProductCardLayer
from studio.render.layers.label import AILabelLayer
from studio.render.layers.outfit import OutfitLayer
from studio.render.layers.presenter import PresenterLayer
from studio.render.layers.subtitles import SubtitleLayer
from studio.render.layers.ticker import TickerLayer
from studio.render.scene import Scene

log = logging.getLogger(__name__)

AuditSink = Callable[[str, dict], None]
FILL_BLUR = 0.04  # of the canvas height: the blurred picture around a contained presenter
FILL_DIM = 0.75  # ... darkened, so she stands out from it
FILL_SCALE = 8  # the fill is made at 1/8 of the canvas
FILL_EVERY = 4  # ... and redrawn every 4th frame: so blurred, her motion in it is slow

__all__ = ["AvatarBox", "Compositor", "Rect", "TryOnDrawable"]


@dataclass(frozen=True)
class AvatarBox:
    """How the presenter is drawn in a scene: render her picture at ``rect``'s size and
    put it at ``rect`` (``fill``: her blurred picture around it; ``cut``: her matte cuts
    her out of her picture). ``zoom`` and ``focus`` (a point of her picture, as fractions)
    make a close-up: rendered ``zoom`` times larger, the window kept around ``focus``."""

    rect: Rect
    mode: str  # cover | contain | box
    zoom: float = 1.0
    focus: tuple[float, float] = (0.5, 0.5)

    @property
    def size(self) -> tuple[int, int]:
        return self.rect.w, self.rect.h

    @property
    def fill(self) -> bool:
        return self.mode == "contain"


class Compositor:
    """Renders a ``Scene``. ``audit`` receives compliance-relevant settings (label off)."""

    def __init__(
        self, scene: Scene, audit: AuditSink | None = None, preset: VideoPreset | None = None
    ) -> None:
        """``preset`` overrides the scene's canvas (e.g. a small size for tests)."""
        self.scene = scene
        preset = preset or get_preset(scene.canvas.preset)
        self.preset = preset
        self.width, self.height = preset.width, preset.height
        w, h, fps = self.width, self.height, preset.fps
        lang = scene.canvas.language
        self.background = BackgroundLayer(scene.background, scene.resolve, w, h)
        self.presenter = PresenterLayer(matte=bool(scene.avatar.matte))
        self.card = ProductCardLayer(scene.product_card, lang, w, h, fps.num, fps.den)
        self.subtitles = SubtitleLayer(scene.subtitles, w, h)
        self.ticker = TickerLayer(scene.ticker, w, h, fps.num, fps.den)
        self.label = AILabelLayer(scene.ai_label, lang, w, h)
        # Bottom to top; a new overlay is one more entry here (see render/context.py).
        self.layers: list[Layer] = [
            self.presenter,
            OutfitLayer(),
            self.card,
            self.subtitles,
            self.ticker,
            self.label,
        ]
        self._box: AvatarBox | None = None
        self._fill_cache: tuple[tuple, np.ndarray] | None = None  # (shape, frame_no // FILL_EVERY)
        self._tryon_blend = MatteBlender()
        if not scene.ai_label.enabled:
            if audit is None:
                raise ConfigError(
                    "the AI-generated label is switched off but there is no audit log to record it",
                    hint="keep [ai_label] enabled = true, or run through the show engine (it keeps the audit log)",
                )
            audit("ai_label_disabled", {"reason": scene.ai_label.disable_reason})
            log.warning("AI-generated label switched off: %s", scene.ai_label.disable_reason)

    # -- where the presenter goes -----------------------------------------------------
    @property
    def avatar_fills_canvas(self) -> bool:
        """The presenter's own frame is the background: no cut-out, she fills the canvas."""
        return self.scene.background.kind == "presenter" and not self.scene.avatar.matte

    def avatar_rect(self, aspect: float) -> Rect:
        """Where a presenter whose pictures are ``aspect`` (w/h) goes (see avatar_box)."""
        return self.avatar_box(aspect).rect

    def avatar_box(self, aspect: float, head: HeadBox | None = None) -> AvatarBox:
        """How a presenter whose pictures are ``aspect`` (w/h) is drawn in this scene;
        ``head``, where her head is in her picture, lets ``auto`` keep it whole."""
        spec = self.scene.avatar
        focus = head.centre if head is not None else (0.5, 0.4)
        if self.avatar_fills_canvas:
            mode = choose_fit(spec.fit, aspect, self.width / self.height, head)
            if mode == "cover" or spec.zoom > 1.0:
                return AvatarBox(Rect(0, 0, self.width, self.height), "cover", spec.zoom, focus)
            return AvatarBox(contain_rect(aspect, self.width, self.height), "contain")
        h = round(spec.height * self.height)
        w = round(h * aspect)
        rect = Rect(round(spec.x * self.width - w / 2), round(spec.y * self.height - h), w, h)
        return AvatarBox(rect, "box", spec.zoom, focus)

    def use_box(self, box: AvatarBox) -> None:
        """Draw the presenter as ``box`` says from now on (her renderer draws at its size)."""
        self._box = box

    def _placement(self, avatar: np.ndarray) -> tuple[AvatarBox, Placement]:
        h, w = avatar.shape[:2]
        box = self._box
        if box is None or box.size != (w, h):
            box = self.avatar_box(w / h)
        if box.mode == "cover":
            if (w, h) == (self.width, self.height):
                return box, Placement(0, 0, 1.0, is_canvas=True)
            s = max(self.width / w, self.height / h)  # drawn bigger, centre-cropped
            x = -((max(self.width, round(w * s)) - self.width) // 2)
            y = -((max(self.height, round(h * s)) - self.height) // 2)
            return box, Placement(x, y, s, is_canvas=True)
        s = box.rect.w / w
        return box, Placement(box.rect.x, box.rect.y, 1.0 if abs(s - 1.0) < 1e-6 else s)

    # -- one frame ---------------------------------------------------------------------
    def compose(self, ctx: FrameContext) -> np.ndarray:
        """One output frame (BGR, canvas size) from what ``ctx`` holds."""
        if ctx.avatar is None:
            frame = self.background.render()
        else:
            box, ctx.placement = self._placement(ctx.avatar)
            if box.mode == "cover":
                frame = (
                    ctx.avatar.copy()
                    if ctx.avatar.shape[:2] == (self.height, self.width)
                    else cover(ctx.avatar, self.width, self.height)
                )
            elif box.fill:
                frame = self._fill(ctx.avatar, ctx.frame_no)
            else:
                frame = self.background.render(presenter=ctx.avatar)
            ctx.avatar, ctx.alpha = self._at_box_size(box, ctx)
            if isinstance(ctx.outfit, tuple):
                ctx.outfit = self._pair_at_box(ctx.outfit, box, ctx)
        for layer in self.layers:
            layer.draw(frame, ctx)
        return frame

    def _fill(self, avatar: np.ndarray, frame_no: int) -> np.ndarray:
        """Her own picture, enlarged to the canvas, blurred and dimmed: around a contained
        presenter, as vertical platforms show a square clip. Made at 1/8 of the canvas
        and enlarged once (so blurred, it looks the same, for a tenth of the cost), and
        redrawn every FILL_EVERY frames (a copy in between)."""
        key = (avatar.shape, frame_no // FILL_EVERY)
        if self._fill_cache is None or self._fill_cache[0] != key:
            sigma = max(FILL_BLUR, self.scene.background.blur) * self.height / FILL_SCALE
            h, w = avatar.shape[:2]
            small = cv2.resize(
                avatar,
                (max(1, w // FILL_SCALE), max(1, h // FILL_SCALE)),
                interpolation=cv2.INTER_AREA,
            )
            fill = cover(small, max(1, self.width // FILL_SCALE), max(1, self.height // FILL_SCALE))
            fill = cv2.GaussianBlur(fill, (0, 0), max(0.5, sigma))
            fill = cv2.convertScaleAbs(fill, alpha=FILL_DIM)
            full = cv2.resize(fill, (self.width, self.height), interpolation=cv2.INTER_LINEAR)
            self._fill_cache = (key, full)
        return self._fill_cache[1].copy()

    def _at_box_size(
        self, box: AvatarBox, ctx: FrameContext
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """The presenter (and matte) at her box's size; only a picture rendered at
        another size (a still, a test) is resized here."""
        avatar, alpha = ctx.avatar, ctx.alpha
        if box.mode == "cover" or avatar.shape[:2] == (box.rect.h, box.rect.w):
            return avatar, alpha
        size = (box.rect.w, box.rect.h)  # the placement keeps the scale, for her outfit
        avatar = cv2.resize(avatar, size, interpolation=cv2.INTER_LINEAR)
        if alpha is not None:
            alpha = cv2.resize(alpha, size, interpolation=cv2.INTER_LINEAR)
        return avatar, alpha

    def _pair_at_box(
        self, pair: tuple[np.ndarray, np.ndarray], box: AvatarBox, ctx: FrameContext
    ) -> tuple[np.ndarray, np.ndarray]:
        """A try-on given as a (BGR, alpha) pair the size of the rendered presenter is
        moved and sized like her."""
        garment, alpha = pair
        if box.mode == "cover":
            if garment.shape[:2] != (self.height, self.width):
                garment = cover(garment, self.width, self.height)
                alpha = cover(alpha, self.width, self.height)
            return garment, alpha
        h, w = ctx.avatar.shape[:2]
        if garment.shape[:2] != (h, w):
            garment = cv2.resize(garment, (w, h), interpolation=cv2.INTER_LINEAR)
            alpha = cv2.resize(alpha, (w, h), interpolation=cv2.INTER_LINEAR)
        return garment, alpha

    def close(self) -> None:
        self.background.close()
