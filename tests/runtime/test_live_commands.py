"""`studio live` as a service runs it: a private home, secrets off the command line, and
the client commands finding the room without --port (issue 17, items 7 and 9)."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from studio.cli import main
from studio.core.paths import assets_dir

DEMO = assets_dir() / "demo"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def wait_for(cond, timeout: float = 90.0, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if proc is not None and proc.poll() is not None:
            raise AssertionError(proc.stdout.read()[-3000:])
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.1)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes and signals")
def test_a_cli_room_keeps_its_home_private_and_is_found_without_port(
    tmp_path: Path, studio_home: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = tmp_path / "room.toml"
    cfg.write_text(
        f"""
[room]
name = "service"
import_files = ["{DEMO / "products.csv"}", "{DEMO / "script.toml"}"]
[record]
folder = "rec"
[control]
port = 0
""",
        encoding="utf-8",
    )
    env = {**os.environ, "STUDIO_HOME": str(studio_home)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "studio.cli", "live", "--config", str(cfg), "--seconds", "90"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        umask=0o022,  # the usual one: plain writers would make 0644 files, 0755 folders
    )
    try:
        run_file = studio_home / "rooms" / "service.json"
        wait_for(run_file.exists, proc=proc)
        wait_for(lambda: (studio_home / "cache" / "tts").is_dir(), proc=proc)
        token = (studio_home / "control-token").read_text()

        # Found without --port or --config; the token comes from the token file.
        assert main(["live", "status", "--json"]) == 0
        out, err = capsys.readouterr()
        assert json.loads(out)["state"] in ("playing", "idle") and "warning" not in err

        # A token on the command line still works, with a warning; a file or the
        # environment do not warn.
        assert main(["live", "status", "--token", token]) == 0
        err = capsys.readouterr().err
        assert "warning: --token on the command line is visible" in err and token not in err
        token_file = tmp_path / "token"
        token_file.write_text(token + "\n")
        token_file.chmod(0o644)
        assert main(["live", "status", "--token-file", str(token_file)]) == 0
        assert "can be read by other users of this computer" in capsys.readouterr().err
        token_file.chmod(0o600)
        assert main(["live", "status", "--token-file", str(token_file)]) == 0
        assert "warning" not in capsys.readouterr().err
        (studio_home / "control-token").rename(tmp_path / "moved")  # only the env has it
        assert main(["live", "status"]) == 2
        assert "no control token found" in capsys.readouterr().err
        monkeypatch.setenv("STUDIO_CONTROL_TOKEN", token)
        assert main(["live", "status"]) == 0
        assert "warning" not in capsys.readouterr().err
        (tmp_path / "moved").rename(studio_home / "control-token")
        assert main(["live", "status", "--token-file", str(tmp_path / "nope")]) == 2
        assert "cannot read the control token" in capsys.readouterr().err

        # Everything the room made in its home is the user's alone, while it runs.
        made = [studio_home, *studio_home.rglob("*")]
        names = {str(p.relative_to(studio_home)) for p in made}
        assert {"logs/live.log", "show.db", "show.db-wal", "control-token"} <= names
        assert {"rooms/service.json", "cache/tts"} <= names
        wrong = {
            str(p.relative_to(studio_home)): oct(mode(p))
            for p in made
            if mode(p) != (0o700 if p.is_dir() else 0o600)
        }
        assert wrong == {}
        assert mode(tmp_path / "rec") == 0o700  # the recordings folder the room made
    finally:
        proc.send_signal(signal.SIGINT)
        out = proc.communicate(timeout=60)[0]
    assert proc.returncode == 0, out[-3000:]
    assert not run_file.exists()  # a clean stop withdraws it
