"""The room's log: `studio -v` reaches the console and the rotating file, and every file
of it is private (0600)."""

from __future__ import annotations

import io
import logging
import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from studio.core.logs import TranslatingFormatter, setup_logging
from studio.core.messages import set_language
from studio.core.presets import VideoPreset
from studio.core.timeline import FrameRate
from studio.stream.encoder import Encoder, EncoderSettings
from studio.stream.ingest import parse_ingest
from studio.stream.localserver import free_port
from studio.stream.reconnect import RetrySchedule
from studio.stream.rtmp import SocketSettings
from studio.stream.rtmp_output import RtmpOutput


@pytest.fixture
def clean_root_logger() -> Iterator[logging.Logger]:
    root = logging.getLogger()
    level, handlers = root.level, root.handlers[:]
    yield root
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
    root.handlers[:] = handlers
    root.setLevel(level)


def test_verbose_live_logs_debug_to_the_console_and_the_file(
    tmp_path: Path, studio_home: Path
) -> None:
    room = tmp_path / "room.toml"
    room.write_text(
        '[room]\nname = "verbose"\nshow_db = "show.db"\n[record]\nfolder = "rec"\n'
        '[control]\nport = 0\ntoken = "t"\n',
        encoding="utf-8",
    )
    r = subprocess.run(
        [sys.executable, "-m", "studio.cli", "-v", "live", "--config", str(room)]
        + ["--seconds", "1"],
        env={**os.environ, "STUDIO_HOME": str(studio_home)},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    log_file = (studio_home / "logs" / "live.log").read_text(encoding="utf-8")
    for where in (r.stderr, log_file):
        assert " DEBUG studio." in where, where[-3000:]


def test_the_room_logs_info_or_debug_when_verbose(tmp_path: Path, clean_root_logger) -> None:
    clean_root_logger.setLevel(logging.WARNING)  # what `studio` sets without -v
    setup_logging(tmp_path)
    assert clean_root_logger.level == logging.INFO
    clean_root_logger.setLevel(logging.DEBUG)  # `studio -v`
    setup_logging(tmp_path)
    assert clean_root_logger.level == logging.DEBUG


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_live_log_and_its_rotations_are_owner_only(tmp_path: Path) -> None:
    old = os.umask(0o022)  # the usual umask: plain open() would make 0644 files
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        path = setup_logging(tmp_path / "logs", max_bytes=2000)
        for i in range(100):
            logging.getLogger("studio.test").info("line %d: 保温杯 only 89 yuan today", i)
        for handler in root.handlers:
            handler.flush()
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:] = handlers
        root.setLevel(level)
        os.umask(old)
    files = sorted((tmp_path / "logs").iterdir())
    assert path in files and len(files) >= 3  # live.log, live.log.1, live.log.2, ...
    assert {stat.S_IMODE(f.stat().st_mode) for f in files} == {0o600}
    assert stat.S_IMODE((tmp_path / "logs").stat().st_mode) == 0o700


def test_a_real_reconnect_warning_reads_in_chinese_and_one_way_only() -> None:
    """An RTMP output retrying a refused port: its warning, through the console's
    formatter in Chinese, has every piece in its place (the target, the OS's reason, the
    next waits), and the English the log file gets is unchanged."""
    port = free_port()  # nothing listens there
    console, file = io.StringIO(), io.StringIO()
    zh, en = logging.StreamHandler(console), logging.StreamHandler(file)
    zh.setFormatter(TranslatingFormatter())
    en.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("studio.stream.rtmp_output")
    level = logger.level
    for handler in (zh, en):
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    set_language("zh_CN")
    preset = VideoPreset("test", 320, 240, FrameRate(25), video_kbps=600, audio_kbps=96)
    encoder = Encoder(EncoderSettings(preset, x264_preset="ultrafast", threads=1))
    output = RtmpOutput(
        parse_ingest(f"rtmp://127.0.0.1:{port}/live/secret-key"),
        retry=RetrySchedule(first_s=0.2, factor=1.5, cap_s=1.0, seed=1),
        socket_settings=SocketSettings(2, 2, 2),
    )
    try:
        output.start(encoder.config, encoder.request_keyframe)
        deadline = time.monotonic() + 15
        while not output.errors and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        output.stop()
        encoder.close()
        for handler in (zh, en):
            logger.removeHandler(handler)
        logger.setLevel(level)
    target = f"rtmp://127.0.0.1:{port}/live/****"
    assert (
        f"警告 studio.stream.rtmp_output: rtmp：无法推流（{target}）："
        f"127.0.0.1:{port} 拒绝了连接（提示：服务器没开或端口不对；RTMP 通常用 1935，RTMPS 用 443）。"
        "0.2 秒后第 1 次重试，之后等 0.3, 0.5, 0.7, 1.0 秒……"
        "（最长 1 秒，直到停止）"
    ) in console.getvalue()
    assert (
        f"WARNING studio.stream.rtmp_output: rtmp: cannot publish ({target}): connection "
        f"refused by 127.0.0.1:{port} (hint: the server is down or the port is wrong; RTMP "
        "normally uses 1935, RTMPS 443). Retry 1 in 0.2 s, then 0.3, 0.5, 0.7, 1.0 s ... (max 1 s"
    ) in file.getvalue()
    assert "secret-key" not in console.getvalue() + file.getvalue()


def test_a_logged_exception_text_keeps_its_colons_in_chinese(tmp_path: Path) -> None:
    """A real retention failure (an old "segment" that is a folder, in a folder whose name
    holds ": "): the console's Chinese line has the message's colons in Chinese and the
    OS's reason, path and all, exactly as Python wrote it."""
    from studio.stream.retention import Retention, segment_name

    folder = tmp_path / "rec: night"
    folder.mkdir()
    stuck = folder / segment_name("show", 1, ".flv", datetime(2020, 1, 1))
    stuck.mkdir()  # unlink() fails: "[Errno 21] Is a directory: '.../rec: night/...'"
    os.utime(stuck, (0, 0))
    (folder / segment_name("show", 2, ".flv")).write_bytes(b"newest, kept")
    console = io.StringIO()
    handler = logging.StreamHandler(console)
    handler.setFormatter(TranslatingFormatter())
    logger = logging.getLogger("studio.stream.retention")
    logger.addHandler(handler)
    set_language("zh_CN")
    try:
        assert Retention(keep_days=1).apply(folder, "show") == []
    finally:
        logger.removeHandler(handler)
    try:
        stuck.unlink()
    except OSError as exc:
        reason = str(exc)
    assert ": '" in reason and "rec: night" in reason
    assert f"录像保留：无法删除 {stuck.name}：{reason}\n" in console.getvalue()
