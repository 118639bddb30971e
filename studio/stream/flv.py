"""FLV tag bodies for H.264 + AAC: what an RTMP publisher sends as audio/video messages.

The encoder gives H.264 in Annex B (start codes) with the parameter sets in extradata;
FLV wants an AVCDecoderConfigurationRecord (avcC) once and length-prefixed NAL units
in every packet. Times are whole milliseconds from the connection's origin.
"""

from __future__ import annotations

import re
import struct

from studio.stream import amf0
from studio.stream.packets import EncodedPacket, StreamConfig

TAG_AUDIO, TAG_VIDEO, TAG_SCRIPT = 8, 9, 18
_AAC_HEADER = 0xAF  # AAC, 44 kHz flag (always for AAC), 16-bit, stereo
_AVC_KEY, _AVC_INTER = 0x17, 0x27  # frame type << 4 | codec id 7 (AVC)
FILE_HEADER = b"FLV\x01\x05\x00\x00\x00\x09" + b"\x00\x00\x00\x00"  # audio+video, prev size 0
_START_CODE = re.compile(b"\x00\x00\x01")


def split_annexb(data: bytes) -> list[bytes]:
    """NAL units of an Annex B byte stream (3- or 4-byte start codes)."""
    starts = [m.end() for m in _START_CODE.finditer(data)]
    nals = []
    for i, start in enumerate(starts):
        end = starts[i + 1] - 3 if i + 1 < len(starts) else len(data)
        nal = data[start:end]
        if i + 1 < len(starts) and nal.endswith(b"\x00"):  # 4-byte start code of the next
            nal = nal[:-1]
        if nal:
            nals.append(nal)
    return nals


def is_annexb(data: bytes) -> bool:
    return data.startswith(b"\x00\x00\x01") or data.startswith(b"\x00\x00\x00\x01")


def avcc_record(extradata: bytes) -> bytes:
    """AVCDecoderConfigurationRecord from Annex B SPS/PPS (returned as is if already avcC)."""
    if not is_annexb(extradata):
        if extradata[:1] == b"\x01":
            return extradata
        raise ValueError("H.264 extradata is neither Annex B nor avcC")
    nals = split_annexb(extradata)
    sps = [n for n in nals if n[0] & 0x1F == 7]
    pps = [n for n in nals if n[0] & 0x1F == 8]
    if not sps or not pps:
        raise ValueError("H.264 extradata has no SPS/PPS")
    profile, compat, level = sps[0][1], sps[0][2], sps[0][3]
    out = bytearray([1, profile, compat, level, 0xFF, 0xE0 | len(sps)])
    for s in sps:
        out += struct.pack(">H", len(s)) + s
    out.append(len(pps))
    for p in pps:
        out += struct.pack(">H", len(p)) + p
    if profile in (100, 110, 122, 144):  # High profiles: chroma 4:2:0, 8-bit, no SPS ext
        out += bytes([0xFC | 1, 0xF8, 0xF8, 0])
    return bytes(out)


def length_prefixed(data: bytes) -> bytes:
    """Annex B access unit -> 4-byte length-prefixed NAL units (as is if not Annex B)."""
    if not is_annexb(data):
        return data
    return b"".join(struct.pack(">I", len(n)) + n for n in split_annexb(data))


def video_sequence_header(config: StreamConfig) -> bytes:
    return bytes([_AVC_KEY, 0, 0, 0, 0]) + avcc_record(config.video_extradata)


def audio_sequence_header(config: StreamConfig) -> bytes:
    return bytes([_AAC_HEADER, 0]) + config.audio_extradata


def video_body(packet: EncodedPacket, cts_ms: int = 0) -> bytes:
    head = _AVC_KEY if packet.keyframe else _AVC_INTER
    return bytes([head, 1]) + (cts_ms & 0xFFFFFF).to_bytes(3, "big") + length_prefixed(packet.data)


def audio_body(packet: EncodedPacket) -> bytes:
    return bytes([_AAC_HEADER, 1]) + packet.data


def metadata(config: StreamConfig, extra: dict[str, str] | None = None) -> amf0.EcmaArray:
    meta = amf0.EcmaArray(
        duration=0.0,
        width=config.width,
        height=config.height,
        videodatarate=config.video_kbps,
        framerate=float(config.fps),
        videocodecid=7,
        audiodatarate=config.audio_kbps,
        audiosamplerate=config.sample_rate,
        audiosamplesize=16,
        stereo=config.channels == 2,
        audiocodecid=10,
    )
    meta.update(extra or {})
    return meta


def script_body(meta: amf0.EcmaArray) -> bytes:
    """onMetaData as stored in a file (RTMP sends it wrapped in ``@setDataFrame``)."""
    return amf0.encode_all("onMetaData", meta)


def tag(tag_type: int, body: bytes, ms: int) -> bytes:
    """A complete FLV file tag with its trailing previous-tag-size."""
    head = bytes([tag_type]) + len(body).to_bytes(3, "big")
    head += (ms & 0xFFFFFF).to_bytes(3, "big") + bytes([(ms >> 24) & 0xFF]) + b"\x00\x00\x00"
    return head + body + struct.pack(">I", 11 + len(body))
