"""Her voice in the window: she reads the prompt sheet into the microphone, or imports a
reading made elsewhere, and each line she said is kept with her presenter.

Her reading is made by the project's own TTS with a shifted voice (tests/conftest.py
``her_voice``); the microphone is PortAudio reading ALSA's file capture device, in a child
process so that PortAudio starts with that ALSA configuration."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from studio.avatar.lines.sheet import PromptSheet, SheetLine, load_sheet
from studio.avatar.lines.store import load_lines
from studio.core.paths import assets_dir
from studio.core.timeline import SAMPLE_RATE
from studio.core.wav import write_wav
from studio.gui.voicelines import GENERIC, SHOP, VoiceLinesPanel
from studio.runtime.shopsheet import shop_sheet
from studio.show.importer import import_file
from studio.show.store import ShowStore, default_db_path

from ..avatar.lines.conftest import her_voice
from ..runtime.test_shopsheet import CUP_LINE

FIRST = ["greet.01", "thanks.01", "num.2", "unit.yuan"]


def reading(ids: list[str], gap_s: float = 0.8) -> np.ndarray:
    sheet = load_sheet()
    gap = np.zeros(int(gap_s * SAMPLE_RATE), np.int16)
    parts = [gap]
    for line_id in ids:
        parts += [her_voice(sheet.get(line_id).text), gap]
    noise = np.random.default_rng(0).normal(0, 20, sum(len(p) for p in parts))
    return np.clip(np.concatenate(parts) + noise, -32768, 32767).astype(np.int16)


def marks(panel: VoiceLinesPanel) -> dict[str, str]:
    return {
        line.id: panel.table.item(i, 0).text()
        for i, line in enumerate(panel.sheet.lines)
        if panel.table.item(i, 0).text()
    }


def test_a_folder_of_takes_is_kept_and_marked_and_she_goes_on_from_the_first_unread(
    qtbot, her: str, tmp_path: Path
) -> None:
    panel = VoiceLinesPanel(her)
    qtbot.addWidget(panel)
    assert marks(panel) == {} and panel.row == 0  # nothing read yet: the first line
    assert panel.summary.text().startswith("0 of ")
    folder = tmp_path / "takes"
    folder.mkdir()
    sheet = load_sheet()
    for line_id in FIRST:
        write_wav(folder / f"{line_id}.wav", reading([line_id], gap_s=0.3))
    # a take that says another line than its name is refused, not kept
    write_wav(folder / "follow.01.wav", reading(["thanks.02"], gap_s=0.3))
    panel.import_path(folder)
    assert panel.busy
    qtbot.waitUntil(lambda: not panel.busy, timeout=120_000)
    assert sorted(load_lines(her).lines) == sorted(FIRST)
    assert marks(panel) == {**dict.fromkeys(FIRST, "✔"), "follow.01": "✖"}
    assert panel.summary.text().startswith(f"{len(FIRST)} of {len(sheet.lines)}")
    assert sheet.lines[panel.row].id not in FIRST  # on to a line she has not read
    # reopened later (another dialog, the same presenter): the marks come from her folder
    again = VoiceLinesPanel(her)
    qtbot.addWidget(again)
    assert {k for k, v in marks(again).items() if v == "✔"} == set(FIRST)


def test_nothing_can_be_recorded_before_there_is_a_presenter(qtbot) -> None:
    panel = VoiceLinesPanel(None)
    qtbot.addWidget(panel)
    assert not panel.record_button.isEnabled() and not panel.file_button.isEnabled()


def test_without_a_microphone_she_is_told_to_import_a_phone_recording(
    qtbot, her: str, monkeypatch
) -> None:
    import studio.gui.sound as sound

    monkeypatch.setitem(sound._state, "module", "no PortAudio here")  # a machine without it
    panel = VoiceLinesPanel(her)
    qtbot.addWidget(panel)
    assert not panel.record_button.isEnabled() and panel.file_button.isEnabled()
    assert panel.record_button.toolTip() == "no PortAudio here"
    assert panel.status.text().startswith("no PortAudio here Record on your phone")


def test_she_chooses_her_shops_sheet_reads_a_product_line_and_it_is_kept(
    qtbot, her: str, tmp_path: Path, studio_home: Path
) -> None:
    """My shop's sheet (我的商品稿): the lines of her show in the default show database
    (the wizard's case), imported like the generic sheet; back to the generic sheet after."""
    panel = VoiceLinesPanel(her)
    qtbot.addWidget(panel)
    panel.choose_sheet(SHOP)  # no show imported yet: nothing of hers, the generic sheet
    qtbot.waitUntil(lambda: not panel.busy, timeout=30_000)
    assert panel.sheet is panel.generic and panel.sheet_box.currentIndex() == GENERIC
    assert "no lines of its own" in panel.status.text()
    with ShowStore(default_db_path()) as store:
        import_file(store, assets_dir() / "demo" / "products.csv")
        import_file(store, assets_dir() / "demo" / "script.toml")
        expected = shop_sheet(store)
    panel.sheet_box.setCurrentIndex(SHOP)
    panel.sheet_box.activated.emit(SHOP)  # as her click does
    qtbot.waitUntil(lambda: not panel.busy, timeout=30_000)
    assert [x.id for x in panel.sheet.lines] == [x.id for x in expected.lines]
    texts = [panel.table.item(i, 1).text() for i in range(panel.table.rowCount())]
    assert texts == [x.text for x in expected.lines] and CUP_LINE in texts
    assert panel.summary.text() == f"0 of {len(expected)} lines read"
    cup = next(x for x in expected.lines if x.text == CUP_LINE)
    folder = tmp_path / "takes"
    folder.mkdir()
    write_wav(folder / f"{cup.id}.wav", _said([CUP_LINE]))
    panel.import_path(folder)
    qtbot.waitUntil(lambda: not panel.busy, timeout=120_000)
    assert cup.id in load_lines(her).lines and marks(panel) == {cup.id: "✔"}
    assert panel.summary.text() == f"1 of {len(expected)} lines read"
    panel.sheet_box.setCurrentIndex(GENERIC)
    panel.sheet_box.activated.emit(GENERIC)
    assert panel.table.rowCount() == len(load_sheet()) and marks(panel) == {}


def test_the_shop_sheet_is_made_off_the_gui_thread_and_shown_when_ready(qtbot, her: str) -> None:
    """The window gives the panel its own show's sheet; it is made in a worker while the
    panel says so and takes no other choice, and the table shows it once it is ready."""
    made = PromptSheet((SheetLine("shop.only", "这是我的商品稿", "phrase"),))
    release, threads = threading.Event(), []

    def shop() -> PromptSheet:
        threads.append(threading.current_thread())
        release.wait(10)  # a large show: the sheet takes a while
        return made

    panel = VoiceLinesPanel(her, shop=shop)
    qtbot.addWidget(panel)
    panel.sheet_box.setCurrentIndex(SHOP)
    panel.sheet_box.activated.emit(SHOP)  # as her click does
    qtbot.waitUntil(lambda: bool(threads), timeout=5_000)
    assert threads[0] is not threading.main_thread()
    assert panel.busy and not panel.sheet_box.isEnabled() and not panel.file_button.isEnabled()
    assert panel.progress.isVisibleTo(panel) and panel.status.text().startswith("Making")
    assert panel.sheet is panel.generic  # still the generic sheet's table meanwhile
    release.set()
    qtbot.waitUntil(lambda: not panel.busy, timeout=10_000)
    assert panel.sheet is made and panel.table.item(0, 1).text() == "这是我的商品稿"
    assert panel.sheet_box.currentIndex() == SHOP and panel.sheet_box.isEnabled()
    assert not panel.progress.isVisibleTo(panel) and "1 lines" in panel.status.text()


def test_a_shop_sheet_that_cannot_be_made_says_why_and_keeps_the_generic_sheet(
    qtbot, her: str, studio_home: Path
) -> None:
    """The default show database is not one (a damaged file): the reason, in the panel;
    the generic sheet stays."""
    default_db_path().write_bytes(b"this is not a SQLite database" * 100)
    panel = VoiceLinesPanel(her)
    qtbot.addWidget(panel)
    panel.sheet_box.setCurrentIndex(SHOP)
    panel.sheet_box.activated.emit(SHOP)
    qtbot.waitUntil(lambda: not panel.busy, timeout=30_000)
    assert panel.sheet is panel.generic and panel.sheet_box.currentIndex() == GENERIC
    assert "is not a usable show database" in panel.status.text()


def _said(texts: list[str], gap_s: float = 0.3) -> np.ndarray:
    gap = np.zeros(int(gap_s * SAMPLE_RATE), np.int16)
    parts = [gap]
    for text in texts:
        parts += [her_voice(text), gap]
    noise = np.random.default_rng(0).normal(0, 20, sum(len(p) for p in parts))
    return np.clip(np.concatenate(parts) + noise, -32768, 32767).astype(np.int16)


MIC_SCRIPT = """
import sys
from PySide6.QtWidgets import QApplication
from studio.gui.microphone import Microphone
from studio.gui.voicelines import VoiceLinesPanel

app = QApplication([])
panel = VoiceLinesPanel(sys.argv[1])
panel.mic = Microphone(max_s=float(sys.argv[3]))
panel._go([x.id for x in panel.sheet.lines].index(sys.argv[2]))
assert panel.record_button.isEnabled(), panel.record_button.toolTip()
panel.toggle_recording()
assert panel.busy and panel.record_button.text() == "Stop"
deadline = __import__("time").monotonic() + 60
while panel.mic.seconds < float(sys.argv[3]) and __import__("time").monotonic() < deadline:
    app.processEvents()
panel.toggle_recording()
while panel.busy and __import__("time").monotonic() < deadline:
    app.processEvents()
mark = {x.id: panel.table.item(i, 0).text() for i, x in enumerate(panel.sheet.lines)}
print("mark", mark[sys.argv[2]], "now", panel.sheet.lines[panel.row].id, "status", panel.status.text().replace(chr(10), " "))
"""


def read_into_the_microphone(
    said_id: str, line_id: str, her: str, tmp_path: Path, studio_home: Path, alsa_home
) -> subprocess.CompletedProcess:
    """The window's panel in a child process, recording line ``line_id`` while the
    microphone hears her reading of ``said_id``."""
    try:
        import sounddevice  # noqa: F401
    except OSError:
        pytest.skip("PortAudio (libportaudio2) is not installed: make deps installs it")
    said = reading([said_id], gap_s=0.4)
    seconds = len(said) / SAMPLE_RATE + 0.6
    raw = tmp_path / "mic.raw"
    np.concatenate([said, np.zeros(SAMPLE_RATE, np.int16)]).astype("<i2").tofile(raw)
    env = {
        **os.environ,
        "HOME": str(alsa_home(tmp_path / "home", microphone=raw)),
        "QT_QPA_PLATFORM": "offscreen",
        "STUDIO_HOME": str(studio_home),
    }
    run = subprocess.run(
        [sys.executable, "-c", MIC_SCRIPT, her, line_id, f"{seconds:.2f}"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[:3000]
    return run


def test_she_reads_a_line_into_the_microphone_and_it_is_kept(
    her: str, tmp_path: Path, studio_home: Path, alsa_home
) -> None:
    run = read_into_the_microphone("greet.01", "greet.01", her, tmp_path, studio_home, alsa_home)
    assert "mark ✔" in run.stdout, run.stdout
    assert "now greet.02" in run.stdout  # on to the next line she has not read
    assert list(load_lines(her).lines) == ["greet.01"]


def test_a_take_of_another_line_is_refused_with_the_reason(
    her: str, tmp_path: Path, studio_home: Path, alsa_home
) -> None:
    # she read the line above (close enough to pass the aligner's own check): the reason
    # names the line she read
    run = read_into_the_microphone("thanks.03", "thanks.04", her, tmp_path, studio_home, alsa_home)
    assert "mark ✖" in run.stdout and "now thanks.04" in run.stdout, run.stdout
    assert "not kept: it sounds like line thanks.03 (谢谢你的礼物，太破费了。)" in run.stdout
    assert "read this line again" in run.stdout
    assert len(load_lines(her)) == 0


def test_a_number_word_read_as_another_is_refused_naming_it(qtbot, her: str) -> None:
    panel = VoiceLinesPanel(her)
    qtbot.addWidget(panel)
    panel._go([x.id for x in panel.sheet.lines].index("num.8"))
    panel.check_take("num.8", reading(["num.2"], gap_s=0.4))  # 二 for 八
    qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)
    assert marks(panel) == {"num.8": "✖"} and len(load_lines(her)) == 0
    assert panel.status.text() == (
        "This take was not kept: it sounds like line num.2 (二).\nread this line again"
    )
    assert panel.sheet.lines[panel.row].id == "num.8"  # she reads it again
    panel.check_take("num.8", reading(["num.8"], gap_s=0.4))
    qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)
    assert marks(panel) == {"num.8": "✔"} and list(load_lines(her).lines) == ["num.8"]


def test_she_reads_a_line_during_the_preview_and_the_show_says_it_in_her_voice(
    qtbot, her: str, tmp_path: Path
) -> None:
    """Her path: the window runs her presenter (nothing recorded yet), she opens 录真人声音…,
    reads a line, types that line into the show; it is said in her voice at once, and the
    status bar says how much of the show was hers."""
    from studio.gui.mainwindow import MainWindow
    from studio.gui.settings import GuiSettings

    window = MainWindow(GuiSettings(avatar=her), control_port=0)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.preview_started, timeout=60_000):
        pass
    assert window.avatar == her and window.voice_action.isEnabled()
    assert window.voice_share.isHidden()  # nothing of hers said yet
    window.open_voice_lines()
    panel = window.voice_dialog.panel
    folder = tmp_path / "takes"
    folder.mkdir()
    write_wav(folder / "thanks.01.wav", reading(["thanks.01"], gap_s=0.3))
    panel.import_path(folder)
    qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)
    assert "thanks.01" in panel.kept
    window.voice_dialog.reject()
    director = window.session.show.director
    window.queue_panel.line_edit.setText("谢谢大家的支持！")
    window.queue_panel.insert_button.click()
    qtbot.waitUntil(lambda: director.items_played >= 1 or director.now_own_share, timeout=60_000)
    qtbot.waitUntil(lambda: not window.voice_share.isHidden(), timeout=30_000)
    assert (
        "this line 100%" in window.voice_share.text() or "so far 100%" in window.voice_share.text()
    )
    window.close()
    qtbot.waitUntil(lambda: window._closed, timeout=30_000)


