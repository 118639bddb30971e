"""`studio text normalize` and `studio tts` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from studio.cli import main

STUDIO = [sys.executable, "-m", "studio.cli"]


def test_text_normalize_prints_the_spoken_form() -> None:
    r = subprocess.run(
        [*STUDIO, "text", "normalize", "只要¥199.9，2件8折🔥，客服13812345678"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "只要一百九十九点九元，两件八折，客服幺三八幺二三四五六七八"


def test_text_normalize_json_and_language(capsys: pytest.CaptureFixture) -> None:
    assert main(["text", "normalize", "--lang", "en", "--json", "$5"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["text"] == "five dollars"
    assert all(span == [0, 2] for span in (m["source"] for m in data["map"]))


def test_tts_writes_wav_and_timeline(tmp_path: Path, studio_home: Path) -> None:
    text = "只要¥99，Buy 2 get 1 free!"
    out, timeline = tmp_path / "out.wav", tmp_path / "out.json"
    r = subprocess.run(
        [*STUDIO, "tts", text, "-o", str(out), "--timeline", str(timeline)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert "wrote" in r.stdout
    with wave.open(str(out)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 48000)
        frames = w.getnframes()
        audio = np.frombuffer(w.readframes(frames), dtype="<i2")
    assert np.abs(audio).max() > 3000
    data = json.loads(timeline.read_text(encoding="utf-8"))
    assert set(data) == {"sample_rate", "phonemes", "words"} and data["sample_rate"] == 48000
    assert data["phonemes"][-1]["end_ms"] == frames * 1000 // 48000
    assert {"p", "viseme", "start_ms", "end_ms"} == set(data["phonemes"][0])
    words = data["words"]
    assert [w["text"] for w in words] == ["只", "要", "¥99", "Buy", "2", "get", "1", "free"]
    for w in words:
        assert text[w["char_start"] : w["char_end"]] == w["text"]
    assert list((studio_home / "cache" / "tts").glob("*.npy"))  # the disk cache was used


def test_tts_reads_stdin_and_uses_piper(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("Hello there."))
    out = tmp_path / "p.wav"
    assert main(["tts", "-", "--engine", "piper", "--no-cache", "-o", str(out)]) == 0
    with wave.open(str(out)) as w:
        assert w.getframerate() == 48000 and w.getnframes() > 48000 // 2


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["tts", "🔥🔥", "-o", "x.wav"], "only emoji"),
        (["tts", "hello", "--rate", "9999", "-o", "x.wav"], "rate 9999 is out of range"),
        (["tts", "hello", "--voice", "en-nowhere", "-o", "x.wav"], "no voice"),
        (["tts", "hello"], "no output file"),
        (["tts", "你好", "--engine", "piper", "-o", "x.wav"], "does not speak Chinese"),
        (["tts", "hello", "--reference", "a.wav", "-o", "x.wav"], "coqui"),
    ],
)
def test_tts_bad_input_exits_2_with_a_hint(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "hint:" in err
    assert not (tmp_path / "x.wav").exists()


def test_tts_lists_voices(capsys: pytest.CaptureFixture) -> None:
    assert main(["tts", "--list-voices"]) == 0
    assert "cmn" in capsys.readouterr().out.split()


def test_text_longer_than_one_line_may_be_is_refused_before_synthesis(tmp_path: Path) -> None:
    """50,000 characters once took `studio tts` to 5.3 GB: refused at once, exit 2."""
    long_text = "今天的保温杯只要九十九元。" * 4000
    out = tmp_path / "long.wav"
    r = subprocess.run(
        [*STUDIO, "tts", "-", "-o", str(out)],
        input=long_text,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2, r.stderr
    assert "52,000 characters long" in r.stderr and "split it" in r.stderr
    assert not out.exists()
