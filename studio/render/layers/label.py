"""The visible AI-generated mark (GB 45438-2025 explicit marking)."""

from __future__ import annotations

import numpy as np

from studio.render.blend import Overlay
from studio.render.context import FrameContext
from studio.render.scene import AILabelSpec
from studio.render.text import pill

LABEL_TEXT = {
    "zh": "本直播由AI数字人生成",
    "en": "AI-generated",
    "both": "本直播由AI数字人生成 · AI-generated",
}


class AILabelLayer:
    """A legible pill in a corner; its size has a floor so it cannot be made invisible."""

    def __init__(self, spec: AILabelSpec, language: str, canvas_w: int, canvas_h: int) -> None:
        self.enabled = spec.enabled
        size = max(14, round(canvas_h * spec.size))
        self.overlay = Overlay.from_rgba(
            pill(LABEL_TEXT[language], size, (255, 255, 255, 255), (0, 0, 0, 150), bold=True)
        )
        w, h = self.overlay.size
        margin = round(min(canvas_w, canvas_h) * 0.03)
        right = spec.position.endswith("right")
        bottom = spec.position.startswith("bottom")
        self.x = canvas_w - w - margin if right else margin
        self.y = canvas_h - h - margin if bottom else margin

    def draw(self, frame: np.ndarray, ctx: FrameContext) -> None:
        if self.enabled:
            self.overlay.draw(frame, self.x, self.y)
