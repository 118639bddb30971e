"""The lip-sync measures on signals and images whose answer is known."""

from __future__ import annotations

import math

import numpy as np

from studio.lipsync import metrics


def _syllables(n: int = 300, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = np.convolve(rng.random(n) > 0.7, np.hanning(7), mode="same")
    return x.astype(np.float32)


def test_correlation_peaks_at_the_lag_the_render_runs_late() -> None:
    real = _syllables()
    late = np.concatenate([np.zeros(2, np.float32), real[:-2]])  # rendered 2 frames late
    lags = metrics.lagged_correlations(late, real)
    assert metrics.peak_lag(lags) == 2
    assert lags[2] > 0.99 and lags[0] < lags[2]
    early = np.concatenate([real[3:], np.zeros(3, np.float32)])
    assert metrics.peak_lag(metrics.lagged_correlations(early, real)) == -3


def test_pearson_ignores_missing_frames_and_is_nan_for_a_constant() -> None:
    real = _syllables()
    pred = real.copy()
    pred[::10] = np.nan
    assert metrics.pearson(pred, real) > 0.999
    assert math.isnan(metrics.pearson(np.full(50, 0.1), real[:50]))
    assert metrics.peak_lag({0: math.nan, 1: math.nan}) == 0


def test_lip_landmark_distance_is_the_mean_point_distance() -> None:
    rng = np.random.default_rng(1)
    lips = rng.normal(size=(20, 40, 2))
    assert metrics.lip_landmark_distance(lips, lips) == 0.0
    moved = lips + np.array([0.03, 0.04])  # every point 0.05 away
    assert abs(metrics.lip_landmark_distance(moved, lips) - 0.05) < 1e-9
    moved[3] = np.nan  # a frame without a face is skipped, not counted as zero
    assert abs(metrics.lip_landmark_distance(moved, lips) - 0.05) < 1e-9


def test_psnr_and_ssim_rank_noise_levels() -> None:
    rng = np.random.default_rng(2)
    img = cv2_blur(rng.integers(0, 256, (57, 94, 3)).astype(np.uint8))
    assert metrics.psnr(img, img) == math.inf
    assert abs(metrics.ssim(img, img) - 1.0) < 1e-9
    light = np.clip(img + rng.normal(0, 4, img.shape), 0, 255).astype(np.uint8)
    heavy = np.clip(img + rng.normal(0, 25, img.shape), 0, 255).astype(np.uint8)
    assert metrics.psnr(light, img) > metrics.psnr(heavy, img) + 10
    assert 1.0 > metrics.ssim(light, img) > metrics.ssim(heavy, img)


def cv2_blur(img: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.GaussianBlur(img, (7, 7), 2)


def test_frame_change_scores_flicker_above_smooth_motion_and_skips_lost_faces() -> None:
    rng = np.random.default_rng(0)
    a = rng.integers(0, 256, (20, 30, 3), dtype=np.uint8)
    b = rng.integers(0, 256, (20, 30, 3), dtype=np.uint8)
    found = np.ones(9, bool)
    still = np.stack([a] * 9)
    assert metrics.frame_change(still, found) == 0
    # the same two end frames, reached by a cross-fade or by flipping back and forth
    fade = np.stack([(a * (1 - t) + b * t).astype(np.uint8) for t in np.linspace(0, 1, 9)])
    flicker = np.stack([a if k % 2 == 0 else b for k in range(9)])
    assert 0 < metrics.frame_change(fade, found) < metrics.frame_change(flicker, found) / 4
    # a frame without a face breaks both of its pairs: what is left here is still
    lost = still.copy()
    lost[4] = b
    gone = found.copy()
    gone[4] = False
    assert metrics.frame_change(lost, gone) == 0
    assert math.isnan(metrics.frame_change(still[:2], np.array([True, False])))
