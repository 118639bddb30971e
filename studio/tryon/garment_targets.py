"""Where each anchor of a garment goes on the body, per base frame.

The garment keeps its own proportions: a *torso frame* maps it affinely onto the body
(origin, scale and rotation from the shoulder tips, or for sleeveless garments from the
neck and the bust; "down" along the torso axis), and most anchors simply follow that
map: armpits, hem, the collar's depth below the neck. (Its "down" is shortened for a
torso that looks short, a seated presenter's.) Three groups are put where the
body says instead, and the thin-plate spline bends the garment smoothly between them:

- shoulder tips on the body's shoulder tips (sleeved garments);
- neck points either side of the neck base, at the garment's own neck width clamped to
  1.15-1.7 neck half-widths (a collar neither chokes nor slides off the shoulders);
- cuffs turned about the armhole onto the upper arm's direction, at least 18 degrees
  out from the torso axis (cloth cannot go into the body), at the sleeve's own length.

A 3 x 3 grid of points over the garment's body (between armpits and hem) follows the
torso frame too, so the bending that turns the sleeves stays round the armpits instead
of spreading across the chest.
"""

from __future__ import annotations

import numpy as np

from studio.tryon.anchors import AnchorSet
from studio.tryon.body import BodyGeometry

MIN_SLEEVE_DEG = 18.0
MAX_SLEEVE_DEG = 150.0
NECK_MIN, NECK_MAX = 1.15, 1.7  # garment neck half-width, in neck half-widths
BUST_OF_SHOULDERS = 0.86  # bust width / shoulder-tip width of a torso seen from the front
TORSO_GRID = (0.2, 0.5, 0.8)  # where the garment's body is held, between armpits and hem


def _rot90(v: np.ndarray) -> np.ndarray:
    """Turn a vector a quarter turn clockwise on screen (x right, y down): right -> down."""
    return np.array([-v[1], v[0]])


class TorsoFrame:
    """An affine map from garment pixels to frame pixels built from two frames."""

    def __init__(self, g_origin, g_x, b_origin, b_x, b_down, length: float = 1.0) -> None:
        self.g_origin = np.asarray(g_origin, float)
        gx = np.asarray(g_x, float)
        self.g_len = float(np.linalg.norm(gx))
        self.g_u = gx / self.g_len
        self.g_v = _rot90(self.g_u)
        self.b_origin = np.asarray(b_origin, float)
        self.b_x = np.asarray(b_x, float)
        self.b_y = np.asarray(b_down, float) * float(np.linalg.norm(b_x)) * length

    def __call__(self, p: np.ndarray) -> np.ndarray:
        d = np.asarray(p, float) - self.g_origin
        u, v = d @ self.g_u / self.g_len, d @ self.g_v / self.g_len
        return self.b_origin + np.multiply.outer(u, self.b_x) + np.multiply.outer(v, self.b_y)

    @property
    def scale(self) -> float:
        return float(np.linalg.norm(self.b_x)) / self.g_len


def torso_frame(anchors: AnchorSet, sleeved: bool, geo: BodyGeometry, k: int) -> TorsoFrame:
    tips = geo.tips[k]
    if sleeved:
        g_l, g_r = anchors["shoulder_left"], anchors["shoulder_right"]
        return TorsoFrame(
            (g_l + g_r) / 2,
            g_r - g_l,
            tips.mean(axis=0),
            tips[1] - tips[0],
            geo.down[k],
            geo.torso_scale[k],
        )
    g_l, g_r = anchors["armpit_left"], anchors["armpit_right"]
    g_neck = (anchors["neck_left"] + anchors["neck_right"]) / 2
    b_x = (tips[1] - tips[0]) * BUST_OF_SHOULDERS
    return TorsoFrame(g_neck, g_r - g_l, geo.neck[k], b_x, geo.down[k], geo.torso_scale[k])


def control_points(
    anchors: AnchorSet, sleeved: bool, geo: BodyGeometry, k: int
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(garment points, frame points, names) for base frame ``k``."""
    frame = torso_frame(anchors, sleeved, geo, k)
    across = geo.across[k]
    src: list[np.ndarray] = []
    dst: list[np.ndarray] = []
    names: list[str] = []

    def put(name: str, g: np.ndarray, b: np.ndarray) -> None:
        names.append(name)
        src.append(np.asarray(g, float))
        dst.append(np.asarray(b, float))

    # neck points on either side of the neck base, at the garment's width (clamped)
    gl, gr = anchors["neck_left"], anchors["neck_right"]
    half = float(np.linalg.norm(frame(gr) - frame(gl))) / 2
    nh = geo.neck_half[k]
    half = float(np.clip(half, NECK_MIN * nh, NECK_MAX * nh))
    hps_l, hps_r = geo.neck[k] - across * half, geo.neck[k] + across * half
    put("neck_left", gl, hps_l)
    put("neck_right", gr, hps_r)
    # the collar keeps its depth below the neck points
    g_mid = (gl + gr) / 2
    put("collar", anchors["collar"], (hps_l + hps_r) / 2 + frame(anchors["collar"]) - frame(g_mid))

    for side, s in (("left", 0), ("right", 1)):
        tip_g = anchors[f"shoulder_{side}"]
        tip_b = geo.tips[k, s] if sleeved else frame(tip_g)
        put(f"shoulder_{side}", tip_g, tip_b)
        put(f"armpit_{side}", anchors[f"armpit_{side}"], frame(anchors[f"armpit_{side}"]))
        put(f"hem_{side}", anchors[f"hem_{side}"], frame(anchors[f"hem_{side}"]))
        if sleeved:
            put(
                f"sleeve_{side}",
                anchors[f"sleeve_{side}"],
                _cuff_target(anchors, side, s, frame, geo, k),
            )
    # a grid over the body of the garment holds it to the torso frame, so that turning
    # the sleeves bends the garment round the armpits and not across the chest
    quad = [
        anchors["armpit_left"],
        anchors["armpit_right"],
        anchors["hem_right"],
        anchors["hem_left"],
    ]
    for v in TORSO_GRID:
        for u in TORSO_GRID:
            top = quad[0] + (quad[1] - quad[0]) * u
            bottom = quad[3] + (quad[2] - quad[3]) * u
            g = top + (bottom - top) * v
            put(f"torso_{u:.2f}_{v:.2f}", g, frame(g))
    return np.array(src), np.array(dst), names


def _cuff_target(
    anchors: AnchorSet, side: str, s: int, frame: TorsoFrame, geo: BodyGeometry, k: int
) -> np.ndarray:
    """The cuff turned about the armhole's middle onto the arm's direction."""
    hole_g = (anchors[f"shoulder_{side}"] + anchors[f"armpit_{side}"]) / 2
    hole_b = (geo.tips[k, s] + frame(anchors[f"armpit_{side}"])) / 2
    length = float(np.linalg.norm(frame(anchors[f"sleeve_{side}"]) - frame(hole_g)))
    down = geo.down[k]
    out = -geo.across[k] if s == 0 else geo.across[k]
    arm = geo.arm[k, s]
    phi = np.degrees(np.arctan2(arm @ out, arm @ down))
    phi = np.radians(np.clip(phi, MIN_SLEEVE_DEG, MAX_SLEEVE_DEG))
    return hole_b + length * (down * np.cos(phi) + out * np.sin(phi))
