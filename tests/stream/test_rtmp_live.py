"""Real-time streaming to a real RTMP server on loopback, pulled back and decoded."""

from __future__ import annotations

import contextlib
import logging
import select
import shutil
import socket
import ssl
import subprocess
import threading
import time
from pathlib import Path

import av
import numpy as np
import pytest

from studio.core.presets import VideoPreset
from studio.core.timeline import SAMPLE_RATE, FrameRate
from studio.stream.encoder import Encoder, EncoderSettings
from studio.stream.ingest import parse_ingest
from studio.stream.reconnect import RetrySchedule
from studio.stream.recording import SegmentedRecorder
from studio.stream.rtmp import SocketSettings
from studio.stream.rtmp_output import RtmpOutput
from studio.stream.simulate import TestPattern
from studio.stream.streamer import Streamer

SMALL_FPS = FrameRate(25)
FAST_RETRY = RetrySchedule(first_s=0.2, factor=1.5, cap_s=1.0, seed=1)
TONE_RMS = 8000 / 32768 / np.sqrt(2)  # TestPattern's 440 Hz tone, decoded to float


@pytest.fixture(scope="module")
def small_preset():
    return VideoPreset("test", 320, 240, SMALL_FPS, video_kbps=600, audio_kbps=96)


def make_streamer(preset, outputs) -> Streamer:
    encoder = Encoder(EncoderSettings(preset, x264_preset="ultrafast", threads=1))
    return Streamer(TestPattern(preset.width, preset.height, preset.fps), encoder, outputs)


def run_in_thread(streamer: Streamer, frames: int) -> tuple[threading.Thread, dict]:
    result: dict = {}
    thread = threading.Thread(
        target=lambda: result.setdefault("stats", streamer.run(frames=frames)), daemon=True
    )
    thread.start()
    return thread, result


def consecutive_pattern(levels: list[float]) -> int | None:
    """The pattern frame the pictures start at, if they are its consecutive frames."""
    for start in range(200):  # the pattern's brightness repeats every 200 frames
        want = [TestPattern.level(start + k) for k in range(len(levels))]
        if np.allclose(levels, want, atol=3):
            return start
    return None


def assert_plays_in_step(pulled, frames_at_least: int) -> None:
    """A valid pulled stream: pictures from a keyframe, audio alongside, pts together."""
    assert len(pulled.video_pts) >= frames_at_least, pulled.error
    assert pulled.video_sizes == {(320, 240)}
    assert pulled.keyframes and pulled.keyframes[0] == pulled.video_pts[0]
    # Timestamps of this connection start at 0 and advance one frame at a time.
    assert pulled.video_pts[0] < 0.1
    steps = np.diff(pulled.video_pts)
    assert np.allclose(steps, 0.04, atol=0.002)
    # The pictures are the pattern's consecutive frames: brightness gives the index.
    assert consecutive_pattern(pulled.video_levels) is not None
    # Audio: present, the tone at full level, and covering the same span as the video.
    assert pulled.audio_samples > 0
    assert np.median(pulled.audio_rms) == pytest.approx(TONE_RMS, rel=0.15)
    video_end = pulled.video_pts[-1] + 0.04
    audio_end = pulled.audio_pts[-1] + 1024 / SAMPLE_RATE
    assert abs(pulled.audio_pts[0] - pulled.video_pts[0]) < 0.05
    assert abs(audio_end - video_end) < 0.1


def test_stream_is_pulled_back_whole_and_in_step(rtmp_server, small_preset) -> None:
    player = rtmp_server.player() if rtmp_server.kind == "nginx" else None
    output = RtmpOutput(parse_ingest(rtmp_server.url()), retry=FAST_RETRY)
    stats = make_streamer(small_preset, [output]).run(frames=75)
    pulled = player.finish() if player else _wait_received(rtmp_server, 1)[0]
    assert stats.frames == 75 and stats.av_offset_ms == 0 and stats.reconnects == 0
    # The connection comes up while the show has started: it begins at the keyframe it
    # asked for a frame or two in, and from there nothing is missing.
    assert_plays_in_step(pulled, 50)
    start = consecutive_pattern(pulled.video_levels)
    assert len(pulled.video_pts) == 75 - start  # every frame from there to the end
    sent = len(pulled.video_pts)
    assert abs(pulled.audio_samples - sent * 1920) <= 2048  # a frame of AAC at each end


def test_listen_mode_receiver_gets_the_stream(listener, small_preset) -> None:
    """The fallback server (FFmpeg's own listen mode) also accepts our publisher."""
    output = RtmpOutput(parse_ingest(listener.url()), retry=FAST_RETRY)
    make_streamer(small_preset, [output]).run(frames=50)
    (pulled,) = _wait_received(listener, 1)
    assert_plays_in_step(pulled, 45)


def _wait_received(server, n: int, timeout: float = 15.0) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = server.received()
        if len(got) >= n and all(g.audio_pts for g in got):
            time.sleep(0.5)  # let the tail arrive
            return server.received()
        time.sleep(0.1)
    return server.received()


