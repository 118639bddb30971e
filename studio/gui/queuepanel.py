"""The queue tab: what is on air, what comes next (drag to reorder), what was said.

``UpNextModel`` and ``HistoryModel`` are Qt models over a ``QueueSnapshot``; a drop in
the up-next list asks the queue to reorder (``Queue.reorder``) through the show client,
and the list is redrawn from the database afterwards, so the model never shows an order
the queue does not have. Only the merchant's inserted lines move: script lines follow
their playlist, and urgent lines always stay ahead of normal ones.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.gui.evenrows import EvenRowsDelegate
from studio.gui.scenes import scene_title
from studio.gui.showclient import QueueSnapshot, ShowClient, UpcomingRow, row_of

MIME = "application/x-studio-queue-keys"
Index = QModelIndex | QPersistentModelIndex


def describe_row(row: UpcomingRow) -> str:
    """A row in the UI language (spoken lines as they are)."""
    if row.kind == "product":
        return QCoreApplication.translate("Queue", "Show product: %1").replace("%1", row.detail)
    if row.kind == "scene":
        return QCoreApplication.translate("Queue", "Switch scene: %1").replace(
            "%1", scene_title(row.detail)
        )
    if row.kind == "pause":
        return QCoreApplication.translate("Queue", "Pause %1 ms").replace("%1", row.detail)
    if row.kind == "clip":
        return QCoreApplication.translate("Queue", "Play recording: %1").replace("%1", row.detail)
    return row.text


def order_after_drop(rows: list[UpcomingRow], dragged: list[str], drop_row: int) -> list[str]:
    """The inserts' keys after dropping ``dragged`` before row ``drop_row``.

    Urgent lines stay first whatever the drop says (a normal line dropped among urgent
    ones lands right after them), as the queue requires.
    """
    inserts = [r for r in rows if r.origin == "insert"]
    moving = [r for r in inserts if r.key in dragged]
    rest = [r for r in inserts if r.key not in dragged]
    pos = sum(1 for r in rows[: max(0, drop_row)] if r.origin == "insert" and r.key not in dragged)
    order = rest[:pos] + moving + rest[pos:]
    order.sort(key=lambda r: not r.urgent)  # stable: keeps the order inside each group
    return [r.key for r in order]


class UpNextModel(QAbstractListModel):
    reorder_requested = Signal(list)  # the inserts' keys in their new order

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[UpcomingRow] = []

    def set_rows(self, rows: list[UpcomingRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = describe_row(row)
            if row.origin == "insert" and row.urgent:
                return self.tr("[urgent] %1").replace("%1", text)
            if row.origin == "insert":
                return self.tr("[your line] %1").replace("%1", text)
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.origin == "insert":
                return self.tr("Inserted line: drag it to change when it plays")
            return self.tr("From the script: %1").replace("%1", row.source)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.origin == "playlist":
                return QBrush(QColor("#6b6b76"))
            if row.urgent:
                return QBrush(QColor("#c62828"))
        if role == Qt.ItemDataRole.FontRole and row.origin == "insert":
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return row.key
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.rows[index.row()].origin == "insert":
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # noqa: N802
        keys = [
            self.rows[i.row()].key
            for i in sorted(indexes, key=lambda i: i.row())
            if i.isValid() and self.rows[i.row()].origin == "insert"
        ]
        mime = QMimeData()
        mime.setData(MIME, QByteArray("\n".join(keys).encode()))
        return mime

    def dropMimeData(  # noqa: N802
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if action != Qt.DropAction.MoveAction or not data.hasFormat(MIME):
            return False
        keys = [k for k in bytes(data.data(MIME).data()).decode().split("\n") if k]
        if not keys:
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else len(self.rows)
        current = [r.key for r in self.rows if r.origin == "insert"]
        order = order_after_drop(self.rows, keys, row)
        if order != current:
            self.reorder_requested.emit(order)
        return True


class HistoryModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[UpcomingRow, str]] = []

    def set_rows(self, rows: list[tuple[UpcomingRow, str]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def how_text(self, how: str, kind: str) -> str:
        return {
            "done": self.tr("said") if kind in ("text", "clip") else self.tr("done"),
            "skipped": self.tr("skipped"),
            "cut": self.tr("cut short"),
            "blocked": self.tr("blocked (compliance)"),
            "quarantined": self.tr("quarantined (the show stopped on it twice)"),
        }.get(how, how)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row, how = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{self.how_text(how, row.kind)} · {describe_row(row)}"
        if role == Qt.ItemDataRole.ForegroundRole and how in ("blocked", "quarantined"):
            return QBrush(QColor("#c62828"))
        return None


LIST_MIN_HEIGHT = 44  # two lines: with the rest, the window fits a 1366x768 laptop


class QueuePanel(QWidget):
    def __init__(self, client: ShowClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.up_next = UpNextModel(self)
        self.history = HistoryModel(self)

        air = QGroupBox(self.tr("On air now"))
        self.now_label = QLabel(self.tr("Nothing is playing."))
        self.now_label.setWordWrap(True)
        self.now_label.setObjectName("nowLabel")
        self.state_label = QLabel()
        self.skip_button = QPushButton(self.tr("Skip this line"))
        self.pause_button = QPushButton(self.tr("Pause after this line"))
        self.pause_button.setCheckable(True)
        air_buttons = QHBoxLayout()
        air_buttons.addWidget(self.state_label)
        air_buttons.addStretch(1)
        air_buttons.addWidget(self.pause_button)
        air_buttons.addWidget(self.skip_button)
        air_layout = QVBoxLayout(air)
        air_layout.addWidget(self.now_label)
        air_layout.addLayout(air_buttons)

        nxt = QGroupBox(self.tr("Up next"))
        self.up_view = QListView()
        self.up_view.setModel(self.up_next)
        self.up_view.setItemDelegate(EvenRowsDelegate(self.up_view))  # Latin rows as tall
        self.up_view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.up_view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.up_view.setDragEnabled(True)
        self.up_view.setAcceptDrops(True)
        self.up_view.setDropIndicatorShown(True)
        self.up_view.setAlternatingRowColors(True)
        self.up_view.setWordWrap(True)
        self.up_view.setMinimumHeight(LIST_MIN_HEIGHT)
        hint = QLabel(
            self.tr(
                "Bold lines are the ones you typed: drag them up or down. "
                "Grey lines come from your scripts and follow the playlist."
            )
        )
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        self.line_edit = QLineEdit()
        self.line_edit.setPlaceholderText(self.tr("Type a line for the presenter to say…"))
        self.insert_button = QPushButton(self.tr("Say next"))
        self.insert_button.setToolTip(self.tr("After the line on air and your earlier lines"))
        self.urgent_button = QPushButton(self.tr("Say now (urgent)"))
        self.urgent_button.setToolTip(
            self.tr("Cuts the line on air at the next word and says this first")
        )
        row = QHBoxLayout()
        row.addWidget(self.line_edit, 1)
        row.addWidget(self.insert_button)
        row.addWidget(self.urgent_button)
        self.empty_label = QLabel(
            self.tr(
                "Nothing to say yet: import products and scripts in the Products tab (or load "
                "the demo shop there), or type a line below."
            )
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setObjectName("hint")
        nxt_layout = QVBoxLayout(nxt)
        nxt_layout.addWidget(self.empty_label)
        nxt_layout.addWidget(self.up_view, 1)
        nxt_layout.addWidget(hint)
        nxt_layout.addLayout(row)

        past = QGroupBox(self.tr("Already said"))
        self.history_view = QListView()
        self.history_view.setModel(self.history)
        self.history_view.setItemDelegate(EvenRowsDelegate(self.history_view))
        self.history_view.setAlternatingRowColors(True)
        self.history_view.setMinimumHeight(LIST_MIN_HEIGHT)
        past_layout = QVBoxLayout(past)
        past_layout.addWidget(self.history_view)

        layout = QVBoxLayout(self)
        layout.addWidget(air)
        layout.addWidget(nxt, 3)
        layout.addWidget(past, 2)

        self.skip_button.clicked.connect(client.skip)
        self.pause_button.toggled.connect(self._pause_toggled)
        self.insert_button.clicked.connect(lambda: self._insert(False))
        self.urgent_button.clicked.connect(lambda: self._insert(True))
        self.line_edit.returnPressed.connect(lambda: self._insert(False))
        self.up_next.reorder_requested.connect(client.reorder)
        client.snapshot.connect(self.apply)

    def _insert(self, urgent: bool) -> None:
        text = self.line_edit.text().strip()
        if not text:
            return
        self.client.insert(text, urgent)
        self.line_edit.clear()

    def _pause_toggled(self, on: bool) -> None:
        self._pause_label(on)
        (self.client.pause if on else self.client.resume)()

    def _pause_label(self, paused: bool) -> None:
        """Pressed, the same button resumes: it says so."""
        self.pause_button.setText(self.tr("Resume") if paused else self.tr("Pause after this line"))

    def state_text(self, state: str) -> str:
        return {
            "idle": self.tr("Waiting for a line"),
            "playing": self.tr("Speaking"),
            "paused": self.tr("Paused"),
        }.get(state, state)

    def apply(self, snap: QueueSnapshot) -> None:
        if snap.now is not None:
            self.now_label.setText(describe_row(row_of(snap.now, snap.now.origin)))
        else:
            self.now_label.setText(self.tr("Nothing is playing."))
        self.state_label.setText(self.state_text(snap.state))
        self.pause_button.blockSignals(True)
        self.pause_button.setChecked(snap.state == "paused")
        self.pause_button.blockSignals(False)
        self._pause_label(self.pause_button.isChecked())
        self.skip_button.setEnabled(snap.now is not None)
        self.up_next.set_rows(list(snap.upcoming))
        self.empty_label.setVisible(not snap.upcoming and snap.now is None)
        self.history.set_rows(list(snap.history))
