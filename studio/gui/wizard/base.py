"""The wizard window: its pages, the work it waits for, and cancelling cleanly.

Cancel before the presenter is made stops the work and deletes the draft. Once it is made
(the preview and name pages), Cancel asks first: minutes of work are one click from lost.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget, QWizard

from studio.gui import checklist as C
from studio.gui import drafts, workers
from studio.gui.wizard.checks import ChecksPage
from studio.gui.wizard.common import (
    PAGE_CHECKS,
    PAGE_CREATE,
    PAGE_PREVIEW,
    PAGE_SAVE,
    PAGE_SOURCE,
    PAGE_VOICE,
)
from studio.gui.wizard.create import CreatePage
from studio.gui.wizard.preview import PreviewPage
from studio.gui.wizard.save import SavePage
from studio.gui.wizard.source import SourcePage
from studio.gui.wizard.voice import VoicePage

log = logging.getLogger(__name__)


class AvatarWizard(QWizard):
    """See the module docstring. ``saved`` carries the new avatar's name."""

    saved = Signal(str)
    page_ready = Signal(int)  # a page's work finished (for tests and screenshots)

    def __init__(self, parent: QWidget | None = None, quality: str = "fast") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New presenter"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< Back"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Next >"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Cancel"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Save"))
        self.source: Path | None = None
        self.kind = "video"
        self.quality = quality
        self.report: C.CheckReport | None = None
        self.draft: str | None = None
        self.saved_name = ""
        self._closing = False
        self.setPage(PAGE_SOURCE, SourcePage(self))
        self.setPage(PAGE_CHECKS, ChecksPage(self))
        self.create_page = CreatePage(self)
        self.setPage(PAGE_CREATE, self.create_page)
        self.setPage(PAGE_PREVIEW, PreviewPage(self))
        self.voice_page = VoicePage(self)
        self.setPage(PAGE_VOICE, self.voice_page)
        self.setPage(PAGE_SAVE, SavePage(self))
        self.setMinimumSize(QSize(760, 560))
        # after QWizard's own handlers, which turn Back on again (CreatePage.sync_back)
        self.currentIdChanged.connect(lambda _id: self.create_page.sync_back())
        self.create_page.completeChanged.connect(self.create_page.sync_back)
        self.discard_question: QMessageBox | None = None

    def run(self, fn, *args, **callbacks) -> workers.Task:
        """Start work that the wizard waits for when it closes (owned by the wizard)."""
        return workers.start(fn, *args, owner=self, **callbacks)

    @property
    def tasks(self) -> list[workers.Task]:
        """Its work not ended yet: its pages' and the voice panel's (a take, an import)."""
        return workers.running(self)

    def discard_draft(self) -> None:
        if self.draft is not None:
            draft, self.draft = self.draft, None
            try:
                drafts.discard(draft)
            except Exception:  # noqa: BLE001 - a leftover draft is harmless
                log.exception("could not delete draft avatar %s", draft)

    def made_unsaved(self) -> bool:
        """A presenter is made (a complete draft) and not saved yet."""
        return self.draft is not None and self.create_page.created

    def reject(self) -> None:
        """Cancel (button, Esc, closing the window): ask first when a made presenter
        would be deleted, else abandon at once."""
        if self._closing:
            return
        if self.made_unsaved():
            self.ask_discard()
            return
        self.abandon()

    def ask_discard(self) -> None:
        """A window-modal question, answered asynchronously (tests press its buttons)."""
        if self.discard_question is not None:
            self.discard_question.raise_()
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Delete the new presenter?"))
        box.setText(self.tr("The new presenter is made but not saved. Delete it?"))
        box.setInformativeText(self.tr("To keep it, go back and press Save on the last page."))
        delete = box.addButton(self.tr("Delete it"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("Go back and keep it"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)

        def answered(_result: int) -> None:
            self.discard_question = None
            box.deleteLater()
            if box.clickedButton() is delete:
                self.abandon()

        box.finished.connect(answered)
        self.discard_question = box
        box.open()

    def abandon(self) -> None:
        """Stop the work (at its next progress report), then delete the draft and close;
        no question (the main window's close asked its own)."""
        if self._closing:
            return
        self._closing = True
        for task in self.tasks:
            task.cancel()
        self.voice_page.panel.cancel()  # and a recording in progress
        self.hide()
        self._finish_reject()

    def _finish_reject(self) -> None:
        if self.tasks:
            QTimer.singleShot(50, self._finish_reject)
            return
        self.discard_draft()
        super().reject()

    def done_saving(self, name: str) -> None:
        self.saved_name = name
        self.draft = None
        self.saved.emit(name)
