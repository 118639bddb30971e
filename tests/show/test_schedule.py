"""Time-of-day windows: half-open, midnight crossing, overlaps, fallback."""

from __future__ import annotations

from datetime import datetime

import pytest

from studio.show.items import Playlist
from studio.show.schedule import TimeWindow, active_playlist


def at(hhmm: str) -> datetime:
    h, m = hhmm.split(":")
    return datetime(2025, 3, 1, int(h), int(m))


def pl(name: str, *windows: str, priority: int = 0) -> Playlist:
    return Playlist(name, ("s",), tuple(TimeWindow.parse(w) for w in windows), priority)


def test_window_is_half_open() -> None:
    w = TimeWindow.parse("06:00-12:00")
    assert w.contains(6 * 60) and w.contains(11 * 60 + 59)
    assert not w.contains(12 * 60) and not w.contains(5 * 60 + 59)


def test_window_crossing_midnight() -> None:
    w = TimeWindow.parse("22:00-06:00")
    assert w.crosses_midnight
    for t in ("22:00", "23:59", "00:00", "03:30", "05:59"):
        assert w.contains(at(t).hour * 60 + at(t).minute), t
    for t in ("06:00", "12:00", "21:59"):
        assert not w.contains(at(t).hour * 60 + at(t).minute), t
    assert w.minutes_open(60) == 180  # 01:00 is three hours after 22:00


def test_whole_day_and_bad_windows() -> None:
    whole = TimeWindow.parse("00:00-24:00")
    assert whole.contains(0) and whole.contains(24 * 60 - 1)
    for bad in ("06:00-06:00", "25:00-01:00", "6-12", "12:60-13:00", "24:30-01:00"):
        with pytest.raises(ValueError):
            TimeWindow.parse(bad)


def test_morning_and_night_rotations() -> None:
    day, night = pl("day", "08:00-20:00"), pl("night", "20:00-08:00")
    assert active_playlist([day, night], at("07:59")).name == "night"
    assert active_playlist([day, night], at("08:00")).name == "day"
    assert active_playlist([day, night], at("19:59")).name == "day"
    assert active_playlist([day, night], at("20:00")).name == "night"
    assert active_playlist([day, night], at("00:00")).name == "night"


def test_overlap_most_recently_opened_wins_then_priority() -> None:
    base, lunch = pl("base", "00:00-24:00"), pl("lunch", "12:00-13:00")
    assert active_playlist([base, lunch], at("11:59")).name == "base"
    assert active_playlist([base, lunch], at("12:30")).name == "lunch"
    assert active_playlist([base, lunch], at("13:00")).name == "base"
    # a night window opened at 22:00 is more recent at 01:00 than one opened at 23:00? no:
    late, early = pl("late", "23:00-02:00"), pl("early", "22:00-03:00")
    assert active_playlist([late, early], at("01:00")).name == "late"  # opened 2 h ago vs 3 h
    boss = pl("boss", "00:00-24:00", priority=5)
    assert active_playlist([base, lunch, boss], at("12:30")).name == "boss"
    # equal everything: alphabetical, so the choice never flickers
    a, b = pl("a", "10:00-11:00"), pl("b", "10:00-11:00")
    assert active_playlist([b, a], at("10:30")).name == "a"


def test_fallback_without_windows() -> None:
    always, night = pl("always"), pl("night", "22:00-06:00")
    assert active_playlist([always, night], at("12:00")).name == "always"
    assert active_playlist([always, night], at("23:00")).name == "night"
    assert active_playlist([night], at("12:00")) is None
