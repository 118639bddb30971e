"""A killed `studio avatar create` leaves no half-built folder behind for long.

SIGTERM: the command removes its own building folder and exits 143. SIGKILL (or a power
cut) cannot clean up; the next avatar command sweeps the folder once its creator's pid is
dead, and never touches one whose creator still runs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from studio.avatar.store import list_avatars, sweep_leftovers

STUDIO = [sys.executable, "-m", "studio.cli"]


def _studio(*args: str, home: Path, **kw) -> subprocess.Popen:
    env = {**os.environ, "STUDIO_HOME": str(home)}
    return subprocess.Popen(
        [*STUDIO, *args],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,
    )


def _wait_for(pattern: str, root: Path, proc: subprocess.Popen) -> list[Path]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        found = list(root.glob(pattern))
        if found:
            return found
        time.sleep(0.05)
    out, err = proc.communicate(timeout=30)
    raise AssertionError(f"no {pattern} appeared: {out[-2000:]} {err[-2000:]}")


def _dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_sigterm_during_create_removes_the_building_folder(
    studio_home: Path, talking_video
) -> None:
    root = studio_home / "avatars"
    proc = _studio("avatar", "create", str(talking_video.path), "--name", "term", home=studio_home)
    building = _wait_for(".term.building-*", root, proc)
    assert building[0].name.startswith(f".term.building-{proc.pid}-")  # the creator's pid
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, [
        ln for ln in err.splitlines() if "it/s" not in ln and not ln.startswith("W0000")
    ]
    assert "Traceback" not in err and "terminated" in err
    assert sorted(p.name for p in root.iterdir()) == []  # nothing half-built, nothing hidden


def test_leftovers_of_dead_creators_are_swept_by_any_avatar_command(
    studio_home: Path, tmp_path: Path
) -> None:
    root = studio_home / "avatars"
    dead = _dead_pid()
    leftovers = [
        root / f".lily.building-{dead}-a1b2c3",
        root / f".lily.replaced-{dead}-d4e5f6",
        root / f".ann.deleting-{dead}-0a0b0c",
    ]
    for folder in leftovers:
        (folder / "frames").mkdir(parents=True)
        (folder / "frames" / "blob.bin").write_bytes(b"\0" * 4096)
    running = root / f".ann.building-{os.getpid()}-abcdef"  # a create running right now
    running.mkdir()
    proc = _studio("avatar", "list", home=studio_home)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert sorted(p.name for p in root.iterdir()) == [running.name]
    assert list_avatars() == [] and sweep_leftovers() == []
    # `show` (and so a room opening its avatar) sweeps too
    again = root / f".bob.building-{dead}-123456"
    again.mkdir()
    proc = _studio("avatar", "show", "nobody", home=studio_home)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2 and "no avatar named 'nobody'" in err
    assert not again.exists() and running.is_dir()
