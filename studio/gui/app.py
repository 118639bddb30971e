"""Starting the desktop studio: the application, translations, logging, the window.

Also the two unattended modes behind ``studio gui``: ``--smoke`` (open the window with the
demo presenter, run the preview, save a screenshot, exit 0) and ``--screenshot-wizard``
(walk the avatar wizard through its pages on a given file, a screenshot per page).
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

SMOKE_START_TIMEOUT_S = 120.0


def _clean_qt_environment() -> None:
    """OpenCV points Qt at its own Qt5 plugins and fonts when cv2 is imported; PySide6 is
    Qt6 and must use its own (and the system's fonts, which have Chinese)."""
    for var in ("QT_QPA_PLATFORM_PLUGIN_PATH", "QT_QPA_FONTDIR"):
        value = os.environ.get(var, "")
        if value and f"{os.sep}cv2{os.sep}" in value:
            del os.environ[var]
    headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if headless and sys.platform.startswith("linux"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


STYLE = """
QLabel#hint, QLabel#caption { color: #6b6b76; }
QLabel#verdict { font-size: 11pt; }
QGroupBox { font-weight: bold; }
"""


def make_app(language: str = "auto", argv: list[str] | None = None):
    """The QApplication (created once), with the translations for ``language`` installed."""
    from studio.core.quiet import quiet_native_logs
    from studio.gui import preload_engine

    quiet_native_logs()  # before the show imports mediapipe (studio gui already did, via main)
    preload_engine()
    _clean_qt_environment()
    from PySide6.QtWidgets import QApplication

    from studio.gui.language import install_translators, resolve_language

    app = QApplication.instance()
    if app is None:
        app = QApplication(argv or [sys.argv[0]])
        app.setApplicationName("Studio")
        app.setOrganizationName("Studio")
        app.setStyle("Fusion")
        app.setStyleSheet(STYLE)
    chosen = resolve_language(language)
    app._studio_translators = install_translators(app, chosen)  # keep them alive
    app._studio_language = chosen
    return app


def install_log_handler(log_file: bool = True):
    """The log tab's handler, and a rotating ``STUDIO_HOME/logs/gui.log`` (a show may run
    for days: the file is what is left to read after a problem in the night)."""
    from studio.core.logs import LINE_FORMAT, PrivateRotatingFileHandler
    from studio.core.paths import studio_home
    from studio.gui.logview import QtLogHandler

    handler = QtLogHandler(logging.INFO)
    root = logging.getLogger()
    if log_file:
        try:
            rotating = PrivateRotatingFileHandler(studio_home() / "logs" / "gui.log")
        except OSError as exc:
            log.warning("no log file: %s", exc)
        else:
            rotating.setLevel(logging.INFO)
            rotating.setFormatter(logging.Formatter(LINE_FORMAT))  # English, for engineers
            root.addHandler(rotating)
    before = root.getEffectiveLevel()
    if before > logging.INFO:
        # The log tab shows information; the console keeps the level it had (-v or not).
        for other in root.handlers:
            if other.level == logging.NOTSET:
                other.setLevel(before)
        root.setLevel(logging.INFO)
    root.addHandler(handler)
    return handler


def run(
    *,
    language: str | None = None,
    smoke_s: float | None = None,
    screenshot: Path | None = None,
    wizard_dir: Path | None = None,
    wizard_input: Path | None = None,
    threads: int | None = None,
) -> int:
    """``studio gui``: the window until it is closed, or one of the unattended modes.
    ``threads``: ``--threads``, over the settings' cores (studio.core.threads)."""
    from studio.core.paths import secure_home
    from studio.core.threads import apply_thread_budget, resolve_budget
    from studio.gui.settings import apply_environment, load_settings

    settings = load_settings()
    apply_environment(settings)
    apply_thread_budget(resolve_budget(threads, settings.threads))
    secure_home()  # the settings may have pointed STUDIO_HOME at another folder
    app = make_app(language or settings.language)
    from studio.gui.theme import apply_theme

    apply_theme(app, settings.theme)
    handler = install_log_handler()
    if wizard_dir is not None:
        return screenshot_wizard(app, wizard_dir, wizard_input)
    from studio.gui.mainwindow import MainWindow

    window = MainWindow(settings, handler)
    window.show()
    if smoke_s is not None:
        return smoke(app, window, smoke_s, screenshot)
    return app.exec()


def smoke(app, window, seconds: float, screenshot: Path | None) -> int:
    """Run the preview ``seconds`` after its first frame, save a screenshot, close cleanly.

    Its lines stay English whatever the language: CI and whoever checks a packaged build
    read them (tests/gui/test_smoke.py, packaging/README.md); a merchant is never asked
    to run it."""
    from PySide6.QtCore import QTimer

    outcome = {"code": 1}

    def take() -> None:
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            if not window.grab().save(str(screenshot)):
                log.error("could not write %s", screenshot)
                outcome["code"] = 1
                window.shutdown()
                return
            print(f"screenshot: {screenshot}", flush=True)
        outcome["code"] = 0
        frames = window.pump.frames if window.pump else 0
        print(f"smoke: preview ran {seconds:g} s after its first frame ({frames} frames shown)")
        window.shutdown()

    def started() -> None:
        QTimer.singleShot(round(seconds * 1000), take)

    def too_slow() -> None:
        if outcome["code"] != 0 and not window._closing:
            print("smoke: the preview did not start", file=sys.stderr)
            if screenshot is not None:
                window.grab().save(str(screenshot))
            window.shutdown()

    def failed(message: str) -> None:
        print(f"smoke: the preview could not start: {message}", file=sys.stderr)
        if screenshot is not None:
            window.grab().save(str(screenshot))
        window.shutdown()

    window.preview_started.connect(started)
    window.preview_failed.connect(failed)
    QTimer.singleShot(round((SMOKE_START_TIMEOUT_S + seconds) * 1000), too_slow)
    app.exec()
    return outcome["code"]


def _demo_photo() -> Path:
    """The demo portrait as a file, for walking the wizard without the user's media."""
    import cv2

    from studio.runtime.demo import demo_portrait

    path = Path(tempfile.mkdtemp(prefix="studio-wizard-")) / "astronaut.png"
    cv2.imwrite(str(path), cv2.cvtColor(demo_portrait(), cv2.COLOR_RGB2BGR))
    return path


def screenshot_wizard(app, out_dir: Path, source: Path | None) -> int:
    """Walk the wizard over ``source`` (default: the demo portrait), one PNG per page.

    Nothing is kept: the wizard is cancelled on its last page, which deletes the draft.
    """
    from PySide6.QtCore import QTimer

    from studio.gui import wizard as W

    out_dir.mkdir(parents=True, exist_ok=True)
    source = source or _demo_photo()
    wizard = W.AvatarWizard()
    wizard.resize(820, 620)
    wizard.show()
    shots: list[Path] = []
    outcome = {"code": 1}

    def shot(name: str) -> None:
        path = out_dir / f"{len(shots) + 1}-{name}.png"
        wizard.grab().save(str(path))
        shots.append(path)
        print(f"screenshot: {path}", flush=True)

    def later(ms: int, fn: Callable[[], None]) -> None:
        QTimer.singleShot(ms, fn)

    create_page = wizard.page(W.PAGE_CREATE)
    mid_shot = {"done": False}

    def on_progress(stage: str, done: int, total: int) -> None:
        """One shot while creating: a third into tracking (the long stage)."""
        if (
            wizard.kind == "video"
            and not mid_shot["done"]
            and stage == "track"
            and done * 3 >= total
        ):
            mid_shot["done"] = True
            later(1100, lambda: shot("create-progress"))  # after the time-left clock ticks

    def to_create() -> None:
        shot("checks")
        wizard.next()
        create_page.task.signals.progress.connect(on_progress)

    def ready(page: int) -> None:
        if page == W.PAGE_CHECKS and not wizard.page(W.PAGE_CHECKS).isComplete():
            later(200, lambda: (shot("checks-failed"), finish(1)))
        elif page == W.PAGE_CHECKS:
            later(200, to_create)
        elif page == W.PAGE_CREATE:
            if not create_page.isComplete():
                shot("create-failed")
                finish(1)
                return
            later(200, lambda: (shot("create-done"), wizard.next()))
        elif page == W.PAGE_PREVIEW:
            later(1200, lambda: (shot("preview"), wizard.next(), later(300, voice)))

    def voice() -> None:
        shot("voice")
        wizard.next()
        later(300, last)

    def last() -> None:
        shot("save")
        finish(0)

    def finish(code: int) -> None:
        outcome["code"] = code
        wizard.finished.connect(app.quit)
        wizard.reject()

    wizard.page_ready.connect(ready)
    wizard.page(W.PAGE_SOURCE).set_source(source)
    later(300, lambda: (shot("source"), wizard.next()))
    QTimer.singleShot(900_000, lambda: finish(1))
    app.exec()
    return outcome["code"]
