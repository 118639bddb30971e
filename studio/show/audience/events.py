"""Viewer events: what the audience does in the room, as plain values.

An event comes from the ingest endpoint (the merchant's console userscript, another
tool), the operator's box in the window, or a replay file. Every source goes through
``parse_event``, so a bad event is refused the same way wherever it comes from: with a
message that says which field is wrong and what to send instead.

``viewer`` (the platform's opaque id) and ``name`` (the display name) are personal data:
they live in memory for the session only. What is shown or spoken is ``masked_name``;
what is logged or audited is the session's hash of the id (``privacy.py``).
"""

from __future__ import annotations

import json
import math
import unicodedata
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from studio.core.errors import InputError
from studio.core.textfile import read_text_file

MAX_TEXT = 200  # characters of a comment kept (a platform caps comments near this)
MAX_NAME = 40
MAX_FIELD = 80  # viewer id, platform, gift name


class EventKind(str, Enum):
    COMMENT = "comment"
    ENTER = "enter"
    FOLLOW = "follow"
    LIKE = "like"
    GIFT = "gift"
    ORDER = "order"


KINDS = tuple(k.value for k in EventKind)


@dataclass(frozen=True)
class ViewerEvent:
    """One thing a viewer did. ``at``: when it happened (epoch seconds, the source's
    clock; 0 when unknown); ``received``: when the room got it (the room's monotonic
    clock, set on arrival); ``seq``: the room's number for it (for the operator's clicks).
    """

    kind: EventKind
    platform: str = ""
    viewer: str = ""
    name: str = ""
    text: str = ""
    gift: str = ""
    count: int = 1
    product: str = ""  # what an order was for (as the platform names it)
    at: float = 0.0
    received: float = 0.0
    seq: int = 0
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


def _clean(value: Any, limit: int) -> str:
    """Printable text only (no control or format characters), at most ``limit`` long."""
    text = unicodedata.normalize("NFC", str(value))
    kept = "".join(
        " " if ch in "\r\n\t" else ch
        for ch in text
        if ch in "\r\n\t" or unicodedata.category(ch)[0] != "C"
    )
    return " ".join(kept.split())[:limit]


def parse_event(data: Any, where: str = "event") -> ViewerEvent:
    """A ``ViewerEvent`` from a JSON object, or InputError naming the bad field.

    Fields: ``kind`` (comment, enter, follow, like, gift, order; default comment),
    ``platform``, ``viewer`` (id), ``name``, ``text`` (comments), ``gift``/``count``
    (gifts), ``product`` (orders), ``at`` (epoch seconds or milliseconds).
    """
    if not isinstance(data, dict):
        raise InputError(
            f"{where}: not a JSON object",
            hint='send {"kind": "comment", "viewer": "...", "name": "...", "text": "..."}',
        )
    kind_raw = str(data.get("kind") or data.get("type") or "comment").strip().lower()
    try:
        kind = EventKind(kind_raw)
    except ValueError:
        raise InputError(
            f"{where}: unknown kind {kind_raw[:20]!r}",
            hint=f"kind is one of: {', '.join(KINDS)}",
        ) from None
    text = _clean(data.get("text") or "", MAX_TEXT)
    if kind is EventKind.COMMENT and not text:
        raise InputError(f"{where}: a comment without text", hint="send the comment in 'text'")
    at_raw = data.get("at", 0)
    try:
        at = float(at_raw or 0)
    except (TypeError, ValueError):
        raise InputError(
            f"{where}: 'at' is {str(at_raw)[:20]!r}, not a time",
            hint="send epoch seconds (or milliseconds), or leave it out",
        ) from None
    if not math.isfinite(at) or at < 0:
        raise InputError(f"{where}: 'at' must be a time after 1970", hint="or leave it out")
    if at > 1e11:  # milliseconds, as JavaScript's Date.now() gives them
        at /= 1000.0
    count_raw = data.get("count", 1)
    try:
        count = int(count_raw or 1)
    except (TypeError, ValueError):
        raise InputError(
            f"{where}: 'count' is {str(count_raw)[:20]!r}, not a whole number",
            hint="send how many gifts, e.g. 1",
        ) from None
    return ViewerEvent(
        kind=kind,
        platform=_clean(data.get("platform") or "", MAX_FIELD),
        viewer=_clean(data.get("viewer") or data.get("uid") or "", MAX_FIELD),
        name=_clean(data.get("name") or data.get("nickname") or "", MAX_NAME),
        text=text,
        gift=_clean(data.get("gift") or "", MAX_FIELD),
        count=max(1, min(count, 1_000_000)),
        product=_clean(data.get("product") or "", MAX_FIELD),
        at=at,
    )


@dataclass(frozen=True)
class Replayed:
    """An event of a replay file and when it happens: ``t`` seconds after the start."""

    t: float
    event: ViewerEvent


def read_replay(path: Path) -> list[Replayed]:
    """Events of a JSON-lines replay file, in time order; all or nothing.

    One object per line with ``t`` (seconds from the start of the show) and the fields
    of ``parse_event``; blank lines and lines starting with ``#`` are skipped. Every bad
    line is listed in one error, so nothing is replayed from a file that is half right.
    """
    if not path.is_file():
        raise InputError(f"cannot read {path}: no such file", hint="check the --events path")
    text = read_text_file(path, "events file")
    out: list[Replayed] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{path.name}: line {number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: not JSON ({exc.msg})")
            continue
        try:
            event = parse_event(data, where)
            t = float(data.get("t", 0)) if isinstance(data, dict) else 0.0
        except InputError as exc:
            problems.append(exc.message)
            continue
        except (TypeError, ValueError):
            problems.append(f"{where}: 't' must be seconds from the start, e.g. 2.5")
            continue
        if not math.isfinite(t) or t < 0:
            problems.append(f"{where}: 't' must be seconds from the start, e.g. 2.5")
            continue
        out.append(Replayed(t, event))
    if problems:
        shown = "\n  ".join(problems[:30])
        more = f"\n  … and {len(problems) - 30} more" if len(problems) > 30 else ""
        raise InputError(
            f"{path.name}: {len(problems)} bad line(s), nothing was replayed:\n  {shown}{more}",
            hint='one JSON object a line, e.g. {"t": 2.5, "kind": "comment", "viewer": "u1", '
            '"name": "张三", "text": "多少钱"}',
        )
    out.sort(key=lambda r: r.t)
    return out
