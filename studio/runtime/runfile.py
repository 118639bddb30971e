"""Where a running room can be reached: one small file per room in ``STUDIO_HOME/rooms``.

A room (``studio live`` or the desktop window's show) writes ``rooms/NAME.json`` (0600,
atomically) once its control API listens, and removes it when it stops, so
``studio live status`` finds the port without ``--port`` and a command that would pull
an avatar from under a show (``avatar delete``) can ask which rooms use it. A file left
by a crashed room names a dead process: readers ignore it and remove it. The file holds
no secret: the token stays in the room file or ``STUDIO_HOME/control-token``.
"""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from studio.core.errors import InputError
from studio.core.paths import studio_home, write_private

log = logging.getLogger(__name__)

ROOMS_DIR = "rooms"


@dataclass(frozen=True)
class RoomRun:
    """One running room, as its run file describes it."""

    name: str
    pid: int
    port: int  # the control API on 127.0.0.1
    avatar: str
    config: str = ""  # the room file; "" for the desktop window's show
    started: str = ""  # ISO 8601, UTC
    path: Path = field(default=Path(), compare=False)  # the run file (not stored in it)

    def to_json(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k != "path"}

    def alive(self) -> bool:
        return pid_alive(self.pid)


def rooms_dir() -> Path:
    return studio_home() / ROOMS_DIR


def run_path(name: str) -> Path:
    """``rooms/NAME.json``; characters a file name cannot hold become ``_``."""
    safe = re.sub(r"[^\w.-]", "_", name).lstrip(".") or "room"
    return rooms_dir() / f"{safe}.json"


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` exists (it may be another user's)."""
    if pid == os.getpid():
        return True
    if os.name != "posix":  # os.kill(pid, 0) would end the process on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def announce(name: str, port: int, avatar: str, config: Path | str | None = None) -> RoomRun | None:
    """Write this process's run file for room ``name``; None (logged) when the home
    cannot be written: the show goes on, only finding it without --port does not."""
    run = RoomRun(
        name=name,
        pid=os.getpid(),
        port=port,
        avatar=avatar,
        config=str(Path(config).resolve()) if config else "",
        started=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        path=run_path(name),
    )
    try:
        write_private(run.path, json.dumps(run.to_json(), ensure_ascii=False, indent=1))
    except OSError as exc:
        log.warning("cannot write the room's run file %s: %s", run.path, exc.strerror or exc)
        return None
    return run


def withdraw(run: RoomRun | None) -> None:
    """Remove ``run``'s file, unless another process has since claimed the name."""
    if run is None:
        return
    current = _read(run.path)
    if current is not None and (current.pid, current.port) != (run.pid, run.port):
        return
    try:
        run.path.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("cannot remove the room's run file %s: %s", run.path, exc.strerror or exc)


def running_rooms() -> list[RoomRun]:
    """Every room whose process is alive, by name; stale files are removed."""
    folder = rooms_dir()
    if not folder.is_dir():
        return []
    rooms = []
    for path in sorted(folder.glob("*.json")):
        run = _read(path)
        if run is None:
            continue
        if not run.alive():
            log.info("room %r (pid %d) is no longer running; removing %s", run.name, run.pid, path)
            path.unlink(missing_ok=True)
            continue
        rooms.append(run)
    return rooms


def find_room(name: str | None = None) -> RoomRun | None:
    """The running room called ``name``, or the only running one; None when none runs
    (and no name was asked for). Several running and no name: InputError listing them."""
    rooms = running_rooms()
    names = ", ".join(r.name for r in rooms)
    if name:
        for run in rooms:
            if run.name == name:
                return run
        raise InputError(
            f"no running room named {name!r}" + (f" (running: {names})" if rooms else ""),
            hint="start it with `studio live --config ROOM.toml`, or pick one of those",
        )
    if len(rooms) > 1:
        raise InputError(
            f"{len(rooms)} rooms are running: {names}", hint="say which with --room NAME"
        )
    return rooms[0] if rooms else None


def _read(path: Path) -> RoomRun | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return RoomRun(
            name=str(data["name"]),
            pid=int(data["pid"]),
            port=int(data["port"]),
            avatar=str(data.get("avatar", "")),
            config=str(data.get("config", "")),
            started=str(data.get("started", "")),
            path=path,
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("ignoring unreadable room run file %s: %s", path, exc)
        return None
