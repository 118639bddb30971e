"""Where the presenter goes on the canvas, and at what size she is rendered.

A scene whose background is the presenter's own picture shows her either filling the
canvas (``cover``: scaled until no border is left, the rest cropped) or whole inside it
(``contain``: over a blurred, enlarged copy of her own picture, the way vertical platforms
show a square or landscape clip). ``auto`` takes ``cover`` unless that would cut her head
or throw away more than a third of her picture, which is what a 512x512 or landscape clone
would suffer in a vertical room. A scene with another background puts her in its box
(``[avatar] x, y, height``), cut out by her matte or as a picture.

``zoom`` (a close-up shot) renders her larger and keeps the window around her head.
"""

from __future__ import annotations

from dataclasses import dataclass

FIT_MODES = ("auto", "cover", "contain")
MAX_COVER_LOSS = 1 / 3  # auto: more of her picture than this cropped away -> contain
HEAD_MARGIN = 0.25  # of the face's height: hair above, chin and neck below


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    w: int
    h: int


@dataclass(frozen=True)
class HeadBox:
    """Her head in her own picture, as fractions of its width and height."""

    x0: float
    y0: float
    x1: float
    y1: float

    @classmethod
    def of_face(cls, box: tuple[float, float, float, float], size: tuple[int, int]) -> HeadBox:
        """From a face box in pixels (landmarks' extent), with room for hair and chin."""
        (x0, y0, x1, y1), (w, h) = box, size
        m = HEAD_MARGIN * (y1 - y0)
        return cls((x0 - m) / w, (y0 - 2 * m) / h, (x1 + m) / w, (y1 + m) / h)

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2


def cover_loss(src_aspect: float, canvas_aspect: float) -> float:
    """The share of her picture that ``cover`` crops away (0 when the aspects match)."""
    return 1.0 - min(src_aspect, canvas_aspect) / max(src_aspect, canvas_aspect)


def cover_window(src_aspect: float, canvas_aspect: float) -> tuple[float, float, float, float]:
    """What ``cover`` keeps of her picture (centred), as fractions (x0, y0, x1, y1)."""
    if src_aspect > canvas_aspect:  # wider than the canvas: the sides go
        f = canvas_aspect / src_aspect
        return (0.5 - f / 2, 0.0, 0.5 + f / 2, 1.0)
    f = src_aspect / canvas_aspect
    return (0.0, 0.5 - f / 2, 1.0, 0.5 + f / 2)


def choose_fit(
    mode: str, src_aspect: float, canvas_aspect: float, head: HeadBox | None = None
) -> str:
    """``cover`` or ``contain`` for a presenter filling the canvas (see the module)."""
    if mode in ("cover", "contain"):
        return mode
    if cover_loss(src_aspect, canvas_aspect) > MAX_COVER_LOSS:
        return "contain"
    if head is not None:
        x0, y0, x1, y1 = cover_window(src_aspect, canvas_aspect)
        if head.x0 < x0 or head.x1 > x1 or head.y0 < y0 or head.y1 > y1:
            return "contain"
    return "cover"


def contain_rect(src_aspect: float, w: int, h: int) -> Rect:
    """Her whole picture inside a w x h canvas, centred."""
    if src_aspect > w / h:
        ch = max(2, round(w / src_aspect))
        return Rect(0, (h - ch) // 2, w, ch)
    cw = max(2, round(h * src_aspect))
    return Rect((w - cw) // 2, 0, cw, h)


def suits_vertical(size: tuple[int, int], head: HeadBox | None = None) -> bool:
    """Whether a clip of ``size`` fills a 9:16 room (``auto`` picks ``cover`` for it)."""
    w, h = size
    return choose_fit("auto", w / h, 9 / 16, head) == "cover"
