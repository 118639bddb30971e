"""The per-frame part of try-on: one warp and one blend per worn item.

Everything here reuses buffers allocated once per fit (fresh multi-megabyte arrays per
frame cost more in page faults than the arithmetic). Patches are BGRI (``bgri``):
warped bilinearly, occluders cut by filling their outlines with the transparent pixel
(anti-aliased edges scale colour and alpha together), and blended with two saturating
uint8 operations.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from studio.tryon.accessory_fit import AccessoryFit
from studio.tryon.bgri import NOTHING
from studio.tryon.garment_fit import GarmentFit

SUBPIXEL = 4  # outline vertices are rasterised at 1/16 px


@dataclass(frozen=True)
class Patch:
    """A BGRI image and where its top-left goes in the avatar's pixels; ``split`` is its
    colour and inverse alpha as 3-channel images, when a renderer keeps them (a still
    base frame: the blend is then two operations)."""

    bgri: np.ndarray
    x: int
    y: int
    split: tuple[np.ndarray, np.ndarray] | None = None


def split_bgri(bgri: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(colour BGR, inverse alpha in 3 channels) of a BGRI image."""
    pre = cv2.cvtColor(bgri, cv2.COLOR_BGRA2BGR)
    inv = np.empty_like(pre)
    cv2.mixChannels([bgri], [inv], [3, 0, 3, 1, 3, 2])
    return pre, inv


