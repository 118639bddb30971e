"""One encode, many containers: the encoder's packets, keyframes and codec choice."""

from __future__ import annotations

import logging
from pathlib import Path

import av
import numpy as np
import pytest

from studio.core.presets import VideoPreset
from studio.core.timeline import FrameRate
from studio.stream import encoder as encoder_module
from studio.stream.encoder import AudioFramer, Encoder, EncoderSettings, choose_video_codec
from studio.stream.muxer import PacketFile
from studio.stream.simulate import TestPattern

PRESET = VideoPreset("test", 160, 96, FrameRate(25), video_kbps=300, audio_kbps=64)


@pytest.fixture
def encoded():
    """Three seconds of the test pattern, with one extra keyframe asked for at frame 30."""
    enc = Encoder(EncoderSettings(PRESET, x264_preset="ultrafast", hardware="off"))
    source = TestPattern(160, 96, PRESET.fps)
    packets = []
    for i in range(75):
        if i == 30:
            enc.request_keyframe()
        packets += enc.encode_video(source.video(i), i)
        packets += enc.encode_audio(source.audio(i))
    packets += enc.flush()
    yield enc, packets
    enc.close()


def test_one_packet_per_frame_keyframes_every_two_seconds_and_on_request(encoded) -> None:
    enc, packets = encoded
    video = [p for p in packets if p.is_video]
    assert [p.pts for p in video] == list(range(75))
    assert all(p.dts == p.pts for p in video)  # zerolatency: no reordering
    assert [p.pts for p in video if p.keyframe] == [0, 30, 50]
    audio = [p for p in packets if not p.is_video]
    assert [p.pts for p in audio] == list(range(-1024, 75 * 1920, 1024))  # AAC delay
    assert enc.samples_in == 75 * 1920
    assert enc.config.video_codec == "libx264"
    assert flv_extradata_ok(enc.config.video_extradata)


def flv_extradata_ok(extradata: bytes) -> bool:
    """Global header: SPS and PPS are in extradata (FLV and MP4 headers need them)."""
    from studio.stream.flv import split_annexb

    types = {nal[0] & 0x1F for nal in split_annexb(extradata)}
    return {7, 8} <= types


def test_the_same_packets_make_a_valid_mp4_and_flv(encoded, tmp_path: Path) -> None:
    enc, packets = encoded
    paths = []
    for name in ("a.mp4", "b.flv", "c.mkv"):
        out = PacketFile(tmp_path / name, enc.config)
        for p in packets:
            out.write(p)
        paths.append(out.close())
    levels = []
    for path in paths:
        with av.open(str(path)) as c:
            frames = list(c.decode(video=0))
            levels.append([np.median(f.to_ndarray(format="gray")) for f in frames])
            assert (frames[0].width, frames[0].height) == (160, 96)
        with av.open(str(path)) as c:
            samples = sum(f.samples for f in c.decode(audio=0))
        # (FLV has no way to mark the AAC priming frame: it decodes as 1024 extra samples)
        assert len(frames) == 75 and abs(samples - 75 * 1920) <= 2048, path.name
    assert np.allclose(levels[0], [TestPattern.level(i) for i in range(75)], atol=3)
    assert levels[0] == levels[1] == levels[2]  # the very same encode in each


def test_a_hardware_encoder_that_does_not_work_falls_back_to_x264(
    monkeypatch: pytest.MonkeyPatch, caplog
) -> None:
    caplog.set_level(logging.INFO, logger="studio.stream.encoder")
    # Present in this FFmpeg build, but no device behind it on a test machine.
    monkeypatch.setattr(encoder_module, "HARDWARE_H264", ("h264_v4l2m2m", "h264_nosuch"))
    encoder_module._hardware_works.cache_clear()
    assert choose_video_codec(EncoderSettings(PRESET)) == "libx264"
    assert "h264_v4l2m2m is not usable here" in caplog.text
    caplog.clear()
    assert choose_video_codec(EncoderSettings(PRESET, hardware="off")) == "libx264"
    assert caplog.text == ""  # "off" does not even probe
    encoder_module._hardware_works.cache_clear()


def test_audio_framing_counts_every_sample() -> None:
    framer = AudioFramer(1024)
    mono = np.arange(1500, dtype=np.int16)
    stereo = np.stack([mono, -mono], axis=1)
    chunks = framer.push(mono) + framer.push(stereo)
    assert [(pts, c.shape) for pts, c in chunks] == [(0, (2, 1024)), (1024, (2, 1024))]
    second = chunks[1][1]  # samples 1024..2047: mono up to 1499, then the stereo part
    assert second[1, 0] == 1024 and second[0, -1] == 547 and second[1, -1] == -547
    ((pts, last),) = framer.drain()
    assert pts == 2048 and last.shape == (2, 3000 - 2048)
    counted = AudioFramer(1024)
    sizes = counted.push_count(1500) + counted.push_count(1500) + counted.drain_count()
    assert sizes == [(0, 1024), (1024, 1024), (2048, 3000 - 2048)]
    with pytest.raises(ValueError, match="int16"):
        framer.push(np.zeros(10, dtype=np.float32))
    with pytest.raises(ValueError, match="mono"):
        framer.push(np.zeros((10, 3), dtype=np.int16))
