"""Her outfit (try-on): patches drawn in her own pixels, moved and scaled like her."""

from __future__ import annotations

import numpy as np

from studio.render.blend import MatteBlender
from studio.render.context import FrameContext


class OutfitLayer:
    def __init__(self) -> None:
        self._blend = MatteBlender()

    def draw(self, frame: np.ndarray, ctx: FrameContext) -> None:
        outfit, where = ctx.outfit, ctx.placement
        if outfit is None or where is None:
            return
        if isinstance(outfit, tuple):  # (BGR, alpha) the size of her picture as placed
            garment, alpha = outfit
            x, y = (0, 0) if garment.shape[:2] == frame.shape[:2] else (where.x, where.y)
            self._blend.blend(frame, garment, alpha, x, y)
            return
        outfit.draw(frame, where.x, where.y, where.scale)
