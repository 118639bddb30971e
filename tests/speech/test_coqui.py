"""The optional Coqui engine: clear errors without the extra, a real VITS load with it."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from studio.core.errors import DependencyError, InputError
from studio.core.timeline import SAMPLE_RATE
from studio.speech.coqui import CoquiEngine, inspect_model_dir
from studio.speech.engine import get_engine

HAS_TTS = importlib.util.find_spec("TTS") is not None


def _folder(tmp_path: Path, kind: str, files: tuple[str, ...] = ("model.pth",)) -> Path:
    folder = tmp_path / kind
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"model": kind}), encoding="utf-8")
    for name in files:
        (folder / name).write_bytes(b"not really weights")
    return folder


def test_missing_model_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(DependencyError, match="No Coqui model folder") as info:
        CoquiEngine()
    assert "downloads nothing" in info.value.hint
    missing = tmp_path / "nowhere"
    with pytest.raises(DependencyError, match="nowhere"):
        CoquiEngine(model_dir=missing)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(DependencyError, match="no config.json"):
        CoquiEngine(model_dir=empty)


def test_folder_contents_are_checked(tmp_path: Path) -> None:
    tacotron = _folder(tmp_path, "tacotron2")
    with pytest.raises(DependencyError, match="tacotron2"):
        inspect_model_dir(tacotron)
    no_weights = _folder(tmp_path, "vits", files=())
    with pytest.raises(DependencyError, match=r"no \.pth"):
        inspect_model_dir(no_weights)
    xtts = _folder(tmp_path, "xtts")
    with pytest.raises(DependencyError, match="vocab.json"):
        inspect_model_dir(xtts)
    (xtts / "vocab.json").write_text("{}", encoding="utf-8")
    kind, config, checkpoint = inspect_model_dir(xtts)
    assert (kind, config.name, checkpoint.name) == ("xtts", "config.json", "model.pth")
    other = tmp_path / "other"
    other.mkdir()
    best = _folder(other, "vits", files=("best_model_1000.pth", "speakers.pth"))
    assert inspect_model_dir(best)[2].name == "best_model_1000.pth"


def test_xtts_needs_a_reference_clip(tmp_path: Path) -> None:
    xtts = _folder(tmp_path, "xtts", files=("model.pth", "vocab.json"))
    with pytest.raises(InputError, match="reference clip"):
        CoquiEngine(model_dir=xtts)
    with pytest.raises(InputError, match="not found"):
        CoquiEngine(model_dir=xtts, reference=tmp_path / "voice.wav")


@pytest.mark.skipif(HAS_TTS, reason="coqui-tts is installed: the missing-extra error cannot occur")
def test_missing_extra_names_the_install_command(tmp_path: Path) -> None:
    vits = _folder(tmp_path, "vits")
    with pytest.raises(DependencyError, match="coqui-tts") as info:
        get_engine("coqui", model_dir=vits)
    assert "pip install 'studio[coqui]'" in info.value.hint


@pytest.mark.skipif(HAS_TTS, reason="coqui-tts is installed")
def test_cli_reports_the_missing_extra(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from studio.cli import main

    vits = _folder(tmp_path, "vits")
    code = main(["tts", "hello", "--engine", "coqui", "--model-dir", str(vits), "-o", "x.wav"])
    err = capsys.readouterr().err
    assert code == 1 and "studio[coqui]" in err


def _tiny_vits(folder: Path) -> None:
    """A randomly initialised, very small VITS saved the way Coqui saves checkpoints."""
    import torch
    from TTS.tts.configs.vits_config import VitsConfig
    from TTS.tts.models.vits import Vits, VitsArgs

    args = VitsArgs(
        hidden_channels=16,
        hidden_channels_ffn_text_encoder=32,
        num_heads_text_encoder=2,
        num_layers_text_encoder=1,
        num_layers_posterior_encoder=1,
        num_layers_flow=1,
        upsample_initial_channel_decoder=32,
        use_sdp=False,
        init_discriminator=False,
    )
    config = VitsConfig(
        model_args=args, use_phonemes=False, add_blank=True, text_cleaner="basic_cleaners"
    )
    torch.manual_seed(0)
    model = Vits.init_from_config(config)
    folder.mkdir(parents=True, exist_ok=True)
    torch.save({"model": model.state_dict()}, folder / "model.pth")
    config.save_json(str(folder / "config.json"))


@pytest.mark.skipif(not HAS_TTS, reason="needs the coqui extra: pip install 'studio[coqui]'")
def test_tiny_vits_loads_and_gives_durations(tmp_path: Path) -> None:
    folder = tmp_path / "tiny-vits"
    _tiny_vits(folder)
    engine = CoquiEngine(model_dir=folder, device="cpu")
    assert engine.kind == "vits"
    utt = engine.synthesize("hello world", language="en")
    assert utt.sample_rate == SAMPLE_RATE and utt.num_samples > 0
    assert utt.audio.dtype == np.int16
    assert utt.phonemes[0].start == 0 and utt.phonemes[-1].end == utt.num_samples
    for p, q in zip(utt.phonemes, utt.phonemes[1:], strict=False):
        assert p.start < p.end == q.start
    assert [w.text for w in utt.words] == ["hello", "world"]
    symbols = "".join(p.phoneme for p in utt.phonemes)
    assert "h" in symbols and "w" in symbols
