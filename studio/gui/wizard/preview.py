"""Page 4: the new avatar saying a test sentence (studio/gui/preview_clip.py)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QSize, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWizardPage,
)

from studio.gui import workers
from studio.gui.preview import PreviewWidget, to_qimage
from studio.gui.sound import output_problem, play_clip_audio, stop_clip_audio
from studio.gui.wizard.common import PAGE_PREVIEW

if TYPE_CHECKING:
    from studio.gui.wizard.base import AvatarWizard


class PreviewPage(QWizardPage):
    def __init__(self, wizard: AvatarWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Hear and see the presenter"))
        self.setSubTitle(self.tr("A test sentence, as it will look and sound on air."))
        self.sentence = QLineEdit(self.default_sentence())
        self.say_button = QPushButton(self.tr("Say it"))
        self.sound_button = QPushButton(self.tr("Play with sound"))
        self.sound_button.setToolTip(self.tr("Plays the clip from the start with its sound"))
        # scales with the page, the whole frame shown (its subtitles are at the bottom)
        self.screen = PreviewWidget()
        self.screen.setMinimumSize(QSize(135, 240))
        self.screen.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setObjectName("hint")
        row = QHBoxLayout()
        row.addWidget(self.sentence, 1)
        row.addWidget(self.say_button)
        side = QVBoxLayout()
        side.addWidget(self.status)
        sound_row = QHBoxLayout()
        sound_row.addWidget(self.sound_button)
        sound_row.addStretch(1)
        side.addLayout(sound_row)
        side.addWidget(self.note)
        side.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.screen, 1)
        body.addLayout(side, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addLayout(body, 1)
        self.say_button.clicked.connect(self.render)
        self.sound_button.clicked.connect(self.play_with_sound)
        self.frames: list[np.ndarray] = []
        self.clip = None
        self.index = 0
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._next_frame)
        self._tmp = Path(tempfile.mkdtemp(prefix="studio-preview-"))
        wizard.finished.connect(lambda _code: shutil.rmtree(self._tmp, ignore_errors=True))
        self.task: workers.Task | None = None

    def default_sentence(self) -> str:
        return self.tr(
            "Hello and welcome to the live room! Today I have something special for you."
        )

    def initializePage(self) -> None:  # noqa: N802
        self.note.setText("")
        self.render()

    def cleanupPage(self) -> None:  # noqa: N802
        self.timer.stop()
        stop_clip_audio()
        if self.task is not None:
            self.task.cancel()

    def render(self) -> None:
        from studio.gui.preview_clip import render_preview

        if self.w.draft is None or (self.task and not self.task.finished.is_set()):
            return
        self.timer.stop()
        self.sound_button.setEnabled(False)
        self.say_button.setEnabled(False)
        self.status.setText(self.tr("Rendering the test sentence…"))
        out = self._tmp / f"preview-{id(self)}-{np.random.randint(1 << 30)}.mp4"
        self.task = self.w.run(
            render_preview,
            self.w.draft,
            self.sentence.text().strip() or self.default_sentence(),
            out,
            on_done=self._done,
            on_failed=self._failed,
            on_progress=self._progress,
            on_cancelled=lambda: self.say_button.setEnabled(True),
            on_ended=self.completeChanged.emit,
        )
        self.completeChanged.emit()

    def _progress(self, stage: str, done: int, total: int) -> None:
        if stage == "render" and total:
            percent = str(round(100 * done / total))
            self.status.setText(self.tr("Rendering the test sentence… %1%").replace("%1", percent))

    def _done(self, clip) -> None:
        self.clip, self.frames, self.index = clip, clip.frames, 0
        self.status.setText(self.tr("This is how the presenter will look on air."))
        if clip.renderer != "engine":
            self.note.setText(
                self.tr(
                    "Shown with the simpler photo animation: the presenter renderer could not "
                    "be used (%1)."
                ).replace("%1", clip.note)
            )
        self.say_button.setEnabled(True)
        problem = output_problem()
        self.sound_button.setEnabled(problem is None and clip.audio.size > 0)
        if problem is not None:
            self.sound_button.setToolTip(problem)
        self.timer.start(max(10, round(1000 / clip.fps)))
        self._next_frame()
        self.w.page_ready.emit(PAGE_PREVIEW)

    def _failed(self, message: str, hint: str) -> None:
        self.status.setText(message + (f"\n{hint}" if hint else ""))
        self.say_button.setEnabled(True)
        self.w.page_ready.emit(PAGE_PREVIEW)

    def _next_frame(self) -> None:
        if not self.frames:
            return
        frame = self.frames[self.index % len(self.frames)]
        ratio = self.screen.devicePixelRatioF()
        size = (round(self.screen.width() * ratio), round(self.screen.height() * ratio))
        image = to_qimage(np.ascontiguousarray(frame[:, :, 2::-1]), size)  # wants BGR
        self.screen.show_frame(image, self.index)
        self.index += 1

    def isComplete(self) -> bool:  # noqa: N802 - the draft is read while rendering
        return self.task is None or self.task.finished.is_set()

    def play_with_sound(self) -> None:
        """The clip from its first frame, its sound started with it."""
        if self.clip is None:
            return
        try:
            play_clip_audio(self.clip.audio)
        except Exception as exc:  # noqa: BLE001 - a device that went away: say so
            self.note.setText(self.tr("The sound could not be played: %1").replace("%1", str(exc)))
            return
        self.index = 0
        self.timer.start()  # restarts the frame clock with the sound
        self._next_frame()