@pytest.mark.parametrize("rtmp_server", ["nginx", "pyav-listen"], indirect=True)
def test_server_killed_and_back_stream_resumes_recording_has_no_gap(
    rtmp_server, small_preset, tmp_path: Path, caplog, publish_gate, good_key: str
) -> None:
    caplog.set_level(logging.INFO, logger="studio.stream")
    nginx = rtmp_server.kind == "nginx"
    app = "secure" if nginx else "live"  # nginx: its publish hook orders player/publisher
    output = RtmpOutput(parse_ingest(rtmp_server.url(app, good_key)), retry=FAST_RETRY)
    recorder = SegmentedRecorder(tmp_path / "rec", segment_s=2)
    streamer = make_streamer(small_preset, [output, recorder])
    total = 150  # 6 s
    thread, result = run_in_thread(streamer, total)
    time.sleep(2.0)
    rtmp_server.kill()
    publish_gate.clear()  # the publisher must come back after the new player is there
    time.sleep(0.6)
    rtmp_server.start()
    player = rtmp_server.player(app, good_key) if nginx else None
    publish_gate.set()
    thread.join(30)
    stats = result["stats"]
    assert stats.frames == total and stats.av_offset_ms == 0
    assert stats.reconnects == 1
    assert any("closed the connection" in e or "connection lost" in e for e in output.errors)
    assert any("connection refused" in e for e in output.errors)
    # The stream after the gap is a valid stream of its own, starting at 0 on a keyframe.
    after = player.finish() if player else _wait_received(rtmp_server, 2)[-1]
    assert_plays_in_step(after, 50)
    # The recording never noticed: every frame and every sample, in playable segments.
    assert len(recorder.segments) == 3
    frames = samples = 0
    for path in recorder.segments:
        with av.open(str(path)) as c:
            frames += sum(1 for _ in c.decode(video=0))
        with av.open(str(path)) as c:
            samples += sum(f.samples for f in c.decode(audio=0))
    assert frames == total
    assert abs(samples - total * 1920) <= 3 * 1024
    # The retry was logged with its schedule, and the key never was.
    text = caplog.text
    assert "Retry 1 in 0.2 s, then 0.3, 0.5" in text and "reconnected" in text
    assert good_key not in text and f"/{app}/****" in text


def test_last_error_clears_once_the_ingest_is_back(nginx, small_preset) -> None:
    """While connected again the status shows no stale error; the history keeps it."""
    output = RtmpOutput(parse_ingest(nginx.url()), retry=FAST_RETRY)
    stop = threading.Event()
    thread = threading.Thread(
        target=make_streamer(small_preset, [output]).run, kwargs={"stop": stop}, daemon=True
    )
    thread.start()
    try:
        _wait(lambda: output.stats().state == "live")
        nginx.kill()
        _wait(lambda: any("connection refused" in e for e in output.errors))
        assert "connection refused" in output.stats().last_error  # true while it is down
        nginx.start()
        _wait(lambda: output.stats().state == "live" and output.stats().reconnects == 1)
        stats = output.stats()
        assert stats.last_error == "" and "connection refused" not in stats.line()
    finally:
        stop.set()
        thread.join(20)
    assert any("connection refused" in e for e in output.errors)


