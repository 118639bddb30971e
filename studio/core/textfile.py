"""Read a text file the user wrote (room, scene, script, catalogue) as UTF-8.

Every such file goes through ``read_text_file`` so they all behave alike: a UTF-8 byte
order mark (Notepad and Excel add one) is dropped, and a file in another encoding is a
clear error that says where the first bad byte is and, when the file reads as GBK (what
Chinese Windows saves by default), says so -- instead of a traceback or TOML's
"Invalid statement (at line 1, column 1)".
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from studio.core.errors import ConfigError

_CJK = re.compile(r"[\u3400-\u9fff]")


def read_text_file(
    path: str | Path, what: str, *, fallback: tuple[str, ...] = (), hint: str = ""
) -> str:
    """The text of ``path``, a ``what`` ("room config", "scene", ...), BOM removed.

    ``fallback`` names encodings accepted when the bytes are not UTF-8 (a products CSV
    from Excel may be GB18030); anything else raises ``ConfigError`` (exit 2), with
    ``hint`` (default: save it as UTF-8) as what to do.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(
            f"cannot read {what} {path}: {exc.strerror or exc}",
            hint="check the path and its permissions",
        ) from exc
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc
    for encoding in fallback:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise not_utf8_error(path, what, data, bad.start, hint)


def not_utf8_error(path: Path, what: str, data: bytes, offset: int, hint: str = "") -> ConfigError:
    """Where the first non-UTF-8 byte is, and a guess at the encoding when it is GBK."""
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    where = f"byte 0x{data[offset]:02x} at offset {offset} (line {line}, column {column})"
    if _looks_like_gbk(data):
        return ConfigError(
            f"{what} {path} is not UTF-8 text: {where}; it looks like GBK",
            hint=hint or "save it as UTF-8 (in Notepad: Save As, Encoding: UTF-8)",
        )
    return ConfigError(
        f"{what} {path} is not UTF-8 text: {where}",
        hint=hint or "save it as UTF-8 text",
    )


def _looks_like_gbk(data: bytes) -> bool:
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return _CJK.search(text) is not None
