"""The main window: it opens with the demo presenter, shows live preview frames, stays
responsive, asks before closing while streaming and then shuts the show down cleanly."""

from __future__ import annotations

import time
from pathlib import Path

from studio.gui.mainwindow import MainWindow
from studio.gui.settings import GuiSettings
from studio.stream.localserver import free_port


def open_window(qtbot, settings: GuiSettings | None = None) -> MainWindow:
    window = MainWindow(settings or GuiSettings(), control_port=0)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.preview_started, timeout=60_000):
        pass
    return window


def shown(window: MainWindow) -> list[str]:
    model = window.queue_panel.up_next
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def test_window_opens_previews_and_closes(qtbot, demo_db: Path) -> None:
    window = open_window(qtbot)
    session = window.session
    assert session is not None and window.preview.image is not None
    first = window.preview.frame_number
    # the GUI thread stays free while the show runs: events are processed promptly
    started = time.monotonic()
    qtbot.waitUntil(lambda: window.preview.frame_number > first + 10, timeout=10_000)
    qtbot.waitUntil(lambda: window.stream_panel.start_button.isEnabled(), timeout=10_000)
    assert time.monotonic() - started < 10
    qtbot.waitUntil(lambda: window.queue_panel.up_next.rowCount() > 0, timeout=10_000)
    assert window.products_panel.table.rowCount() == 4  # the demo shop
    # "show this product now": on the card at once, and its switch queued for the script
    products = window.products_panel
    row = next(i for i, p in enumerate(products.products) if p.name == "轻薄羽绒服")
    products.table.selectRow(row)
    products.show_button.click()
    qtbot.waitUntil(lambda: "[your line] Show product: 轻薄羽绒服" in shown(window), timeout=10_000)
    assert session.show.director._product.name == "轻薄羽绒服"
    window.close()  # not streaming: no question, the show stops in the background
    qtbot.waitUntil(lambda: window._closed, timeout=30_000)
    assert not session.running and session.error is None
    assert not window.isVisible()


def test_closing_while_streaming_asks_first(qtbot, demo_db: Path, monkeypatch) -> None:
    window = open_window(qtbot)
    qtbot.waitUntil(lambda: window.stream_panel.start_button.isEnabled(), timeout=10_000)
    asked: list[bool] = []
    answers = iter([False, True])

    def confirm() -> bool:
        asked.append(True)
        return next(answers)

    monkeypatch.setattr(window, "confirm_close", confirm)
    # a URL that is not RTMP is refused at once, with the reason
    window.stream_panel.url_edit.setText("http://example.com/live")
    window.stream_panel.start_button.click()
    qtbot.waitUntil(lambda: window.stream_panel.view.state == "error", timeout=10_000)
    assert "not an RTMP URL" in window.stream_panel.detail_label.text()
    assert not window.session.streaming and window.stream_panel.start_button.isEnabled()
    # nothing listens on this port: the output keeps retrying, the light says why
    window.stream_panel.url_edit.setText(f"rtmp://127.0.0.1:{free_port()}/live")
    window.stream_panel.key_edit.setText("key")
    window.stream_panel.start_button.click()
    qtbot.waitUntil(lambda: window.session.streaming, timeout=10_000)
    qtbot.waitUntil(lambda: window.stream_panel.view.state == "error", timeout=20_000)
    assert window.stream_panel.detail_label.text()
    assert window.scene_box.isEnabled()  # a scene is cut to on the running stream
    assert not window.avatar_box.isEnabled()  # another presenter needs a new show
    session = window.session
    window.close()
    assert asked == [True] and window.isVisible() and session.running  # kept streaming
    window.close()
    assert asked == [True, True]
    qtbot.waitUntil(lambda: window._closed, timeout=30_000)
    assert not session.running and not session.streaming and session.error is None


def test_choosing_another_presenter_restarts_the_preview(qtbot, portrait_png: Path) -> None:
    """A saved presenter is offered; choosing it restarts the show with it, or, while the
    engine cannot drive that kind live, says so and goes back to the demo presenter."""
    from PySide6.QtWidgets import QMessageBox

    from studio.avatar.create_photo import create_from_photo

    create_from_photo(portrait_png, "lily")
    window = open_window(qtbot)
    box = window.avatar_box
    assert [box.itemData(i) for i in range(box.count())] == ["demo", "lily"]
    box.setCurrentIndex(1)
    box.activated.emit(1)
    qtbot.waitUntil(lambda: window.session is not None and window.session.ready, timeout=60_000)
    if window.session.config.avatar == "lily":
        assert box.currentData() == "lily"
    else:  # refused: the merchant is told, and the demo presenter is on again
        boxes = [w for w in window.findChildren(QMessageBox) if w.isVisible()]
        assert boxes and "lily" in boxes[0].text()
        assert box.currentData() == "demo" and window.session.config.avatar == "demo"
    frame = window.preview.frame_number
    qtbot.waitUntil(lambda: window.preview.frame_number > frame + 5, timeout=20_000)
    window.close()
    qtbot.waitUntil(lambda: window._closed, timeout=30_000)


def test_a_window_started_with_an_empty_shop_speaks_what_she_adds(qtbot) -> None:
    """Her first steps: the window opens with nothing to say, she types a line, then
    loads the demo shop; the presenter speaks both (she never has to press skip)."""
    window = open_window(qtbot)
    director = window.session.show.director
    qtbot.waitUntil(lambda: window.preview.frame_number > 25, timeout=10_000)
    assert director.items_played == 0
    meter = window.stream_panel.meter
    assert meter.tap is window.session.audio and meter.rms_db < -60  # silence so far
    window.queue_panel.line_edit.setText("大家好，欢迎来到直播间！")
    window.queue_panel.insert_button.click()
    qtbot.waitUntil(lambda: meter.rms_db > -40, timeout=30_000)  # the meter hears her
    qtbot.waitUntil(lambda: director.items_played >= 1, timeout=30_000)
    window.products_panel.demo_button.click()
    qtbot.waitUntil(lambda: director.items_played >= 3, timeout=60_000)
    window.close()
    qtbot.waitUntil(lambda: window._closed, timeout=30_000)


