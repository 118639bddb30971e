"""Scenes: the live room's layout as a TOML file, validated into typed models.

Positions and sizes are fractions of the canvas, so one scene works in vertical and
landscape. Errors name the file, the line and the key, and suggest the intended key
when a name is misspelt.
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from studio.core.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

_HEX = re.compile(r"^#([0-9a-fA-F]{6})([0-9a-fA-F]{2})?$")


def parse_color(value: str) -> tuple[int, int, int, int]:
    """'#rrggbb' or '#rrggbbaa' -> (r, g, b, a)."""
    m = _HEX.match(value)
    if not m:
        raise ValueError(f"{value!r} is not a colour; write it as #rrggbb or #rrggbbaa")
    rgb = bytes.fromhex(m.group(1))
    alpha = int(m.group(2), 16) if m.group(2) else 255
    return rgb[0], rgb[1], rgb[2], alpha


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Color = str
Frac = float


class CanvasSpec(_Section):
    preset: str = "vertical-720"
    language: Literal["zh", "en", "both"] = "zh"

    @field_validator("preset")
    @classmethod
    def _known_preset(cls, v: str) -> str:
        from studio.stream.presets import PRESETS

        if v not in PRESETS:
            raise ValueError(f"unknown preset {v!r}; use one of {', '.join(PRESETS)}")
        return v


class BackgroundSpec(_Section):
    kind: Literal["presenter", "solid", "gradient", "image", "video"] = "presenter"
    color: Color = "#1e1e28"
    color2: Color = "#3a2f4f"
    path: str = ""
    blur: Frac = Field(0.0, ge=0.0, le=0.1)

    @field_validator("color", "color2")
    @classmethod
    def _color(cls, v: str) -> str:
        parse_color(v)
        return v

    @model_validator(mode="after")
    def _path_needed(self) -> BackgroundSpec:
        if self.kind in ("image", "video") and not self.path:
            raise ValueError(f"background kind {self.kind!r} needs a path")
        return self


class AvatarSpec(_Section):
    x: Frac = Field(0.5, ge=0.0, le=1.0)
    y: Frac = Field(1.0, ge=0.0, le=1.0)
    height: Frac = Field(1.0, gt=0.05, le=1.5)
    matte: bool = False


class ProductCardSpec(_Section):
    enabled: bool = True
    x: Frac = Field(0.04, ge=0.0, le=1.0)
    y: Frac = Field(0.56, ge=0.0, le=1.0)
    width: Frac = Field(0.44, gt=0.1, le=1.0)
    show: Literal["stock", "countdown", "none"] = "stock"
    countdown_seconds: int = Field(300, gt=0, le=24 * 3600)
    accent: Color = "#ff3b5c"

    @field_validator("accent")
    @classmethod
    def _color(cls, v: str) -> str:
        parse_color(v)
        return v


class SubtitleSpec(_Section):
    enabled: bool = True
    y: Frac = Field(0.86, ge=0.0, le=1.0)
    size: Frac = Field(0.03, gt=0.005, le=0.2)
    color: Color = "#ffffff"
    highlight: Color = "#ffd34d"
    max_chars: int = Field(16, ge=4, le=80)

    @field_validator("color", "highlight")
    @classmethod
    def _color(cls, v: str) -> str:
        parse_color(v)
        return v


class TickerSpec(_Section):
    enabled: bool = False
    text: str = ""
    y: Frac = Field(0.955, ge=0.0, le=1.0)
    size: Frac = Field(0.022, gt=0.005, le=0.2)
    speed: float = Field(0.12, gt=0.0, le=2.0)
    color: Color = "#ffffff"
    background: Color = "#000000a0"

    @field_validator("color", "background")
    @classmethod
    def _color(cls, v: str) -> str:
        parse_color(v)
        return v


class AILabelSpec(_Section):
    """The visible AI-generated mark. On unless switched off *with a reason* (audited)."""

    enabled: bool = True
    position: Literal["top-left", "top-right", "bottom-left", "bottom-right"] = "top-left"
    size: Frac = Field(0.022, ge=0.015, le=0.1)
    disable_reason: str = ""

    @model_validator(mode="after")
    def _reason_to_disable(self) -> AILabelSpec:
        if not self.enabled and len(self.disable_reason.strip()) < 4:
            raise ValueError(
                "the AI-generated label is required by law (GB 45438-2025); to switch it off "
                "set disable_reason to why (it is written to the audit log)"
            )
        return self


class Scene(_Section):
    canvas: CanvasSpec = CanvasSpec()
    background: BackgroundSpec = BackgroundSpec()
    avatar: AvatarSpec = AvatarSpec()
    product_card: ProductCardSpec = ProductCardSpec()
    subtitles: SubtitleSpec = SubtitleSpec()
    ticker: TickerSpec = TickerSpec()
    ai_label: AILabelSpec = AILabelSpec()
    base_dir: Path = Field(default=Path("."), exclude=True)

    def resolve(self, relative: str) -> Path:
        """A path from the scene file, relative to the file's folder."""
        p = Path(relative).expanduser()
        return p if p.is_absolute() else self.base_dir / p


# -- loading with line-aware errors -------------------------------------------------------
def _find_line(text: str, loc: tuple) -> int | None:
    """Line number (1-based) of the key at ``loc`` (section, key) in TOML ``text``."""
    lines = text.splitlines()
    if len(loc) == 1:  # an error about a whole section: point at its header
        loc = (loc[0], "\0")
    section, key = loc[0], loc[1]
    start = 0
    if section is not None:
        header = re.compile(rf"^\s*\[\s*{re.escape(str(section))}\s*\]")
        for i, line in enumerate(lines):
            if header.match(line):
                start = i
                break
        else:
            return None
    if key == "\0":
        return start + 1
    key_re = re.compile(rf"^\s*{re.escape(str(key))}\s*=")
    for i in range(start, len(lines)):
        if i > start and section is not None and lines[i].lstrip().startswith("["):
            break
        if key_re.match(lines[i]):
            return i + 1
    return start + 1


def _known_keys(loc: tuple) -> list[str]:
    model: type[BaseModel] = Scene
    for part in loc[:-1]:
        field = model.model_fields.get(str(part))
        if field is None or not isinstance(field.annotation, type):
            return []
        model = field.annotation
    return [k for k in model.model_fields if k != "base_dir"]


def _describe(err: dict, text: str, path: Path) -> str:
    loc = tuple(err["loc"])
    line = _find_line(text, loc)
    where = f"{path}:{line}" if line else str(path)
    key = ".".join(str(p) for p in loc)
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        close = difflib.get_close_matches(str(loc[-1]), _known_keys(loc), n=1)
        msg = "unknown key" + (f"; did you mean {close[0]!r}?" if close else "")
    return f"{where}: [{key}] {msg}"


def load_scene(path: str | Path) -> Scene:
    """Read and validate a scene file; every problem is reported with line and key."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            f"cannot read scene {path}: {exc.strerror}", hint="check the path"
        ) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path}: not valid TOML: {exc}", hint="fix the syntax at that line"
        ) from exc
    try:
        scene = Scene.model_validate(data)
    except ValidationError as exc:
        problems = [_describe(e, text, path) for e in exc.errors()]
        raise ConfigError(
            "invalid scene:\n  " + "\n  ".join(problems),
            hint="see assets/scenes/*.toml for the keys each section takes",
        ) from exc
    return scene.model_copy(update={"base_dir": path.parent})
