"""`studio demo --events`: the demo shop answers a replayed audience, into a real file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import av

from studio.core.paths import assets_dir
from studio.core.presets import get_preset
from studio.runtime.demo import shop_pipeline
from studio.runtime.offline import write_file
from studio.runtime.replay import OfflineFeed
from studio.show.audience.events import read_replay
from studio.show.store import ShowStore


def test_the_demo_shop_answers_a_replayed_audience(tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    events.write_text(
        "\n".join(
            json.dumps(e, ensure_ascii=False)
            for e in [
                {"t": 0.2, "kind": "enter", "viewer": "a", "name": "小可爱呀"},
                {"t": 0.5, "viewer": "b", "name": "张晓雨", "text": "羽绒服有XL码吗"},
            ]
        ),
        encoding="utf-8",
    )
    preset = get_preset("vertical-720")
    store = ShowStore(tmp_path / "show.db")
    pipeline, desk = shop_pipeline(store, preset)
    try:
        feed = OfflineFeed(desk, read_replay(events), float(preset.fps.fraction))
        pipeline.lookahead.start()
        result = write_file(pipeline.director, tmp_path / "demo.mp4", frames=25 * 12,
                            on_frame=feed)  # fmt: skip
    finally:
        desk.stop()
        pipeline.close()
    said = [r["text"] for r in store.audit_rows(kind="broadcast")]
    answer = "张**，有的，轻薄羽绒服有S、M、L、XL，XL可以放心拍。"
    assert answer in said and "欢迎小***来到直播间，喜欢的话点个关注哦。" in said
    assert said.index(answer) < said.index("欢迎小***来到直播间，喜欢的话点个关注哦。")
    assert [r["text"] for r in store.audit_rows(kind="cut")]  # the answer cut in at a word
    store.close()
    with av.open(str(result.path)) as c:
        assert c.streams.audio and float(c.duration / 1e6) > 11.5


def test_a_bad_events_file_is_refused_before_rendering(tmp_path: Path) -> None:
    bad = tmp_path / "events.jsonl"
    bad.write_text('{"t": 1, "text": "ok"}\n{"t": "soon", "text": "x"}\n', encoding="utf-8")
    env = {**os.environ, "STUDIO_HOME": str(tmp_path / "home")}
    r = subprocess.run(
        [sys.executable, "-m", "studio.cli", "demo", "--events", str(bad), "--out",
         str(tmp_path / "x.mp4")],  # fmt: skip
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert r.returncode == 2 and "line 2" in r.stderr and not (tmp_path / "x.mp4").exists()
    r = subprocess.run(
        [sys.executable, "-m", "studio.cli", "demo", "--events",
         str(assets_dir() / "demo" / "events.jsonl"), "--script", str(bad)],  # fmt: skip
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert r.returncode == 2 and "cannot be combined" in r.stderr
