"""The settings dialog: data folder, voice, GPU use, output size, language."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.gui.settings import GuiSettings, settings_path


class SettingsDialog(QDialog):
    def __init__(self, settings: GuiSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.original = settings

        self.folder = QLineEdit(settings.data_folder)
        from studio.core.paths import studio_home

        self.folder.setPlaceholderText(str(studio_home()))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)

        self.engine = QComboBox()
        self.engine.addItem(self.tr("eSpeak NG (Chinese and English)"), "espeak")
        self.engine.addItem(self.tr("Piper (natural English)"), "piper")
        self.engine.setCurrentIndex(max(0, self.engine.findData(settings.voice_engine)))
        self.voice = QLineEdit(settings.voice)
        self.voice.setPlaceholderText(self.tr("the engine's default voice"))

        self.gpu = QComboBox()
        self.gpu.addItem(self.tr("Use the graphics card when there is one"), "auto")
        self.gpu.addItem(self.tr("Processor only"), "off")
        self.gpu.setCurrentIndex(max(0, self.gpu.findData(settings.gpu)))

        self.preset = QComboBox()
        self.preset.addItem(self.tr("As the scene says"), "")
        self.preset.addItem(self.tr("Vertical 720×1280 (Douyin, Kuaishou)"), "vertical-720")
        self.preset.addItem(self.tr("Vertical 1080×1920 (needs a fast upload)"), "vertical-1080")
        self.preset.addItem(self.tr("Landscape 1280×720"), "landscape-720")
        self.preset.addItem(self.tr("Landscape 1920×1080"), "landscape-1080")
        self.preset.setCurrentIndex(max(0, self.preset.findData(settings.output_preset)))

        self.language = QComboBox()
        self.language.addItem(self.tr("As the system (Chinese on a Chinese system)"), "auto")
        self.language.addItem("中文", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))

        self.remember_key = QCheckBox(self.tr("Remember the stream key on this computer"))
        self.remember_key.setChecked(settings.remember_key)
        where = self.tr(
            "Kept in %1, a file only your user account can read. Off: type the key each time."
        ).replace("%1", str(settings_path()))
        self.remember_key.setToolTip(where)
        self.key_place = QLabel(where)
        self.key_place.setWordWrap(True)
        self.key_place.setObjectName("hint")
        self.key_place.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        form.addRow(self.tr("Data folder"), folder_row)
        form.addRow(self.tr("Voice engine"), self.engine)
        form.addRow(self.tr("Voice"), self.voice)
        form.addRow(self.tr("GPU"), self.gpu)
        form.addRow(self.tr("Output size"), self.preset)
        form.addRow(self.tr("Language"), self.language)
        form.addRow("", self.remember_key)
        form.addRow("", self.key_place)
        note = QLabel(
            self.tr(
                "The data folder holds avatars, products, scripts and logs. Changes to the "
                "data folder, GPU and language apply the next time Studio starts; voice and "
                "output size when the preview restarts."
            )
        )
        note.setWordWrap(True)
        note.setObjectName("hint")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Data folder"), self.folder.text())
        if path:
            self.folder.setText(path)

    def result_settings(self) -> GuiSettings:
        return replace(
            self.original,
            data_folder=self.folder.text().strip(),
            voice_engine=str(self.engine.currentData()),
            voice=self.voice.text().strip(),
            gpu=str(self.gpu.currentData()),
            output_preset=str(self.preset.currentData()),
            language=str(self.language.currentData()),
            remember_key=self.remember_key.isChecked(),
        ).normalised()
