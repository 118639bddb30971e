"""Where Studio keeps things: its home (avatars, shows, logs) and its shipped assets."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from studio.core.errors import DependencyError

HOME_ENV = "STUDIO_HOME"
ASSETS_ENV = "STUDIO_ASSETS"
MODELS_ENV = "STUDIO_MODELS"


def studio_home() -> Path:
    """``$STUDIO_HOME``, else the platform's user-data folder (e.g. ~/.local/share/studio)."""
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("studio", appauthor=False))


def assets_dir() -> Path:
    """The project's ``assets/`` folder: from the env, a frozen app, or the source tree."""
    candidates = []
    if os.environ.get(ASSETS_ENV):
        candidates.append(Path(os.environ[ASSETS_ENV]))
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.append(Path(frozen) / "assets")
    candidates.append(Path(__file__).resolve().parents[2] / "assets")
    for path in candidates:
        if path.is_dir():
            return path
    raise DependencyError(
        "Studio's assets folder was not found",
        hint=f"run from the source checkout or set {ASSETS_ENV} to the assets folder",
    )


def models_dir() -> Path:
    """The project's ``models/`` folder (small weights it trained itself, DESIGN.md §2):
    from the env, a frozen app, or the source tree. It may not exist yet (not trained)."""
    if os.environ.get(MODELS_ENV):
        return Path(os.environ[MODELS_ENV])
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen and (Path(frozen) / "models").is_dir():
        return Path(frozen) / "models"
    return Path(__file__).resolve().parents[2] / "models"
