"""The log tab: a ``logging.Handler`` whose records reach a view through a queued signal.

Records arrive from any thread (the stream, speech, outputs); the handler only formats
and emits, the view appends on the GUI thread and keeps the last ``MAX_LINES`` lines.
The lines read in the window's language (studio.core.logs.TranslatingFormatter: level
names and studio's own messages through the catalogue, no logger names in Chinese); the
log file beside it stays English. A library's records (av, mediapipe ...) are shown from
WARNING up, in their own words; below that only when the view shows everything (debug).
"""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.core.logs import LINE_FORMAT, SHORT_FORMAT, TranslatingFormatter, is_own

MAX_LINES = 5000
COLOURS = {"WARNING": "#b36b00", "ERROR": "#c62828", "CRITICAL": "#c62828"}


class _Bridge(QObject):
    record = Signal(int, str, str)  # levelno, levelname, formatted line


class QtLogHandler(logging.Handler):
    def __init__(self, level: int = logging.INFO) -> None:
        super().__init__(level)
        self.bridge = _Bridge()
        self.setFormatter(TranslatingFormatter(LINE_FORMAT, SHORT_FORMAT, surface="gui"))

    def emit(self, record: logging.LogRecord) -> None:
        if not shown(record, self.level):
            return
        try:
            line = self.format(record)
        except Exception:  # noqa: BLE001 - logging must never raise
            self.handleError(record)
            return
        self.bridge.record.emit(record.levelno, record.levelname, line)


def shown(record: logging.LogRecord, level: int) -> bool:
    """Studio's records at the view's level; a library's information (av's, mediapipe's)
    only when the view shows everything: a merchant cannot act on it."""
    return is_own(record) or record.levelno >= logging.WARNING or level <= logging.DEBUG


class LogView(QWidget):
    """Lines with colour by level, a level filter for what is shown, and Clear."""

    def __init__(self, handler: QtLogHandler, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QPlainTextEdit(readOnly=True)
        self.text.setMaximumBlockCount(MAX_LINES)
        self.text.setObjectName("logText")
        self.level = QComboBox()
        for name, value in (
            (self.tr("Information"), logging.INFO),
            (self.tr("Warnings and errors"), logging.WARNING),
            (self.tr("Errors only"), logging.ERROR),
            (self.tr("Everything (debug)"), logging.DEBUG),
        ):
            self.level.addItem(name, value)
        clear = QPushButton(self.tr("Clear"))
        clear.clicked.connect(self.text.clear)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Show:")))
        top.addWidget(self.level)
        top.addStretch(1)
        top.addWidget(clear)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.text)
        self.handler = handler
        handler.bridge.record.connect(self.append)
        self.level.currentIndexChanged.connect(self._level_changed)

    def _level_changed(self) -> None:
        level = int(self.level.currentData())
        self.handler.setLevel(level)
        root = logging.getLogger()
        if root.level > level or root.level == logging.NOTSET:
            root.setLevel(level)

    def append(self, levelno: int, levelname: str, line: str) -> None:
        colour = COLOURS.get(levelname, "")
        text = html.escape(line)
        self.text.appendHtml(f'<span style="color:{colour}">{text}</span>' if colour else text)

    def lines(self) -> list[str]:
        return self.text.toPlainText().splitlines()
