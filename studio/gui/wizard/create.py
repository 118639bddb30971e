"""Page 3: creating the avatar (as a draft) with stage progress and time left.

The wizard's own Cancel stops the work (one cancel button, not two), and Back is off
while the work runs: going back mid-creation would leave a half-built draft to clean.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from studio.core.background import run_in_child
from studio.core.messages import gui_text
from studio.gui import drafts, workers
from studio.gui.eta import PHOTO_STAGES, VIDEO_STAGES, Eta
from studio.gui.wizard.common import PAGE_CREATE

if TYPE_CHECKING:
    from studio.gui.wizard.base import AvatarWizard


class CreatePage(QWizardPage):
    def __init__(self, wizard: AvatarWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Creating the presenter"))
        self.setSubTitle(
            self.tr("Studio learns the face, the mouth and the movements. You can keep working.")
        )
        self.stage = QLabel()
        self.stage.setObjectName("stage")
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.left = QLabel()
        self.left.setObjectName("timeLeft")
        self.retry_button = QPushButton(self.tr("Start again"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.retry_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stage)
        layout.addWidget(self.bar)
        layout.addWidget(self.left)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.retry_button.clicked.connect(self.start)
        self.task: workers.Task | None = None
        self.eta: Eta | None = None
        self.created = False
        self._working = False
        self.last_stage = ""
        self._clock = QTimer(self, interval=1000)
        self._clock.timeout.connect(self._tick)

    def stage_text(self, stage: str) -> str:
        return {
            "probe": self.tr("Reading the video"),
            "check": self.tr("Checking the face"),
            "audio": self.tr("Taking the sound"),
            "track": self.tr("Following the face and body in every frame"),
            "smooth": self.tr("Smoothing the movements"),
            "mouth": self.tr("Learning the mouth shapes"),
            "loop": self.tr("Building the natural idle loop"),
            "voice": self.tr("Picking a voice sample"),
            "lipsync": self.tr("Fitting the lip-sync to this presenter"),
            "save": self.tr("Saving"),
        }.get(stage, stage)

    def initializePage(self) -> None:  # noqa: N802
        self.start()

    def start(self) -> None:
        from studio.avatar.create import CreateOptions, create_from_video
        from studio.avatar.create_photo import create_from_photo

        self.w.discard_draft()
        self.created = False
        self.w.draft = draft = drafts.draft_name()
        self.eta = Eta(PHOTO_STAGES if self.w.kind == "photo" else VIDEO_STAGES)
        self.bar.setValue(0)
        self.stage.setText(self.tr("Starting…"))
        self.left.setText("")
        self.message.setText("")
        self.retry_button.hide()
        # In a child process below the show's priority and on all cores but one: in the
        # window's own process the preview's late frames went from 3 to 1160 meanwhile.
        if self.w.kind == "photo":

            def work(progress):
                return run_in_child(create_from_photo, self.w.source, draft, progress=progress)
        else:
            options = CreateOptions(quality=self.w.quality)

            def work(progress):
                return run_in_child(
                    create_from_video, self.w.source, draft, options, progress=progress
                )

        self.task = self.w.run(
            work,
            on_done=self._done,
            on_failed=self._failed,
            on_progress=self._progress,
            on_cancelled=self._cancelled,
        )
        self._working = True
        self._clock.start()
        self.completeChanged.emit()
        self.sync_back()

    def working(self) -> bool:
        """Between start() and the work's last word (done, failed or cancelled)."""
        return self._working

    def sync_back(self) -> None:
        """Back off while creating. QWizard re-enables it on every page change and
        completeChanged, so the wizard calls this after those (base.py)."""
        if self.w.currentPage() is self:
            self.w.button(QWizard.WizardButton.BackButton).setEnabled(not self.working())

    def cancel(self) -> None:
        """Stop the work at its next progress report (the wizard's Cancel, and Back)."""
        if self.working():
            self.task.cancel()
            self.stage.setText(self.tr("Cancelling…"))

    def cleanupPage(self) -> None:  # noqa: N802 - Back: stop and forget the draft
        self.cancel()
        self._clock.stop()
        if self.task is None or self.task.finished.is_set():
            self.w.discard_draft()
        # else: _cancelled() discards it once the work has stopped

    def _progress(self, stage: str, done: int, total: int) -> None:
        assert self.eta is not None
        self.eta.update(stage, done, total)
        self.bar.setValue(round(self.eta.fraction * 1000))
        text = self.stage_text(stage)
        if total > 1:
            text += self.tr(" (%1 of %2)").replace("%1", str(done)).replace("%2", str(total))
        if not (self.task and self.task.cancelling):
            self.stage.setText(text)
        self.last_stage = stage

    def _tick(self) -> None:
        if self.eta is None or self.task is None or self.task.finished.is_set():
            return
        left = self.eta.seconds_left()
        if left is None:
            self.left.setText(self.tr("Estimating the time left…"))
        elif left < 60:
            self.left.setText(self.tr("Less than a minute left"))
        else:
            minutes = str(round(left / 60))
            self.left.setText(self.tr("About %1 min left").replace("%1", minutes))

    def _end(self) -> None:
        self._clock.stop()
        self._working = False
        self.sync_back()

    def _done(self, result) -> None:
        self._end()
        self.created = True
        self.bar.setValue(1000)
        self.stage.setText(self.tr("Done."))
        self.left.setText(
            self.tr("Took %1 s.").replace("%1", f"{getattr(result, 'wall_s', 0.0):.0f}")
        )
        manifest = getattr(result, "manifest", None)
        quality = manifest.quality if manifest else {}
        lines = []
        tuned = quality.get("audio_mouth")
        if tuned and tuned.get("open_corr") is not None and tuned.get("check_folds"):
            lines.append(
                self.tr(
                    "Lip-sync fitted to her voice: her lips follow the sound %2 out of 100 "
                    "(%1 before fitting; checked on %3 parts of her clip it did not learn "
                    "from, the weakest %4)."
                )  # the openness correlation, as a score a merchant reads
                .replace("%1", f"{max(0, round(100 * tuned['open_corr_before']))}")
                .replace("%2", f"{max(0, round(100 * tuned['open_corr']))}")
                .replace("%3", f"{tuned['check_folds']}")
                .replace("%4", f"{max(0, round(100 * tuned['open_corr_worst']))}")
            )
        notes = quality.get("warnings") or []
        if notes:
            lines.append(self.tr("Notes: %1").replace("%1", "; ".join(map(gui_text, notes))))
        self.message.setText("\n".join(lines))
        self.completeChanged.emit()
        self.w.page_ready.emit(PAGE_CREATE)

    def _failed(self, message: str, hint: str) -> None:
        self._end()
        self.w.draft = None  # creation removes its own unfinished folder
        self.stage.setText(self.tr("The presenter could not be created."))
        self.message.setText(message + (f"\n{hint}" if hint else ""))
        self.retry_button.show()
        self.w.page_ready.emit(PAGE_CREATE)

    def _cancelled(self) -> None:
        self._end()
        self.w.discard_draft()
        self.bar.setValue(0)
        self.stage.setText(self.tr("Cancelled. Nothing was kept."))
        self.left.setText("")
        self.retry_button.show()

    def isComplete(self) -> bool:  # noqa: N802
        return self.created