def _wait(what, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not what():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def _publish_errors(url: str, small_preset, caplog, *, key: str | None = None) -> RtmpOutput:
    """Run an output against ``url`` until it has failed twice; return it (stopped)."""
    caplog.set_level(logging.INFO, logger="studio.stream")
    output = RtmpOutput(
        parse_ingest(url, key), retry=FAST_RETRY, socket_settings=SocketSettings(2, 2, 2)
    )
    encoder = Encoder(EncoderSettings(small_preset, x264_preset="ultrafast"))
    output.start(encoder.config, encoder.request_keyframe)
    deadline = time.monotonic() + 15
    while len(output.errors) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    stats = output.stats()
    output.stop()
    encoder.close()
    assert stats.state == "retrying" and stats.retry_in_s is not None
    assert len(output.errors) >= 2, output.errors
    return output


def test_refused_port_is_a_clear_non_fatal_error(small_preset, caplog, unused_port) -> None:
    url = f"rtmp://127.0.0.1:{unused_port}/live/secret-key"
    out = _publish_errors(url, small_preset, caplog)
    assert out.errors[0].startswith("connection refused by 127.0.0.1:")
    assert "Retry 1 in 0.2 s, then 0.3, 0.5, 0.7, 1.0 s" in caplog.text
    assert "Retry 2 in 0.3 s" in caplog.text
    assert "secret-key" not in caplog.text


def test_unknown_host_is_a_clear_non_fatal_error(small_preset, caplog) -> None:
    out = _publish_errors("rtmp://studio-test.invalid/live/secret-key", small_preset, caplog)
    assert out.errors[0].startswith("cannot resolve host 'studio-test.invalid'")
    assert "check the server address" in caplog.text and "secret-key" not in caplog.text


def test_bad_stream_key_is_refused_clearly_and_the_show_goes_on(
    nginx, small_preset, tmp_path: Path, caplog, good_key: str
) -> None:
    caplog.set_level(logging.INFO, logger="studio.stream")
    bad = RtmpOutput(parse_ingest(nginx.url("secure", "wrong-key")), retry=FAST_RETRY)
    good_player = nginx.player("secure", good_key)
    good = RtmpOutput(
        parse_ingest(nginx.server_url("secure"), key=good_key), retry=FAST_RETRY, name="good"
    )
    recorder = SegmentedRecorder(tmp_path / "rec", segment_s=60)
    stats = make_streamer(small_preset, [bad, good, recorder]).run(frames=50)
    assert stats.frames == 50
    assert bad.errors and all("refused the stream key" in e for e in bad.errors)
    assert "check the stream key" in caplog.text and "Retry 2 in" in caplog.text
    assert "wrong-key" not in caplog.text and good_key not in caplog.text
    assert_plays_in_step(good_player.finish(), 45)  # the same encode reached the good key
    with av.open(str(recorder.segments[0])) as c:
        assert sum(1 for _ in c.decode(video=0)) == 50


def test_unknown_application_is_named_in_the_error(nginx, small_preset, caplog) -> None:
    out = _publish_errors(nginx.url("nosuchapp", "k"), small_preset, caplog)
    assert "refused application 'nosuchapp'" in out.errors[0]
    assert "check the application part" in caplog.text


def test_a_frozen_server_is_noticed_dropped_and_reconnected(nginx, caplog) -> None:
    """The server stops reading but keeps the connection open (hung process, dead
    route): sends time out, the output reconnects, the show never waits."""
    caplog.set_level(logging.INFO, logger="studio.stream")
    output = RtmpOutput(
        parse_ingest(nginx.url()),
        retry=FAST_RETRY,
        socket_settings=SocketSettings(connect=1, reply=1, send=1, send_buffer=16384),
    )
    # A busy picture at a high bitrate fills the frozen server's socket buffers fast.
    preset = VideoPreset("busy", 320, 240, SMALL_FPS, video_kbps=4000, audio_kbps=96)
    encoder = Encoder(EncoderSettings(preset, x264_preset="ultrafast", threads=1))
    streamer = Streamer(TestPattern(320, 240, SMALL_FPS, noise=True), encoder, [output])
    thread, result = run_in_thread(streamer, 250)  # 10 s
    time.sleep(1.5)
    nginx.pause()
    deadline = time.monotonic() + 15
    while not output.errors and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    nginx.resume()
    thread.join(30)
    stats = result["stats"]
    assert stats.frames == 250 and stats.av_offset_ms == 0
    assert output.errors, "the frozen server was never noticed"
    assert "the server accepted no data for 1 s" in output.errors[0]
    assert stats.reconnects == 1 and "reconnected" in caplog.text


class TlsTerminator:
    """What an RTMPS ingest is: TLS in front of an RTMP server (here: nginx)."""

    def __init__(self, cert: Path, key: Path, backend_port: int) -> None:
        self._ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._ctx.load_cert_chain(cert, key)
        self._backend = backend_port
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                raw, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._relay, args=(raw,), daemon=True).start()

    def _relay(self, raw: socket.socket) -> None:
        """One thread per connection, so the TLS socket is never used by two at once."""
        with contextlib.suppress(OSError):
            client = self._ctx.wrap_socket(raw, server_side=True)
            backend = socket.create_connection(("127.0.0.1", self._backend))
            with client, backend:
                while True:
                    ready, _, _ = select.select([client, backend], [], [], 1.0)
                    if client in ready or client.pending():
                        data = client.recv(65536)
                        if not data:
                            return
                        backend.sendall(data)
                    if backend in ready:
                        data = backend.recv(65536)
                        if not data:
                            return
                        client.sendall(data)

    def close(self) -> None:
        self._server.close()


def test_rtmps_publishes_through_tls(nginx, small_preset, tmp_path: Path) -> None:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    tls = TlsTerminator(cert, key, nginx.port)
    player = nginx.player()
    # Untrusted certificate: refused, clearly, and retried.
    untrusted = RtmpOutput(parse_ingest(f"rtmps://127.0.0.1:{tls.port}/live/test"),
                           retry=FAST_RETRY, name="untrusted")  # fmt: skip
    trusted = RtmpOutput(
        parse_ingest(f"rtmps://127.0.0.1:{tls.port}/live/test"),
        retry=FAST_RETRY,
        socket_settings=SocketSettings(ca_file=str(cert)),
    )
    stats = make_streamer(small_preset, [untrusted, trusted]).run(
        frames=75
    )  # slack for a loaded CI
    tls.close()
    assert stats.outputs[1].reconnects == 0 and not trusted.errors
    assert untrusted.errors and "TLS with 127.0.0.1" in untrusted.errors[0]
    assert "CERTIFICATE_VERIFY_FAILED" in untrusted.errors[0]
    assert_plays_in_step(player.finish(), 45)
