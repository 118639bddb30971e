"""Live from the window through an ingest outage: the light, the numbers, the status bar
and the show all tell the truth while viewers see nothing, and it comes back by itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.stream.localserver import NginxRtmp, nginx_binary

from .test_window import open_window

pytestmark = pytest.mark.skipif(nginx_binary() is None, reason="nginx with the RTMP module")


def test_an_outage_while_live_is_said_and_mended(
    qtbot, demo_db: Path, tmp_path: Path, monkeypatch
) -> None:
    server = NginxRtmp(tmp_path / "nginx")
    server.start()
    window = open_window(qtbot)
    panel = window.stream_panel
    try:
        qtbot.waitUntil(lambda: panel.start_button.isEnabled(), timeout=20_000)
        panel.url_edit.setText(server.server_url("live"))
        panel.key_edit.setText("room1")
        panel.start_button.click()
        qtbot.waitUntil(lambda: panel.view.state == "live", timeout=30_000)
        assert window.status.text() == "Live: viewers see the show"
        queue = window.session.show.queue
        server.kill()  # the platform goes away
        qtbot.waitUntil(lambda: panel.view.state == "reconnecting", timeout=20_000)
        qtbot.waitUntil(lambda: queue.held == ("stream down",), timeout=10_000)
        assert window.status.text().startswith("Stream interrupted")
        assert panel.numbers["reconnects"].text() == "1"  # counted now, not once it is back
        live_for = panel.view.uptime_s
        qtbot.wait(2500)
        assert panel.view.uptime_s == live_for  # "live for" stops while nobody sees it
        server.start()  # and comes back
        qtbot.waitUntil(lambda: panel.view.state == "live", timeout=40_000)
        qtbot.waitUntil(lambda: queue.held == (), timeout=10_000)
        assert panel.numbers["reconnects"].text() == "1"
        qtbot.waitUntil(lambda: window.status.text() == "Live: viewers see the show", timeout=5000)
        panel.stop_button.click()
        qtbot.waitUntil(lambda: panel.view.state == "idle", timeout=20_000)
        qtbot.waitUntil(lambda: window.status.text() == "Preview running", timeout=5000)
    finally:
        monkeypatch.setattr(window, "confirm_close", lambda: True)  # a failure while live
        window.close()
        qtbot.waitUntil(lambda: window._closed, timeout=30_000)
        server.kill()
