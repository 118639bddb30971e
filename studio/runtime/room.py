"""A room: everything `studio live` needs, from one TOML file, validated.

The stream key may be given inline but is better read from an environment variable
(``key_env``), and it is never logged in clear.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from studio.core.config import load_toml_model
from studio.core.errors import ConfigError
from studio.core.paths import assets_dir, studio_home, write_private
from studio.stream.ingest import redact_url


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RoomSpec(_Section):
    name: str = "studio"
    avatar: str = "demo"  # "demo" (the built-in photo avatar) or an avatar name
    scene: str = ""  # scene TOML; default: the shipped vertical room
    show_db: str = ""  # default: STUDIO_HOME/show.db
    import_files: list[str] = Field(default_factory=list)  # products/scripts loaded at start
    # CPU cores this room may use (0: all; --threads and STUDIO_THREADS override it):
    # each native pool gets its share (studio.core.threads)
    threads: int = Field(0, ge=0, le=1024)
    # libx264's speed preset for the stream and recording: "ultrafast" keeps a room under
    # half a core; slower presets give a little more picture for the bit rate
    x264_preset: Literal["ultrafast", "superfast", "veryfast", "faster", "fast"] = "ultrafast"


class VoiceSpec(_Section):
    engine: Literal["espeak", "piper"] = "espeak"
    voice: str = ""
    lookahead: int = Field(3, ge=1, le=10)


class RtmpSpec(_Section):
    url: str = ""  # e.g. rtmp://push.example.com/live
    key: str = ""  # the stream key (prefer key_env)
    key_env: str = "STUDIO_STREAM_KEY"

    @field_validator("url")
    @classmethod
    def _scheme(cls, v: str) -> str:
        if v and not v.startswith(("rtmp://", "rtmps://")):
            raise ValueError("the ingest URL must start with rtmp:// or rtmps://")
        return v

    def stream_key(self) -> str:
        return self.key or os.environ.get(self.key_env, "")

    def masked_url(self) -> str:
        """The URL as it may be printed, logged or audited: the key masked wherever it is
        (given apart, or pasted at the end of the URL)."""
        return redact_url(self.url, self.stream_key())

    def full_url(self) -> str:
        key = self.stream_key()
        return f"{self.url.rstrip('/')}/{key}" if key else self.url


class RecordSpec(_Section):
    folder: str = ""  # empty: no recording
    segment_minutes: int = Field(30, ge=1, le=24 * 60)
    container: Literal["flv", "mp4"] = "flv"
    # Retention of Studio's own segments (0: off). A week answers a complaint about any
    # day's show; no size cap by default, as only the owner knows what the disk can hold.
    keep_days: float = Field(7, ge=0)
    keep_gb: float = Field(0, ge=0)
    # Free space a new segment leaves on the disk (at least two segments' worth): below
    # it the recorder waits and the show goes on, so the disk never fills up.
    min_free_mb: int = Field(500, ge=0)


class ControlSpec(_Section):
    port: int = Field(8765, ge=0, le=65535)  # 0: any free port
    token: str = ""  # empty: generated and saved in STUDIO_HOME/control-token
    burst: int = Field(20, ge=1, le=10_000)  # changes (inserts, skips, ...) taken at once,
    per_second: float = Field(2.0, gt=0, le=1000)  # then this many a second, per route
    max_pending: int = Field(200, ge=1, le=100_000)  # inserted lines waiting to play


class Room(_Section):
    room: RoomSpec = RoomSpec()
    voice: VoiceSpec = VoiceSpec()
    rtmp: RtmpSpec = RtmpSpec()
    record: RecordSpec = RecordSpec()
    control: ControlSpec = ControlSpec()
    base_dir: Path = Field(default=Path("."), exclude=True)
    _source: Path | None = PrivateAttr(default=None)  # the room file it was loaded from

    @property
    def source(self) -> Path | None:
        return self._source

    def resolve(self, relative: str) -> Path:
        p = Path(relative).expanduser()
        return p if p.is_absolute() else self.base_dir / p

    def scene_path(self) -> Path:
        return (
            self.resolve(self.room.scene)
            if self.room.scene
            else assets_dir() / "scenes" / "douyin_vertical.toml"
        )

    def show_db_path(self) -> Path:
        return self.resolve(self.room.show_db) if self.room.show_db else studio_home() / "show.db"

    def control_token(self) -> str:
        """The API token: from the room file, else a persistent random one (0600 file)."""
        if self.control.token:
            return self.control.token
        path = studio_home() / "control-token"
        try:
            if path.is_file():
                return path.read_text().strip()
            token = secrets.token_urlsafe(24)
            write_private(path, token)
        except OSError as exc:
            raise ConfigError(
                f"cannot read or save the control token {path}: {exc.strerror or exc}",
                hint="set [control] token in the room file, or make STUDIO_HOME a folder "
                "this user can write",
            ) from None
        return token


def load_room(path: str | Path) -> Room:
    """Read and validate a room file; every problem is reported with line and key."""
    room = load_toml_model(path, Room, "room config", "packaging/room.example.toml")
    room._source = Path(path).resolve()
    return room