def test_the_demo_presenter_has_no_voice_to_record(qtbot) -> None:
    from studio.gui.mainwindow import MainWindow
    from studio.gui.settings import GuiSettings

    window = MainWindow(GuiSettings(), control_port=0)
    qtbot.addWidget(window)
    assert window.avatar == "demo" and not window.voice_action.isEnabled()
    assert "demo presenter" in window.voice_action.toolTip()
    window.close()
    qtbot.waitUntil(lambda: window._closed, timeout=30_000)


def test_closing_the_dialog_mid_import_cancels_it_cleanly_and_the_window_goes_on(
    qtbot, her: str, tmp_path: Path
) -> None:
    """She closes 录真人声音… while a recording is being imported: the import stops at its
    next step (her recording is untouched, she imports it again later), the lines she had
    are all there, nothing of the stopped import is half-kept, the worker's end reaches no
    deleted widget, and the window goes on (the dialog opens again and imports)."""
    import shiboken6

    from studio.gui import workers
    from studio.gui.mainwindow import MainWindow
    from studio.gui.settings import GuiSettings

    window = MainWindow(GuiSettings(avatar=her), control_port=0)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.preview_started, timeout=60_000):
        pass
    window.open_voice_lines()
    dialog = window.voice_dialog
    panel = dialog.panel
    folder = tmp_path / "takes"
    folder.mkdir()
    write_wav(folder / "greet.01.wav", reading(["greet.01"], gap_s=0.3))
    panel.import_path(folder)
    qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)
    assert list(load_lines(her).lines) == ["greet.01"]

    # a reading the import would keep (three lines of a three-line sheet), that reaches
    # the import only once the dialog is gone: a pipe, the test writes it after the close
    rest = FIRST[1:]
    panel.set_sheet(load_sheet().subset(rest))
    write_wav(tmp_path / "rest.wav", reading(rest))
    pipe = tmp_path / "reading.wav"
    os.mkfifo(pipe)
    panel.import_path(pipe)
    task = panel.task
    assert task is not None and panel.progress.isVisibleTo(panel)
    dialog.reject()  # her click on 关闭
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=10_000)
    pipe.write_bytes((tmp_path / "rest.wav").read_bytes())
    assert task.finished.wait(60)
    qtbot.waitUntil(lambda: task not in workers.Task._alive, timeout=10_000)  # all delivered
    assert list(load_lines(her).lines) == ["greet.01"]  # hers kept, the stopped one not

    window.open_voice_lines()
    again = window.voice_dialog.panel
    assert marks(again) == {"greet.01": "✔"}
    write_wav(folder / "thanks.01.wav", reading(["thanks.01"], gap_s=0.3))
    (folder / "greet.01.wav").unlink()
    again.import_path(folder)
    qtbot.waitUntil(lambda: not again.busy, timeout=60_000)
    assert sorted(load_lines(her).lines) == ["greet.01", "thanks.01"]
    assert window.statusBar().currentMessage() == "Her voice was updated."
    window.voice_dialog.reject()
    window.close()
    qtbot.waitUntil(lambda: window._closed, timeout=30_000)


