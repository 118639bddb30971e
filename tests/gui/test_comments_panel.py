"""The comments tab: comments typed in reach the room's desk, the table shows what was
done with each (masked names only), one click answers or ignores, and the FAQ is edited
and saved as a table."""

from __future__ import annotations

import shutil
from pathlib import Path

from studio.core.paths import assets_dir
from studio.gui.commentspanel import CommentsPanel
from studio.runtime.audience import AudienceDesk, DeskOptions
from studio.show.audience.events import EventKind, ViewerEvent
from studio.show.audience.faq import read_faq
from studio.show.audience.respond import Settings
from studio.show.queue import Queue
from studio.show.store import ShowStore

DEMO = assets_dir() / "demo"


def make_desk(db: Path, faq: Path) -> tuple[AudienceDesk, Queue]:
    store = ShowStore(db)
    queue = Queue(store)
    options = DeskOptions(faq_path=faq)
    return AudienceDesk(queue, store, Settings(), options, card=lambda: "轻薄羽绒服"), queue


def texts(panel: CommentsPanel, col: int) -> list[str]:
    return [panel.table.item(r, col).text() for r in range(panel.table.rowCount())]


def test_comments_are_listed_answered_and_ignored(qtbot, demo_db: Path, studio_home: Path):
    faq = studio_home / "faq.toml"
    shutil.copy(DEMO / "faq.toml", faq)
    desk, queue = make_desk(demo_db, faq)
    desk.start()
    try:
        panel = CommentsPanel(lambda: desk, faq)
        qtbot.addWidget(panel)
        panel.show()
        desk.offer([ViewerEvent(EventKind.COMMENT, viewer="1", name="张晓雨",
                                text="主播今天真好看")])  # fmt: skip
        panel.input.setPlainText("有XL码吗\n\n有黑色吗")
        panel.send_button.click()
        qtbot.waitUntil(lambda: panel.table.rowCount() == 3, timeout=10_000)
        qtbot.waitUntil(lambda: "answered" in texts(panel, 2), timeout=10_000)
        assert texts(panel, 0)[-1] == "张**" and "张晓雨" not in str(panel.records)
        assert texts(panel, 1) == ["有黑色吗", "有XL码吗", "主播今天真好看"]
        assert texts(panel, 2) == ["waiting", "answered", "not answered"]  # one answer waits
        # Why nothing was said, in the merchant's words (the desk's reason in the tooltip)
        assert texts(panel, 3)[0] == "Waiting for its turn after the current sentence"
        assert texts(panel, 3)[2] == "Not a question: small talk or a greeting"
        assert panel.table.item(2, 3).toolTip() == panel.records[2]["reason"] != ""
        panel.table.selectRow(0)
        assert panel.ignore_button.isEnabled()
        panel.ignore_button.click()
        qtbot.waitUntil(lambda: texts(panel, 2)[0] == "not answered", timeout=10_000)
        assert texts(panel, 3)[0] == "Ignored by the operator"
        panel.table.selectRow(2)
        assert panel.answer_button.isEnabled() and not panel.ignore_button.isEnabled()
        panel.answer_button.click()
        qtbot.waitUntil(lambda: len(queue.pending_inserts()) == 2, timeout=10_000)
        assert queue.peek(2)[1].text.startswith("张**，")
        qtbot.waitUntil(
            lambda: panel.summary.text().startswith("Answered 1 · deflected 1"), timeout=10_000
        )
    finally:
        desk.stop()


def test_the_faq_is_edited_as_a_table_and_saved(qtbot, studio_home: Path) -> None:
    faq = studio_home / "faq.toml"
    faq.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(DEMO / "faq.toml", faq)
    panel = CommentsPanel(lambda: None, faq)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.faq_table.rowCount() > 10, timeout=10_000)
    assert not panel.send_button.isEnabled() or panel.desk() is None
    rows = panel.table_rows()
    at = next(i for i, r in enumerate(rows) if r.product == "轻薄羽绒服" and r.question == "尺码")
    panel.faq_table.item(at, 2).setText("S | M | L | XL | XXL")
    panel.add_row()
    last = panel.faq_table.rowCount() - 1
    for col, text in enumerate(("", "能开专票吗 | 专票", "可以开专票，联系客服。")):
        panel.faq_table.setItem(last, col, type(panel.faq_table.item(0, 0))(text))
    with qtbot.waitSignal(panel.message, timeout=10_000):
        panel.save_faq_button.click()
    saved = read_faq(faq)
    assert saved.facts("轻薄羽绒服").sizes == ("S", "M", "L", "XL", "XXL")
    assert saved.shop.faq[-1].asks == ("能开专票吗", "专票")
    panel.add_row()
    panel.faq_table.setItem(panel.faq_table.rowCount() - 1, 1,
                            type(panel.faq_table.item(0, 0))("没有回答的问题"))  # fmt: skip
    with qtbot.waitSignal(panel.failed, timeout=10_000) as blocker:
        panel.save_faq_button.click()
    assert "needs both a question" in blocker.args[0]
    assert read_faq(faq).facts("轻薄羽绒服").sizes[-1] == "XXL"  # nothing lost
