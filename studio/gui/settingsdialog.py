"""The settings dialog: data folder, voice, GPU use, output size, language."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

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

from studio.gui import workers
from studio.gui.settings import GuiSettings, settings_path


class SettingsDialog(QDialog):
    def __init__(self, settings: GuiSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(560)  # narrower, its notes wrapped into tall thin columns
        self.original = settings

        self.folder = QLineEdit(settings.data_folder)
        from studio.core.paths import studio_home

        self.folder.setPlaceholderText(str(studio_home()))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)

        # A voice per language, chosen from what is installed (never typed): the built-in
        # eSpeak NG, the bundled English Piper voice, and her voice packs.
        self.voice_zh = QComboBox()
        self.voice_en = QComboBox()
        self.fill_voices(settings.voice_zh, settings.voice_en)
        self.add_voice = QPushButton(self.tr("Add a voice pack…"))
        self.add_voice.setToolTip(
            self.tr("A Piper voice: the .onnx file, with its .onnx.json beside it")
        )
        self.add_voice.clicked.connect(self._add_voice)
        self.voice_note = QLabel()
        self.voice_note.setWordWrap(True)
        self.voice_note.setObjectName("hint")

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

        self.theme = QComboBox()
        self.theme.addItem(self.tr("As the system"), "auto")
        self.theme.addItem(self.tr("Light"), "light")
        self.theme.addItem(self.tr("Dark"), "dark")
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))

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

        self.form = form = QFormLayout()
        form.addRow(self.tr("Data folder"), folder_row)
        form.addRow(self.tr("Chinese voice"), self.voice_zh)
        form.addRow(self.tr("English voice"), self.voice_en)
        form.addRow("", self.add_voice)
        form.addRow("", self.voice_note)
        form.addRow(self.tr("GPU"), self.gpu)
        form.addRow(self.tr("Output size"), self.preset)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Look"), self.theme)
        form.addRow("", self.remember_key)
        form.addRow("", self.key_place)
        self.set_voice_note("")  # an empty row would still take its spacing: a gap
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

    def fill_voices(self, zh: str, en: str) -> None:
        """The choices per language; each pack's tooltip names its licence."""
        from studio.speech.voicepacks import list_packs  # reads every pack's manifest

        packs = list_packs()
        for box, lang, chosen in ((self.voice_zh, "zh", zh), (self.voice_en, "en", en)):
            box.clear()
            box.addItem(self.tr("Automatic (the best installed)"), "auto")
            box.addItem(self.tr("eSpeak NG (built in, robotic)"), "espeak")
            if lang == "en":
                box.addItem(self.tr("Joe (Piper, natural English)"), "joe")
            for pack in packs:
                if pack.language == lang:
                    box.addItem(pack.name, pack.name)
                    box.setItemData(
                        box.count() - 1,
                        self.tr("Licence: %1 · from %2")
                        .replace("%1", pack.licence)
                        .replace("%2", pack.source),
                        Qt.ItemDataRole.ToolTipRole,
                    )
            box.setCurrentIndex(max(0, box.findData(chosen or "auto")))

    def _add_voice(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Add a voice pack"), "", self.tr("Piper voices (*.onnx)")
        )
        if not path:
            return
        from studio.speech.voicepacks import add_pack

        self.add_voice.setEnabled(False)
        self.set_voice_note(self.tr("Checking and installing the voice…"))

        def done(pack) -> None:
            self.fill_voices(str(self.voice_zh.currentData()), str(self.voice_en.currentData()))
            box = self.voice_zh if pack.language == "zh" else self.voice_en
            box.setCurrentIndex(max(0, box.findData(pack.name)))
            self.set_voice_note(
                self.tr("Installed %1 (licence: %2).")
                .replace("%1", pack.name)
                .replace("%2", pack.licence)
            )

        def failed(message: str, hint: str) -> None:
            self.set_voice_note(message + (f"\n{hint}" if hint else ""))

        # the dialog closed meanwhile: the pack is installed all the same, nothing is shown
        workers.start(
            add_pack, Path(path), on_done=done, on_failed=failed,
            on_ended=lambda: self.add_voice.setEnabled(True), owner=self,
        )  # fmt: skip

    def set_voice_note(self, text: str) -> None:
        """What adding a voice pack says; its row is shown only while there is something
        to say (an empty label's row in a form still takes the spacing of a row)."""
        self.voice_note.setText(text)
        self.form.setRowVisible(self.voice_note, bool(text))

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Data folder"), self.folder.text())
        if path:
            self.folder.setText(path)

    def result_settings(self) -> GuiSettings:
        return replace(
            self.original,
            data_folder=self.folder.text().strip(),
            voice_zh=str(self.voice_zh.currentData()),
            voice_en=str(self.voice_en.currentData()),
            gpu=str(self.gpu.currentData()),
            output_preset=str(self.preset.currentData()),
            language=str(self.language.currentData()),
            theme=str(self.theme.currentData()),
            remember_key=self.remember_key.isChecked(),
        ).normalised()
