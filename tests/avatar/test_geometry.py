"""Smoothing without lag, head pose and similarity alignment, on synthetic signals with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from studio.avatar import geometry as G
from studio.avatar import landmarks as L
from studio.avatar.smoothing import POSE, one_euro, one_euro_two_sided, smooth_landmarks


def _lag(signal: np.ndarray, reference: np.ndarray, max_lag: int = 6) -> int:
    """The shift (frames) at which ``signal`` best matches ``reference``; > 0 means late."""
    lags = range(-max_lag, max_lag + 1)
    s, r = signal[max_lag:-max_lag], reference
    corr = [np.corrcoef(s, r[max_lag - k : len(r) - max_lag - k])[0, 1] for k in lags]
    return lags[int(np.argmax(corr))]


@pytest.fixture(scope="module")
def head_like() -> tuple[np.ndarray, np.ndarray]:
    """Rigid-point motion at 25 fps (slow sway and 2 Hz nods, face units) plus tracker jitter."""
    rng = np.random.default_rng(3)
    t = np.arange(750) / 25
    clean = 0.2 * np.sin(2 * np.pi * 0.3 * t) + 0.03 * np.sin(2 * np.pi * 2.0 * t)
    return clean, clean + rng.normal(0, 0.012, len(t))


def test_two_sided_one_euro_does_not_delay_the_head(head_like) -> None:
    clean, noisy = head_like
    x = noisy[:, None, None]
    one = np.array([1.0])
    smooth = one_euro_two_sided(x, 25.0, one * POSE.min_cutoff, one * POSE.beta)[:, 0, 0]
    assert _lag(smooth, clean) == 0
    assert np.abs(smooth - clean).mean() < 0.9 * np.abs(noisy - clean).mean()  # and it smooths
    # The test can fail: a smoother forward-only filter is late.
    forward = one_euro(x, 25.0, one * 1.0, one * 0.0)[:, 0, 0]
    assert _lag(forward, clean) >= 1
    assert _lag(one_euro_two_sided(x, 25.0, one * 1.0, one * 0.0)[:, 0, 0], clean) == 0


def test_landmark_smoothing_leaves_lips_exact_and_steadies_the_rigid_face() -> None:
    rng = np.random.default_rng(5)
    t = np.arange(500) / 25
    speech = np.clip(np.sin(2 * np.pi * 4.3 * t) * np.sin(2 * np.pi * 0.37 * t), 0, None) * 12  # px
    base = np.zeros((478, 3), np.float32)
    base[:, 0] = rng.uniform(100, 200, 478)
    base[:, 1] = rng.uniform(100, 260, 478)
    base[L.NOSE_TIP, 1] = 180
    rigid = [33, 263, 168, 6, 10]
    base[rigid, 1] = rng.uniform(100, 170, len(rigid))  # above the nose: the rigid face
    shape = base[:, :2] / 50.0
    truth = np.repeat(base[None], len(t), axis=0)
    sway = 6 * np.sin(2 * np.pi * 0.3 * t) + 1.5 * np.sin(2 * np.pi * 2.0 * t)  # px: sway and nods
    truth[:, :, 0] += sway[:, None].astype(np.float32)
    truth[:, [14, 17, 87, 317], 1] += speech[:, None].astype(np.float32)  # the lower lip talks
    jitter = rng.normal(0, 0.25, truth.shape) + rng.normal(0, 0.12, (len(t), 1, 3))  # ~0.005 IOD
    tracked = (truth + jitter).astype(np.float32)
    smooth = smooth_landmarks(tracked, 25.0, shape, scale=50.0)
    np.testing.assert_array_equal(smooth[:, L.LIPS_ALL], tracked[:, L.LIPS_ALL])  # untouched
    assert _lag(smooth[:, 14, 1] - base[14, 1], speech) == 0
    assert _lag(smooth[:, rigid, 0].mean(axis=1), truth[:, rigid, 0].mean(axis=1)) == 0
    before = np.abs(tracked[:, rigid, :2] - truth[:, rigid, :2]).mean()
    after = np.abs(smooth[:, rigid, :2] - truth[:, rigid, :2]).mean()
    assert after < 0.75 * before


def _rotation(yaw: float, pitch: float, roll: float) -> np.ndarray:
    y, p, r = np.radians([yaw, pitch, roll])
    ry = np.array([[np.cos(y), 0, -np.sin(y)], [0, 1, 0], [np.sin(y), 0, np.cos(y)]])
    rx = np.array([[1, 0, 0], [0, np.cos(p), -np.sin(p)], [0, np.sin(p), np.cos(p)]])
    rz = np.array([[np.cos(r), -np.sin(r), 0], [np.sin(r), np.cos(r), 0], [0, 0, 1]])
    return rz @ rx @ ry


@pytest.fixture(scope="module")
def face3d(astronaut_rgb: np.ndarray) -> np.ndarray:
    with L.FaceMeshDetector(video=False) as mesh:
        return mesh.detect(astronaut_rgb)[0].astype(np.float64)


@pytest.mark.parametrize(
    "yaw,pitch,roll", [(15, 0, 0), (0, 12, 0), (0, 0, -10), (-20, 8, 5), (30, -15, 12)]
)
def test_head_pose_recovers_known_rotations(
    face3d: np.ndarray, yaw: float, pitch: float, roll: float
) -> None:
    centre = face3d.mean(axis=0)
    frontal = (face3d - centre) @ G.head_frame(face3d[None])[0]  # the face turned to look at us
    assert G.head_pose(frontal[None])[0] == pytest.approx([0, 0, 0], abs=1e-3)
    turned = frontal @ _rotation(yaw, pitch, roll).T + centre
    assert G.head_pose(turned[None])[0] == pytest.approx([yaw, pitch, roll], abs=0.01)
    # Moving the head without turning it changes nothing.
    assert G.head_pose((turned * 1.3 + [40, -25, 7])[None])[0] == pytest.approx(
        [yaw, pitch, roll], abs=0.01
    )


def test_head_pose_signs(face3d: np.ndarray) -> None:
    centre = face3d.mean(axis=0)
    # Turn towards image right: the nose (closest to the camera) moves right.
    turned = (face3d - centre) @ _rotation(20, 0, 0).T + centre
    assert turned[L.NOSE_TIP, 0] > face3d[L.NOSE_TIP, 0]
    assert G.head_pose(turned[None])[0, 0] > G.head_pose(face3d[None])[0, 0]
    # Tilt down: the forehead comes towards the camera (smaller z), the nose moves down.
    down = (face3d - centre) @ _rotation(0, 15, 0).T + centre
    assert down[L.NOSE_TIP, 1] > face3d[L.NOSE_TIP, 1]


def test_similarity_fit_and_canonical_frame(face3d: np.ndarray) -> None:
    pts = face3d[:, :2]
    template = G.canonical_template(pts[None])
    theta = np.radians(12)
    m = np.array(
        [
            [1.7 * np.cos(theta), -1.7 * np.sin(theta), 40],
            [1.7 * np.sin(theta), 1.7 * np.cos(theta), -25],
        ]
    )
    moved = G.apply_affine(m, pts)
    to_canon = G.to_canonical(moved[None], template)[0]
    canon = G.apply_affine(to_canon, moved)
    right, left = G.eye_centres(canon)
    assert np.linalg.norm(left - right) == pytest.approx(
        1.0, abs=0.02
    )  # one unit = the eye distance
    assert abs(left[1] - right[1]) < 0.02  # eye line horizontal
    np.testing.assert_allclose(G.apply_affine(G.invert_affine(to_canon), canon), moved, atol=1e-6)
