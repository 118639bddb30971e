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
