"""Face geometry from landmark tracks: canonical alignment, head pose, eye openness.

The canonical face frame (DESIGN.md §5): origin between the eyes, x along the eye line,
one unit = the inter-ocular distance (between the eye centres, each the midpoint of its
two corners: corners do not move with gaze as the iris does). A similarity transform
fitted on the STABLE points (eye corners, nose bridge) takes each frame into it, so lip
shapes of different frames compare although the head moved, rolled or came closer.
"""

from __future__ import annotations

import numpy as np

from studio.avatar import landmarks as L

RIGHT_EYE_CORNERS = (33, 133)  # subject's right eye (image left)
LEFT_EYE_CORNERS = (263, 362)
# Lid pairs (upper, lower) across the middle of each eye, for openness.
RIGHT_LID_PAIRS = ((160, 144), (159, 145), (158, 153))
LEFT_LID_PAIRS = ((387, 373), (386, 374), (385, 380))


def eye_centres(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(right, left) eye centres of (..., 478, >=2) points, each (..., 2)."""
    p = points[..., :2]
    right = (p[..., RIGHT_EYE_CORNERS[0], :] + p[..., RIGHT_EYE_CORNERS[1], :]) / 2
    left = (p[..., LEFT_EYE_CORNERS[0], :] + p[..., LEFT_EYE_CORNERS[1], :]) / 2
    return right, left


def interocular(points: np.ndarray) -> np.ndarray:
    """Distance between the eye centres (...,) in the points' units."""
    right, left = eye_centres(points)
    return np.linalg.norm(left - right, axis=-1)


def normalise_shape(points: np.ndarray) -> np.ndarray:
    """(478, 2) points moved into the canonical frame by their own eye line (no fitting)."""
    right, left = eye_centres(points)
    mid = (right + left) / 2
    d = left - right
    iod = float(np.linalg.norm(d))
    c, s = d / iod
    rot = np.array([[c, s], [-s, c]])  # turns the eye line onto +x
    return (points[:, :2] - mid) @ rot.T / iod


def canonical_template(shapes: np.ndarray) -> np.ndarray:
    """The STABLE points of the canonical face: median over (K, 478, 2) face shapes."""
    normed = np.stack([normalise_shape(s) for s in shapes])
    return np.median(normed[:, L.STABLE], axis=0).astype(np.float64)


def fit_similarity(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Least-squares similarity (Umeyama) taking src to dst, batched.

    src, dst: (..., K, 2). Returns (..., 2, 3) matrices M with dst ~ M @ [x, y, 1].
    """
    src = np.asarray(src, dtype=np.float64)
    dst = np.asarray(dst, dtype=np.float64)
    ms, md = src.mean(axis=-2, keepdims=True), dst.mean(axis=-2, keepdims=True)
    a, b = src - ms, dst - md
    # For a similarity [[s c, -s s'], [s s', s c]] the optimum has closed form:
    dot = (a * b).sum(axis=(-1, -2))
    cross = (a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]).sum(axis=-1)
    var = (a**2).sum(axis=(-1, -2))
    sc, ss = dot / var, cross / var
    m = np.zeros(src.shape[:-2] + (2, 3))
    m[..., 0, 0], m[..., 0, 1] = sc, -ss
    m[..., 1, 0], m[..., 1, 1] = ss, sc
    lin = m[..., :2]
    t = md[..., 0, :] - np.einsum("...ij,...j->...i", lin, ms[..., 0, :])
    m[..., :, 2] = t
    return m


def apply_affine(m: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Apply (..., 2, 3) affine matrices to (..., K, 2) points."""
    return np.einsum("...ij,...kj->...ki", m[..., :2], pts[..., :2]) + m[..., None, :, 2]


def invert_affine(m: np.ndarray) -> np.ndarray:
    """Inverse of (..., 2, 3) affine matrices (closed form: LAPACK's per-call cost is
    most of the time for one 2x2, and the renderer inverts a few every frame)."""
    m = np.asarray(m, dtype=np.float64)
    a, b, c, d = m[..., 0, 0], m[..., 0, 1], m[..., 1, 0], m[..., 1, 1]
    det = a * d - b * c
    lin = np.stack([np.stack([d, -b], -1), np.stack([-c, a], -1)], -2) / det[..., None, None]
    t = -np.einsum("...ij,...j->...i", lin, m[..., :, 2])
    return np.concatenate([lin, t[..., None]], axis=-1)


def to_canonical(points: np.ndarray, template: np.ndarray) -> np.ndarray:
    """(N, 2, 3) similarity per frame from image pixels to the canonical frame."""
    return fit_similarity(
        points[:, L.STABLE, :2], np.broadcast_to(template, (len(points),) + template.shape)
    )


def head_frame(points: np.ndarray) -> np.ndarray:
    """(N, 3, 3) head axes [x y z] as columns, in image axes, from (N, 478, 3) mesh points.

    z is the normal of the plane fitted through the face oval (pointing into the head),
    x the eye line made perpendicular to it, y = z cross x (down the face). Image axes:
    x right, y down, z away from the camera (mediapipe's depth, in pixels like x).
    """
    p = points.astype(np.float64)
    oval = p[:, L.FACE_OVAL]
    centred = oval - oval.mean(axis=1, keepdims=True)
    cov = np.einsum("nki,nkj->nij", centred, centred)
    _, vecs = np.linalg.eigh(cov)  # ascending eigenvalues: column 0 is the plane normal
    ez = vecs[:, :, 0]
    ez *= np.where(ez[:, 2:3] < 0, -1.0, 1.0)
    right = (p[:, RIGHT_EYE_CORNERS[0]] + p[:, RIGHT_EYE_CORNERS[1]]) / 2
    left = (p[:, LEFT_EYE_CORNERS[0]] + p[:, LEFT_EYE_CORNERS[1]]) / 2
    d = left - right
    ex = d - (d * ez).sum(axis=1, keepdims=True) * ez
    ex /= np.linalg.norm(ex, axis=1, keepdims=True)
    ey = np.cross(ez, ex)
    return np.stack([ex, ey, ez], axis=2)


def head_pose(points: np.ndarray) -> np.ndarray:
    """(N, 3) yaw, pitch, roll in degrees from (N, 478, 3) mesh points (see ``head_frame``).

    The head frame is decomposed as Rz(roll) Rx(pitch) Ry(yaw). About 0 for a face looking
    straight into the camera (within ~10 degrees of pitch: faces differ); yaw > 0 when the
    face turns towards image right, pitch > 0 when it tilts down (chin to chest), roll > 0
    when it tilts clockwise on screen.
    """
    h = head_frame(points)
    ex, ey, ez = h[:, :, 0], h[:, :, 1], h[:, :, 2]
    pitch = np.degrees(np.arcsin(np.clip(ey[:, 2], -1, 1)))
    roll = np.degrees(np.arctan2(-ey[:, 0], ey[:, 1]))
    yaw = np.degrees(np.arctan2(ex[:, 2], ez[:, 2]))
    return np.stack([yaw, pitch, roll], axis=1).astype(np.float32)


def eye_openness(points: np.ndarray) -> np.ndarray:
    """(N, 2) right/left lid gap divided by the inter-ocular distance."""
    p = points[..., :2]
    iod = interocular(points)
    out = []
    for pairs in (RIGHT_LID_PAIRS, LEFT_LID_PAIRS):
        up = p[:, [a for a, _ in pairs]]
        lo = p[:, [b for _, b in pairs]]
        out.append(np.linalg.norm(lo - up, axis=-1).mean(axis=1) / iod)
    return np.stack(out, axis=1).astype(np.float32)
