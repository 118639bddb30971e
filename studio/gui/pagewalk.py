"""Every page of the window at a laptop's and a desktop's screen size: a screenshot of
each, and what is wrong with its layout (cut off, squeezed, overlapping).

The walk visits the window's tabs, the settings, about and help dialogs (each help tab)
and the avatar wizard's pages up to its checks (nothing is created). ``tests/gui`` runs it
and fails on any problem; a person runs it to look at the pages::

    python -m studio.gui.pagewalk OUT_DIR [--lang zh_CN|en]

which opens the window on a scratch data folder holding the demo shop (never the user's)
and writes OUT_DIR/1366x768/*.png and OUT_DIR/1920x1080/*.png.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QDialog,
    QHeaderView,
    QLabel,
    QLayout,
    QStackedLayout,
    QTabBar,
    QTabWidget,
    QWidget,
)

#: Screen sizes and the window's room on them: less a task bar (40) and a title bar (30).
SIZES = {"1366x768": (1366, 698), "1920x1080": (1920, 1010)}
SLACK = 1  # pixels of rounding forgiven
NARROW_EM = 28  # a text of 4 lines or more in fewer characters a line reads as a column


@dataclass
class Page:
    """One page as seen: its name, its screenshot and its layout problems."""

    name: str
    path: Path
    problems: list[str] = field(default_factory=list)


def wait_until(condition: Callable[[], bool], timeout_ms: int) -> None:
    """Run the event loop until ``condition`` holds (TimeoutError after ``timeout_ms``)."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"still waiting after {timeout_ms} ms")
        QTest.qWait(20)


def _name(w: QWidget) -> str:
    text = ""
    if isinstance(w, QLabel | QAbstractButton):
        text = w.text().replace("\n", " ")[:30]
    label = text or w.objectName()
    return f"{type(w).__name__}({label!r})" if label else type(w).__name__


def _scrolled(w: QWidget, top: QWidget) -> bool:
    """Inside a scroll area's viewport: its content may extend past what is shown."""
    p = w.parentWidget()
    while p is not None and p is not top:
        area = p.parentWidget()
        if isinstance(area, QAbstractScrollArea) and area.viewport() is p:
            return True
        p = area
    return False


def _on(top: QWidget, w: QWidget) -> QRect:
    return QRect(w.mapTo(top, QPoint(0, 0)), w.size())


def _cut_text(w: QWidget) -> str | None:
    """Why ``w``'s text does not fit its size, or None when it does."""
    if isinstance(w, QLabel) and w.text() and w.pixmap().isNull():
        hint = w.sizeHint()
        if w.wordWrap():
            need = w.heightForWidth(w.width())
            if need > 0 and w.height() + SLACK < need:
                return f"text cut off: needs {need} px of height, has {w.height()}"
            lines = need // max(1, w.fontMetrics().lineSpacing())
            if lines >= 4 and w.width() < NARROW_EM * w.fontMetrics().horizontalAdvance("中"):
                return f"{lines} lines in a narrow column of {w.width()} px"
            centred = w.alignment() & Qt.AlignmentFlag.AlignVCenter
            if centred and need > 0 and w.height() > 2 * need + 40:
                return f"its {need} px of text float in the middle of {w.height()} px"
        elif w.width() + SLACK < hint.width():
            return f"text cut off: needs {hint.width()} px of width, has {w.width()}"
    elif isinstance(w, QAbstractButton) and w.text():
        hint = w.sizeHint()
        if w.width() + SLACK < hint.width() or w.height() + SLACK < hint.height():
            return (
                f"text cut off: needs {hint.width()}x{hint.height()}, has {w.width()}x{w.height()}"
            )
    elif isinstance(w, QHeaderView) and w.orientation() == Qt.Orientation.Horizontal:
        for i in range(w.count()):
            text = str(w.model().headerData(i, w.orientation()) or "")
            need = w.fontMetrics().horizontalAdvance(text) + 8  # the style's padding
            if text and not w.isSectionHidden(i) and w.sectionSize(i) + SLACK < need:
                return f"column {text!r} cut off: needs {need} px, has {w.sectionSize(i)}"
    elif isinstance(w, QTabBar):
        last = w.tabRect(w.count() - 1) if w.count() else QRect()
        if w.count() and (w.tabRect(0).left() < 0 or last.right() > w.width()):
            return f"tabs cut off: {w.count()} need {w.sizeHint().width()} px, have {w.width()}"
    return None


def layout_problems(top: QWidget) -> list[str]:
    """Every visible widget inside its window and its parent, its text not cut, and no two
    widgets of one layout on top of each other."""
    problems = []
    bounds = top.rect()
    shown = [w for w in top.findChildren(QWidget) if w.isVisible() and not w.isWindow()]
    for w in shown:
        if _scrolled(w, top):
            continue
        rect = _on(top, w)
        if not bounds.contains(rect):
            problems.append(f"{_name(w)} at {rect.getRect()} is cut off by the window")
        elif w.parentWidget() is not None and not w.parentWidget().rect().contains(w.geometry()):
            problems.append(f"{_name(w)} is cut off by {_name(w.parentWidget())}")
        why = _cut_text(w)
        if why:
            problems.append(f"{_name(w)}: {why}")
    for layout in top.findChildren(QLayout):
        if isinstance(layout, QStackedLayout):
            continue  # one page at a time, on top of each other by design
        items = [layout.itemAt(i).widget() for i in range(layout.count())]
        rects = [
            (w, _on(top, w))
            for w in items
            if w is not None and w.isVisible() and not w.size().isEmpty() and not _scrolled(w, top)
        ]
        for i, (a, ra) in enumerate(rects):
            for b, rb in rects[i + 1 :]:
                if ra.intersects(rb):
                    problems.append(f"{_name(a)} and {_name(b)} overlap")
    return problems


