"""The comments tab: the audience as the desk sees it, and the merchant's FAQ.

"Comments" lists the last events the room's audience desk filed (masked names only):
what each was filed as, what the presenter said to it or why not. One click answers a
comment now (even one the desk let pass, or one it deflected) or ignores a question that
is still waiting. The box below takes comments the operator pastes or types (one a line)
as if viewers had sent them. "FAQ" edits the merchant's facts and answers as a table --
product, question (or a fact name: 尺码, 颜色, 材质, 发货, 包邮, 售后, 尺码表, 别名, 兜底),
answer -- and saves them to the FAQ file, which the running desk reads again by itself.

The panel holds no state of the desk: it asks for a snapshot every second while it is
shown, in a worker, and writes back only through the desk's own calls.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from studio.gui import workers
from studio.gui.tables import read_only_table
from studio.show.audience.events import EventKind, ViewerEvent
from studio.show.audience.faq import FaqRow, from_rows, read_faq, rows, write_faq

POLL_MS = 1000
SHOWN = 100  # events listed
DeskSource = Callable[[], Any]  # the running show's AudienceDesk, or None


class CommentsPanel(QWidget):
    failed = Signal(str, str)  # message, hint
    message = Signal(str)

    def __init__(self, desk: DeskSource, faq_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk_source = desk
        self.faq_path = faq_path
        self.records: list[dict] = []
        self._busy = False
        self._sent = 0

        # -- comments -------------------------------------------------------------------
        self.summary = QLabel(self.tr("The show is not running: comments come in once it is."))
        self.summary.setWordWrap(True)
        self.table = read_only_table(
            [self.tr("Viewer"), self.tr("Comment"), self.tr("Filed as"),
             self.tr("What she said, or why not")],
            stretch=(1, 3),
        )  # fmt: skip
        self.table.setWordWrap(True)
        self.answer_button = QPushButton(self.tr("Answer now"))
        self.answer_button.setToolTip(
            self.tr("The presenter answers this comment next, from the catalogue and the FAQ")
        )
        self.ignore_button = QPushButton(self.tr("Ignore"))
        self.ignore_button.setToolTip(self.tr("Do not answer this question"))
        self.input = QPlainTextEdit()
        self.input.setPlaceholderText(self.tr("Paste or type viewers' comments here, one a line…"))
        self.input.setMaximumHeight(80)
        self.send_button = QPushButton(self.tr("Send to the desk"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.answer_button)
        buttons.addWidget(self.ignore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.send_button)
        comments = QWidget()
        c_layout = QVBoxLayout(comments)
        c_layout.addWidget(self.summary)
        c_layout.addWidget(self.table, 1)
        c_layout.addLayout(buttons)
        c_layout.addWidget(self.input)

        # -- FAQ ------------------------------------------------------------------------
        self.faq_table = QTableWidget(0, 3)
        self.faq_table.setHorizontalHeaderLabels(
            [self.tr("Product (empty: the shop)"), self.tr("Question or fact"), self.tr("Answer")]
        )
        self.faq_table.verticalHeader().setVisible(False)
        fh = self.faq_table.horizontalHeader()
        fh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        fh.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        fh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        faq_hint = QLabel(
            self.tr(
                "Facts: write 尺码, 颜色, 材质, 发货, 包邮, 售后, 尺码表 or 别名 as the question "
                "(lists separated by |). Anything else is a question viewers ask (several "
                "ways separated by |) with the presenter's answer. Prices, discounts and "
                "stock come from the catalogue and are checked before anything is said."
            )
        )
        faq_hint.setWordWrap(True)
        faq_hint.setObjectName("hint")
        self.add_row_button = QPushButton(self.tr("Add a row"))
        self.remove_row_button = QPushButton(self.tr("Remove the row"))
        self.save_faq_button = QPushButton(self.tr("Save the FAQ"))
        self.reload_faq_button = QPushButton(self.tr("Reload"))
        faq_buttons = QHBoxLayout()
        faq_buttons.addWidget(self.add_row_button)
        faq_buttons.addWidget(self.remove_row_button)
        faq_buttons.addStretch(1)
        faq_buttons.addWidget(self.reload_faq_button)
        faq_buttons.addWidget(self.save_faq_button)
        faq = QWidget()
        f_layout = QVBoxLayout(faq)
        f_layout.addWidget(faq_hint)
        f_layout.addWidget(self.faq_table, 1)
        f_layout.addLayout(faq_buttons)

        self.tabs = QTabWidget()
        self.tabs.addTab(comments, self.tr("Comments"))
        self.tabs.addTab(faq, self.tr("FAQ"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        self.answer_button.clicked.connect(self.answer_selected)
        self.ignore_button.clicked.connect(self.ignore_selected)
        self.send_button.clicked.connect(self.send)
        self.add_row_button.clicked.connect(self.add_row)
        self.remove_row_button.clicked.connect(self.remove_row)
        self.save_faq_button.clicked.connect(self.save_faq)
        self.reload_faq_button.clicked.connect(self.load_faq)
        self.table.itemSelectionChanged.connect(self._selection)
        self.timer = QTimer(self, interval=POLL_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self._selection()
        self.load_faq()

    # -- words ------------------------------------------------------------------------------
    def outcome_text(self, outcome: str) -> str:
        return {
            "question": self.tr("waiting"),
            "answered": self.tr("answered"),
            "deflected": self.tr("deflected"),
            "stale": self.tr("too late (the show was busy)"),
            "banned": self.tr("banned word"),
            "spam": self.tr("spam (link or number)"),
            "rule": self.tr("against the rules"),
            "flood": self.tr("flood"),
            "rate": self.tr("too many from this viewer"),
            "duplicate": self.tr("repeated"),
            "ignored": self.tr("not answered"),
            "capped": self.tr("over the per-minute cap"),
            "welcome": self.tr("welcomed"),
            "thanks": self.tr("thanked"),
            "refused": self.tr("refused by the queue"),
            "blocked": self.tr("blocked (compliance)"),
        }.get(outcome, outcome)

    def said_text(self, record: dict) -> str:
        """What she said, or in the merchant's language why she said nothing (the desk's
        own reason, in English, stays in the tooltip)."""
        if record["answer"]:
            return record["answer"]
        outcome, reason = record["outcome"], record["reason"]
        detail = reason.rpartition(": ")[2].split(" (")[0] if ": " in reason else ""
        if outcome == "banned":
            return self.tr("Contains a banned word: %1").replace("%1", detail)
        if outcome == "rule":
            return self.tr("An absolute claim: %1").replace("%1", detail)
        if outcome == "ignored":
            if reason == "ignored by the operator":
                return self.tr("Ignored by the operator")
            if record["kind"] == "like":
                return self.tr("Likes are counted, not answered")
            if record["kind"] == "enter":
                return self.tr("Welcomed already")
            return self.tr("Not a question: small talk or a greeting")
        return {
            "question": self.tr("Waiting for its turn after the current sentence"),
            "stale": self.tr("Not answered in time: the show was busy"),
            "spam": self.tr("A link or a contact number"),
            "flood": self.tr("Too many comments in the room at once"),
            "rate": self.tr("This viewer is sending too fast"),
            "duplicate": self.tr("Sent again"),
            "capped": self.tr("Over the per-minute cap for thanks and welcomes"),
            "refused": self.tr("The show queue is full"),
            "blocked": self.tr("The answer did not pass the compliance check"),
        }.get(outcome, reason)

    def event_text(self, record: dict) -> str:
        kind = record["kind"]
        if kind == EventKind.COMMENT.value:
            return record["text"]
        return {
            "enter": self.tr("came in"),
            "follow": self.tr("followed"),
            "like": self.tr("liked"),
            "gift": self.tr("sent a gift"),
            "order": self.tr("placed an order"),
        }.get(kind, kind)

    # -- comments ---------------------------------------------------------------------------
    def desk(self) -> Any:
        return self.desk_source()

    def refresh(self) -> None:
        desk = self.desk()
        if desk is None or self._busy or not self.isVisible():
            if desk is None:
                self.send_button.setEnabled(False)
            return
        self._busy = True
        workers.start(
            lambda: desk.snapshot(SHOWN), on_done=self.apply, on_ended=self._refreshed, owner=self
        )

    def _refreshed(self) -> None:
        self._busy = False

    def apply(self, snapshot: dict) -> None:
        self.send_button.setEnabled(True)
        selected = self.selected()
        self.records = list(reversed(snapshot["recent"]))  # newest first
        self.table.setRowCount(len(self.records))
        for i, r in enumerate(self.records):
            said = self.said_text(r)
            cells = [r["name"] or self.tr("(no name)"), self.event_text(r),
                     self.outcome_text(r["outcome"]), said]  # fmt: skip
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 2 and r["outcome"] in ("deflected", "stale", "refused", "blocked"):
                    item.setForeground(QBrush(QColor("#c62828")))
                elif col == 2 and r["outcome"] == "answered":
                    item.setForeground(QBrush(QColor("#2e7d32")))
                if col == 3:
                    item.setToolTip(r["reason"])
                self.table.setItem(i, col, item)
            if selected is not None and r["seq"] == selected["seq"]:
                self.table.selectRow(i)
        outcomes = snapshot["outcomes"]
        latency = snapshot["latency"]
        text = (
            self.tr("Answered %1 · deflected %2 · waiting %3 · dropped %4")
            .replace("%1", str(outcomes.get("answered", 0)))
            .replace("%2", str(outcomes.get("deflected", 0)))
            .replace("%3", str(snapshot["waiting_questions"]))
            .replace("%4", str(sum(outcomes.get(k, 0) for k in
                                   ("banned", "spam", "rule", "flood", "rate", "duplicate"))))
        )  # fmt: skip
        if latency.get("answers"):
            text += " · " + self.tr("median %1 s from comment to answer on air").replace(
                "%1", f"{latency['median_s']:.1f}"
            )
        self.summary.setText(text)
        self._selection()

    def selected(self) -> dict | None:
        rows_ = {i.row() for i in self.table.selectedIndexes()}
        if len(rows_) != 1:
            return None
        row = rows_.pop()
        return self.records[row] if row < len(self.records) else None

    def _selection(self) -> None:
        record = self.selected()
        self.answer_button.setEnabled(record is not None and record["kind"] == "comment")
        self.ignore_button.setEnabled(record is not None and record["outcome"] == "question")

    def _call(self, fn: Callable[[], Any], ok: str) -> None:
        def done(_: Any) -> None:
            self.message.emit(ok)
            self.refresh()

        workers.start(fn, on_done=done, on_failed=self.failed.emit, owner=self)

    def answer_selected(self) -> None:
        record, desk = self.selected(), self.desk()
        if record is None or desk is None:
            return
        seq = record["seq"]
        self._call(lambda: desk.answer_now(seq), self.tr("She answers it next."))

    def ignore_selected(self) -> None:
        record, desk = self.selected(), self.desk()
        if record is None or desk is None:
            return
        seq = record["seq"]
        self._call(lambda: desk.ignore(seq), self.tr("Ignored."))

    def send(self) -> None:
        desk = self.desk()
        lines = [ln.strip() for ln in self.input.toPlainText().splitlines() if ln.strip()]
        if desk is None or not lines:
            return
        events = []
        for line in lines:  # each pasted comment as a viewer of its own
            self._sent += 1
            events.append(ViewerEvent(EventKind.COMMENT, platform="operator",
                                      viewer=f"operator-{self._sent}", text=line,
                                      at=time.time()))  # fmt: skip
        self.input.clear()
        count = len(events)
        self._call(
            lambda: desk.offer(events),
            self.tr("%1 comment(s) sent to the desk.").replace("%1", str(count)),
        )

    # -- FAQ --------------------------------------------------------------------------------
    def load_faq(self) -> None:
        """Show the FAQ file in the table; a running desk takes it now too (it would
        within seconds anyway), so a question asked right after is answered from it."""
        path, desk = self.faq_path, self.desk()

        def read() -> list[FaqRow]:
            if desk is not None:
                desk.reload()
            return rows(read_faq(path)) if path.is_file() else []

        workers.start(read, on_done=self._show_faq, on_failed=self.failed.emit, owner=self)

    def _show_faq(self, faq_rows: list[FaqRow]) -> None:
        self.faq_table.setRowCount(len(faq_rows))
        for i, row in enumerate(faq_rows):
            for col, text in enumerate((row.product, row.question, row.answer)):
                self.faq_table.setItem(i, col, QTableWidgetItem(text))

    def table_rows(self) -> list[FaqRow]:
        out = []
        for i in range(self.faq_table.rowCount()):
            cells = [self.faq_table.item(i, c) for c in range(3)]
            out.append(FaqRow(*(c.text() if c is not None else "" for c in cells)))
        return out

    def add_row(self) -> None:
        self.faq_table.insertRow(self.faq_table.rowCount())

    def remove_row(self) -> None:
        for row in sorted({i.row() for i in self.faq_table.selectedIndexes()}, reverse=True):
            self.faq_table.removeRow(row)

    def save_faq(self) -> None:
        path, table, source = self.faq_path, self.table_rows(), self.tr("FAQ table")
        self._call(
            lambda: write_faq(path, from_rows(table, source)),
            self.tr("FAQ saved: the presenter uses it from now on."),
        )
