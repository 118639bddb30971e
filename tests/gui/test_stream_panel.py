"""The stream panel and the window's show: going live to a real local RTMP server while
the preview runs, the light following the real output, and stopping cleanly."""

from __future__ import annotations

import time

from studio.gui.scenes import default_scene
from studio.gui.streampanel import StreamPanel
from studio.runtime.session import ShowConfig, ShowSession
from studio.stream.stats import OutputStats, StreamStats

from ..stream.conftest import auth_port, rtmp_server  # noqa: F401


def test_panel_shows_each_state_and_keeps_the_key_hidden(qtbot) -> None:
    panel = StreamPanel()
    qtbot.addWidget(panel)
    panel.key_edit.setText("s3cret")
    assert panel.key_edit.displayText() != "s3cret"  # hidden
    panel.reveal.click()
    assert panel.key_edit.displayText() == "s3cret"
    panel.reveal.click()
    assert panel.key_edit.displayText() != "s3cret"
    assert panel.view.state == "idle" and not panel.start_button.isEnabled()
    panel.set_ready(True)
    assert panel.start_button.isEnabled() and not panel.stop_button.isEnabled()
    with qtbot.waitSignal(panel.start_requested) as sent:
        panel.url_edit.setText(" rtmp://127.0.0.1/live ")
        panel.start_button.click()
    assert sent.args == ["rtmp://127.0.0.1/live", "s3cret"]
    panel.started()
    assert panel.state_label.text() == "Connecting…"
    assert not panel.url_edit.isEnabled() and panel.stop_button.isEnabled()
    live = OutputStats("rtmp", "live", kbps=2987.4, dropped_video=2, reconnects=1)
    panel.update_stats(StreamStats(fps=25.0, lagged=4, av_offset_ms=0.0, outputs=(live,)))
    assert panel.state_label.text() == "LIVE"
    texts = {k: v.text() for k, v in panel.numbers.items()}
    assert texts["kbps"] == "2987 kb/s" and texts["fps"] == "25.0"
    assert (texts["lagged"], texts["dropped"], texts["reconnects"]) == ("4", "2", "1")
    assert texts["av"] == "+0 ms"
    down = OutputStats("rtmp", "retrying", reconnects=1, retry_in_s=3.0, last_error="lost")
    panel.update_stats(StreamStats(outputs=(down,)))
    assert panel.state_label.text() == "Reconnecting…"
    assert "lost" in panel.detail_label.toolTip() and "3 s" in panel.detail_label.text()
    assert "No new line starts" in panel.detail_label.text()
    panel.stopped()
    assert panel.view.state == "idle" and panel.start_button.isEnabled()


def wait_for(predicate, timeout: float = 30.0, step: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def test_the_running_preview_goes_live_and_back(rtmp_server, studio_home) -> None:  # noqa: F811
    """One show: preview frames flow, an RTMP output is added and removed while it runs."""
    from studio.gui.streamstate import StreamLight

    session = ShowSession(ShowConfig(scene=default_scene(), port=0))
    session.build()
    session.start()
    try:
        assert wait_for(lambda: session.ready)
        assert wait_for(lambda: session.tap.offered > 10)
        light = StreamLight()
        assert light.view(session.stats()).state == "idle"
        player = rtmp_server.player() if rtmp_server.kind == "nginx" else None
        light.start()
        masked = session.go_live(rtmp_server.server_url(), "test")
        assert masked.endswith("/****") and session.streaming
        assert session.show.queue.output == masked  # the audit log names the real output
        assert wait_for(lambda: light.view(session.stats()).state == "live", 20)
        assert wait_for(lambda: light.view(session.stats()).kbps > 100, 10)
        if player is not None:  # a real player decodes what the platform would get
            assert wait_for(lambda: len(player.result.video_pts) > 10, 30)
            assert player.result.audio_samples > 0
        else:
            assert wait_for(lambda: any(s.video_pts for s in rtmp_server.received()), 30)
        session.stop_stream()
        light.stop()
        assert light.view(session.stats()).state == "idle"
        assert not session.streaming and session.show.queue.output == "preview"
        offered = session.tap.offered
        assert wait_for(lambda: session.tap.offered > offered + 10)  # the preview goes on
        if player is not None:
            assert player.finish(20).video_sizes == {(720, 1280)}
    finally:
        assert session.stop(20)
    assert session.error is None and not session.running


def test_the_test_button_checks_address_key_and_upload(qtbot, rtmp_server, studio_home) -> None:  # noqa: F811
    from .test_window import open_window

    window = open_window(qtbot)
    panel = window.stream_panel
    qtbot.waitUntil(lambda: panel.trial_button.isEnabled(), timeout=20_000)
    panel.url_edit.setText(rtmp_server.server_url())
    panel.key_edit.setText("test")
    panel.trial_button.click()
    assert not panel.trial_button.isEnabled()
    qtbot.waitUntil(lambda: panel.trial_button.isEnabled(), timeout=40_000)
    assert panel.detail_label.text().startswith("Test passed"), panel.detail_label.text()
    assert not window.session.streaming  # a test, not going live
    window.close()
    qtbot.waitUntil(lambda: window._closed, timeout=30_000)
