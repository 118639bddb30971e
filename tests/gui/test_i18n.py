"""Chinese and English UI: every string in the code is in the catalogue and translated,
the compiled catalogue loads, and Chinese is the default on a Chinese system."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from studio.gui.language import CATALOGUE, I18N_DIR, SOURCES, install_translators, resolve_language

TS = I18N_DIR / f"{CATALOGUE}_zh_CN.ts"
QM = I18N_DIR / f"{CATALOGUE}_zh_CN.qm"


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    return {
        (ctx.findtext("name") or "", m.findtext("source") or ""): m.find("translation")
        for ctx in root.iter("context")
        for m in ctx.iter("message")
    }


def test_every_string_is_translated_with_its_placeholders() -> None:
    found = messages(TS)
    assert len(found) > 200
    for (context, source), translation in found.items():
        assert translation is not None and translation.get("type") is None, (context, source)
        text = translation.text or ""
        assert text.strip(), (context, source)
        assert sorted(re.findall(r"%\d", source)) == sorted(re.findall(r"%\d", text)), source


def test_the_catalogue_covers_the_code(tmp_path: Path) -> None:
    """pyside6-lupdate over the sources finds no string the shipped .ts lacks."""
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists() and shutil.which("pyside6-lupdate") is None:
        pytest.skip("pyside6-lupdate is not installed")
    fresh = tmp_path / "fresh.ts"
    here = Path(__file__).resolve().parents[2] / "studio" / "gui"
    cmd = [str(lupdate) if lupdate.exists() else "pyside6-lupdate"]
    subprocess.run(
        [*cmd, *[str(here / s) for s in SOURCES], "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    missing = set(messages(fresh)) - set(messages(TS))
    assert not missing, f"run `python -m studio.gui.language` and translate: {sorted(missing)}"


def test_the_compiled_catalogue_is_the_current_one(qapp) -> None:
    """Every translation in the .ts comes out of the shipped .qm (it was recompiled)."""
    assert QM.is_file()
    translator = QTranslator()
    assert translator.load(f"{CATALOGUE}_zh_CN", str(I18N_DIR))
    for (context, source), translation in messages(TS).items():
        assert translator.translate(context, source) == translation.text, (context, source)
    assert translator.translate("StreamPanel", "Start streaming") == "开始推流"


def test_chinese_by_default_on_a_chinese_system() -> None:
    assert resolve_language("auto", QLocale(QLocale.Language.Chinese, QLocale.Country.China)) == (
        "zh_CN"
    )
    assert resolve_language("auto", QLocale(QLocale.Language.Chinese, QLocale.Country.Taiwan)) == (
        "zh_CN"
    )
    assert resolve_language("auto", QLocale(QLocale.Language.English)) == "en"
    assert resolve_language("en", QLocale(QLocale.Language.Chinese)) == "en"
    assert resolve_language("zh_CN", QLocale(QLocale.Language.German)) == "zh_CN"


def test_widgets_speak_chinese_once_it_is_installed(qtbot, qapp) -> None:
    from studio.gui.streampanel import StreamPanel

    installed = install_translators(qapp, "zh_CN")
    try:
        assert installed
        panel = StreamPanel()
        qtbot.addWidget(panel)
        assert panel.start_button.text() == "开始推流"
        assert panel.state_label.text() == "未推流"
    finally:
        for translator in installed:
            QCoreApplication.removeTranslator(translator)
        QLocale.setDefault(QLocale(QLocale.Language.English))
    english = StreamPanel()
    qtbot.addWidget(english)
    assert english.start_button.text() == "Start streaming"


def test_qt_own_file_dialog_speaks_chinese(qtbot, qapp) -> None:
    """Qt's file dialog (used where no desktop dialog exists) is Qt's own, not ours."""
    from PySide6.QtWidgets import QFileDialog, QLabel

    installed = install_translators(qapp, "zh_CN")
    try:
        assert len(installed) == 3  # ours, Qt's, and what Qt's lacks
        dialog = QFileDialog(None, "", "", "*.mp4")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        qtbot.addWidget(dialog)
        labels = {w.text() for w in dialog.findChildren(QLabel)}
        assert {"查找范围(&L)：", "文件类型(&T)：", "文件名称(&N)："} <= labels, labels
    finally:
        for translator in installed:
            QCoreApplication.removeTranslator(translator)
        QLocale.setDefault(QLocale(QLocale.Language.English))


def test_scene_names_are_said_in_the_ui_language(qapp) -> None:
    from studio.gui.queuepanel import describe_row
    from studio.gui.scenes import scene_title, shipped_scenes
    from studio.gui.showclient import UpcomingRow

    installed = install_translators(qapp, "zh_CN")
    try:
        row = UpcomingRow("k", "", "playlist", kind="scene", detail="closeup")
        assert describe_row(row) == "切换场景：特写"
        for path in shipped_scenes():  # every shipped scene has a Chinese name
            assert scene_title(path.stem) != path.stem, path.stem
        assert scene_title("her_own_scene") == "her_own_scene"
    finally:
        for translator in installed:
            QCoreApplication.removeTranslator(translator)
        QLocale.setDefault(QLocale(QLocale.Language.English))
