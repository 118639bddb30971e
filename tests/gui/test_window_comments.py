"""In the window: a comment typed into the comments tab is answered by the running show."""

from __future__ import annotations

from pathlib import Path

from studio.show.store import ShowStore

from .test_window import open_window


def test_a_typed_comment_is_answered_on_air(qtbot, demo_db: Path) -> None:
    window = open_window(qtbot)
    panel = window.comments_panel
    window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: window.session.ready, timeout=20_000)
    qtbot.waitUntil(lambda: panel.send_button.isEnabled(), timeout=10_000)
    panel.input.setPlainText("羽绒服有XL码吗")
    panel.send_button.click()
    answer = "有的，轻薄羽绒服有S、M、L、XL，XL可以放心拍。"
    qtbot.waitUntil(lambda: any(r["answer"] == answer for r in panel.records), timeout=20_000)
    desk = window.session.show.audience
    qtbot.waitUntil(lambda: desk.latency().get("answers") == 1, timeout=30_000)  # on air
    window.close()
    qtbot.waitUntil(lambda: window._closed, timeout=30_000)
    with ShowStore(demo_db) as store:
        said = [r["text"] for r in store.audit_rows(kind="broadcast")]
    assert answer in said
