"""`studio live insert|skip|pause|resume` say what they did in the user's language, and a
refusal as error and hint; --json prints the control API's reply as it is. A real running
room, the real control server and the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.cli import main
from studio.runtime.control import ControlServer, Limits, call

from ..core.test_messages import latin_words
from ..runtime.test_runfile import running_room  # noqa: F401  (the room, shared)


def live(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["--lang", "zh_CN", "live", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_each_action_says_what_it_did_in_chinese_and_json_stays_for_scripts(
    running_room,  # noqa: F811 (the fixture imported above)
    capsys,
    tmp_path: Path,
) -> None:
    show = running_room
    said = []

    code, out, err = live(capsys, "pause")
    assert (code, err) == (0, ""), err
    assert out == "已暂停：正在播出的这句说完就停，继续之前不会开始新的句子\n"
    said.append(out)

    code, out, _ = live(capsys, "insert", "谢谢大家的关注")
    assert code == 0 and out == "已插播：谢谢大家的关注（正在播出的这句说完后就说）\n", out
    said.append(out)
    assert [e.describe() for e in show.queue.pending_inserts()] == ["谢谢大家的关注"]

    code, out, _ = live(capsys, "insert", "--json", "--urgent", "新来的朋友点个关注")
    reply = json.loads(out)
    assert code == 0 and reply["queued"] == "新来的朋友点个关注" and reply["urgent"] is True

    # The room's bound on waiting inserts ([control] max_pending = 3): "try again later".
    code, out, _ = live(capsys, "insert", "--urgent", "限时优惠马上开始")
    assert out == "已插播：限时优惠马上开始（紧急：正在播出的这句说到下一个词就停）\n", out
    said.append(out)
    code, out, err = live(capsys, "insert", "再来一句")
    assert (code, out) == (1, ""), out
    assert err.splitlines() == [
        "错误：队列已满：有 3 条插播在等待播出",
        "提示：请等一些插播播完，或者跳过、调整它们的顺序；房间配置文件的 "
        "`[control] max_pending` 决定上限",
    ]
    code, out, err = live(capsys, "insert", "--json", "再来一句")
    assert code == 1 and json.loads(out)["status"] == 429 and err == ""

    code, out, _ = live(capsys, "skip")
    assert code == 0 and out == "已跳过正在播出的这句\n", out
    said.append(out)
    code, out, _ = live(capsys, "resume")
    assert code == 0 and out == "已继续\n", out
    said.append(out)
    assert latin_words("".join(said)) == []
    for action in ("skip", "pause", "resume"):
        code, out, _ = live(capsys, action, "--json")
        assert code == 0 and set(json.loads(out)) == {"ok"}, out


def test_a_blocked_line_and_a_wrong_token_are_said_as_error_and_hint(
    running_room,  # noqa: F811
    capsys,
    tmp_path: Path,
) -> None:
    show = running_room
    code, out, err = live(capsys, "insert", "全网最低价！")
    assert code == 2 and out == "", out
    lines = err.splitlines()
    assert lines[0] == "错误：这句话被拦截了：" and lines[1].startswith("  "), lines
    assert lines[-1].startswith("提示：请改写这句话"), lines
    assert show.queue.pending_inserts() == []

    wrong = tmp_path / "wrong-token"
    wrong.write_text("not the room's token", encoding="utf-8")
    wrong.chmod(0o600)
    for action in (["insert", "大家好"], ["skip"], ["pause"], ["resume"]):
        code, out, err = live(capsys, *action, "--token-file", str(wrong))
        assert code == 2 and out == "", out
        assert err.splitlines()[0] == (
            f"错误：口令不对：127.0.0.1:{show.control.port} 上的直播间不接受这个控制口令"
        ), err


@pytest.fixture
def token_file(tmp_path: Path) -> Path:
    path = tmp_path / "token"
    path.write_text("s3cret\n")
    path.chmod(0o600)
    return path


def serve(limits: Limits | None = None) -> ControlServer:
    server = ControlServer("s3cret", port=0, limits=limits)

    def broken(body: dict) -> dict:
        raise RuntimeError("a bug in a handler")

    server.route("POST", "/pause", lambda body: {"ok": "paused after this item"})
    server.route("POST", "/skip", broken)
    server.start()
    return server


def test_the_apis_own_refusals_read_in_chinese(token_file: Path, capsys) -> None:
    server = serve(Limits(burst=1, per_second=0.001))
    port = ["--port", str(server.port), "--token-file", str(token_file)]
    try:
        assert live(capsys, "pause", *port)[0] == 0
        code, out, err = live(capsys, "pause", *port)  # the bucket is empty
        assert code == 1 and out == "", out
        assert err.splitlines() == [
            "错误：发给 `/pause` 的请求太多了：一次最多 1 个，之后每秒 0.001 个",
            "提示：请等 1000 秒（`Retry-After`）后重新发送；房间配置文件里的 "
            "`[control] burst` 和 `per_second` 决定上限",
        ]
        code, out, err = live(capsys, "skip", *port)
        assert code == 1 and out == "", out
        assert err.splitlines() == [
            f"错误：127.0.0.1:{server.port} 上的直播间处理这个请求时出错了："
            "RuntimeError: a bug in a handler",
            "提示：直播本身还在继续；详情请看它在 `STUDIO_HOME/logs` 里的日志",
        ]
        assert call(server.port, "GET", "/health")["status"] == 404  # still serving
    finally:
        server.stop()

    server = serve(Limits(max_connections=0))  # every connection is one too many
    try:  # (a GET: a POST's body meets a closed socket, said as the room hanging up)
        code, out, err = live(capsys, "status", "--port", str(server.port),
                              "--token-file", str(token_file))  # fmt: skip
        assert code == 1 and out == "", out
        assert err.splitlines()[-2:] == ["错误：同时连进来的请求太多了", "提示：请稍后再试"]
    finally:
        server.stop()
