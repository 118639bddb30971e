"""The avatar's body per base frame, as a fit needs it: shoulder tips, neck, torso axis,
arms and hands, from face landmarks and pose keypoints.

Plain arrays in, so a one-photo avatar (N = 1, pose run once on the plate) and a video
avatar (N stored frames) are fitted the same way. Left/right are image left/right.

How the shoulders are found:
- The pose's shoulder joints are trusted when, over the track, their distance is a
  human 1.7-3.6 face widths and they sit below the chin; the garment's shoulder tips
  then go 12 % of that distance outside the joints, on the top of the shoulder.
- Otherwise (a bulky costume, a crop that confuses the pose model) the tips go 1.3
  face widths either side of the chin, 0.7 face widths below it: the proportions of
  an adult torso in the face's own scale.
- With a person mask, each tip is snapped down or up onto the silhouette's top edge in
  its column, so the garment's shoulder sits on the shoulder and not in the air.
The neck base is 10 % of the shoulder width above the tips' midpoint (the trapezius
rises towards the neck), never within a quarter face width of the chin. With the hips
in view, the torso axis leans halfway towards them and the torso's length (against a
standing torso's 1.4 shoulder widths) shortens a garment for a seated presenter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from studio.core.errors import InputError
from studio.tryon.smoothing import fill_missing, smooth_track

# face mesh
CHIN, CHEEK_LEFT, CHEEK_RIGHT = 152, 234, 454
IRIS_LEFT, IRIS_RIGHT = 468, 473  # image left = the subject's right eye
# mediapipe pose: (subject's right, subject's left) = (image left, image right) facing us
SHOULDERS, ELBOWS, WRISTS, HIPS = (12, 11), (14, 13), (16, 15), (24, 23)
HAND_POINTS = ((16, 18, 20, 22), (15, 17, 19, 21))  # wrist, pinky, index, thumb

VISIBLE = 0.5
POSE_TIP_OUT = 0.12
TIP_HALF_FW = 1.3
TIP_BELOW_CHIN_FW = 0.7
NECK_HALF_FW = 0.42
NECK_RISE = 0.10
MIN_NECK_DROP_FW = 0.25
HANG_DEG = 15.0  # a relaxed arm hangs this far out from the torso axis
MIN_VALID = 0.5  # share of base frames that must show both shoulders
STANDING_TORSO = 1.4  # shoulder-to-hip joints / shoulder joints apart, standing, front view
TORSO_SCALE = (0.75, 1.1)  # how far a garment may be shortened (seated, leaning) or lengthened


@dataclass
class BodyTrack:
    """Keypoints per base frame, in the pixels of the frames the avatar renders.

    ``face``: (N, 478, 2) face mesh; ``body``: (N, 33, 3) mediapipe pose x, y (px) and
    visibility, NaN where no body was found; ``masks``: optional person masks (uint8
    0..255 or float 0..1, any size; scaled to ``size``).
    """

    face: np.ndarray
    body: np.ndarray
    size: tuple[int, int]
    masks: Sequence[np.ndarray] | None = None

    def __post_init__(self) -> None:
        self.face = np.asarray(self.face, dtype=np.float64)[..., :2]
        self.body = np.asarray(self.body, dtype=np.float64)
        if self.face.ndim != 3 or self.face.shape[1] != 478:
            raise ValueError(f"face landmarks must be (N, 478, 2), got {self.face.shape}")
        if self.body.shape != (len(self.face), 33, 3):
            raise ValueError(
                f"body keypoints must be ({len(self.face)}, 33, 3), got {self.body.shape}"
            )
        if self.masks is not None and len(self.masks) != len(self.face):
            raise ValueError("one mask per frame")

    @property
    def n(self) -> int:
        return len(self.face)

    def scaled(self, width: int, height: int) -> BodyTrack:
        """The same track for frames rendered at another size."""
        sx, sy = width / self.size[0], height / self.size[1]
        body = self.body.copy()
        body[..., 0] *= sx
        body[..., 1] *= sy
        return BodyTrack(self.face * [sx, sy], body, (width, height), self.masks)

    @classmethod
    def from_tracks(cls, tracks: object, size: tuple[int, int]) -> BodyTrack:
        """From a video avatar's tracks (``landmarks`` (N, 478, 3), ``body`` (N, 33, 3))."""
        return cls(np.asarray(tracks.landmarks)[..., :2], np.asarray(tracks.body), size)  # type: ignore[attr-defined]


