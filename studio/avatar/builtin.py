"""The built-in demo presenter: scikit-image's public-domain astronaut portrait."""

from __future__ import annotations

import numpy as np


def demo_portrait() -> np.ndarray:
    """The demo presenter (RGB), a real face that loads offline."""
    from skimage import data  # scikit-image is imported only for its sample picture

    return data.astronaut()
