"""Page 2: every check with a readable verdict, before minutes of work."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from studio.core.messages import gui_text
from studio.gui import checklist as C
from studio.gui import workers
from studio.gui.wizard.common import PAGE_CHECKS, STATUS_COLOURS, STATUS_MARKS, rgb_to_pixmap

if TYPE_CHECKING:
    from studio.gui.wizard.base import AvatarWizard


class ChecksPage(QWizardPage):
    def __init__(self, wizard: AvatarWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Checking the file"))
        self.setSubTitle(self.tr("A few seconds: is the face usable before minutes of work?"))
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setObjectName("verdict")
        self.grid = QGridLayout()
        self.grid.setColumnStretch(2, 1)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.grid.setVerticalSpacing(10)
        self.thumb = QLabel()
        self.thumb.setFixedWidth(200)
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.quality = QComboBox()
        self.quality.addItem(self.tr("Fast (a few minutes)"), "fast")
        self.quality.addItem(self.tr("High (slower, steadier tracking)"), "high")
        self.quality_row = QWidget()
        q_row = QHBoxLayout(self.quality_row)
        q_row.setContentsMargins(0, 0, 0, 0)
        q_row.addWidget(QLabel(self.tr("Quality:")))
        q_row.addWidget(self.quality)
        q_row.addStretch(1)
        results = QWidget()
        results.setLayout(self.grid)
        body = QHBoxLayout()
        body.addWidget(results, 1)
        body.addWidget(self.thumb)
        layout = QVBoxLayout(self)
        layout.addWidget(self.busy)
        layout.addWidget(self.verdict)
        layout.addLayout(body, 1)
        layout.addWidget(self.quality_row)
        self.rows: dict[str, tuple[QLabel, QLabel, QLabel]] = {}
        self.task: workers.Task | None = None
        self.gen = 0  # results of an abandoned run (Back, then Next) are ignored

    def initializePage(self) -> None:  # noqa: N802
        self.w.report = None
        self._clear()
        self.busy.show()
        self.verdict.setText(self.tr("Checking…"))
        self.quality_row.setVisible(self.w.kind == "video")
        idx = self.quality.findData(self.w.quality)
        self.quality.setCurrentIndex(max(0, idx))
        self.gen += 1
        gen = self.gen
        self.task = self.w.run(
            C.run_checks,
            self.w.source,
            self.w.kind,
            on_done=lambda report: self._done(report) if gen == self.gen else None,
            on_failed=lambda m, h: self._failed(m, h) if gen == self.gen else None,
        )
        self.completeChanged.emit()

    def cleanupPage(self) -> None:  # noqa: N802
        self.gen += 1
        if self.task is not None:
            self.task.cancel()

    def validatePage(self) -> bool:  # noqa: N802
        self.w.quality = str(self.quality.currentData())
        return True

    def _clear(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.rows.clear()
        self.thumb.clear()

    def title_of(self, key: str) -> str:
        photo = self.w.kind == "photo"
        return {
            "file": self.tr("Photo file") if photo else self.tr("Video file"),
            "length": self.tr("Length"),
            "framing": self.tr("Framing"),
            "face": self.tr("Face found"),
            "one_face": self.tr("Only one person"),
            "face_size": self.tr("Face size"),
            "sharpness": self.tr("Sharpness"),
            "light": self.tr("Light"),
            "facing": self.tr("Facing the camera"),
            "overall": self.tr("Final check"),
        }.get(key, key)

    def sentence(self, v: C.Verdict) -> str:
        """A readable verdict for one check (the engine's own words where it refused)."""
        if v.status == C.SKIPPED:
            return self.tr("Not checked: fix the problem above first.")
        if v.status == C.FAIL and v.detail:
            return gui_text(v.detail) + (f" — {gui_text(v.hint)}" if v.hint else "")
        n = v.value or 0.0
        total = int(v.limit or 0)
        key = (v.key, v.status)
        texts = {
            ("file", C.OK): self.tr("The file opens, with picture and sound.")
            if self.w.kind == "video"
            else self.tr("The photo opens."),
            ("length", C.OK): self.tr("%1 s of video: enough."),
            ("length", C.WARN): self.tr(
                "%1 s of video: usable, but about a minute gives a livelier presenter."
            ),
            ("framing", C.OK): self.tr("Upright: the presenter fills a vertical (9:16) room."),
            ("framing", C.WARN): self.tr(
                "The picture is %1, not upright: a vertical room shows the presenter whole "
                "over a blurred copy of the picture. Film upright (9:16) for a full-screen "
                "presenter."
            ),
            ("face", C.OK): self.tr("The face is found in every sampled frame.")
            if self.w.kind == "video"
            else self.tr("A face is found."),
            ("face", C.WARN): self.tr("No face in %1 of %2 sampled frames."),
            ("face", C.FAIL): self.tr(
                "No face found: the presenter must face the camera with the whole face visible."
            ),
            ("one_face", C.OK): self.tr("Only one person in the picture."),
            ("one_face", C.WARN): self.tr("A second face shows in %1 of %2 sampled frames."),
            ("one_face", C.FAIL): self.tr(
                "More than one face: film the presenter alone, no posters or screens with faces."
            ),
            ("face_size", C.OK): self.tr("The face is big enough (%1 of the picture)."),
            ("face_size", C.WARN): self.tr("The face is small (%1 of the picture): come closer."),
            ("face_size", C.FAIL): self.tr(
                "The face is too small (%1 of the picture): film head and shoulders."
            ),
            ("sharpness", C.OK): self.tr("The face is sharp."),
            ("sharpness", C.WARN): self.tr(
                "The face is soft (sharpness %1): focus on the face and hold the camera still."
            ),
            ("sharpness", C.FAIL): self.tr("The face is blurred (sharpness %1): refocus."),
            ("light", C.OK): self.tr("The face is well lit."),
            ("light", C.WARN): self.tr(
                "The light is not ideal (brightness %1 of 255): light the face evenly from the front."
            ),
            ("light", C.FAIL): self.tr("Too dark (brightness %1 of 255): add light on the face."),
            ("facing", C.OK): self.tr("The presenter faces the camera."),
            ("facing", C.WARN): self.tr("The head is turned away (%1°): look into the camera."),
        }
        text = texts.get(key, v.detail or "")
        if v.key == "framing":
            value = v.detail
        elif v.key == "face_size":
            value = f"{n:.0%}"
        elif v.key in ("face", "one_face"):
            value = str(int(n))
        else:
            value = f"{n:.0f}"
        return text.replace("%1", value).replace("%2", str(total))

    def _done(self, report: C.CheckReport) -> None:
        self.w.report = report
        self.busy.hide()
        self._clear()
        for row, v in enumerate(report.verdicts):
            mark = QLabel(STATUS_MARKS[v.status])
            mark.setStyleSheet(f"color: {STATUS_COLOURS[v.status]}; font-weight: bold;")
            title = QLabel(self.title_of(v.key))
            title.setStyleSheet("font-weight: bold;")
            text = QLabel(self.sentence(v))
            text.setWordWrap(True)
            text.setObjectName(f"check_{v.key}")
            self.grid.addWidget(mark, row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(title, row, 1, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(text, row, 2, Qt.AlignmentFlag.AlignTop)
            self.rows[v.key] = (mark, title, text)
        if not report.passed:
            self.verdict.setText(
                self.tr("This file cannot be used. Fix what is marked ✖ and choose it again.")
            )
            self.verdict.setStyleSheet(f"color: {STATUS_COLOURS[C.FAIL]}; font-weight: bold;")
        elif report.warnings:
            self.verdict.setText(
                self.tr("Usable. The points marked ! would make the presenter look better.")
            )
            self.verdict.setStyleSheet(f"color: {STATUS_COLOURS[C.WARN]}; font-weight: bold;")
        else:
            self.verdict.setText(self.tr("Looks good. Press Next to create the presenter."))
            self.verdict.setStyleSheet(f"color: {STATUS_COLOURS[C.OK]}; font-weight: bold;")
        if report.thumbnail is not None:
            self.thumb.setPixmap(rgb_to_pixmap(report.thumbnail, 300))
        self.completeChanged.emit()
        self.w.page_ready.emit(PAGE_CHECKS)

    def _failed(self, message: str, hint: str) -> None:
        self.busy.hide()
        self.verdict.setText(message + (f"\n{hint}" if hint else ""))
        self.verdict.setStyleSheet(f"color: {STATUS_COLOURS[C.FAIL]};")
        self.w.page_ready.emit(PAGE_CHECKS)

    def isComplete(self) -> bool:  # noqa: N802
        return self.w.report is not None and self.w.report.passed
