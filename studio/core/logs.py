"""Logging for unattended runs: rotating files under STUDIO_HOME/logs, optional JSON lines.

What a person watches (the window's log tab, the console of `studio live` and every other
command) reads in the user's language through :class:`TranslatingFormatter`; the log
*files* stay English, whatever the language, so an engineer can read and grep any
merchant's log (and the catalogue's Chinese is never a reason a line cannot be found).
"""

from __future__ import annotations

import copy
import json
import logging
import logging.handlers
import time
from pathlib import Path

from studio.core.errors import ConfigError
from studio.core.messages import Surface, current_language, translate
from studio.core.paths import private_dir, private_opener

MAX_BYTES = 10_000_000
BACKUPS = 10
LINE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# A merchant reading the log tab in Chinese gets no logger names (``studio.stream.muxer``)
SHORT_FORMAT = "%(asctime)s %(levelname)s %(message)s"
# The level names, as the catalogue's English (assets/messages/zh_CN.toml) has them
LEVEL_NAMES = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
OWN_LOGGERS = "studio"


class TranslatingFormatter(logging.Formatter):
    """A console or log-tab line in the user's language: the level name and the message
    of studio's own records through the message catalogue (studio.core.messages); a
    library's record (av, mediapipe ...) keeps its own words. A traceback stays as it is.

    ``short_format`` is used instead of ``fmt`` when the language is not English (the
    logger's name is for engineers)."""

    def __init__(
        self, fmt: str = LINE_FORMAT, short_format: str | None = None, surface: Surface = "cli"
    ) -> None:
        super().__init__(fmt)
        self.english = logging.Formatter(fmt)
        self.other = logging.Formatter(short_format or fmt)
        self.surface: Surface = surface

    def format(self, record: logging.LogRecord) -> str:
        language = current_language()
        if language == "en":
            return self.english.format(record)
        shown = copy.copy(record)  # the file handler formats the same record in English
        shown.msg, shown.args = self.message(record, language), None
        if record.levelname in LEVEL_NAMES:
            shown.levelname = translate(record.levelname, language, self.surface)
        return self.other.format(shown)

    def message(self, record: logging.LogRecord, language: str) -> str:
        """The record's message, translated when studio wrote it at INFO or above (debug
        records are an engineer's and were never catalogued)."""
        text = record.getMessage()
        if is_own(record) and record.levelno > logging.DEBUG:
            return translate(text, language, self.surface)
        return text


def is_own(record: logging.LogRecord) -> bool:
    """A record of studio's own loggers (not a library's)."""
    return record.name == OWN_LOGGERS or record.name.startswith(OWN_LOGGERS + ".")


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
    fmt: logging.Formatter = JsonFormatter() if json_lines else logging.Formatter(LINE_FORMAT)
    console = logging.StreamHandler()
    root = logging.getLogger()
    if root.level != logging.NOTSET:
        level = min(level, root.level)
    root.handlers.clear()
    file_handler.setFormatter(fmt)  # the file stays English (see the module's docstring)
    console.setFormatter(fmt if json_lines else TranslatingFormatter())
    for handler in (file_handler, console):
        root.addHandler(handler)
    root.setLevel(level)
    return path
