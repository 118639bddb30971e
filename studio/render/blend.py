"""Fast blending of overlays and mattes onto BGR frames, in integer arithmetic.

Overlays that do not change per frame are prepared once (premultiplied colour and
inverse alpha as uint16), so blending a label or a card costs a few multiply-adds on
its own rectangle only.
"""

from __future__ import annotations

import cv2
import numpy as np


class Overlay:
    """An RGBA image prepared for repeated blending onto BGR frames.

    Stored premultiplied (colour * alpha) with its inverse alpha, both uint8, so a draw
    is one saturating multiply and one add with OpenCV's SIMD kernels:
    out = dst * (255 - a) / 255 + colour * a / 255.
    """

    def __init__(self, pre: np.ndarray, inv: np.ndarray, opaque: bool) -> None:
        self.pre, self.inv, self.opaque = pre, inv, opaque
        self._scratch = np.empty_like(pre)

    @property
    def size(self) -> tuple[int, int]:
        h, w = self.pre.shape[:2]
        return w, h

    @classmethod
    def from_rgba(cls, rgba: np.ndarray) -> Overlay:
        rgba = np.ascontiguousarray(rgba)
        a = rgba[..., 3]
        a3 = cv2.merge([a, a, a])
        bgr = np.ascontiguousarray(rgba[..., 2::-1])
        pre = cv2.multiply(bgr, a3, scale=1 / 255)
        return cls(pre=pre, inv=cv2.bitwise_not(a3), opaque=bool((a == 255).all()))

    def draw(self, frame: np.ndarray, x: int, y: int) -> None:
        """Blend onto ``frame`` (BGR uint8) in place at (x, y), clipped to the frame."""
        fh, fw = frame.shape[:2]
        h, w = self.pre.shape[:2]
        x0, y0, x1, y1 = max(0, x), max(0, y), min(fw, x + w), min(fh, y + h)
        if x0 >= x1 or y0 >= y1:
            return
        sy, sx = slice(y0 - y, y1 - y), slice(x0 - x, x1 - x)
        if self.opaque:
            frame[y0:y1, x0:x1] = self.pre[sy, sx]
            return
        if (x0, y0, x1, y1) == (x, y, x + w, y + h):  # the usual case: wholly inside
            tmp, inv, pre = self._scratch, self.inv, self.pre
        else:
            tmp = np.empty((y1 - y0, x1 - x0, 3), dtype=np.uint8)
            inv, pre = (
                np.ascontiguousarray(self.inv[sy, sx]),
                np.ascontiguousarray(self.pre[sy, sx]),
            )
        tmp[:] = frame[y0:y1, x0:x1]
        cv2.multiply(tmp, inv, dst=tmp, scale=1 / 255)
        cv2.add(tmp, pre, dst=tmp)
        frame[y0:y1, x0:x1] = tmp


class MatteBlender:
    """Put a BGR image over a frame through an alpha matte, with reusable buffers.

    OpenCV's saturating uint8 kernels (SIMD) do the arithmetic. The scratch buffers are
    kept between frames: fresh multi-megabyte arrays each frame cost more in page faults
    than the blend itself. One blender per thread.
    """

    def __init__(self) -> None:
        self._buf: dict[str, np.ndarray] = {}

    def _scratch(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        buf = self._buf.get(name)
        if buf is None or buf.shape != shape:
            buf = self._buf[name] = np.empty(shape, dtype=np.uint8)
        return buf

    def blend(self, dst: np.ndarray, src: np.ndarray, alpha: np.ndarray, x: int, y: int) -> None:
        """``alpha`` is uint8, or float 0..1; everything is clipped to ``dst``."""
        fh, fw = dst.shape[:2]
        h, w = src.shape[:2]
        x0, y0, x1, y1 = max(0, x), max(0, y), min(fw, x + w), min(fh, y + h)
        if x0 >= x1 or y0 >= y1:
            return
        sy, sx = slice(y0 - y, y1 - y), slice(x0 - x, x1 - x)
        shape3 = (y1 - y0, x1 - x0, 3)
        a = alpha[sy, sx]
        a1 = self._scratch("a1", shape3[:2])
        if a.dtype == np.uint8:
            a1[:] = a
        else:
            cv2.convertScaleAbs(a, dst=a1, alpha=255.0)
        a3 = self._scratch("a3", shape3)
        cv2.merge([a1, a1, a1], dst=a3)
        fg, bg = self._scratch("fg", shape3), self._scratch("bg", shape3)
        fg[:] = src[sy, sx]
        bg[:] = dst[y0:y1, x0:x1]
        cv2.multiply(fg, a3, dst=fg, scale=1 / 255)
        cv2.bitwise_not(a3, dst=a3)
        cv2.multiply(bg, a3, dst=bg, scale=1 / 255)
        cv2.add(fg, bg, dst=fg)
        dst[y0:y1, x0:x1] = fg


def composite_matte(dst: np.ndarray, src: np.ndarray, alpha: np.ndarray, x: int, y: int) -> None:
    """One-off matte blend (allocates its buffers); use a ``MatteBlender`` per frame loop."""
    MatteBlender().blend(dst, src, alpha, x, y)
