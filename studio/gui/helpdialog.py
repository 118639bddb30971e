"""Help: where each platform puts the server URL and the stream key, and the shortcuts.

The platforms change their pages now and then; the steps say where to look in words a
merchant recognises, and the page tells her to follow the platform's own guide when it
differs. Nothing here asks her to type a command."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from studio.gui.hotkeys import hotkeys


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Help"))
        self.resize(640, 460)
        self.tabs = QTabWidget()
        for title, steps in self.platforms():
            self.tabs.addTab(self._page(steps), title)
        keys = "".join(
            f"<tr><td><b>{k.keys}</b></td><td>&nbsp;&nbsp;{k.what}</td></tr>"
            for k in hotkeys().values()
        )
        self.tabs.addTab(self._page(f"<table>{keys}</table>"), self.tr("Shortcuts"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

    def _page(self, html: str) -> QLabel:
        label = QLabel(html)
        label.setWordWrap(True)
        label.setOpenExternalLinks(False)
        label.setMargin(12)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)  # not centred
        return label

    def platforms(self) -> list[tuple[str, str]]:
        common = self.tr(
            "<p>Copy the <b>server address</b> into “Server URL” and the <b>stream key</b> "
            "(推流码) into “Stream key”, then press “Start streaming”. The key is a "
            "password: whoever has it can stream to your room; get a new one if it leaks. "
            "Platforms change their pages from time to time: when these steps differ, "
            "follow the platform's own guide.</p>"
        )
        return [
            (
                self.tr("Douyin"),
                self.tr(
                    "<ol><li>Open 抖音直播伴侣 on the computer, or the Douyin live console "
                    "in the browser, and log in with your shop account.</li>"
                    "<li>Choose to go live with a third-party tool (第三方推流 / OBS "
                    "推流).</li><li>The page shows the server address and the stream key "
                    "(推流码).</li></ol>"
                )
                + common,
            ),
            (
                self.tr("Kuaishou"),
                self.tr(
                    "<ol><li>Open 快手直播伴侣 or the Kuaishou live console in the browser "
                    "and log in.</li><li>In the live settings choose streaming from another "
                    "program (推流直播).</li><li>Copy the push address and the stream key "
                    "it shows.</li></ol>"
                )
                + common,
            ),
            (
                self.tr("Taobao Live"),
                self.tr(
                    "<ol><li>Open the Taobao Live console (淘宝直播中控台) in the browser "
                    "and create a live session.</li><li>As the way to stream, choose a "
                    "third-party tool (第三方推流).</li><li>Copy the push address (推流地址); "
                    "where it is one long address, the part after the last “/” is the "
                    "key.</li></ol>"
                )
                + common,
            ),
            (
                self.tr("WeChat Channels"),
                self.tr(
                    "<ol><li>Open 视频号助手 in the browser and scan the code with WeChat."
                    "</li><li>Under live streaming create a live session and choose to "
                    "stream with a tool (推流直播).</li><li>Copy the push address (推流地址) "
                    "and the stream key (推流密钥).</li></ol>"
                )
                + common,
            ),
        ]
