"""Logging for unattended runs: rotating files under STUDIO_HOME/logs, optional JSON lines."""

from __future__ import annotations

import json
import logging
import logging.handlers
import time
from pathlib import Path

from studio.core.errors import ConfigError


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message (+ exception)."""

    def format(self, record: logging.LogRecord) -> str:
        obj = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if record.exc_info:
            obj["exc"] = self.formatException(record.exc_info)
        return json.dumps(obj, ensure_ascii=False)


def setup_logging(
    folder: Path, *, json_lines: bool = False, level: int = logging.INFO, name: str = "live"
) -> Path:
    """Console + ``folder/NAME.log`` rotated at 10 MB, 10 files kept. Returns the log path.

    Never quieter than the root logger already is: ``studio -v`` has set it to DEBUG
    before the command runs, and that must reach the console and the file too.
    """
    path = folder / f"{name}.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        file_handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=10_000_000, backupCount=10, encoding="utf-8"
        )
    except OSError as exc:
        raise ConfigError(
            f"cannot write the log {path}: {exc.strerror or exc}",
            hint="STUDIO_HOME must be a folder this user can write (check the path and its "
            "permissions, or set STUDIO_HOME to another folder)",
        ) from None
    fmt: logging.Formatter = (
        JsonFormatter()
        if json_lines
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    console = logging.StreamHandler()
    root = logging.getLogger()
    if root.level != logging.NOTSET:
        level = min(level, root.level)
    root.handlers.clear()
    for handler in (file_handler, console):
        handler.setFormatter(fmt)
        root.addHandler(handler)
    root.setLevel(level)
    return path
