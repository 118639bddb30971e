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
    # while every platform that was receiving is down, start no new line (the one on air
    # ends; picture and recording go on), so no product line plays to nobody
    hold_lines_while_down: bool = True


class VoiceSpec(_Section):
    engine: Literal["espeak", "piper"] = "espeak"
    voice: str = ""
    lookahead: int = Field(3, ge=1, le=10)
    # a cloned presenter's TTS moved toward her own voice (音色接近, "voice matched"):
    # her pitch range, formants and tilt from her voice reference; false: the stock voice
    match: bool = True
    # a presenter who read the prompt sheet (`studio voice lines import`) says her own
    # recorded lines where she can, TTS the rest; false: TTS only
    own_lines: bool = True
    # A voice per language (studio.speech.voices): zh/en -> an installed pack's name,
    # "joe", "espeak", "espeak:VOICE" or "auto"; when set, engine and voice are not used
    languages: dict[str, str] = Field(default_factory=dict)

    @field_validator("languages")
    @classmethod
    def _languages(cls, v: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(v) - {"zh", "en"})
        if unknown:
            raise ValueError(f"voices are chosen for zh and en, not {', '.join(unknown)}")
        return v


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


class AudienceSpec(_Section):
    """Viewer events in, answers out (runtime/audience.py; packaging/room.example.toml)."""

    enabled: bool = True
    faq: str = ""  # the merchant's facts and answers; default: STUDIO_HOME/faq.toml if any
    answer: Literal["urgent", "normal"] = "urgent"  # urgent: after the word on air
    show_product: bool = True  # the product a question is about comes on the card
    follow_interest: bool = False  # products asked about often come up sooner
    interest_threshold: float = Field(4.0, gt=0)  # questions (decaying) that move it
    stale_s: float = Field(30.0, gt=0, le=3600)  # questions waiting longer are dropped
    max_waiting: int = Field(1, ge=1, le=20)  # answers queued in the show at once
    viewer_burst: int = Field(3, ge=1, le=1000)  # comments one viewer may send at once,
    viewer_per_minute: float = Field(6.0, gt=0, le=6000)  # then this many a minute
    room_per_second: float = Field(100.0, gt=0, le=10_000)  # events; beyond: a flood
    welcome_per_minute: int = Field(3, ge=0, le=60)
    thanks_per_minute: int = Field(6, ge=0, le=60)
    ingest_burst: int = Field(50, ge=1, le=10_000)  # POST /audience/events at once,
    ingest_per_second: float = Field(20.0, gt=0, le=1000)  # then this many a second
    max_batch: int = Field(200, ge=1, le=1000)  # events in one POST

    def faq_path(self, room: Room) -> tuple[Path, bool]:
        """The FAQ file and whether it must exist (named in the room file) or may not
        yet (the default, which the window's FAQ tab writes)."""
        if self.faq:
            return room.resolve(self.faq), True
        return studio_home() / "faq.toml", False


class Room(_Section):
    room: RoomSpec = RoomSpec()
    voice: VoiceSpec = VoiceSpec()
    rtmp: RtmpSpec = RtmpSpec()
    record: RecordSpec = RecordSpec()
    control: ControlSpec = ControlSpec()
    audience: AudienceSpec = AudienceSpec()
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
