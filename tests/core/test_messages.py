"""The engine's messages reach a Chinese merchant in Chinese: every message and hint in
the source has a catalogue entry (found by scanning the source, so a new one cannot be
left out), no entry is stale, the Chinese has no stray English, and nothing asks her to
type a command in the window."""

from __future__ import annotations

import logging
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from studio.core import messages
from studio.core.errors import InputError
from studio.core.message_sources import PACKAGE, has_words, percent_template, sites
from studio.core.messages import compile_template, fill, slots, translate
from studio.core.paths import assets_dir
from studio.show.compliance import check_text
from studio.show.importer import import_file
from studio.show.store import ShowStore
from studio.show.terms import load_terms
from studio.stream.ingest import parse_ingest
from studio.stream.rtmp import RtmpError, RtmpPublisher, SocketSettings

# Messages not built from literals, checked by hand: the audience desk passes on the
# message and hint of an InputError raised (and so catalogued) in the event parser.
# core/background.py raises again, here, the error a child process raised (catalogued there).
# `studio doctor` shows what a check found as the check found it: a version number, a
# font's path, a GPU's name, STUDIO_HOME.
BUILT_ELSEWHERE = {
    ("runtime/audience.py", "message"),
    ("runtime/audience.py", "hint"),
    ("core/background.py", "message"),
    ("doctor.py", "check"),
}
# Words a merchant knows (formats, platforms, product names) or that name a unit.
ALLOWED_LATIN = {
    w.lower()
    for w in [
        "AI",
        "RTMP",
        "RTMPS",
        "rtmp",
        "rtmps",
        "H.264",
        "MP4",
        "MOV",
        "MKV",
        "WebM",
        "FLV",
        "CSV",
        "JSON",
        "TOML",
        "PNG",
        "JPEG",
        "JPG",
        "WAV",
        "MP3",
        "M4A",
        "AAC",
        "Opus",
        "UTF-8",
        "GBK",
        "PCM",
        "MB",
        "Studio",
        "PyAV",
        "PyPI",
        "FFmpeg",
        "libx264",
        "Piper",
        "eSpeak",
        "NG",
        "Coqui",
        "XTTS",
        "XTTS-v2",
        "VITS",
        "nginx",
        "mediapipe",
        "PySide6",
        "Windows",
        "Debian",
        "Ubuntu",
        "Python",
        "TLS",
        "Ctrl-C",
        "XL",
        "Qt",
        "CPU",
        "GPU",
        "CUDA",
        "OpenCV",
        "kb",
    ]
}
EXTERNAL = {"os", "ffmpeg"}  # ``source`` of texts another program writes
COMMAND = re.compile(r"studio |--|pip install|make |apt-get|chmod")
CODE = re.compile(r"`[^`]*`")
# slots, literal JSON in braces, and script markup ({price}: what she types in a line)
SLOT = re.compile(r"\{\{.*?\}\}|\{[^{}]*\}")
WORD = re.compile(r"(?<![.\w/-])[A-Za-z][A-Za-z0-9.+_-]*")


@pytest.fixture(scope="module")
def found() -> list:
    return sites()


@pytest.fixture(scope="module")
def catalogue() -> tuple[messages.Entry, ...]:
    return messages.load("zh_CN")


def latin_words(text: str) -> list[str]:
    """Latin words outside code spans, slots and the allow list."""
    plain = SLOT.sub(" ", CODE.sub(" ", text))
    return [w for w in WORD.findall(plain) if w.rstrip(".").lower() not in ALLOWED_LATIN]


def test_the_scan_finds_raise_sites_hints_and_notes_in_the_package(found: list) -> None:
    """The scan itself: it reads f-strings as templates and sees every kind of text."""
    templates = {s.template for s in found}
    assert "the video is only {} s long; at least {} s are needed" in templates  # raise
    assert "film closer: head and shoulders, or upper body as in a live room" in templates  # hint
    assert "the audio track is silent" in templates  # a creation note
    assert "no smooth base-loop transition was found: the loop will show cuts" in templates
    assert "correct the discount or the catalogue prices" in templates  # a finding's remedy
    assert "this line is blocked:\n  {}" in templates  # a subclass's own message
    assert "the server closed the connection while {}" in templates  # RtmpError(step, msg)
    assert len(templates) > 450


def uncatalogued(found: list, catalogue) -> list[str]:
    """``path:line: template`` of each text the scan found that has no catalogue entry."""
    known = {e.en for e in catalogue}
    return sorted({f"{s.path}:{s.line}: {s.template!r}" for s in found
                   if s.template and s.template not in known})  # fmt: skip


def test_every_message_in_the_source_has_a_catalogue_entry(found: list, catalogue) -> None:
    missing = uncatalogued(found, catalogue)
    assert not missing, "add these to assets/messages/zh_CN.toml:\n" + "\n".join(missing)


