"""A cloned presenter's voice profile: stored at creation, measured later for older
packages, and what `studio tts --avatar` matches to."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np

from studio.avatar.package import load_avatar
from studio.core.wav import read_wav, write_wav
from studio.speech.voice_profile import VoiceProfile, estimate_profile, hz_to_st

STUDIO = [sys.executable, "-m", "studio.cli"]


def _voice_only_copy(cloned_path: Path, dest: Path, keep_profile: bool) -> Path:
    """The parts of the package a voice needs (manifest, voice reference), as an avatar
    made before profiles were stored when ``keep_profile`` is False."""
    dest.mkdir(parents=True)
    shutil.copy(cloned_path / "voice_reference.wav", dest / "voice_reference.wav")
    data = json.loads((cloned_path / "manifest.json").read_text(encoding="utf-8"))
    if not keep_profile:
        data["contents"].pop("voice_profile", None)
    (dest / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    return dest


def test_cloning_stores_the_presenters_voice_profile(cloned) -> None:
    data = json.loads((cloned.path / "manifest.json").read_text(encoding="utf-8"))
    stored = VoiceProfile.from_json(data["contents"]["voice_profile"])
    pcm, rate = read_wav(cloned.path / "voice_reference.wav")
    measured = estimate_profile(pcm, rate)
    assert measured is not None
    assert stored.to_json() == measured.to_json()
    assert 60 < stored.f0_median_hz < 400 and stored.voiced_s > 1.0
    assert load_avatar(cloned.path).voice_profile == VoiceProfile.from_json(stored.to_json())


def test_an_older_package_gets_its_profile_measured_and_kept(cloned, tmp_path: Path) -> None:
    old = _voice_only_copy(cloned.path, tmp_path / "old", keep_profile=False)
    assert "voice_profile" not in json.loads((old / "manifest.json").read_text())["contents"]
    profile = load_avatar(old).voice_profile
    assert profile is not None
    kept = json.loads((old / "manifest.json").read_text())["contents"]["voice_profile"]
    assert kept == profile.to_json()


def test_the_voice_reference_is_analysed_for_frame_matching(cloned, tmp_path: Path) -> None:
    """Her voice reference becomes the frame pool TTS is matched to; a package whose
    reference is too short for it (or empty) keeps its profile and has no pool, so its
    TTS is matched globally."""
    pool = load_avatar(cloned.path).voice_pool
    pcm, rate = read_wav(cloned.path / "voice_reference.wav")
    assert pool is not None and pool.sample_rate == rate
    assert 0.5 * len(pcm) / rate < pool.seconds <= len(pcm) / rate
    for name, samples in (("short", pcm[: rate // 4]), ("empty", pcm[:0])):
        copy = _voice_only_copy(cloned.path, tmp_path / name, keep_profile=True)
        write_wav(copy / "voice_reference.wav", samples, rate)
        avatar = load_avatar(copy)
        assert avatar.voice_profile is not None and avatar.voice_pool is None, name


def test_tts_as_the_presenter_is_matched_and_no_match_is_stock(
    cloned, tmp_path: Path, studio_home: Path
) -> None:
    """The presenter cloned from eSpeak speech, moved up 5 semitones (a different person):
    `--avatar` speaks at her pitch, `--no-match` at eSpeak's own."""
    her = _voice_only_copy(cloned.path, studio_home / "avatars" / "her", keep_profile=True)
    data = json.loads((her / "manifest.json").read_text(encoding="utf-8"))
    stock = VoiceProfile.from_json(data["contents"]["voice_profile"])
    target = VoiceProfile(
        stock.f0_median_hz * 2 ** (5 / 12),
        stock.f0_spread_st,
        tuple(f * 1.1 for f in stock.formants_hz),
        stock.tilt_db_oct,
        stock.voiced_s,
    )
    data["contents"]["voice_profile"] = target.to_json()
    (her / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    text = "欢迎来到直播间，今天这款面霜只要九十九元。"
    outs = {}
    for flag in ("match", "no-match"):
        out = tmp_path / f"{flag}.wav"
        extra = ["--no-match"] if flag == "no-match" else []
        r = subprocess.run(
            [*STUDIO, "tts", text, "--avatar", "her", *extra, "-o", str(out)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert r.returncode == 0, r.stderr
        outs[flag] = read_wav(out)[0]
    assert len(outs["match"]) == len(outs["no-match"])
    f0 = {k: estimate_profile(v).f0_median_hz for k, v in outs.items()}
    assert abs(hz_to_st(f0["match"]) - hz_to_st(target.f0_median_hz)) < 1.0, f0
    assert hz_to_st(f0["match"]) - hz_to_st(f0["no-match"]) > 3.0, f0
    assert not np.array_equal(outs["match"], outs["no-match"])


def test_tts_no_match_without_avatar_is_refused(tmp_path: Path) -> None:
    r = subprocess.run(
        [*STUDIO, "tts", "你好", "--no-match", "-o", str(tmp_path / "x.wav")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2 and "--avatar" in r.stderr
