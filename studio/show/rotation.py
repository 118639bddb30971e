"""The playlist cursor: which item of the playlist on air comes next, looping forever.

Pure: the playlist on air and its scripts come in as a value (the schedule picks the
playlist, the database holds its scripts), the cursor as a value. Each step carries the
cursor *after* it, so the queue moves the cursor only when it commits to a step — a
look-ahead walks the same steps and moves nothing.

A playlist that is not the cursor's starts from its top in a new loop: when the
schedule hands the air to another rotation it plays from its first line, and the loop
number in each key keeps keys unique across passes (speech made ahead is matched by key).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from studio.show.items import Script, ScriptItem


@dataclass(frozen=True)
class Cursor:
    """Where the playlist stands: the item *after* the last one started."""

    playlist: str = ""
    loop: int = 0
    script_pos: int = 0
    item_pos: int = 0


@dataclass(frozen=True)
class Rotation:
    """The playlist the schedule puts on air, with the scripts it names that exist."""

    name: str
    scripts: tuple[Script, ...]

    @property
    def size(self) -> int:
        """Items in one pass (0: nothing to play, even though a playlist is on air)."""
        return sum(len(s.items) for s in self.scripts)


@dataclass(frozen=True)
class Step:
    """One item of the rotation: its stable key, a label for people, the cursor after it."""

    key: str
    item: ScriptItem
    source: str
    after: Cursor


def steps(rotation: Rotation, cursor: Cursor) -> Iterator[Step]:
    """Endless steps through ``rotation`` from ``cursor``; none when it has no items."""
    if rotation.size == 0:
        return
    if rotation.name == cursor.playlist:
        loop, s_pos, i_pos = cursor.loop, cursor.script_pos, cursor.item_pos
    else:  # a rotation starts from its top when it comes on air
        loop, s_pos, i_pos = cursor.loop + 1, 0, 0
    scripts = rotation.scripts
    while True:
        if s_pos >= len(scripts):  # also a cursor left beyond scripts that shrank
            s_pos, i_pos, loop = 0, 0, loop + 1
        script = scripts[s_pos]
        if i_pos >= len(script.items):
            s_pos, i_pos = s_pos + 1, 0
            continue
        item = script.items[i_pos]
        key = f"pl:{rotation.name}:{loop}:{s_pos}:{i_pos}"
        source = f"{rotation.name} / {script.name} #{i_pos + 1}"
        i_pos += 1
        yield Step(key, item, source, Cursor(rotation.name, loop, s_pos, i_pos))