def test_the_scan_finds_log_records_and_the_command_lines_output(found: list) -> None:
    """studio's own INFO-and-above log records (their %-fields as slots), and what the
    command line says; never a debug record or a maintainer tool's log."""
    by_kind: dict[str, set] = {}
    for site in found:
        by_kind.setdefault(site.kind, set()).add(site.template)
    assert "scene: {} from frame {}" in by_kind["log"]  # log.info("scene: %s from frame %d")
    assert "the stream is down: no new line starts until it is back" in by_kind["log"]
    assert "clip {} aligned to its text (cost ratio {}, coverage {}%)" in by_kind["log"]  # %%
    assert "thread budget: {}" not in by_kind["log"]  # a debug record
    assert not any(s.path.startswith("tools/") for s in found if s.kind == "log")
    assert "wrote {}  ({} s, {} frames, H.264 + AAC)" in by_kind["output"]  # `make demo`
    assert "all required pieces present" in by_kind["output"]  # studio doctor
    assert {"package {}", "not installed ({})", "pip install {}=={}"} <= (
        by_kind["check"] | by_kind["remedy"]
    )
    assert not any(t and not has_words(t) for t in by_kind["check"])  # "{}.{}.{}": a version


def test_a_new_uncatalogued_log_record_or_output_line_fails_the_check(
    tmp_path: Path, catalogue
) -> None:
    """The completeness check above, on a module that logs and prints something new."""
    (tmp_path / "shiny.py").write_text(
        "import logging\n"
        "from studio.core.output import say\n"
        "log = logging.getLogger(__name__)\n"
        "def run(n, where):\n"
        "    log.info('polished %d frames in %.1f s', n, 2.0)\n"
        "    log.warning('going live to %s', where)  # catalogued already\n"
        "    log.debug('not for the merchant: %r', n)\n"
        "    say(f'shone {n} times')\n",
        encoding="utf-8",
    )
    missing = uncatalogued(sites(tmp_path), catalogue)
    assert missing == [
        "shiny.py:5: 'polished {} frames in {} s'",
        "shiny.py:8: 'shone {} times'",
    ]


def test_a_logging_format_reads_as_a_template() -> None:
    assert percent_template("scene: %s from frame %d") == "scene: {} from frame {}"
    assert percent_template("%.1f s, coverage %.0f%%, %r") == "{} s, coverage {}%, {}"
    assert percent_template("home %s (%o)") == "home {} ({})"
    record = logging.LogRecord(
        "studio.x", logging.INFO, "", 0, "took %.1f s (%d%%)", (2.0, 5), None
    )
    assert compile_template(percent_template("took %.1f s (%d%%)"))[0].fullmatch(
        record.getMessage()
    )


def test_messages_not_built_from_literals_are_the_listed_ones(found: list) -> None:
    unread = {(s.path, s.kind) for s in found if s.template is None}
    assert unread == BUILT_ELSEWHERE, "read these by hand, then list them in BUILT_ELSEWHERE"


def test_no_catalogue_entry_is_stale(found: list, catalogue) -> None:
    """An entry the source no longer builds is removed; one with ``source`` names a
    module (or an asset) whose text holds every fixed part of its template."""
    used = {s.template for s in found}
    stale = []
    for entry in catalogue:
        if entry.source in EXTERNAL:  # the operating system's and FFmpeg's error texts
            continue
        if entry.source:
            root = PACKAGE.parent if entry.source.startswith("assets/") else PACKAGE
            code = (root / entry.source).read_text(encoding="utf-8")
            parts = [p for p in re.split(r"\{\}", entry.en) if p.strip()]
            if not all(p in code for p in parts):
                stale.append(entry.en)
        elif entry.en not in used:
            stale.append(entry.en)
    assert not stale, "no longer in the source:\n" + "\n".join(stale)
    assert len({e.en for e in catalogue}) == len(catalogue), "an entry is listed twice"


def test_every_entry_is_translated_with_its_slots(catalogue) -> None:
    """``zh`` keeps every slot (in order, or numbered); ``gui`` may leave some out."""
    bad = []
    for entry in catalogue:
        n = len(slots(entry.en))
        for target, every in ((entry.zh, True), (entry.gui, False)):
            if not target:
                continue
            fields = slots(target)
            numbered = [f for f in fields if f]
            if numbered:
                ok = all(0 <= int(f) < n for f in numbered)
            else:
                ok = len(fields) == n if every else len(fields) <= n
            if not ok or (numbered and len(numbered) != len(fields)):
                bad.append(f"{entry.en!r} -> {target!r}")
        if not entry.zh:
            bad.append(f"{entry.en!r} has no zh")
    assert not bad, "\n".join(bad)


