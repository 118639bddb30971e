"""Which rooms are running: one small JSON file per room in ``STUDIO_HOME/rooms``.

A running room writes ``rooms/NAME.json`` (pid, control port, avatar, room file, start
time) so other commands can ask what is on air -- ``avatar delete`` refuses to pull an
avatar from under a show. A file left by a crashed room names a dead process and is
ignored. The file holds no secret (the control token stays where it was).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from studio.core.paths import studio_home

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RoomRun:
    """One running room, as its run file describes it."""

    name: str
    pid: int
    port: int  # the control API on 127.0.0.1
    avatar: str
    config: str = ""  # the room file, absolute; "" when there is none
    started: str = ""  # ISO 8601, UTC


def rooms_dir() -> Path:
    return studio_home() / "rooms"


def write_runfile(name: str, port: int, avatar: str, config: str | Path | None = None) -> Path:
    """Write this process's run file for room ``name`` (atomically); returns its path."""
    run = RoomRun(
        name=name,
        pid=os.getpid(),
        port=port,
        avatar=avatar,
        config=str(Path(config).resolve()) if config else "",
        started=datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )
    path = rooms_dir() / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(asdict(run), ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)
    return path


def running_rooms() -> list[RoomRun]:
    """Every room whose process is alive, sorted by file name."""
    folder = rooms_dir()
    if not folder.is_dir():
        return []
    rooms = []
    for path in sorted(folder.glob("*.json")):
        run = _read(path)
        if run is not None and pid_alive(run.pid):
            rooms.append(run)
    return rooms


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
        )
    except FileNotFoundError:  # removed by its room as we looked
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("ignoring unreadable room run file %s: %s", path, exc)
        return None
