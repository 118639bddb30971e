"""Person mattes: mediapipe selfie segmentation refined against the image's own edges.

The raw segmentation is soft and low-resolution; a guided filter (the image as guide)
snaps its edge to the hair and shoulders, and a slight contraction of the soft edge
keeps the old background's colour from haloing round the hair on a new background.
"""

from __future__ import annotations

import cv2
import numpy as np

from studio.core.errors import DependencyError
from studio.core.quiet import native_stderr_quiet


def segment_person(image_bgr: np.ndarray) -> np.ndarray:
    """Soft person mask (float32 0..1, image size) from mediapipe selfie segmentation."""
    from studio.avatar.landmarks import _quiet_mediapipe

    _quiet_mediapipe()
    try:
        import mediapipe as mp
    except ImportError as exc:  # pragma: no cover - doctor reports it
        raise DependencyError("mediapipe is not installed", hint="run `make demo`") from exc
    rgb = cv2.cvtColor(image_bgr, cv2.COLOR_BGR2RGB)
    model = mp.solutions.selfie_segmentation.SelfieSegmentation
    with native_stderr_quiet(), model(model_selection=0) as seg:  # native logs: core.quiet
        mask = seg.process(rgb).segmentation_mask
    return np.clip(mask.astype(np.float32), 0.0, 1.0)


def refine_matte(image_bgr: np.ndarray, mask: np.ndarray, radius_frac: float = 0.006) -> np.ndarray:
    """Edge-aware refinement of a soft mask; returns float32 0..1 at image size."""
    h, w = image_bgr.shape[:2]
    if mask.shape[:2] != (h, w):
        mask = cv2.resize(mask, (w, h), interpolation=cv2.INTER_LINEAR)
    radius = max(2, round(radius_frac * max(h, w)))
    guide = image_bgr.astype(np.float32) / 255.0
    refined = cv2.ximgproc.guidedFilter(guide, mask.astype(np.float32), radius, 1e-3)
    refined = np.clip(refined, 0.0, 1.0)
    # Contract the soft edge a little (alpha^1.4): background colour stays out of the hair.
    return np.power(refined, 1.4).astype(np.float32)


def person_matte(image_bgr: np.ndarray) -> np.ndarray:
    """Segment and refine in one call."""
    return refine_matte(image_bgr, segment_person(image_bgr))


def decontaminate(image_bgr: np.ndarray, alpha: np.ndarray, sigma_frac: float = 0.01) -> np.ndarray:
    """Replace the old background's colour in soft edge pixels by nearby foreground colour.

    Normalised convolution: the foreground colour spread outward from where alpha is
    high, mixed in where alpha is low. Without it a light old background leaves a pale
    halo round the hair on a dark new one.
    """
    h, w = image_bgr.shape[:2]
    sigma = max(1.5, sigma_frac * max(h, w))
    weight = (alpha.astype(np.float32) ** 4)[..., None]
    img = image_bgr.astype(np.float32)
    num = cv2.GaussianBlur(img * weight, (0, 0), sigma)
    den = cv2.GaussianBlur(weight, (0, 0), sigma)
    if den.ndim == 2:
        den = den[..., None]
    fg = num / np.maximum(den, 1e-4)
    a = alpha.astype(np.float32)[..., None]
    mix = np.clip(a * 1.5 - 0.25, 0.0, 1.0)  # trust the pixel's own colour only where solid
    return np.clip(img * mix + fg * (1 - mix), 0, 255).astype(np.uint8)


def fade_borders(alpha: np.ndarray, frac: float = 0.04, sides: str = "ltr") -> np.ndarray:
    """Fade a matte to zero at the given image borders (l, t, r, b).

    A person cut by the crop's edge would otherwise show a hard straight line on a new
    background.
    """
    h, w = alpha.shape[:2]
    out = alpha.astype(np.float32).copy()
    n = max(2, round(frac * max(h, w)))
    ramp = np.linspace(0.0, 1.0, n, dtype=np.float32)
    if "l" in sides:
        out[:, :n] *= ramp[None, :]
    if "r" in sides:
        out[:, w - n :] *= ramp[::-1][None, :]
    if "t" in sides:
        out[:n, :] *= ramp[:, None]
    if "b" in sides:
        out[h - n :, :] *= ramp[::-1][:, None]
    return out
