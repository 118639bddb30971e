"""Fixtures for the clone pipeline, all generated here: a talking-face video rendered from
the demo portrait with the photo renderer (the mouth-open track it was asked to show is
known), the avatar cloned from it, and variants of it (rotated phone video, other codecs
and containers, no audio, too short, two faces, no face, too dark, ...)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np
import pytest

FPS = 25
SIZE = (360, 640)  # w, h: a small vertical canvas keeps the fixture fast
SECONDS = 24.0


@dataclass(frozen=True)
class TalkingVideo:
    path: Path
    mouth_open: np.ndarray  # per frame, what the renderer was asked to show
    frames: int
    audio: np.ndarray  # int16 mono 48 kHz


@dataclass(frozen=True)
class ClonedAvatar:
    path: Path
    video: TalkingVideo
    progress: list[tuple[str, int, int]]  # what create_from_video reported, in order


def encode_video(
    path: Path,
    frames: Iterable[np.ndarray],
    *,
    fps: int = FPS,
    audio: np.ndarray | None = None,
    vcodec: str = "libx264",
    acodec: str = "aac",
    audio_rate: int = 48_000,
    display_rotation: int | None = None,
    faststart: bool = False,
) -> Path:
    """Write RGB frames (and optional mono int16 audio) with PyAV, like a phone or editor would.

    ``faststart``: as phones and web exports write MP4: the index (with the length) at the
    front and audio interleaved with video by time, so a copy cut short still opens, and
    plays up to the cut.
    """
    frames = iter(frames)
    first = next(frames)
    h, w = first.shape[:2]
    opts = {
        "libx264": {"preset": "ultrafast"},
        "libx265": {"preset": "ultrafast", "x265-params": "log-level=error"},
        "libvpx-vp9": {"deadline": "realtime", "cpu-used": "8"},
    }.get(vcodec, {})
    with av.open(str(path), "w", options={"movflags": "faststart"} if faststart else {}) as out:
        vs = out.add_stream(vcodec, rate=fps)
        vs.width, vs.height, vs.pix_fmt = w, h, "yuv420p"
        vs.options = opts
        if display_rotation is not None:
            vs.set_display_rotation(display_rotation)
        aus = None
        if audio is not None:
            aus = out.add_stream(acodec, rate=audio_rate)
            aus.layout = "mono"
        held: list[av.Packet] = []
        mux = held.extend if faststart else out.mux  # faststart: muxed in time order below
        for i, img in enumerate(_chain(first, frames)):
            vf = av.VideoFrame.from_ndarray(np.ascontiguousarray(img), format="rgb24")
            vf.pts = i
            vf.time_base = Fraction(1, fps)
            mux(vs.encode(vf))
        mux(vs.encode(None))
        if aus is not None:
            pcm = audio
            if audio_rate != 48_000:
                idx = (np.arange(len(audio) * audio_rate // 48_000) * 48_000 // audio_rate).astype(
                    np.int64
                )
                pcm = audio[idx]
            fmt = "s16" if acodec.startswith("pcm") else "fltp"
            chunk = 960 if acodec == "libopus" else 1024
            for a in range(0, len(pcm), chunk):
                part = pcm[a : a + chunk]
                if fmt == "s16":
                    af = av.AudioFrame.from_ndarray(
                        part[None, :].astype(np.int16), format="s16", layout="mono"
                    )
                else:
                    af = av.AudioFrame.from_ndarray(
                        part[None, :].astype(np.float32) / 32768, format="fltp", layout="mono"
                    )
                af.sample_rate = audio_rate
                af.pts = a
                af.time_base = Fraction(1, audio_rate)
                mux(aus.encode(af))
            mux(aus.encode(None))
        held.sort(key=lambda pk: pk.dts * pk.time_base if pk.dts is not None else 0)
        out.mux(held)
    return path


def cut_short(video: Path, fraction: float, out: Path) -> Path:
    """The first ``fraction`` of the file's bytes: a copy or download that stopped early."""
    data = video.read_bytes()
    out.write_bytes(data[: int(len(data) * fraction)])
    return out


