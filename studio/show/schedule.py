"""Time-of-day windows and which playlist is on air.

Rules (the same ones the docs and ``studio show list`` state):
- a window is "HH:MM-HH:MM", half-open: 06:00-12:00 includes 06:00 and ends before
  12:00. "24:00" may end a window; "00:00-24:00" is the whole day.
- when the end is earlier than the start the window crosses midnight: 22:00-06:00 is
  22:00 to 24:00 plus 00:00 to 06:00. Equal start and end is an error (empty or whole
  day? say 00:00-24:00).
- a playlist with windows is on air while one of them contains the time; among several,
  the higher ``priority`` wins, then the window that opened most recently (a lunch
  window inside an all-day one takes over at 12:00 and hands back at 13:00), then the
  name in alphabetical order (so the choice is always deterministic).
- playlists without windows are the fallback: they play when no window matches
  (same tie-breaks by priority, then name).
- local wall-clock time of the machine, minute resolution; the switch happens at the
  next item boundary, never in the middle of a line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studio.show.items import Playlist

DAY = 24 * 60
_WINDOW = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–~到至]\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True)
class TimeWindow:
    start: int  # minute of the day, 0..1439
    end: int  # minute of the day, 1..1440; end < start crosses midnight

    @classmethod
    def parse(cls, text: str) -> TimeWindow:
        """'06:00-12:00' -> TimeWindow; ValueError with a reason otherwise."""
        m = _WINDOW.match(text)
        if not m:
            raise ValueError(f"'{text}' is not a window; write it like 06:00-12:00")
        h1, m1, h2, m2 = (int(g) for g in m.groups())
        if h1 > 23 or m1 > 59 or m2 > 59 or h2 > 24 or (h2 == 24 and m2):
            raise ValueError(f"'{text}' has an impossible time (00:00 to 24:00)")
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if start == end:
            raise ValueError(
                f"'{text}' starts and ends at the same time; write 00:00-24:00 for the whole day"
            )
        return cls(start, end)

    def __str__(self) -> str:
        return (
            f"{self.start // 60:02d}:{self.start % 60:02d}-{self.end // 60:02d}:{self.end % 60:02d}"
        )

    @property
    def crosses_midnight(self) -> bool:
        return self.end < self.start

    def contains(self, minute: int) -> bool:
        if self.crosses_midnight:
            return minute >= self.start or minute < self.end
        return self.start <= minute < self.end

    def minutes_open(self, minute: int) -> int:
        """How long the window has been open at ``minute`` (it must contain it)."""
        return (minute - self.start) % DAY


def minute_of(now: datetime) -> int:
    return now.hour * 60 + now.minute


def active_playlist(playlists: Sequence[Playlist], now: datetime) -> Playlist | None:
    """The playlist on air at ``now`` (see the module rules), or None."""
    minute = minute_of(now)
    windowed: list[tuple[int, int, str, Playlist]] = []
    for p in playlists:
        opened = [w.minutes_open(minute) for w in p.windows if w.contains(minute)]
        if opened:
            windowed.append((-p.priority, min(opened), p.name, p))
    if windowed:
        return min(windowed, key=lambda t: t[:3])[3]
    fallback = [(-p.priority, p.name, p) for p in playlists if not p.windows]
    return min(fallback, key=lambda t: t[:2])[2] if fallback else None
