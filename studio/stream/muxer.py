"""Write encoded packets into a media file through PyAV (MP4, fragmented MP4, FLV, MKV).

Streams are copied from the encoder's templates, so the container gets the exact codec
parameters (and the parameter sets the format needs in its header). Packets are
stamped relative to an ``Origin`` in fixed ``1/fps`` and ``1/48000`` bases; the muxer
rescales them to whatever time bases it picked when it wrote the header.

The file is written as ``NAME.part`` and renamed on ``close``, so a finished name is
always a finished file; with a streamable layout (FLV, fragmented MP4) the ``.part``
left by a crash is playable up to its last fragment and ``recover_parts`` names it.
A file whose writing failed (a full disk) is kept only if it plays (``salvage``): an
empty ``.part`` is removed, never left behind.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import av

from studio.core.errors import InputError
from studio.stream.output import KeyframeGate, RequestKeyframe
from studio.stream.packets import EncodedPacket, Origin, StreamConfig
from studio.stream.stats import OutputStats

log = logging.getLogger(__name__)

FORMATS = {".mp4": "mp4", ".mov": "mov", ".flv": "flv", ".mkv": "matroska"}
PART = ".part"
# Fragmented MP4: a moof+mdat at each keyframe and at least every second, so a file
# cut by a crash plays up to its last second.
FRAGMENTED_MP4 = {
    "movflags": "frag_keyframe+empty_moov+default_base_moof",
    "frag_duration": "1000000",
}
ZERO = Origin(0, 0)
AI_METADATA = {
    "comment": "AIGC: AI-generated content (digital human), GB 45438-2025",
    "description": "AI-generated livestream content produced by Studio",
    "encoder": "Studio",
}


def container_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            f"cannot write {path.name}: unknown container",
            hint="use a .mp4, .mov, .mkv or .flv file name",
        )
    return fmt


class PacketFile:
    """One output file fed with ``EncodedPacket``s; ``close`` finalises and renames it."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        config: StreamConfig,
        *,
        origin: Origin = ZERO,
        streamable: bool = False,
        metadata: dict[str, str] | None = None,
    ) -> None:
        self.path = Path(path)
        fmt = container_format(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.part = self.path.with_name(self.path.name + PART)
        self.origin = origin
        options: dict[str, str] = {"flush_packets": "1"} if streamable else {}
        if streamable and fmt in ("mp4", "mov"):
            options.update(FRAGMENTED_MP4)
        container = None
        try:
            container = av.open(str(self.part), mode="w", format=fmt, options=options)
            container.metadata.update(metadata if metadata is not None else AI_METADATA)
            self._video = container.add_stream_from_template(config.video_template, opaque=True)
            self._audio = container.add_stream_from_template(config.audio_template, opaque=True)
        except BaseException:  # a full disk can refuse the file itself: leave nothing
            if container is not None:
                _close_quietly(container)
            self.part.unlink(missing_ok=True)
            raise
        self._container = container
        self._video_tb = 1 / config.fps.fraction
        self._audio_tb = Fraction(1, config.sample_rate)
        self.packets = {"video": 0, "audio": 0}
        self.end = {"video": origin.video, "audio": origin.audio}  # timeline units
        self.bytes_written = 0
        self._closed = False

    def write(self, packet: EncodedPacket) -> None:
        """Mux one packet; its times become relative to this file's origin."""
        start = self.origin.of(packet)
        pkt = av.Packet(packet.data)
        pkt.pts, pkt.dts = packet.pts - start, packet.dts - start
        pkt.duration = packet.duration
        pkt.is_keyframe = packet.keyframe
        if packet.is_video:
            pkt.time_base, pkt.stream = self._video_tb, self._video
        else:
            pkt.time_base, pkt.stream = self._audio_tb, self._audio
        self._container.mux_one(pkt)
        self.packets[packet.kind] += 1
        self.end[packet.kind] = max(self.end[packet.kind], packet.pts + packet.duration)
        self.bytes_written += len(packet.data)

    def close(self) -> Path | None:
        """Finalise the container and give it its real name; None if nothing was written."""
        if self._closed:
            return None
        self._closed = True
        self._container.close()
        if not self.part.exists() or self.part.stat().st_size == 0:  # nothing was muxed
            log.warning("nothing was written to %s; no file created", self.path)
            self.part.unlink(missing_ok=True)
            return None
        os.replace(self.part, self.path)
        return self.path

    def salvage(self) -> Path | None:
        """After a failed write or ``close``: keep the file if it plays (up to where it
        was cut) under its real name, else remove it. Never raises for the disk's sake."""
        if not self._closed:
            self._closed = True
            _close_quietly(self._container)
        try:
            if not self.part.exists():
                return None
            if holds_keyframe(self.part):
                os.replace(self.part, self.path)
                log.warning("kept %s as far as it was written", self.path.name)
                return self.path
            self.part.unlink()
            log.info("removed %s: nothing playable was written to it", self.part.name)
        except OSError as exc:
            log.error("could not tidy up %s: %s", self.part.name, exc)
        return None

    def abort(self) -> None:
        """Stop without finalising; the partial file is removed."""
        if self._closed:
            return
        self._closed = True
        _close_quietly(self._container)
        self.part.unlink(missing_ok=True)


def _close_quietly(container: av.container.OutputContainer) -> None:
    """Close a container whose file may be broken (the trailer cannot be written)."""
    try:
        container.close()
    except (av.FFmpegError, OSError) as exc:
        log.debug("closing %s: %s", container.name, exc)


def holds_keyframe(path: Path) -> bool:
    """Whether ``path`` plays: it opens and holds at least one whole video keyframe."""
    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                return False
            for packet in container.demux(container.streams.video[0]):
                if packet.is_keyframe and not packet.is_corrupt and packet.size:
                    return True
    except (av.FFmpegError, OSError, UnicodeDecodeError):
        pass
    return False


def recover_parts(directory: Path, match: Callable[[str], object] | None = None) -> list[Path]:
    """Give ``.part`` files left by a crash their real names (they play up to the cut);
    remove those that hold nothing playable. With ``match``, only parts whose final
    name it accepts are touched."""
    recovered = []
    for part in sorted(directory.glob(f"*{PART}")):
        final = part.with_name(part.name[: -len(PART)])
        if (match is not None and not match(final.name)) or final.exists():
            continue
        if not holds_keyframe(part):
            part.unlink(missing_ok=True)
            log.info("removed %s: an interrupted recording with nothing playable", part.name)
            continue
        os.replace(part, final)
        log.warning("recovered %s from an interrupted recording", final.name)
        recovered.append(final)
    return recovered


class FileOutput:
    """A single file written in line, for offline and simulated runs (no thread, no drops).

    Live recording uses ``SegmentedRecorder``, whose writes cannot stall the stream.
    """

    def __init__(self, path: str | os.PathLike[str], *, name: str = "file", **kwargs) -> None:
        self.path = Path(path)
        self.name = name
        self._kwargs = kwargs
        self.file: PacketFile | None = None
        self._gate: KeyframeGate | None = None
        self.written: Path | None = None

    def start(self, config: StreamConfig, request_keyframe: RequestKeyframe) -> None:
        self._config = config
        self._gate = KeyframeGate(config)
        request_keyframe()

    def send(self, packet: EncodedPacket) -> None:
        assert self._gate is not None, "start() first"
        for pkt in self._gate.feed(packet):
            if self.file is None:
                assert self._gate.origin is not None
                self.file = PacketFile(self.path, self._config, origin=self._gate.origin,
                                       **self._kwargs)  # fmt: skip
            self.file.write(pkt)

    def stop(self, timeout: float = 5.0) -> None:
        if self.file is not None:
            self.written = self.file.close()

    def stats(self) -> OutputStats:
        size = self.file.bytes_written if self.file else 0
        return OutputStats(self.name, "stopped" if self.written else "recording", bytes_sent=size)
