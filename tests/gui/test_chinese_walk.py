"""A merchant's first walk through the Chinese window: every page she visits shows no
English beyond what a Chinese merchant reads anyway (product names, formats, "AI").

What is read is what she sees: the visible labels, buttons, group titles, tab names,
combo box entries, table headers and rows, list rows, placeholders and window titles."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)

from studio.gui.language import install_translators

from .test_window import open_window

# Latin words a Chinese merchant reads as they are: formats, platforms, units, names.
ALLOWED = {
    w.lower()
    for w in (
        "AI", "RTMP", "URL", "CSV", "JSON", "MP4", "PNG", "JPG", "GPU", "CPU", "ID",
        "Studio", "eSpeak", "NG", "Piper", "Joe", "Qt", "kb", "ms", "fps", "dB", "ml",
        "GPL", "LGPL", "MIT", "BSD", "Apache", "x264", "H.264", "FFmpeg", "mediapipe",
        "Douyin", "Kuaishou", "XL", "S", "M", "L", "onnx", "TOML", "English",
        "GPL-3.0-or-later", "espeakng-loader", "av", "PySide6", "OBS", "pocketsphinx",
    )
}  # fmt: skip
SCRIPT_MODELS = {"UpNextModel", "HistoryModel"}
TAG = re.compile(r"<[^>]+>")  # rich text markup
PATH = re.compile(r"\S*/\S*")  # a file or folder she is shown
WORD = re.compile(r"[A-Za-z][A-Za-z0-9.+-]*[A-Za-z0-9]|[A-Za-z]")


def visible_texts(root: QWidget) -> list[str]:
    texts = [root.windowTitle()]
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible():
            continue
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count())]
        elif isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QLineEdit | QPlainTextEdit):
            texts.append(w.placeholderText())
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            try:
                columns = model.columnCount(QModelIndex())
            except TypeError:  # a list model: one column
                columns = 1
            for c in range(columns):
                texts.append(str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
            if type(model).__name__ in SCRIPT_MODELS:
                continue  # her script's lines, spoken as written (some are English)
            for r in range(min(model.rowCount(QModelIndex()), 30)):
                for c in range(columns):
                    texts.append(str(model.data(model.index(r, c)) or ""))
    return [t for t in texts if t]


def english(texts: list[str], names: set[str]) -> list[str]:
    """The texts holding a Latin word that is neither allowed nor part of a product name."""
    bad = []
    for text in texts:
        plain = PATH.sub(" ", TAG.sub(" ", text))
        for name in names:
            plain = plain.replace(name, " ")
        words = [w for w in WORD.findall(plain) if w.lower() not in ALLOWED]
        if words:
            bad.append(f"{text!r}: {words}")
    return bad


def test_the_chinese_window_speaks_chinese_on_every_page(qtbot, qapp, demo_db: Path) -> None:
    from studio.gui.about import AboutDialog
    from studio.gui.helpdialog import HelpDialog
    from studio.gui.settings import GuiSettings
    from studio.gui.settingsdialog import SettingsDialog
    from studio.gui.wizard.base import AvatarWizard

    installed = install_translators(qapp, "zh_CN")
    try:
        window = open_window(qtbot)
        names = {p.name for p in window.products_panel.products} | {"Studio"}
        seen: dict[str, list[str]] = {}
        for i in range(window.tabs.count()):
            window.tabs.setCurrentIndex(i)
            qtbot.wait(200)
            seen[f"tab {window.tabs.tabText(i)}"] = english(visible_texts(window), names)
        for name, dialog in (
            ("settings", SettingsDialog(GuiSettings(), window)),
            ("about", AboutDialog(window)),
            ("help", HelpDialog(window)),
            ("wizard", AvatarWizard(window)),
        ):
            qtbot.addWidget(dialog)
            dialog.show()
            qtbot.wait(200)
            texts = visible_texts(dialog)
            if name == "about":  # components' names, versions and licences are names
                table = dialog.table
                texts = [dialog.summary.text(), dialog.windowTitle(), dialog.texts_button.text()]
                texts += [table.horizontalHeaderItem(c).text() for c in range(4)]
                texts += [table.item(r, 3).text() for r in range(table.rowCount())]
            seen[name] = english(texts, names)
            dialog.close()
        window.close()
        qtbot.waitUntil(lambda: window._closed, timeout=30_000)
    finally:
        for translator in installed:
            QCoreApplication.removeTranslator(translator)
        QLocale.setDefault(QLocale(QLocale.Language.English))
    leaks = {page: found for page, found in seen.items() if found}
    assert not leaks, "\n".join(f"{p}: {f}" for p, f in leaks.items())
