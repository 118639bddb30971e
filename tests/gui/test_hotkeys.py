"""The keys a merchant uses while live do what their buttons do, on the running show."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from .test_window import open_window, shown


def test_shortcuts_skip_show_the_next_product_and_say_a_line_now(qtbot, demo_db: Path) -> None:
    window = open_window(qtbot)
    window.activateWindow()
    panel = window.queue_panel
    qtbot.waitUntil(lambda: panel.skip_button.isEnabled(), timeout=20_000)
    on_air = panel.now_label.text()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: panel.now_label.text() != on_air, timeout=10_000)  # skipped
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    first = window.products_panel.products[0].name
    qtbot.waitUntil(lambda: f"[your line] Show product: {first}" in shown(window), timeout=10_000)
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is panel  # nothing typed: she is taken to the box
    panel.line_edit.setText("限时秒杀马上开始！")
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: any("限时秒杀" in row for row in shown(window) + [panel.now_label.text()]),
                    timeout=10_000)  # fmt: skip
    assert "Ctrl+K" in panel.skip_button.toolTip()
    window.close()
    qtbot.waitUntil(lambda: window._closed, timeout=30_000)


def test_help_says_where_each_platform_shows_the_key(qtbot) -> None:
    from studio.gui.helpdialog import HelpDialog

    dialog = HelpDialog()
    qtbot.addWidget(dialog)
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert titles == ["Douyin", "Kuaishou", "Taobao Live", "WeChat Channels", "Shortcuts"]
    shortcuts = dialog.tabs.widget(4).text()
    assert "Ctrl+K" in shortcuts and "F9" in shortcuts
