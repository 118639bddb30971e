"""Bad input is refused early, each with its own message and a hint (issue 5)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from studio.avatar.create import CreateOptions, create_from_video
from studio.avatar.names import avatars_root
from studio.avatar.probe import probe_video
from studio.core.errors import FaceNotFoundError, InputError
from studio.core.progress import Cancelled

from .conftest import blurred, encode_video, no_face, small_face, too_dark, two_faces

SHORT = CreateOptions(allow_short=True)


def _refused(
    video: Path, options: CreateOptions = SHORT, stages: list[str] | None = None
) -> InputError:
    seen: list[str] = []

    def progress(stage: str, done: int, total: int) -> None:
        if not seen or seen[-1] != stage:
            seen.append(stage)

    with pytest.raises(InputError) as info:
        create_from_video(video, "x", options, progress)
    assert info.value.hint, "every refusal says what to do"
    if stages is not None:
        stages.extend(seen)
    assert not (avatars_root() / "x").exists()
    assert not any(avatars_root().glob(".x.*")) if avatars_root().exists() else True
    return info.value


def test_missing_file(tmp_path: Path) -> None:
    err = _refused(tmp_path / "nope.mp4")
    assert "does not exist" in err.message


def test_unreadable_files(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.mp4"
    garbage.write_bytes(np.random.default_rng(0).integers(0, 256, 50_000, dtype=np.uint8).tobytes())
    assert "cannot read garbage.mp4" in _refused(garbage).message
    text = tmp_path / "notes.mov"
    text.write_text("not a video\n" * 100)
    assert "cannot read notes.mov" in _refused(text).message
    assert "is not a file" in _refused(tmp_path).message


def test_audio_only_file_has_no_video_stream(tmp_path: Path) -> None:
    import av

    path = tmp_path / "voice.m4a"
    with av.open(str(path), "w") as out:
        s = out.add_stream("aac", rate=48_000)
        s.layout = "mono"
        for i in range(50):
            f = av.AudioFrame.from_ndarray(
                np.zeros((1, 1024), np.float32), format="fltp", layout="mono"
            )
            f.sample_rate, f.pts = 48_000, i * 1024
            out.mux(s.encode(f))
        out.mux(s.encode(None))
    err = _refused(path)
    assert "no video stream" in err.message


def test_no_audio_stream(make_variant) -> None:
    err = _refused(make_variant("silent", seconds=24, audio=False), CreateOptions())
    assert "no audio stream" in err.message and "microphone" in err.hint


def test_too_short_unless_allowed(make_variant) -> None:
    clip = make_variant("short8", seconds=8)
    err = _refused(clip, CreateOptions())
    assert "only 8.0 s long" in err.message and "--allow-short" in err.hint
    assert probe_video(clip, allow_short=True).duration_s == pytest.approx(8.0, abs=0.1)


def test_too_long(tmp_path: Path) -> None:
    frames = (np.full((64, 64, 3), 100, np.uint8) for _ in range(11 * 60 * 5))
    audio = np.zeros(11 * 60 * 48_000, np.int16)
    clip = encode_video(
        tmp_path / "long.mkv", frames, fps=5, audio=audio, acodec="pcm_s16le", audio_rate=8000
    )
    err = _refused(clip, CreateOptions())
    assert "11.0 minutes long" in err.message and "at most 10 minutes" in err.message


def test_no_face(make_variant) -> None:
    err = _refused(make_variant("noface", no_face))
    assert isinstance(err, FaceNotFoundError) and "no face found" in err.message


def test_two_faces(make_variant) -> None:
    err = _refused(make_variant("twofaces", two_faces))
    assert "more than one face" in err.message and "alone" in err.hint


def test_face_too_small(make_variant) -> None:
    err = _refused(make_variant("smallface", small_face))
    assert "too small" in err.message and "closer" in err.hint


def test_too_dark(make_variant) -> None:
    err = _refused(make_variant("dark", too_dark))
    assert "too dark" in err.message and "light" in err.hint


def test_too_blurred(make_variant) -> None:
    err = _refused(make_variant("blurred", blurred))
    assert "too blurred" in err.message and "focus" in err.hint


def test_checks_run_before_any_tracking(make_variant) -> None:
    stages: list[str] = []
    _refused(make_variant("twofaces", two_faces), stages=stages)
    assert "track" not in stages and stages[:2] == ["probe", "check"]


def test_face_lost_fails_during_tracking_right_then(make_variant) -> None:
    """The face leaves for the last 30%: the samples mostly see it, tracking stops early."""
    clip = make_variant("leaves", lambda i, f: no_face(i, f) if i >= 70 else f, seconds=4)
    done: list[int] = []

    def progress(stage: str, d: int, total: int) -> None:
        if stage == "track":
            done.append(d)

    with pytest.raises(FaceNotFoundError) as info:
        create_from_video(clip, "x", SHORT, progress)
    assert "the face was lost in 11 of the first" in info.value.message
    assert max(done) < 100  # it stopped well before the end of the clip
    assert not (avatars_root() / "x").exists()


def test_cancel_midway_leaves_nothing(make_variant) -> None:
    clip = make_variant("ok4", seconds=4)

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "track" and done > 40:
            raise Cancelled()

    with pytest.raises(Cancelled):
        create_from_video(clip, "half", SHORT, progress)
    assert list(avatars_root().iterdir()) == []


def test_bad_names_are_refused(make_variant) -> None:
    clip = make_variant("ok4", seconds=4)
    for bad in ["../evil", "a/b", "a\\b", ".hidden", "", "x" * 65, "con", "tab\tname", "end."]:
        with pytest.raises(InputError):
            create_from_video(clip, bad, SHORT)
