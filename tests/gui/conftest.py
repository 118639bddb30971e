"""Fixtures for the desktop studio tests: settings kept in the test's folder, a show
database with the demo shop, and helpers to wait on the Qt event loop."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.core.paths import assets_dir
from studio.show.importer import import_file
from studio.show.store import ShowStore


@pytest.fixture(autouse=True)
def gui_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The GUI's settings file lives in the test's folder, never the user's."""
    path = tmp_path / "gui-settings" / "gui.toml"
    monkeypatch.setenv("STUDIO_GUI_SETTINGS", str(path))
    return path


@pytest.fixture
def demo_db(studio_home: Path) -> Path:
    """STUDIO_HOME/show.db holding the demo products and scripts."""
    path = studio_home / "show.db"
    with ShowStore(path) as store:
        import_file(store, assets_dir() / "demo" / "products.csv")
        import_file(store, assets_dir() / "demo" / "script.toml")
    return path


@pytest.fixture
def portrait_png(tmp_path: Path, astronaut_rgb) -> Path:
    import cv2

    path = tmp_path / "portrait.png"
    cv2.imwrite(str(path), cv2.cvtColor(astronaut_rgb, cv2.COLOR_RGB2BGR))
    return path


@pytest.fixture
def alsa_home():
    """A factory: ``alsa_home(folder, microphone=None)`` makes ``folder`` a HOME whose
    ALSA default is a real PCM with no hardware (see :func:`make_alsa_home`)."""
    return make_alsa_home


def make_alsa_home(folder: Path, microphone: Path | None = None) -> Path:
    """A HOME whose ALSA default is a real PCM with no hardware: playback goes to the
    null device; capture reads ``microphone`` (raw int16 mono samples) when given, so
    PortAudio records known speech through the same path as a real microphone."""
    folder.mkdir(parents=True, exist_ok=True)
    if microphone is None:
        config = "pcm.!default {\n  type null\n}\n"
    else:
        config = (
            'pcm.!default {\n  type asym\n  playback.pcm "nullout"\n  capture.pcm "mic"\n}\n'
            "pcm.nullout {\n  type null\n}\n"
            'pcm.mic {\n  type file\n  slave.pcm "nullout"\n  file "/dev/null"\n'
            f'  infile "{microphone}"\n  format "raw"\n}}\n'
        )
    (folder / ".asoundrc").write_text(config, encoding="utf-8")
    return folder
