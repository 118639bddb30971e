"""A running room can be found without --port: it leaves STUDIO_HOME/rooms/NAME.json."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from studio.cli import main
from studio.core.paths import assets_dir
from studio.runtime import runfile
from studio.runtime.control import ControlServer

DEMO = assets_dir() / "demo"


def room_file(folder: Path, name: str = "night", max_pending: int = 200) -> Path:
    """A record-only room (no ingest needed) on any free control port."""
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / "room.toml"
    p.write_text(
        f"""
[room]
name = "{name}"
show_db = "show.db"
import_files = ["{DEMO / "products.csv"}", "{DEMO / "script.toml"}"]
[record]
folder = "rec"
[control]
port = 0
max_pending = {max_pending}
""",
        encoding="utf-8",
    )
    return p


def wait_for(cond, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.05)


@pytest.fixture
def running_room(tmp_path: Path):
    from studio.runtime.live import build_live, run_live
    from studio.runtime.room import load_room

    show = build_live(load_room(room_file(tmp_path / "night", max_pending=3)))
    thread = threading.Thread(target=run_live, args=(show,), kwargs={"seconds": 120}, daemon=True)
    thread.start()
    wait_for(lambda: runfile.running_rooms())
    yield show
    show.stop_event.set()
    thread.join(30)


def cli(capsys, *argv: str) -> tuple[int, dict | str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    try:
        return code, json.loads(out)
    except ValueError:
        return code, out + err


def test_live_commands_find_the_running_room_without_port(running_room, capsys) -> None:
    show = running_room
    (run,) = runfile.running_rooms()
    assert (run.name, run.port, run.pid, run.avatar) == (
        "night",
        show.control.port,
        os.getpid(),
        "demo",
    )
    assert run.config.endswith("room.toml")
    assert stat.S_IMODE(run.path.stat().st_mode) == 0o600
    assert show.token not in run.path.read_text()  # the token stays where it was
    assert show.control.port != 8765  # port = 0: only the run file can say where it is

    code, reply = cli(capsys, "live", "status", "--json")
    assert code == 0 and reply["state"] in ("playing", "idle"), reply
    code, reply = cli(capsys, "live", "pause")
    assert code == 0, reply
    code, reply = cli(capsys, "live", "insert", "--json", "大家好，欢迎来到直播间")
    assert code == 0 and "queued" in reply, reply

    # The room's bound on waiting inserts ([control] max_pending = 3): "try later".
    for i in range(2):
        assert cli(capsys, "live", "insert", f"第{i}句")[0] == 0
    code, reply = cli(capsys, "live", "insert", "--json", "one too many")
    assert code == 1 and reply["status"] == 429, reply
    assert "the queue is full" in reply["error"] and reply["hint"]
    assert len(show.queue.pending_inserts()) == 3


def test_several_rooms_need_a_name_and_stale_ones_are_dropped(running_room, capsys) -> None:
    other = ControlServer("other-token")
    other.route("GET", "/status", lambda body: {"state": "other"})
    other.start()
    try:
        announced = runfile.announce("day", other.port, "anna")
        dead = subprocess.Popen([sys.executable, "-c", "pass"])
        dead.wait()
        stale = runfile.announce("crashed", 1, "anna")
        stale_data = {**stale.to_json(), "pid": dead.pid}
        stale.path.write_text(json.dumps(stale_data), encoding="utf-8")

        code, out = cli(capsys, "live", "status")
        assert code == 2 and "2 rooms are running: day, night" in out and "--room" in out
        assert not stale.path.exists()  # its process is gone: the file went with it
        code, reply = cli(capsys, "live", "status", "--room", "night", "--json")
        assert code == 0 and reply["state"] in ("playing", "idle"), reply
        code, reply = cli(
            capsys, "live", "status", "--room", "day", "--token", "other-token", "--json"
        )
        assert code == 0 and reply == {"state": "other"}
        code, out = cli(capsys, "live", "status", "--room", "nope")
        assert code == 2 and "no running room named 'nope'" in out
        # Which rooms use an avatar (for `avatar delete`).
        assert [r.name for r in runfile.running_rooms() if r.avatar == "anna"] == ["day"]
        runfile.withdraw(announced)
    finally:
        other.stop()
    assert [r.name for r in runfile.running_rooms()] == ["night"]


def test_a_stopped_room_withdraws_its_run_file(running_room) -> None:
    show = running_room
    (run,) = runfile.running_rooms()
    show.stop_event.set()
    wait_for(lambda: not run.path.exists(), 30)
    assert runfile.running_rooms() == []
