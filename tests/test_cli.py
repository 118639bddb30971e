"""The `studio` command as a user runs it: a real subprocess through the console script."""

import subprocess
import sys
from pathlib import Path

from studio import __version__
from studio.cli import main

STUDIO = [sys.executable, "-m", "studio.cli"]


def run(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*STUDIO, *args], capture_output=True, text=True, timeout=300, **kw)


def test_version() -> None:
    r = run("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"studio {__version__}"


def test_no_command_prints_help_and_exits_2() -> None:
    r = run()
    assert r.returncode == 2 and "doctor" in r.stdout and "demo" in r.stdout


def test_unknown_option_is_a_usage_error() -> None:
    r = run("demo", "--secnods", "3")
    assert r.returncode == 2 and "unrecognized arguments" in r.stderr


def test_bad_input_gives_message_hint_and_exit_2(tmp_path: Path) -> None:
    assert main(["demo", "--seconds", "-1", "--out", str(tmp_path / "x.mp4")]) == 2
    r = run("demo", "--preset", "square", "--out", str(tmp_path / "x.mp4"))
    assert r.returncode == 2
    assert "unknown preset 'square'" in r.stderr and "hint: use one of: vertical-720" in r.stderr
    r = run("demo", "--script", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "x.mp4"))
    assert r.returncode == 2 and "cannot read script" in r.stderr
    assert not (tmp_path / "x.mp4").exists()
