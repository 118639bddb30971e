"""The wire formats, checked against FFmpeg's readers: AMF0, FLV tags, RTMP chunks."""

from __future__ import annotations

import struct
from pathlib import Path

import av
import numpy as np
import pytest

from studio.core.errors import InputError
from studio.core.presets import VideoPreset
from studio.core.timeline import FrameRate
from studio.stream import amf0, flv
from studio.stream.chunks import VIDEO, ChunkReader, encode_message
from studio.stream.encoder import Encoder, EncoderSettings
from studio.stream.ingest import parse_ingest
from studio.stream.muxer import AI_METADATA
from studio.stream.simulate import TestPattern

PRESET = VideoPreset("test", 320, 240, FrameRate(25), video_kbps=600, audio_kbps=96)


def test_amf0_round_trip() -> None:
    values = [
        "connect",
        1.0,
        {"app": "live", "tcUrl": "rtmp://h/live", "n": 3.5, "ok": True, "none": None},
        amf0.EcmaArray(width=720.0, stereo=True),
        None,
        [1.0, "two"],
        "长" * 40000,  # long string (> 65535 bytes in UTF-8)
    ]
    decoded = amf0.decode_all(amf0.encode_all(*values))
    assert decoded == values
    assert isinstance(decoded[3], amf0.EcmaArray)
    with pytest.raises(ValueError, match="truncated"):
        amf0.decode_all(amf0.encode("abc")[:-1])


def test_flv_tags_from_the_encoder_play_in_ffmpeg(tmp_path: Path) -> None:
    """A file made of our FLV tag bodies (what RTMP messages carry) decodes cleanly."""
    enc = Encoder(EncoderSettings(PRESET, x264_preset="ultrafast"))
    cfg = enc.config
    source = TestPattern(320, 240, PRESET.fps)
    data = bytearray(flv.FILE_HEADER)
    data += flv.tag(flv.TAG_SCRIPT, flv.script_body(flv.metadata(cfg, AI_METADATA)), 0)
    data += flv.tag(flv.TAG_VIDEO, flv.video_sequence_header(cfg), 0)
    data += flv.tag(flv.TAG_AUDIO, flv.audio_sequence_header(cfg), 0)
    packets = []
    for i in range(60):
        packets += enc.encode_video(source.video(i), i) + enc.encode_audio(source.audio(i))
    packets += enc.flush()
    for p in packets:
        if p.is_video:
            data += flv.tag(flv.TAG_VIDEO, flv.video_body(p), cfg.packet_ms(p))
        elif p.pts >= 0:
            data += flv.tag(flv.TAG_AUDIO, flv.audio_body(p), cfg.packet_ms(p))
    enc.close()
    path = tmp_path / "ours.flv"
    path.write_bytes(bytes(data))
    with av.open(str(path)) as c:
        assert "AI-generated" in c.metadata.get("comment", "")  # the AIGC mark travels
        frames = list(c.decode(video=0))
    assert len(frames) == 60 and (frames[0].width, frames[0].height) == (320, 240)
    assert [f.pts for f in frames if f.key_frame] == [0, 2000]
    levels = [np.median(f.to_ndarray(format="gray")) for f in frames]
    assert np.allclose(levels, [TestPattern.level(i) for i in range(60)], atol=3)
    with av.open(str(path)) as c:
        samples = sum(f.samples for f in c.decode(audio=0))
    assert abs(samples - 60 * 1920) <= 1024


def test_avcc_record_is_built_from_annex_b_parameter_sets() -> None:
    enc = Encoder(EncoderSettings(PRESET, x264_preset="ultrafast"))
    extradata = enc.config.video_extradata
    enc.close()
    assert flv.is_annexb(extradata)
    sps, pps = flv.split_annexb(extradata)[:2]
    record = flv.avcc_record(extradata)
    assert record[0] == 1 and record[1:4] == sps[1:4] and record[5] & 0x1F == 1
    (n,) = struct.unpack(">H", record[6:8])
    assert record[8 : 8 + n] == sps
    assert record[8 + n] == 1 and record[11 + n : 11 + n + len(pps)] == pps
    assert flv.avcc_record(record) == record  # already avcC: unchanged
    assert flv.length_prefixed(b"\x00\x00\x00\x01\x65abc\x00\x00\x01\x06de") == (
        b"\x00\x00\x00\x04\x65abc\x00\x00\x00\x03\x06de"
    )


