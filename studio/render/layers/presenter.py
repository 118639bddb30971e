"""The presenter: her picture pasted into her box, or blended through her matte when the
scene cuts her out. When she fills the canvas the compositor starts from her picture, and
this layer has nothing left to do."""

from __future__ import annotations

import numpy as np

from studio.render.blend import MatteBlender
from studio.render.context import FrameContext


class PresenterLayer:
    def __init__(self, matte: bool) -> None:
        self.matte = matte
        self._blend = MatteBlender()

    def draw(self, frame: np.ndarray, ctx: FrameContext) -> None:
        avatar, where = ctx.avatar, ctx.placement
        if avatar is None or where is None or where.is_canvas:
            return
        if ctx.alpha is None or not self.matte:
            paste(frame, avatar, where.x, where.y)
        else:
            self._blend.blend(frame, avatar, ctx.alpha, where.x, where.y)


def paste(dst: np.ndarray, src: np.ndarray, x: int, y: int) -> None:
    """``src`` into ``dst`` at (x, y), clipped to ``dst``."""
    fh, fw = dst.shape[:2]
    h, w = src.shape[:2]
    x0, y0, x1, y1 = max(0, x), max(0, y), min(fw, x + w), min(fh, y + h)
    if x0 < x1 and y0 < y1:
        dst[y0:y1, x0:x1] = src[y0 - y : y1 - y, x0 - x : x1 - x]