@dataclass
class BodyGeometry:
    """What the fits use, per base frame (N), smoothed over time."""

    tips: np.ndarray  # (N, 2, 2) shoulder tips
    neck: np.ndarray  # (N, 2) neck base centre
    neck_half: np.ndarray  # (N,) neck half width at its base
    across: np.ndarray  # (N, 2) unit, image left -> right along the shoulders
    down: np.ndarray  # (N, 2) unit, down the torso
    torso_scale: np.ndarray  # (N,) torso length / a standing torso's (1.0 when hips unseen)
    arm: np.ndarray  # (N, 2, 2) unit upper-arm directions (a relaxed hang where unknown)
    elbow: np.ndarray  # (N, 2, 2)
    wrist: np.ndarray  # (N, 2, 2)
    forearm_seen: np.ndarray  # (N, 2) bool: elbow and wrist both visible
    hands: list[list[np.ndarray]]  # per frame, hand outlines that stay in front
    face: np.ndarray  # (N, 478, 2)
    face_width: np.ndarray  # (N,)
    valid: np.ndarray  # (N,) bool: both shoulders were seen in this frame
    pose_trusted: bool

    @property
    def n(self) -> int:
        return len(self.valid)

    @property
    def shoulder_width(self) -> np.ndarray:
        return np.linalg.norm(self.tips[:, 1] - self.tips[:, 0], axis=1)


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(1e-9, np.linalg.norm(v, axis=-1, keepdims=True))


