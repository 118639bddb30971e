"""The warnings of a secret given unsafely -- on the command line, or in a file other
users can read -- are said in the user's language, what to do first and the shell
command only as the way to do it; the secret itself is never printed. The real CLI
against a real control server, with real files and their modes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio.cli import main
from studio.runtime.control import ControlServer

from .test_messages import latin_words

TOKEN = "s3cret-token-42"

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


@pytest.fixture
def room_port() -> Iterator[int]:
    server = ControlServer(TOKEN, port=0)
    server.route("POST", "/pause", lambda body: {"ok": "paused after this item"})
    server.start()
    try:
        yield server.port
    finally:
        server.stop()


def pause(capsys, lang: str, port: int, *secret: str) -> tuple[int, str, str]:
    code = main(["--lang", lang, "live", "pause", "--port", str(port), *secret])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_token_on_the_command_line_warns_in_chinese(room_port: int, capsys) -> None:
    code, out, err = pause(capsys, "zh_CN", room_port, "--token", TOKEN)
    assert code == 0 and out.startswith("已暂停"), out
    assert err.splitlines() == [
        "警告：写在命令行上的 `--token`，本机其他用户能看到（`ps`）；请改用 "
        "`--token-file 文件`，或者环境变量 `STUDIO_CONTROL_TOKEN`"
    ]
    assert latin_words(err) == [] and TOKEN not in err

    code, _, err = pause(capsys, "en", room_port, "--token", TOKEN)
    assert code == 0 and err.startswith("warning: --token on the command line is visible")


def test_a_token_file_others_can_read_says_what_to_do_then_how(
    room_port: int, capsys, tmp_path: Path
) -> None:
    path = tmp_path / "token"
    path.write_text(TOKEN + "\n", encoding="utf-8")
    path.chmod(0o644)
    code, out, err = pause(capsys, "zh_CN", room_port, "--token-file", str(path))
    assert code == 0 and out.startswith("已暂停"), out
    assert err.splitlines() == [
        f"警告：{path}（控制口令）这台电脑上的其他用户也能读到",
        f"提示：请只让你自己的账户能读这个文件（`chmod 600 {path}`）",
    ]
    assert latin_words(err.replace(str(path), "")) == [] and TOKEN not in err

    code, _, err = pause(capsys, "en", room_port, "--token-file", str(path))
    assert code == 0 and err.splitlines() == [
        f"warning: {path} (the control token) can be read by other users of this computer",
        f"hint: let only your own account read this file (`chmod 600 {path}`)",
    ]

    path.chmod(0o600)  # what the hint says: then nothing to warn about
    assert pause(capsys, "zh_CN", room_port, "--token-file", str(path))[::2] == (0, "")


def test_both_ways_at_once_and_an_empty_file_read_in_chinese(
    room_port: int, capsys, tmp_path: Path
) -> None:
    path = tmp_path / "token"
    path.write_text("\n", encoding="utf-8")
    path.chmod(0o600)
    code, _, err = pause(capsys, "zh_CN", room_port, "--token", TOKEN, "--token-file", str(path))
    assert code == 2
    assert err.splitlines() == [
        "错误：`--token` 和 `--token-file` 只能给一个",
        "提示：只保留 `--token-file`",
    ]
    code, _, err = pause(capsys, "zh_CN", room_port, "--token-file", str(path))
    assert code == 2
    assert err.splitlines() == [f"错误：{path} 是空的", "提示：请把控制口令写进去，写成一行"]
