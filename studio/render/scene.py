"""Scenes: the live room's layout as a TOML file, validated into typed models.

Positions and sizes are fractions of the canvas, so one scene works in vertical and
landscape. Errors name the file, the line and the key, and suggest the intended key
when a name is misspelt.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from studio.core.config import find_line, load_toml_model
from studio.core.errors import ConfigError
from studio.core.presets import PRESETS
from studio.core.textfile import read_text_file

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


def _checked_color(value: str) -> str:
    parse_color(value)
    return value


Color = Annotated[str, AfterValidator(_checked_color)]  # '#rrggbb' or '#rrggbbaa', checked
Frac = float


class CanvasSpec(_Section):
    preset: str = "vertical-720"
    language: Literal["zh", "en", "both"] = "zh"

    @field_validator("preset")
    @classmethod
    def _known_preset(cls, v: str) -> str:
        if v not in PRESETS:
            raise ValueError(f"unknown preset {v!r}; use one of {', '.join(PRESETS)}")
        return v


class BackgroundSpec(_Section):
    kind: Literal["presenter", "solid", "gradient", "image", "video"] = "presenter"
    color: Color = "#1e1e28"
    color2: Color = "#3a2f4f"
    path: str = ""
    blur: Frac = Field(0.0, ge=0.0, le=0.1)

    @model_validator(mode="after")
    def _path_needed(self) -> BackgroundSpec:
        if self.kind in ("image", "video") and not self.path:
            raise ValueError(f"background kind {self.kind!r} needs a path")
        return self


class AvatarSpec(_Section):
    """Where the presenter goes. Over her own background (``[background] kind =
    "presenter"``) she fills the canvas: ``fit`` says how (cover: no border, cropped;
    contain: whole, over her blurred picture; auto: contain when cover would cut her head
    or most of her picture). Over another background she stands in the box (bottom-centre
    ``x``, ``y`` and ``height``). ``zoom`` > 1 is a close-up around her head."""

    x: Frac = Field(0.5, ge=0.0, le=1.0)
    y: Frac = Field(1.0, ge=0.0, le=1.0)
    height: Frac = Field(1.0, gt=0.05, le=1.5)
    matte: bool = False
    fit: Literal["auto", "cover", "contain"] = "auto"
    zoom: float = Field(1.0, ge=1.0, le=3.0)


class ProductCardSpec(_Section):
    enabled: bool = True
    x: Frac = Field(0.04, ge=0.0, le=1.0)
    y: Frac = Field(0.56, ge=0.0, le=1.0)
    width: Frac = Field(0.44, gt=0.1, le=1.0)
    show: Literal["stock", "countdown", "none"] = "stock"
    countdown_seconds: int = Field(300, gt=0, le=24 * 3600)
    accent: Color = "#ff3b5c"


class SubtitleSpec(_Section):
    enabled: bool = True
    y: Frac = Field(0.86, ge=0.0, le=1.0)
    size: Frac = Field(0.03, gt=0.005, le=0.2)
    color: Color = "#ffffff"
    highlight: Color = "#ffd34d"
    max_chars: int = Field(16, ge=4, le=80)


class TickerSpec(_Section):
    enabled: bool = False
    text: str = ""
    y: Frac = Field(0.955, ge=0.0, le=1.0)
    size: Frac = Field(0.022, gt=0.005, le=0.2)
    speed: float = Field(0.12, gt=0.0, le=2.0)
    color: Color = "#ffffff"
    background: Color = "#000000a0"


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


IMAGE_SUFFIXES = (".png", ".webp", ".jpg", ".jpeg")


class TryOnSpec(_Section):
    """What the presenter wears (paths relative to the scene file). A product's own
    try-on asset replaces the garment (or the accessory of its kind) while it is on."""

    garment: str = ""
    accessories: tuple[str, ...] = ()
    transition_ms: int = Field(500, ge=0, le=5000)
    shading: Frac = Field(0.5, ge=0.0, le=1.0)
    remove_background: bool = False

    @field_validator("garment")
    @classmethod
    def _garment_image(cls, v: str) -> str:
        if v and not v.lower().endswith(IMAGE_SUFFIXES):
            raise ValueError(f"{v!r} is not a picture; use a PNG with a transparent background")
        return v

    @field_validator("accessories")
    @classmethod
    def _accessory_images(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for p in v:
            if not p or not p.lower().endswith(IMAGE_SUFFIXES):
                raise ValueError(f"{p!r} is not a picture; use a PNG with a transparent background")
        return v

    @property
    def paths(self) -> tuple[str, ...]:
        return ((self.garment,) if self.garment else ()) + self.accessories


class Scene(_Section):
    canvas: CanvasSpec = CanvasSpec()
    background: BackgroundSpec = BackgroundSpec()
    avatar: AvatarSpec = AvatarSpec()
    product_card: ProductCardSpec = ProductCardSpec()
    subtitles: SubtitleSpec = SubtitleSpec()
    ticker: TickerSpec = TickerSpec()
    ai_label: AILabelSpec = AILabelSpec()
    tryon: TryOnSpec = TryOnSpec()
    base_dir: Path = Field(default=Path("."), exclude=True)

    def resolve(self, relative: str) -> Path:
        """A path from the scene file, relative to the file's folder."""
        p = Path(relative).expanduser()
        return p if p.is_absolute() else self.base_dir / p


def load_scene(path: str | Path) -> Scene:
    """Read and validate a scene file; every problem is reported with line and key."""
    scene = load_toml_model(path, Scene, "scene", "assets/scenes/*.toml")
    _check_tryon_files(scene, Path(path))
    return scene


def _check_tryon_files(scene: Scene, path: Path) -> None:
    """The try-on assets a scene names must exist (checked now, not mid-show)."""
    spec = scene.tryon
    named = [("garment", spec.garment)] if spec.garment else []
    named += [("accessories", p) for p in spec.accessories]
    missing = [(key, scene.resolve(rel)) for key, rel in named if not scene.resolve(rel).is_file()]
    if not missing:
        return
    text = read_text_file(path, "scene")
    problems = []
    for key, resolved in missing:
        line = find_line(text, ("tryon", key))
        where = f"{path}:{line}" if line else str(path)
        problems.append(f"{where}: [tryon.{key}] file not found: {resolved}")
    raise ConfigError(
        "invalid scene:\n  " + "\n  ".join(problems),
        hint="paths in a scene are relative to the scene file's folder",
    )
