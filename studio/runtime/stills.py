"""Stills: one frame of a scene (`studio scene still`) or of the presenter wearing try-on
assets (`studio tryon still`), for layout work, on any avatar.

A still is a frame of the one pipeline with a sample caption and product card, so it
shows what a show in that scene will show: the presenter placed as the scene says, her
outfit, every layer.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np

from studio.core.errors import InputError
from studio.core.paths import assets_dir
from studio.core.progress import Progress, no_progress
from studio.render.context import ProductInfo, SubtitleState
from studio.render.photo_renderer import MouthPose
from studio.render.scene import CanvasSpec, ProductCardSpec, Scene, SubtitleSpec, TickerSpec
from studio.runtime.offline import scratch_store
from studio.runtime.pipeline import ShowSpec, build_pipeline
from studio.tryon.asset import TryOnAsset, load_asset

log = logging.getLogger(__name__)

SAMPLE_PRODUCT = ProductInfo("真空保温杯 300ml 不锈钢内胆", 9900, 19900, stock=23)
SAMPLE_PHOTO = "demo/images/thermos.jpg"  # under assets/: the card shows a real photo
SAMPLE_SUBTITLE = {
    "zh": SubtitleState("今天给大家推荐这款保温杯，容量三百毫升，保温十二个小时。", 9, 12),
    "en": SubtitleState("This thermos keeps your coffee hot for twelve hours.", 5, 12),
}
SAMPLE_SUBTITLE["both"] = SAMPLE_SUBTITLE["zh"]
SAMPLE_MOUTH = MouthPose(open=0.12, width=0.04)


def still_frame(
    spec: ShowSpec, *, sample: bool = True, progress: Progress = no_progress
) -> np.ndarray:
    """One frame of the show ``spec`` describes (with the sample caption and card)."""
    with scratch_store() as store:
        pipeline = build_pipeline(store, spec, audit=_not_recorded, offline=True, progress=progress)
        try:
            lang = pipeline.compositor.scene.canvas.language
            return pipeline.director.still(
                SAMPLE_SUBTITLE[lang] if sample else None,
                replace(SAMPLE_PRODUCT, image=str(assets_dir() / SAMPLE_PHOTO)) if sample else None,
                SAMPLE_MOUTH if sample else MouthPose(),
            )
        finally:
            pipeline.close()


def render_scene_still(
    scene: Path, out: Path, avatar: str = "demo", progress: Progress = no_progress
) -> Path:
    """One frame of ``scene`` with ``avatar`` and sample content, to a picture."""
    return write_picture(still_frame(ShowSpec(avatar=avatar, scene=scene), progress=progress), out)


def render_tryon_still(
    paths: Sequence[Path],
    out: Path,
    *,
    avatar: str = "demo",
    preset: str = "vertical-720",
    remove_bg: bool = False,
    progress: Progress = no_progress,
) -> Path:
    """``avatar`` on a plain canvas wearing ``paths`` (one garment and/or accessories)."""
    assets: list[TryOnAsset] = [load_asset(p, remove_bg=remove_bg) for p in paths]
    scene = Scene(
        canvas=CanvasSpec(preset=preset),
        product_card=ProductCardSpec(enabled=False),
        subtitles=SubtitleSpec(enabled=False),
        ticker=TickerSpec(enabled=False),
    )
    spec = ShowSpec(avatar=avatar, scene=scene, garments=tuple(assets))
    return write_picture(still_frame(spec, sample=False, progress=progress), out)


def write_picture(frame: np.ndarray, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    if not cv2.imwrite(str(out), frame):
        raise InputError(f"cannot write {out}", hint="use a .png or .jpg name in a writable folder")
    return out


def _not_recorded(event: str, detail: dict) -> None:
    """A still is never broadcast, so there is no audit log to write to; what she needs to
    know (the AI-generated label is off) is the compositor's own warning, in her language."""
    log.debug("still: audit event %s %s not recorded (a still is not broadcast)", event, detail)
