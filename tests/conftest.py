"""Shared fixtures: an isolated STUDIO_HOME, Qt offscreen, and the demo portrait."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from studio.core.messages import set_language

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GLOG_minloglevel", "2")

SHARED_MEDIA = Path(__file__).resolve().parents[1].parent / "shared" / "media"


@pytest.fixture(autouse=True)
def studio_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own STUDIO_HOME so nothing touches the user's data."""
    home = tmp_path / "studio-home"
    monkeypatch.setenv("STUDIO_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The engine's messages in English whatever the machine's locale (tests of the
    Chinese set it themselves), and no language choice carried into the next test."""
    monkeypatch.setenv("STUDIO_LANG", "en")
    yield
    set_language(None)


@pytest.fixture(scope="session")
def astronaut_rgb() -> np.ndarray:
    from skimage import data

    return data.astronaut()


@pytest.fixture(scope="session")
def shared_media() -> Path:
    """../shared/media when it exists (real faces and voices); skip otherwise."""
    if not SHARED_MEDIA.is_dir():
        pytest.skip("../shared/media is not present")
    return SHARED_MEDIA


@pytest.fixture(scope="session")
def photo_package(tmp_path_factory: pytest.TempPathFactory, astronaut_rgb) -> Path:
    """A photo avatar package (made once), to copy into a test's home."""
    from studio.avatar.create_photo import create_from_photo

    home = tmp_path_factory.mktemp("photo-home")
    photo = home / "face.png"
    cv2.imwrite(str(photo), cv2.cvtColor(astronaut_rgb, cv2.COLOR_RGB2BGR))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STUDIO_HOME", str(home))
        create_from_photo(photo, "her")
    return home / "avatars" / "her"


@pytest.fixture
def her(studio_home: Path, photo_package: Path) -> str:
    """The presenter "her" in this test's home (no lines yet)."""
    shutil.copytree(photo_package, studio_home / "avatars" / "her")
    return "her"
