"""The settings dialog says where a remembered stream key would be kept, next to the box."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel

from studio.gui.settings import GuiSettings
from studio.gui.settingsdialog import SettingsDialog


def test_the_remember_key_box_says_where_the_key_is_kept(qtbot, gui_settings: Path) -> None:
    dialog = SettingsDialog(GuiSettings())
    qtbot.addWidget(dialog)
    dialog.show()
    box = dialog.remember_key
    assert not box.isChecked()  # off unless she asks
    said = [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()]
    assert any(str(gui_settings) in text for text in said)
    assert str(gui_settings) in box.toolTip()


def test_a_voice_is_chosen_per_language_from_what_is_installed(
    qtbot, gui_settings: Path, studio_home: Path, tmp_path: Path, monkeypatch
) -> None:
    """No voice name is typed: she picks one per language, and adds a pack from a file
    (installed off the GUI thread); each pack names its licence."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    from tests.speech.conftest import piper_voice

    dialog = SettingsDialog(GuiSettings())
    qtbot.addWidget(dialog)
    assert [dialog.voice_zh.itemData(i) for i in range(dialog.voice_zh.count())] == [
        "auto", "espeak"
    ]  # fmt: skip
    assert "joe" in [dialog.voice_en.itemData(i) for i in range(dialog.voice_en.count())]
    model = piper_voice(tmp_path / "download", "zh_CN-test-medium", "cmn", "zh_CN")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(model), ""))
    dialog.add_voice.click()  # the file dialog answers with the pack she downloaded
    qtbot.waitUntil(lambda: dialog.voice_zh.currentData() != "auto", timeout=60_000)
    name = dialog.voice_zh.currentData()
    assert (studio_home / "voices" / name).is_dir()
    tip = dialog.voice_zh.itemData(dialog.voice_zh.currentIndex(), Qt.ItemDataRole.ToolTipRole)
    assert "not declared" in tip or "MIT" in tip
    chosen = dialog.result_settings()
    assert (chosen.voice_zh, chosen.voice_en) == (name, "auto")


def test_a_dark_look_is_chosen_and_applied_at_once(qtbot, qapp, gui_settings: Path) -> None:
    from PySide6.QtGui import QPalette

    from studio.gui.theme import apply_theme

    dialog = SettingsDialog(GuiSettings())
    qtbot.addWidget(dialog)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    assert dialog.result_settings().theme == "dark"
    try:
        assert apply_theme(qapp, "dark") == "dark"
        assert qapp.palette().color(QPalette.ColorRole.Window).lightness() < 60
        assert apply_theme(qapp, "light") == "light"
        assert qapp.palette().color(QPalette.ColorRole.Window).lightness() > 180
    finally:
        apply_theme(qapp, "light")


def test_the_voice_note_takes_no_room_until_there_is_something_to_say(
    qtbot, gui_settings: Path, studio_home: Path, tmp_path: Path, monkeypatch
) -> None:
    """Before she adds a voice pack, the rows under 添加声音包 follow at the form's usual
    spacing (an empty note row left a gap); a pack that cannot be added says why there."""
    from PySide6.QtWidgets import QFileDialog

    dialog = SettingsDialog(GuiSettings())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)

    def gap(upper, lower) -> int:
        return lower.geometry().top() - upper.geometry().bottom()

    usual = gap(dialog.voice_zh, dialog.voice_en)
    assert gap(dialog.add_voice, dialog.gpu) == usual
    assert not dialog.voice_note.isVisible()
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"not a voice")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(broken), ""))
    dialog.add_voice.click()
    qtbot.waitUntil(dialog.add_voice.isEnabled, timeout=60_000)  # checked off the GUI thread
    assert dialog.voice_note.isVisible() and dialog.voice_note.text()
    assert dialog.voice_note.text() != "Checking and installing the voice…"
    assert gap(dialog.add_voice, dialog.voice_note) >= 0
    assert dialog.voice_note.geometry().bottom() < dialog.gpu.geometry().top()


def test_a_voice_pack_still_being_added_when_the_dialog_goes_is_installed_quietly(
    qtbot, gui_settings: Path, studio_home: Path, tmp_path: Path, monkeypatch
) -> None:
    """She adds a voice pack and closes Settings before it is installed (the window then
    deletes the dialog): the pack is installed all the same, the worker's end reaches no
    deleted widget, and the pack is there the next time she opens Settings."""
    import shiboken6
    from PySide6.QtWidgets import QFileDialog, QWidget

    from studio.gui import workers
    from tests.speech.conftest import piper_voice

    window = QWidget()
    qtbot.addWidget(window)
    dialog = SettingsDialog(GuiSettings(), window)
    model = piper_voice(tmp_path / "download", "zh_CN-test-medium", "cmn", "zh_CN")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(model), ""))
    before = set(workers.Task._alive)
    dialog.add_voice.click()
    [task] = set(workers.Task._alive) - before
    dialog.reject()
    shiboken6.delete(dialog)  # before the worker's end is delivered, whenever it ends
    assert task.finished.wait(60)
    qtbot.waitUntil(lambda: task not in workers.Task._alive, timeout=10_000)  # all delivered
    installed = [p.name for p in (studio_home / "voices").iterdir() if not p.name.startswith(".")]
    assert len(installed) == 1
    again = SettingsDialog(GuiSettings(), window)
    assert installed[0] in [again.voice_zh.itemData(i) for i in range(again.voice_zh.count())]
