"""The playlist cursor: keys, wrap-around, a rotation coming on air, scripts that shrank."""

from __future__ import annotations

from itertools import islice

from studio.show.items import ItemKind, Script, ScriptItem
from studio.show.rotation import Cursor, Rotation, steps


def script(name: str, *lines: str) -> Script:
    return Script(name, tuple(ScriptItem(ItemKind.TEXT, text=t) for t in lines))


ROTATION = Rotation("p", (script("a", "一", "二"), script("b", "三")))


def test_steps_loop_forever_with_keys_unique_per_pass() -> None:
    got = list(islice(steps(ROTATION, Cursor("p", 1, 0, 0)), 4))
    assert [s.item.text for s in got] == ["一", "二", "三", "一"]
    assert [s.key for s in got] == ["pl:p:1:0:0", "pl:p:1:0:1", "pl:p:1:1:0", "pl:p:2:0:0"]
    assert got[2].source == "p / b #1"
    assert got[0].after == Cursor("p", 1, 0, 1)  # the cursor after each step


def test_another_rotation_starts_from_its_top_in_a_new_loop() -> None:
    first = next(steps(ROTATION, Cursor("other", 5, 3, 7)))
    assert first.key == "pl:p:6:0:0"


def test_a_cursor_past_scripts_that_shrank_wraps_to_the_top() -> None:
    first = next(steps(ROTATION, Cursor("p", 2, 9, 4)))
    assert (first.key, first.item.text) == ("pl:p:3:0:0", "一")


def test_a_rotation_with_no_items_has_no_steps() -> None:
    empty = Rotation("p", (script("a"),))
    assert empty.size == 0 and list(steps(empty, Cursor())) == []