class Walk:
    """Grabs pages into ``out`` and collects their problems."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.pages: list[Page] = []

    def shot(self, name: str, top: QWidget, screen: tuple[int, int]) -> Page:
        QTest.qWait(150)  # let layouts and late text settle
        self.out.mkdir(parents=True, exist_ok=True)
        path = self.out / f"{len(self.pages) + 1:02d}-{name}.png"
        top.grab().save(str(path))
        problems = layout_problems(top)
        if top.width() > screen[0] or top.height() > screen[1]:
            problems.append(f"{top.width()}x{top.height()} is larger than the screen's {screen}")
        page = Page(name, path, problems)
        self.pages.append(page)
        return page


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text).strip("-").lower() or "page"


def _dialogs(window: QWidget) -> Iterator[tuple[str, QDialog]]:
    from studio.gui.about import AboutDialog  # reads every package's metadata: on demand
    from studio.gui.helpdialog import HelpDialog
    from studio.gui.settingsdialog import SettingsDialog

    yield "settings", SettingsDialog(window.settings, window)
    yield "about", AboutDialog(window)
    yield "help", HelpDialog(window)


def walk_window(window: QWidget, walk: Walk, screen: tuple[int, int], photo: Path) -> None:
    """Every page at the window size ``screen`` (the window's room on that screen)."""
    from studio.gui import wizard as W

    window.resize(*screen)
    with contextlib.suppress(TimeoutError):  # too big for the screen: each shot says so
        wait_until(lambda: (window.width(), window.height()) == screen, 2_000)
    tabs: QTabWidget = window.tabs
    for i in range(tabs.count()):
        tabs.setCurrentIndex(i)
        walk.shot(f"window-{i + 1}", window, screen)
    tabs.setCurrentIndex(0)
    for name, dialog in _dialogs(window):
        dialog.show()
        inner = dialog.findChild(QTabWidget)
        if inner is None:
            walk.shot(name, dialog, screen)
        else:
            for i in range(inner.count()):
                inner.setCurrentIndex(i)
                walk.shot(f"{name}-{i + 1}", dialog, screen)
        dialog.close()
        dialog.deleteLater()
    wizard = W.AvatarWizard(window)
    wizard.show()
    try:
        source = wizard.page(W.PAGE_SOURCE)
        walk.shot("wizard-video", wizard, screen)
        source.set_source(photo)
        walk.shot("wizard-photo", wizard, screen)
        ready: list[int] = []
        wizard.page_ready.connect(ready.append)
        wizard.next()
        wait_until(lambda: W.PAGE_CHECKS in ready, 120_000)
        walk.shot("wizard-checks", wizard, screen)
    finally:
        for task in list(wizard.tasks):
            task.cancel()
        wait_until(lambda: not wizard.tasks, 60_000)
        wizard.close()
        wizard.deleteLater()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m studio.gui.pagewalk",
        description="Screenshots of every page at 1366x768 and 1920x1080, with layout "
        "problems listed (a scratch data folder with the demo shop; yours is not touched).",
    )
    parser.add_argument("out", type=Path, help="folder for the PNGs")
    parser.add_argument("--lang", default="zh_CN", choices=("zh_CN", "en"))
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="studio-pagewalk-"))
    os.environ["STUDIO_HOME"] = str(scratch / "home")
    os.environ["STUDIO_GUI_SETTINGS"] = str(scratch / "gui.toml")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from studio.core.paths import assets_dir
    from studio.gui.app import _demo_photo, make_app
    from studio.gui.mainwindow import MainWindow
    from studio.gui.settings import GuiSettings
    from studio.show.importer import import_file
    from studio.show.store import ShowStore

    with ShowStore(scratch / "home" / "show.db") as store:
        import_file(store, assets_dir() / "demo" / "products.csv")
        import_file(store, assets_dir() / "demo" / "script.toml")
    app = make_app(args.lang)
    window = MainWindow(GuiSettings(language=args.lang), control_port=0)
    window.show()
    started: list[bool] = []
    window.preview_started.connect(lambda: started.append(True))
    wait_until(lambda: bool(started), 120_000)
    photo = _demo_photo()
    bad = 0
    for size, screen in SIZES.items():
        walk = Walk(args.out / size)
        walk_window(window, walk, screen, photo)
        for page in walk.pages:
            print(f"{page.path}")
            for problem in page.problems:
                print(f"    {problem}")
            bad += len(page.problems)
    window.close()
    wait_until(lambda: window._closed, 30_000)
    del app
    print(f"{bad} layout problems" if bad else "no layout problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
