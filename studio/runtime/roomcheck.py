"""A room file's set-up checks that need none of the engine.

`studio live` runs them before it imports the engine (OpenCV, PyAV, scipy: seconds of
CPU), so a mistake in the room file or in what it names is reported at once. Building the
room (``live.build_live``) meets the same problems again with the same messages, for the
desktop window and for a port taken in between.
"""

from __future__ import annotations

import errno
import socket
import tempfile
from pathlib import Path

from studio.core.errors import ConfigError
from studio.core.paths import private_dir
from studio.render.scene import load_scene
from studio.runtime.room import Room
from studio.show.store import ShowStore


def check_room(room: Room) -> None:
    """What the room file names can be used: its scene, the control token, the show
    database's folder, the recording folder and the control port; raises as building
    the room would."""
    load_scene(room.scene_path())
    room.control_token()
    with ShowStore(room.show_db_path()):
        pass
    if room.record.folder:
        recording_folder(room.resolve(room.record.folder))
    check_port(room.control.port)


def check_port(port: int) -> None:
    """The control port can be listened on now (0: any free port will do)."""
    if not port:
        return
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the control server
        try:
            s.bind(("127.0.0.1", port))
        except OSError as exc:
            raise port_error(port, exc) from None


def port_error(port: int, exc: OSError) -> ConfigError:
    """The control port cannot be had: usually a second room (or the same one twice)."""
    problem = (
        f"control port {port} is already in use"
        if exc.errno == errno.EADDRINUSE
        else f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}"
    )
    return ConfigError(
        problem,
        hint="another room or program listens there: stop it, or choose another [control] "
        "port in the room file (0 picks any free port)",
    )


def recording_folder(folder: Path) -> Path:
    """Make the recording folder and prove a file can be written in it now, at start,
    rather than finding out at the first segment with the room on air."""
    if folder.exists() and not folder.is_dir():
        raise ConfigError(
            f"cannot record into {folder}: a file of that name is in the way",
            hint="move the file, or set another [record] folder in the room file",
        )
    try:
        private_dir(folder)  # recordings show the presenter: owner-only when we make it
        with tempfile.TemporaryFile(dir=folder, prefix=".write-check-"):
            pass
    except OSError as exc:
        raise ConfigError(
            f"cannot record into {folder}: {exc.strerror or exc}"
            + (f" ({exc.filename})" if exc.filename and Path(exc.filename) != folder else ""),
            hint="make the folder writable by this user, or set another [record] folder "
            "in the room file",
        ) from None
    return folder
