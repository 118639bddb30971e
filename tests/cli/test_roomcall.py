"""`studio live status/insert/...` when the room cannot be reached: what went wrong in
words of the catalogue (a closed port, no answer in time, something that is not a room, a
wrong token), never urllib's raw text; that stays in the debug log (``studio -v``).
Real sockets on loopback, a real control server, the real CLI."""

from __future__ import annotations

import contextlib
import http.server
import logging
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio.cli import main
from studio.cli.roomcall import call_room
from studio.core.errors import InputError
from studio.core.messages import translate
from studio.runtime.control import ControlServer

from ..core.test_messages import latin_words

START_HINT_ZH = (
    "提示：请用 `studio live --config ROOM.toml` 启动它，或者给出它的 `--port` 或 `--config`"
)


@pytest.fixture
def token_file(tmp_path: Path) -> Path:
    path = tmp_path / "token"
    path.write_text("s3cret\n")
    path.chmod(0o600)
    return path


def closed_port() -> int:
    """A loopback port nothing listens on (bound a moment ago, then let go)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[int]:
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def zh(exc: InputError) -> str:
    return translate(exc.message, "zh_CN")


@pytest.mark.parametrize("action", [["status"], ["insert", "大家好"], ["pause"]])
def test_a_closed_port_is_said_in_words_and_urllibs_text_goes_to_the_debug_log(
    action: list[str], token_file: Path, capsys, caplog
) -> None:
    port = closed_port()
    argv = ["--lang", "zh_CN", "live", *action, "--port", str(port)]
    with caplog.at_level(logging.DEBUG, logger="studio.cli.roomcall"):
        code = main([*argv, "--token-file", str(token_file)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.splitlines() == [
        f"错误：连接被拒绝：127.0.0.1:{port} 上没有正在运行的直播间（这个端口上没有程序在监听）",
        START_HINT_ZH,
    ]
    assert latin_words(err.replace("127.0.0.1", "")) == []  # no urlopen, no Errno
    raw = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG]
    assert any("Connection refused" in line and str(port) in line for line in raw), raw


def test_a_room_that_does_not_answer_in_time_is_a_timeout() -> None:
    with socket.socket() as s:  # listens, never accepts: the request waits in its backlog
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        port = s.getsockname()[1]
        with pytest.raises(InputError) as caught:
            call_room(port, "GET", "/status", "s3cret", None, timeout=0.3)
    assert zh(caught.value) == f"超时：127.0.0.1:{port} 上的直播间 0.3 秒内没有应答"
    assert "STUDIO_HOME/logs" in caught.value.hint


class _WebPage(http.server.BaseHTTPRequestHandler):
    """Another program's web server on the port she gave."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        body = b"<html><body>router admin</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


class _NotHttp(http.server.BaseHTTPRequestHandler):
    """A program that speaks another protocol (it reads the request, answers a banner)."""

    def handle(self) -> None:
        self.rfile.readline()
        self.wfile.write(b"SSH-2.0-OpenSSH_9.6\r\n")

    def log_message(self, *args) -> None:
        pass


@pytest.mark.parametrize("handler", [_WebPage, _NotHttp])
def test_something_else_on_the_port_is_not_taken_for_a_room(
    handler, token_file: Path, capsys
) -> None:
    with serving(handler) as port:
        code = main(
            ["--lang", "zh_CN", "live", "status", "--port", str(port),
             "--token-file", str(token_file)]
        )  # fmt: skip
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert err[0] == f"错误：127.0.0.1:{port} 上有程序应答，但它不是 Studio 的直播间"
    assert err[1].startswith("提示：请用 `--port` 给出直播间自己的控制端口")


def test_a_wrong_token_is_said_as_such_with_where_the_right_one_comes_from(
    tmp_path: Path, token_file: Path, capsys
) -> None:
    server = ControlServer("another-token", port=0)
    server.route("GET", "/status", lambda body: {"state": "live"})
    server.start()
    try:
        code = main(
            ["--lang", "zh_CN", "live", "status", "--port", str(server.port),
             "--token-file", str(token_file)]
        )  # fmt: skip
    finally:
        server.stop()
    assert code == 2
    assert capsys.readouterr().err.splitlines() == [
        f"错误：口令不对：127.0.0.1:{server.port} 上的直播间不接受这个控制口令",
        "提示：请给出这个直播间自己的口令：`--token-file 文件`、环境变量 "
        "`STUDIO_CONTROL_TOKEN`，或者 `--config ROOM.toml`",
    ]
