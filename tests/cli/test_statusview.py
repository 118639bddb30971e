"""`studio live status` against a real running room: without --json a few lines in the
user's language, with --json the control API's reply as it is."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from studio.cli import main
from studio.runtime.health import Health

from ..core.test_messages import latin_words
from ..runtime.test_runfile import running_room  # noqa: F401  (the room, shared)


def status(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["live", "status", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_status_reads_in_chinese_and_json_stays_for_scripts(
    running_room,  # noqa: F811 (the fixture imported above)
    capsys,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    show = running_room
    port = show.control.port
    assert main(["live", "pause"]) == 0  # the line she inserts waits: one in the queue
    assert main(["live", "insert", "谢谢大家的关注"]) == 0
    capsys.readouterr()

    code, out, _ = status(capsys, "--json")
    reply = json.loads(out)
    assert code == 0 and set(reply) == set(Health(state="").as_json())
    assert reply["inserts_waiting"] == 1 and reply["state"] in ("playing", "paused")

    monkeypatch.setenv("STUDIO_LANG", "zh_CN")
    code, out, _ = status(capsys)
    lines = out.splitlines()
    assert code == 0 and not out.lstrip().startswith("{"), out
    assert re.fullmatch(r"状态：(播放中|已暂停)，已运行 \d\d:\d\d:\d\d", lines[0]), lines
    assert lines[1].startswith("正在播出：") and "接下来：" in lines
    assert "  - 谢谢大家的关注" in lines and "你插入的句子还有 1 句在等" in lines
    assert any(re.fullmatch(r"画面：(还没开始|[\d.]+ 帧/秒，延迟 \d+，.*毫秒)", x) for x in lines)
    assert any(re.fullmatch(r"输出 record：录制中，\d+ kb/s", x) for x in lines), lines
    assert "声音：espeak，自带声音" in lines and "她自己的声音：占目前说话的 0%" in lines
    assert lines[-1] == f"远程控制：127.0.0.1:{port}"
    words = [w for x in lines if not x.startswith("  - ") for w in latin_words(x)]
    assert set(words) <= {"record", "espeak"}, words  # an output's and an engine's name

    monkeypatch.setenv("STUDIO_LANG", "en")
    code, out, _ = status(capsys)
    assert code == 0 and out.startswith("state: ") and "your inserted lines waiting: 1" in out
    assert out.splitlines()[-1] == f"control: 127.0.0.1:{port}"

    monkeypatch.setenv("STUDIO_LANG", "zh_CN")
    wrong = tmp_path / "wrong-token"
    wrong.write_text("not the room's token", encoding="utf-8")
    wrong.chmod(0o600)
    code, out, err = status(capsys, "--token-file", str(wrong))
    assert code == 2 and out == "", out
    assert err.splitlines()[:2] == [
        f"错误：口令不对：127.0.0.1:{port} 上的直播间不接受这个控制口令",
        "提示：请给出这个直播间自己的口令：`--token-file 文件`、环境变量 "
        "`STUDIO_CONTROL_TOKEN`，或者 `--config ROOM.toml`",
    ], err  # the command line's options, not the HTTP header the API's own hint names
    assert main(["live", "resume"]) == 0
