"""The compliance tab: every finding in the stored scripts, with Approve and Fix.

A blocked line is never spoken (the queue skips it and audits why). Absolute terms
(最, 第一, …) may be approved for one exact line by a named person with a reason; a
wrong price, discount or stock figure must be fixed, in the line or in the catalogue.
"""

from __future__ import annotations

import html

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.core.messages import gui_text
from studio.gui import findings as F
from studio.gui.showclient import ShowClient
from studio.gui.tables import read_only_table


def _named_buttons(box: QDialogButtonBox, ok: str, cancel: str) -> None:
    """Standard buttons with our (translated) words: Essentials ships no Qt catalogue."""
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel)


class ApproveDialog(QDialog):
    def __init__(self, row: F.FindingRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Approve a term"))
        text = QLabel(
            html.escape(self.tr("Approve “%1” in this line only:").replace("%1", row.finding.term))
            + f"<br><i>{html.escape(row.template)}</i>"
        )
        text.setWordWrap(True)
        self.who = QLineEdit()
        self.why = QLineEdit()
        self.why.setPlaceholderText(self.tr("e.g. the claim is backed by a certificate"))
        form = QFormLayout()
        form.addRow(self.tr("Approved by"), self.who)
        form.addRow(self.tr("Reason"), self.why)
        note = QLabel(self.tr("Your name, the reason and the time go into the audit log."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        _named_buttons(buttons, self.tr("Approve"), self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)


class FixDialog(QDialog):
    def __init__(self, row: F.FindingRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Fix a line"))
        problem = QLabel(gui_text(row.finding.message))
        problem.setWordWrap(True)
        if row.finding.suggestion:
            problem.setText(
                gui_text(row.finding.message)
                + "\n"
                + self.tr("Suggestion: %1").replace("%1", gui_text(row.finding.suggestion))
            )
        self.text = QPlainTextEdit(row.template)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        _named_buttons(buttons, self.tr("Save the line"), self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(problem)
        layout.addWidget(self.text)
        layout.addWidget(buttons)


class CompliancePanel(QWidget):
    def __init__(self, client: ShowClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.rows: list[F.FindingRow] = []
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = read_only_table(
            [self.tr("Status"), self.tr("Script, line"), self.tr("Term"), self.tr("Problem"),
             self.tr("Suggestion")],
            stretch=(3, 4),
        )  # fmt: skip
        self.table.setWordWrap(True)
        self.approve_button = QPushButton(self.tr("Approve…"))
        self.fix_button = QPushButton(self.tr("Fix the line…"))
        self.refresh_button = QPushButton(self.tr("Check again"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.fix_button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.approve_button.clicked.connect(self._approve)
        self.fix_button.clicked.connect(self._fix)
        self.refresh_button.clicked.connect(self.refresh)
        self.table.itemSelectionChanged.connect(self._selection)
        self._selection()

    def refresh(self) -> None:
        from studio.show.terms import load_terms

        store = self.client.store
        self.client.run(lambda: F.scan(store, load_terms()), on_done=self.apply, refresh=False)

    def apply(self, rows: list[F.FindingRow]) -> None:
        self.rows = list(rows)
        self.table.setRowCount(len(rows))
        blocking = sum(r.blocking for r in rows)
        for i, r in enumerate(rows):
            f = r.finding
            status = (
                self.tr("blocked")
                if r.blocking
                else self.tr("approved by %1").replace("%1", f.approved_by)
            )
            cells = [
                status,
                f"{r.script} #{r.item + 1}",
                f.term,
                *map(gui_text, (f.message, f.suggestion)),
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 0:
                    colour = "#c62828" if r.blocking else "#2e7d32"
                    item.setForeground(QBrush(QColor(colour)))
                if col == 3:
                    item.setToolTip(r.template)
                self.table.setItem(i, col, item)
        self.table.resizeRowsToContents()
        if not rows:
            self.summary.setText(self.tr("No findings: every script line may be spoken."))
        else:
            self.summary.setText(
                self.tr("%1 line(s) are blocked and will be skipped on air; %2 approved.")
                .replace("%1", str(blocking))
                .replace("%2", str(len(rows) - blocking))
            )
        self._selection()

    def selected(self) -> F.FindingRow | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.rows[rows.pop()] if len(rows) == 1 else None

    def _selection(self) -> None:
        row = self.selected()
        self.approve_button.setEnabled(row is not None and row.blocking and row.finding.approvable)
        self.fix_button.setEnabled(row is not None)

    def _approve(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = ApproveDialog(row, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        who, why = dialog.who.text(), dialog.why.text()
        store = self.client.store
        self.client.run(
            lambda: F.approve(store, row, who, why),
            ok=self.tr("Approved."),
            on_done=lambda _: self.refresh(),
        )

    def _fix(self) -> None:
        from studio.show.terms import load_terms

        row = self.selected()
        if row is None:
            return
        dialog = FixDialog(row, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        text = dialog.text.toPlainText()
        store = self.client.store
        self.client.run(
            lambda: F.fix_line(store, load_terms(), row, text),
            ok=self.tr("Line saved."),
            on_done=lambda _: self.refresh(),
        )
