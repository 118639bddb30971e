"""An avatar package is a presenter's face frames and voice: private to the user, from
the build folder to the finished package (issue 17, item 7)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import cv2
import numpy as np
import pytest

from studio.avatar.store import building
from studio.cli import main

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask():
    old = os.umask(0o022)  # what most desktops have: plain writers make 0644 / 0755
    yield
    os.umask(old)


def test_photo_avatar_package_is_owner_only(
    tmp_path: Path, studio_home: Path, astronaut_rgb: np.ndarray, usual_umask, capsys
) -> None:
    img = tmp_path / "astronaut.png"
    cv2.imwrite(str(img), astronaut_rgb[:, :, ::-1])
    assert main(["avatar", "create", "--photo", str(img), "--name", "astro"]) == 0
    package = studio_home / "avatars" / "astro"
    assert (package / "manifest.json").is_file()
    for folder in (studio_home, studio_home / "avatars", package):
        assert mode(folder) == 0o700, folder
    inside = list(package.rglob("*"))
    assert len(inside) > 3
    wrong = {
        str(p.relative_to(package)): oct(mode(p)) for p in inside if mode(p) not in (0o600, 0o700)
    }
    assert wrong == {}
    assert {mode(p) for p in inside if p.is_dir()} <= {0o700}
    assert {mode(p) for p in inside if p.is_file()} == {0o600}


def test_the_build_folder_is_private_while_it_is_written(studio_home: Path, usual_umask) -> None:
    with building("half-done") as tmp:
        assert mode(tmp) == 0o700 and mode(tmp.parent) == 0o700
        (tmp / "frames.bin").write_bytes(b"face")
    assert mode(studio_home / "avatars" / "half-done" / "frames.bin") == 0o600
