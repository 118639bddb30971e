"""Paste a source frame's lower face onto a base frame: aligned, feathered, colour-matched.

Geometry. Both frames have a similarity transform fitted on their STABLE landmarks (eye
corners, nose bridge) into the canonical face frame, so source pixels go to the output
by ``base_canonical_to_out @ source_to_canonical``: the source's lower face lands where
the base frame's skull says it belongs.

Which pixels. The mouth bank's crops are 80 px per inter-ocular distance (IOD) and end
at canonical x = +-1, y = 2.15; the jaw line reaches x = +-1.1 and the chin y = 2.0, so a
mask that covers the jaw with a margin does not fit in a crop, and an output face larger
than the avatar's own (a 512 px clip shown at 720x1280 is 2.5x) would be upsampled twice.
The pixels are therefore taken from the full source frame, warped once, straight into
output pixels; decoded regions are kept in a small LRU cache (a plan shows the same
source frame again at holds and in repeated idle stretches).

Mask. The region from just under the nose to below the chin, bounded by the jaw lines
of *both* frames (per point, whichever is farther out) plus a margin, larger at the
chin: when the source's jaw is more open than the base's, its chin is lower, and when
it is less open, the base's own chin must still be covered, or a double chin shows. The
top corners stay on the cheeks (inside the face) so the soft edge crosses skin, not the
background. The sides and the bottom fade out over ``feather`` IOD outside the fully
pasted polygon (a distance transform at reduced resolution, then a smoothstep); the top
fades along the face's vertical axis, between the lip tops and the nose bottom, so the
nose is never touched however short the upper lip.

Colour. Per frame, the median colour of a band of skin just inside its own mask edge
(under the nose, the cheeks beside the mouth; lips and chin left out) is measured on
the aligned bank crop; a frame's *light* is the median of that over the frames around
it, and the pasted region is scaled per channel by base light / source light. Light in
a video changes slowly; the frame-to-frame changes of the band belong to the mouth
(smile lines, shadows) and travel with it. The correction is a property of the two
frames: deterministic, and it does not flicker (measured: per-frame gains did).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace

import cv2
import numpy as np

from studio.avatar import landmarks as L
from studio.avatar.geometry import apply_affine, invert_affine
from studio.avatar.mouth import canonical_to_crop

# Face-oval points from one jaw angle round the chin to the other (subject's right first).
JAW_CHAIN = [172, 136, 150, 149, 176, 148, 152, 377, 400, 378, 379, 365, 397]
NOSE_BOTTOM = 2
LIP_TOP = 0
MASK_POINTS = np.array(JAW_CHAIN + [NOSE_BOTTOM, LIP_TOP] + list(L.LIPS_ALL))
_N_JAW = len(JAW_CHAIN)


@dataclass(frozen=True)
class MaskSpec:
    """Mask geometry in IOD units (see the module docstring)."""

    margin: float = 0.06  # the fully pasted region reaches this far beyond both jaw lines ...
    chin_margin: float = 0.12  # ... and this far below the chin (its shadow edge lies lower)
    feather: float = 0.16  # width of the soft edge outside it
    top: float = 0.45  # top edge between lip top (0) and nose bottom (1), as a fraction
    corner: float = 0.82  # top corners at this fraction of the jaw-angle half-width
    band: float = 0.2  # width of the skin band measured for colour, inside the jaw line
    lip_pad: float = 0.10  # lips (and this much around them) are left out of that band
    gain_limit: float = 0.25  # per-channel colour gain stays within 1 +- this
    light_window: int = 12  # frames each side over which a frame's light is measured


def top_edge(src_pts: np.ndarray, base_pts: np.ndarray, spec: MaskSpec) -> tuple[float, float]:
    """(lo, hi) canonical y of the mask's top edge: fully pasted below ``hi`` (between
    the lip tops and the nose), nothing above ``lo`` (never above the nose bottom)."""
    lip_top = min(src_pts[_N_JAW + 1, 1], base_pts[_N_JAW + 1, 1])
    nose = max(src_pts[_N_JAW, 1], base_pts[_N_JAW, 1])
    gap = max(lip_top - nose, 0.05)
    hi = lip_top - spec.top * gap
    return max(nose, hi - spec.feather), hi


def mask_polygon(
    src_pts: np.ndarray, base_pts: np.ndarray, spec: MaskSpec, lift: float = 0.0
) -> np.ndarray:
    """(P, 2) canonical polygon of the fully pasted region for two frames' MASK_POINTS
    (each (len(MASK_POINTS), 2), canonical units); ``lift`` raises its top edge (when a
    ``top_edge`` ramp cuts the top instead)."""
    jaw_s, jaw_b = src_pts[:_N_JAW], base_pts[:_N_JAW]
    y_top = top_edge(src_pts, base_pts, spec)[1]
    centre = np.array([0.5 * (jaw_b[0, 0] + jaw_b[-1, 0]), y_top])
    # Per jaw point, whichever frame's is farther from the mouth: covers both jaws.
    ds = np.linalg.norm(jaw_s - centre, axis=1)
    db = np.linalg.norm(jaw_b - centre, axis=1)
    jaw = np.where((ds > db)[:, None], jaw_s, jaw_b)
    out = jaw - centre
    out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-6)
    # The margin grows from the jaw angles to the chin (mediapipe's chin sits above the
    # visible edge, and the shadow under it must go with the chin).
    towards_chin = np.sin(np.linspace(0.0, np.pi, len(jaw)))
    margin = spec.margin + (spec.chin_margin - spec.margin) * towards_chin
    jaw = jaw + margin[:, None] * out
    left, right = jaw[0], jaw[-1]
    top_l = np.array([centre[0] + spec.corner * (left[0] - centre[0]), y_top - lift])
    top_r = np.array([centre[0] + spec.corner * (right[0] - centre[0]), y_top - lift])
    return np.vstack([top_l, jaw, top_r])


def feathered_mask(
    polygon: np.ndarray,
    roi: tuple[int, int, int, int],
    feather_px: float,
    ramp: tuple[np.ndarray, float, float] | None = None,
) -> np.ndarray:
    """(h, w) float32 for the ROI: 1 inside ``polygon`` (output px), smoothly 0 at
    ``feather_px`` outside it. Computed at reduced resolution: the edge is smooth anyway.

    ``ramp`` = (c, lo, hi): also fade in along the face's vertical axis, from 0 where
    c . (x, y, 1) <= lo to 1 where it is >= hi (c: the output -> canonical y row)."""
    x0, y0, x1, y1 = roi
    w, h = x1 - x0, y1 - y0
    f = max(1, int(feather_px / 6))  # keep ~6 samples across the soft edge
    sw, sh = max(2, -(-w // f)), max(2, -(-h // f))
    sx, sy = sw / w, sh / h
    pts = (polygon - [x0, y0]) * [sx, sy]
    inside = np.zeros((sh, sw), np.uint8)
    cv2.fillPoly(inside, [np.round(pts * 16).astype(np.int32)], 255, cv2.LINE_AA, shift=4)
    outside = cv2.distanceTransform(255 - (inside > 127).astype(np.uint8) * 255, cv2.DIST_L2, 3)
    t = np.clip(1.0 - outside / max(feather_px * sx, 1e-3), 0.0, 1.0)
    soft = t * t * (3 - 2 * t)
    if ramp is not None:
        c, lo, hi = ramp
        xs = x0 + (np.arange(sw, dtype=np.float64) + 0.5) / sx - 0.5
        ys = y0 + (np.arange(sh, dtype=np.float64) + 0.5) / sy - 0.5
        yc = c[0] * xs[None, :] + c[1] * ys[:, None] + c[2]
        r = np.clip((yc - lo) / max(hi - lo, 1e-6), 0.0, 1.0)
        soft = soft * (r * r * (3 - 2 * r))
    if (sw, sh) != (w, h):
        soft = cv2.resize(soft, (w, h), interpolation=cv2.INTER_LINEAR)
    return soft.astype(np.float32, copy=False)


def lower_face_mask(
    src_pts: np.ndarray,
    base_pts: np.ndarray,
    canon_to_out: np.ndarray,
    size: tuple[int, int],
    spec: MaskSpec,
) -> tuple[np.ndarray, tuple[int, int, int, int]] | None:
    """(soft mask, its ROI) in output pixels for pasting a frame with MASK_POINTS
    ``src_pts`` onto one with ``base_pts`` (canonical units; ``canon_to_out``: the base
    face's canonical frame -> output px; ``size``: output (w, h)); None when off-picture.
    """
    scale = float(np.hypot(canon_to_out[0, 0], canon_to_out[1, 0]))  # output px per IOD
    feather_px = spec.feather * scale
    lift = spec.feather
    poly = apply_affine(canon_to_out, mask_polygon(src_pts, base_pts, spec, lift=lift))
    roi = clip_roi(poly, feather_px + 1, size)
    if roi is None:
        return None
    lo, hi = top_edge(src_pts, base_pts, spec)
    c = invert_affine(np.asarray(canon_to_out, np.float64))[1]
    return feathered_mask(poly, roi, feather_px, (c, lo, hi)), roi


def paste_region(
    out: np.ndarray,
    src: np.ndarray,
    src_to_out: np.ndarray,
    mask: np.ndarray,
    roi: tuple[int, int, int, int],
    gain: np.ndarray | None = None,
) -> None:
    """Warp ``src`` by ``src_to_out`` into ``out``'s ROI and blend it in by ``mask``
    (in place); ``gain``: per-channel (B, G, R) factors for the pasted pixels."""
    x0, y0, x1, y1 = roi
    m = np.asarray(src_to_out, np.float64).copy()
    m[:, 2] -= (x0, y0)
    warped = cv2.warpAffine(
        src, m, (x1 - x0, y1 - y0), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    if gain is not None:
        warped = cv2.multiply(warped, (float(gain[0]), float(gain[1]), float(gain[2]), 0.0))
    roi_img = np.ascontiguousarray(out[y0:y1, x0:x1])
    out[y0:y1, x0:x1] = cv2.blendLinear(warped, roi_img, mask, 1.0 - mask)


def clip_roi(
    polygon: np.ndarray, pad: float, size: tuple[int, int]
) -> tuple[int, int, int, int] | None:
    """Bounding box of the polygon grown by ``pad`` px, clipped to ``size`` (w, h)."""
    (ax, ay), (bx, by) = polygon.min(axis=0) - pad, polygon.max(axis=0) + pad
    x0, y0 = max(0, int(np.floor(ax))), max(0, int(np.floor(ay)))
    x1, y1 = min(size[0], int(np.ceil(bx)) + 1), min(size[1], int(np.ceil(by)) + 1)
    if x1 - x0 < 2 or y1 - y0 < 2:
        return None
    return x0, y0, x1, y1


def skin_colour(
    crop: np.ndarray, points: np.ndarray, lips: np.ndarray, spec: MaskSpec
) -> np.ndarray:
    """Median BGR of the skin just inside a frame's own lower-face edge, from its aligned
    bank crop (``mouth.canonical_to_crop``): ``points`` its MASK_POINTS in canonical
    units, ``lips`` its 40 lip points in crop pixels.

    Only the top and the sides (under the nose, the cheeks beside the mouth) count: the
    chin's look changes with the jaw (stretch, shadow), the cheeks' does not; the lips
    (and ``spec.lip_pad`` around them) are left out.
    """
    h, w = crop.shape[:2]
    c2c = canonical_to_crop()
    px = float(c2c[0, 0])
    inner = replace(spec, margin=-0.03, chin_margin=-0.03)  # inside the jaw line
    poly = apply_affine(c2c, mask_polygon(points, points, inner))
    inside = np.zeros((h, w), np.uint8)
    cv2.fillPoly(inside, [np.round(poly).astype(np.int32)], 255)
    depth = cv2.distanceTransform(inside, cv2.DIST_L2, 3)
    band = (inside > 0) & (depth <= spec.band * px)
    lips = np.asarray(lips, np.float64)
    lip_mask = np.zeros((h, w), np.uint8)
    cv2.fillConvexPoly(lip_mask, cv2.convexHull(np.round(lips).astype(np.int32)), 255)
    pad = max(1, int(spec.lip_pad * px))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * pad + 1, 2 * pad + 1))
    band &= cv2.dilate(lip_mask, kernel) == 0
    band[max(0, int(np.ceil(lips[:, 1].max()))) :] = False  # down to the lower lip
    if band.sum() < 20:
        band = inside > 0
    pixels = crop[band] if band.any() else crop.reshape(-1, 3)
    return np.median(pixels.reshape(-1, 3), axis=0).astype(np.float64)


class LowerFacePaster:
    """Pastes bank frames' lower faces for one avatar; caches per-frame data."""

    def __init__(self, avatar, spec: MaskSpec | None = None, cache_frames: int = 48) -> None:
        self.avatar = avatar
        self.spec = spec or MaskSpec()
        tracks = avatar.tracks
        self.to_canonical = np.asarray(tracks.to_canonical, dtype=np.float64)
        lm = np.asarray(tracks.landmarks[:, MASK_POINTS, :2], dtype=np.float64)
        self.points = apply_affine(self.to_canonical, lm)  # (N, P, 2) canonical
        self.frame_size = avatar.size
        self._regions: OrderedDict[int, tuple[np.ndarray, int, int]] = OrderedDict()
        self._cache_frames = cache_frames
        self._stats: dict[int, np.ndarray] = {}
        self._light: dict[int, np.ndarray] = {}
        self._valid = np.asarray(tracks.found, dtype=bool)
        self.decodes = 0

    # -- per-frame data -----------------------------------------------------------------
    def canonical_points(self, index: int) -> np.ndarray:
        return self.points[index]

    def skin_colour(self, index: int) -> np.ndarray:
        """Median BGR of the skin band just inside frame ``index``'s own mask edge."""
        got = self._stats.get(index)
        if got is None:
            bank = self.avatar.mouth_bank
            got = skin_colour(bank.crop(index), self.points[index], bank.lips[index], self.spec)
            self._stats[index] = got
        return got

    def warm(self) -> None:
        """Measure every frame's light now (a few tenths of a second per minute of video)
        rather than on first use, which would cost a live frame tens of milliseconds."""
        for i in range(len(self.points)):
            self.light(i)

    def light(self, index: int) -> np.ndarray:
        """The light on frame ``index``'s skin: the median of ``skin_colour`` over the
        frames within ``spec.light_window`` of it. Light changes slowly in a video; what
        changes from frame to frame (smile lines, shadows of the lips) is the mouth's own
        look, which must travel with the mouth, not be corrected away (that flickers)."""
        got = self._light.get(index)
        if got is None:
            r = self.spec.light_window
            lo, hi = max(0, index - r), min(len(self.points), index + r + 1)
            idx = [i for i in range(lo, hi) if self._valid[i]] or [index]
            got = np.median([self.skin_colour(i) for i in idx], axis=0)
            self._light[index] = got
        return got

    def gain(self, base: int, source: int, base_other: int = -1, weight: float = 1.0) -> np.ndarray:
        """Per-channel factor bringing ``source``'s light to the base frame's (blended
        over ``base_other`` with 1 - ``weight`` during a cross-fade)."""
        want = self.light(base)
        if base_other >= 0 and weight < 1.0:
            want = weight * want + (1.0 - weight) * self.light(base_other)
        g = (want + 1.0) / (self.light(source) + 1.0)
        lim = self.spec.gain_limit
        return np.clip(g, 1.0 - lim, 1.0 + lim)

    def _region(self, source: int, src_to_out: np.ndarray, roi) -> tuple[np.ndarray, int, int]:
        """The part of source frame ``source`` that lands in ``roi`` (decoded, cached)."""
        x0, y0, x1, y1 = roi
        corners = np.array([[x0, y0], [x1, y0], [x0, y1], [x1, y1]], np.float64)
        back = apply_affine(invert_affine(src_to_out), corners)
        w, h = self.frame_size
        ax, ay = np.floor(back.min(axis=0)).astype(int) - 2
        bx, by = np.ceil(back.max(axis=0)).astype(int) + 3
        ax, ay, bx, by = max(0, ax), max(0, ay), min(w, bx), min(h, by)
        hit = self._regions.get(source)
        if hit is not None:
            img, ox, oy = hit
            if ox <= ax and oy <= ay and ox + img.shape[1] >= bx and oy + img.shape[0] >= by:
                self._regions.move_to_end(source)
                return hit
        frame = self.avatar.frames.read(source)
        self.decodes += 1
        # Keep a generous region (a later base frame may place it a little differently).
        gx, gy = (bx - ax) // 8, (by - ay) // 8
        ax, ay, bx, by = max(0, ax - gx), max(0, ay - gy), min(w, bx + gx), min(h, by + gy)
        hit = (np.ascontiguousarray(frame[ay:by, ax:bx]), int(ax), int(ay))
        self._regions[source] = hit
        if len(self._regions) > self._cache_frames:
            self._regions.popitem(last=False)
        return hit

    # -- the paste ------------------------------------------------------------------------
    def paste(
        self,
        out: np.ndarray,
        canon_to_out: np.ndarray,
        base_points: np.ndarray,
        source: int,
        gain: np.ndarray | None,
        opacity: float = 1.0,
    ) -> tuple[int, int, int, int] | None:
        """Paste ``source``'s lower face into ``out`` (in place).

        ``canon_to_out``: the base face's canonical frame -> output pixels;
        ``base_points``: the base frame's MASK_POINTS in canonical units.
        Returns the ROI that was touched (None when the face is off the picture).
        """
        src_to_out = compose_affine(canon_to_out, self.to_canonical[source])
        h, w = out.shape[:2]
        got = lower_face_mask(self.points[source], base_points, canon_to_out, (w, h), self.spec)
        if got is None:
            return None
        mask, roi = got
        if opacity < 1.0:
            mask *= opacity
        region, ox, oy = self._region(source, src_to_out, roi)
        shift = np.array([[1.0, 0.0, ox], [0.0, 1.0, oy]])
        paste_region(out, region, compose_affine(src_to_out, shift), mask, roi, gain)
        return roi


def compose_affine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a o b for 2x3 affines (apply b first)."""
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    out = a[:, :2] @ b
    out[:, 2] += a[:, 2]
    return out
