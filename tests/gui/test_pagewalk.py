"""Every page of the Chinese window at 1366x768 and at 1920x1080: a screenshot of each
(in the test's folder, or $STUDIO_SCREENSHOTS for a person to look at) and nothing cut
off, squeezed or overlapping on any of them."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from studio.gui.language import install_translators
from studio.gui.pagewalk import SIZES, Walk, layout_problems, walk_window

from .test_window import open_window

PAGES = [
    *(f"window-{i}" for i in range(1, 6)),  # the five tabs
    "settings",
    "about",
    *(f"help-{i}" for i in range(1, 6)),  # four platforms and the shortcuts
    "wizard-video",
    "wizard-photo",
    "wizard-checks",
]


def test_every_page_fits_the_screen_in_chinese(
    qtbot, qapp, demo_db: Path, portrait_png: Path, tmp_path: Path
) -> None:
    out = Path(os.environ.get("STUDIO_SCREENSHOTS") or tmp_path / "pages")
    installed = install_translators(qapp, "zh_CN")
    problems: dict[str, list[str]] = {}
    try:
        window = open_window(qtbot)
        for size, screen in SIZES.items():
            walk = Walk(out / size)
            walk_window(window, walk, screen, portrait_png)
            assert [p.name for p in walk.pages] == PAGES
            for page in walk.pages:
                image = QImage(str(page.path))
                assert not image.isNull(), page.path
                if page.name.startswith("window"):
                    assert (image.width(), image.height()) == screen, page.name
                if page.problems:
                    problems[f"{size} {page.name}"] = page.problems
        window.close()
        qtbot.waitUntil(lambda: window._closed, timeout=30_000)
    finally:
        for translator in installed:
            QCoreApplication.removeTranslator(translator)
        QLocale.setDefault(QLocale(QLocale.Language.English))
    assert not problems, "\n".join(f"{p}: {'; '.join(f)}" for p, f in problems.items())


def test_the_layout_check_finds_what_is_cut_off_and_overlapping(qtbot) -> None:
    """The checks above can fail: a squeezed button, a label past its window's edge and
    two widgets of one layout on top of each other are each reported."""
    top = QWidget()
    qtbot.addWidget(top)
    row = QHBoxLayout(top)
    squeezed = QPushButton("A button with a long caption")
    left, right = QLabel("left"), QLabel("right")
    row.addWidget(squeezed)
    row.addWidget(left)
    row.addWidget(right)
    outside = QLabel("past the edge", top)
    top.resize(400, 100)
    top.show()
    qtbot.waitExposed(top)
    assert layout_problems(top) == []
    squeezed.setFixedWidth(40)
    qtbot.waitUntil(lambda: squeezed.width() == 40, timeout=2_000)
    outside.move(380, 10)
    right.setGeometry(left.geometry().translated(5, 0))
    found = "\n".join(layout_problems(top))
    assert "QPushButton('A button with a long caption'): text cut off: needs" in found
    assert "QLabel('past the edge') at" in found and "cut off by the window" in found
    assert "QLabel('left') and QLabel('right') overlap" in found
