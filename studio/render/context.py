"""What one output frame is drawn from: the context every compositor layer reads.

OBS's sources and filters are the model: a layer is a small object with one ``draw``
method that takes the frame and this context, so a new overlay is a new file in
``render/layers`` and no signature elsewhere changes. The director fills the context
(frame number, the presenter as rendered, her outfit, the subtitle, the product on the
card); the compositor adds where the presenter goes on the canvas (``placement``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class ProductInfo:
    """What the product card shows. Money in integer cents: never floats for prices."""

    name: str
    price_cents: int
    original_price_cents: int | None = None
    currency: str = "¥"
    image: str = ""  # path; a drawn placeholder when empty or unreadable
    stock: int | None = None  # units left, for the "limited stock" line


@dataclass(frozen=True)
class SubtitleState:
    """What is being said: the utterance text and the active word's character span."""

    text: str
    word_start: int = -1  # char offsets into ``text``; -1 when between words
    word_end: int = -1


class TryOnDrawable(Protocol):
    """Draws try-on patches onto the frame; (x, y) is the avatar's top-left on the canvas
    and ``scale`` the factor the avatar was resized by after it was rendered."""

    def draw(self, frame: np.ndarray, x: int, y: int, scale: float = 1.0) -> None: ...


@dataclass(frozen=True)
class Placement:
    """Where the rendered presenter lands on the canvas: the top-left of her picture and
    the factor it is resized by there (1.0 when it was rendered at its placed size)."""

    x: int
    y: int
    scale: float = 1.0
    is_canvas: bool = False  # she fills the canvas: the compositor started from her picture


@dataclass
class FrameContext:
    """Everything one output frame is drawn from; each layer reads what it needs."""

    frame_no: int
    avatar: np.ndarray | None = None  # the presenter as rendered (BGR)
    alpha: np.ndarray | None = None  # her matte, when the scene cuts her out
    outfit: TryOnDrawable | tuple[np.ndarray, np.ndarray] | None = None  # in her pixels
    subtitle: SubtitleState | None = None
    product: ProductInfo | None = None
    placement: Placement | None = None  # set by the compositor before the layers draw


class Layer(Protocol):
    """One layer of the room (background, presenter, outfit, card, subtitles, ...)."""

    def draw(self, frame: np.ndarray, ctx: FrameContext) -> None: ...
