"""The inside of an opened mouth for the one-photo avatar: tones taken from her own lips.

A flat fill read as a purple-dark gap. A real open mouth is darkest at the throat, in
shadow right under the upper teeth and lip, lighter where the tongue catches light at
the bottom once the mouth is open enough, and darker towards the corners. The tones are
the photo's lip colour darkened and warmed (blue never above green), so the inside
continues the lips' colour instead of a fixed purple for every face.
"""

from __future__ import annotations

import cv2
import numpy as np

from studio.avatar import landmarks as L

# Per B, G, R: the throat and the lit tongue as fractions of the median lip colour.
THROAT = np.array([0.14, 0.15, 0.27], dtype=np.float32)
TONGUE = np.array([0.36, 0.36, 0.51], dtype=np.float32)
TONGUE_FROM, TONGUE_FULL = 0.06, 0.24  # lip gap / IOD where the tongue starts / is fully lit
FALLBACK_LIP_BGR = np.array([140.0, 150.0, 205.0], dtype=np.float32)


def lip_colour(plate: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Median BGR (float32) of the photo's lips, between the outer and inner contours."""
    outer = np.concatenate([points[L.LIP_OUTER_UPPER], points[L.LIP_OUTER_LOWER][::-1]])
    inner = np.concatenate([points[L.LIP_INNER_UPPER], points[L.LIP_INNER_LOWER][::-1]])
    mask = np.zeros(plate.shape[:2], np.uint8)
    cv2.fillPoly(mask, [np.round(outer).astype(np.int32)], 255)
    cv2.fillPoly(mask, [np.round(inner).astype(np.int32)], 0)
    pixels = plate[mask > 0]
    if len(pixels) < 10:  # a face too small to have lips to measure
        return FALLBACK_LIP_BGR.copy()
    return np.median(pixels.reshape(-1, 3), axis=0).astype(np.float32)


def interior_tones(lip_bgr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(throat, tongue) BGR from the lip colour, warmed: blue at most green (no purple)."""
    out = []
    for factor in (THROAT, TONGUE):
        tone = np.asarray(lip_bgr, np.float32) * factor
        tone[0] = min(tone[0], tone[1])
        out.append(tone)
    return out[0], out[1]


def _smooth(x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3 - 2 * x)


def paint_cavity(
    shape: tuple[int, int],
    upper: np.ndarray,
    lower: np.ndarray,
    tones: tuple[np.ndarray, np.ndarray],
    open_iod: float,
) -> np.ndarray:
    """(h, w, 3) float32 interior for a ROI of ``shape``.

    ``upper`` and ``lower``: the inner lip contours in ROI pixels (corner to corner, image
    left to right); ``open_iod``: the lip gap in inter-ocular distances (how much tongue
    shows). Each column is shaded by where it lies between its two lips (v: 0 at the
    upper lip, 1 at the lower) and how far from the middle of the mouth (u)."""
    h, w = shape
    throat, tongue = tones
    xs = np.arange(w, dtype=np.float32)
    top = np.interp(xs, upper[:, 0], upper[:, 1]).astype(np.float32)
    bottom = np.interp(xs, lower[:, 0], lower[:, 1]).astype(np.float32)
    height = np.maximum(bottom - top, 1.0)
    ys = np.arange(h, dtype=np.float32)[:, None]
    v = (ys - top[None, :]) / height[None, :]
    left, right = float(upper[0, 0]), float(upper[-1, 0])
    u = (xs - 0.5 * (left + right)) / max(0.5 * (right - left), 1.0)
    tongue_amount = float(_smooth(np.array((open_iod - TONGUE_FROM) / (TONGUE_FULL - TONGUE_FROM))))
    # Tongue: the lower part, lit in the middle of the mouth, not right at the corners.
    w_tongue = _smooth((v - 0.3) / 0.35) * tongue_amount * (1.0 - 0.7 * np.abs(u) ** 3)[None, :]
    shade = (
        (0.55 + 0.45 * _smooth(v / 0.35))  # shadow under the upper teeth and lip
        # The lower lip's inner edge shades the tongue: a dark line tells lip from tongue
        # (face trackers read a lit tongue there as lip: the mouth looked less open).
        * (0.3 + 0.7 * _smooth((1.0 - v) / 0.3))
        * (1.0 - 0.45 * np.clip(np.abs(u), 0.0, 1.0) ** 4)[None, :]  # darker corners
    )
    wt = w_tongue[..., None]
    colour = throat * (1.0 - wt) + tongue * wt
    return (colour * shade[..., None]).astype(np.float32)
