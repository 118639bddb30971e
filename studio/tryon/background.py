"""Background removal for product photos without alpha (``--remove-background``).

A simple matting step for the common product shot on a plain backdrop: the backdrop
colour is the median of the image border; pixels close to it *and connected to the
border* are background (so a white print inside a dark shirt stays). It refuses, with
a clear message, when the border is not near-uniform or nothing is left.
"""

from __future__ import annotations

import cv2
import numpy as np

from studio.core.errors import InputError

UNIFORM_FRACTION = 0.85  # of border pixels that must be near the backdrop colour


def remove_background(bgr: np.ndarray, name: str = "the image") -> np.ndarray:
    """Alpha (uint8) for ``bgr``: 0 on the backdrop, 255 on the product, soft 1 px edge."""
    lab = cv2.cvtColor(bgr, cv2.COLOR_BGR2LAB).astype(np.float32)
    border = np.concatenate([lab[0], lab[-1], lab[:, 0], lab[:, -1]])
    backdrop = np.median(border, axis=0)
    border_dist = np.linalg.norm(border - backdrop, axis=1)
    tol = float(max(12.0, np.percentile(border_dist, 90) * 2.5))
    if np.mean(border_dist <= tol) < UNIFORM_FRACTION or tol > 40:
        raise InputError(
            f"{name} has no alpha channel and its background is not a plain colour",
            hint="use a PNG with a transparent background, or photograph the product on a "
            "plain backdrop",
        )
    near = (np.linalg.norm(lab - backdrop, axis=2) <= tol).astype(np.uint8)
    n, labels = cv2.connectedComponents(near, connectivity=4)
    edge_labels = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    edge_labels = edge_labels[edge_labels > 0]
    background = np.isin(labels, edge_labels)
    alpha = np.where(background, 0, 255).astype(np.uint8)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (3, 3))
    alpha = cv2.morphologyEx(alpha, cv2.MORPH_OPEN, kernel)
    frac = float(np.mean(alpha > 127))
    if not 0.03 <= frac <= 0.97:
        raise InputError(
            f"background removal left {frac:.0%} of {name}: the product cannot be told "
            "from the backdrop",
            hint="use a PNG with a transparent background, or a backdrop that contrasts "
            "with the product",
        )
    return cv2.GaussianBlur(alpha, (3, 3), 0)
