"""The log tab in the Chinese window: a real show's records read in Chinese (level names
and messages through the catalogue, no logger names), the log file beside it stays
English, and a library's information is left out at the default level."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from studio.gui.app import install_log_handler
from studio.gui.language import install_translators
from studio.gui.logview import QtLogHandler
from studio.gui.mainwindow import MainWindow
from studio.gui.settings import GuiSettings


@pytest.fixture
def chinese(qapp) -> Iterator[None]:
    installed = install_translators(qapp, "zh_CN")
    yield
    for translator in installed:
        QCoreApplication.removeTranslator(translator)
    QLocale.setDefault(QLocale(QLocale.Language.English))


@pytest.fixture
def log_handler() -> Iterator[QtLogHandler]:
    """The window's handler and log file, as `studio gui` installs them; taken off the
    root logger afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    handler = install_log_handler(log_file=True)
    yield handler
    for added in root.handlers:
        if added not in handlers:
            added.close()
    root.handlers[:] = handlers
    root.setLevel(level)


def test_a_real_shows_records_read_in_chinese_and_the_file_stays_english(
    qtbot, chinese, log_handler, demo_db: Path, studio_home: Path
) -> None:
    window = MainWindow(GuiSettings(), log_handler, control_port=0)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.preview_started, timeout=60_000):
        pass
    session = window.session
    qtbot.waitUntil(lambda: session.ready, timeout=10_000)
    box = window.scene_box  # a scene cut: the stage logs it
    target = next(i for i in range(box.count()) if "plain_vertical" in str(box.itemData(i)))
    box.setCurrentIndex(target)
    box.activated.emit(target)
    view = window.log_view
    qtbot.waitUntil(lambda: any("场景：从第" in line for line in view.lines()), timeout=10_000)
    port = window.shown_port
    window.close()
    qtbot.waitUntil(lambda: window._closed, timeout=30_000)

    lines = view.lines()
    assert any(
        line.endswith(f"信息 预览已运行（远程控制接口在 127.0.0.1:{port}）") for line in lines
    )
    assert any(f"信息 远程控制接口：“http://127.0.0.1:{port}”" in line for line in lines), lines
    assert any(re.search(r"场景：从第 \d+ 帧起切到 \S*plain_vertical", line) for line in lines)
    for line in lines:  # every line: a Chinese level, no English level or logger name
        assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (信息|警告|错误|严重错误) ", line), (
            line
        )
        assert not re.search(r"\b(INFO|WARNING|ERROR)\b|studio\.\w", line), line
    log_file = (studio_home / "logs" / "gui.log").read_text(encoding="utf-8")
    assert f"INFO studio.gui.mainwindow: preview running (control API on 127.0.0.1:{port})" in (
        log_file
    )
    assert re.search(r"INFO studio.runtime.stage: scene: \S*plain_vertical\S* from frame", log_file)
    assert "信息" not in log_file and "预览" not in log_file


def test_a_librarys_information_stays_out_and_its_warnings_keep_their_words(qtbot, chinese) -> None:
    handler = QtLogHandler()
    got: list[str] = []
    handler.bridge.record.connect(lambda _no, _name, line: got.append(line))
    library = logging.getLogger("libav.test_logview")
    library.addHandler(handler)
    library.setLevel(logging.DEBUG)
    try:
        library.info("Opening 'rtmp://127.0.0.1/live' for writing")
        library.warning("Connection refused")
        handler.setLevel(logging.DEBUG)  # the view's "everything (debug)"
        library.info("Opening 'rtmp://127.0.0.1/live' for writing")
    finally:
        library.removeHandler(handler)
    assert len(got) == 2, got
    assert got[0].endswith("警告 Connection refused")
    assert got[1].endswith("信息 Opening 'rtmp://127.0.0.1/live' for writing")


def test_the_english_window_keeps_its_lines_as_they_were(qtbot, qapp) -> None:
    install_translators(qapp, "en")
    handler = QtLogHandler()
    got: list[str] = []
    handler.bridge.record.connect(lambda _no, _name, line: got.append(line))
    logger = logging.getLogger("studio.runtime.stage")
    logger.addHandler(handler)
    try:
        logger.warning("no scene named %r: the show stays on %r", "x", "main")
    finally:
        logger.removeHandler(handler)
    assert got[0].endswith(
        "WARNING studio.runtime.stage: no scene named 'x': the show stays on 'main'"
    )
