"""Anchor points of garments, found from the alpha mask.

The algorithm, on the largest opaque region of the mask (left/right as in the picture):

1. Centre axis: the mean of each row's left and right ends over the torso rows (45-85 %
   of the height), so sleeves and a slanted hem do not pull it.
2. ``neck_left``/``neck_right``: the highest stretch of the top outline on each side
   of the axis (within 1 % of the height). When the neckline is cut out (the centre of
   the top dips by a fifth of the gap) its inner ends, the neckline's corners; when it
   is closed (the back collar seen through it, flat across) its outer ends, where the
   shoulders fall away.
3. ``collar``: down the centre column, the first opaque pixel after a transparent gap
   (a cut-out neckline); else the top of the column when it dips well below the neck
   points; else the neckline is closed in the picture (the inside of the back shows,
   as in most product shots): the first strong horizontal edge of the image below the
   back collar, or 45 % of the neck-point distance below them when no edge stands out.
4. The deepest concave bay of the outline on each side, below the neck points.
5. Sleeved when the shape reaches well outside that bay above it: then the bay is the
   ``armpit_*`` (the corner between sleeve and body), ``shoulder_*`` the knee of the top
   outline between the neck point and the sleeve's outermost point (farthest above the
   chord joining them), and ``sleeve_*`` the middle of the cuff: the straight edge of the
   sleeve (the piece outside the armpit) farthest from the armhole's middle.
   Sleeveless: ``shoulder_*`` is the outermost point of the top outline near the neck
   points' height (a strap's end), and ``armpit_*`` the outermost point of the side
   between it and the bay (the bust; the bay of a dress is its waist).
6. ``hem_*``: the ends of the opaque run through the axis, 2 % of the height above the
   bottom of the centre column.

Any point can be overridden in the sidecar JSON (see ``sidecar``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from studio.core.errors import InputError
from studio.tryon import mask_geometry as G

FOUND, ESTIMATED, SIDECAR = "found", "estimated", "sidecar"


@dataclass
class AnchorSet:
    """Named anchor points in the asset's pixels, and how each one was obtained."""

    points: dict[str, np.ndarray] = field(default_factory=dict)
    how: dict[str, str] = field(default_factory=dict)

    def set(self, name: str, xy: np.ndarray | tuple[float, float], how: str) -> None:
        self.points[name] = np.asarray(xy, dtype=np.float64).reshape(2)
        self.how[name] = how

    def __getitem__(self, name: str) -> np.ndarray:
        return self.points[name]

    def __contains__(self, name: str) -> bool:
        return name in self.points


def _not_found(what: str) -> InputError:
    return InputError(
        f"the garment's {what} could not be found from its outline",
        hint="check that the PNG shows one garment, front view, on a transparent background; "
        "or give the anchor points in a sidecar JSON (run `studio tryon check IMAGE` to see "
        "what was found)",
    )


