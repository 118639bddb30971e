"""Offline outputs: the one pipeline played on a simulated clock into a file.

The frame number is the clock: frame f is asked for once, in order, as fast as the CPU
makes it, and written with its samples to a ``MediaFileWriter``. Speech is made before
the first frame (``prepare_all``), so the progress bar knows the length and the
director never waits mid-file; try-on fits are waited for, so a file is the same on every
run. A show over items ends ``lead_out_s`` after the queue runs dry; a looping one
(a playlist) after a given number of frames.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from studio.core.progress import Progress, no_progress
from studio.core.timeline import SAMPLE_RATE, FrameRate
from studio.lipsync.trajectory import MouthTrack
from studio.runtime.director import GAP_FRAMES, Director
from studio.runtime.lookahead import FAILED
from studio.runtime.pipeline import Pipeline
from studio.show.items import ItemKind, ScriptItem
from studio.show.store import ShowStore
from studio.stream.file_writer import MediaFileWriter


@dataclass(frozen=True)
class FileResult:
    path: Path
    frames: int
    samples: int
    duration_s: float
    mouth: MouthTrack  # what the presenter was asked to show, per frame

    @property
    def mouth_open(self) -> np.ndarray:
        return self.mouth.open


@contextmanager
def scratch_store() -> Iterator[ShowStore]:
    """A show database of its own for one file (nothing it queues is broadcast)."""
    with tempfile.TemporaryDirectory(prefix="studio-offline-") as tmp:
        store = ShowStore(Path(tmp) / "show.db")
        try:
            yield store
        finally:
            store.close()


def lead_in(pipeline: Pipeline, seconds: float) -> None:
    """Queue ``seconds`` of silence first: the mouth starts closed."""
    if seconds > 0:
        pipeline.queue.insert_item(
            ScriptItem(ItemKind.PAUSE, samples=round(seconds * SAMPLE_RATE)), actor="render"
        )


def prepare_all(pipeline: Pipeline, progress: Progress = no_progress) -> int:
    """Make the speech of every queued entry now; returns the frames they will take."""
    playable = (ItemKind.TEXT, ItemKind.CLIP, ItemKind.PAUSE)
    queued = pipeline.queue.peek(len(pipeline.queue.pending_inserts()))  # checked, filled
    entries = [e for e in queued if e.kind in playable]
    fps = pipeline.director.fps
    frames = 0
    for i, entry in enumerate(entries):
        progress("speech", i, len(entries))
        item = pipeline.lookahead.prepare_into_cache(entry)
        if item is not FAILED and item is not None:
            frames += fps.frames_for_samples(item.num_samples) + GAP_FRAMES
    progress("speech", len(entries), len(entries))
    return frames


def write_file(
    director: Director,
    out: Path,
    *,
    frames: int | None = None,
    expected_frames: int = 0,
    lead_out_s: float = 0.0,
    reproducible: bool = False,
    progress: Progress = no_progress,
    on_frame: Callable[[int], bool] | None = None,
) -> FileResult:
    """Frames 0.. of ``director`` into ``out``: ``frames`` of them, or until the queue has
    run dry and ``lead_out_s`` has passed. ``on_frame(f)`` runs before frame ``f`` is
    decided (a replayed audience speaks then); while it returns True the file goes on
    even when the queue is dry (answers are still to come)."""
    fps: FrameRate = director.fps
    lead_out = fps.frames_for_samples(round(lead_out_s * SAMPLE_RATE))
    total = frames or max(1, expected_frames + lead_out)
    opens: list[float] = []
    widths: list[float] = []
    with MediaFileWriter(out, director.stage.main.preset, reproducible=reproducible) as writer:
        f = 0
        while frames is None or f < frames:
            more = on_frame(f) if on_frame is not None else False
            pcm = director.audio(f)  # commits frame f: decides what it carries
            idle = director.idle_since
            if frames is None and idle is not None and f >= idle + lead_out and not more:
                break
            writer.write_video(director.video(f))
            writer.write_audio(pcm)
            opens.append(director.last_mouth.open)
            widths.append(director.last_mouth.width)
            f += 1
            total = max(total, f + (1 if frames is None else 0))
            progress("render", f, total)
        progress("render", f, f)
    track = MouthTrack(fps, np.asarray(opens, np.float32), np.asarray(widths, np.float32))
    return FileResult(out, f, writer.samples_written, f * fps.den / fps.num, track)
