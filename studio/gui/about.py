"""The About dialog: Studio's version and licence, and every component it carries with
its own licence (the list ``studio.core.notices`` reads from the installed packages, the
same one ``make package`` writes into the desktop build's notices file)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio import __version__
from studio.core.notices import PROJECT_LICENSE, bundled_notices, components, notices_text
from studio.gui.tables import read_only_table


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Studio"))
        self.resize(760, 520)
        layout = QVBoxLayout(self)
        self.summary = QLabel(
            self.tr(
                "Studio %1 is free software under the %2 licence: you may use it, share it "
                "and change it; whoever receives it from you gets the same rights and the "
                "source code. It includes the components below, each under its own licence."
            )
            .replace("%1", __version__)
            .replace("%2", PROJECT_LICENSE)
        )
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = read_only_table(
            [self.tr("Component"), self.tr("Version"), self.tr("Licence"), self.tr("What for")],
            stretch=(3,),
        )
        self.items = components()
        self.table.setRowCount(len(self.items))
        for row, c in enumerate(self.items):
            for col, text in enumerate(
                (c.name, c.version, c.license, self.what_text(c.name, c.what))
            ):
                self.table.setItem(row, col, QTableWidgetItem(text))
        layout.addWidget(self.table, 1)
        self.texts = QPlainTextEdit()
        self.texts.setReadOnly(True)
        self.texts.hide()
        layout.addWidget(self.texts, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.texts_button = QPushButton(self.tr("Full licence texts"))
        self.texts_button.clicked.connect(self.show_texts)
        buttons.addButton(self.texts_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def what_text(self, name: str, english: str) -> str:
        """What a bundled component is for, in the UI's language (``notices.BUNDLED``)."""
        return {
            "eSpeak NG": self.tr("speech synthesiser and phonemiser (inside espeakng-loader)"),
            "FFmpeg": self.tr("audio and video codecs and RTMP (inside av), built with x264"),
            "x264": self.tr("H.264 encoder (inside av's FFmpeg)"),
            "Qt": self.tr("the desktop window (inside PySide6)"),
            "Qt translations": self.tr("Qt's own dialogs in Chinese"),
            "mediapipe models": self.tr("face and body tracking models (inside mediapipe)"),
            "joe (Piper voice)": self.tr("English voice"),
            "CMU Sphinx en-us acoustic model": self.tr(
                "US English phones from speech, for lip-sync (inside pocketsphinx)"
            ),
        }.get(name, english)

    def show_texts(self) -> None:
        """Every licence verbatim (the build's file, else read from the packages now)."""
        path = bundled_notices()
        text = path.read_text(encoding="utf-8") if path is not None else notices_text()
        self.texts.setPlainText(text)
        self.table.hide()
        self.texts.show()
        self.texts_button.setEnabled(False)
