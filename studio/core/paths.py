"""Where Studio keeps things: its home (avatars, shows, logs) and its shipped assets.

The home holds biometric data (a presenter's face frames and voice), the show database,
logs and the control token, so everything Studio creates there is private to the user:
folders 0700, files 0600, whatever the umask. ``private_dir``, ``private_opener`` and
``write_private`` are the one way to create them; ``secure_home`` tightens a home made
readable by an older version.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
import sys
import tempfile
from pathlib import Path

from studio.core.errors import DependencyError

log = logging.getLogger(__name__)

HOME_ENV = "STUDIO_HOME"
ASSETS_ENV = "STUDIO_ASSETS"
MODELS_ENV = "STUDIO_MODELS"

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def studio_home() -> Path:
    """``$STUDIO_HOME``, else the platform's user-data folder (e.g. ~/.local/share/studio)."""
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("studio", appauthor=False))


def private_dir(path: Path | str) -> Path:
    """Create ``path`` and its missing parents owner-only (0700); returns it.

    ``Path.mkdir(parents=True)`` makes the parents with the umask's mode (often 0755),
    so each missing level is made here. A folder that already exists keeps its mode (it
    may be the user's own, e.g. a recording folder they chose); see ``secure_home``.
    """
    path = Path(path)
    missing = []
    level = path
    while not level.exists() and level.parent != level:
        missing.append(level)
        level = level.parent
    for folder in reversed(missing):
        folder.mkdir(mode=PRIVATE_DIR_MODE, exist_ok=True)
    if not path.is_dir():  # a file where the folder should be (as mkdir would say)
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path))
    return path


def private_opener(path: str | os.PathLike, flags: int) -> int:
    """For ``open(path, mode, opener=private_opener)``: a new file is created 0600, and an
    existing one is tightened to 0600 (the umask can only take bits away)."""
    fd = os.open(path, flags, PRIVATE_FILE_MODE)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, PRIVATE_FILE_MODE)
    return fd


def write_private(path: Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` atomically (temp file + rename) as a 0600 file."""
    path = Path(path)
    private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:  # mkstemp creates 0600
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def make_private(root: Path) -> None:
    """Tighten a folder tree Studio wrote (through writers that follow the umask, e.g.
    an avatar package's images and arrays): folders 0700, files 0600; links untouched."""
    for folder, dirs, files in os.walk(root):
        os.chmod(folder, PRIVATE_DIR_MODE)
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, PRIVATE_FILE_MODE)
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]


def secure_home() -> Path:
    """Make an existing home private (an older Studio created it 0755); logs when it did.
    Call at start-up; a home that does not exist yet is made 0700 when first used."""
    home = studio_home()
    try:
        mode = stat.S_IMODE(home.stat().st_mode)
    except OSError:
        return home
    if os.name == "posix" and mode & 0o077:
        try:
            os.chmod(home, PRIVATE_DIR_MODE)
        except OSError as exc:
            log.warning(
                "%s %s is readable by other users (%o) and could not be made private: %s",
                HOME_ENV,
                home,
                mode,
                exc.strerror or exc,
            )
        else:
            log.warning(
                "%s %s was readable by other users (%o); made it private (700)",
                HOME_ENV,
                home,
                mode,
            )
    return home


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
