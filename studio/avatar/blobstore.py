"""Many small encoded images in one file, with an offset index, for random access.

Frames (JPEG), masks (PNG) and mouth crops (JPEG) are each stored as one ``.bin`` file
of concatenated encoded images and an ``.idx.npy`` array of N+1 byte offsets. Reading
one image is a slice of a memory map plus ``cv2.imdecode``: no seeking through a video
codec, so any frame can be fetched at real-time speed in any order.
"""

from __future__ import annotations

import mmap
from pathlib import Path

import cv2
import numpy as np

from studio.core.errors import InputError


class BlobWriter:
    """Append encoded images to ``<stem>.bin``; ``close`` writes ``<stem>.idx.npy``."""

    def __init__(self, folder: Path, stem: str, ext: str, params: list[int] | None = None):
        folder.mkdir(parents=True, exist_ok=True)
        self.bin_path = folder / f"{stem}.bin"
        self.idx_path = folder / f"{stem}.idx.npy"
        self._ext = ext
        self._params = params or []
        self._file = open(self.bin_path, "wb")  # noqa: SIM115 - closed in close()
        self._offsets = [0]

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def add_encoded(self, data: bytes | np.ndarray) -> None:
        buf = data.tobytes() if isinstance(data, np.ndarray) else data
        self._file.write(buf)
        self._offsets.append(self._offsets[-1] + len(buf))

    def add(self, image: np.ndarray) -> None:
        """Encode one image (BGR or grey) and append it."""
        ok, buf = cv2.imencode(self._ext, image, self._params)
        if not ok:  # pragma: no cover - cv2 fails only on empty images
            raise ValueError(f"could not encode image of shape {image.shape}")
        self.add_encoded(buf)

    def close(self) -> None:
        if self._file.closed:
            return
        self._file.close()
        np.save(self.idx_path, np.asarray(self._offsets, dtype=np.int64), allow_pickle=False)

    def __enter__(self) -> BlobWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def jpeg_writer(folder: Path, stem: str, quality: int) -> BlobWriter:
    return BlobWriter(folder, stem, ".jpg", [cv2.IMWRITE_JPEG_QUALITY, int(quality)])


def png_writer(folder: Path, stem: str) -> BlobWriter:
    return BlobWriter(folder, stem, ".png", [cv2.IMWRITE_PNG_COMPRESSION, 1])


class BlobReader:
    """Random access to the images written by ``BlobWriter`` (thread-safe reads)."""

    def __init__(self, folder: Path, stem: str, flags: int = cv2.IMREAD_COLOR) -> None:
        bin_path, idx_path = folder / f"{stem}.bin", folder / f"{stem}.idx.npy"
        if not bin_path.is_file() or not idx_path.is_file():
            raise InputError(
                f"avatar data {bin_path.name} is missing in {folder}",
                hint="the avatar is incomplete; rebuild it with `studio avatar create ... --force`",
            )
        self._offsets = np.load(idx_path, allow_pickle=False)
        self._flags = flags
        self._file = open(bin_path, "rb")  # noqa: SIM115 - closed in close()
        size = bin_path.stat().st_size
        if size != int(self._offsets[-1]):
            self._file.close()
            raise InputError(
                f"avatar data {bin_path.name} is truncated ({size} of {int(self._offsets[-1])} bytes)",
                hint="rebuild the avatar with `studio avatar create ... --force`",
            )
        self._map = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ) if size else None

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def encoded(self, i: int) -> bytes:
        if not 0 <= i < len(self):
            raise IndexError(f"image {i} out of range 0..{len(self) - 1}")
        a, b = int(self._offsets[i]), int(self._offsets[i + 1])
        assert self._map is not None
        return self._map[a:b]

    def read(self, i: int) -> np.ndarray:
        """Decode image ``i`` (BGR uint8 for colour stores, HxW uint8 for grey ones)."""
        img = cv2.imdecode(np.frombuffer(self.encoded(i), dtype=np.uint8), self._flags)
        if img is None:  # pragma: no cover - only on corrupted data
            raise InputError(
                f"image {i} of the avatar cannot be decoded", hint="rebuild the avatar"
            )
        return img

    def close(self) -> None:
        if self._map is not None:
            self._map.close()
            self._map = None
        self._file.close()

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
