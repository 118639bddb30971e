"""The About dialog: Studio's licence and every component with its own, in Chinese."""

from __future__ import annotations

from studio.core.notices import PROJECT_LICENSE
from studio.gui.about import AboutDialog


def test_about_lists_each_component_with_its_licence(qtbot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert PROJECT_LICENSE in dialog.summary.text()
    rows = {
        dialog.table.item(r, 0).text(): dialog.table.item(r, 2).text()
        for r in range(dialog.table.rowCount())
    }
    assert rows["eSpeak NG"].startswith("GPL-3.0") and rows["piper-tts"].startswith("GPL-3.0")
    assert rows["x264"].startswith("GPL-2.0") and "LGPL-3.0" in rows["Qt"]
    assert all(rows.values())
    dialog.texts_button.click()
    assert "GNU" in dialog.texts.toPlainText() and dialog.texts.isVisible() is dialog.isVisible()
