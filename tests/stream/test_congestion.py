"""Congestion: a backed-up output drops video (never audio), and recovers on a keyframe."""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time

import numpy as np
import pytest

from studio.core.presets import VideoPreset
from studio.core.timeline import FrameRate
from studio.stream.congestion import CongestionSettings, PacketQueue
from studio.stream.encoder import Encoder, EncoderSettings
from studio.stream.ingest import parse_ingest
from studio.stream.packets import EncodedPacket, StreamConfig
from studio.stream.reconnect import RetrySchedule
from studio.stream.rtmp import SocketSettings
from studio.stream.rtmp_output import RtmpOutput
from studio.stream.simulate import TestPattern
from studio.stream.streamer import Streamer

FPS = FrameRate(25)
CONFIG = StreamConfig(320, 240, FPS, "test", 600, b"", 96, b"", gop_frames=50)


def show_packets(first: int, last: int) -> list[EncodedPacket]:
    """Packets in the encoder's order: frame i's video, then its whole AAC frames."""
    out = []
    sample = FPS.frame_start_sample(first) // 1024 * 1024
    for i in range(first, last):
        out.append(EncodedPacket("video", b"v" * 1000, i, i, 1, i % 50 == 0))
        while sample + 1024 <= FPS.frame_start_sample(i + 1):
            out.append(EncodedPacket("audio", b"a" * 100, sample, sample, 1024, True))
            sample += 1024
    return out


def drain(q: PacketQueue) -> list[EncodedPacket]:
    out = []
    while (p := q.get(0)) is not None:
        out.append(p)
    return out


def test_a_queue_that_keeps_up_drops_nothing() -> None:
    q = PacketQueue(CONFIG)
    got = []
    for p in show_packets(0, 500):
        q.put(p)
        got += drain(q)
    assert got == show_packets(0, 500) and q.dropped_video == 0 and not q.congested


def test_backlog_drops_non_key_video_first_then_waits_for_a_keyframe() -> None:
    q = PacketQueue(CONFIG, CongestionSettings(drop_after_ms=1000, stall_after_ms=60_000))
    sent = show_packets(0, 40)  # 1.6 s, nobody reading
    for p in sent:
        q.put(p)
    assert q.congested and q.congestion_events >= 1
    queued = drain(q)
    video = [p for p in queued if p.is_video]
    # The keyframe survives, every P-frame after it went (they depend on each other).
    assert [p.pts for p in video] == [0]
    assert [p for p in queued if not p.is_video] == [p for p in sent if not p.is_video]
    # The reader caught up: P-frames are still refused until the next keyframe...
    for p in show_packets(40, 49):
        q.put(p)
    assert not any(p.is_video for p in drain(q))
    # ...which restarts the video.
    for p in show_packets(50, 53):
        q.put(p)
    assert [p.pts for p in drain(q) if p.is_video] == [50, 51, 52]
    assert not q.congested
    assert q.dropped_video == 39 + 9


def test_a_long_backlog_drops_keyframes_too_but_never_audio() -> None:
    q = PacketQueue(CONFIG, CongestionSettings(drop_after_ms=500, stall_after_ms=5000))
    sent = show_packets(0, 200)  # 8 s, nobody reading
    for p in sent:
        q.put(p)
    queued = drain(q)
    assert not any(p.is_video for p in queued)
    assert [p for p in queued if not p.is_video] == [p for p in sent if not p.is_video]
    assert q.dropped_video == 200
    for p in show_packets(200, 330):
        q.put(p)
    assert q.stalled  # > 5 s of audio: the output cannot keep up at all


class Throttle:
    """A TCP relay to the server that passes client data at ``kbps`` (0 = stalled)."""

    def __init__(self, target_port: int, kbps: int) -> None:
        self.kbps = kbps
        self._target = target_port
        self._server = socket.socket()
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen()
        self.port = self._server.getsockname()[1]
        self._stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self._target))
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, throttled: bool) -> None:
        try:
            while not self._stop.is_set():
                data = src.recv(2048 if throttled else 65536)
                if not data:
                    break
                dst.sendall(data)
                if throttled and self.kbps:
                    time.sleep(len(data) * 8 / (self.kbps * 1000))
        except OSError:
            pass
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self._stop.set()
        self._server.close()


@pytest.fixture
def throttle(rtmp_server):
    relay = Throttle(rtmp_server.port, kbps=250)
    yield relay
    relay.close()


def test_a_slow_link_drops_video_not_audio_and_the_stream_stays_valid(
    rtmp_server, throttle, caplog
) -> None:
    """600 kb/s of video into a 250 kb/s link: the output drops video, audio flows, and
    neither the encoder nor the other output waits for it."""
    caplog.set_level(logging.INFO, logger="studio.stream")
    preset = VideoPreset("test", 320, 240, FPS, video_kbps=600, audio_kbps=64)
    url = f"rtmp://127.0.0.1:{throttle.port}/live/test"
    slow = RtmpOutput(
        parse_ingest(url),
        retry=RetrySchedule(0.2, 1.5, 1.0),
        socket_settings=SocketSettings(send_buffer=16384),
        congestion=CongestionSettings(drop_after_ms=500, stall_after_ms=30_000),
    )
    fast = RtmpOutput(parse_ingest(rtmp_server.url(key="fast")), name="fast")
    player = rtmp_server.player() if rtmp_server.kind == "nginx" else None
    source = TestPattern(preset.width, preset.height, FPS, noise=True)  # noise: costly to encode
    encoder = Encoder(EncoderSettings(preset, x264_preset="ultrafast", threads=1))
    stats = Streamer(source, encoder, [slow, fast]).run(frames=125)
    encoder.close()
    out = {o.name: o for o in stats.outputs}
    assert stats.frames == 125 and stats.av_offset_ms == 0  # the show never waited
    assert out["rtmp"].dropped_video > 10
    assert out["fast"].dropped_video == 0 and out["fast"].reconnects == 0
    assert not slow.errors  # congestion is not an error: the connection stayed up
    if player is not None:
        pulled = player.finish()
        # Every audio frame arrived, back to back, over the whole connection...
        steps = np.diff(pulled.audio_pts)
        assert np.allclose(steps, 1024 / 48000, atol=0.002)
        assert pulled.audio_pts[-1] > 4.5
        # ...while the video thinned out, restarting cleanly on keyframes: every run of
        # video after a gap starts on a keyframe.
        video = np.asarray(pulled.video_pts)
        assert 0 < len(video) < 125 - 10
        restarts = [video[0], *video[1:][np.diff(video) > 1.5 / 25]]
        assert set(restarts) <= set(pulled.keyframes)
        # A drop near the end lasts until the next keyframe, which may never come: the
        # video may end up to one GOP (2 s) plus the drop threshold before the audio.
        assert pulled.audio_pts[-1] - video[-1] < 2.0 + 0.5 + 0.1