def _inside(p: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    w, h = size
    with np.errstate(invalid="ignore"):
        return (p[..., 0] >= 0) & (p[..., 0] < w) & (p[..., 1] >= 0) & (p[..., 1] < h)


def _pair(kp: np.ndarray, idx: tuple[int, int], swap: np.ndarray) -> np.ndarray:
    """(N, 2, 3) keypoints of a left/right pair, in image order."""
    pair = kp[:, list(idx)].copy()
    pair[swap] = pair[swap][:, ::-1]
    return pair


def _seen(p: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return (p[..., 2] >= VISIBLE) & _inside(p[..., :2], size)


def body_geometry(track: BodyTrack, fps: float) -> BodyGeometry:
    """Per-frame body geometry; InputError when the shoulders are out of the picture."""
    n, size = track.n, track.size
    face = track.face
    fw = np.linalg.norm(face[:, CHEEK_RIGHT] - face[:, CHEEK_LEFT], axis=1)
    chin = face[:, CHIN]
    kp = track.body
    with np.errstate(invalid="ignore"):
        swap = kp[:, SHOULDERS[0], 0] > kp[:, SHOULDERS[1], 0]
    sh = _pair(kp, SHOULDERS, swap)
    found = _seen(sh, size).all(axis=1)
    joints = sh[..., :2]
    trusted = _pose_plausible(joints, found, fw, chin)

    if trusted:
        jd = np.linalg.norm(joints[:, 1] - joints[:, 0], axis=1)
        across = _unit(joints[:, 1] - joints[:, 0])
        up = np.stack([across[:, 1], -across[:, 0]], axis=1)
        out = POSE_TIP_OUT * jd
        tips = np.stack(
            [joints[:, 0] - across * out[:, None], joints[:, 1] + across * out[:, None]], axis=1
        )
        tips += up[:, None] * (0.04 * jd)[:, None, None]
        valid = found.copy()
    else:
        x = np.stack([chin[:, 0] - TIP_HALF_FW * fw, chin[:, 0] + TIP_HALF_FW * fw], axis=1)
        y = np.repeat((chin[:, 1] + TIP_BELOW_CHIN_FW * fw)[:, None], 2, axis=1)
        tips = np.stack([x, y], axis=2)
        with np.errstate(invalid="ignore"):
            valid = (sh[..., 2] >= VISIBLE).all(axis=1)
    if track.masks is not None:
        snapped = _snap_to_silhouette(tips, track.masks, fw, face, size)
        valid = valid | snapped if not trusted else valid
    h = size[1]
    valid &= (tips[..., 1] < h * 0.98).all(axis=1) & np.isfinite(tips).all(axis=(1, 2))
    _require_shoulders(valid, n)

    across = _unit(tips[:, 1] - tips[:, 0])
    up = np.stack([across[:, 1], -across[:, 0]], axis=1)
    sw = np.linalg.norm(tips[:, 1] - tips[:, 0], axis=1)
    neck = tips.mean(axis=1) + up * (NECK_RISE * sw)[:, None]
    neck[:, 1] = np.maximum(neck[:, 1], chin[:, 1] + MIN_NECK_DROP_FW * fw)
    # the torso axis: between straight down and square to the shoulders (a body turned
    # a little shows tilted shoulders over an upright torso), or towards the hips
    down = _unit(np.stack([-up[:, 0], 1.0 - up[:, 1]], axis=1))
    hips = _pair(kp, HIPS, swap)
    hips_seen = _seen(hips, size).all(axis=1) & trusted
    torso_scale = np.ones(n)
    if hips_seen.any():
        axis_vec = hips[:, :, :2].mean(axis=1) - joints.mean(axis=1)
        down[hips_seen] = _unit(_unit(axis_vec[hips_seen]) + [0.0, 1.0])
        ratio = np.linalg.norm(axis_vec, axis=1) / np.linalg.norm(
            joints[:, 1] - joints[:, 0], axis=1
        )
        torso_scale[hips_seen] = np.clip(ratio[hips_seen] / STANDING_TORSO, *TORSO_SCALE)

    elbows, wrists = _pair(kp, ELBOWS, swap), _pair(kp, WRISTS, swap)
    elbow_seen = _seen(elbows, size) & trusted
    wrist_seen = _seen(wrists, size) & trusted
    hang = _hang_directions(down)
    arm = hang.copy()
    if trusted:
        measured = _unit(elbows[..., :2] - joints)
        arm[elbow_seen] = measured[elbow_seen]
    hands = _hands(kp, swap, wrist_seen, fw, size)

    # smooth everything continuous; frames without shoulders borrow their neighbours'
    tips = _smooth(tips, valid, fps)
    neck = _smooth(neck, valid, fps)
    down = _unit(_smooth(down, valid, fps))
    torso_scale = _smooth(torso_scale, valid, fps)
    arm = _unit(_smooth(arm, valid, fps))
    elbow = _smooth(np.nan_to_num(elbows[..., :2]), valid, fps)
    wrist = _smooth(np.nan_to_num(wrists[..., :2]), valid, fps)
    fw_s = _smooth(fw, np.ones(n, bool), fps)
    return BodyGeometry(
        tips=tips,
        neck=neck,
        neck_half=NECK_HALF_FW * fw_s,
        across=_unit(tips[:, 1] - tips[:, 0]),
        down=down,
        torso_scale=torso_scale,
        arm=arm,
        elbow=elbow,
        wrist=wrist,
        forearm_seen=elbow_seen & wrist_seen,
        hands=hands,
        face=face,
        face_width=fw_s,
        valid=valid,
        pose_trusted=trusted,
    )


def _smooth(values: np.ndarray, valid: np.ndarray, fps: float) -> np.ndarray:
    return smooth_track(fill_missing(values, valid), fps)


def _pose_plausible(
    joints: np.ndarray, found: np.ndarray, fw: np.ndarray, chin: np.ndarray
) -> bool:
    if found.mean() < MIN_VALID:
        return False
    jd = np.linalg.norm(joints[found, 1] - joints[found, 0], axis=1) / fw[found]
    drop = (joints[found, :, 1].mean(axis=1) - chin[found, 1]) / fw[found]
    return bool(1.7 <= np.median(jd) <= 3.6 and np.median(drop) >= 0.3)


def _require_shoulders(valid: np.ndarray, n: int) -> None:
    if valid.mean() >= MIN_VALID:
        return
    where = "the avatar's picture" if n == 1 else f"{n - int(valid.sum())} of {n} base frames"
    raise InputError(
        f"the avatar's shoulders are not in the picture ({where}): a garment cannot be fitted",
        hint="use an avatar framed from the chest or waist up, with both shoulders in view",
    )


def _snap_to_silhouette(
    tips: np.ndarray,
    masks: Sequence[np.ndarray],
    fw: np.ndarray,
    face: np.ndarray,
    size: tuple[int, int],
) -> np.ndarray:
    """Move each tip onto the top edge of the person mask in its column (in place).

    Returns per frame whether both tips found an edge. Columns through the head are not
    used: the edge there is the hair, not a shoulder.
    """
    w, h = size
    ok = np.zeros(len(tips), dtype=bool)
    for k, mask in enumerate(masks):
        m = (
            mask
            if mask.shape[:2] == (h, w)
            else cv2.resize(mask, (w, h), interpolation=cv2.INTER_LINEAR)
        )
        on = m > (127 if m.dtype == np.uint8 else 0.5)
        head_x0, head_x1 = face[k, :, 0].min(), face[k, :, 0].max()
        both = True
        for s in range(2):
            x = int(np.clip(round(tips[k, s, 0]), 0, w - 1))
            if head_x0 <= x <= head_x1:
                both = False
                continue
            y0 = int(np.clip(tips[k, s, 1] - 0.6 * fw[k], 0, h - 1))
            y1 = int(np.clip(tips[k, s, 1] + 0.6 * fw[k], 0, h - 1))
            col = on[y0 : y1 + 1, max(0, x - 2) : x + 3].any(axis=1)
            hits = np.flatnonzero(col)
            if len(hits) == 0 or hits[0] == 0 and y0 > 0 and on[y0 - 1, x]:
                both = False  # no edge in reach, or the body continues above the window
                continue
            tips[k, s, 1] = y0 + hits[0] + 0.05 * fw[k]
        ok[k] = both
    return ok


def _hang_directions(down: np.ndarray) -> np.ndarray:
    """(N, 2, 2) directions of relaxed arms: the torso axis turned outward a little."""
    a = np.deg2rad(HANG_DEG)
    c, s = np.cos(a), np.sin(a)
    # the image-left arm turns towards -x, the image-right one towards +x
    left = np.stack([down[:, 0] * c - down[:, 1] * s, down[:, 0] * s + down[:, 1] * c], axis=1)
    right = np.stack([down[:, 0] * c + down[:, 1] * s, -down[:, 0] * s + down[:, 1] * c], axis=1)
    return np.stack([left, right], axis=1)


def _hands(
    kp: np.ndarray, swap: np.ndarray, seen: np.ndarray, fw: np.ndarray, size: tuple[int, int]
) -> list[list[np.ndarray]]:
    """Per frame, an outline round each visible hand (its pose points, spread out to the
    fingertips, which the pose model does not give)."""
    out: list[list[np.ndarray]] = []
    for k in range(len(kp)):
        polys = []
        for s in range(2):
            if not seen[k, s]:
                continue
            idx = HAND_POINTS[s if not swap[k] else 1 - s]
            pts = kp[k, list(idx), :2]
            if not np.isfinite(pts).all():
                continue
            c = pts.mean(axis=0)
            spread = c + (pts - c) * 2.4  # the pose gives knuckles, not fingertips
            ring = c + 0.35 * fw[k] * np.stack(
                [
                    np.cos(np.linspace(0, 2 * np.pi, 12, endpoint=False)),
                    np.sin(np.linspace(0, 2 * np.pi, 12, endpoint=False)),
                ],
                axis=1,
            )
            hull = cv2.convexHull(np.concatenate([spread, ring]).astype(np.float32))[:, 0]
            polys.append(hull.astype(np.float64))
        out.append(polys)
    return out
