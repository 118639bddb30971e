"""AMF0, the value encoding of RTMP commands and FLV metadata (only what RTMP needs)."""

from __future__ import annotations

import struct
from typing import Any

NUMBER, BOOLEAN, STRING, OBJECT, NULL, UNDEFINED = 0x00, 0x01, 0x02, 0x03, 0x05, 0x06
ECMA_ARRAY, OBJECT_END, STRICT_ARRAY, DATE, LONG_STRING = 0x08, 0x09, 0x0A, 0x0B, 0x0C


class EcmaArray(dict):
    """A dict written as an AMF0 ECMA array (what ``onMetaData`` uses)."""


def _key(name: str) -> bytes:
    raw = name.encode("utf-8")
    return struct.pack(">H", len(raw)) + raw


def encode(value: Any) -> bytes:
    """One AMF0 value: None, bool, int/float, str, dict (object) or EcmaArray."""
    if value is None:
        return bytes([NULL])
    if isinstance(value, bool):
        return bytes([BOOLEAN, 1 if value else 0])
    if isinstance(value, (int, float)):
        return bytes([NUMBER]) + struct.pack(">d", float(value))
    if isinstance(value, str):
        raw = value.encode("utf-8")
        if len(raw) > 0xFFFF:
            return bytes([LONG_STRING]) + struct.pack(">I", len(raw)) + raw
        return bytes([STRING]) + struct.pack(">H", len(raw)) + raw
    if isinstance(value, dict):
        body = b"".join(_key(k) + encode(v) for k, v in value.items()) + b"\x00\x00\x09"
        if isinstance(value, EcmaArray):
            return bytes([ECMA_ARRAY]) + struct.pack(">I", len(value)) + body
        return bytes([OBJECT]) + body
    if isinstance(value, (list, tuple)):
        return bytes([STRICT_ARRAY]) + struct.pack(">I", len(value)) + encode_all(*value)
    raise TypeError(f"cannot encode {type(value).__name__} as AMF0")


def encode_all(*values: Any) -> bytes:
    return b"".join(encode(v) for v in values)


def decode_all(data: bytes) -> list[Any]:
    """Every value in ``data``; raises ValueError on a malformed or unknown value."""
    values, pos = [], 0
    while pos < len(data):
        value, pos = _decode(data, pos)
        values.append(value)
    return values


def _text(data: bytes, pos: int, n: int) -> str:
    if pos + n > len(data):
        raise IndexError("string runs past the end")
    return data[pos : pos + n].decode("utf-8", "replace")


def _decode(data: bytes, pos: int) -> tuple[Any, int]:
    try:
        marker = data[pos]
        pos += 1
        if marker == NUMBER:
            return struct.unpack_from(">d", data, pos)[0], pos + 8
        if marker == BOOLEAN:
            return data[pos] != 0, pos + 1
        if marker in (STRING, LONG_STRING):
            width = 2 if marker == STRING else 4
            (n,) = struct.unpack_from(">H" if width == 2 else ">I", data, pos)
            return _text(data, pos + width, n), pos + width + n
        if marker in (NULL, UNDEFINED):
            return None, pos
        if marker in (OBJECT, ECMA_ARRAY):
            if marker == ECMA_ARRAY:
                pos += 4
            obj: dict[str, Any] = {} if marker == OBJECT else EcmaArray()
            while True:
                (n,) = struct.unpack_from(">H", data, pos)
                if n == 0 and data[pos + 2] == OBJECT_END:
                    return obj, pos + 3
                key = _text(data, pos + 2, n)
                obj[key], pos = _decode(data, pos + 2 + n)
        if marker == STRICT_ARRAY:
            (n,) = struct.unpack_from(">I", data, pos)
            pos += 4
            items = []
            for _ in range(n):
                item, pos = _decode(data, pos)
                items.append(item)
            return items, pos
        if marker == DATE:
            return struct.unpack_from(">d", data, pos)[0], pos + 10
    except (IndexError, struct.error) as exc:
        raise ValueError(f"truncated AMF0 value at byte {pos}") from exc
    raise ValueError(f"unsupported AMF0 marker 0x{marker:02x} at byte {pos - 1}")
