"""Logging for unattended runs: rotating files under STUDIO_HOME/logs, optional JSON lines."""

from __future__ import annotations

import json
import logging
import logging.handlers
import time
from pathlib import Path


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
    """Console + ``folder/NAME.log`` rotated at 10 MB, 10 files kept. Returns the log path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.log"
    fmt: logging.Formatter = (
        JsonFormatter()
        if json_lines
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=10_000_000, backupCount=10, encoding="utf-8"
    )
    console = logging.StreamHandler()
    root = logging.getLogger()
    root.handlers.clear()
    for handler in (file_handler, console):
        handler.setFormatter(fmt)
        root.addHandler(handler)
    root.setLevel(level)
    return path
