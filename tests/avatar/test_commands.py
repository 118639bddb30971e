"""`studio avatar delete` will not pull an avatar from under a running room."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from studio.avatar.create_photo import create_from_photo
from studio.cli.avatar import check_not_on_air
from studio.core.errors import InputError
from studio.runtime.runfile import announce, running_rooms


def _delete(name: str, *flags: str, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "studio.cli", "avatar", "delete", name, "--yes", *flags],
        env={**os.environ, "STUDIO_HOME": str(home)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def lily(tmp_path: Path, astronaut_rgb: np.ndarray, studio_home: Path) -> Path:
    img = tmp_path / "lily.png"
    cv2.imwrite(str(img), astronaut_rgb[:, :, ::-1])
    return create_from_photo(img, "lily").path


ROOM = """
import sys, time
from studio.runtime.runfile import announce
announce("night", 8765, "lily", config=sys.argv[1])
print("on air", flush=True)
time.sleep(120)
"""


@pytest.fixture
def room_process(studio_home: Path, tmp_path: Path) -> Iterator[subprocess.Popen]:
    """Another process, standing for a room, that announces itself on air with lily."""
    proc = subprocess.Popen(
        [sys.executable, "-c", ROOM, str(tmp_path / "room.toml")],
        env={**os.environ, "STUDIO_HOME": str(studio_home)},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline() == "on air\n"
    yield proc
    proc.kill()
    proc.wait()


def test_delete_refuses_an_avatar_on_air_until_the_room_stops(
    lily: Path, studio_home: Path, room_process: subprocess.Popen, tmp_path: Path
) -> None:
    assert [(r.name, r.pid, r.port, r.avatar, r.config) for r in running_rooms()] == [
        ("night", room_process.pid, 8765, "lily", str(tmp_path / "room.toml"))
    ]

    r = _delete("lily", home=studio_home)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "avatar 'lily' is on air in running room(s): night" in r.stderr
    assert "hint: stop the room first, or add --force" in r.stderr
    assert (lily / "manifest.json").is_file()

    room_process.kill()  # the room stops (or crashed): its run file names a dead pid
    room_process.wait()
    assert running_rooms() == []
    r = _delete("lily", home=studio_home)
    assert r.returncode == 0, r.stderr
    assert not lily.exists()


def test_force_deletes_an_avatar_on_air(
    lily: Path, studio_home: Path, room_process: subprocess.Popen
) -> None:
    r = _delete("lily", "--force", home=studio_home)
    assert r.returncode == 0, r.stderr
    assert not lily.exists()


def test_the_run_file_of_this_process(studio_home: Path) -> None:
    assert announce("day", 9000, "ann").path == studio_home / "rooms" / "day.json"
    (run,) = running_rooms()
    assert (run.name, run.pid, run.port, run.avatar, run.config) == (
        "day",
        os.getpid(),
        9000,
        "ann",
        "",
    )
    assert run.started.endswith("+00:00")


def test_check_names_every_room_that_uses_the_avatar() -> None:
    rooms = [("night", "lily"), ("day", "ann"), ("late", "lily")]
    check_not_on_air("ann-2", lambda: rooms)
    with pytest.raises(InputError) as err:
        check_not_on_air("lily", lambda: rooms)
    assert "running room(s): late, night" in err.value.message
