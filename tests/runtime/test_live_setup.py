"""`studio live` set-up problems end in exit 2 with a message and a hint, never a traceback.

systemd restarts a room that exits 1 every 5 s all night; exit 2 means "fix the file" and
is not restarted (packaging/studio-live.service). Each case starts the real command, and
each mistake is found before the engine is loaded (seconds of imports): the command reads
and checks the room file and what it names first.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from studio.core.paths import assets_dir

UNIT = Path(__file__).resolve().parents[2] / "packaging" / "studio-live.service"
SCENE = assets_dir() / "scenes" / "douyin_vertical.toml"


def write_room(
    folder: Path, *, room: str = "", record: str = "rec", port: int = 0, db: str = "show.db"
) -> Path:
    """A record-only room (no nginx needed) with a Chinese comment, as users write them."""
    p = folder / "room.toml"
    p.write_text(
        f'# 直播间配置\n[room]\nname = "setup-test"\nshow_db = "{db}"\n{room}\n'
        f'[record]\nfolder = "{record}"\n[control]\nport = {port}\ntoken = "test-token"\n',
        encoding="utf-8",
    )
    return p


#: What loading the engine brings in; none of it is needed to check a room file.
ENGINE = ("studio.runtime.session", "studio.runtime.live", "cv2", "av", "scipy.signal", "torch")
#: `studio live` as the console script runs it (studio.cli.main), saying at the end which
#: of ENGINE it had imported.
RUN = f"""
import json, sys
from studio.cli import main
code = main(sys.argv[2:])
with open(sys.argv[1], "w") as f:
    json.dump([m for m in {ENGINE!r} if m in sys.modules], f)
sys.exit(code)
"""


@dataclass(frozen=True)
class Live:
    returncode: int
    stdout: str
    stderr: str
    engine: list[str]  # the modules of ENGINE the command imported


def studio_live(config: Path, home: Path, *extra: str) -> Live:
    env = {**os.environ, "STUDIO_HOME": str(home)}
    loaded = config.parent / "loaded.json"
    r = subprocess.run(
        [sys.executable, "-c", RUN, str(loaded), "live", "--config", str(config), *extra],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    engine = json.loads(loaded.read_text()) if loaded.is_file() else ["(not reported)"]
    return Live(r.returncode, r.stdout, r.stderr, engine)


def assert_config_error(r: Live, *expected: str) -> None:
    assert "Traceback" not in r.stderr, r.stderr[-3000:]
    assert not r.engine, f"found only after loading the engine: {r.engine}"
    assert r.returncode == 2, r.stderr[-3000:]
    errors = [line for line in r.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "hint: " in r.stderr, r.stderr[-3000:]
    for text in expected:
        assert text in r.stderr, (text, r.stderr[-3000:])


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port another program really listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield s.getsockname()[1]


def test_control_port_in_use(tmp_path: Path, studio_home: Path, busy_port: int) -> None:
    r = studio_live(write_room(tmp_path, port=busy_port), studio_home)
    assert_config_error(
        r, f"control port {busy_port} is already in use", "[control]", "0 picks any free port"
    )


@pytest.mark.parametrize("blocker", ["rec", "parent"])
def test_recording_folder_that_cannot_be_made(
    tmp_path: Path, studio_home: Path, blocker: str
) -> None:
    (tmp_path / blocker).write_text("a file where a folder should be")
    record = "rec" if blocker == "rec" else "parent/rec"
    r = studio_live(write_room(tmp_path, record=record), studio_home)
    assert_config_error(r, f"cannot record into {tmp_path / record}", "[record] folder")


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes through permissions"
)
def test_recording_folder_without_write_permission(tmp_path: Path, studio_home: Path) -> None:
    (tmp_path / "rec").mkdir(mode=0o555)
    r = studio_live(write_room(tmp_path), studio_home)
    assert_config_error(r, f"cannot record into {tmp_path / 'rec'}", "writable")


def test_room_file_in_gbk(tmp_path: Path, studio_home: Path) -> None:
    p = write_room(tmp_path)
    p.write_bytes(p.read_text(encoding="utf-8").encode("gbk"))
    r = studio_live(p, studio_home)
    assert_config_error(r, f"{p} is not UTF-8 text", "line 1", "looks like GBK", "save it as UTF-8")


def test_scene_file_in_gbk(tmp_path: Path, studio_home: Path) -> None:
    scene = tmp_path / "scene.toml"
    scene.write_bytes(SCENE.read_text(encoding="utf-8").encode("gb18030"))
    r = studio_live(write_room(tmp_path, room='scene = "scene.toml"'), studio_home)
    assert_config_error(r, f"scene {scene} is not UTF-8 text", "looks like GBK")


def test_room_and_scene_with_a_byte_order_mark_start(tmp_path: Path, studio_home: Path) -> None:
    (tmp_path / "scene.toml").write_bytes(b"\xef\xbb\xbf" + SCENE.read_bytes())
    p = write_room(tmp_path, room='scene = "scene.toml"')
    p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes())  # as Windows Notepad saves UTF-8
    r = studio_live(p, studio_home, "--seconds", "1")
    assert r.returncode == 0, r.stderr[-3000:]
    assert "stopped:" in r.stdout


def test_show_db_folder_that_cannot_be_made(tmp_path: Path, studio_home: Path) -> None:
    (tmp_path / "db").write_text("a file where a folder should be")
    r = studio_live(write_room(tmp_path, db="db/show.db"), studio_home)
    assert_config_error(r, "cannot make the folder of the show database", str(tmp_path / "db"))


def test_studio_home_that_is_a_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.write_text("not a folder")
    r = studio_live(write_room(tmp_path), home)
    assert_config_error(r, "cannot write the log", "STUDIO_HOME")


def test_unreadable_control_token(tmp_path: Path, studio_home: Path) -> None:
    (studio_home / "control-token").mkdir(parents=True)
    p = write_room(tmp_path)
    p.write_text(p.read_text(encoding="utf-8").replace('token = "test-token"', ""), "utf-8")
    r = studio_live(p, studio_home)
    assert_config_error(r, "control token", "[control] token")


def test_the_service_unit_does_not_restart_a_bad_configuration() -> None:
    lines = UNIT.read_text(encoding="utf-8").splitlines()
    prevent = [ln.split("=", 1)[1].split() for ln in lines if ln.startswith("RestartPreventExit")]
    assert prevent and "2" in prevent[0]
    assert "Restart=on-failure" in lines


def test_a_typo_in_the_room_file(tmp_path: Path, studio_home: Path) -> None:
    r = studio_live(write_room(tmp_path, room='scen = "scene.toml"'), studio_home)
    assert_config_error(r, "room.toml:5: [room.scen] unknown key; did you mean 'scene'?")
