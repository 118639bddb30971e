"""The window's CPU cores setting (issue 19): saved, read back, and a bad value ignored."""

from __future__ import annotations

from pathlib import Path

from studio.gui.settings import GuiSettings, load_settings, save_settings


def test_the_cores_setting_round_trips_and_bad_values_mean_all(gui_settings: Path) -> None:
    assert load_settings().threads == 0  # no file: every core
    save_settings(GuiSettings(threads=1))
    assert "threads = 1" in gui_settings.read_text() and load_settings().threads == 1
    gui_settings.write_text("threads = -3\n")
    assert load_settings().threads == 0
    gui_settings.write_text('threads = "two"\n')  # a wrong type is left out
    assert load_settings().threads == 0
