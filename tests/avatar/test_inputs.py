"""Bad input is refused early, each with its own message and a hint (issue 5)."""

from __future__ import annotations

import re
from pathlib import Path

import av
import numpy as np
import pytest

from studio.avatar.create import CreateOptions, create_from_video
from studio.avatar.names import avatars_root
from studio.avatar.probe import check_decoded, probe_video
from studio.avatar.video_io import iter_frames, work_size
from studio.core.errors import FaceNotFoundError, InputError
from studio.core.progress import Cancelled

from .conftest import (
    blurred,
    cut_short,
    encode_video,
    no_face,
    small_face,
    too_dark,
    two_faces,
    zero_tail,
)

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


# -- damaged files (issue 17): judged by what decodes, not by what the header says -------
def decoded_s(video: Path) -> float:
    """Seconds of pictures PyAV decodes before the file ends or fails (25 fps)."""
    frames = 0
    with av.open(str(video)) as c:
        try:
            for _ in c.decode(video=0):
                frames += 1
        except av.FFmpegError:
            pass
    return frames / 25


def header_s(video: Path) -> float:
    with av.open(str(video)) as c:
        vs = c.streams.video[0]
        return float(vs.duration * vs.time_base)


def damage_numbers(message: str) -> tuple[float, float]:
    """(decodes, claimed) from "... it decodes to X s of the Y s its header claims"."""
    m = re.search(r"decodes to ([\d.]+) s of the ([\d.]+) s its header claims", message)
    assert m, message
    return float(m.group(1)), float(m.group(2))


@pytest.fixture(scope="module")
def faststart24(make_variant) -> Path:
    """24 s of the talking face as phones write MP4: the index (and length) up front."""
    return make_variant("faststart24", seconds=24, faststart=True)


def test_a_faststart_file_cut_in_half_is_damaged_not_20_s(
    faststart24: Path, tmp_path: Path
) -> None:
    half = cut_short(faststart24, 0.5, tmp_path / "half.mp4")
    assert header_s(half) == pytest.approx(24.0)  # the header still claims it all
    real = decoded_s(half)
    assert 8 < real < 16
    with pytest.raises(InputError) as info:
        probe_video(half)
    decodes, claimed = damage_numbers(info.value.message)
    assert info.value.message.startswith("the video file is damaged")
    assert decodes == pytest.approx(real, abs=0.06) and claimed == 24.0
    assert "copy the file again or re-export it" in info.value.hint
    # --allow-short accepts what decodes, and the length it reports is that, not 24 s.
    allowed = probe_video(half, allow_short=True)
    assert allowed.truncated and allowed.duration_s == pytest.approx(real, abs=0.05)
    assert allowed.frame_count == pytest.approx(real * 25, abs=1)


def test_a_cut_file_that_still_holds_enough_goes_on(faststart24: Path, tmp_path: Path) -> None:
    most = cut_short(faststart24, 0.95, tmp_path / "most.mp4")
    real = decoded_s(most)
    assert 20 < real < 23.5
    info = probe_video(most)  # long enough: no error; create records a warning
    assert info.truncated and info.header_duration_s == pytest.approx(24.0)
    assert info.duration_s == pytest.approx(real, abs=0.05)
    whole = probe_video(faststart24)
    assert not whole.truncated and whole.duration_s == pytest.approx(24.0)


def test_data_that_does_not_decode_is_judged_by_the_frames_that_do(
    faststart24: Path, tmp_path: Path
) -> None:
    """The packet scan cannot see this damage; the decode pass (tracking's) does."""
    for fraction, enough in ((0.5, False), (0.95, True)):
        broken = zero_tail(faststart24, fraction, tmp_path / f"zeroed{fraction}.mp4")
        info = probe_video(broken)
        assert not info.truncated and info.duration_s == pytest.approx(24.0)
        frames = sum(1 for _ in iter_frames(info, work_size(info.width, info.height, 320)))
        assert frames / 25 == pytest.approx(decoded_s(broken), abs=0.05)
        if enough:
            warning = check_decoded(info, frames)
            assert warning is not None and "the avatar is built from what decodes" in warning
            assert damage_numbers(warning) == (round(frames / 25, 1), 24.0)
        else:
            with pytest.raises(InputError) as err:
                check_decoded(info, frames)
            assert damage_numbers(err.value.message) == (round(frames / 25, 1), 24.0)
            assert "re-export" in err.value.hint
    assert check_decoded(info, 600) is None  # every frame decoded: nothing to say