def test_the_chinese_has_no_english_outside_the_allow_list(catalogue) -> None:
    words = {f"{e.zh!r}: {latin_words(e.zh)}" for e in catalogue if latin_words(e.zh)}
    words |= {f"{e.gui!r}: {latin_words(e.gui)}" for e in catalogue if latin_words(e.gui)}
    assert not words, "\n".join(sorted(words))


def test_nothing_asks_the_merchant_to_type_a_command_in_the_window(catalogue) -> None:
    """An entry whose Chinese names a command has a ``gui`` wording without it."""
    bad = [e.zh for e in catalogue if COMMAND.search(e.zh) and not e.gui]
    bad += [e.gui for e in catalogue if e.gui and (COMMAND.search(e.gui) or "`" in e.gui)]
    assert not bad, "\n".join(bad)


def test_translate_fills_the_slots_and_may_reorder_them() -> None:
    assert translate("the video is only 9.5 s long; at least 20 s are needed", "zh_CN") == (
        "视频只有 9.5 秒；至少需要 20 秒"
    )
    # two slots, put back in the other order
    text = "more than one face: a second face is in 3 of 16 sampled frames"
    assert translate(text, "zh_CN") == "画面里不止一张脸：抽查的 16 帧中有 3 帧出现了第二张脸"
    assert fill("{1} / {0}", ["a", "b"]) == "b / a"


def test_translate_picks_the_most_specific_template_and_nested_messages() -> None:
    # "{} does not exist" would match too; the longer fixed text wins
    assert translate("the FAQ file faq.toml does not exist", "zh_CN") == (
        "常见问题文件 faq.toml 不存在"
    )
    # a slot holding a catalogued text (the OS's reason) is translated as well
    assert translate("connection refused by 127.0.0.1:19611", "zh_CN") == (
        "127.0.0.1:19611 拒绝了连接"
    )
    assert translate("cannot connect to 127.0.0.1:1935: Connection refused", "zh_CN") == (
        "无法连接 127.0.0.1:1935：连接被拒绝"
    )


def test_a_blocked_line_is_translated_line_by_line_with_its_findings() -> None:
    text = (
        "this line is blocked:\n  最 [absolute-term] '最' is an absolute claim "
        "(极限用语; Advertising Law art. 9(3)); suggestion: 很"
    )
    assert translate(text, "zh_CN") == (
        "这句话被拦截了：\n  “最”：“最”是绝对化用语（极限用语；《广告法》第九条第三项）；建议：很"
    )


def test_the_window_gets_its_own_wording_where_a_hint_names_a_command() -> None:
    hint = (
        "record about a minute of talking to the camera (--allow-short, for experts, "
        "builds from shorter clips with a weaker result)"
    )
    assert "--allow-short" in translate(hint, "zh_CN", surface="cli")
    assert translate(hint, "zh_CN", surface="gui") == "请录一段一分钟左右对着镜头说话的视频"
    assert translate(hint, "en", surface="gui") == hint


def test_unknown_text_and_english_come_back_unchanged() -> None:
    assert translate("a message nobody catalogued 42", "zh_CN") == "a message nobody catalogued 42"
    assert translate("the audio track is silent", "en") == "the audio track is silent"
    pattern, literal = compile_template("a {} b {{x}}")
    assert pattern.fullmatch("a 1 b {x}") and literal == len("a  b {x}")


