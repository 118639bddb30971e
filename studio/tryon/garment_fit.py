"""Fitting a garment to every base frame, once, so the live cost is a warp and a blend.

Per base frame: anchors -> body targets (``garment_targets``); a thin-plate spline from
the frame back into the garment, evaluated on a coarse grid (every ``step`` px) over
the garment's bounding box; the occluder outlines; the shading multipliers. The live
layer upsamples the grid into a full remap table (bilinear: exact for the grid, and a
TPS is smooth between), remaps, shades, cuts the occluders, and blends.

All patches of one fit share one size (the largest box over the frames), so the live
layer reuses one set of buffers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from studio.core.errors import InputError
from studio.core.progress import Progress, no_progress
from studio.tryon import mask_geometry as G
from studio.tryon import occlusion, shading
from studio.tryon.anchors import AnchorSet
from studio.tryon.asset import TryOnAsset
from studio.tryon.bgri import to_bgri
from studio.tryon.body import BodyGeometry
from studio.tryon.garment_targets import control_points, torso_frame
from studio.tryon.neckline import hidden_neckline
from studio.tryon.tps import ThinPlateSpline

log = logging.getLogger(__name__)

FrameSource = Callable[[int], np.ndarray]
GRID_STEP = 16
SHADE_SIGMA = 0.1  # of the shoulder width: the scale of folds that carry over
FOREARM_HALF_FW = 0.3  # how far from the forearm's line skin may be taken as the arm
FOREARM_CORE_FW = 0.1  # kept in front whatever its colour


@dataclass(frozen=True)
class Cutout:
    """A soft mask of skin kept in front (hands, bare forearms), stored at half size (it
    is feathered, so nothing is lost) to keep a long avatar's fit small."""

    x: int
    y: int
    w: int
    h: int
    half: np.ndarray  # uint8

    @classmethod
    def of(cls, x: int, y: int, mask: np.ndarray) -> Cutout:
        h, w = mask.shape
        half = cv2.resize(mask, (max(1, w // 2), max(1, h // 2)), interpolation=cv2.INTER_AREA)
        return cls(x, y, w, h, half)

    def mask(self) -> np.ndarray:
        return cv2.resize(self.half, (self.w, self.h), interpolation=cv2.INTER_LINEAR)


@dataclass
class GarmentFit:
    """A garment fitted to each of N base frames."""

    source: np.ndarray  # BGRI (see bgri), scaled near the size it is worn at
    size: tuple[int, int]  # (W, H) of every patch
    offsets: np.ndarray  # (N, 2) int: patch top-left in the avatar's pixels
    grids: np.ndarray  # (N, gh, gw, 2) float32: garment pixel at each grid cell
    shades: np.ndarray | None  # (N, gh, gw, 4) uint8, 128 = 1.0
    occluders: list[list[np.ndarray]]  # per frame, outlines in patch pixels
    cutouts: list[list[Cutout]]  # per frame, skin kept in front, in patch pixels
    targets: np.ndarray  # (N, K, 2) where the anchors went, in the avatar's pixels
    target_names: list[str]

    @property
    def n(self) -> int:
        return len(self.offsets)

    @property
    def nbytes(self) -> int:
        occ = sum(p.nbytes for polys in self.occluders for p in polys)
        occ += sum(c.half.nbytes for cuts in self.cutouts for c in cuts)
        sh = self.shades.nbytes if self.shades is not None else 0
        return self.source.nbytes + self.grids.nbytes + sh + occ + self.targets.nbytes

    @property
    def frame_nbytes(self) -> float:
        """Memory per base frame (the source picture is shared by all)."""
        return (self.nbytes - self.source.nbytes) / max(1, self.n)

    def target(self, name: str) -> np.ndarray:
        """(N, 2) positions of one anchor on the body."""
        return self.targets[:, self.target_names.index(name)]


def _scaled(asset: TryOnAsset, s: float) -> tuple[np.ndarray, AnchorSet, np.ndarray]:
    """Premultiplied source, anchors and shape outline at scale ``s`` (<= 1)."""
    src = asset.premultiplied
    if s < 0.999:
        w, h = asset.size
        src = cv2.resize(
            src, (max(8, round(w * s)), max(8, round(h * s))), interpolation=cv2.INTER_AREA
        )
    sx = src.shape[1] / asset.size[0]
    sy = src.shape[0] / asset.size[1]
    anchors = AnchorSet()
    for name, p in asset.anchors.points.items():
        anchors.set(name, p * [sx, sy], asset.anchors.how[name])
    outline = G.outline_points(G.main_shape(asset.bgra[..., 3]), 96) * [sx, sy]
    return src, anchors, outline


def fit_garment(
    asset: TryOnAsset,
    geo: BodyGeometry,
    frame_size: tuple[int, int],
    *,
    frames: FrameSource | None = None,
    masks: Sequence[np.ndarray] | None = None,
    strength: float = 0.5,
    step: int = GRID_STEP,
    progress: Progress = no_progress,
) -> GarmentFit:
    """Fit ``asset`` (a top, dress or outerwear) to every frame of ``geo``.

    ``frames`` (base frame k -> BGR) gives shading and skin-true hands; ``masks`` (person
    masks per base frame) keeps hair and head in front of the collar.
    """
    if not asset.garment:
        raise ValueError(f"{asset.kind} is not a garment")
    n = geo.n
    scale = float(
        np.median([torso_frame(asset.anchors, asset.sleeved, geo, k).scale for k in range(n)])
    )
    source, anchors, outline = _scaled(asset, min(1.0, scale))
    sleeved = asset.sleeved
    fw, fh = frame_size

    # pass 1: targets, and the box each frame's garment covers
    margin = step // 2 + 2
    src_pts, dst_pts, names, boxes = None, [], [], []
    for k in range(n):
        s_k, d_k, names = control_points(anchors, sleeved, geo, k)
        src_pts = s_k
        dst_pts.append(d_k)
        fwd = ThinPlateSpline(s_k, d_k)
        o = fwd(outline)
        # a margin of half a grid cell: the upsampled map is only exact inside it
        x0, y0 = np.floor(o.min(axis=0)).astype(int) - margin
        x1, y1 = np.ceil(o.max(axis=0)).astype(int) + margin
        boxes.append((max(0, x0), max(0, y0), min(fw, x1), min(fh, y1)))
    assert src_pts is not None
    boxes_a = np.array(boxes)
    if ((boxes_a[:, 2] - boxes_a[:, 0]) < 8).any() or ((boxes_a[:, 3] - boxes_a[:, 1]) < 8).any():
        raise InputError(
            "the garment falls outside the avatar's picture",
            hint="use an avatar framed from the chest or waist up, with both shoulders in view",
        )
    w = int((boxes_a[:, 2] - boxes_a[:, 0]).max())
    h = int((boxes_a[:, 3] - boxes_a[:, 1]).max())
    gw, gh = max(2, round(w / step)), max(2, round(h / step))
    gx = (np.arange(gw) + 0.5) * w / gw - 0.5
    gy = (np.arange(gh) + 0.5) * h / gh - 0.5
    cells = np.stack(np.meshgrid(gx, gy), axis=-1)  # (gh, gw, 2) in patch pixels

    grids = np.empty((n, gh, gw, 2), dtype=np.float32)
    occluders: list[list[np.ndarray]] = []
    cutouts: list[list[Cutout]] = []
    offsets = boxes_a[:, :2].astype(np.int32)
    neck_g = hidden_neckline(source[..., 3], anchors)
    short_sleeves = _short_sleeves(anchors, sleeved)
    lum: list[np.ndarray] = []
    means: list[float] = []
    alpha_src = np.ascontiguousarray(source[..., 3])
    for k in range(n):
        off = offsets[k].astype(np.float64)
        inv = ThinPlateSpline(dst_pts[k], src_pts)
        grids[k] = inv(cells + off).astype(np.float32)
        frame = frames(k) if frames is not None else None
        mask = person_mask(masks[k], (fw, fh)) if masks is not None else None
        fwd = ThinPlateSpline(src_pts, dst_pts[k])
        neckline = fwd(neck_g) if neck_g is not None else np.zeros((0, 2))
        neck_points = (dst_pts[k][names.index("neck_left")], dst_pts[k][names.index("neck_right")])
        polys, cuts = _occluders(geo, k, neckline, neck_points, frame, mask, short_sleeves)
        cutouts.append([Cutout.of(x - int(off[0]), y - int(off[1]), m) for x, y, m in cuts])
        occluders.append([(p - off).astype(np.float32) for p in polys])
        if frame is not None:
            weight = cv2.remap(alpha_src, grids[k], None, cv2.INTER_LINEAR, borderValue=0)
            weight = weight.astype(np.float32) / 255
            grid_lum = shading.luminance_grid(frame, int(off[0]), int(off[1]), w, h, (gw, gh))
            if mask is not None:  # only the clothes count, not the room beside them
                weight *= shading.grid_cover(mask, int(off[0]), int(off[1]), w, h, (gw, gh))
            clipped, mean = shading.clipped_level(grid_lum, weight)
            lum.append(clipped)
            means.append(mean)
        progress("fit", k + 1, n)

    shades = None
    if frames is not None:
        reference = float(np.median(means))
        sigma = SHADE_SIGMA * float(np.median(geo.shoulder_width)) / (w / gw)
        shades = np.stack([shading.shade_map(c, reference, strength, sigma) for c in lum])
    fit = GarmentFit(
        source=to_bgri(source),
        size=(w, h),
        offsets=offsets,
        grids=grids,
        shades=shades,
        occluders=occluders,
        cutouts=cutouts,
        targets=np.stack(dst_pts),
        target_names=names,
    )
    log.info(
        "fitted %s to %d frames: patch %dx%d, %.1f MB", asset.path.name, n, w, h, fit.nbytes / 1e6
    )
    return fit


def _occluders(
    geo: BodyGeometry,
    k: int,
    neckline: np.ndarray,
    neck_points: tuple[np.ndarray, np.ndarray],
    frame: np.ndarray | None,
    person: np.ndarray | None,
    short_sleeves: bool,
) -> tuple[list[np.ndarray], list[tuple[int, int, np.ndarray]]]:
    """What stays in front at base frame ``k``: outlines, and (x, y, mask) skin cut-outs,
    in the avatar's pixels (see ``occlusion``)."""
    face = geo.face[k]
    polys = [
        occlusion.face_outline(face),
        occlusion.neck_outline(face, geo.neck[k], geo.neck_half[k], geo.across[k], neckline),
    ]
    if person is not None:
        head = occlusion.head_outline(person, neck_points[0], neck_points[1], face)
        if head is not None:
            polys.append(head)
    limbs = list(geo.hands[k])  # outlines that stay in front where they show skin
    if short_sleeves:
        for s in range(2):
            if geo.forearm_seen[k, s]:
                e, wr, fwk = geo.elbow[k, s], geo.wrist[k, s], geo.face_width[k]
                # a narrow core always (a sleeved forearm is in front too) ...
                polys.append(occlusion.forearm_outline(e, wr, FOREARM_CORE_FW * fwk))
                # ... and the skin of a bare one, to its real edges
                limbs.append(occlusion.forearm_outline(e, wr, FOREARM_HALF_FW * fwk))
    cuts: list[tuple[int, int, np.ndarray]] = []
    if frame is None:
        polys.extend(geo.hands[k])
    elif limbs:
        skin = occlusion.skin_model(frame, face)
        for limb in limbs:
            cut = occlusion.hand_cutout(frame, limb, skin)
            if cut is not None:
                cuts.append(cut)
    return polys, cuts


def person_mask(mask: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """A person mask (uint8 0..255 or float 0..1, any size) as bool at ``size`` (w, h)."""
    if mask.shape[:2] != (size[1], size[0]):
        mask = cv2.resize(mask, size, interpolation=cv2.INTER_LINEAR)
    return mask > (127 if mask.dtype == np.uint8 else 0.5)


def _short_sleeves(anchors: AnchorSet, sleeved: bool) -> bool:
    """Sleeves that end above the elbow (or none): the forearms are bare."""
    if not sleeved:
        return True
    length = np.linalg.norm(anchors["sleeve_left"] - anchors["shoulder_left"])
    width = np.linalg.norm(anchors["shoulder_right"] - anchors["shoulder_left"])
    return bool(length < 0.55 * width)
