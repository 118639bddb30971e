"""One frame of a scene, for layout work: `studio scene still`."""

from __future__ import annotations

import logging
from pathlib import Path

import cv2
import numpy as np

from studio.core.errors import InputError, StudioError
from studio.core.progress import Progress, no_progress
from studio.render.compositor import Compositor, TryOnDrawable
from studio.render.layers.card import ProductInfo
from studio.render.layers.subtitles import SubtitleState
from studio.render.photo_renderer import MouthPose, PhotoAvatarRenderer
from studio.render.scene import load_scene

SAMPLE_PRODUCT = ProductInfo("真空保温杯 300ml 不锈钢内胆", 9900, 19900, stock=23)
SAMPLE_SUBTITLE = {
    "zh": SubtitleState("今天给大家推荐这款保温杯，容量三百毫升，保温十二个小时。", 9, 12),
    "en": SubtitleState("This thermos keeps your coffee hot for twelve hours.", 5, 12),
}
SAMPLE_SUBTITLE["both"] = SAMPLE_SUBTITLE["zh"]

log = logging.getLogger(__name__)


def photo_renderer_for(compositor: Compositor, portrait_rgb: np.ndarray) -> PhotoAvatarRenderer:
    """A one-photo avatar sized for the scene's avatar slot, with a matte when it is cut out."""
    from studio.avatar.photo import PhotoAvatar, build_photo_avatar
    from studio.render.matte import decontaminate, fade_borders, person_matte

    if compositor.avatar_fills_canvas:
        aspect = compositor.width / compositor.height
    else:  # as much of the photo's body as a portrait slot can hold
        h, w = portrait_rgb.shape[:2]
        aspect = min(1.0, max(9 / 16, w / h))
    rect = compositor.avatar_rect(aspect)
    avatar = build_photo_avatar(portrait_rgb, rect.w, rect.h)
    if not compositor.scene.avatar.matte:
        return PhotoAvatarRenderer(avatar)
    matte = fade_borders(person_matte(avatar.plate), sides="ltr")
    clean = PhotoAvatar(plate=decontaminate(avatar.plate, matte), face=avatar.face)
    return PhotoAvatarRenderer(clean, matte)


def scene_tryon_layer(
    compositor: Compositor,
    renderer: PhotoAvatarRenderer,
    *,
    strict: bool,
    progress: Progress = no_progress,
):
    """A try-on layer for a one-photo avatar wearing the scene's outfit ([tryon]).

    ``strict`` (stills): a bad asset raises. Live: it is logged and left off, and the
    layer still serves products' try-on assets as the show reaches them.
    """
    from studio.tryon.asset import load_asset
    from studio.tryon.photo import photo_tryon_layer

    spec = compositor.scene.tryon
    assets = []
    for p in spec.paths:
        try:
            assets.append(load_asset(compositor.scene.resolve(p), remove_bg=spec.remove_background))
        except StudioError as exc:
            if strict:
                raise
            log.error("try-on asset %s cannot be used: %s", p, exc)
    return photo_tryon_layer(
        renderer.avatar.plate,
        renderer.avatar.face.points,
        compositor.preset.fps,
        assets,
        matte=renderer.matte,
        transition_ms=spec.transition_ms,
        shading=spec.shading,
        strict=strict,
        progress=progress,
    )


def tryon_for(
    compositor: Compositor, renderer: PhotoAvatarRenderer, progress: Progress = no_progress
) -> TryOnDrawable | None:
    """The scene's outfit drawn for frame 0; None when the scene dresses nobody."""
    if not compositor.scene.tryon.paths:
        return None
    return scene_tryon_layer(compositor, renderer, strict=True, progress=progress).render(0, 0)


def render_still(
    scene_path: Path, out: Path, portrait_rgb: np.ndarray, progress: Progress = no_progress
) -> Path:
    """Compose one frame of ``scene_path`` with the given portrait and sample content."""
    scene = load_scene(scene_path)
    compositor = Compositor(scene, audit=_print_audit)
    try:
        renderer = photo_renderer_for(compositor, portrait_rgb)
        frame, matte = renderer.render_with_matte(MouthPose(open=0.12, width=0.04))
        still = compositor.compose(
            0,
            frame,
            matte,
            tryon=tryon_for(compositor, renderer, progress),
            subtitle=SAMPLE_SUBTITLE[scene.canvas.language],
            product=SAMPLE_PRODUCT,
        )
    finally:
        compositor.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not cv2.imwrite(str(out), still):
        raise InputError(f"cannot write {out}", hint="use a .png or .jpg name in a writable folder")
    return out


def _print_audit(event: str, detail: dict) -> None:
    print(f"audit: {event} {detail}")
