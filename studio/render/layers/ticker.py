"""A scrolling news-style ticker; the strip is rendered once, scrolled by integer math."""

from __future__ import annotations

import numpy as np

from studio.render.blend import Overlay
from studio.render.context import FrameContext
from studio.render.scene import TickerSpec, parse_color
from studio.render.text import render_text


class TickerLayer:
    def __init__(
        self, spec: TickerSpec, canvas_w: int, canvas_h: int, fps_num: int, fps_den: int
    ) -> None:
        self.enabled = spec.enabled and bool(spec.text.strip())
        self.w = canvas_w
        size = max(12, round(canvas_h * spec.size))
        self.band_h = int(size * 1.6)
        self.y = min(canvas_h - self.band_h, round(canvas_h * spec.y))
        # Scroll speed in px/s as a rational of the frame rate: offset = f * px * den // num.
        self.px_per_s = max(1, round(spec.speed * canvas_w))
        self.fps = (fps_num, fps_den)
        if not self.enabled:
            return
        glyphs = render_text(spec.text.strip() + "     ", size, parse_color(spec.color))
        reps = -(-2 * canvas_w // glyphs.shape[1]) + 1
        strip = np.zeros((self.band_h, glyphs.shape[1] * reps, 4), dtype=np.uint8)
        strip[..., :] = parse_color(spec.background)
        top = (self.band_h - glyphs.shape[0]) // 2
        a = glyphs[..., 3:4].astype(np.float32) / 255
        for k in range(reps):
            region = strip[
                top : top + glyphs.shape[0], k * glyphs.shape[1] : (k + 1) * glyphs.shape[1]
            ]
            region[..., :3] = (glyphs[..., :3] * a + region[..., :3] * (1 - a)).astype(np.uint8)
            region[..., 3:] = np.maximum(region[..., 3:], glyphs[..., 3:])
        self.period = glyphs.shape[1]
        self.strip = Overlay.from_rgba(strip)

    def draw(self, frame: np.ndarray, ctx: FrameContext) -> None:
        if not self.enabled:
            return
        offset = (ctx.frame_no * self.px_per_s * self.fps[1] // self.fps[0]) % self.period
        self.strip.draw(frame, -offset, self.y)
