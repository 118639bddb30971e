"""The pixel format of try-on patches: premultiplied colour and *inverse* alpha, "BGRI".

With the fourth channel holding 255 - alpha, blending a patch onto a frame is
``frame * inverse / 255 + colour`` with no alpha inversion per frame; warping it
bilinearly is exact; and the transparent pixel is (0, 0, 0, 255), which is also what
warps fill outside the source and what occluder outlines are filled with.
"""

from __future__ import annotations

import numpy as np

NOTHING = (0, 0, 0, 255)


def to_bgri(bgra_premultiplied: np.ndarray) -> np.ndarray:
    """Premultiplied BGRA -> BGRI."""
    out = np.array(bgra_premultiplied, dtype=np.uint8, copy=True)
    out[..., 3] = 255 - out[..., 3]
    return out
