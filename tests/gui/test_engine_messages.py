"""The engine's messages in the window: Chinese once the window's language is Chinese,
in the window's wording (nothing asks the merchant to type a command)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from studio.avatar.names import validate_name
from studio.core import messages
from studio.gui import checklist as C
from studio.gui import wizard as W
from studio.gui import workers
from studio.gui.language import install_translators
from studio.gui.streampanel import StreamPanel
from studio.stream.stats import OutputStats, StreamStats


@pytest.fixture
def chinese(qapp):
    installed = install_translators(qapp, "zh_CN")
    yield
    for translator in installed:
        QCoreApplication.removeTranslator(translator)
    QLocale.setDefault(QLocale(QLocale.Language.English))


def test_the_window_language_sets_the_engine_language(qapp) -> None:
    install_translators(qapp, "en")
    assert messages.current_language() == "en"
    for translator in install_translators(qapp, "zh_CN"):
        QCoreApplication.removeTranslator(translator)
    assert messages.current_language() == "zh_CN"


def test_a_failed_task_reports_in_chinese_without_a_command(qtbot, chinese) -> None:
    """A real engine error raised in a worker: what the wizard's failure page shows."""
    got: list[tuple[str, str]] = []
    task = workers.start(validate_name, "-lily", on_failed=lambda m, h: got.append((m, h)))
    qtbot.waitUntil(lambda: bool(got), timeout=10_000)
    assert task is not None
    message, hint = got[0]
    assert message == "主播名字 '-lily' 不能以“-”“.”或空格开头，也不能以“.”或空格结尾"
    assert hint == "名字可以用汉字、字母、数字、“-”“_”“.”或空格"
    assert "--" not in hint


def test_a_reconnect_reason_is_shown_in_chinese(qtbot, chinese) -> None:
    panel = StreamPanel()
    qtbot.addWidget(panel)
    panel.set_ready(True)
    panel.started()
    down = OutputStats(
        "rtmp", "retrying", retry_in_s=3.0, last_error="connection refused by 127.0.0.1:19611"
    )
    panel.update_stats(StreamStats(outputs=(down,)))
    assert panel.detail_label.text().startswith("127.0.0.1:19611 拒绝了连接")
    assert "refused" not in panel.detail_label.text() + panel.detail_label.toolTip()


def test_the_checks_page_explains_a_broken_video_in_chinese(qtbot, chinese, tmp_path) -> None:
    """A real check of a file that is no video: the checks page's first verdict."""
    fake = tmp_path / "clip.mp4"
    fake.write_text("not a video")
    report = C.run_checks(fake)
    wizard = W.AvatarWizard()
    qtbot.addWidget(wizard)
    first = report.verdicts[0]
    text = wizard.page(W.PAGE_CHECKS).sentence(first)
    assert first.status == C.FAIL and first.detail not in text
    assert "clip.mp4" in text and "请" in text
    words = set(re.findall(r"[A-Za-z][A-Za-z0-9]+", text.replace("clip.mp4", "")))
    assert words <= {"MP4", "MOV", "MKV", "WebM"}, text
