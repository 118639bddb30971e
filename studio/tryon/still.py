"""`studio tryon still`: the demo avatar wearing assets, one frame, to look at."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from studio.core.errors import InputError
from studio.core.progress import Progress, no_progress
from studio.render.compositor import Compositor
from studio.render.photo_renderer import MouthPose
from studio.render.scene import CanvasSpec, ProductCardSpec, Scene, SubtitleSpec, TickerSpec
from studio.render.still import photo_renderer_for
from studio.tryon.asset import load_asset
from studio.tryon.photo import photo_tryon_layer


def render_tryon_still(
    paths: list[Path],
    out: Path,
    portrait_rgb: np.ndarray,
    *,
    preset: str = "vertical-720",
    remove_bg: bool = False,
    progress: Progress = no_progress,
) -> Path:
    """The portrait as a one-photo avatar on a plain canvas, wearing ``paths``."""
    assets = [load_asset(p, remove_bg=remove_bg) for p in paths]
    scene = Scene(
        canvas=CanvasSpec(preset=preset),
        product_card=ProductCardSpec(enabled=False),
        subtitles=SubtitleSpec(enabled=False),
        ticker=TickerSpec(enabled=False),
    )
    compositor = Compositor(scene)
    try:
        renderer = photo_renderer_for(compositor, portrait_rgb)
        layer = photo_tryon_layer(
            renderer.avatar.plate,
            renderer.avatar.face.points,
            compositor.preset.fps,
            assets,
            matte=renderer.matte,
            strict=True,
            progress=progress,
        )
        frame, matte = renderer.render_with_matte(MouthPose())
        still = compositor.compose(0, frame, matte, tryon=layer.render(0, 0))
    finally:
        compositor.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not cv2.imwrite(str(out), still):
        raise InputError(f"cannot write {out}", hint="use a .png or .jpg name in a writable folder")
    return out
