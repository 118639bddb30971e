"""The rotating log is private: the live log and every rotated file are 0600."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from studio.core.logs import setup_logging

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


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
