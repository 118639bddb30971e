"""Bad input gets a clear message and a hint, and never stops a show mid-stream."""

from __future__ import annotations

import logging
from pathlib import Path

import cv2
import numpy as np
import pytest

from studio.core.errors import InputError
from studio.core.timeline import FrameRate
from studio.tryon.asset import load_asset
from studio.tryon.body import BodyTrack
from studio.tryon.layer import TryOnLayer


def _jpeg_of_tee_on(tmp_path: Path, background: np.ndarray, drawn_tee) -> Path:
    tee = drawn_tee.picture()
    img = background.copy()
    a = tee[..., 3:4] / 255.0
    img[:] = (tee[..., :3] * a + img * (1 - a)).astype(np.uint8)
    path = tmp_path / "tee_photo.jpg"
    cv2.imwrite(str(path), img, [cv2.IMWRITE_JPEG_QUALITY, 92])
    return path


def test_jpeg_without_alpha_is_refused_with_the_way_out(tmp_path: Path, drawn_tee) -> None:
    path = _jpeg_of_tee_on(tmp_path, np.full((380, 400, 3), 250, np.uint8), drawn_tee)
    with pytest.raises(InputError, match="no transparent background") as err:
        load_asset(path)
    assert "--remove-background" in err.value.hint


def test_background_removal_on_a_plain_backdrop(tmp_path: Path, drawn_tee) -> None:
    path = _jpeg_of_tee_on(tmp_path, np.full((380, 400, 3), 250, np.uint8), drawn_tee)
    asset = load_asset(path, remove_bg=True)
    truth = np.zeros((380, 400), np.uint8)
    cv2.fillPoly(truth, [np.array(drawn_tee.outline, np.int32)], 1)
    got = asset.bgra[..., 3] > 127
    iou = (got & (truth > 0)).sum() / (got | (truth > 0)).sum()
    assert iou > 0.97
    assert asset.sleeved and "background removed" in asset.notes[0]


def test_background_removal_refuses_a_busy_backdrop(tmp_path: Path, drawn_tee) -> None:
    rng = np.random.default_rng(1)
    path = _jpeg_of_tee_on(tmp_path, rng.integers(0, 255, (380, 400, 3), dtype=np.uint8), drawn_tee)
    with pytest.raises(InputError, match="not a plain colour"):
        load_asset(path, remove_bg=True)


def test_tiny_pictures(tmp_path: Path, drawn_tee) -> None:
    path = tmp_path / "tiny.png"
    cv2.imwrite(str(path), drawn_tee.picture()[::20, ::20])
    with pytest.raises(InputError, match="too small"):
        load_asset(path)
    small = np.zeros((300, 300, 4), np.uint8)
    small[100:160, 100:170] = (200, 100, 50, 255)
    cv2.imwrite(str(path), small)
    with pytest.raises(InputError, match=r"the top in .* is too small \(70x60 px\)"):
        load_asset(path)


def test_a_shape_without_garment_anchors(tmp_path: Path) -> None:
    blob = np.zeros((300, 300, 4), np.uint8)
    cv2.circle(blob, (150, 150), 120, (90, 90, 200, 255), -1)
    path = tmp_path / "round_top.png"
    cv2.imwrite(str(path), blob)
    with pytest.raises(InputError, match="could not be found from its outline") as err:
        load_asset(path)
    assert "sidecar" in err.value.hint
    # a sidecar that names every anchor makes it usable
    path.with_suffix(".json").write_text(
        '{"anchors": {"neck_left": [130, 40], "neck_right": [170, 40], "collar": [150, 60],'
        ' "shoulder_left": [60, 80], "shoulder_right": [240, 80], "armpit_left": [50, 140],'
        ' "armpit_right": [250, 140], "hem_left": [80, 250], "hem_right": [220, 250]}}'
    )
    assert load_asset(path).anchors.how["collar"] == "sidecar"