def zero_tail(video: Path, fraction: float, out: Path) -> Path:
    """Same length, but the bytes after ``fraction`` are zeros: the index is intact and
    every packet is there, yet the pictures after that point do not decode."""
    data = bytearray(video.read_bytes())
    start = int(len(data) * fraction)
    data[start:] = bytes(len(data) - start)
    out.write_bytes(bytes(data))
    return out


def _chain(first: np.ndarray, rest: Iterable[np.ndarray]):
    yield first
    yield from rest


def read_frames(path: Path, limit: int | None = None) -> list[np.ndarray]:
    with av.open(str(path)) as c:
        out = []
        for f in c.decode(video=0):
            out.append(f.to_ndarray(format="rgb24"))
            if limit and len(out) >= limit:
                break
    return out


def _session_dir(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A folder shared by every definition of a session fixture in this pytest run.

    tests/render imports these fixtures too; pytest then holds two definitions, each with
    its own cache, so what they build is kept on disk under the run's base temp folder and
    built only once.
    """
    folder = tmp_path_factory.getbasetemp() / "avatar-fixtures" / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def talking_video(tmp_path_factory: pytest.TempPathFactory) -> TalkingVideo:
    """~24 s of the demo portrait speaking the demo pitch, 360x640 at 25 fps, H.264 + AAC."""
    from studio.avatar.audio import extract_audio

    folder = _session_dir(tmp_path_factory, "talking")
    out, track = folder / "talking.mp4", folder / "mouth_open.npy"
    if not (out.is_file() and track.is_file()):
        from studio.core.paths import assets_dir
        from studio.core.presets import VideoPreset
        from studio.core.timeline import FrameRate
        from studio.runtime.demo import load_script_lines, render_demo_file

        lines = load_script_lines(assets_dir() / "demo" / "pitch.txt")
        preset = VideoPreset("test-360x640", SIZE[0], SIZE[1], FrameRate(FPS), video_kbps=1500)
        # one encoder thread: in a fixed test order the clone is then the same every run
        # (eSpeak's output depends on what the process spoke before; see espeak.py)
        result = render_demo_file(lines, out, preset, seconds=SECONDS, reproducible=True)
        np.save(track, np.asarray(result.mouth_open))
    mouth_open = np.load(track)
    return TalkingVideo(out, mouth_open, len(mouth_open), extract_audio(out))


@pytest.fixture(scope="session")
def talking_frames(talking_video: TalkingVideo) -> list[np.ndarray]:
    return read_frames(talking_video.path)


@pytest.fixture(scope="session")
def cloned(talking_video: TalkingVideo, tmp_path_factory: pytest.TempPathFactory) -> ClonedAvatar:
    """The avatar cloned from the talking video (fast mode), in a session STUDIO_HOME, with
    the progress the clone reported (kept on disk beside it: tests of the lipsync stage
    read what this clone's fine-tune did instead of fine-tuning a copy again)."""
    import json

    from studio.avatar.create import CreateOptions, create_from_video

    home = _session_dir(tmp_path_factory, "clone-home")
    path = home / "avatars" / "astro"
    reported = home / "progress.json"
    if not (path / "manifest.json").is_file():
        steps: list[tuple[str, int, int]] = []
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("STUDIO_HOME", str(home))
            create_from_video(
                talking_video.path,
                "astro",
                CreateOptions(quality="fast"),
                lambda stage, done, total: steps.append((stage, done, total)),
            )
        reported.write_text(json.dumps(steps), encoding="utf-8")
    steps = [tuple(s) for s in json.loads(reported.read_text(encoding="utf-8"))]
    return ClonedAvatar(path, talking_video, steps)


@dataclass(frozen=True)
class RealClone:
    path: Path  # the package (copy it into a test's STUDIO_HOME/avatars to use it by name)
    head: Path  # the first 40 s it was cloned from
    tail: Path  # the last ~10 s, held out


@pytest.fixture(scope="session")
def dfrf40(shared_media: Path, tmp_path_factory: pytest.TempPathFactory) -> RealClone:
    """dfrf cloned from its first 40 s (fast mode) once per run: the held-out evaluation
    and the fine-tune check both use it (a clone is over a minute of CPU)."""
    from studio.avatar.create import CreateOptions, create_from_video
    from studio.tools.cut import cut_clip

    src = shared_media / "video" / "dfrf_french_50s.mp4"
    if not src.is_file():
        pytest.skip("dfrf_french_50s.mp4 is not in the shared media")
    home = _session_dir(tmp_path_factory, "dfrf40-home")
    path = home / "avatars" / "dfrf40"
    head, tail = home / "first40.mp4", home / "last10.mp4"
    if not (path / "manifest.json").is_file():  # built once, whichever definition asks
        cut_clip(src, head, 0.0, 40.0)
        cut_clip(src, tail, 40.0, None)
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("STUDIO_HOME", str(home))
            create_from_video(head, "dfrf40", CreateOptions(quality="fast"))
    return RealClone(path, head, tail)


def use_clone(clone: RealClone, studio_home: Path) -> Path:
    """The clone copied into this test's STUDIO_HOME under its own name."""
    import shutil

    dest = studio_home / "avatars" / clone.path.name
    shutil.copytree(clone.path, dest)
    return dest


@pytest.fixture(scope="session")
def make_variant(
    talking_video: TalkingVideo,
    talking_frames: list[np.ndarray],
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[..., Path]:
    """make_variant(name, transform, seconds, **encode_kw): a clip derived from the talking video.

    ``transform(frame_index, rgb) -> rgb``; audio is the talking video's, cut to length.
    """
    folder = tmp_path_factory.mktemp("variants")
    cache: dict[str, Path] = {}

    def make(
        name: str,
        transform: Callable[[int, np.ndarray], np.ndarray] = lambda i, f: f,
        seconds: float = 4.0,
        suffix: str = ".mp4",
        audio: bool = True,
        **kw,
    ) -> Path:
        if name in cache:
            return cache[name]
        n = min(len(talking_frames), round(seconds * FPS))
        pcm = talking_video.audio[: n * 48_000 // FPS] if audio else None
        frames = (transform(i, talking_frames[i]) for i in range(n))
        cache[name] = encode_video(folder / f"{name}{suffix}", frames, audio=pcm, **kw)
        return cache[name]

    return make


def two_faces(i: int, f: np.ndarray) -> np.ndarray:
    return np.hstack([f, f[:, ::-1]])


def no_face(i: int, f: np.ndarray) -> np.ndarray:
    h, w = f.shape[:2]
    ramp = np.linspace(40, 200, w, dtype=np.float32)[None, :, None]
    noise = np.random.default_rng(i).normal(0, 6, (h, w, 1)).astype(np.float32)
    return np.clip(np.broadcast_to(ramp, (h, w, 3)) + noise, 0, 255).astype(np.uint8)


def too_dark(i: int, f: np.ndarray) -> np.ndarray:
    return (f.astype(np.float32) * 0.1).astype(np.uint8)


def blurred(i: int, f: np.ndarray) -> np.ndarray:
    return cv2.GaussianBlur(f, (0, 0), 6)


def small_face(i: int, f: np.ndarray) -> np.ndarray:
    """A landscape 640x360 frame with the presenter far away (face ~12% of its height)."""
    canvas = np.empty((360, 640, 3), np.uint8)
    canvas[:] = f[5, 5]
    fh = round(360 * 0.3 * 1.78)
    fw = round(fh * 360 / 640)
    small = cv2.resize(f, (fw, fh), interpolation=cv2.INTER_AREA)
    y0, x0 = (360 - fh) // 2, (640 - fw) // 2
    canvas[y0 : y0 + fh, x0 : x0 + fw] = small
    return canvas


def phone_sideways(i: int, f: np.ndarray) -> np.ndarray:
    """How a phone stores vertical video: the sensor's landscape picture (turned CCW)."""
    return cv2.rotate(f, cv2.ROTATE_90_COUNTERCLOCKWISE)
