"""The compositor: the live room as viewers see it, one frame at a time.

Layers bottom to top: background, avatar (cut out by its matte when the background is
not her own), try-on, product card, subtitles, ticker, AI-generated label. Everything
static is prepared at construction; per frame only the avatar and the changing overlays
are blended.

The try-on layer is drawn by the object the try-on layer renders per frame
(``studio.tryon.live.TryOnFrame``): small patches placed in the avatar's own pixels, so
its cost is proportional to the garment, not to the canvas.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import cv2
import numpy as np

from studio.core.errors import ConfigError
from studio.render.blend import MatteBlender
from studio.render.layers.background import BackgroundLayer, cover
from studio.render.layers.card import ProductCardLayer, ProductInfo
from studio.render.layers.label import AILabelLayer
from studio.render.layers.subtitles import SubtitleLayer, SubtitleState
from studio.render.layers.ticker import TickerLayer
from studio.render.scene import Scene
from studio.stream.presets import VideoPreset, get_preset

log = logging.getLogger(__name__)

AuditSink = Callable[[str, dict], None]


class TryOnDrawable(Protocol):
    """Draws try-on patches onto the frame; (x, y) is the avatar's top-left on the canvas
    and ``scale`` the factor the avatar was resized by after it was rendered."""

    def draw(self, frame: np.ndarray, x: int, y: int, scale: float = 1.0) -> None: ...


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    w: int
    h: int


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
        self.card = ProductCardLayer(scene.product_card, lang, w, h, fps.num, fps.den)
        self.subtitles = SubtitleLayer(scene.subtitles, w, h)
        self.ticker = TickerLayer(scene.ticker, w, h, fps.num, fps.den)
        self.label = AILabelLayer(scene.ai_label, lang, w, h)
        self._avatar_blend, self._tryon_blend = MatteBlender(), MatteBlender()
        if not scene.ai_label.enabled:
            if audit is None:
                raise ConfigError(
                    "the AI-generated label is switched off but there is no audit log to record it",
                    hint="keep [ai_label] enabled = true, or run through the show engine (it keeps the audit log)",
                )
            audit("ai_label_disabled", {"reason": scene.ai_label.disable_reason})
            log.warning("AI-generated label switched off: %s", scene.ai_label.disable_reason)

    @property
    def avatar_fills_canvas(self) -> bool:
        """The presenter's own frame is the background: no cut-out, the avatar covers all."""
        return self.scene.background.kind == "presenter" and not self.scene.avatar.matte

    def avatar_rect(self, aspect: float) -> Rect:
        """Where an avatar of width/height ``aspect`` goes; render it at this size."""
        if self.avatar_fills_canvas:
            return Rect(0, 0, self.width, self.height)
        spec = self.scene.avatar
        h = round(spec.height * self.height)
        w = round(h * aspect)
        return Rect(round(spec.x * self.width - w / 2), round(spec.y * self.height - h), w, h)

    def compose(
        self,
        frame_no: int,
        avatar: np.ndarray,
        alpha: np.ndarray | None = None,
        *,
        tryon: TryOnDrawable | tuple[np.ndarray, np.ndarray] | None = None,
        subtitle: SubtitleState | None = None,
        product: ProductInfo | None = None,
    ) -> np.ndarray:
        """One output frame (BGR, canvas size). ``avatar`` should already be rect-sized.

        ``tryon``: what the try-on layer rendered for this frame (in the avatar's pixels),
        or a (BGR, alpha) pair the size of the avatar.
        """
        rect = self.avatar_rect(avatar.shape[1] / avatar.shape[0])
        rendered = avatar.shape[:2]
        origin, scale = (rect.x, rect.y), rect.w / avatar.shape[1]
        if self.avatar_fills_canvas:
            if avatar.shape[:2] == (self.height, self.width):
                frame = avatar.copy()
            else:
                frame = cover(avatar, self.width, self.height)
                scale = max(self.width / avatar.shape[1], self.height / avatar.shape[0])
                origin = (
                    -((max(self.width, round(avatar.shape[1] * scale)) - self.width) // 2),
                    -((max(self.height, round(avatar.shape[0] * scale)) - self.height) // 2),
                )
        else:
            frame = self.background.render(presenter=avatar)
            if avatar.shape[:2] != (rect.h, rect.w):
                avatar = cv2.resize(avatar, (rect.w, rect.h), interpolation=cv2.INTER_LINEAR)
                if alpha is not None:
                    alpha = cv2.resize(alpha, (rect.w, rect.h), interpolation=cv2.INTER_LINEAR)
            if alpha is None or not self.scene.avatar.matte:
                _paste(frame, avatar, rect.x, rect.y)
            else:
                self._avatar_blend.blend(frame, avatar, alpha, rect.x, rect.y)
        if isinstance(tryon, tuple):
            self._blend_pair(frame, tryon, rendered, rect)
        elif tryon is not None:
            tryon.draw(frame, origin[0], origin[1], 1.0 if abs(scale - 1.0) < 1e-6 else scale)
        self.card.draw(frame, frame_no, product)
        self.subtitles.draw(frame, subtitle)
        self.ticker.draw(frame, frame_no)
        self.label.draw(frame)
        return frame

    def _blend_pair(
        self, frame: np.ndarray, pair: tuple[np.ndarray, np.ndarray], size: tuple, rect: Rect
    ) -> None:
        """A try-on given as a (BGR, alpha) pair the size of the avatar: moved like it."""
        garment, alpha = pair
        if garment.shape[:2] != size:
            raise ValueError("a (BGR, alpha) try-on must be the size of the avatar frame")
        if self.avatar_fills_canvas:
            if size != (self.height, self.width):
                garment = cover(garment, self.width, self.height)
                alpha = cover(alpha, self.width, self.height)
            self._tryon_blend.blend(frame, garment, alpha, 0, 0)
            return
        if size != (rect.h, rect.w):
            garment = cv2.resize(garment, (rect.w, rect.h), interpolation=cv2.INTER_LINEAR)
            alpha = cv2.resize(alpha, (rect.w, rect.h), interpolation=cv2.INTER_LINEAR)
        self._tryon_blend.blend(frame, garment, alpha, rect.x, rect.y)

    def close(self) -> None:
        self.background.close()


def _paste(dst: np.ndarray, src: np.ndarray, x: int, y: int) -> None:
    fh, fw = dst.shape[:2]
    h, w = src.shape[:2]
    x0, y0, x1, y1 = max(0, x), max(0, y), min(fw, x + w), min(fh, y + h)
    if x0 < x1 and y0 < y1:
        dst[y0:y1, x0:x1] = src[y0 - y : y1 - y, x0 - x : x1 - x]
