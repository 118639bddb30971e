"""Anchors found from the alpha mask: on a tee the test draws (known corners), on the
garments the project ships, and on a real product shot."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from studio.tryon.anchors import ESTIMATED, FOUND, SIDECAR
from studio.tryon.asset import load_asset


def test_drawn_tee_anchors_land_on_its_corners(tmp_path: Path, drawn_tee) -> None:
    asset = load_asset(drawn_tee.png(tmp_path))
    assert asset.kind == "top" and asset.sleeved
    for name, (x, y) in drawn_tee.points.items():
        got = asset.anchors[name]
        assert np.hypot(got[0] - x, got[1] - y) < 9, (name, got, (x, y))
        assert asset.anchors.how[name] == FOUND


def _check_garment_layout(asset, sleeved: bool) -> None:
    a = asset.anchors
    h = asset.bgra.shape[0]
    x = {k: v[0] for k, v in a.points.items()}
    y = {k: v[1] for k, v in a.points.items()}
    for side in ("neck", "shoulder", "armpit", "hem"):
        assert x[f"{side}_left"] < x[f"{side}_right"], side
    assert x["neck_left"] < x["collar"] < x["neck_right"]
    assert y["collar"] > max(y["neck_left"], y["neck_right"])
    assert x["shoulder_left"] < x["neck_left"] and x["shoulder_right"] > x["neck_right"]
    assert y["armpit_left"] > y["shoulder_left"] and y["hem_left"] > y["armpit_left"] + 0.2 * h
    assert y["neck_left"] < 0.2 * h and y["hem_left"] > 0.8 * h
    assert asset.sleeved == sleeved
    if sleeved:
        assert x["sleeve_left"] < x["armpit_left"] and x["sleeve_right"] > x["armpit_right"]


@pytest.mark.parametrize(
    "name,kind,sleeved",
    [("tee", "top", True), ("dress", "dress", False), ("jacket", "outerwear", True)],
)
def test_shipped_garments(asset_dir: Path, name: str, kind: str, sleeved: bool) -> None:
    asset = load_asset(asset_dir / f"{name}.png")
    assert asset.kind == kind
    _check_garment_layout(asset, sleeved)
    assert all(how == FOUND for how in asset.anchors.how.values())


def test_shipped_garment_necklines(asset_dir: Path) -> None:
    tee = load_asset(asset_dir / "tee.png")  # the inside of the back shows: found by its edge
    assert 85 <= tee.anchors["collar"][1] <= 100
    jacket = load_asset(asset_dir / "jacket.png")  # an open V: its bottom
    assert jacket.anchors["collar"][1] > 0.4 * jacket.bgra.shape[0]


def test_real_tee(shared_media: Path) -> None:
    asset = load_asset(shared_media / "garment" / "solidus_dark_tee.png")
    _check_garment_layout(asset, sleeved=True)
    expected = {  # read off the product shot (1360x1190)
        "shoulder_left": (400, 240),
        "shoulder_right": (950, 240),
        "armpit_left": (400, 523),
        "armpit_right": (947, 518),
        "sleeve_left": (300, 480),
        "sleeve_right": (1060, 455),
        "hem_left": (398, 1007),
        "hem_right": (975, 1007),
        "neck_left": (560, 166),
        "neck_right": (765, 165),
        "collar": (679, 258),
    }
    for name, (ex, ey) in expected.items():
        got = asset.anchors[name]
        assert np.hypot(got[0] - ex, got[1] - ey) < 35, (name, got)
    # the neckline is closed in the shot (the back shows) and has no clear edge
    assert asset.anchors.how["collar"] == ESTIMATED


def test_shipped_accessories(asset_dir: Path) -> None:
    g = load_asset(asset_dir / "glasses.png")
    w, h = g.size
    assert g.kind == "glasses"
    assert g.anchors["lens_left"][0] < w / 2 < g.anchors["lens_right"][0]
    assert abs(g.anchors["lens_left"][1] - h / 2) < 0.2 * h
    hat = load_asset(asset_dir / "hat.png")
    w, h = hat.size
    left, right = hat.anchors["crown_left"], hat.anchors["crown_right"]
    assert 0.2 * w < left[0] < 0.4 * w and 0.6 * w < right[0] < 0.8 * w
    assert 0.45 * h < left[1] < 0.75 * h  # above the brim, below the crown's top
    ear = load_asset(asset_dir / "earrings.png")
    assert ear.anchors["hook"][1] < 5 and ear.anchors["drop"][1] > 0.9 * ear.size[1]
    neck = load_asset(asset_dir / "necklace.png")
    w, h = neck.size
    assert neck.anchors["clasp_left"][0] < 0.15 * w and neck.anchors["clasp_right"][0] > 0.85 * w
    assert (
        abs(neck.anchors["pendant"][0] - w / 2) < 0.05 * w and neck.anchors["pendant"][1] > 0.9 * h
    )


def test_sidecar_overrides_one_anchor(tmp_path: Path, drawn_tee) -> None:
    path = drawn_tee.png(tmp_path)
    path.with_suffix(".json").write_text('{"kind": "top", "anchors": {"collar": [200, 90]}}')
    asset = load_asset(path)
    assert tuple(asset.anchors["collar"]) == (200, 90) and asset.anchors.how["collar"] == SIDECAR
    assert asset.anchors.how["hem_left"] == FOUND


def test_kind_from_sidecar_and_file_name(tmp_path: Path, asset_dir: Path) -> None:
    from studio.tryon.kinds import guess_kind

    assert [
        guess_kind(Path(n)) for n in ("red_dress.png", "眼镜.png", "Denim-Jacket.png", "x.png")
    ] == ["dress", "glasses", "outerwear", "top"]
    path = tmp_path / "product_0421.png"
    cv2.imwrite(str(path), cv2.imread(str(asset_dir / "glasses.png"), cv2.IMREAD_UNCHANGED))
    path.with_suffix(".json").write_text('{"kind": "glasses"}')
    asset = load_asset(path)
    assert asset.kind == "glasses" and set(asset.anchors.points) == {"lens_left", "lens_right"}


def test_check_command_prints_and_draws(tmp_path: Path, asset_dir: Path, capsys) -> None:
    from studio.cli import main

    out = tmp_path / "debug.png"
    assert main(["tryon", "check", str(asset_dir / "tee.png"), "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "top, 600x560, sleeved" in text and "shoulder_left" in text and "found" in text
    img = cv2.imread(str(out))
    assert img is not None and img.shape[0] == 560 and img.shape[1] > 600
    # the anchor dots are drawn: green pixels that the asset does not have
    green = (img[..., 1] > 180) & (img[..., 0] < 90) & (img[..., 2] < 90)
    assert green.sum() > 11 * 20


def test_check_command_writes_a_sidecar_to_edit(tmp_path: Path, drawn_tee) -> None:
    from studio.cli import main

    path = drawn_tee.png(tmp_path)
    assert main(["tryon", "check", str(path), "--write-sidecar"]) == 0
    again = load_asset(path)
    assert all(how == SIDECAR for how in again.anchors.how.values())
    assert np.allclose(again.anchors["hem_left"], drawn_tee.points["hem_left"], atol=9)
