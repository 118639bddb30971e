"""The room's log: `studio -v` reaches the console and the rotating file, and every file
of it is private (0600)."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio.core.logs import setup_logging


@pytest.fixture
def clean_root_logger() -> Iterator[logging.Logger]:
    root = logging.getLogger()
    level, handlers = root.level, root.handlers[:]
    yield root
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
    root.handlers[:] = handlers
    root.setLevel(level)


def test_verbose_live_logs_debug_to_the_console_and_the_file(
    tmp_path: Path, studio_home: Path
) -> None:
    room = tmp_path / "room.toml"
    room.write_text(
        '[room]\nname = "verbose"\nshow_db = "show.db"\n[record]\nfolder = "rec"\n'
        '[control]\nport = 0\ntoken = "t"\n',
        encoding="utf-8",
    )
    r = subprocess.run(
        [sys.executable, "-m", "studio.cli", "-v", "live", "--config", str(room)]
        + ["--seconds", "1"],
        env={**os.environ, "STUDIO_HOME": str(studio_home)},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    log_file = (studio_home / "logs" / "live.log").read_text(encoding="utf-8")
    for where in (r.stderr, log_file):
        assert " DEBUG studio." in where, where[-3000:]


def test_the_room_logs_info_or_debug_when_verbose(tmp_path: Path, clean_root_logger) -> None:
    clean_root_logger.setLevel(logging.WARNING)  # what `studio` sets without -v
    setup_logging(tmp_path)
    assert clean_root_logger.level == logging.INFO
    clean_root_logger.setLevel(logging.DEBUG)  # `studio -v`
    setup_logging(tmp_path)
    assert clean_root_logger.level == logging.DEBUG


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_live_log_and_its_rotations_are_owner_only(tmp_path: Path) -> None:
    old = os.umask(0o022)  # the usual umask: plain open() would make 0644 files
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        path = setup_logging(tmp_path / "logs", max_bytes=2000)
        for i in range(100):
            logging.getLogger("studio.test").info("line %d: 保温杯 only 89 yuan today", i)
        for handler in root.handlers:
            handler.flush()
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:] = handlers
        root.setLevel(level)
        os.umask(old)
    files = sorted((tmp_path / "logs").iterdir())
    assert path in files and len(files) >= 3  # live.log, live.log.1, live.log.2, ...
    assert {stat.S_IMODE(f.stat().st_mode) for f in files} == {0o600}
    assert stat.S_IMODE((tmp_path / "logs").stat().st_mode) == 0o700
