"""``manifest.json``: what an avatar package is, how it was made and how good it is.

Versioned by ``schema_version`` (see FORMAT.md). Readers accept the versions they can
migrate and refuse the rest with an error that says how to rebuild the avatar.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from studio.core.errors import InputError
from studio.core.timeline import FrameRate

SCHEMA_VERSION = 1
MANIFEST = "manifest.json"
KINDS = ("video", "photo")

# Migrations from older schema versions: version -> function(dict) -> dict of version+1.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {}


@dataclass
class Manifest:
    """The package's self-description (FORMAT.md lists every field)."""

    name: str
    kind: str
    created: str  # ISO 8601, UTC
    studio_version: str
    source: dict[str, Any]  # file name, sha256, container/codecs, duration, rotation
    fps: list[int]  # [num, den]
    width: int
    height: int
    frame_count: int
    settings: dict[str, Any]
    quality: dict[str, Any]  # the quality report: face found %, face size, blur, lighting, warnings
    contents: dict[str, Any] = field(default_factory=dict)  # what each part holds
    schema_version: int = SCHEMA_VERSION

    @property
    def frame_rate(self) -> FrameRate:
        return FrameRate(int(self.fps[0]), int(self.fps[1]))

    @property
    def duration_s(self) -> float:
        return self.frame_count * self.fps[1] / self.fps[0]

    def to_json(self) -> dict:
        data = asdict(self)
        return {"schema_version": data.pop("schema_version"), **data}


def rebuild_hint(name: str) -> str:
    return f"rebuild it from its video: studio avatar create VIDEO --name {name} --force"


def write_manifest(folder: Path, manifest: Manifest) -> None:
    """Write atomically (temp file + rename)."""
    tmp = folder / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest.to_json(), indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, folder / MANIFEST)


def read_manifest(folder: Path) -> Manifest:
    """Read, migrate and validate; InputError (with the rebuild command) when it cannot."""
    name = folder.name
    path = folder / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(
            f"{folder} is not an avatar (no {MANIFEST})", hint=rebuild_hint(name)
        ) from exc
    except (OSError, ValueError) as exc:
        raise InputError(
            f"the manifest of avatar {name!r} is unreadable: {exc}", hint=rebuild_hint(name)
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("schema_version"), int):
        raise InputError(
            f"the manifest of avatar {name!r} has no schema version", hint=rebuild_hint(name)
        )
    version = data["schema_version"]
    if version > SCHEMA_VERSION:
        raise InputError(
            f"avatar {name!r} was made by a newer Studio (package schema {version}, "
            f"this Studio reads up to {SCHEMA_VERSION})",
            hint="update Studio, or " + rebuild_hint(name),
        )
    while version < SCHEMA_VERSION:
        migrate = MIGRATIONS.get(version)
        if migrate is None:
            raise InputError(
                f"avatar {name!r} was made by an older Studio (package schema {version}) "
                f"that this Studio ({SCHEMA_VERSION}) cannot read",
                hint=rebuild_hint(name),
            )
        data = migrate(data)
        version = data["schema_version"]
    try:
        manifest = Manifest(**data)
    except TypeError as exc:
        raise InputError(
            f"the manifest of avatar {name!r} is damaged: {exc}", hint=rebuild_hint(name)
        ) from exc
    if manifest.kind not in KINDS:
        raise InputError(
            f"avatar {name!r} has unknown kind {manifest.kind!r}", hint=rebuild_hint(name)
        )
    return manifest