def garment_anchors(shape: np.ndarray, bgr: np.ndarray) -> AnchorSet:
    """Anchors of a top, dress or outerwear from its main shape (bool mask)."""
    out = AnchorSet()
    x0, y0, x1, y1 = G.bbox(shape)
    w, h = x1 - x0 + 1, y1 - y0 + 1
    axis = _centre_axis(shape, y0, h)
    top = G.top_contour(shape)

    # 2. neck points: highest top outline each side of the axis
    ends = {}
    for side, lo, hi in (
        ("left", axis - 0.32 * w, axis - 0.02 * w),
        ("right", axis + 0.02 * w, axis + 0.32 * w),
    ):
        cols = np.arange(max(x0, int(lo)), min(x1, int(hi)) + 1)
        vals = top[cols] if len(cols) else np.array([np.nan])
        if np.all(np.isnan(vals)):
            raise _not_found("neckline")
        near = cols[vals <= np.nanmin(vals) + 0.01 * h]  # the top's flat stretch
        ends[side] = (int(near.min()), int(near.max()))  # (left end, right end)
    inner = (ends["left"][1], ends["right"][0])
    inner_w = inner[1] - inner[0]
    centre_top = top[int(round(axis))]
    notch = np.isnan(centre_top) or centre_top - top[list(inner)].mean() > 0.2 * inner_w
    # a cut-out neckline: its corners; a closed one (the back collar seen through it,
    # flat across): the outer ends of the flat stretch, where the shoulders fall away
    xs = inner if notch else (ends["left"][0], ends["right"][1])
    neck = {"left": np.array([xs[0], top[xs[0]]]), "right": np.array([xs[1], top[xs[1]]])}
    for side in ("left", "right"):
        out.set(f"neck_{side}", neck[side], FOUND)
    neck_w = float(np.linalg.norm(neck["right"] - neck["left"]))
    neck_y = float((neck["left"][1] + neck["right"][1]) / 2)
    if neck_w < 0.08 * w:
        raise _not_found("neckline")

    # 3. collar
    collar, how = _collar(shape, bgr, axis, top, neck_y, neck_w)
    out.set("collar", (axis, collar), how)

    # 4. armpits, 5. sleeves and shoulders
    defects = G.concavities(shape, min_depth=0.02 * max(w, h))
    bays = {}
    for side, sign in (("left", -1), ("right", 1)):
        cands = [
            (p, d)
            for p, d in defects
            if sign * (p[0] - axis) > 0.12 * w and neck_y + 0.03 * h < p[1] < y0 + 0.8 * h
        ]
        if not cands:
            raise _not_found(f"{side} armpit")
        bays[side] = max(cands, key=lambda c: c[1])[0]
    sleeved = all(_reaches_outside(shape, bays[s], sg, w) for s, sg in (("left", -1), ("right", 1)))
    strap_y = neck_y + min(0.04 * h, 0.15 * neck_w)
    for side, sign in (("left", -1), ("right", 1)):
        if sleeved:
            pit = bays[side]
            out.set(f"armpit_{side}", pit, FOUND)
            out.set(f"shoulder_{side}", _shoulder_knee(top, neck[side], sign), FOUND)
            hole = (out[f"shoulder_{side}"] + pit) / 2
            out.set(f"sleeve_{side}", _cuff(shape, hole, pit, sign), FOUND)
            continue
        cols = np.arange(x0, x1 + 1)
        ok = (top[cols] <= strap_y) & (sign * (cols - axis) > 0.5 * neck_w)
        if not ok.any():
            raise _not_found(f"{side} shoulder")
        sel = cols[ok]
        x = int(sel.min() if sign < 0 else sel.max())
        out.set(f"shoulder_{side}", (x, top[x]), FOUND)
        out.set(
            f"armpit_{side}", _side_extreme(shape, int(top[x]), int(bays[side][1]), sign), FOUND
        )

    # 6. hem
    col = shape[:, int(round(axis))]
    rows = np.flatnonzero(col)
    if len(rows) == 0:
        raise _not_found("hem")
    hem_y = int(rows.max() - 0.02 * h)
    run = G.run_at(shape, hem_y, int(round(axis)))
    if run is None:
        raise _not_found("hem")
    out.set("hem_left", (run[0], hem_y), FOUND)
    out.set("hem_right", (run[1], hem_y), FOUND)
    return out


def _centre_axis(shape: np.ndarray, y0: int, h: int) -> float:
    rows = np.arange(y0 + int(0.45 * h), y0 + int(0.85 * h) + 1)
    sub = shape[rows]
    filled = sub.any(axis=1)
    if not filled.any():
        raise _not_found("centre line")
    left = np.argmax(sub, axis=1)
    right = sub.shape[1] - 1 - np.argmax(sub[:, ::-1], axis=1)
    return float(np.mean(((left + right) / 2)[filled]))


def _collar(
    shape: np.ndarray, bgr: np.ndarray, axis: float, top: np.ndarray, neck_y: float, neck_w: float
) -> tuple[float, str]:
    """Depth of the front neckline at the centre: see step 3 of the module docstring."""
    x = int(round(axis))
    lo = int(top[x]) if not np.isnan(top[x]) else int(neck_y)
    hi = min(shape.shape[0] - 1, int(neck_y + 0.6 * (shape.shape[0] - neck_y)))
    column = shape[lo : hi + 1, x]
    gap = np.flatnonzero(~column)
    if len(gap):  # a cut-out neckline: where the fabric starts again below the hole
        after = np.flatnonzero(column[gap[0] :])
        if len(after):
            return float(lo + gap[0] + after[0]), FOUND
    if lo - neck_y >= 0.2 * neck_w:
        return float(lo), FOUND
    edge = _strongest_edge(bgr, x, lo + int(0.12 * neck_w), int(neck_y + 0.7 * neck_w), neck_w)
    if edge is not None:
        return float(edge), FOUND
    return float(neck_y + 0.45 * neck_w), ESTIMATED


def _strongest_edge(bgr: np.ndarray, x: int, y_lo: int, y_hi: int, neck_w: float) -> int | None:
    """Row of the strongest horizontal edge in a strip down the centre, if one stands out."""
    if y_hi - y_lo < 6:
        return None
    half = max(2, int(0.05 * neck_w))
    strip = cv2.cvtColor(bgr[y_lo:y_hi, max(0, x - half) : x + half + 1], cv2.COLOR_BGR2GRAY)
    profile = cv2.GaussianBlur(strip.astype(np.float32).mean(axis=1)[:, None], (1, 5), 0)[:, 0]
    grad = np.abs(np.diff(profile))
    if len(grad) < 4:
        return None
    peak = float(grad.max())
    if peak < 6.0 or peak < 4.0 * (float(np.median(grad)) + 0.5):
        return None
    k = int(np.flatnonzero(grad >= 0.35 * peak)[0])  # the first strong edge from the top
    while k + 1 < len(grad) and grad[k + 1] > grad[k]:
        k += 1
    return y_lo + k + 1


