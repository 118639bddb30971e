"""What can be worn, and the anchor points each kind of asset has.

Left and right are as seen in the picture (image left / image right), for assets and
for bodies alike, so a garment's ``shoulder_left`` goes on the shoulder at image left.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, get_args

Kind = Literal["top", "dress", "outerwear", "glasses", "earrings", "necklace", "hat"]
KINDS: tuple[str, ...] = get_args(Kind)
GARMENT_KINDS = ("top", "dress", "outerwear")
ACCESSORY_KINDS = ("glasses", "earrings", "necklace", "hat")

GARMENT_ANCHORS = (
    "neck_left",  # where the collar meets the shoulder seam
    "neck_right",
    "collar",  # centre front of the neckline
    "shoulder_left",  # shoulder tips, where a sleeve starts
    "shoulder_right",
    "sleeve_left",  # centre of each cuff (sleeved garments only)
    "sleeve_right",
    "armpit_left",
    "armpit_right",
    "hem_left",  # bottom corners
    "hem_right",
)
SLEEVE_ANCHORS = ("sleeve_left", "sleeve_right")

ANCHORS: dict[str, tuple[str, ...]] = {
    "top": GARMENT_ANCHORS,
    "dress": GARMENT_ANCHORS,
    "outerwear": GARMENT_ANCHORS,
    "glasses": ("lens_left", "lens_right"),
    "hat": ("crown_left", "crown_right"),  # where the hat meets the head, each side
    "earrings": ("hook", "drop"),  # one earring; it is worn on both ears
    "necklace": ("clasp_left", "clasp_right", "pendant"),
}

# Words in a file name that say what the asset is, checked in this order.
_NAME_HINTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("glasses", ("glasses", "sunglass", "spectacle", "eyewear", "眼镜")),
    ("earrings", ("earring", "ear_ring", "耳环", "耳坠")),
    ("necklace", ("necklace", "pendant", "chain", "项链")),
    ("hat", ("hat", "cap", "beanie", "帽")),
    ("dress", ("dress", "gown", "skirt", "裙")),
    ("outerwear", ("jacket", "coat", "blazer", "outerwear", "hoodie", "外套", "夹克")),
    ("top", ("tee", "shirt", "top", "blouse", "sweater", "衫", "上衣")),
)


def is_garment(kind: str) -> bool:
    return kind in GARMENT_KINDS


def guess_kind(path: Path) -> str:
    """The kind a file name suggests; ``top`` when it says nothing."""
    name = path.stem.lower()
    for kind, words in _NAME_HINTS:
        if any(w in name for w in words):
            return kind
    return "top"
