"""Overlays drawn on top of the avatar: the AI-content label and subtitles.

Each overlay prepares its images when its content changes and only blends per frame.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from studio.render.text import blend_rgba, render_text, rounded_box, wrap_text

AI_LABEL_TEXT = "AI生成 / AI-generated"


class AILabel:
    """The visible AI-generated mark (GB 45438-2025): top-left, always legible."""

    def __init__(self, canvas_w: int, canvas_h: int, text: str = AI_LABEL_TEXT) -> None:
        size = max(14, round(canvas_h * 0.022))
        pad_x, pad_y = size // 2, size // 3
        glyphs = render_text(text, size, (255, 255, 255, 255), bold=True)
        box = rounded_box(
            glyphs.shape[1] + 2 * pad_x, glyphs.shape[0] + 2 * pad_y, size // 2, (0, 0, 0, 150)
        )
        img = box.copy()
        blend_rgba_into_rgba(img, glyphs, pad_x, pad_y)
        self.image = img
        margin = round(canvas_w * 0.03)
        self.x, self.y = margin, margin

    def draw(self, frame: np.ndarray) -> None:
        blend_rgba(frame, self.image, self.x, self.y)


def blend_rgba_into_rgba(dst: np.ndarray, src: np.ndarray, x: int, y: int) -> None:
    """Composite RGBA ``src`` over RGBA ``dst`` (in place) with "over" alpha."""
    h, w = src.shape[:2]
    d = dst[y : y + h, x : x + w].astype(np.float32) / 255.0
    s = src.astype(np.float32) / 255.0
    sa, da = s[..., 3:4], d[..., 3:4]
    out_a = sa + da * (1 - sa)
    out_rgb = (s[..., :3] * sa + d[..., :3] * da * (1 - sa)) / np.maximum(out_a, 1e-6)
    dst[y : y + h, x : x + w] = (np.concatenate([out_rgb, out_a], axis=2) * 255 + 0.5).astype(
        np.uint8
    )


class Subtitles:
    """The line being spoken, wrapped, on a translucent box in the lower third."""

    def __init__(self, canvas_w: int, canvas_h: int) -> None:
        self.w, self.h = canvas_w, canvas_h
        self.size = max(18, round(canvas_h * 0.03))
        self.max_width = int(canvas_w * 0.86)
        self.bottom = int(canvas_h * 0.80)

    @lru_cache(maxsize=32)  # noqa: B019 - few distinct lines, instance lives for the show
    def _image(self, text: str) -> np.ndarray:
        lines = wrap_text(text, self.size, self.max_width)
        glyphs = [render_text(t, self.size, (255, 255, 255, 255), stroke=2) for t in lines]
        line_h = int(self.size * 1.45)
        width = max(g.shape[1] for g in glyphs) + self.size
        height = line_h * len(glyphs) + self.size // 2
        img = rounded_box(width, height, self.size // 2, (0, 0, 0, 110)).copy()
        for i, g in enumerate(glyphs):
            gx = (width - g.shape[1]) // 2
            gy = self.size // 4 + i * line_h + (line_h - g.shape[0]) // 2
            blend_rgba_into_rgba(img, g, gx, gy)
        return img

    def draw(self, frame: np.ndarray, text: str) -> None:
        if not text.strip():
            return
        img = self._image(text)
        blend_rgba(frame, img, (self.w - img.shape[1]) // 2, self.bottom - img.shape[0])