class PremultBlender:
    """Blends BGRI patches onto BGR frames with reusable scratch buffers."""

    def __init__(self) -> None:
        self._buf: dict[str, np.ndarray] = {}

    def scratch(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        buf = self._buf.get(name)
        if buf is None or buf.shape != shape:
            buf = self._buf[name] = np.empty(shape, dtype=np.uint8)
        return buf

    def blend(self, dst: np.ndarray, patch: Patch, x: int, y: int) -> None:
        """``dst`` (BGR) = dst * inverse / 255 + colour at (x, y), in place, clipped."""
        fh, fw = dst.shape[:2]
        h, w = patch.bgri.shape[:2]
        x0, y0, x1, y1 = max(0, x), max(0, y), min(fw, x + w), min(fh, y + h)
        if x0 >= x1 or y0 >= y1:
            return
        sy, sx = slice(y0 - y, y1 - y), slice(x0 - x, x1 - x)
        if patch.split is not None:
            pre, inv = patch.split[0][sy, sx], patch.split[1][sy, sx]
        else:
            src = patch.bgri[sy, sx]
            shape3 = (y1 - y0, x1 - x0, 3)
            pre = self.scratch("pre", shape3)
            inv = self.scratch("inv", shape3)
            cv2.cvtColor(src, cv2.COLOR_BGRA2BGR, dst=pre)
            cv2.mixChannels([src], [inv], [3, 0, 3, 1, 3, 2])
        roi = dst[y0:y1, x0:x1]  # a view: OpenCV writes into it in place
        cv2.multiply(roi, inv, dst=roi, scale=1 / 255)
        cv2.add(roi, pre, dst=roi)


class GarmentRenderer:
    """Renders a ``GarmentFit`` at a base frame: remap, shade, cut occluders."""

    def __init__(self, fit: GarmentFit) -> None:
        self.fit = fit
        w, h = fit.size
        self._map = np.empty((h, w, 2), np.float32)
        self._patch = np.empty((h, w, 4), np.uint8)
        self._shade = np.empty((h, w, 4), np.uint8)
        self._last = -1
        self._split: tuple[np.ndarray, np.ndarray] | None = None

    def render(self, k: int) -> Patch:
        fit = self.fit
        x, y = (int(v) for v in fit.offsets[k])
        if k == self._last:  # a still base frame (one-photo avatar): nothing to redo
            if self._split is None:  # and keep it ready to blend
                self._split = split_bgri(self._patch)
            return Patch(self._patch, x, y, self._split)
        self._split = None
        w, h = fit.size
        cv2.resize(fit.grids[k], (w, h), dst=self._map, interpolation=cv2.INTER_LINEAR)
        cv2.remap(
            fit.source,
            self._map,
            None,
            cv2.INTER_LINEAR,
            dst=self._patch,
            borderMode=cv2.BORDER_CONSTANT,
            borderValue=NOTHING,
        )
        if fit.shades is not None:
            cv2.resize(fit.shades[k], (w, h), dst=self._shade, interpolation=cv2.INTER_LINEAR)
            cv2.multiply(self._patch, self._shade, dst=self._patch, scale=1 / 128)
        for p in fit.occluders[k]:  # one call each: fillPoly leaves overlaps of a list empty
            poly = np.round(p * (1 << SUBPIXEL)).astype(np.int32)
            cv2.fillPoly(self._patch, [poly], NOTHING, lineType=cv2.LINE_AA, shift=SUBPIXEL)
        for cut in fit.cutouts[k]:
            _cut(self._patch, cut.x, cut.y, cut.mask())
        self._last = k
        return Patch(self._patch, x, y)


class AccessoryRenderer:
    """Renders an ``AccessoryFit`` at a base frame: one affine warp per copy."""

    def __init__(self, fit: AccessoryFit) -> None:
        self.fit = fit
        w, h = fit.size
        self._patches = [np.empty((h, w, 4), np.uint8) for _ in fit.placements]
        self._last = -1

    def render(self, k: int) -> list[Patch]:
        out = []
        w, h = self.fit.size
        for buf, pl in zip(self._patches, self.fit.placements, strict=True):
            if not pl.visible[k]:
                continue
            if k != self._last:
                src = (
                    self.fit.mirrored
                    if pl.flip and self.fit.mirrored is not None
                    else self.fit.source
                )
                cv2.warpAffine(
                    src,
                    pl.affines[k],
                    (w, h),
                    dst=buf,
                    flags=cv2.INTER_LINEAR,
                    borderMode=cv2.BORDER_CONSTANT,
                    borderValue=NOTHING,
                )
            out.append(Patch(buf, int(pl.offsets[k, 0]), int(pl.offsets[k, 1])))
        self._last = k
        return out


class TryOnFrame:
    """What the compositor draws for one output frame: the worn patches, or during a
    change of clothes both outfits and the share of the new one."""

    def __init__(
        self,
        patches: list[Patch],
        blender: PremultBlender,
        previous: list[Patch] | None = None,
        weight: float = 1.0,
    ) -> None:
        self.patches = patches
        self.previous = previous
        self.weight = weight
        self._blender = blender

    @property
    def empty(self) -> bool:
        return not self.patches and not self.previous

    def draw(self, frame: np.ndarray, x: int, y: int, scale: float = 1.0) -> None:
        """Blend onto ``frame`` with the avatar's top-left at (x, y); ``scale`` when the
        avatar was resized after the fit."""
        patches = [_scaled(p, scale) for p in self.patches] if scale != 1.0 else self.patches
        if self.previous is None or self.weight >= 1.0:
            for p in patches:
                self._blender.blend(frame, p, x + p.x, y + p.y)
            return
        previous = [_scaled(p, scale) for p in self.previous] if scale != 1.0 else self.previous
        box = _union([*patches, *previous], x, y, frame.shape[1], frame.shape[0])
        if box is None:
            return
        bx0, by0, bx1, by1 = box
        region = frame[by0:by1, bx0:bx1]
        old = self._blender.scratch("xfade_old", region.shape)
        new = self._blender.scratch("xfade_new", region.shape)
        old[:] = region
        new[:] = region
        for p in previous:
            self._blender.blend(old, p, x + p.x - bx0, y + p.y - by0)
        for p in patches:
            self._blender.blend(new, p, x + p.x - bx0, y + p.y - by0)
        cv2.addWeighted(old, 1.0 - self.weight, new, self.weight, 0.0, dst=old)
        frame[by0:by1, bx0:bx1] = old


def _cut(patch: np.ndarray, x: int, y: int, mask: np.ndarray) -> None:
    """Fade ``patch`` (BGRI) towards transparent by ``mask`` (uint8) placed at (x, y):
    colour * (255 - m) / 255, inverse alpha * (255 - m) / 255 + m."""
    ph, pw = patch.shape[:2]
    mh, mw = mask.shape
    x0, y0, x1, y1 = max(0, x), max(0, y), min(pw, x + mw), min(ph, y + mh)
    if x0 >= x1 or y0 >= y1:
        return
    m = np.ascontiguousarray(mask[y0 - y : y1 - y, x0 - x : x1 - x])
    keep = cv2.bitwise_not(m)
    zero = np.zeros_like(m)
    region = patch[y0:y1, x0:x1]  # a view, written in place
    cv2.multiply(region, cv2.merge([keep, keep, keep, keep]), dst=region, scale=1 / 255)
    cv2.add(region, cv2.merge([zero, zero, zero, m]), dst=region)


def _scaled(p: Patch, scale: float) -> Patch:
    h, w = p.bgri.shape[:2]
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return Patch(
        cv2.resize(p.bgri, size, interpolation=cv2.INTER_LINEAR),
        round(p.x * scale),
        round(p.y * scale),
    )


def _union(
    patches: list[Patch], x: int, y: int, fw: int, fh: int
) -> tuple[int, int, int, int] | None:
    if not patches:
        return None
    x0 = max(0, min(x + p.x for p in patches))
    y0 = max(0, min(y + p.y for p in patches))
    x1 = min(fw, max(x + p.x + p.bgri.shape[1] for p in patches))
    y1 = min(fh, max(y + p.y + p.bgri.shape[0] for p in patches))
    return (x0, y0, x1, y1) if x0 < x1 and y0 < y1 else None
