"""In the window: a merchant's first questions from viewers. She starts with nothing, loads
the demo shop (products, scripts and its FAQ), and a comment typed into the comments tab
is answered by the running show from the catalogue and FAQ."""

from __future__ import annotations

from pathlib import Path

from studio.core.paths import assets_dir
from studio.show.store import ShowStore

from .test_window import open_window


def test_a_typed_comment_is_answered_on_air(qtbot, studio_home: Path) -> None:
    window = open_window(qtbot)
    panel = window.comments_panel
    qtbot.waitUntil(lambda: window.session.ready, timeout=20_000)
    assert not (studio_home / "faq.toml").exists()
    window.products_panel.demo_button.click()
    qtbot.waitUntil(lambda: panel.faq_table.rowCount() > 10, timeout=10_000)  # its FAQ shown
    faq = (studio_home / "faq.toml").read_bytes()
    assert faq == (assets_dir() / "demo" / "faq.toml").read_bytes()
    window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.send_button.isEnabled(), timeout=10_000)
    panel.input.setPlainText("羽绒服有XL码吗")
    panel.send_button.click()
    answer = "有的，轻薄羽绒服有S、M、L、XL，XL可以放心拍。"
    qtbot.waitUntil(lambda: any(r["answer"] == answer for r in panel.records), timeout=30_000)
    desk = window.session.show.audience
    qtbot.waitUntil(lambda: desk.latency().get("answers") == 1, timeout=60_000)  # on air
    window.close()
    qtbot.waitUntil(lambda: window._closed, timeout=30_000)
    with ShowStore(studio_home / "show.db") as store:
        said = [r["text"] for r in store.audit_rows(kind="broadcast")]
    assert answer in said


def test_loading_the_demo_shop_keeps_her_own_faq(qtbot, studio_home: Path) -> None:
    mine = studio_home / "faq.toml"
    mine.parent.mkdir(parents=True, exist_ok=True)
    mine.write_text('[[shop.faq]]\nask = ["开发票吗"]\nanswer = "可以开发票。"\n', encoding="utf-8")
    before = mine.read_bytes()
    window = open_window(qtbot)
    window.products_panel.demo_button.click()
    qtbot.waitUntil(lambda: window.products_panel.table.rowCount() > 0, timeout=10_000)
    assert mine.read_bytes() == before
    window.close()
    qtbot.waitUntil(lambda: window._closed, timeout=30_000)
