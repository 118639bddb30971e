"""Loading a try-on asset: image, alpha, kind and anchor points, with clear refusals."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import cv2
import numpy as np

from studio.core.errors import InputError
from studio.tryon import mask_geometry as G
from studio.tryon.accessory_anchors import FINDERS
from studio.tryon.anchors import SIDECAR, AnchorSet, garment_anchors
from studio.tryon.background import remove_background
from studio.tryon.fitcache import digest
from studio.tryon.kinds import ANCHORS, KINDS, SLEEVE_ANCHORS, guess_kind, is_garment
from studio.tryon.sidecar import read_sidecar

log = logging.getLogger(__name__)

MAX_SIDE = 2048  # larger pictures are scaled down: nothing on a 1080p frame needs more
MIN_GARMENT_SIDE = 96
MIN_ACCESSORY_SIDE = 24
DEFAULT_EARRING_IOD = 0.55


@dataclass(frozen=True, eq=False)
class TryOnAsset:
    """A garment or accessory ready to fit: straight BGRA pixels and named anchors."""

    path: Path
    kind: str
    bgra: np.ndarray  # uint8 (H, W, 4), straight (not premultiplied) alpha
    anchors: AnchorSet
    size_iod: float = DEFAULT_EARRING_IOD
    notes: tuple[str, ...] = field(default_factory=tuple)

    @cached_property
    def key(self) -> str:
        """Identity for caches of fits (a layer's, and the process's: ``fitcache``): what a
        fit is made from, the pixels, kind, anchors and earring size. An edited picture or
        sidecar is fitted anew; the file's name and date do not matter."""
        names = sorted(self.anchors.points)
        points = np.array([self.anchors.points[n] for n in names]) if names else None
        return f"{self.kind}:{','.join(names)}:{self.size_iod}:{digest(self.bgra, points)}"

    @property
    def garment(self) -> bool:
        return is_garment(self.kind)

    @property
    def sleeved(self) -> bool:
        return all(a in self.anchors for a in SLEEVE_ANCHORS)

    @property
    def size(self) -> tuple[int, int]:
        h, w = self.bgra.shape[:2]
        return w, h

    @cached_property
    def premultiplied(self) -> np.ndarray:
        """BGRA with colour multiplied by alpha: the form that warps and blends correctly."""
        a = self.bgra[..., 3:4].astype(np.uint16)
        out = self.bgra.copy()
        out[..., :3] = ((self.bgra[..., :3].astype(np.uint16) * a + 127) // 255).astype(np.uint8)
        return out


def _read_image(path: Path) -> np.ndarray:
    if not path.is_file():
        raise InputError(f"try-on asset {path} does not exist", hint="check the path")
    img = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
    if img is None:
        raise InputError(
            f"{path} cannot be read as an image", hint="use a PNG with a transparent background"
        )
    if img.dtype == np.uint16:
        img = (img // 257).astype(np.uint8)
    if img.ndim == 2:
        img = cv2.cvtColor(img, cv2.COLOR_GRAY2BGR)
    if img.shape[2] == 2:  # grey + alpha
        img = cv2.cvtColor(img[..., 0], cv2.COLOR_GRAY2BGR), img[..., 1]
        img = np.dstack(img)
    return img


def load_asset(path: str | Path, kind: str | None = None, *, remove_bg: bool = False) -> TryOnAsset:
    """Read ``path``, find (or take from its sidecar) its anchors, and check it is usable.

    ``kind``: one of ``KINDS``; else the sidecar's, else a guess from the file name.
    ``remove_bg``: cut a product photo without alpha off its plain backdrop.
    """
    path = Path(path)
    img = _read_image(path)
    h0, w0 = img.shape[:2]
    if min(h0, w0) < MIN_ACCESSORY_SIDE:
        raise InputError(
            f"{path} is too small ({w0}x{h0})",
            hint=f"use a picture at least {MIN_GARMENT_SIDE} px on each side for garments",
        )
    notes: list[str] = []
    if img.shape[2] == 3 or (img[..., 3] == 255).all():
        bgr = img[..., :3]
        if not remove_bg:
            raise InputError(
                f"{path} has no transparent background (no alpha channel, e.g. a JPEG)",
                hint="use a PNG with the product cut out, or pass --remove-background to cut "
                "out a product photographed on a plain backdrop",
            )
        img = np.dstack([bgr, remove_background(bgr, name=str(path))])
        notes.append("background removed from a plain backdrop")
    scale = min(1.0, MAX_SIDE / max(h0, w0))
    if scale < 1.0:
        img = cv2.resize(img, (round(w0 * scale), round(h0 * scale)), interpolation=cv2.INTER_AREA)
        notes.append(f"scaled to {img.shape[1]}x{img.shape[0]}")
    side = read_sidecar(path, (w0, h0))
    kind = kind or side.kind or guess_kind(path)
    if kind not in KINDS:
        raise InputError(f"unknown kind {kind!r}", hint=f"use one of {', '.join(KINDS)}")
    alpha = img[..., 3]
    shape = G.main_shape(alpha, threshold=32 if kind == "glasses" else 128)
    if not shape.any():
        raise InputError(
            f"{path} is fully transparent", hint="the product must be opaque in its alpha channel"
        )
    x0, y0, x1, y1 = G.bbox(shape)
    least = MIN_GARMENT_SIDE if is_garment(kind) else MIN_ACCESSORY_SIDE
    if min(x1 - x0, y1 - y0) + 1 < least:
        raise InputError(
            f"the {kind} in {path} is too small ({x1 - x0 + 1}x{y1 - y0 + 1} px)",
            hint=f"use a picture where the {kind} is at least {least} px on each side",
        )
    anchors = _anchors(kind, shape, img, side.anchors, scale, path)
    return TryOnAsset(
        path=path,
        kind=kind,
        bgra=np.ascontiguousarray(img),
        anchors=anchors,
        size_iod=side.size_iod or DEFAULT_EARRING_IOD,
        notes=tuple(notes),
    )


def _anchors(
    kind: str,
    shape: np.ndarray,
    img: np.ndarray,
    given: dict[str, tuple[float, float]],
    scale: float,
    path: Path,
) -> AnchorSet:
    """Found anchors, with the sidecar's on top; a failed search is fine if the sidecar
    names every anchor needed."""
    required = [a for a in ANCHORS[kind] if a not in SLEEVE_ANCHORS]
    try:
        if is_garment(kind):
            found = garment_anchors(shape, img[..., :3])
        else:
            found = FINDERS[kind](img[..., 3])
    except InputError as exc:
        missing = [a for a in required if a not in given]
        if missing:
            if given:
                raise InputError(
                    f"{exc.message}; the sidecar gives some anchors but not {', '.join(missing)}",
                    hint=exc.hint,
                ) from exc
            raise
        found = AnchorSet()
    for name, (x, y) in given.items():
        found.set(name, (x * scale, y * scale), SIDECAR)
    if is_garment(kind) and sum(a in found for a in SLEEVE_ANCHORS) == 1:
        raise InputError(
            f"{path}: only one sleeve anchor",
            hint="give both sleeve_left and sleeve_right, or neither",
        )
    return found
