"""Decoded frames as the presenter is seen: rotation applied, long side capped, constant rate.

Phone videos are often stored sideways with a display matrix saying how to turn them
(PyAV 18 exposes it as ``VideoFrame.rotation``, degrees counter-clockwise); every frame
is turned upright here. Variable-frame-rate input is mapped onto the constant frame
grid of ``VideoInfo.fps`` (a frame is repeated or dropped), so frame ``k`` is at time
``k / fps`` and lines up with audio sample ``fps.frame_start_sample(k)``.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

import av
import cv2
import numpy as np

from studio.avatar.probe import VideoInfo, normalise_rotation
from studio.core.errors import InputError
from studio.core.threads import current_budget

log = logging.getLogger(__name__)

MAX_LONG_SIDE = 1280
SEEK_AHEAD_S = 3.0  # sampling: seek when the next target is further ahead than this

_ROTATE = {90: cv2.ROTATE_90_COUNTERCLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_CLOCKWISE}

T = TypeVar("T")


def work_size(width: int, height: int, max_long_side: int = MAX_LONG_SIDE) -> tuple[int, int]:
    """(w, h) after capping the long side, aspect kept."""
    scale = min(1.0, max_long_side / max(width, height))
    return max(2, round(width * scale)), max(2, round(height * scale))


@dataclass(frozen=True)
class SampledFrame:
    """One frame picked for the quick input checks."""

    index: int  # on the constant frame grid
    rgb: np.ndarray


def _to_upright_rgb(frame: av.VideoFrame, size: tuple[int, int], rotation: int) -> np.ndarray:
    """The frame as RGB at display size ``size`` (w, h), rotation applied."""
    w, h = size
    coded_w, coded_h = (h, w) if rotation in (90, 270) else (w, h)
    if (frame.width, frame.height) != (coded_w, coded_h):
        frame = frame.reformat(width=coded_w, height=coded_h, format="rgb24", interpolation="AREA")
        rgb = frame.to_ndarray()
    else:
        rgb = frame.to_ndarray(format="rgb24")
    if rotation:
        rgb = cv2.rotate(rgb, _ROTATE[rotation])
    return np.ascontiguousarray(rgb)


def _threaded(stream: av.video.stream.VideoStream) -> None:
    """Frame- and slice-threaded decoding with the thread budget's decode share (FFmpeg's
    own default is one thread per core plus one, beside tracking's threads)."""
    stream.thread_type = "AUTO"
    stream.thread_count = current_budget().decode


def _open(info: VideoInfo) -> av.container.InputContainer:
    try:
        return av.open(str(info.path))
    except (av.FFmpegError, OSError) as exc:  # pragma: no cover - probed before
        raise InputError(f"cannot read {info.path.name}: {exc}", hint="check the file") from exc


def iter_frames(info: VideoInfo, size: tuple[int, int]) -> Iterator[np.ndarray]:
    """Every frame of the constant-rate timeline, upright RGB at ``size``."""
    fps = float(info.fps)
    next_k = 0
    last: np.ndarray | None = None
    with _open(info) as container:
        stream = container.streams.video[0]
        _threaded(stream)
        try:
            for frame in container.decode(stream):
                if frame.time is None:
                    k = next_k
                else:
                    k = round((float(frame.time) - info.video_start_s) * fps)
                if k < next_k:  # a second frame for the same slot (VFR, higher rate)
                    continue
                rotation = normalise_rotation(frame.rotation or 0)
                rgb = _to_upright_rgb(frame, size, rotation)
                while last is not None and next_k < k:  # a gap: hold the previous frame
                    yield last
                    next_k += 1
                last = rgb
                yield rgb
                next_k = k + 1
        except av.FFmpegError as exc:
            if next_k == 0:
                raise InputError(
                    f"cannot decode {info.path.name}: {exc}", hint="re-export it"
                ) from exc
            log.warning("decoding stopped at frame %d: %s (the rest is ignored)", next_k, exc)


def sample_frames(info: VideoInfo, size: tuple[int, int], count: int = 16) -> list[SampledFrame]:
    """About ``count`` frames spread evenly through the video.

    Targets are visited in order. A target far ahead of the decoder is reached by
    seeking (to the keyframe before it, then decoding forward); a near one by decoding
    on. Frames are only converted when picked, so even a clip with a single keyframe
    costs one decode pass at most.
    """
    fps = float(info.fps)
    half = 0.5 / fps
    out: list[SampledFrame] = []
    with _open(info) as container:
        stream = container.streams.video[0]
        _threaded(stream)
        # Frames no other frame refers to (most B-frames) are not decoded: a sample may be
        # a frame or two after its target, and HEVC phone clips decode ~40 % faster.
        stream.codec_context.skip_frame = "NONREF"
        tb = stream.time_base
        decoder = None
        pos = -1e9  # time of the last decoded frame
        for n in range(count):
            target = info.video_start_s + (n + 0.5) / count * info.duration_s
            try:
                if decoder is None or target - pos > SEEK_AHEAD_S:
                    container.seek(int(target / tb), stream=stream, backward=True)
                    decoder = container.decode(stream)
                chosen = None
                for frame in decoder:
                    pos = float(frame.time or 0.0)
                    if pos >= target - half:
                        chosen = frame
                        break
            except av.FFmpegError as exc:
                log.debug("sampling at %.2f s failed: %s", target, exc)
                decoder = None
                continue
            if chosen is None:
                break  # past the last frame
            k = max(0, round((pos - info.video_start_s) * fps))
            if out and out[-1].index == k:
                continue
            rot = normalise_rotation(chosen.rotation or 0)
            out.append(SampledFrame(k, _to_upright_rgb(chosen, size, rot)))
    if not out:
        raise InputError(
            f"no frame of {info.path.name} could be decoded", hint="re-export the video"
        )
    return out


_DONE = object()


def prefetch(items: Iterable[T], depth: int = 6) -> Iterator[T]:
    """Run an iterator in a background thread (decoding releases the GIL) with a bounded queue.

    Exceptions in the producer are re-raised in the consumer; when the consumer stops
    early (error, Ctrl-C, cancel) the producer is told to stop and is joined.
    """
    q: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        q.put(item, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            q.put(_DONE)
        except BaseException as exc:  # handed to the consumer
            q.put(exc)

    thread = threading.Thread(target=produce, name="studio-decode", daemon=True)
    thread.start()
    try:
        while True:
            item = q.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while thread.is_alive():
            try:
                q.get_nowait()
            except queue.Empty:
                thread.join(timeout=0.05)