def test_choosing_a_scene_cuts_to_it_on_the_running_show(qtbot, demo_db: Path) -> None:
    """A scene of the same canvas size is a cut on the running show (no restart, no black
    preview); the choice is remembered."""
    window = open_window(qtbot)
    session = window.session
    qtbot.waitUntil(lambda: session.ready, timeout=10_000)
    box = window.scene_box
    target = next(i for i in range(box.count()) if "plain_vertical" in str(box.itemData(i)))
    box.setCurrentIndex(target)
    box.activated.emit(target)
    stage = session.show.director.stage
    qtbot.waitUntil(lambda: "plain_vertical" in stage.name, timeout=10_000)
    assert window.session is session and session.running  # the same show, never restarted
    assert "plain_vertical" in window.settings.scene
    first = window.preview.frame_number
    qtbot.waitUntil(lambda: window.preview.frame_number > first + 5, timeout=10_000)
    window.close()
    qtbot.waitUntil(lambda: window._closed, timeout=30_000)


def inside(window: MainWindow, widget, min_height: int = 1) -> bool:
    """The whole widget is within the window's client area and at least this tall."""
    top = widget.mapTo(window, widget.rect().topLeft())
    bottom = widget.mapTo(window, widget.rect().bottomRight())
    return (
        widget.isVisible()
        and top.y() >= 0
        and bottom.y() < window.height()
        and bottom.x() < window.width()
        and widget.height() >= min_height
    )


LAPTOP = (1366, 768 - 40 - 30)  # a 1366x768 screen less a task bar and the title bar


def test_the_window_fits_a_laptop_screen_and_says_what_its_buttons_do(qtbot, demo_db: Path) -> None:
    window = open_window(qtbot)
    room = window.screen().availableGeometry()
    assert window.width() <= room.width() and window.height() <= room.height()
    window.resize(*LAPTOP)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == LAPTOP, timeout=2_000)
    assert inside(window, window.statusBar(), 10)
    assert inside(window, window.queue_panel.history_view, 40)  # two lines of history
    assert inside(window, window.stream_panel.start_button, 10)
    # the status bar in plain words; the port for the tools only in its tooltip
    qtbot.waitUntil(lambda: bool(window.status.text()), timeout=10_000)
    port = str(window.session.show.control.port)
    assert port not in window.status.text() and "port" not in window.status.text()
    assert port in window.status.toolTip()
    # the pause button says "Resume" while paused, and goes back
    qtbot.waitUntil(lambda: window.queue_panel.skip_button.isEnabled(), timeout=30_000)
    pause = window.queue_panel.pause_button
    pause.click()
    assert pause.text() == "Resume"
    qtbot.waitUntil(lambda: window.queue_panel.state_label.text() == "Paused", timeout=60_000)
    assert pause.isChecked() and pause.text() == "Resume"
    pause.click()
    qtbot.waitUntil(lambda: window.queue_panel.state_label.text() != "Paused", timeout=10_000)
    assert not pause.isChecked() and pause.text() == "Pause after this line"
    window.close()
    qtbot.waitUntil(lambda: window._closed, timeout=30_000)


def test_the_presenter_and_the_control_port_are_kept(qtbot, portrait_png: Path) -> None:
    """A presenter switch restarts the show on the same control port (tools still reach
    it); the next start of the window opens with the presenter chosen last."""
    from studio.avatar.create_photo import create_from_photo
    from studio.gui.settings import load_settings
    from studio.runtime.control import call

    create_from_photo(portrait_png, "lily")
    window = open_window(qtbot)
    port = window.session.show.control.port
    assert call(port, "GET", "/health")  # tools reach it (a connection now in TIME_WAIT)
    box = window.avatar_box
    box.setCurrentIndex(box.findData("lily"))
    box.activated.emit(box.currentIndex())
    qtbot.waitUntil(
        lambda: (
            window.session is not None
            and window.session.ready
            and window.session.config.avatar == "lily"
        ),
        timeout=60_000,
    )
    assert window.session.show.control.port == port
    assert call(port, "GET", "/health")
    assert load_settings().avatar == "lily"
    window.close()
    qtbot.waitUntil(lambda: window._closed, timeout=30_000)
    again = open_window(qtbot, load_settings())  # Studio started again
    assert again.avatar_box.currentData() == "lily" and again.session.config.avatar == "lily"
    again.close()
    qtbot.waitUntil(lambda: again._closed, timeout=30_000)


def test_a_landscape_show_gets_the_wider_side_of_the_window(qtbot) -> None:
    """A landscape picture in the narrow vertical pane was tiny, its AI label unreadable."""
    from studio.core.paths import assets_dir

    landscape = str(assets_dir() / "scenes" / "landscape_room.toml")
    window = open_window(qtbot, GuiSettings(scene=landscape))
    window.resize(1366, 698)  # a laptop
    window._landscape = None  # as at a first frame in this size
    qtbot.waitUntil(lambda: window._landscape is True, timeout=20_000)
    preview, panel = window.split.sizes()
    assert preview > panel
    qtbot.waitUntil(lambda: window.preview.image.width() >= 0.9 * preview, timeout=10_000)
    assert window.preview.image.width() > window.preview.image.height()
    window.close()
    qtbot.waitUntil(lambda: window._closed, timeout=30_000)
