"""Page 5: the avatar's name; Save turns the draft into the named avatar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWizardPage,
)

from studio.core.messages import gui_text
from studio.gui import checklist as C
from studio.gui import drafts
from studio.gui.wizard.common import STATUS_COLOURS

if TYPE_CHECKING:
    from studio.gui.wizard.base import AvatarWizard


class SavePage(QWizardPage):
    def __init__(self, wizard: AvatarWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Name and save"))
        self.setSubTitle(self.tr("The name shows in the presenter list."))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. Lily, 小美"))
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {STATUS_COLOURS[C.FAIL]};")
        self.replace = QCheckBox(self.tr("Replace the presenter of that name"))
        self.replace.hide()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Name:")))
        layout.addWidget(self.name)
        layout.addWidget(self.problem)
        layout.addWidget(self.replace)
        layout.addSpacing(12)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.name.textChanged.connect(self._check)
        self.replace.toggled.connect(self.completeChanged.emit)

    def initializePage(self) -> None:  # noqa: N802
        if not self.name.text() and self.w.source is not None:
            stem = "".join(ch if ch.isalnum() or ch in "-_ " else "_" for ch in self.w.source.stem)
            self.name.setText(stem.strip(" ._-")[:40] or "presenter")
        self.summary.setText(self.summary_text())
        self._check()

    def summary_text(self) -> str:
        from studio.core.paths import studio_home

        kind = self.tr("video") if self.w.kind == "video" else self.tr("photo")
        lines = [
            self.tr("Made from the %1 %2.")
            .replace("%1", kind)
            .replace("%2", self.w.source.name if self.w.source else ""),
            self.tr("Saved in %1.").replace("%1", str(studio_home() / "avatars")),
            self.tr("After saving, choose it in the Presenter list of the main window."),
        ]
        return "\n".join(lines)

    def _check(self) -> None:
        from studio.avatar.names import avatar_dir, validate_name
        from studio.core.errors import InputError

        name = self.name.text().strip()
        self.replace.hide()
        try:
            validate_name(name)
        except InputError as exc:
            self.problem.setText(gui_text(exc.message) if name else "")
            self.completeChanged.emit()
            return
        if drafts.is_draft(name):
            self.problem.setText(self.tr("Names starting with “draft-” are kept for the wizard."))
        elif avatar_dir(name).exists():
            self.problem.setText(self.tr("A presenter with this name exists."))
            self.replace.show()
        else:
            self.problem.setText("")
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        from studio.avatar.names import avatar_dir, validate_name
        from studio.core.errors import InputError

        name = self.name.text().strip()
        try:
            validate_name(name)
        except InputError:
            return False
        if drafts.is_draft(name) or self.w.draft is None:
            return False
        return not avatar_dir(name).exists() or self.replace.isChecked()

    def validatePage(self) -> bool:  # noqa: N802
        from studio.core.errors import StudioError

        name = self.name.text().strip()
        try:
            drafts.finalize(self.w.draft, name, replace_existing=self.replace.isChecked())
        except StudioError as exc:
            self.problem.setText(gui_text(exc.message))
            return False
        self.w.done_saving(name)
        return True
