"""Page 5 (may be skipped): her own voice -- she reads the prompt sheet into the
microphone, or imports a reading made elsewhere (studio/gui/voicelines.py). The lines are
kept with the draft and move with it when it is saved; Next is held only while a take is
being recorded or checked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWizardPage

from studio.gui.voicelines import VoiceLinesPanel

if TYPE_CHECKING:
    from studio.gui.wizard.base import AvatarWizard


class VoicePage(QWizardPage):
    def __init__(self, wizard: AvatarWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Her own voice (you may skip this)"))
        self.setSubTitle(
            self.tr(
                "About ten minutes of reading makes most of a show speak in her own voice. "
                "Skip it now and do it later with “Her voice…” in the window."
            )
        )
        self.panel = VoiceLinesPanel()
        self.panel.busy_changed.connect(lambda _busy: self.completeChanged.emit())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel)

    def initializePage(self) -> None:  # noqa: N802 - Qt's naming
        self.panel.set_avatar(self.w.draft)

    def cleanupPage(self) -> None:  # noqa: N802 - Back: a take in progress is dropped
        self.panel.cancel()

    def isComplete(self) -> bool:  # noqa: N802
        return not self.panel.busy
