"""The clone of a generated talking face: package contents, schema, tracks, atomicity, CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from studio.avatar import landmarks as L
from studio.avatar.create import CreateOptions, create_from_video
from studio.avatar.manifest import SCHEMA_VERSION
from studio.avatar.mouth import CROP_H, CROP_W
from studio.avatar.names import avatars_root
from studio.avatar.package import load_avatar
from studio.avatar.store import AvatarExistsError
from studio.phonetics.viseme import Viseme

from .conftest import FPS, cut_short, zero_tail

EXPECTED_FILES = [
    "manifest.json",
    "audio.wav",
    "voice_reference.wav",
    "frames/frames.bin",
    "frames/frames.idx.npy",
    "masks/masks.bin",
    "masks/masks.idx.npy",
    "tracks/landmarks.npy",
    "tracks/found.npy",
    "tracks/head_pose.npy",
    "tracks/eyes.npy",
    "tracks/mouth.npy",
    "tracks/to_canonical.npy",
    "tracks/body.npy",
    "tracks/template.npy",
    "mouth/crops.bin",
    "mouth/crops.idx.npy",
    "mouth/to_crop.npy",
    "mouth/lips.npy",
    "mouth/pca.npz",
    "mouth/pca_coeffs.npy",
    "mouth/visemes.json",
    "loop/graph.npz",
]


def test_package_holds_every_part_and_no_pickle(cloned) -> None:
    for rel in EXPECTED_FILES:
        assert (cloned.path / rel).is_file(), rel
    for npy in cloned.path.rglob("*.np[yz]"):
        if npy.suffix == ".npy":
            np.load(npy, allow_pickle=False)
        else:
            with np.load(npy, allow_pickle=False) as z:
                for key in z.files:
                    z[key]
    assert not list(cloned.path.rglob("*.pkl")) and not list(cloned.path.rglob("*.pickle"))
    assert not [p for p in cloned.path.parent.iterdir() if p.name.startswith(".")]  # no temp left


def test_manifest_schema(cloned) -> None:
    data = json.loads((cloned.path / "manifest.json").read_text())
    assert data["schema_version"] == SCHEMA_VERSION and data["kind"] == "video"
    assert data["fps"] == [25, 1] and (data["width"], data["height"]) == (360, 640)
    assert abs(data["frame_count"] - cloned.video.frames) <= 1
    assert len(data["source"]["sha256"]) == 64 and data["source"]["file"] == "talking.mp4"
    assert data["settings"]["quality"] == "fast"
    q = data["quality"]
    for key in (
        "face_found_pct",
        "face_size",
        "blur",
        "brightness",
        "warnings",
        "loop",
        "voice_reference",
    ):
        assert key in q
    assert q["face_found_pct"] > 99 and 0.3 < q["face_size"] < 0.5
    assert q["brightness"] > 80


def test_loaded_avatar_has_typed_parts_of_matching_lengths(cloned) -> None:
    a = load_avatar(cloned.path)
    n = a.num_frames
    assert a.fps.num == 25 and a.size == (360, 640)
    assert a.frame(0).shape == (640, 360, 3) and a.frame(n - 1).shape == (640, 360, 3)
    t = a.tracks
    assert t.landmarks.shape == (n, 478, 3) and t.found.shape == (n,)
    assert t.head_pose.shape == (n, 6) and t.eyes.shape == (n, 2) and t.mouth.shape == (n, 3)
    assert t.body.shape == (n, 33, 3)
    assert len(a.masks) == n and a.masks.read_full(0).shape == (640, 360)
    bank = a.mouth_bank
    assert bank.crop(5).shape == (CROP_H, CROP_W, 3)
    assert bank.lips.shape == (n, 40, 2) and bank.coeffs.shape[0] == n
    assert a.audio_path is not None and a.voice_reference_path is not None


def test_frames_are_the_video_frames(cloned, talking_frames) -> None:
    a = load_avatar(cloned.path)
    for i in (0, 123, a.num_frames - 1):
        ours = a.frame(i)[:, :, ::-1].astype(np.float32)
        assert np.abs(ours - talking_frames[i]).mean() < 4.0  # JPEG q92 of the same frame


def test_lip_signal_tracks_the_rendered_mouth_without_lag(cloned) -> None:
    a = load_avatar(cloned.path)
    opened = a.tracks.mouth[:, 0]
    target = cloned.video.mouth_open[: len(opened)]
    opened = opened[: len(target)]
    assert np.corrcoef(opened, target)[0, 1] > 0.9
    lags = range(-3, 4)
    corr = [np.corrcoef(np.roll(opened, -k)[3:-3], target[3:-3])[0, 1] for k in lags]
    assert lags[int(np.argmax(corr))] == 0
    # Same units as the renderer's targets: closed ~0, wide open ~0.3 inter-ocular.
    assert np.median(opened[target < 0.005]) < 0.04 and np.median(opened[target > 0.25]) > 0.15


def test_head_pose_and_eyes_follow_the_render(cloned) -> None:
    a = load_avatar(cloned.path)
    roll = a.tracks.head_pose[:, 2]
    assert 0.5 < np.ptp(roll) < 8  # the renderer sways +-1.6 degrees
    from studio.render.motion import BlinkSchedule

    blink = BlinkSchedule(a.fps)  # the schedule the fixture was rendered with
    shut = np.array([blink.amount(f) for f in range(a.num_frames)]) > 0.7
    eyes = a.tracks.eyes.mean(axis=1)
    assert shut.sum() >= 4 and eyes[shut].mean() < 0.8 * np.median(eyes)  # blinks are seen


def test_body_and_mask_cover_the_presenter(cloned) -> None:
    a = load_avatar(cloned.path)
    body = a.tracks.body
    shoulders = body[:, [11, 12]]
    assert np.nanmean(shoulders[:, :, 2]) > 0.5
    face_y = a.tracks.landmarks[:, L.CHIN, 1]
    assert np.all(np.nanmedian(shoulders[:, :, 1], axis=1) > face_y)  # shoulders below the chin
    mask = a.masks.read_full(50)
    x0, y0, x1, y1 = (
        a.tracks.landmarks[50, :, :2].min(0).tolist()
        + a.tracks.landmarks[50, :, :2].max(0).tolist()
    )
    assert mask[int(y0) : int(y1), int(x0) : int(x1)].mean() > 200  # the face is person
    assert mask[:20, :20].mean() < 60 or mask[:20, -20:].mean() < 60  # a top corner is not


def test_mouth_bank_crops_are_aligned(cloned) -> None:
    a = load_avatar(cloned.path)
    bank = a.mouth_bank
    lips = bank.lips[a.tracks.found]
    centre = lips.mean(axis=1)
    assert np.all(centre.std(axis=0) < 3.0)  # the mouth sits at the same place in every crop
    assert 0.25 * CROP_W < centre[:, 0].mean() < 0.75 * CROP_W
    assert 0.2 * CROP_H < centre[:, 1].mean() < 0.8 * CROP_H


def test_viseme_table_orders_shapes_like_speech(cloned) -> None:
    a = load_avatar(cloned.path)
    t = a.mouth_bank.viseme_targets()
    assert set(t) == set(Viseme)
    assert t[Viseme.PP].open < t[Viseme.DD].open < t[Viseme.AA].open
    assert t[Viseme.PP].open < 0.03 and t[Viseme.AA].open > 0.15
    assert t[Viseme.I].width > t[Viseme.U].width
    table = a.mouth_bank.visemes
    aa = table[Viseme.AA]
    assert abs(a.tracks.mouth[aa.frame, 0] - aa.open) < 0.05  # a frame that really shows it


def test_voice_reference_is_6_to_10_s_of_speech(cloned) -> None:
    from studio.core.wav import read_wav

    pcm, rate = read_wav(load_avatar(cloned.path).voice_reference_path)
    assert rate == 48_000 and 6.0 <= len(pcm) / rate <= 10.0
    assert np.abs(pcm.astype(np.int32)).max() > 3000


def test_duplicate_name_is_refused_and_force_replaces(
    cloned, studio_home: Path, make_variant
) -> None:
    clip = make_variant("ok4", seconds=4)
    first = create_from_video(clip, "dup", CreateOptions(allow_short=True))
    with pytest.raises(AvatarExistsError) as info:
        create_from_video(clip, "dup", CreateOptions(allow_short=True))
    assert "--force" in info.value.hint
    assert load_avatar("dup").manifest.created == first.manifest.created
    second = create_from_video(clip, "dup", CreateOptions(allow_short=True, force=True))
    assert load_avatar("dup").manifest.frame_count == second.manifest.frame_count
    assert sorted(p.name for p in avatars_root().iterdir()) == ["dup"]


STUDIO = [sys.executable, "-m", "studio.cli"]


def _run(*args: str, home: Path) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, "STUDIO_HOME": str(home)}
    return subprocess.run(
        [*STUDIO, *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def test_cli_create_list_show_delete(studio_home: Path, make_variant) -> None:
    clip = make_variant("ok4", seconds=4)
    r = _run("avatar", "create", str(clip), "--name", "cli-test", "--allow-short", home=studio_home)
    assert r.returncode == 0, r.stderr
    assert "created video avatar 'cli-test'" in r.stdout
    for stage in ("probe", "check", "track", "loop", "save"):
        assert stage in r.stderr  # one progress bar per stage
    assert "warning: built from a short clip" in r.stdout
    r = _run("avatar", "create", str(clip), "--name", "cli-test", "--allow-short", home=studio_home)
    assert r.returncode == 2 and "already exists" in r.stderr and "--force" in r.stderr
    r = _run("avatar", "list", home=studio_home)
    assert r.returncode == 0 and "cli-test" in r.stdout and "video" in r.stdout
    r = _run("avatar", "show", "cli-test", home=studio_home)
    assert r.returncode == 0 and "face found  100.0%" in r.stdout and "base loop" in r.stdout
    # 4 s is too short to fit the audio -> mouth model to her: show says so and why
    assert "lip-sync    the phone recogniser alone, not fitted" in r.stdout
    assert "audio-to-mouth model not fitted to this presenter" in r.stdout
    r = _run("avatar", "show", "cli-test", "--json", home=studio_home)
    assert json.loads(r.stdout)["schema_version"] == SCHEMA_VERSION
    r = _run("avatar", "delete", "cli-test", home=studio_home)
    assert r.returncode == 2 and "--yes" in r.stderr  # no TTY to ask: nothing deleted
    assert (studio_home / "avatars" / "cli-test").is_dir()
    r = _run("avatar", "delete", "cli-test", "--yes", home=studio_home)
    assert r.returncode == 0 and not (studio_home / "avatars" / "cli-test").exists()
    r = _run("avatar", "show", "cli-test", home=studio_home)
    assert r.returncode == 2 and "no avatar named" in r.stderr
    r = _run("avatar", "create", "--name", "x", home=studio_home)
    assert r.returncode == 2 and "VIDEO or --photo" in r.stderr


def test_cli_stops_at_a_cut_off_video_before_any_tracking(
    studio_home: Path, make_variant, tmp_path: Path
) -> None:
    """A faststart MP4 cut in half still claims 24 s in its header: refused at the probe."""
    half = cut_short(make_variant("faststart24", seconds=24, faststart=True), 0.5,
                     tmp_path / "copied.mp4")  # fmt: skip
    r = _run("avatar", "create", str(half), "--name", "cut", home=studio_home)
    assert r.returncode == 2, r.stderr
    assert "the video file is damaged: it decodes to" in r.stderr
    assert "s of the 24.0 s its header claims" in r.stderr
    assert "copy the file again or re-export it" in r.stderr
    assert "probe" in r.stderr and "track" not in r.stderr  # before minutes of work
    assert not (studio_home / "avatars" / "cut").exists()


def test_cli_builds_from_what_decodes_and_says_the_file_is_damaged(
    studio_home: Path, make_variant, tmp_path: Path
) -> None:
    """Pictures that stop decoding part-way (the index is whole): enough is left with
    --allow-short, so the avatar is built from it, with the warning in the manifest."""
    broken = zero_tail(make_variant("faststart6", seconds=6, faststart=True), 0.7,
                       tmp_path / "broken.mp4")  # fmt: skip
    r = _run("avatar", "create", str(broken), "--name", "dmg", "--allow-short", home=studio_home)
    assert r.returncode == 0, r.stderr
    manifest = json.loads((studio_home / "avatars" / "dmg" / "manifest.json").read_text())
    (warning,) = [w for w in manifest["quality"]["warnings"] if "damaged" in w]
    decoded = manifest["frame_count"] / FPS
    assert 2.5 < decoded < 5.5  # what decoded, not the 6 s of the header
    assert warning.startswith(f"the video file is damaged: it decodes to {decoded:.1f} s of the")
    assert f"warning: {warning}" in r.stdout


def test_photo_avatar_in_the_same_format(tmp_path: Path, astronaut_rgb: np.ndarray) -> None:
    import cv2

    from studio.avatar.create_photo import create_from_photo
    from studio.render.photo_renderer import MouthPose, PhotoAvatarRenderer

    img = tmp_path / "astronaut.png"
    cv2.imwrite(str(img), astronaut_rgb[:, :, ::-1])
    result = create_from_photo(img, "astro-photo")
    a = load_avatar("astro-photo")
    assert a.kind == "photo" and a.num_frames == 1 and a.manifest.schema_version == SCHEMA_VERSION
    assert a.frame(0).shape == (512, 512, 3) and a.tracks.landmarks.shape == (1, 478, 3)
    assert len(a.masks) == 1 and result.manifest.quality["face_found_pct"] == 100.0
    photo = a.photo_avatar(720, 1280)
    frame = PhotoAvatarRenderer(photo).render(MouthPose(0.2))
    assert frame.shape == (1280, 720, 3)
    with pytest.raises(Exception) as info:
        a.loop_graph  # noqa: B018
    assert "photo avatar" in str(info.value)
    (tmp_path / "blank.png").write_bytes(
        cv2.imencode(".png", np.full((300, 300, 3), 128, np.uint8))[1].tobytes()
    )
    with pytest.raises(Exception) as info:
        create_from_photo(tmp_path / "blank.png", "blank")
    assert "no face" in str(info.value)
