"""Keyboard shortcuts for a merchant who is live: the moves she makes with a viewer
waiting (start or stop the stream, an urgent line, skip, pause, the next product), the
same keys as the buttons, listed in the help window and in each button's tooltip."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QWidget


@dataclass(frozen=True)
class Hotkey:
    keys: str  # QKeySequence text, e.g. "Ctrl+K"
    what: str  # in the UI language


def hotkeys() -> dict[str, Hotkey]:
    return {
        "start": Hotkey("F9", QCoreApplication.translate("Hotkeys", "Start streaming")),
        "stop": Hotkey("F10", QCoreApplication.translate("Hotkeys", "Stop streaming")),
        "urgent": Hotkey(
            "Ctrl+Return",
            QCoreApplication.translate("Hotkeys", "Say the typed line now (urgent)"),
        ),
        "skip": Hotkey("Ctrl+K", QCoreApplication.translate("Hotkeys", "Skip the line on air")),
        "pause": Hotkey(
            "Ctrl+P", QCoreApplication.translate("Hotkeys", "Pause after this line / resume")
        ),
        "next_product": Hotkey(
            "Ctrl+N", QCoreApplication.translate("Hotkeys", "Show the next product")
        ),
    }


def install(window: QWidget, actions: dict[str, Callable[[], None]],
            buttons: dict[str, QAbstractButton]) -> list[QShortcut]:  # fmt: skip
    """A window-wide shortcut per action; each button's tooltip names its key."""
    made = []
    for name, key in hotkeys().items():
        if name not in actions:
            continue
        shortcut = QShortcut(QKeySequence(key.keys), window)
        shortcut.activated.connect(actions[name])
        made.append(shortcut)
        button = buttons.get(name)
        if button is not None:
            shown = QKeySequence(key.keys).toString(QKeySequence.SequenceFormat.NativeText)
            tip = button.toolTip()
            button.setToolTip(f"{tip}\n({shown})" if tip else f"({shown})")
    return made


def press_if_enabled(button: QAbstractButton) -> Callable[[], None]:
    return lambda: button.click() if button.isEnabled() else None
