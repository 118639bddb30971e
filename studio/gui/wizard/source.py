"""Page 1: a video or a photo, with the tips for recording one."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWizardPage,
)

from studio.gui import checklist as C

if TYPE_CHECKING:
    from studio.gui.wizard.base import AvatarWizard


class SourcePage(QWizardPage):
    def __init__(self, wizard: AvatarWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Who will present?"))
        self.setSubTitle(self.tr("Choose a video of the presenter, or a single photo."))
        self.video = QRadioButton(self.tr("A video of the presenter talking (best result)"))
        self.photo = QRadioButton(self.tr("One photo (quicker, less lively)"))
        self.video.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.video)
        group.addButton(self.photo)
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("the file on your computer"))
        browse = QPushButton(self.tr("Choose file…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.tips = QLabel()
        self.tips.setWordWrap(True)
        self.tips.setObjectName("tips")
        self.tips.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.addWidget(self.video)
        layout.addWidget(self.photo)
        layout.addLayout(row)
        layout.addSpacing(12)
        layout.addWidget(self.tips)
        layout.addStretch(1)
        self.video.toggled.connect(self._kind_changed)
        self.path.textChanged.connect(self._path_changed)
        self._kind_changed()

    def set_source(self, path: Path, kind: str | None = None) -> None:
        kind = kind or C.kind_of(path)
        (self.photo if kind == "photo" else self.video).setChecked(True)
        self.path.setText(str(path))

    def _kind_changed(self) -> None:
        self.w.kind = "photo" if self.photo.isChecked() else "video"
        if self.w.kind == "video":
            tips = [
                self.tr("About a minute of talking straight to the camera (at least 20 s)."),
                self.tr("Light from the front: face a window or a ring light, no light behind."),
                self.tr("Nothing over the mouth: no hands, microphone or hair in front of it."),
                self.tr("Only the presenter in the picture; head and shoulders or upper body."),
                self.tr("Hold the phone still (a stand helps); record with the sound on."),
            ]
            title = self.tr("Recording tips")
        else:
            tips = [
                self.tr("A sharp photo of the face, looking into the camera."),
                self.tr("Even light on the face, no strong shadows."),
                self.tr("Mouth closed or slightly open; nothing in front of it."),
                self.tr("Only one person in the photo, at least 128 pixels each side."),
            ]
            title = self.tr("Photo tips")
        items = "".join(f"<li>{html.escape(t)}</li>" for t in tips)
        self.tips.setText(f"<b>{html.escape(title)}</b><ul>{items}</ul>")
        self.completeChanged.emit()

    def _browse(self) -> None:
        if self.w.kind == "video":
            pattern = self.tr("Videos (%1)").replace(
                "%1", " ".join(f"*{s}" for s in C.VIDEO_SUFFIXES)
            )
        else:
            pattern = self.tr("Photos (%1)").replace(
                "%1", " ".join(f"*{s}" for s in C.PHOTO_SUFFIXES)
            )
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a file"), "", pattern)
        if path:
            self.path.setText(path)

    def _path_changed(self) -> None:
        text = self.path.text().strip()
        self.w.source = Path(text).expanduser() if text else None
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's naming
        return self.w.source is not None and self.w.source.is_file()
