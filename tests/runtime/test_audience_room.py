"""A real `studio live` room with an audience: comments through the ingest endpoint and
a replay file are answered on air; what is kept holds masked names and hashed ids only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from studio.core.paths import assets_dir
from studio.runtime.control import call

from .test_live_user_paths import files_holding, free_port, wait_for

TOKEN = "user-path-token"
DEMO = assets_dir() / "demo"


@pytest.mark.slow
def test_a_room_answers_its_audience_on_air(tmp_path: Path) -> None:
    env = {**os.environ, "STUDIO_HOME": str(tmp_path / "home")}
    port = free_port()
    room = tmp_path / "room.toml"
    room.write_text(
        f"""
[room]
name = "audience-room"
show_db = "show.db"
import_files = ["{DEMO / "products.csv"}", "{DEMO / "script.toml"}"]
[record]
folder = "rec"
[control]
port = {port}
token = "{TOKEN}"
[audience]
faq = "{DEMO / "faq.toml"}"
""",
        encoding="utf-8",
    )
    events = tmp_path / "events.jsonl"
    events.write_text(
        "\n".join(
            json.dumps(e, ensure_ascii=False)
            for e in [
                {"t": 1, "kind": "enter", "viewer": "dy_300001", "name": "小可爱呀"},
                {"t": 2, "viewer": "dy_300002", "name": "周杰伦粉", "text": "丝巾是真丝的吗"},
            ]
        ),
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "studio.cli",
            "live",
            "--config",
            str(room),
            "--seconds",
            "60",
            "--events",
            str(events),
        ],  # fmt: skip
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(port, lambda s: s.get("frames", 0) > 25, 60)
        reply = call(port, "POST", "/audience/events", token=TOKEN, body={"events": [
            {"kind": "comment", "viewer": "dy_100001", "name": "张晓雨",
             "text": "羽绒服有XL码吗"},
            {"kind": "comment", "viewer": "dy_100002", "name": "王先生",
             "text": "加我薇信 abc123"},
        ]})  # fmt: skip
        assert reply == {"accepted": 2, "rejected": []}
        status = wait_for(
            port, lambda s: s.get("audience", {}).get("latency", {}).get("answers", 0) >= 2, 40
        )
        audience = status["audience"]
        assert audience["outcomes"]["banned"] == 1, audience
        assert audience["latency"]["answers"] >= 2, audience
        listing = call(port, "GET", "/audience", token=TOKEN)
        said = {r["text"]: r for r in listing["recent"]}
        assert (
            said["羽绒服有XL码吗"]["answer"]
            == "张**，有的，轻薄羽绒服有S、M、L、XL，XL可以放心拍。"
        )
        assert said["丝巾是真丝的吗"]["outcome"] == "answered"  # from the replay file
        metrics = urlopen_text(port, "/metrics")
        assert 'studio_audience_outcome_total{room="audience-room",outcome="banned"} 1' in metrics
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, out[-3000:]
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "studio.cli",
            "show",
            "audit",
            "--db",
            str(tmp_path / "show.db"),
            "--csv",
            str(tmp_path / "audit.csv"),
        ],  # fmt: skip
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    audit = (tmp_path / "audit.csv").read_text(encoding="utf-8-sig")
    assert "broadcast,张**，有的，轻薄羽绒服有S、M、L、XL，XL可以放心拍。" in audit  # on air
    assert "v:" in audit
    # The raw names and ids exist in what was sent (the replay file) and nowhere else.
    assert files_holding(tmp_path, "周杰伦粉".encode()) == ["events.jsonl"]
    for personal in ("张晓雨", "dy_100001", "王先生", "dy_100002"):
        assert files_holding(tmp_path, personal.encode()) == [], personal


def urlopen_text(port: int, path: str) -> str:
    import urllib.request

    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as resp:
        return resp.read().decode()
