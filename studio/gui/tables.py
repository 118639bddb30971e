"""The read-only tables of the window's tabs (products, compliance findings, comments):
rows to pick one of, never edited in place, one way everywhere."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QWidget

HEADER_PADDING = 12  # pixels added beside a column's header text, both sides together


class PaddedHeader(QHeaderView):
    """Qt fits a column to its header with ~2 px a side: Chinese headers touched the
    column lines. This header asks for room around its text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)
        self.setHighlightSections(True)

    def sectionSizeFromContents(self, logical_index: int) -> QSize:  # noqa: N802 (Qt's name)
        size = super().sectionSizeFromContents(logical_index)
        return QSize(size.width() + HEADER_PADDING, size.height())


def read_only_table(headers: list[str], stretch: Collection[int]) -> QTableWidget:
    """A table whose rows are selected whole, one at a time, and not edited; the columns in
    ``stretch`` share the width, the others fit their contents."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeader(PaddedHeader(table))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    for col in range(len(headers)):
        mode = (
            QHeaderView.ResizeMode.Stretch
            if col in stretch
            else QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(col, mode)
    return table
