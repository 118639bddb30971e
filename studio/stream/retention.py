"""Which files are the recorder's segments, and how many of them an unattended room keeps.

A room that records around the clock fills any disk (3 Mb/s is about 32 GB a day), and
a full disk stops the recording for good. The retention rule keeps the newest
``keep_days`` days and/or the newest ``keep_bytes`` of segments and deletes the oldest
beyond that. It touches only files named the way the recorder names its finished
segments (``PREFIX-YYYYmmdd-HHMMSS-NNN.mp4`` or ``.flv``): the live ``.part`` and any other
file in the folder are never deleted, and the newest segment is always kept.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

log = logging.getLogger(__name__)

DAY_S = 86_400
SEGMENT_EXTS = ("mp4", "flv")


def segment_name(prefix: str, seq: int, ext: str, when: datetime | None = None) -> str:
    """The name of segment number ``seq`` (``ext`` with its dot) started at ``when``."""
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"{prefix}-{stamp}-{seq:03d}{ext}"


def segment_pattern(prefix: str) -> re.Pattern[str]:
    """Matches the full names ``segment_name`` gives (any container the recorder writes)."""
    exts = "|".join(SEGMENT_EXTS)
    return re.compile(rf"{re.escape(prefix)}-\d{{8}}-\d{{6}}-\d{{3,}}\.(?:{exts})")


def segment_files(directory: Path, prefix: str) -> list[Path]:
    """The finished segments in ``directory``, newest first (by modification time)."""
    pattern = segment_pattern(prefix)
    found = []
    for path in directory.iterdir() if directory.is_dir() else ():
        if not pattern.fullmatch(path.name):
            continue
        try:
            st = path.stat()
        except OSError:  # deleted meanwhile
            continue
        found.append((st.st_mtime, path.name, path, st.st_size))
    found.sort(reverse=True)
    return [f[2] for f in found]


@dataclass(frozen=True)
class Retention:
    """Keep segments younger than ``keep_days`` and, newest first, up to ``keep_bytes``.

    Either limit at 0 is off; both at 0 keep everything.
    """

    keep_days: float = 0.0
    keep_bytes: int = 0

    def __post_init__(self) -> None:
        if self.keep_days < 0 or self.keep_bytes < 0:
            raise ValueError("retention limits must be 0 (off) or positive")

    @property
    def active(self) -> bool:
        return self.keep_days > 0 or self.keep_bytes > 0

    def describe(self) -> str:
        parts = []
        if self.keep_days:
            parts.append(f"{self.keep_days:g} days")
        if self.keep_bytes:
            parts.append(f"{self.keep_bytes / 1e9:g} GB")
        return " and at most ".join(parts) if parts else "everything"

    def expired(self, directory: Path, prefix: str, now: float | None = None) -> list[Path]:
        """The segments this rule no longer keeps, oldest first."""
        if not self.active:
            return []
        now = time.time() if now is None else now
        oldest = now - self.keep_days * DAY_S if self.keep_days else None
        total = 0
        out = []
        for i, path in enumerate(segment_files(directory, prefix)):
            try:
                st = path.stat()
            except OSError:
                continue
            total += st.st_size
            if i == 0:
                continue  # the newest segment is always kept
            too_old = oldest is not None and st.st_mtime < oldest
            too_much = bool(self.keep_bytes) and total > self.keep_bytes
            if too_old or too_much:
                out.append(path)
        return out[::-1]

    def apply(self, directory: Path, prefix: str, now: float | None = None) -> list[Path]:
        """Delete what the rule no longer keeps; returns the deleted files, oldest first."""
        deleted = []
        for path in self.expired(directory, prefix, now):
            try:
                size = path.stat().st_size
                path.unlink()
            except OSError as exc:
                log.warning("retention: could not delete %s: %s", path.name, exc)
                continue
            log.info(
                "retention: deleted %s (%.0f MB; keeping %s)",
                path.name, size / 1e6, self.describe(),
            )  # fmt: skip
            deleted.append(path)
        return deleted
