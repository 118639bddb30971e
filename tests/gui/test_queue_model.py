"""The queue tab over a real show database: what the merchant does changes the model and
the database alike (insert, urgent insert, drag to reorder, skip, a blocked line)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt

from studio.gui.queuepanel import QueuePanel, order_after_drop
from studio.gui.showclient import ShowClient, UpcomingRow, plain_text
from studio.show.items import ItemKind
from studio.show.queue import Queue
from studio.show.store import ShowStore


@pytest.fixture
def panel(qtbot, demo_db: Path):
    client = ShowClient(demo_db)
    panel = QueuePanel(client)
    qtbot.addWidget(panel)
    queue = client.own_queue
    queue.start()
    while queue.current().kind is not ItemKind.TEXT:  # skip the opening scene switch
        queue.advance()
    client.refresh()
    qtbot.waitUntil(lambda: panel.up_next.rowCount() > 0)
    yield panel
    client.close()


def shown(panel: QueuePanel) -> list[str]:
    model = panel.up_next
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def db_inserts(db: Path) -> list[tuple[str, bool]]:
    with ShowStore(db) as store:
        return [(e.item.text, e.urgent) for e in Queue(store).pending_inserts()]


def after(qtbot, panel: QueuePanel, action, check) -> None:
    """Do ``action``; wait for the panel to show what ``check`` wants."""
    with qtbot.waitSignal(panel.client.snapshot, timeout=10_000):
        action()
    qtbot.waitUntil(check, timeout=10_000)


def test_inserts_show_up_in_the_model_and_the_database(qtbot, panel, demo_db) -> None:
    panel.line_edit.setText("欢迎新来的朋友")
    after(qtbot, panel, panel.insert_button.click, lambda: "欢迎新来的朋友" in shown(panel)[0])
    assert shown(panel)[0] == "[your line] 欢迎新来的朋友"
    assert panel.line_edit.text() == ""
    panel.line_edit.setText("库存只剩最后几件")
    after(qtbot, panel, panel.urgent_button.click, lambda: len(db_inserts(demo_db)) == 2)
    qtbot.waitUntil(lambda: shown(panel)[0].startswith("[urgent]"))
    assert db_inserts(demo_db) == [("库存只剩最后几件", True), ("欢迎新来的朋友", False)]
    rows = panel.up_next.rows
    assert [r.origin for r in rows[:2]] == ["insert", "insert"]
    assert all(r.origin == "playlist" for r in rows[2:])  # the script follows


def drop(panel: QueuePanel, row: int, before: int) -> bool:
    """Drag row ``row`` and drop it before row ``before``, through the model's drop API."""
    model = panel.up_next
    mime = model.mimeData([model.index(row, 0)])
    return model.dropMimeData(mime, Qt.DropAction.MoveAction, before, 0, QModelIndex())


def test_dragging_reorders_the_inserts_in_the_database(qtbot, panel, demo_db) -> None:
    for text in ("第一句", "第二句", "第三句"):
        panel.client.insert(text)
    panel.client.wait()
    qtbot.waitUntil(lambda: len([r for r in panel.up_next.rows if r.origin == "insert"]) == 3)
    with qtbot.waitSignal(panel.client.snapshot, timeout=10_000):
        assert drop(panel, 2, 0)  # the third line to the top
    qtbot.waitUntil(lambda: shown(panel)[0] == "[your line] 第三句")
    assert [t for t, _ in db_inserts(demo_db)] == ["第三句", "第一句", "第二句"]
    # script lines cannot be dragged, and dropping below them keeps inserts first
    script_row = next(i for i, r in enumerate(panel.up_next.rows) if r.origin == "playlist")
    assert not panel.up_next.flags(panel.up_next.index(script_row, 0)) & (
        Qt.ItemFlag.ItemIsDragEnabled
    )
    with qtbot.waitSignal(panel.client.snapshot, timeout=10_000):
        drop(panel, 0, panel.up_next.rowCount())
    qtbot.waitUntil(lambda: shown(panel)[0] == "[your line] 第一句")
    assert [t for t, _ in db_inserts(demo_db)] == ["第一句", "第二句", "第三句"]


def test_a_normal_line_cannot_be_dragged_above_an_urgent_one() -> None:
    rows = [
        UpcomingRow("insert:2", "u", "insert", urgent=True),
        UpcomingRow("insert:1", "n1", "insert"),
        UpcomingRow("insert:3", "n2", "insert"),
        UpcomingRow("pl:x", "script", "playlist"),
    ]
    assert order_after_drop(rows, ["insert:3"], 0) == ["insert:2", "insert:3", "insert:1"]
    assert order_after_drop(rows, ["insert:2"], 4) == ["insert:2", "insert:1", "insert:3"]
    assert order_after_drop(rows, ["insert:1"], 3) == ["insert:2", "insert:3", "insert:1"]


def test_skip_moves_the_line_on_air_to_history(qtbot, panel, demo_db) -> None:
    on_air = panel.now_label.text()
    assert panel.skip_button.isEnabled() and on_air
    after(qtbot, panel, panel.skip_button.click, lambda: panel.now_label.text() != on_air)
    model = panel.history
    assert model.data(model.index(0, 0)) == f"skipped · {on_air}"
    with ShowStore(demo_db) as store:
        entry, how = Queue(store).history(1)[0]
    assert (plain_text(entry), how) == (on_air, "skipped")
    assert entry.item.text.startswith("大家好，欢迎来到直播间！[pause 300ms]")


def test_a_blocked_line_is_refused_with_the_reason(qtbot, panel, demo_db) -> None:
    panel.line_edit.setText("全网最低价，错过再等一年")
    with qtbot.waitSignal(panel.client.failed, timeout=10_000) as blocker:
        panel.insert_button.click()
    message, hint = blocker.args
    assert "全网最低" in message and "approve" in hint
    assert db_inserts(demo_db) == []


def test_latin_and_chinese_rows_of_up_next_are_equally_tall(qtbot, panel, demo_db) -> None:
    """A line she types in English and one in Chinese, shown in 接下来: one line each, the
    same height (the Chinese fallback font's taller line used to make the rows uneven)."""
    panel.resize(900, 700)
    panel.show()
    for text in ("Thanks for the follow", "谢谢关注"):
        panel.line_edit.setText(text)
        after(
            qtbot,
            panel,
            panel.insert_button.click,
            lambda t=text: any(t in s for s in shown(panel)),
        )
    view, model = panel.up_view, panel.up_next
    rows = {model.rows[r].text: r for r in range(model.rowCount())}
    heights = {
        t: view.visualRect(model.index(rows[t], 0)).height()
        for t in ("Thanks for the follow", "谢谢关注")
    }
    playlist = [
        view.visualRect(model.index(r, 0)).height()
        for r in range(model.rowCount())
        if model.rows[r].origin == "playlist"
    ]
    assert heights["Thanks for the follow"] == heights["谢谢关注"] > 0, heights
    assert min(playlist) >= heights["谢谢关注"], playlist  # the script's rows: none shorter