def _shoulder_knee(top: np.ndarray, neck: np.ndarray, sign: int) -> np.ndarray:
    """Where the shoulder line turns into the sleeve: the point of the top outline,
    between the neck point and the sleeve's outermost column, farthest above the chord
    joining those two."""
    cols = np.flatnonzero(~np.isnan(top))
    far_x = int(cols.min() if sign < 0 else cols.max())
    a = np.array([float(far_x), top[far_x]])
    xs = np.arange(min(far_x, int(neck[0])), max(far_x, int(neck[0])) + 1)
    pts = np.stack([xs, top[xs]], axis=1)
    ok = ~np.isnan(pts[:, 1])
    pts = pts[ok]
    chord = a - neck
    n = np.array([chord[1], -chord[0]]) / max(1e-9, float(np.linalg.norm(chord)))
    if n[1] > 0:  # the normal that points up, away from the garment
        n = -n
    d = (pts - neck) @ n
    return pts[int(np.argmax(d))]


def _side_extreme(shape: np.ndarray, y_from: int, y_to: int, sign: int) -> np.ndarray:
    """The outermost point of one side of the outline between two rows (a bust point)."""
    rows = shape[y_from : y_to + 1]
    filled = rows.any(axis=1)
    if not filled.any():
        raise _not_found("armpit")
    if sign < 0:
        ext = np.where(filled, np.argmax(rows, axis=1), np.iinfo(np.int32).max)
        k = int(np.argmin(ext))
    else:
        ext = np.where(filled, rows.shape[1] - 1 - np.argmax(rows[:, ::-1], axis=1), -1)
        k = int(np.argmax(ext))
    # the middle of a vertical run of equally outermost rows
    run = np.flatnonzero(ext == ext[k])
    run = run[(run >= k) & (run <= k + len(run))]
    return np.array([float(ext[k]), float(y_from + (run[0] + run[-1]) / 2)])


def _reaches_outside(shape: np.ndarray, pit: np.ndarray, sign: int, w: int) -> bool:
    """Is there fabric well outside the armpit, above it (a sleeve)?"""
    rows = shape[: int(pit[1]) + 1]
    cols = np.flatnonzero(rows.any(axis=0))
    if len(cols) == 0:
        return False
    reach = (pit[0] - cols.min()) if sign < 0 else (cols.max() - pit[0])
    return reach > 0.08 * w


def _cuff(shape: np.ndarray, armhole: np.ndarray, pit: np.ndarray, sign: int) -> np.ndarray:
    """Centre of the sleeve's far end (the cuff edge).

    The sleeve is the highest piece of the shape outside the armpit's column (so a hem
    that flares past the armpit is not taken for it). Its outline, simplified to a
    polygon, has the cuff as a straight edge: the corner farthest from the armhole and
    the farther of its two neighbours. Off the cut, those are the cuff's two ends.
    """
    outside = shape.copy()
    cut = int(round(pit[0]))
    if sign < 0:
        outside[:, cut:] = False
    else:
        outside[:, : cut + 1] = False
    n, labels, stats, _ = cv2.connectedComponentsWithStats(outside.astype(np.uint8), connectivity=8)
    if n <= 1:
        raise _not_found("sleeve")
    biggest = stats[1:, cv2.CC_STAT_AREA].max()
    pieces = [k for k in range(1, n) if stats[k, cv2.CC_STAT_AREA] >= 0.05 * biggest]
    sleeve = min(pieces, key=lambda k: stats[k, cv2.CC_STAT_TOP])
    contours, _ = cv2.findContours(
        (labels == sleeve).astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE
    )
    contour = max(contours, key=cv2.contourArea)
    poly = cv2.approxPolyDP(contour, 0.03 * cv2.arcLength(contour, True), True)[:, 0]
    poly = poly.astype(np.float64)
    if len(poly) < 3:
        raise _not_found("sleeve")
    d = np.hypot(poly[:, 0] - armhole[0], poly[:, 1] - armhole[1])
    off_cut = np.abs(poly[:, 0] - cut) > 3
    d_off = np.where(off_cut, d, -1.0)
    a = int(np.argmax(d_off))
    prev, nxt = (a - 1) % len(poly), (a + 1) % len(poly)
    b = prev if d_off[prev] >= d_off[nxt] else nxt
    if d_off[b] < 0:  # the far corner's neighbours both lie on the cut: a pointed sleeve
        return poly[a]
    return (poly[a] + poly[b]) / 2
