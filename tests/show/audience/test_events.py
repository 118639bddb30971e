"""Viewer events from any source are read the same way; a replay file is all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.core.errors import InputError
from studio.show.audience.events import EventKind, parse_event, read_replay


def test_an_event_is_cleaned_and_bounded() -> None:
    event = parse_event(
        {
            "kind": "comment",
            "viewer": "dy_1",
            "nickname": "张三\u202e",  # a direction override must not reach the screen
            "text": "有\nXL码吗" + "啊" * 500,
            "at": 1_700_000_000_123,  # JavaScript milliseconds
        }
    )
    assert event.kind is EventKind.COMMENT
    assert event.name == "张三" and event.viewer == "dy_1"
    assert event.text.startswith("有 XL码吗") and len(event.text) == 200
    assert event.at == pytest.approx(1_700_000_000.123)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"kind": "shout", "text": "x"}, "unknown kind"),
        ({"kind": "comment"}, "a comment without text"),
        ({"kind": "gift", "count": "many"}, "'count'"),
        ({"kind": "comment", "text": "x", "at": "yesterday"}, "'at'"),
        (["not", "an", "object"], "not a JSON object"),
    ],
)
def test_a_bad_event_says_which_field(data, says: str) -> None:
    with pytest.raises(InputError, match=says) as info:
        parse_event(data)
    assert info.value.hint


def test_a_replay_file_is_read_in_time_order(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    lines = [
        "# comments and blank lines are skipped",
        "",
        json.dumps({"t": 5, "kind": "follow", "viewer": "a", "name": "小红"}),
        json.dumps({"t": 1.5, "text": "多少钱", "viewer": "b"}, ensure_ascii=False),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    replayed = read_replay(path)
    assert [(r.t, r.event.kind) for r in replayed] == [
        (1.5, EventKind.COMMENT),
        (5.0, EventKind.FOLLOW),
    ]


def test_a_replay_file_with_bad_lines_replays_nothing_and_lists_them(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text(
        '{"t": 1, "text": "ok"}\n{"t": -2, "text": "x"}\nnot json\n{"t": 3, "kind": "boo"}\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        read_replay(path)
    message = info.value.message
    assert "3 bad line(s)" in message
    assert "line 2" in message and "line 3" in message and "line 4" in message
    with pytest.raises(InputError, match="no such file"):
        read_replay(tmp_path / "missing.jsonl")
