"""The try-on commands as a user runs them, and the shipped pictures' provenance."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np

STUDIO = [sys.executable, "-m", "studio.cli"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*STUDIO, *args], capture_output=True, text=True, timeout=300)


def test_check_refuses_a_jpeg_with_message_hint_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "shirt.jpg"
    cv2.imwrite(str(path), np.full((300, 300, 3), 200, np.uint8))
    r = run("tryon", "check", str(path))
    assert r.returncode == 2
    assert "has no transparent background" in r.stderr and "hint:" in r.stderr
    assert "--remove-background" in r.stderr


def test_scene_still_wears_the_scenes_outfit(tmp_path: Path, asset_dir: Path) -> None:
    scene = tmp_path / "room.toml"
    scene.write_text(
        "[canvas]\npreset = 'vertical-720'\n[product_card]\nenabled = false\n"
        "[subtitles]\nenabled = false\n[ticker]\nenabled = false\n"
        f"[tryon]\ngarment = '{asset_dir / 'dress.png'}'\n",
        encoding="utf-8",
    )
    plain = tmp_path / "plain.toml"
    plain.write_text(scene.read_text().split("[tryon]")[0], encoding="utf-8")
    outs = []
    for s in (plain, scene):
        out = tmp_path / f"{s.stem}.png"
        r = run("scene", "still", str(s), "-o", str(out))
        assert r.returncode == 0, r.stderr
        outs.append(cv2.imread(str(out)))
    changed = np.abs(outs[0].astype(int) - outs[1].astype(int)).max(axis=2) > 30
    ys, xs = np.nonzero(changed)
    assert changed.mean() > 0.15 and ys.min() > 1280 * 0.3  # a dress below the face
    red = (outs[1][..., 2] > 150) & (outs[1][..., 1] < 80) & (outs[1][..., 0] < 100)
    assert (red & changed).sum() > 0.5 * changed.sum()


def test_tryon_still_command(tmp_path: Path, asset_dir: Path) -> None:
    out = tmp_path / "look.png"
    r = run(
        "tryon", "still", str(asset_dir / "glasses.png"), str(asset_dir / "hat.png"), "-o", str(out)
    )
    assert r.returncode == 0, r.stderr
    img = cv2.imread(str(out))
    assert img.shape == (1280, 720, 3)


def test_shipped_pictures_are_what_the_script_draws(tmp_path: Path, asset_dir: Path) -> None:
    r = subprocess.run(
        [sys.executable, str(asset_dir / "make_garments.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    drawn = sorted(p.name for p in tmp_path.glob("*.png"))
    assert drawn == sorted(p.name for p in asset_dir.glob("*.png"))
    assert len(drawn) == 7
    for name in drawn:
        shipped = cv2.imread(str(asset_dir / name), cv2.IMREAD_UNCHANGED)
        again = cv2.imread(str(tmp_path / name), cv2.IMREAD_UNCHANGED)
        assert shipped.shape[2] == 4 and np.array_equal(shipped, again), name
        assert (asset_dir / name).stat().st_size < 200 * 1024, name
