"""The sidecar JSON next to an asset: its kind, anchor points that override the found
ones, and sizes that cannot be seen in the picture.

``tee.png`` -> ``tee.json``::

    {"kind": "top",
     "anchors": {"collar": [412, 188], "shoulder_left": [265, 205]},
     "size_iod": 0.6}

Anchor coordinates are pixels of the PNG, left/right as seen in the picture.
``size_iod`` (earrings only) is the earring's length in inter-ocular distances.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from studio.core.errors import InputError
from studio.tryon.kinds import ANCHORS, KINDS

KEYS = ("kind", "anchors", "size_iod")


@dataclass(frozen=True)
class Sidecar:
    path: Path | None = None
    kind: str | None = None
    anchors: dict[str, tuple[float, float]] = field(default_factory=dict)
    size_iod: float | None = None


def sidecar_path(image: Path) -> Path:
    return image.with_suffix(".json")


def read_sidecar(image: Path, size: tuple[int, int]) -> Sidecar:
    """The sidecar of ``image`` (an empty one when there is none), validated."""
    path = sidecar_path(image)
    if not path.is_file():
        return Sidecar()

    def bad(msg: str) -> InputError:
        return InputError(f"{path}: {msg}", hint="fix the sidecar JSON or delete it")

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise bad(f"cannot be read ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise bad(f"not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise bad("must be a JSON object")
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise bad(f"unknown key(s) {', '.join(unknown)}; known: {', '.join(KEYS)}")
    kind = data.get("kind")
    if kind is not None and kind not in KINDS:
        raise bad(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    anchors: dict[str, tuple[float, float]] = {}
    raw = data.get("anchors", {})
    if not isinstance(raw, dict):
        raise bad('"anchors" must be an object of name: [x, y]')
    allowed = set(ANCHORS[kind]) if kind else {a for names in ANCHORS.values() for a in names}
    w, h = size
    for name, xy in raw.items():
        if name not in allowed:
            raise bad(f"anchor {name!r} is not one of {', '.join(sorted(allowed))}")
        ok = (
            isinstance(xy, list)
            and len(xy) == 2
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in xy)
        )
        if not ok:
            raise bad(f"anchor {name!r} must be [x, y] in pixels, got {xy!r}")
        if not (0 <= xy[0] < w and 0 <= xy[1] < h):
            raise bad(f"anchor {name!r} {xy} lies outside the {w}x{h} image")
        anchors[name] = (float(xy[0]), float(xy[1]))
    size_iod = data.get("size_iod")
    if size_iod is not None and (
        not isinstance(size_iod, (int, float))
        or isinstance(size_iod, bool)
        or not 0.05 <= size_iod <= 5
    ):
        raise bad(f"size_iod must be a number between 0.05 and 5, got {size_iod!r}")
    return Sidecar(path=path, kind=kind, anchors=anchors, size_iod=size_iod)


def write_sidecar(image: Path, kind: str, anchors: dict[str, tuple[float, float]]) -> Path:
    """Write the anchors as a sidecar to start editing from (atomic: temp file + rename)."""
    path = sidecar_path(image)
    body = {
        "kind": kind,
        "anchors": {k: [round(v[0], 1), round(v[1], 1)] for k, v in anchors.items()},
    }
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path
