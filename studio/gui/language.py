"""Chinese and English UI through Qt translations.

The source strings are English (``self.tr(...)`` everywhere); ``i18n/studio_zh_CN.ts`` holds
the Chinese, compiled to ``studio_zh_CN.qm`` beside it (``python -m studio.gui.language`` runs
pyside6-lupdate and pyside6-lrelease). "auto" picks Chinese on a Chinese system locale.
Qt's own strings (the file dialog, standard buttons) come from Qt's catalogue: the
installed Qt's, else ``i18n/qtbase_zh_CN.qm``, taken unchanged from Qt 6.4.2's translations
(Debian's qt6-translations-l10n, GPL-3.0 with the Qt exception; see i18n/README.md), as
PySide6-Essentials ships none.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from studio.core.messages import set_language

log = logging.getLogger(__name__)

I18N_DIR = Path(__file__).resolve().parent / "i18n"
CATALOGUE = "studio"
_HERE = Path(__file__).resolve().parent


def _translates(source: str) -> bool:
    return ".tr(" in source or "QCoreApplication.translate(" in source


# The modules with user-visible strings: every GUI module that calls tr(), found rather
# than listed, so a new dialog's strings cannot be left out of the catalogue.
SOURCES = tuple(
    sorted(
        p.relative_to(_HERE).as_posix()
        for p in _HERE.rglob("*.py")
        if p.name != "language.py" and _translates(p.read_text(encoding="utf-8"))
    )
)


def resolve_language(choice: str, system: QLocale | None = None) -> str:
    """ "zh_CN" or "en" for a settings choice ("auto" looks at the system locale)."""
    if choice in ("zh_CN", "en"):
        return choice
    locale = system or QLocale.system()
    return "zh_CN" if locale.language() == QLocale.Language.Chinese else "en"


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Load the catalogues for ``language`` into ``app``; returns them (keep them alive)."""
    installed: list[QTranslator] = []
    set_language(language)  # the engine's messages (studio.core.messages) follow the window
    QLocale.setDefault(QLocale(language))
    if language == "en":
        return installed
    ours = QTranslator(app)
    if ours.load(f"{CATALOGUE}_{language}", str(I18N_DIR)):
        app.installTranslator(ours)
        installed.append(ours)
    else:
        log.warning("no %s translation in %s; the UI stays English", language, I18N_DIR)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator(app)
    # Qt's own dialogs (the file dialog's "Look in", "Files of type"): the installed Qt's
    # catalogue, else the one shipped beside ours (PySide6-Essentials carries none)
    if qt.load(f"qtbase_{language}", qt_dir) or qt.load(f"qtbase_{language}", str(I18N_DIR)):
        app.installTranslator(qt)
        installed.append(qt)
        extra = QTranslator(app)  # installed last, so asked first: what that catalogue lacks
        if extra.load(f"qtbase_extra_{language}", str(I18N_DIR)):
            app.installTranslator(extra)
            installed.append(extra)
    elif language != "en":
        log.warning("no Qt translation for %s; Qt's own dialogs stay English", language)
    return installed


def _tool(name: str) -> str:
    """pyside6-lupdate/lrelease from the venv that runs this Python."""
    exe = Path(sys.executable).with_name(f"pyside6-{name}")
    return str(exe) if exe.exists() else f"pyside6-{name}"


def build(language: str = "zh_CN") -> Path:
    """Refresh the .ts from the sources (translations kept) and compile the .qm."""
    here = Path(__file__).resolve().parent
    ts = I18N_DIR / f"{CATALOGUE}_{language}.ts"
    sources = [str(here / s) for s in SOURCES]
    subprocess.run([_tool("lupdate"), "-no-obsolete", *sources, "-ts", str(ts)], check=True)
    qm = ts.with_suffix(".qm")
    subprocess.run([_tool("lrelease"), str(ts), "-qm", str(qm)], check=True)
    extra = I18N_DIR / f"qtbase_extra_{language}.ts"
    if extra.is_file():
        subprocess.run([_tool("lrelease"), str(extra), "-qm", str(extra.with_suffix(".qm"))],
                       check=True)  # fmt: skip
    return qm


if __name__ == "__main__":  # pragma: no cover - a maintainer's tool
    print(build())
