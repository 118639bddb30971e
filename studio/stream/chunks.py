"""The RTMP chunk stream: messages cut into chunks on the way out, joined on the way in.

Only what a publisher needs: it writes every message with a full (type 0) header and
type-3 continuations, and reads whatever header compression the server uses.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

# message types
SET_CHUNK_SIZE, ABORT, ACK, USER_CONTROL, WINDOW_ACK_SIZE, PEER_BANDWIDTH = 1, 2, 3, 4, 5, 6
AUDIO, VIDEO, DATA_AMF0, COMMAND_AMF0 = 8, 9, 18, 20
EXTENDED_TS = 0xFFFFFF


def encode_message(
    csid: int, msg_type: int, msid: int, ts_ms: int, payload: bytes, chunk_size: int
) -> bytes:
    """One message as chunks: a type-0 header, then type-3 continuations.

    Timestamps from 0xFFFFFF ms (4.7 h) on go in the extended field, which is repeated
    in every continuation chunk (as FFmpeg, librtmp and nginx-rtmp do).
    """
    ts = ts_ms & 0xFFFFFFFF
    ext = ts >= EXTENDED_TS
    head = bytes([csid & 0x3F])  # fmt 0; csid 2..63
    head += (EXTENDED_TS if ext else ts).to_bytes(3, "big")
    head += len(payload).to_bytes(3, "big") + bytes([msg_type]) + struct.pack("<I", msid)
    ext_bytes = struct.pack(">I", ts) if ext else b""
    cont = bytes([0xC0 | (csid & 0x3F)]) + ext_bytes
    parts = [head + ext_bytes, payload[:chunk_size]]
    for i in range(chunk_size, len(payload), chunk_size):
        parts += [cont, payload[i : i + chunk_size]]
    return b"".join(parts)


@dataclass
class Message:
    csid: int
    type: int
    msid: int
    timestamp: int
    payload: bytes


@dataclass
class _ChunkState:
    timestamp: int = 0
    delta: int = 0
    length: int = 0
    type: int = 0
    msid: int = 0
    extended: bool = False
    body: bytearray | None = None


class ChunkReader:
    """Incremental chunk-stream parser: ``feed`` bytes, get whole messages back."""

    def __init__(self) -> None:
        self.chunk_size = 128
        self._buf = bytearray()
        self._streams: dict[int, _ChunkState] = {}

    def feed(self, data: bytes) -> list[Message]:
        self._buf += data
        out = []
        while True:
            msg = self._one()
            if msg is None:
                return out
            if msg is not _PARTIAL:
                out.append(msg)

    def _one(self) -> Message | object | None:
        buf = self._buf
        if not buf:
            return None
        fmt, csid, pos = buf[0] >> 6, buf[0] & 0x3F, 1
        if csid == 0:
            if len(buf) < 2:
                return None
            csid, pos = 64 + buf[1], 2
        elif csid == 1:
            if len(buf) < 3:
                return None
            csid, pos = 64 + buf[1] + 256 * buf[2], 3
        st = self._streams.setdefault(csid, _ChunkState())
        header = (11, 7, 3, 0)[fmt]
        if len(buf) < pos + header:
            return None
        ts_field = int.from_bytes(buf[pos : pos + 3], "big") if fmt < 3 else 0
        length, mtype, msid = st.length, st.type, st.msid
        if fmt <= 1:
            length = int.from_bytes(buf[pos + 3 : pos + 6], "big")
            mtype = buf[pos + 6]
        if fmt == 0:
            msid = struct.unpack_from("<I", buf, pos + 7)[0]
        pos += header
        extended = (ts_field == EXTENDED_TS) if fmt < 3 else st.extended
        if extended:
            if len(buf) < pos + 4:
                return None
            ts_value = struct.unpack_from(">I", buf, pos)[0]
            pos += 4
        else:
            ts_value = ts_field
        new_message = fmt < 3 or st.body is None
        want = length if new_message else length - len(st.body or b"")
        take = min(want, self.chunk_size)
        if len(buf) < pos + take:
            return None
        # the whole chunk is here: commit its header
        st.length, st.type, st.msid, st.extended = length, mtype, msid, extended
        if fmt == 0:
            st.timestamp, st.delta = ts_value, 0
        elif fmt < 3:
            st.delta = ts_value
            st.timestamp += ts_value
        elif new_message:  # a type-3 chunk starting a message repeats the last delta
            st.timestamp += st.delta
        if new_message:
            st.body = bytearray()
        assert st.body is not None
        st.body += buf[pos : pos + take]
        del buf[: pos + take]
        if len(st.body) < st.length:
            return _PARTIAL
        msg = Message(csid, st.type, st.msid, st.timestamp, bytes(st.body))
        st.body = None
        if msg.type == SET_CHUNK_SIZE and len(msg.payload) >= 4:
            self.chunk_size = struct.unpack(">I", msg.payload[:4])[0] & 0x7FFFFFFF
        return msg


_PARTIAL = object()