@pytest.mark.parametrize("ts", [0, 40, 0xFFFFFE, 0xFFFFFF, 86_400_000, 0xFFFFFFFF])
@pytest.mark.parametrize("size", [1, 4096, 4097, 20_000])
def test_chunks_round_trip_including_extended_timestamps(ts: int, size: int) -> None:
    """24 h of milliseconds needs the extended field, repeated in continuation chunks."""
    payload = bytes(np.random.default_rng(size).integers(0, 256, size, dtype=np.uint8))
    wire = encode_message(6, VIDEO, 1, ts, payload, 4096)
    wire += encode_message(6, VIDEO, 1, ts, payload[::-1], 4096)
    reader = ChunkReader()
    reader.chunk_size = 4096
    got = []
    for i in range(0, len(wire), 1000):  # arrives in arbitrary pieces
        got += reader.feed(wire[i : i + 1000])
    assert [(m.csid, m.type, m.msid, m.timestamp) for m in got] == [(6, VIDEO, 1, ts)] * 2
    assert got[0].payload == payload and got[1].payload == payload[::-1]


def test_ingest_urls_and_the_key_never_shows() -> None:
    t = parse_ingest("rtmp://push.example.com/live/sk-SECRET-123")
    assert (t.host, t.port, t.app, t.key) == ("push.example.com", 1935, "live", "sk-SECRET-123")
    assert t.tc_url == "rtmp://push.example.com/live"
    assert str(t) == t.masked == "rtmp://push.example.com/live/****"
    assert "SECRET" not in repr(t) and "SECRET" not in f"{t}"
    t = parse_ingest("rtmps://live-push.example.com:443/app/sub", key="k?auth=x")
    assert (t.tls, t.port, t.app, t.key) == (True, 443, "app/sub", "k?auth=x")
    t = parse_ingest("rtmp://127.0.0.1:19350/live/abc?token=1")
    assert (t.port, t.key, t.masked) == (19350, "abc?token=1", "rtmp://127.0.0.1:19350/live/****")
    for bad, why in [
        ("http://x/live/k", "not an RTMP URL"),
        ("rtmp://x/live", "no stream key"),
        ("rtmp:///live/k", "no host"),
        ("rtmp://x:99999/live/k", "bad port"),
    ]:
        with pytest.raises(InputError, match=why) as err:
            parse_ingest(bad)
        assert "rtmp://host" in err.value.hint
    with pytest.raises(InputError) as err:
        parse_ingest("ftp://x/live/SECRETKEY")
    assert "SECRETKEY" not in str(err.value)


def test_a_key_pasted_into_the_url_is_split_off_and_masked() -> None:
    from studio.stream.ingest import redact_url, split_key

    pasted = "rtmp://push.example.com:1936/live/sk-SECRET-1?sign=abc"
    assert split_key(pasted) == ("rtmp://push.example.com:1936/live", "sk-SECRET-1?sign=abc")
    assert split_key("rtmp://push.example.com/app/sub", "KEY") == (
        "rtmp://push.example.com/app/sub",
        "KEY",
    )  # a key given apart: the URL is the server, whatever its path
    assert split_key("rtmp://push.example.com/live") == ("rtmp://push.example.com/live", "")
    assert redact_url(pasted) == "rtmp://push.example.com:1936/live/****"
    assert "SECRET" not in redact_url("rtmp://h/live/SECRET", "SECRET")
    assert redact_url("rtmp://h/live", "SECRET") == "rtmp://h/live"
    assert redact_url(redact_url(pasted)) == redact_url(pasted)
