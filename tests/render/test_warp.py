import numpy as np

from studio.render.warp import PiecewiseAffineWarp, delaunay


def _grid_points(w: int, h: int, n: int) -> np.ndarray:
    """n x n points spanning the image corner to corner."""
    xs, ys = np.meshgrid(np.linspace(0, w - 1, n), np.linspace(0, h - 1, n))
    return np.stack([xs.ravel(), ys.ravel()], 1)


def test_identity_warp_returns_the_image() -> None:
    rng = np.random.default_rng(0)
    img = rng.integers(0, 255, (120, 160, 3), dtype=np.uint8)
    pts = _grid_points(160, 120, 8)
    warp = PiecewiseAffineWarp(pts, delaunay(pts, 160, 120), (0, 0, 160, 120))
    out = warp.apply(img, pts)
    assert np.abs(out.astype(int) - img.astype(int)).mean() < 1.0


def test_moving_one_point_moves_the_content_under_it() -> None:
    img = np.zeros((200, 200, 3), dtype=np.uint8)
    img[95:106, 95:106] = 255  # a white square at (100, 100)
    pts = np.concatenate([_grid_points(200, 200, 4), [[100.0, 100.0]]])
    tris = delaunay(pts, 200, 200)
    warp = PiecewiseAffineWarp(pts, tris, (0, 0, 200, 200))
    dst = pts.copy()
    dst[-1] = [115.0, 108.0]
    out = warp.apply(img, dst)
    ys, xs = np.nonzero(out[..., 0] > 128)
    # The square follows its control point (its edges a little less: the warp is smooth).
    assert 111 < xs.mean() <= 115.5 and 105 < ys.mean() <= 108.5
    # Far from the moved point the image is untouched.
    assert out[:40, :40].max() == 0


def test_delaunay_covers_the_convex_hull() -> None:
    pts = _grid_points(100, 100, 5)
    tris = delaunay(pts, 100, 100)
    area = 0.0
    for a, b, c in pts[tris]:
        area += abs((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])) / 2
    assert abs(area - 99 * 99) < 1.0