@pytest.mark.parametrize(
    "sidecar,message",
    [
        ("{not json", "not valid JSON"),
        ('{"anchor": {}}', "unknown key"),
        ('{"kind": "scarf"}', "kind 'scarf' is not one of"),
        ('{"anchors": {"elbow": [1, 2]}}', "anchor 'elbow' is not one of"),
        ('{"anchors": {"collar": [5000, 2]}}', "outside the 400x380 image"),
        ('{"anchors": {"collar": "middle"}}', r"must be \[x, y\] in pixels"),
    ],
)
def test_bad_sidecars(tmp_path: Path, sidecar: str, message: str, drawn_tee) -> None:
    path = drawn_tee.png(tmp_path)
    path.with_suffix(".json").write_text(sidecar)
    with pytest.raises(InputError, match=message):
        load_asset(path)


def test_unreadable_and_empty_files(tmp_path: Path) -> None:
    bad = tmp_path / "tee.png"
    bad.write_bytes(b"not a png at all")
    with pytest.raises(InputError, match="cannot be read as an image"):
        load_asset(bad)
    with pytest.raises(InputError, match="does not exist"):
        load_asset(tmp_path / "missing.png")
    cv2.imwrite(str(bad), np.zeros((200, 200, 4), np.uint8))
    with pytest.raises(InputError, match="fully transparent"):
        load_asset(bad)


def _no_body_track(demo_avatar) -> BodyTrack:
    return BodyTrack(demo_avatar.face[None], np.full((1, 33, 3), np.nan), (720, 1280))


def test_avatar_without_shoulders_cannot_wear_a_garment(demo_avatar, asset_dir: Path) -> None:
    layer = TryOnLayer(_no_body_track(demo_avatar), FrameRate(25))
    with pytest.raises(InputError, match="shoulders are not in the picture") as err:
        layer.fit(load_asset(asset_dir / "tee.png"))
    assert "chest or waist up" in err.value.hint


def test_head_only_photo_is_refused(demo_avatar, asset_dir: Path) -> None:
    """A real crop of the portrait with no shoulders: pose and silhouette find none."""
    from studio.tryon.photo import photo_track

    head = np.ascontiguousarray(demo_avatar.plate[:470])  # down to the chin
    track = photo_track(head, demo_avatar.face, demo_avatar.matte[:470])
    with pytest.raises(InputError, match="shoulders are not in the picture"):
        TryOnLayer(track, FrameRate(25)).fit(load_asset(asset_dir / "tee.png"))


def test_live_layer_logs_and_shows_no_garment(demo_avatar, asset_dir: Path, caplog) -> None:
    layer = TryOnLayer(_no_body_track(demo_avatar), FrameRate(25))
    glasses = load_asset(asset_dir / "glasses.png")
    with caplog.at_level(logging.ERROR, logger="studio.tryon.layer"):
        layer.set_garment(load_asset(asset_dir / "tee.png"), 10)  # must not raise
        layer.show_product(str(asset_dir / "missing.png"), 20)  # a catalogue typo
    assert "shoulders are not in the picture" in caplog.text and "missing.png" in caplog.text
    assert layer.render(30, 0) is None  # nothing to draw, and no exception
    layer.set_garment(glasses, 40)  # accessories need only the face: still worn
    frame = layer.render(40 + layer.n_transition, 0)
    assert frame is not None and len(frame.patches) == 1


def test_a_failure_while_rendering_drops_the_layer_for_that_frame(
    demo_avatar, asset_dir: Path, caplog
) -> None:
    layer = TryOnLayer(
        BodyTrack(demo_avatar.face[None], demo_avatar.pose[None], (720, 1280)), FrameRate(25)
    )
    glasses = load_asset(asset_dir / "glasses.png")
    layer.wear(glasses)
    fit = layer.fit(glasses)
    fit.placements[0].affines = fit.placements[0].affines[:, :1]  # corrupt it
    with caplog.at_level(logging.ERROR, logger="studio.tryon.layer"):
        assert layer.render(0, 0) is None
        assert layer.render(1, 0) is None
    assert caplog.text.count("rendering failed") == 1  # logged once, not per frame
