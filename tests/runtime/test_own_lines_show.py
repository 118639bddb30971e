"""A show with a presenter who read the prompt sheet speaks her recorded lines through
the one pipeline (render, live and the window alike) and records how much of what it
played was in her own voice."""

from __future__ import annotations

from pathlib import Path

from studio.avatar.lines.engine import OwnLinesEngine
from studio.core.paths import assets_dir
from studio.runtime.offline import prepare_all, scratch_store, write_file
from studio.runtime.pipeline import ShowSpec, build_pipeline
from studio.speech.matched import describe

from ..avatar.lines.conftest import (  # noqa: F401  (shared session fixtures)
    long_reading,
    short_sheet,
    with_lines,
)

SCENE = assets_dir() / "scenes" / "douyin_vertical.toml"


def test_the_show_speaks_her_lines_and_records_her_share(with_lines: str, tmp_path: Path) -> None:  # noqa: F811
    with scratch_store() as store:
        pipeline = build_pipeline(store, ShowSpec(avatar=with_lines, scene=SCENE), offline=True)
        try:
            engine = pipeline.lookahead.engine
            assert isinstance(engine, OwnLinesEngine)
            assert describe(engine).startswith("her own lines (16), then TTS: espeak")
            pipeline.queue.insert("谢谢大家的支持！", actor="test")  # she read it
            pipeline.queue.insert("这款面霜很滋润。", actor="test")  # she did not
            items = [pipeline.lookahead.prepare_now(e) for e in pipeline.queue.peek(2)]
            assert items[0].own_share > 0.99 and items[1].own_share == 0.0
            expected = prepare_all(pipeline)
            d = pipeline.director
            on_air: set[float | None] = set()  # what live status shows as each frame plays
            write_file(
                d,
                tmp_path / "show.mp4",
                expected_frames=expected,
                progress=lambda stage, f, n: on_air.add(d.now_own_share),
            )
        finally:
            pipeline.close()
    assert d.items_played == 2
    assert {1.0, 0.0} <= on_air
    mine = d.own_samples / d.spoken_samples
    assert 0.3 < mine < 0.95, mine


def test_her_lines_can_be_left_out_of_a_show(with_lines: str) -> None:  # noqa: F811
    with scratch_store() as store:
        spec = ShowSpec(avatar=with_lines, scene=SCENE, own_lines=False)
        pipeline = build_pipeline(store, spec)
        try:
            assert not isinstance(pipeline.lookahead.engine, OwnLinesEngine)
        finally:
            pipeline.close()


def test_a_room_turns_her_lines_off(tmp_path: Path) -> None:
    from studio.runtime.room import Room, load_room

    room_file = tmp_path / "room.toml"
    room_file.write_text('[voice]\nengine = "espeak"\nown_lines = false\n', encoding="utf-8")
    assert load_room(room_file).voice.own_lines is False
    assert Room().voice.own_lines is True
