"""The systemd units (issue 19): the single room and the per-instance template, which runs
one room per instance with its own room file, key file and STUDIO_HOME."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from studio.runtime.room import load_room

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "packaging" / "studio-live@.service"
SINGLE = ROOT / "packaging" / "studio-live.service"
STUDIO = "/opt/studio/.venv/bin/studio"


def parse_unit(text: str) -> dict[str, dict[str, list[str]]]:
    """systemd's INI: sections, keys that may repeat, comments, no continuation lines here."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        assert current is not None and "=" in line, f"line {n}: {raw!r}"
        key, value = line.split("=", 1)
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def instance(name: str) -> dict[str, dict[str, list[str]]]:
    return parse_unit(TEMPLATE.read_text().replace("%i", name))


def test_each_instance_has_its_own_room_file_key_and_home() -> None:
    a, b = instance("shop1"), instance("shop2")
    assert set(a) == {"Unit", "Service", "Install"}
    svc = a["Service"]
    assert "STUDIO_HOME=/var/lib/studio/shop1" in svc["Environment"]
    assert svc["StateDirectory"] == ["studio/shop1"] and svc["StateDirectoryMode"] == ["0700"]
    assert svc["EnvironmentFile"] == ["/etc/studio/rooms/shop1.env"]
    (cmd,) = svc["ExecStart"]
    assert cmd.startswith(f"{STUDIO} live --config /etc/studio/rooms/shop1.toml")
    # nothing two instances would share by accident
    for key in ("Environment", "StateDirectory", "EnvironmentFile", "ExecStart"):
        assert a["Service"][key] != b["Service"][key], key
    # as the single-room unit does for a service: stop on SIGINT, no restart on exit 2
    single = parse_unit(SINGLE.read_text())["Service"]
    for key in ("KillSignal", "RestartPreventExitStatus", "Restart", "User"):
        assert svc[key] == single[key], key


def test_the_room_file_it_points_at_can_say_port_and_threads(tmp_path: Path) -> None:
    # what the template's comment tells the user to write per room
    room = tmp_path / "shop1.toml"
    room.write_text(
        '[room]\nname = "shop1"\nthreads = 1\n[rtmp]\nurl = "rtmp://127.0.0.1/live"\n'
        "[control]\nport = 8766\n"
    )
    loaded = load_room(room)
    assert (loaded.room.threads, loaded.control.port) == (1, 8766)


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze absent")
@pytest.mark.parametrize("unit", [TEMPLATE, SINGLE], ids=lambda p: p.name)
def test_systemd_accepts_the_unit(unit: Path, tmp_path: Path) -> None:
    # verify checks that ExecStart= can be run: point it at a program that exists here
    exe = shutil.which("true")
    assert exe is not None
    name = unit.name.replace("@.", "@shop1.")
    copy = tmp_path / name
    copy.write_text(unit.read_text().replace(STUDIO, exe))
    done = subprocess.run(
        ["systemd-analyze", "verify", str(copy)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and done.stdout + done.stderr == "", done.stdout + done.stderr
