"""Script files (TOML and plain text): items, product context, positions, clips."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from studio.core.errors import InputError
from studio.core.paths import assets_dir
from studio.core.timeline import SAMPLE_RATE
from studio.show.checker import check_script_file
from studio.show.clips import probe_clip
from studio.show.importer import import_file
from studio.show.items import ItemKind
from studio.show.scriptfile import parse_script_file
from studio.show.store import ShowStore


def make_wav(path: Path, seconds: float = 1.0, rate: int = 44100) -> Path:
    n = int(seconds * rate)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((np.sin(np.arange(n) * 0.05) * 3000).astype(np.int16).tobytes())
    return path


def test_demo_script_is_compliant(catalogue, terms) -> None:
    from studio.show.products import read_products

    products = {p.name: p for p in read_products(assets_dir() / "demo" / "products.csv")}
    report = check_script_file(
        assets_dir() / "demo" / "script.toml", lookup=products.get, terms=terms
    )
    assert report.findings == []
    assert len(report.parsed.scripts) == 5 and len(report.parsed.playlists) == 2
    night = next(p for p in report.parsed.playlists if p.name == "夜间轮播")
    assert str(night.windows[0]) == "20:00-08:00"


def test_toml_items_context_and_positions(tmp_path: Path, catalogue, terms) -> None:
    make_wav(tmp_path / "hello.wav")
    f = tmp_path / "s.toml"
    f.write_text(
        '[[script]]\nname = "杯子"\nproduct = "保温杯"\n\n'
        '  [[script.item]]\n  text = "这款{name}是全网最低价"\n\n'  # line 6
        '  [[script.item]]\n  pause = "800ms"\n\n'
        '  [[script.item]]\n  clip = "hello.wav"\n\n'
        '  [[script.item]]\n  product = "真丝围巾"\n\n'
        '  [[script.item]]\n  text = """第一行，\n围巾只要\\u4e5d十九元"""\n',  # lines 18-19
        encoding="utf-8",
    )
    report = check_script_file(f, lookup=catalogue.get, terms=terms)
    items = report.parsed.scripts[0].items
    assert [i.kind for i in items] == [
        ItemKind.PRODUCT,
        ItemKind.TEXT,
        ItemKind.PAUSE,
        ItemKind.CLIP,
        ItemKind.PRODUCT,
        ItemKind.TEXT,
    ]
    assert items[1].product == "保温杯" and items[5].product == "真丝围巾"
    assert items[2].samples == SAMPLE_RATE * 8 // 10
    assert items[3].clip is not None and items[3].clip.samples == SAMPLE_RATE
    located = [(f.line, f.col, f.finding.term) for f in report.findings]
    # '全网最低' after '这款' + filled name: col of '全' in the source line
    assert located == [(6, 20, "全网最低"), (19, 5, "九十九元")]
    assert '  text = "这款{name}是全网最低价"'[19] == "全"


def test_plain_text_scripts(tmp_path: Path, catalogue, terms) -> None:
    f = tmp_path / "pitch.txt"
    f.write_text(
        "# comment\n大家好！\n@product 保温杯\n  今天只要{price}，全网最低。\n@pause 1s\n"
        "@script 第二段\n\\@开头的一句\n",
        encoding="utf-8",
    )
    report = check_script_file(f, lookup=catalogue.get, terms=terms)
    first, second = report.parsed.scripts
    assert first.name == "pitch" and second.name == "第二段"
    assert [i.kind.value for i in first.items] == ["text", "product", "text", "pause"]
    assert second.items[0].text == "@开头的一句"
    [(line, col, term)] = [(x.line, x.col, x.finding.term) for x in report.findings]
    assert (line, col, term) == (4, 15, "全网最低")


def test_structural_problems_are_collected_with_lines(tmp_path: Path, catalogue, terms) -> None:
    (tmp_path / "bad.wav").write_bytes(b"RIFF....not really")
    f = tmp_path / "s.toml"
    f.write_text(
        '[[script]]\nname = "x"\n'
        '  [[script.item]]\n  text = "只要{price}"\n'  # line 3-4: no product in context
        '  [[script.item]]\n  clip = "bad.wav"\n'  # line 5
        '  [[script.item]]\n  product = "没有这个"\n'  # line 7
        '  [[script.item]]\n  text = "a"\n  pause = "1s"\n'  # line 9: two keys
        '[[playlist]]\nname = "p"\nscripts = ["x", "nope"]\nwindow = "22:00-22:00"\n',  # 12
        encoding="utf-8",
    )
    report = check_script_file(f, lookup=catalogue.get, terms=terms)
    got = [(x.line, x.finding.rule) for x in report.findings]
    assert got == [
        (4, "product"),
        (5, "file"),
        (7, "product"),
        (9, "file"),
        (12, "file"),
        (12, "playlist"),
    ]
    assert all(x.structural and x.blocking for x in report.findings)


def test_import_refuses_structural_problems_and_keeps_nothing(
    tmp_path: Path, store: ShowStore
) -> None:
    f = tmp_path / "s.toml"
    f.write_text(
        '[[script]]\nname = "x"\n  [[script.item]]\n  product = "没有这个"\n', encoding="utf-8"
    )
    with pytest.raises(InputError, match="nothing was imported") as err:
        import_file(store, f)
    assert "s.toml:3:1" in err.value.message and store.scripts() == []


def test_a_line_too_long_to_speak_is_refused_at_import_with_its_line(
    tmp_path: Path, store: ShowStore
) -> None:
    f = tmp_path / "long.txt"
    f.write_text("开场白\n" + "这款外套很保暖。" * 200 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="nothing was imported") as err:
        import_file(store, f)
    assert "long.txt:2:1" in err.value.message and "1,600 characters long" in err.value.message
    assert store.scripts() == []


def test_clip_probe_rejects_unsupported(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (4, 4)).save(tmp_path / "photo.png")
    with pytest.raises(InputError, match="has no audio stream"):
        probe_clip(tmp_path / "photo.png")
    (tmp_path / "junk.mp3").write_bytes(b"\x00junk" * 200)
    with pytest.raises(InputError, match="cannot be read as audio") as err:
        probe_clip(tmp_path / "junk.mp3")
    assert "WAV, MP3" in err.value.hint


def test_clip_is_copied_into_the_show_folder(tmp_path: Path, store: ShowStore) -> None:
    import av

    clip = tmp_path / "voice.flac"
    with av.open(str(clip), "w") as out:  # a real FLAC written by FFmpeg
        stream = out.add_stream("flac", rate=48000)
        frame = av.AudioFrame.from_ndarray(
            np.zeros((1, 4800), dtype=np.int16), format="s16", layout="mono"
        )
        frame.sample_rate = 48000
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    f = tmp_path / "s.txt"
    f.write_text("@clip voice.flac\n@clip voice.flac | 大家好\n", encoding="utf-8")
    import_file(store, f)
    clip.unlink()  # the merchant deletes the original
    item, said = store.script("s").items
    assert item.clip is not None and Path(item.clip.path).is_file()
    assert Path(item.clip.path).parent == store.path.parent / "clips"
    assert item.clip.samples == 4800
    assert (item.text, said.text, said.clip) == ("", "大家好", item.clip)  # its text is kept


def test_unknown_format(tmp_path: Path) -> None:
    f = tmp_path / "s.docx"
    f.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="unknown script format"):
        parse_script_file(f)


def test_a_clip_may_carry_its_text(tmp_path: Path) -> None:
    """A recording and what it says: TOML `clip` + `text`, or `@clip PATH | text`."""
    make_wav(tmp_path / "hi.wav")
    toml = tmp_path / "s.toml"
    toml.write_text(
        '[[script]]\nname = "x"\n'
        '  [[script.item]]\n  clip = "hi.wav"\n  text = "大家好，  欢迎\\n来到直播间"\n'
        '  [[script.item]]\n  text = "这句由合成语音说"\n',
        encoding="utf-8",
    )
    parsed = parse_script_file(toml)
    assert parsed.problems == []
    clip, said = parsed.scripts[0].items
    assert clip.kind is ItemKind.CLIP and clip.text == "大家好， 欢迎 来到直播间"
    assert said.kind is ItemKind.TEXT and said.text == "这句由合成语音说"
    assert clip.describe().startswith("[clip hi.wav] 大家好")
    assert type(clip).from_json(clip.to_json()) == clip  # kept as queued
    txt = tmp_path / "s.txt"
    txt.write_text("@clip hi.wav | Buy more apples.\n@clip hi.wav\n", encoding="utf-8")
    with_text, without = parse_script_file(txt).scripts[0].items
    assert (with_text.text, without.text) == ("Buy more apples.", "")
    assert with_text.clip is not None and with_text.clip.samples == SAMPLE_RATE

    bad = tmp_path / "bad.txt"
    bad.write_text(
        "@clip hi.wav |   \n@clip hi.wav | 只要{price}\n@clip hi.wav | 等一下[pause 1s]好\n"
        "@clip hi.wav | " + "买" * 1001 + "\n@clip hi.wav\n",
        encoding="utf-8",
    )
    problems = [(p.line, p.message) for p in parse_script_file(bad).problems]
    assert [line for line, _ in problems] == [1, 2, 3, 4]
    assert "empty text" in problems[0][1] and "placeholders" in problems[1][1]
    assert "1,001 characters long" in problems[3][1]
