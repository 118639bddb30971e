"""Accessories follow the face: a similarity transform per base frame from two anchors to
two face points, so they turn, tilt and scale with the head.

- glasses: lens centres on the iris centres, a little below them;
- hat: the crown's sides on the head's sides (1.05 face widths apart, for the hair),
  half an inter-ocular distance above the top of the face mesh (the hairline);
- earrings: the hook on each earlobe (just outside and below the jaw landmarks by the
  ear), length ``size_iod`` inter-ocular distances, hanging straight down; an earring
  is hidden when the head turns that ear away (the cheek's share of the face < 30 %);
- necklace: its ends round the neck base (needs the body: shoulders in the picture).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from studio.core.progress import Progress, no_progress
from studio.tryon.asset import TryOnAsset
from studio.tryon.bgri import to_bgri
from studio.tryon.body import CHEEK_LEFT, CHEEK_RIGHT, IRIS_LEFT, IRIS_RIGHT, BodyGeometry
from studio.tryon.smoothing import smooth_track

FOREHEAD, NOSE_TIP = 10, 1
EAR_LEFT, EAR_RIGHT = 132, 361  # face-oval points by the earlobes
GLASSES_DROP_IOD = 0.06
HAT_WIDTH_FW = 1.05
HAT_RISE_IOD = 0.5
LOBE_OUT_IOD, LOBE_DOWN_IOD = 0.12, 0.12
NECKLACE_HALF = 0.95  # of the neck half width
MIN_CHEEK_SHARE = 0.3


@dataclass
class Placement:
    """One copy of an accessory (earrings have two), per base frame."""

    affines: np.ndarray  # (N, 2, 3) float32: source pixels -> patch pixels
    offsets: np.ndarray  # (N, 2) int32
    visible: np.ndarray  # (N,) bool
    flip: bool = False  # use the mirrored source (the earring on the other ear)


@dataclass
class AccessoryFit:
    source: np.ndarray  # BGRI (see bgri)
    mirrored: np.ndarray | None
    size: tuple[int, int]  # (W, H) of every patch
    placements: list[Placement]

    @property
    def n(self) -> int:
        return len(self.placements[0].offsets)

    @property
    def nbytes(self) -> int:
        shared = self.source.nbytes + (self.mirrored.nbytes if self.mirrored is not None else 0)
        return shared + sum(p.affines.nbytes + p.offsets.nbytes for p in self.placements)

    @property
    def frame_nbytes(self) -> float:
        """Memory per base frame (the source picture is shared by all)."""
        return float(sum(p.affines[0].nbytes + p.offsets[0].nbytes + 1 for p in self.placements))


def similarity(a: np.ndarray, b: np.ndarray, ta: np.ndarray, tb: np.ndarray) -> np.ndarray:
    """(N, 2, 3) transforms taking points a, b (source) to ta, tb (N, 2) each."""
    v, tv = b - a, tb - ta
    s = np.linalg.norm(tv, axis=-1) / max(1e-9, float(np.linalg.norm(v)))
    ang = np.arctan2(tv[:, 1], tv[:, 0]) - np.arctan2(v[1], v[0])
    c, sn = s * np.cos(ang), s * np.sin(ang)
    m = np.zeros((len(ta), 2, 3))
    m[:, 0, 0], m[:, 0, 1], m[:, 1, 0], m[:, 1, 1] = c, -sn, sn, c
    m[:, :, 2] = ta - np.stack([c * a[0] - sn * a[1], sn * a[0] + c * a[1]], axis=1)
    return m


def _face_frame(face: np.ndarray, fps: float) -> dict[str, np.ndarray]:
    eye_l, eye_r = face[:, IRIS_LEFT], face[:, IRIS_RIGHT]
    iod = np.linalg.norm(eye_r - eye_l, axis=1)
    u = (eye_r - eye_l) / np.maximum(1e-9, iod)[:, None]
    down = np.stack([-u[:, 1], u[:, 0]], axis=1)
    fw = np.linalg.norm(face[:, CHEEK_RIGHT] - face[:, CHEEK_LEFT], axis=1)
    return {"eye_l": eye_l, "eye_r": eye_r, "iod": iod, "u": u, "down": down, "fw": fw}


def _targets(asset: TryOnAsset, face: np.ndarray, geo: BodyGeometry | None, fps: float):
    """[(anchor a, anchor b, target a (N,2), target b (N,2), visible (N,), flip)]"""
    f = _face_frame(face, fps)
    n = len(face)
    allv = np.ones(n, bool)
    an = asset.anchors
    if asset.kind == "glasses":
        drop = f["down"] * (GLASSES_DROP_IOD * f["iod"])[:, None]
        return [
            (an["lens_left"], an["lens_right"], f["eye_l"] + drop, f["eye_r"] + drop, allv, False)
        ]
    if asset.kind == "hat":
        c = face[:, FOREHEAD] - f["down"] * (HAT_RISE_IOD * f["iod"])[:, None]
        half = f["u"] * (HAT_WIDTH_FW * f["fw"] / 2)[:, None]
        return [(an["crown_left"], an["crown_right"], c - half, c + half, allv, False)]
    if asset.kind == "necklace":
        if geo is None:
            raise ValueError("a necklace needs the body geometry")
        half = geo.across * (NECKLACE_HALF * geo.neck_half)[:, None]
        return [
            (an["clasp_left"], an["clasp_right"], geo.neck - half, geo.neck + half, allv, False)
        ]
    # earrings: hang straight down from each lobe
    hook, drop = an["hook"], an["drop"]
    length = (asset.size_iod * f["iod"])[:, None]
    nose = face[:, NOSE_TIP]
    span = np.maximum(
        1e-9, np.einsum("ij,ij->i", face[:, CHEEK_RIGHT] - face[:, CHEEK_LEFT], f["u"])
    )
    share_l = np.einsum("ij,ij->i", nose - face[:, CHEEK_LEFT], f["u"]) / span
    out = []
    for s, (ear, sign) in enumerate(((EAR_LEFT, -1.0), (EAR_RIGHT, 1.0))):
        lobe = (
            face[:, ear]
            + f["u"] * (sign * LOBE_OUT_IOD * f["iod"])[:, None]
            + f["down"] * (LOBE_DOWN_IOD * f["iod"])[:, None]
        )
        share = share_l if s == 0 else 1 - share_l
        out.append((hook, drop, lobe, lobe + [0.0, 1.0] * length, share >= MIN_CHEEK_SHARE, s == 1))
    return out


def fit_accessory(
    asset: TryOnAsset,
    face: np.ndarray,
    frame_size: tuple[int, int],
    fps: float,
    geo: BodyGeometry | None = None,
    progress: Progress = no_progress,
) -> AccessoryFit:
    """Fit ``asset`` (glasses, hat, earrings, necklace) to every frame of ``face`` (N, 478, 2)."""
    n = len(face)
    face = smooth_track(face, fps)
    w0, h0 = asset.size
    raw = _targets(asset, face, geo, fps)
    # scale the source once to about the size it is worn at
    scales = [
        np.linalg.norm(tb - ta, axis=1) / max(1e-9, float(np.linalg.norm(b - a)))
        for a, b, ta, tb, _v, _f in raw
    ]
    s = float(min(1.0, 1.2 * np.median(np.concatenate(scales))))
    src = asset.premultiplied
    if s < 0.999:
        src = cv2.resize(
            src, (max(4, round(w0 * s)), max(4, round(h0 * s))), interpolation=cv2.INTER_AREA
        )
    sx, sy = src.shape[1] / w0, src.shape[0] / h0
    mirrored = np.ascontiguousarray(src[:, ::-1]) if any(f for *_r, f in raw) else None
    corners = np.array(
        [[0, 0], [src.shape[1], 0], [0, src.shape[0]], [src.shape[1], src.shape[0]]], float
    )
    fw, fh = frame_size
    pending = []
    boxes = []
    for a, b, ta, tb, vis, flip in raw:
        a, b = a * [sx, sy], b * [sx, sy]
        if flip:
            a = np.array([src.shape[1] - 1 - a[0], a[1]])
            b = np.array([src.shape[1] - 1 - b[0], b[1]])
        m = similarity(a, b, smooth_track(ta, fps), smooth_track(tb, fps))
        c = np.einsum("nij,kj->nki", m[:, :, :2], corners) + m[:, None, :, 2]
        x0 = np.clip(np.floor(c[..., 0].min(axis=1)) - 2, 0, fw).astype(int)
        y0 = np.clip(np.floor(c[..., 1].min(axis=1)) - 2, 0, fh).astype(int)
        x1 = np.clip(np.ceil(c[..., 0].max(axis=1)) + 2, 0, fw).astype(int)
        y1 = np.clip(np.ceil(c[..., 1].max(axis=1)) + 2, 0, fh).astype(int)
        vis = vis & (x1 > x0) & (y1 > y0)
        boxes.append(np.stack([x1 - x0, y1 - y0], axis=1)[vis])
        pending.append((m, np.stack([x0, y0], axis=1), vis, flip))
    sizes = (
        np.concatenate([b for b in boxes if len(b)])
        if any(len(b) for b in boxes)
        else np.ones((1, 2))
    )
    size = (max(1, int(sizes[:, 0].max())), max(1, int(sizes[:, 1].max())))
    placements = []
    for m, off, vis, flip in pending:
        m = m.copy()
        m[:, :, 2] -= off
        placements.append(Placement(m.astype(np.float32), off.astype(np.int32), vis, flip))
    progress("fit", n, n)
    return AccessoryFit(
        source=to_bgri(src),
        mirrored=to_bgri(mirrored) if mirrored is not None else None,
        size=size,
        placements=placements,
    )
