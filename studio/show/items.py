"""Scripts and playlists: what the show can say, in what order.

A script is a list of items; a playlist orders scripts, loops forever, and may be limited
to time-of-day windows (see ``schedule``). Items are plain data, stored in SQLite as JSON
when queued so that a queued item can always be replayed after a restart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from studio.core.timeline import samples_to_ms
from studio.show.schedule import TimeWindow


class ItemKind(str, Enum):
    TEXT = "text"  # a template spoken by TTS (placeholders, pauses, emphasis)
    CLIP = "clip"  # a recorded audio clip (the merchant's own voice)
    PAUSE = "pause"  # silence of ``samples``
    PRODUCT = "product"  # switch the product in context (card, try-on, {price})
    SCENE = "scene"  # switch the compositor scene


@dataclass(frozen=True)
class Clip:
    """A probed audio clip; ``samples`` is its length at 48 kHz."""

    path: str
    samples: int
    codec: str
    sample_rate: int
    channels: int
    sha256: str

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class ScriptItem:
    """One step of a script.

    ``product``: for PRODUCT the product switched to; for TEXT the product in context
    (from the last switch before it in the same script), "" when none.
    ``line``: where it was written (1-based), for messages.
    ``text``: for TEXT the template to speak; for CLIP what the recording says (its
    transcript, to align the lips to), "" when not given.
    """

    kind: ItemKind
    text: str = ""
    product: str = ""
    scene: str = ""
    samples: int = 0
    clip: Clip | None = None
    line: int = 0

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind.value}
        if self.text:
            data["text"] = self.text
        if self.product:
            data["product"] = self.product
        if self.scene:
            data["scene"] = self.scene
        if self.samples:
            data["samples"] = self.samples
        if self.clip is not None:
            data["clip"] = self.clip.to_json()
        if self.line:
            data["line"] = self.line
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ScriptItem:
        clip = data.get("clip")
        return cls(
            kind=ItemKind(data["kind"]),
            text=data.get("text", ""),
            product=data.get("product", ""),
            scene=data.get("scene", ""),
            samples=int(data.get("samples", 0)),
            clip=Clip(**clip) if clip else None,
            line=int(data.get("line", 0)),
        )

    def describe(self) -> str:
        """A short human label for lists and logs."""
        if self.kind is ItemKind.TEXT:
            return self.text if len(self.text) <= 40 else self.text[:39] + "…"
        if self.kind is ItemKind.CLIP and self.clip:
            label = f"[clip {self.clip.path.rsplit('/', 1)[-1]}]"
            if not self.text:
                return label
            said = self.text if len(self.text) <= 30 else self.text[:29] + "…"
            return f"{label} {said}"
        if self.kind is ItemKind.PAUSE:
            return f"[pause {samples_to_ms(self.samples)} ms]"
        if self.kind is ItemKind.PRODUCT:
            return f"[product {self.product}]"
        return f"[scene {self.scene}]"


@dataclass(frozen=True)
class Script:
    name: str
    items: tuple[ScriptItem, ...]
    source: str = ""


@dataclass(frozen=True)
class Playlist:
    """Scripts played in order, looping. No windows: plays whenever no window applies."""

    name: str
    scripts: tuple[str, ...]
    windows: tuple[TimeWindow, ...] = field(default_factory=tuple)
    priority: int = 0
