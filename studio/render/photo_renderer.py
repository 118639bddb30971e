"""Animate a one-photo avatar: mouth, blinks and head motion by piecewise-affine warping.

The portrait's face mesh is the rig. Per frame the landmarks are moved (jaw drop and
lip spread for the mouth, upper lids for a blink, a small rotation about the neck for
head motion), the image is warped onto the moved points, and the mouth opening is
filled with a rendered interior (shaded from her own lip colour: ``mouth_interior``; the
presenter's own upper and lower teeth carried with their lips). The resting mouth is
closed, whatever the photo shows; the warp reads the photo with its mouth opening filled
in from the lips, so closed lips never show the photo's teeth or gap between them.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from studio.avatar import landmarks as L
from studio.avatar.photo import PhotoAvatar
from studio.render.mouth_interior import interior_tones, lip_colour, paint_cavity
from studio.render.warp import PiecewiseAffineWarp, delaunay

# The lips are drawn 2x finer and averaged down: where they press together the warp jumps
# from one lip to the other, and one sample per pixel drew that as a jagged edge with
# specks of whatever lay between her lips in the photo (teeth, the dark gap).
LIP_SUPERSAMPLE = 2
LIP_BOX_PAD = 0.06  # of the interocular distance around the lip landmarks
LOWER_LIP_NUDGE = 0.08  # of the photo's lip gap: the lower lip's inner edge, into the lip
TEETH_SPLIT = 0.8  # fraction of the photo's lip gap taken as upper teeth
LOWER_TEETH_DIM, LOWER_TEETH_OPACITY = 0.55, 0.35  # shadowed, mostly the interior's tone
OPEN_RAMP_PX = 3.0  # the painted interior fades in over the first pixels of lip gap


# A ring of points inside a lip, its inner and outer contour, and where each of its points
# lies between the two (0 on the inner, 1 on the outer).
LipRing = tuple[list[int], list[int], list[int], np.ndarray]


@dataclass(frozen=True)
class MouthPose:
    """Inner-lip gap and mouth-width change, both relative to the inter-ocular distance."""

    open: float = 0.0  # lip gap / inter-ocular distance (0 = closed, ~0.35 = wide open)
    width: float = 0.0  # relative width change (-0.2 rounded ... +0.15 spread)


@dataclass(frozen=True)
class HeadPose:
    """Small head motion: roll in degrees, shift in inter-ocular units."""

    roll_deg: float = 0.0
    dx: float = 0.0
    dy: float = 0.0


def _smoothstep(x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3 - 2 * x)


def _teeth_likeness(bgr: np.ndarray) -> np.ndarray:
    """0..1 per pixel: bright and grey (a tooth) rather than dark or red (gap, gum, lip)."""
    lum = bgr.mean(axis=2)
    sat = bgr.max(axis=2) - bgr.min(axis=2)
    return _smoothstep((lum - 90.0) / 60.0) * _smoothstep((110.0 - sat) / 50.0)


def _lip_likeness(bgr: np.ndarray) -> np.ndarray:
    """0..1 per pixel: red and not dark (lip) rather than grey-white (tooth) or shadow."""
    lum = bgr.mean(axis=2)
    redness = (bgr[..., 2] - bgr[..., 1]) / np.maximum(bgr[..., 2], 1.0)
    return _smoothstep((redness - 0.10) / 0.08) * _smoothstep((lum - 60.0) / 40.0)


def _lip_taper(n: int) -> np.ndarray:
    """0 at the two mouth corners rising to 1 in the middle of a lip contour of n points."""
    return np.sin(np.linspace(0.0, np.pi, n)) ** 0.6


class PhotoAvatarRenderer:
    """Renders frames of a ``PhotoAvatar`` for given mouth, head and blink states."""

    def __init__(self, avatar: PhotoAvatar, matte: np.ndarray | None = None) -> None:
        """``matte`` (float32 0..1, plate size) is warped along when given, for cut-outs."""
        self.avatar = avatar
        self.plate = avatar.plate
        self.matte = matte
        w, h = avatar.size
        face = self._lip_boundary(avatar.face.points.astype(np.float64))
        self.iod = avatar.face.interocular
        self._face_center = face[L.FACE_OVAL].mean(axis=0)
        self._pivot = self._neck_pivot(face)

        ring_in = self._ring(face, 1.30)  # hair and ears: moves with the head
        ring_out = self._ring(face, 1.95)  # background: fixed
        border = self._border(w, h)
        self._n_face = len(face)
        self._n_moving = len(face) + len(ring_in)
        self._src = np.concatenate([face, ring_in, ring_out, border])
        self._src = np.clip(self._src, 0, [w - 1, h - 1])

        tris = delaunay(self._src, w, h)
        roi = self._roi(np.concatenate([ring_out]), w, h)
        # Coarse maps (step 2) everywhere but the mouth and eyes, where triangles collapse.
        self._warp = PiecewiseAffineWarp(self._src, tris, roi, step=2)
        self._taper = _lip_taper(len(L.LIP_INNER_UPPER))
        self._jaw_w = self._jaw_weights(face)
        self._rest = self._closed_mouth(face)
        self._spread_w = self._spread_weights(face)
        self._lip_rings = self._ring_fractions(face)
        self._tones = interior_tones(lip_colour(self.plate, avatar.face.points))
        self._warp_plate = self._closed_plate(face)
        self._upper_teeth_alpha = self._upper_teeth_weights(face)

    # -- rig construction ------------------------------------------------------------
    def _neck_pivot(self, face: np.ndarray) -> np.ndarray:
        face_h = face[L.CHIN, 1] - face[L.FOREHEAD, 1]
        return face[L.CHIN] + [0.0, 0.45 * face_h]

    def _ring(self, face: np.ndarray, factor: float) -> np.ndarray:
        oval = face[L.FACE_OVAL]
        return self._face_center + (oval - self._face_center) * factor

    @staticmethod
    def _border(w: int, h: int, step: int = 120) -> np.ndarray:
        xs = np.linspace(0, w - 1, max(2, w // step + 1))
        ys = np.linspace(0, h - 1, max(2, h // step + 1))
        top = np.stack([xs, np.zeros_like(xs)], 1)
        bottom = np.stack([xs, np.full_like(xs, h - 1)], 1)
        left = np.stack([np.zeros_like(ys[1:-1]), ys[1:-1]], 1)
        right = np.stack([np.full_like(ys[1:-1], w - 1), ys[1:-1]], 1)
        return np.concatenate([top, bottom, left, right])

    @staticmethod
    def _roi(pts: np.ndarray, w: int, h: int, margin: float = 2.0) -> tuple[int, int, int, int]:
        x0, y0 = np.floor(pts.min(axis=0) - margin).astype(int)
        x1, y1 = np.ceil(pts.max(axis=0) + margin).astype(int)
        return max(0, x0), max(0, y0), min(w, x1 + 1), min(h, y1 + 1)

    @staticmethod
    def _lip_boundary(face: np.ndarray) -> np.ndarray:
        """Nudge the inner lip points onto the lip edges.

        Face mesh tends to put the inner upper lip a little into the upper teeth of an
        open smile, and the lower lip's inner edge touches the tips of those teeth;
        closing the mouth from there would leave a line of teeth showing, and a lip
        pixel sampled on the contour is half tooth. The nudges never cross the outer
        lip contours.
        """
        up, lo = np.array(L.LIP_INNER_UPPER[1:-1]), np.array(L.LIP_INNER_LOWER[1:-1])
        oup = np.array(L.LIP_OUTER_UPPER[1:-1])
        olo = np.array(L.LIP_OUTER_LOWER[1:-1])
        gap = np.linalg.norm(face[lo] - face[up], axis=1)
        lip = np.linalg.norm(face[up] - face[oup], axis=1)
        lower_lip = np.linalg.norm(face[lo] - face[olo], axis=1)
        rings = PhotoAvatarRenderer._ring_fractions(face)
        moved = face.copy()
        moved[up, 1] -= np.minimum(0.1 * gap, 0.4 * lip)
        moved[lo, 1] += np.minimum(LOWER_LIP_NUDGE * gap, 0.3 * lower_lip)
        # The rings inside the lips keep their places between the contours (a contour
        # nudged past one would put a lip triangle over the teeth).
        for mid, inner, _outer, t in rings:
            moved[mid] += (moved[inner] - face[inner]) * (1.0 - t[:, None])
        return moved

    def _closed_mouth(self, face: np.ndarray) -> np.ndarray:
        """The rest shape: the jaw closes until the lower lip meets the upper lip.

        Closing by the jaw (not by squeezing both lips) keeps a thin smiling upper lip
        thin and the lower lip its own shape, as a real closed mouth does.
        """
        rest = face.copy()
        up, lo = L.LIP_INNER_UPPER[1:-1], L.LIP_INNER_LOWER[1:-1]
        gap = face[lo, 1] - face[up, 1]
        jaw = self._jaw_weights(face)
        rest[:, 1] -= jaw * float(gap.max()) * 0.9
        # The lips meet exactly where the upper lip now is (the jaw moved it a little too):
        # a sub-pixel gap left between them showed the photo's teeth as a broken line.
        rest[lo] = rest[up]
        # The lower lip's outer edge rises as much as its inner edge does at the same x,
        # which tapers to nothing at the corners (by index, a point near a corner rose by
        # the gap of a point further in and poked up through the upper lip there).
        inner = L.LIP_INNER_LOWER
        rise = face[inner, 1] - rest[inner, 1]
        rise[[0, -1]] = 0.0
        olo = L.LIP_OUTER_LOWER[1:-1]
        rest[olo, 1] = face[olo, 1] - np.interp(face[olo, 0], face[inner, 0], rise)
        return rest

    def _closed_plate(self, face: np.ndarray) -> np.ndarray:
        """The plate with the photo's mouth opening filled in from the lips around it.

        The warp never shows the photo's own opening: the interior is painted over it
        when the mouth is open, and where the lips meet or part by less than a pixel, a
        sample that falls in the opening (or on its edge) is lip, not a speck of tooth
        or of the dark gap. The teeth are still taken from ``self.plate``.
        """
        up, lo = L.LIP_INNER_UPPER, L.LIP_INNER_LOWER
        poly = np.concatenate([face[up], face[lo][::-1]])
        h, w = self.plate.shape[:2]
        x0, y0, x1, y1 = self._roi(poly, w, h, margin=8.0)
        hole = np.zeros((y1 - y0, x1 - x0), np.uint8)
        pts = np.round((poly - [x0, y0]) * 16).astype(np.int32)
        cv2.fillPoly(hole, [pts], 255, cv2.LINE_8, shift=4)
        hole = cv2.dilate(hole, np.ones((3, 3), np.uint8))  # edge pixels are half tooth
        plate = self.plate.copy()
        plate[y0:y1, x0:x1] = cv2.inpaint(plate[y0:y1, x0:x1], hole, 3, cv2.INPAINT_TELEA)
        return plate

    def _upper_teeth_weights(self, face: np.ndarray) -> np.ndarray:
        """Plate-sized float32: 0 where the photo's lower lip lies under the upper teeth.

        The upper teeth strip moves rigidly with the upper lip; near the corners the
        photo's lower lip lies within it, and carried along it drew a light line across
        the open mouth.
        """
        lo = face[L.LIP_INNER_LOWER]
        band = np.concatenate([lo + [0.0, -6.0], (lo + [0.0, 6.0])[::-1]])  # teeth: not lip
        h, w = self.plate.shape[:2]
        x0, y0, x1, y1 = self._roi(band, w, h, margin=2.0)
        near = self._poly_mask(band, (x0, y0, x1, y1), blur=0.0)
        alpha = np.ones((h, w), np.float32)
        lipness = _lip_likeness(self.plate[y0:y1, x0:x1].astype(np.float32))
        alpha[y0:y1, x0:x1] = cv2.GaussianBlur(1.0 - lipness * near, (0, 0), 0.7)
        return alpha

    @staticmethod
    def _ring_fractions(face: np.ndarray) -> list[LipRing]:
        """(mid ring, inner contour, outer contour, where each mid point lies between the
        two: 0 on the inner, 1 on the outer) for the four rings inside the lips."""
        out = []
        for mids, inner, outer in (
            (L.LIP_MID_UPPER, L.LIP_INNER_UPPER, L.LIP_OUTER_UPPER),
            (L.LIP_MID_LOWER, L.LIP_INNER_LOWER, L.LIP_OUTER_LOWER),
        ):
            span = face[outer] - face[inner]
            for mid in mids:
                along = ((face[mid] - face[inner]) * span).sum(axis=1)
                t = np.clip(along / np.maximum((span**2).sum(axis=1), 1e-6), 0.0, 1.0)
                out.append((mid, inner, outer, t))
        return out

    def _carry_lip_rings(self, face: np.ndarray) -> None:
        """Move the rings inside each lip with its two contours (in place).

        The jaw weights alone moved them less than the contours when the mouth closed (the
        lower lip rises by the whole gap), so the lip's triangles folded over each other:
        a jagged lower-lip edge with specks of the photo's mouth gap along it.
        """
        src = self._src
        for mid, inner, outer, t in self._lip_rings:
            x = src[mid, 0]
            d_in, d_out = face[inner] - src[inner], face[outer] - src[outer]
            # Each contour's move where the ring point is (by x, not by index: near a
            # corner the contours' points of one index lie a few pixels apart).
            d_in = np.stack([np.interp(x, src[inner, 0], d_in[:, k]) for k in (0, 1)], 1)
            d_out = np.stack([np.interp(x, src[outer, 0], d_out[:, k]) for k in (0, 1)], 1)
            face[mid] = src[mid] + d_in + (d_out - d_in) * t[:, None]

    def _jaw_weights(self, face: np.ndarray) -> np.ndarray:
        """How much each landmark follows the jaw when the mouth opens (0..1)."""
        corners_y = (face[L.LIP_INNER_UPPER[0], 1] + face[L.LIP_INNER_UPPER[-1], 1]) / 2
        lower_lip_y = face[L.LIP_OUTER_LOWER[1:-1], 1].max()
        mx = face[L.LIP_INNER_UPPER + L.LIP_INNER_LOWER, 0].mean()
        half_w = (face[:, 0].max() - face[:, 0].min()) / 2
        vert = _smoothstep((face[:, 1] - corners_y) / max(1.0, lower_lip_y - corners_y))
        horiz = np.clip(1 - ((face[:, 0] - mx) / half_w) ** 2, 0.15, 1.0)
        w = vert * horiz
        # Along the lower lip the opening tapers to the corners, so the open mouth is an
        # oval rather than a box.
        w[L.LIP_INNER_LOWER] = _lip_taper(len(L.LIP_INNER_LOWER))
        w[L.LIP_OUTER_LOWER] = np.maximum(_lip_taper(len(L.LIP_OUTER_LOWER)), 0.5)
        w[[L.LIP_OUTER_LOWER[0], L.LIP_OUTER_LOWER[-1]]] = 0.0
        return w

    def _spread_weights(self, face: np.ndarray) -> np.ndarray:
        """How much each landmark follows a change of mouth width (lips 1, cheeks less)."""
        lips = face[L.LIPS_ALL]
        center = lips.mean(axis=0)
        half_w = (lips[:, 0].max() - lips[:, 0].min()) / 2
        r = np.linalg.norm((face - center) / [half_w, half_w * 0.8], axis=1)
        return np.where(r <= 1.1, 1.0, np.exp(-(((r - 1.1) / 0.5) ** 2)))

    # -- per frame -------------------------------------------------------------------
    def _target_points(self, mouth: MouthPose, head: HeadPose, blink: float) -> np.ndarray:
        face = self._rest.copy()
        iod = self.iod
        gap = max(0.0, mouth.open) * iod
        face[:, 1] += self._jaw_w * gap * 0.85
        face[L.LIP_INNER_UPPER, 1] -= gap * 0.15 * self._taper
        face[L.LIP_OUTER_UPPER, 1] -= gap * 0.15 * self._taper
        mc = face[L.LIP_INNER_UPPER + L.LIP_INNER_LOWER].mean(axis=0)
        face[:, 0] += (face[:, 0] - mc[0]) * mouth.width * self._spread_w
        self._carry_lip_rings(face)
        if blink > 0:
            self._close_eyes(face, blink)
        pts = self._src.copy()
        pts[: self._n_face] = face
        # Head motion: rotate the head (face and hair ring) about the neck, then shift.
        theta = np.deg2rad(head.roll_deg)
        rot = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
        moving = pts[: self._n_moving] - self._pivot
        pts[: self._n_moving] = moving @ rot.T + self._pivot + [head.dx * iod, head.dy * iod]
        return pts

    @staticmethod
    def _close_eyes(face: np.ndarray, amount: float) -> None:
        for upper, lower, fold in (
            (L.RIGHT_EYE_UPPER, L.RIGHT_EYE_LOWER, L.RIGHT_EYE_UPPER_FOLD),
            (L.LEFT_EYE_UPPER, L.LEFT_EYE_LOWER, L.LEFT_EYE_UPPER_FOLD),
        ):
            up, lo = np.array(upper[1:-1]), np.array(lower[1:-1])
            delta = (face[lo] * 0.95 + face[up] * 0.05 - face[up]) * amount
            face[up] += delta
            face[fold, 1] += delta[:, 1].mean() * 0.35
        for iris, lower in ((L.RIGHT_IRIS, L.RIGHT_EYE_LOWER), (L.LEFT_IRIS, L.LEFT_EYE_LOWER)):
            # Squash the iris towards the lower lid so no triangle folds over the lid.
            floor = face[lower, 1].max()
            face[iris, 1] = floor - (floor - face[iris, 1]) * (1 - amount * 0.95)

    def render(
        self, mouth: MouthPose = MouthPose(), head: HeadPose = HeadPose(), blink: float = 0.0
    ) -> np.ndarray:
        """One BGR frame of the avatar at canvas size."""
        return self.render_with_matte(mouth, head, blink)[0]

    def render_with_matte(
        self, mouth: MouthPose = MouthPose(), head: HeadPose = HeadPose(), blink: float = 0.0
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """The frame and, when the renderer has a matte, the matte moved with the head."""
        dst = self._target_points(mouth, head, blink)
        plate = self._warp_plate
        images = [plate] if self.matte is None else [plate, self.matte]
        lips = self._box(dst[L.LIPS_ALL], LIP_BOX_PAD * self.iod)
        warped = self._warp.apply_many(
            images, dst, self._exact_regions(dst), [lips], LIP_SUPERSAMPLE
        )
        frame = warped[0]
        if mouth.open > 0.0:
            self._paint_mouth_interior(frame, dst)
        return frame, (warped[1] if self.matte is not None else None)

    def _exact_regions(self, dst: np.ndarray) -> list[tuple[int, int, int, int]]:
        """Mouth and eye boxes (with a margin) where the warp must be exact."""
        return [
            self._box(dst[idx], 0.25 * self.iod)
            for idx in (
                L.LIPS_ALL,
                L.RIGHT_EYE_UPPER + L.RIGHT_EYE_LOWER + L.RIGHT_EYE_UPPER_FOLD,
                L.LEFT_EYE_UPPER + L.LEFT_EYE_LOWER + L.LEFT_EYE_UPPER_FOLD,
            )
        ]

    @staticmethod
    def _box(pts: np.ndarray, pad: float) -> tuple[int, int, int, int]:
        (x0, y0), (x1, y1) = pts.min(axis=0) - pad, pts.max(axis=0) + pad
        return int(x0), int(y0), int(x1) + 1, int(y1) + 1

    # -- mouth interior --------------------------------------------------------------
    def _paint_mouth_interior(self, frame: np.ndarray, dst: np.ndarray) -> None:
        src = self._src
        up, lo = L.LIP_INNER_UPPER, L.LIP_INNER_LOWER
        # Where the upper teeth end in the photo: most of a smile's opening is upper teeth.
        mid_src = src[up] + (src[lo] - src[up]) * TEETH_SPLIT
        # ... and stop short of her lower lip, which near the corners is within a pixel of
        # that line: carried with the upper lip it drew a light line across the mouth.
        mid_src[:, 1] = np.maximum(np.minimum(mid_src[:, 1], src[lo, 1] - 2.5), src[up, 1])
        interior_poly = np.concatenate([dst[up], dst[lo][::-1]])
        gap_px = float((dst[lo, 1] - dst[up, 1]).max())
        if gap_px <= 0.05:
            return
        # Only the opening's box (and its soft edge) changes.
        h, w = frame.shape[:2]
        x0, y0, x1, y1 = self._box(interior_poly, 4.0)
        x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
        if x1 - x0 < 2 or y1 - y0 < 2:
            return
        mask = self._poly_mask(interior_poly, (x0, y0, x1, y1), blur=1.2)
        mask *= min(1.0, gap_px / OPEN_RAMP_PX)  # from lips that meet to the interior
        roi = frame[y0:y1, x0:x1].astype(np.float32)
        inner = paint_cavity(
            mask.shape, dst[up] - [x0, y0], dst[lo] - [x0, y0], self._tones, gap_px / self.iod
        )
        # Lower teeth (shadowed), then upper teeth in front: each strip of the photo's own
        # mouth moves rigidly with its lip. Of the lower strip only what looks like teeth
        # is kept: in a smile it is mostly the dark gap, which the interior replaces.
        for lip, dim, overlap in ((lo, LOWER_TEETH_DIM, 0.0), (up, 1.0, -1.0)):
            strip_src = np.concatenate([src[lip], mid_src[::-1]])
            strip_dst = np.concatenate([dst[lip], (mid_src + dst[lip] - src[lip])[::-1]])
            aff, _ = cv2.estimateAffine2D(strip_src, strip_dst, method=cv2.LMEDS)
            if aff is None:
                continue
            aff = aff.copy()
            aff[:, 2] -= (x0, y0)  # straight into the mouth ROI, not the whole frame
            size = (x1 - x0, y1 - y0)
            teeth = cv2.warpAffine(self.plate, aff, size).astype(np.float32)
            # The upper teeth reach a pixel under the upper lip's edge: no dark rim there.
            edge = np.concatenate([dst[lip] + [0.0, overlap], strip_dst[len(lip) :]])
            tmask = self._poly_mask(edge, (x0, y0, x1, y1), blur=0.8)
            if dim < 1.0:
                tmask *= LOWER_TEETH_OPACITY * _teeth_likeness(teeth)
            else:
                tmask *= cv2.warpAffine(self._upper_teeth_alpha, aff, size)
            tmask = tmask[..., None]
            inner = inner * (1 - tmask) + teeth * dim * tmask
        m = mask[..., None]
        frame[y0:y1, x0:x1] = np.clip(roi * (1 - m) + inner * m, 0, 255).astype(np.uint8)

    @staticmethod
    def _poly_mask(poly: np.ndarray, roi: tuple[int, int, int, int], blur: float) -> np.ndarray:
        x0, y0, x1, y1 = roi
        mask = np.zeros((y1 - y0, x1 - x0), dtype=np.uint8)
        shift = 4
        pts = np.round((poly - [x0, y0]) * (1 << shift)).astype(np.int32)
        cv2.fillPoly(mask, [pts], 255, lineType=cv2.LINE_AA, shift=shift)
        out = mask.astype(np.float32) / 255.0
        if blur > 0:
            out = cv2.GaussianBlur(out, (0, 0), blur)
        return out