def test_the_language_comes_from_the_choice_then_studio_lang_then_the_locale(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("STUDIO_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    assert messages.current_language() == "en"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert messages.current_language() == "zh_CN"
    monkeypatch.setenv("LC_ALL", "C.UTF-8")  # LC_ALL overrides LANG
    assert messages.current_language() == "en"
    monkeypatch.setenv("STUDIO_LANG", "zh_CN")
    assert messages.current_language() == "zh_CN"
    messages.set_language("en")
    try:
        assert messages.current_language() == "en"
        assert translate("the audio track is silent") == "the audio track is silent"
    finally:
        messages.set_language(None)
    with pytest.raises(ValueError):
        messages.set_language("fr")


def _studio(*args: str, lang: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES")}
    env.pop("STUDIO_LANG", None)
    env["LANG"] = lang
    env["PYTHONPATH"] = str(Path(messages.__file__).resolve().parents[2])
    return subprocess.run(
        [sys.executable, "-m", "studio.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_the_cli_prints_errors_in_chinese_under_a_chinese_locale(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.mp4"
    r = _studio("avatar", "create", str(missing), "--name", "lily", lang="zh_CN.UTF-8")
    assert r.returncode == 2, r.stderr
    err = r.stderr.strip().splitlines()
    assert f"错误：{missing} 不存在" in err, r.stderr
    assert "提示：请检查视频文件的路径" in err, r.stderr


def test_a_corrupt_video_is_explained_in_chinese_with_ffmpegs_reason(tmp_path: Path) -> None:
    corrupt = tmp_path / "clip.mp4"
    corrupt.write_text("not a video")
    r = _studio("avatar", "create", str(corrupt), "--name", "lily", lang="zh_CN.UTF-8")
    assert r.returncode == 2, r.stderr
    err = r.stderr.strip().splitlines()
    assert "错误：无法读取 clip.mp4：文件内容无法识别，不是有效的音视频数据" in err, r.stderr
    assert any(line.startswith("提示：请确认文件是完整的视频") for line in err), r.stderr


def test_lang_en_keeps_the_cli_english_under_a_chinese_locale(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.mp4"
    r = _studio(
        "--lang", "en", "avatar", "create", str(missing), "--name", "lily", lang="zh_CN.UTF-8"
    )
    assert r.returncode == 2, r.stderr
    assert f"error: {missing} does not exist" in r.stderr
    assert "hint: check the path to the video file" in r.stderr


def test_a_hint_naming_a_command_keeps_it_on_the_command_line() -> None:
    """The CLI is where commands are typed: its Chinese keeps them."""
    short = InputError("x", hint="add --yes to delete without asking")
    assert translate(short.hint, "zh_CN") == "加上 `--yes` 直接删除，不再询问"


def test_a_refused_rtmp_connection_reads_in_chinese() -> None:
    """A real connect to a closed port: the reason and hint the stream light shows."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again on leaving: nothing listens there
    publisher = RtmpPublisher(parse_ingest(f"rtmp://127.0.0.1:{port}/live/k"), SocketSettings(2))
    with pytest.raises(RtmpError) as caught:
        publisher.open()
    publisher.close()
    message = translate(caught.value.message, "zh_CN", surface="gui")
    hint = translate(caught.value.hint, "zh_CN", surface="gui")
    assert message == f"127.0.0.1:{port} 拒绝了连接"
    assert hint and not latin_words(hint), hint


def test_compliance_findings_and_remedies_read_in_chinese(tmp_path: Path) -> None:
    """Real checks of lines against the demo catalogue: every finding's message and remedy
    comes out Chinese."""
    with ShowStore(tmp_path / "show.db") as store:
        import_file(store, assets_dir() / "demo" / "products.csv")
        product = store.products()[0].name
        lines = [
            "这是全网最低价的{name}。",
            "今天只要9元！",
            "现在打一折！",
            "只剩3件了！",
            "满200减50",
        ]
        findings = [
            f for line in lines for f in check_text(line, product, store.product, load_terms())
            .findings
        ]  # fmt: skip
    assert {f.rule for f in findings} >= {
        "absolute-term",
        "price",
        "discount",
        "stock",
        "promotion",
    }
    for f in findings:
        for text in (f.message, f.suggestion):
            zh = translate(text, "zh_CN", surface="gui")
            assert zh and not latin_words(zh), (text, zh)
        assert translate(f.message, "zh_CN") != f.message


def test_the_window_quotes_what_the_cli_marks_as_code() -> None:
    hint = "fill the stock column, or drop the claim"
    assert translate(hint, "zh_CN") == "请在商品库里填写库存（`stock` 列），或者去掉这个说法"
    assert (
        translate(hint, "zh_CN", surface="gui")
        == "请在商品库里填写库存（“stock” 列），或者去掉这个说法"
    )


def test_a_value_holding_colons_comes_out_unchanged() -> None:
    """``{}: {}`` translates a file name and the message about it; a value that merely
    holds ": " (an exception's text, a URL with its port, a Windows path) is nobody's
    message and keeps its colons, alone or inside another message."""
    try:
        open(r"C:\Users\me\rec: old\show.flv", encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        reason = str(exc)  # "[Errno 2] No such file or directory: 'C:\\Users\\...'"
    assert ": " in reason
    url = "rtmp://live.example.com:1935/app: connection reset by peer"
    for value in (reason, url, "a: b: c", "C:\\x: y"):
        assert translate(value, "zh_CN") == value
    # inside a catalogued message the message's own colons are Chinese, the value's not
    assert translate(f"record: could not finalise show.flv: {reason}", "zh_CN") == (
        f"record：无法完成 show.flv：{reason}"
    )
    assert translate(f"record: publishing to {url}", "zh_CN") == f"record：正在推流到 {url}"
    # a file name and a catalogued message: the colon before the message reads Chinese,
    # cut where the message starts even when the file name holds ": " itself
    silent = "the audio track is silent"
    assert translate(f"take.wav: {silent}", "zh_CN") == "take.wav：音轨是静音的"
    assert translate(f"C:\\x: y.wav: {silent}", "zh_CN") == "C:\\x: y.wav：音轨是静音的"
    assert translate(f"{url}: {silent}", "zh_CN") == f"{url}：音轨是静音的"
