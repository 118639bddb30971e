"""Logging for unattended runs: rotating files under STUDIO_HOME/logs, optional JSON lines."""

from __future__ import annotations

import json
import logging
import logging.handlers
import time
from pathlib import Path

from studio.core.errors import ConfigError
from studio.core.paths import private_dir, private_opener

MAX_BYTES = 10_000_000
BACKUPS = 10


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


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log that only its owner can read: each file it opens is 0600 (rotated
    files are renamed, so they keep it). Logs name products, viewers' questions, paths."""

    def __init__(self, path: Path, max_bytes: int = MAX_BYTES, backups: int = BACKUPS) -> None:
        private_dir(Path(path).parent)
        super().__init__(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")

    def _open(self):  # noqa: ANN202 - logging.FileHandler's hook
        return open(  # noqa: SIM115 - the handler closes it
            self.baseFilename,
            self.mode,
            encoding=self.encoding,
            errors=self.errors,
            opener=private_opener,
        )


def setup_logging(
    folder: Path,
    *,
    json_lines: bool = False,
    level: int = logging.INFO,
    name: str = "live",
    max_bytes: int = MAX_BYTES,
) -> Path:
    """Console + ``folder/NAME.log`` (0600) rotated at ``max_bytes``, 10 files kept.
    Returns the log path.

    Never quieter than the root logger already is: ``studio -v`` has set it to DEBUG
    before the command runs, and that must reach the console and the file too.
    """
    path = folder / f"{name}.log"
    try:
        file_handler = PrivateRotatingFileHandler(path, max_bytes)
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