def test_cancelling_the_wizard_mid_import_waits_for_the_import_to_stop_then_closes(
    qtbot, her: str, tmp_path: Path
) -> None:
    """The wizard's voice page imports her reading when she cancels the wizard: the import
    is the wizard's work (the window's close asks about it too), it is stopped, and the
    wizard goes only once it has (the draft it writes to is deleted after)."""
    import shiboken6
    from PySide6.QtCore import Qt

    from studio.gui import wizard as W

    wizard = W.AvatarWizard()
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # as the window opens it: it
    # deletes itself, so it is not given to qtbot (which would close it again)
    panel = wizard.voice_page.panel
    panel.set_avatar(her)  # the draft's place: the page gives the panel the new presenter
    panel.set_sheet(load_sheet().subset(FIRST))
    write_wav(tmp_path / "first.wav", reading(FIRST))
    pipe = tmp_path / "reading.wav"
    os.mkfifo(pipe)
    panel.import_path(pipe)
    task = panel.task
    assert wizard.tasks == [task]
    wizard.reject()
    assert wizard.isHidden() and shiboken6.isValid(wizard)  # waiting for the import
    pipe.write_bytes((tmp_path / "first.wav").read_bytes())
    qtbot.waitUntil(lambda: not shiboken6.isValid(wizard), timeout=60_000)
    assert task.cancelling and len(load_lines(her)) == 0
