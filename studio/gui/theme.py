"""Light and dark looks for the window (a dark room at night, a bright shop by day).

Fusion with a palette: "auto" follows the system's colour scheme where Qt can read it,
else light. Applied at start-up and again at once when she changes it in the settings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("auto", "light", "dark")

_DARK = {
    QPalette.ColorRole.Window: "#202127",
    QPalette.ColorRole.WindowText: "#e6e6eb",
    QPalette.ColorRole.Base: "#16171c",
    QPalette.ColorRole.AlternateBase: "#26272e",
    QPalette.ColorRole.ToolTipBase: "#2c2d35",
    QPalette.ColorRole.ToolTipText: "#e6e6eb",
    QPalette.ColorRole.Text: "#e6e6eb",
    QPalette.ColorRole.Button: "#2b2c34",
    QPalette.ColorRole.ButtonText: "#e6e6eb",
    QPalette.ColorRole.BrightText: "#ff5252",
    QPalette.ColorRole.Link: "#64b5f6",
    QPalette.ColorRole.Highlight: "#3d7bd9",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.PlaceholderText: "#8a8a96",
}


def resolve_theme(choice: str, app: QApplication) -> str:
    """ "light" or "dark" for a settings choice ("auto": the system's scheme)."""
    if choice in ("light", "dark"):
        return choice
    scheme = app.styleHints().colorScheme()
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def apply_theme(app: QApplication, choice: str) -> str:
    """Give the whole application the look of ``choice``; returns the one applied."""
    theme = resolve_theme(choice, app)
    palette = app.style().standardPalette()
    if theme == "dark":
        for role, colour in _DARK.items():
            palette.setColor(role, QColor(colour))
        for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                     QPalette.ColorRole.WindowText):  # fmt: skip
            palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6c6c78"))
    app.setPalette(palette)
    app._studio_theme = theme
    return theme
