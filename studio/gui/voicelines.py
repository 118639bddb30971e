"""Her own lines (issue 21): the prompt sheet, read into the microphone one line at a time
or imported from a recording, and kept with her presenter.

The show speaks a line in her recorded voice where she read it (or its phrases and number
words), and by speech synthesis only for the rest (``studio.avatar.lines``). This panel is
where she reads: the sheet's lines in a table with a mark for each she has read, the line
to read now in large type, 录这一句 / 停止 on the microphone (``studio.gui.microphone``)
with a level meter, and each take checked at once -- aligned to its text off the GUI
thread, and against the sheet's other lines; a take that does not say the line (a
cough, silence) or sounds like another line (the one above, 二 for 八) is refused with
the reason, naming that line, and she reads it again. A recording made elsewhere (the whole sheet in
one file, or a folder of one file per line) is imported the same way, with progress.
Used by the wizard's voice page (on the new presenter's draft) and by a dialog for a
presenter she already has.

Two sheets to read: 通用稿 (the generic sheet Studio ships: greetings, calls, prices in
pieces) and 我的商品稿 (her shop's sheet: the lines of her own show that the generic
sheet does not say, made from the show store -- ``studio.runtime.shopsheet``). The
window gives the panel its running show's store; elsewhere (the wizard) the panel takes
the default show database when there is one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.avatar.lines.reading import AUDIO_SUFFIXES, ImportReport, import_reading, import_take
from studio.avatar.lines.sheet import PromptSheet, load_sheet
from studio.avatar.lines.store import load_lines
from studio.core.errors import StudioError
from studio.core.timeline import SAMPLE_RATE
from studio.gui import workers
from studio.gui.microphone import Microphone, input_problem
from studio.gui.sound import LevelMeter, output_problem, play_clip_audio
from studio.gui.tables import read_only_table
from studio.runtime.shopsheet import shop_sheet
from studio.show.store import ShowStore, default_db_path

log = logging.getLogger(__name__)

MIN_TAKE_S = 0.3  # shorter than any line of the sheet: a click on 停止 right after 录
GENERIC, SHOP = 0, 1  # the sheet box's choices

#: Makes her shop's sheet (the show's own lines) when she chooses it.
ShopSheet = Callable[[], PromptSheet]


def default_shop_sheet() -> PromptSheet:
    """Her shop's sheet from the default show database (STUDIO_HOME/show.db); an empty
    sheet when there is none yet (nothing imported)."""
    path = default_db_path()
    if not path.is_file():
        return PromptSheet(())
    with ShowStore(path) as store:
        return shop_sheet(store)


class VoiceLinesPanel(QWidget):
    """See the module docstring. ``avatar``: the presenter her lines are kept with;
    ``shop``: makes her shop's sheet (default: from the default show database)."""

    busy_changed = Signal(bool)
    lines_changed = Signal(int)  # how many lines of hers are kept now

    def __init__(
        self,
        avatar: str | None = None,
        parent: QWidget | None = None,
        shop: ShopSheet | None = None,
    ) -> None:
        super().__init__(parent)
        self.generic: PromptSheet = load_sheet()
        self.sheet: PromptSheet = self.generic
        self.shop = shop or default_shop_sheet
        self.avatar = avatar
        self.kept: set[str] = set()
        self.refused: dict[str, str] = {}
        self.task: workers.Task | None = None
        self.mic = Microphone()
        self.row = 0
        intro = QLabel(
            self.tr(
                "Read each line below into the microphone once, evenly, as you speak on "
                "air. On air, every line you have read is said in your own voice, and "
                "prices and counts are put together from the numbers you read; speech "
                "synthesis says only the rest. You can stop at any time and go on later."
            )
        )
        intro.setWordWrap(True)
        self.sheet_box = QComboBox()
        self.sheet_box.addItem(self.tr("Generic sheet"))
        self.sheet_box.addItem(self.tr("My shop's sheet"))
        self.sheet_box.setItemData(
            GENERIC,
            self.tr("Greetings, calls, shipping lines and the pieces of prices: for every show"),
            Qt.ItemDataRole.ToolTipRole,
        )
        self.sheet_box.setItemData(
            SHOP,
            self.tr(
                "The lines of your own show (product descriptions, names, selling points) "
                "that the generic sheet does not have; prices and stock stay your number words"
            ),
            Qt.ItemDataRole.ToolTipRole,
        )
        self.sheet_box.activated.connect(self.choose_sheet)
        self.table = read_only_table([self.tr("Read"), self.tr("Line")], stretch=[1])
        self._fill_table()
        self.table.currentCellChanged.connect(lambda row, *_: self._go(row))
        self.line_label = QLabel()
        self.line_label.setWordWrap(True)
        font = QFont(self.line_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self.line_label.setFont(font)
        self.position = QLabel()
        self.record_button = QPushButton(self.tr("Record this line"))
        self.record_button.clicked.connect(self.toggle_recording)
        self.prev_button = QPushButton(self.tr("Previous"))
        self.prev_button.clicked.connect(lambda: self._go(self.row - 1))
        self.next_button = QPushButton(self.tr("Next line"))
        self.next_button.clicked.connect(lambda: self._go(self.row + 1))
        self.play_button = QPushButton(self.tr("Hear my take"))
        self.play_button.clicked.connect(self.play_take)
        self.meter = LevelMeter()
        self.meter.tooltip_text = QCoreApplication.translate(
            "Sound", "Microphone: %1 dB (peak %2 dB; 0 dB is the loudest possible)"
        )
        self.file_button = QPushButton(self.tr("Import a recording…"))
        self.file_button.setToolTip(
            self.tr("One recording of the whole sheet read in order, a pause after each line")
        )
        self.file_button.clicked.connect(self.choose_file)
        self.folder_button = QPushButton(self.tr("Import a folder…"))
        self.folder_button.setToolTip(
            self.tr("One file per line, each named by the line's number (e.g. greet.01.wav)")
        )
        self.folder_button.clicked.connect(self.choose_folder)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.summary = QLabel()

        take_row = QHBoxLayout()
        for button in (self.prev_button, self.record_button, self.next_button, self.play_button):
            take_row.addWidget(button)
        take_row.addWidget(self.meter, 1)
        file_row = QHBoxLayout()
        file_row.addWidget(self.summary, 1)
        file_row.addWidget(self.file_button)
        file_row.addWidget(self.folder_button)
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(QLabel(self.tr("Sheet:")))
        sheet_row.addWidget(self.sheet_box)
        sheet_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(sheet_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.position)
        layout.addWidget(self.line_label)
        layout.addLayout(take_row)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addLayout(file_row)
        self.mic_problem = input_problem()
        if self.mic_problem:
            self.record_button.setEnabled(False)
            self.record_button.setToolTip(self.mic_problem)
            self.status.setText(
                self.tr("%1 Record on your phone instead and use “Import a recording…”.").replace(
                    "%1", self.mic_problem
                )
            )
        self.sound_problem = output_problem()
        self.set_avatar(avatar)

    # -- state ---------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.mic.recording or self.task is not None

    def set_avatar(self, avatar: str | None) -> None:
        """Show the lines kept with ``avatar`` (None: nothing can be recorded yet)."""
        self.avatar = avatar
        self.refused.clear()
        self.kept = set(load_lines(avatar).lines) if avatar else set()
        self._refresh_marks()
        self._go_to_first_unread()

    def choose_sheet(self, index: int) -> None:
        """Read the generic sheet (GENERIC) or her shop's sheet (SHOP), made now from her
        show as it is, off the GUI thread (it renders and normalises every line of her
        scripts: seconds on a large show), the panel busy meanwhile; back to the generic
        sheet, with the reason, when the shop's cannot be made or has nothing to read."""
        if self.busy:
            self.sheet_box.setCurrentIndex(SHOP if self.sheet is not self.generic else GENERIC)
            return
        if index == GENERIC:
            self.set_sheet(self.generic)
            return
        make = self.shop
        self.sheet_box.setCurrentIndex(SHOP)
        self.status.setText(self.tr("Making your shop's sheet from your show…"))
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)

        def work() -> PromptSheet:
            try:
                return make()
            except StudioError as exc:  # the log file keeps it in English
                log.warning("her shop's sheet could not be made: %s", exc.message)
                raise

        def done(sheet: PromptSheet) -> None:
            if self.task is not None and self.task.cancelling:
                return  # she went back or closed the panel meanwhile
            if not sheet.lines:
                self.set_sheet(self.generic)
                self.status.setText(
                    self.tr(
                        "Your show has no lines of its own to read yet: import your products "
                        "and scripts first (Products, Import products or scripts…). The "
                        "generic sheet is shown."
                    )
                )
                return
            self.set_sheet(sheet)
            self.status.setText(
                self.tr("Your shop's sheet: %1 lines from your show.").replace(
                    "%1", str(len(sheet))
                )
            )

        def failed(message: str, hint: str) -> None:
            if self.task is not None and self.task.cancelling:
                return
            self.set_sheet(self.generic)
            self.status.setText(f"{message}\n{hint}" if hint else message)

        def ended() -> None:
            self.progress.setVisible(False)
            self._set_task(None)

        self._set_task(
            workers.start(work, on_done=done, on_failed=failed, on_ended=ended, owner=self)
        )

    def set_sheet(self, sheet: PromptSheet) -> None:
        """Show ``sheet``'s lines, marked, from the first she has not read."""
        self.sheet = sheet
        self.sheet_box.setCurrentIndex(GENERIC if sheet is self.generic else SHOP)
        self._fill_table()
        self._refresh_marks()
        self._go_to_first_unread()

    def _fill_table(self) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        self.table.setRowCount(len(self.sheet.lines))
        for i, line in enumerate(self.sheet.lines):
            self.table.setItem(i, 0, QTableWidgetItem(""))
            self.table.setItem(i, 1, QTableWidgetItem(line.text))
        self.table.blockSignals(False)
        self.row = 0

    def _go_to_first_unread(self) -> None:
        first = next((i for i, line in enumerate(self.sheet.lines) if line.id not in self.kept), 0)
        self._go(first)

    def _refresh_marks(self) -> None:
        for i, line in enumerate(self.sheet.lines):
            item = self.table.item(i, 0)
            if line.id in self.kept:
                item.setText("✔")
                item.setToolTip(self.tr("Read: this line is said in your voice"))
            elif line.id in self.refused:
                item.setText("✖")
                item.setToolTip(self.refused[line.id])
            else:
                item.setText("")
                item.setToolTip("")
        self.summary.setText(
            self.tr("%1 of %2 lines read")
            .replace("%1", str(len(self.kept & {x.id for x in self.sheet.lines})))
            .replace("%2", str(len(self.sheet.lines)))
        )
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        working = self.task is not None
        recording = self.mic.recording
        can_record = self.avatar is not None and not self.mic_problem and not working
        self.record_button.setEnabled(can_record)
        self.record_button.setText(self.tr("Stop") if recording else self.tr("Record this line"))
        for button in (self.prev_button, self.next_button, self.file_button, self.folder_button):
            button.setEnabled(not recording and not working and self.avatar is not None)
        self.sheet_box.setEnabled(not recording and not working)
        self.prev_button.setEnabled(self.prev_button.isEnabled() and self.row > 0)
        self.next_button.setEnabled(
            self.next_button.isEnabled() and self.row < len(self.sheet.lines) - 1
        )
        line = self.sheet.lines[self.row]
        self.play_button.setEnabled(
            line.id in self.kept and not recording and self.sound_problem is None
        )
        if self.sound_problem:
            self.play_button.setToolTip(self.sound_problem)

    def _go(self, row: int) -> None:
        if self.mic.recording or not 0 <= row < len(self.sheet.lines):
            return
        self.row = row
        line = self.sheet.lines[row]
        self.line_label.setText(line.text)
        self.position.setText(
            self.tr("Line %1 of %2")
            .replace("%1", str(row + 1))
            .replace("%2", str(len(self.sheet.lines)))
        )
        if self.table.currentRow() != row:
            self.table.setCurrentCell(row, 1)
        self._sync_buttons()

    def _set_task(self, task: workers.Task | None) -> None:
        self.task = task
        self._sync_buttons()
        self.busy_changed.emit(self.busy)

    # -- the microphone ------------------------------------------------------------------
    def toggle_recording(self) -> None:
        if self.mic.recording:
            self.stop_recording()
            return
        try:
            self.mic.start()
        except Exception as exc:  # noqa: BLE001 - PortAudioError, OSError: shown to her
            log.warning("the microphone did not start: %s", exc)
            self.status.setText(self.tr("The microphone did not start: %1").replace("%1", str(exc)))
            return
        self.meter.attach(self.mic)
        self.status.setText(self.tr("Recording… read the line, then press Stop."))
        self._sync_buttons()
        self.busy_changed.emit(True)

    def stop_recording(self) -> None:
        pcm = self.mic.stop()
        self.meter.attach(None)
        if len(pcm) < MIN_TAKE_S * SAMPLE_RATE:
            self.status.setText(
                self.tr("That was too short: press Record, read the line, then Stop.")
            )
            self._sync_buttons()
            self.busy_changed.emit(False)
            return
        self.check_take(self.sheet.lines[self.row].id, pcm)

    def check_take(self, line_id: str, pcm: np.ndarray) -> None:
        """Keep the take ``pcm`` of line ``line_id`` if it says the line and no other line
        of the sheet (off this thread)."""
        avatar, sheet = self.avatar, self.sheet
        line = sheet.get(line_id)
        self.status.setText(self.tr("Checking the take…"))

        def work() -> ImportReport:
            return import_take(pcm, line, sheet, avatar)

        def done(report: ImportReport) -> None:
            self.refused.pop(line_id, None)
            self._took(report)
            self.status.setText(self.tr("Kept: this line will be said in your voice."))
            self._go_to_next_unread()

        def failed(message: str, hint: str) -> None:
            self.refused[line_id] = message
            self._refresh_marks()
            self.status.setText(f"{message}\n{hint}" if hint else message)

        self._set_task(
            workers.start(
                work,
                on_done=done,
                on_failed=failed,
                on_ended=lambda: self._set_task(None),
                owner=self,
            )
        )

    def _go_to_next_unread(self) -> None:
        ids = [line.id for line in self.sheet.lines]
        after = ids[self.row + 1 :] + ids[: self.row + 1]
        nxt = next((x for x in after if x not in self.kept), None)
        if nxt is not None:
            self._go(ids.index(nxt))

    def _took(self, report: ImportReport) -> None:
        self.kept = set(report.lines.lines)
        for line_id, why in report.refused:
            self.refused[line_id] = why
        for line in report.kept:
            self.refused.pop(line.id, None)
        self._refresh_marks()
        self.lines_changed.emit(len(self.kept))

    def play_take(self) -> None:
        line = (
            load_lines(self.avatar).lines.get(self.sheet.lines[self.row].id)
            if self.avatar
            else None
        )
        if line is None:
            return
        try:
            play_clip_audio(line.utterance.audio)
        except Exception as exc:  # noqa: BLE001 - no device: said, not raised
            self.status.setText(str(exc))

    # -- recordings made elsewhere -------------------------------------------------------
    def choose_file(self) -> None:
        patterns = " ".join(f"*{s}" for s in AUDIO_SUFFIXES)
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("The recording of the sheet"),
            "",
            self.tr("Recordings (%1)").replace("%1", patterns),
        )
        if path:
            self.import_path(Path(path))

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("A folder of one file per line"))
        if path:
            self.import_path(Path(path))

    def import_path(self, path: Path) -> None:
        """Import a whole reading or a folder of takes, with progress."""
        avatar, sheet = self.avatar, self.sheet
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.status.setText(self.tr("Reading %1…").replace("%1", path.name))

        def work(progress) -> ImportReport:
            return import_reading(path, sheet, avatar, progress=progress)

        def on_progress(stage: str, done: int, total: int) -> None:
            self.progress.setRange(0, max(1, total))
            self.progress.setValue(done)

        def done(report: ImportReport) -> None:
            self._took(report)
            self.status.setText(
                self.tr("Kept %1 lines; %2 did not say their text (marked ✖: read them again).")
                .replace("%1", str(len(report.kept)))
                .replace("%2", str(len(report.refused)))
            )
            self._go_to_next_unread()

        def failed(message: str, hint: str) -> None:
            self.status.setText(f"{message}\n{hint}" if hint else message)

        def ended() -> None:
            self.progress.setVisible(False)
            self._set_task(None)

        self._set_task(
            workers.start(
                work,
                on_done=done,
                on_failed=failed,
                on_progress=on_progress,
                on_ended=ended,
                owner=self,
            )
        )

    def cancel(self) -> None:
        """Stop a recording (dropped) and the work at its next step."""
        if self.mic.recording:
            self.mic.stop()
            self.meter.attach(None)
        if self.task is not None:
            self.task.cancel()


class VoiceLinesDialog(QDialog):
    """The panel for a presenter she already has (the window's 她的声音… action)."""

    def __init__(
        self, avatar: str, parent: QWidget | None = None, shop: ShopSheet | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Your voice for “%1”").replace("%1", avatar))
        self.panel = VoiceLinesPanel(avatar, shop=shop)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)
        self.resize(760, 600)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def reject(self) -> None:
        """Close, and delete (the panel's work is owned by it: ``workers.start(owner=)``).
        An import stops at its next step and keeps nothing (her lines are kept whole or
        not at all, and her recording is untouched: she imports it again); a take being
        checked cannot be stopped and is kept (her voice is only in memory); a recording
        in progress is dropped."""
        self.panel.cancel()
        super().reject()
