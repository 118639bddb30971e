"""The command line's normal output in the user's language: real runs of `make demo`'s
command, of `studio avatar` and `studio show` and of a live room under a Chinese and an
English locale, and the checks that keep the covered commands covered."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from studio.cli import main
from studio.cli.statsline import stats_line
from studio.core.message_sources import PACKAGE, has_words, template_of
from studio.core.messages import translate
from studio.core.output import STAGE_WORDS, pad, stage_label, width
from studio.stream.stats import OutputStats, StreamStats

# Command modules whose every line of normal output goes through say()/cli_text(). Not
# gui.py, on purpose: what `studio gui --smoke` prints is read by CI (tests/gui/test_smoke.py)
# and by whoever checks a packaged build (packaging/README.md); no help page, window or
# support text asks a merchant to run it, and the window itself is in her language.
COVERED = [
    "cli/__init__.py",
    "cli/demo.py",
    "cli/live.py",
    "cli/statusview.py",
    "cli/avatar.py",
    "cli/show.py",
    "cli/answer.py",
    "cli/render.py",
    "cli/tryon.py",
    "cli/voice.py",
    "cli/speech.py",
    "doctor.py",
]
CJK = re.compile(r"[\u4e00-\u9fff]")


def _env(lang: str, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES")}
    env.pop("STUDIO_LANG", None)  # conftest's English: the locale decides here
    env.update(LANG=lang, STUDIO_HOME=str(home))
    env["PYTHONPATH"] = str(PACKAGE.parent)
    return env


def _studio(*args: str, lang: str, home: Path, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "studio.cli", *args],
        capture_output=True,
        text=True,
        env=_env(lang, home),
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def locale(monkeypatch: pytest.MonkeyPatch):
    """Set LANG for an in-process run of main() (STUDIO_LANG, conftest's English, removed)."""

    def use(lang: str) -> None:
        for name in ("STUDIO_LANG", "LC_ALL", "LC_MESSAGES"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("LANG", lang)

    return use


def test_make_demos_file_render_says_what_it_wrote_in_the_users_language(
    tmp_path: Path, studio_home: Path
) -> None:
    out = tmp_path / "demo.mp4"
    zh = _studio("demo", "--seconds", "1", "--out", str(out), lang="zh_CN.UTF-8", home=studio_home)
    assert zh.returncode == 0, zh.stderr[-2000:]
    assert f"已生成 {out}（1.0 秒，25 帧，H.264 + AAC）" in zh.stdout.splitlines()
    assert "渲染" in zh.stderr and "加载主播" in zh.stderr  # the progress bars' labels
    en = _studio("demo", "--seconds", "1", "--out", str(out), lang="C", home=studio_home)
    assert en.returncode == 0, en.stderr[-2000:]
    assert f"wrote {out}  (1.0 s, 25 frames, H.264 + AAC)" in en.stdout.splitlines()
    assert "render" in en.stderr and "渲染" not in en.stderr


def test_avatar_create_list_show_and_delete_read_in_chinese(
    tmp_path: Path, astronaut_rgb, locale, capsys: pytest.CaptureFixture[str]
) -> None:
    import cv2

    portrait_png = tmp_path / "portrait.png"
    cv2.imwrite(str(portrait_png), cv2.cvtColor(astronaut_rgb, cv2.COLOR_RGB2BGR))
    locale("zh_CN.UTF-8")
    assert main(["avatar", "create", "--photo", str(portrait_png), "--name", "莉莉"]) == 0
    created = capsys.readouterr()
    assert re.search(r"^已生成照片主播 '莉莉'，保存在 .+（1 帧，\d+×\d+），用时 [\d.]+ 秒$",
                     created.out, re.M), created.out  # fmt: skip
    assert "保存" in created.err  # the progress bar of the "save" stage
    assert main(["avatar", "list"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["名字", "类型", "尺寸", "时长", "人脸", "创建时间"]
    assert table[1].split()[:2] == ["莉莉", "照片"]
    assert table[0].index("类型") == table[1].index("照片")  # columns line up in a terminal
    assert main(["avatar", "show", "莉莉"]) == 0
    shown = capsys.readouterr().out.splitlines()
    assert shown[0].startswith("主播        莉莉（照片，格式版本 ")
    assert any(line.startswith("找到人脸    100.0% 的帧") for line in shown), shown
    assert shown[-1].startswith("位置        ")
    for line in shown[:-1]:  # the figures' labels and words, not English
        assert CJK.search(line) and not re.search(r"\b(of|frames|face|the)\b", line), line
    assert main(["avatar", "delete", "莉莉", "--yes"]) == 0
    assert capsys.readouterr().out.strip() == "已删除主播 '莉莉'"


def test_avatar_list_stays_english_under_an_english_locale(
    locale, capsys: pytest.CaptureFixture[str]
) -> None:
    locale("C")
    assert main(["avatar", "list"]) == 0
    assert capsys.readouterr().out.strip() == (
        "no avatars yet: studio avatar create VIDEO --name NAME"
    )
    locale("zh_CN.UTF-8")
    assert main(["avatar", "list"]) == 0
    assert capsys.readouterr().out.strip() == "还没有主播：`studio avatar create 视频 --name 名字`"


def test_the_show_commands_read_in_chinese(
    locale, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from studio.core.paths import assets_dir

    locale("zh_CN.UTF-8")
    db = str(tmp_path / "show.db")
    demo = assets_dir() / "demo"
    assert main(["show", "import", str(demo / "products.csv"), "--db", db]) == 0
    assert "商品：新增 4 个，更新 0 个" in capsys.readouterr().out
    assert main(["show", "import", str(demo / "script.toml"), "--db", db]) == 0
    assert main(["show", "list", "--db", db]) == 0
    listing = capsys.readouterr().out
    assert "商品（4 个）：" in listing and "脚本（" in listing and "播放列表（" in listing
    assert main(["show", "queue", "--db", db]) == 0
    queue = capsys.readouterr().out.splitlines()
    assert queue[0].startswith("状态：空闲   商品："), queue
    assert queue[1].startswith("现在："), queue
    assert main(["--lang", "en", "show", "queue", "--db", db]) == 0
    assert capsys.readouterr().out.startswith("state: idle   product: ")


def test_a_checked_scripts_findings_read_in_chinese(
    locale, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A real compliance check of a script with a blocked line, as `studio show check` prints it."""
    from studio.core.paths import assets_dir

    bad = tmp_path / "bad.txt"
    bad.write_text(
        "@product 316不锈钢保温杯\n大家好\n这是全网最低价，只要69元！\n", encoding="utf-8"
    )
    catalog = str(assets_dir() / "demo" / "products.csv")
    locale("zh_CN.UTF-8")
    assert main(["show", "check", str(bad), "--catalog", catalog]) == 2
    out = capsys.readouterr().out.splitlines()
    assert any(line.startswith("bad.txt:3:3: 拦截: '全网最低' [absolute-term] “全网最低”是绝对化用语")
               for line in out), out  # fmt: skip
    assert "    建议：改为“直播间专享价”或直接说出价格 {price}" in out
    assert "    位置：脚本“bad”第 3 条" in out
    assert out[-1] == "bad.txt：3 条内容，2 个问题，2 个会拦截"
    assert not any(re.search(r"\b(BLOCKS|suggestion|items|findings)\b", line) for line in out)
    locale("C")
    assert main(["show", "check", str(bad), "--catalog", catalog]) == 2
    english = capsys.readouterr().out
    assert "bad.txt:3:3: BLOCKS: '全网最低' [absolute-term]" in english
    assert "bad.txt: 3 items, 2 findings, 2 blocking" in english


def test_a_live_rooms_console_reads_in_chinese_and_its_log_file_stays_english(
    tmp_path: Path, studio_home: Path
) -> None:
    room = tmp_path / "room.toml"
    room.write_text(
        '[room]\nname = "zh"\nshow_db = "show.db"\n[record]\nfolder = "rec"\n'
        '[control]\nport = 0\ntoken = "t"\n',
        encoding="utf-8",
    )
    r = _studio("live", "--config", str(room), "--seconds", "1", lang="zh_CN.UTF-8",
                home=studio_home)  # fmt: skip
    assert r.returncode == 0, r.stderr[-3000:]
    assert re.search(r"^直播中：zh → （不推流）；远程控制 127\.0\.0\.1:\d+；日志 ", r.stdout, re.M)
    stopped = re.search(r"^已停止：00:00:0\d .*$", r.stdout, re.M)
    assert stopped and re.search(r" 帧/秒 .* 延迟 \d+ 跳帧 \d+ ", stopped[0]), r.stdout
    assert not re.search(r"fps|lagged|reconnects", stopped[0]), stopped[0]
    console = [line for line in r.stderr.splitlines() if line.startswith("20")]
    port = re.search(r"远程控制接口：`http://127\.0\.0\.1:(\d+)`", r.stderr)
    assert port, r.stderr[-3000:]
    assert any(" 信息 studio.runtime.control: 远程控制接口" in line for line in console)
    for line in console:  # studio's own records: a Chinese level name
        assert re.match(r"\S+ \S+ (信息|警告|错误|严重错误) ", line), line
    log_file = (studio_home / "logs" / "live.log").read_text(encoding="utf-8")
    assert f"INFO studio.runtime.control: control API on http://127.0.0.1:{port[1]}" in log_file
    assert "信息" not in log_file and "远程控制" not in log_file


def test_the_stream_health_line_reads_in_chinese_and_stays_as_it_was_in_english(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    down = OutputStats("rtmp", "retrying", reconnects=2, retry_in_s=3.0,
                       last_error="connection refused by 127.0.0.1:19611")  # fmt: skip
    rec = OutputStats("record", "recording", kbps=2980.4, detail="demo-0001.mp4")
    stats = StreamStats(uptime_s=65.2, fps=25.0, video_kbps=3012, lagged=1, outputs=(down, rec))
    monkeypatch.setenv("STUDIO_LANG", "en")
    assert stats_line(stats) == stats.line()
    monkeypatch.setenv("STUDIO_LANG", "zh_CN")
    assert stats_line(stats) == (
        "00:01:05 25.0 帧/秒  3012 kb/s 延迟 1 跳帧 0 丢帧 0 重连 2 音画差 +0 毫秒"
        " | rtmp: 等待重连 重连 2 3.0 秒后重试 127.0.0.1:19611 拒绝了连接"
        " | record: 录制中 2980 kb/s demo-0001.mp4"
    )


def test_the_voice_commands_read_in_chinese(tmp_path: Path) -> None:
    home = tmp_path / "home"
    voices = _studio("voice", "list", lang="zh_CN.UTF-8", home=home)
    assert voices.returncode == 0, voices.stderr
    assert "没有声音包" in voices.stdout and "能说所有语言" in voices.stdout
    said = _studio("tts", "大家好", "-o", str(tmp_path / "a.wav"), lang="zh_CN.UTF-8", home=home)
    assert said.returncode == 0, said.stderr
    assert said.stdout.startswith("已写入 ") and "赫兹单声道" in said.stdout
    english = _studio("voice", "list", lang="C", home=home)
    assert "no voice packs in" in english.stdout and "speaks every language" in english.stdout


def test_every_progress_stage_has_its_words_and_they_are_catalogued() -> None:
    stages = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "progress"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                stages.add(node.args[0].value)
    assert {"probe", "track", "save", "render", "avatar"} <= stages
    assert stages <= set(STAGE_WORDS), f"add words for {sorted(stages - set(STAGE_WORDS))}"
    for stage, words in STAGE_WORDS.items():
        assert CJK.search(translate(words, "zh_CN")), (stage, words)


def test_the_covered_commands_print_no_text_around_the_catalogue() -> None:
    """In the covered modules a line of words is printed with say() (or built with
    cli_text()): a print() of a literal or an f-string with words is one left out."""
    left = []
    for name in COVERED:
        tree = ast.parse((PACKAGE / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "print":
                for arg in node.args:
                    template = template_of(arg)
                    if template is not None and has_words(template):
                        left.append(f"{name}:{node.lineno}: {template!r}")
    assert not left, "print these with studio.core.output.say:\n" + "\n".join(left)


def test_stage_labels_and_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDIO_LANG", "zh_CN")
    assert stage_label("track") == "跟踪人脸和身体"
    assert stage_label("no-such-stage") == "no-such-stage"
    monkeypatch.setenv("STUDIO_LANG", "en")
    assert stage_label("track") == "track"
    assert width("照片") == 4 and width("photo") == 5
    assert pad("照片", 6) == "照片  " and pad("photo", 6) == "photo "
