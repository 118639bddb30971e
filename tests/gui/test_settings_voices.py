"""The window's voice per language (issue 21): saved, read back, and given to its show."""

from __future__ import annotations

from pathlib import Path

from studio.gui.settings import GuiSettings, load_settings, save_settings, voice_languages
from studio.runtime.session import ShowConfig


def test_a_voice_per_language_round_trips_into_the_show(gui_settings: Path) -> None:
    assert voice_languages(load_settings()) == ()  # not set: the voice engine as before
    save_settings(GuiSettings(voice_zh="zh_CN-huayan-medium"))
    assert 'voice_zh = "zh_CN-huayan-medium"' in gui_settings.read_text()
    chosen = voice_languages(load_settings())
    assert chosen == (("zh", "zh_CN-huayan-medium"), ("en", "auto"))
    room = ShowConfig(scene=Path("scene.toml"), voice_languages=chosen, port=0).room()
    assert room.voice.languages == {"zh": "zh_CN-huayan-medium", "en": "auto"}
