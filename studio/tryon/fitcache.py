"""Fits shared by every try-on layer of the process.

Fitting a garment to a cloned presenter maps it onto each of her base frames (600 for a
24 s loop: seconds of CPU). Every render, still and show builds a layer of its own, so
without this each of them fitted the same garment to the same presenter again. A fit
depends only on what it is made from: the presenter's track and pictures in the pixels
she is drawn in (``presenter``, a key her avatar driver gives), the asset (its content
key) and the fit settings. It is never changed once made, so layers share it.

The most recently used ``KEEP`` fits are kept, as a layer keeps its own (a day of
products must not fill the memory); a layer's worn fits are the same objects, so a live
room holds no second copy of them.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

import numpy as np

KEEP = 6

F = TypeVar("F")


def digest(*arrays: np.ndarray | None) -> str:
    """A short content hash of some arrays (shape, type and bytes): a key for caches."""
    h = hashlib.blake2b(digest_size=16)
    for a in arrays:
        if a is None:
            h.update(b"none")
            continue
        a = np.ascontiguousarray(a)
        h.update(f"{a.dtype.str}{a.shape}".encode())
        h.update(memoryview(a).cast("B"))
    return h.hexdigest()


class SharedFits:
    """Fits by key, made once: ``get(key, make)``. Thread-safe; a fit being made for one
    layer is waited for by another that wants the same, not made twice."""

    def __init__(self, keep: int = KEEP) -> None:
        self.keep = keep
        self.made = 0  # fits made through this store (for tests and logs)
        self.reused = 0  # fits handed out again instead of being made
        self._fits: OrderedDict[Hashable, object] = OrderedDict()
        self._making: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._fits)

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._fits

    def get(self, key: Hashable, make: Callable[[], F]) -> F:
        """The fit kept for ``key``, else ``make()``'s (kept; an error is not)."""
        with self._lock:
            fit = self._take(key)
            if fit is not None:
                return fit
            making = self._making.setdefault(key, threading.Lock())
        with making:  # one maker per key; the others wait here, then take its fit
            with self._lock:
                fit = self._take(key)
                if fit is not None:
                    return fit
            try:
                fit = make()
            except BaseException:
                with self._lock:
                    self._making.pop(key, None)
                raise
            with self._lock:
                self._fits[key] = fit
                self._making.pop(key, None)
                self.made += 1
                while len(self._fits) > self.keep:
                    self._fits.popitem(last=False)
            return fit

    def _take(self, key: Hashable):
        """The kept fit (now the most recently used) or None; holds ``_lock``."""
        fit = self._fits.get(key)
        if fit is not None:
            self._fits.move_to_end(key)
            self.reused += 1
        return fit

    def clear(self) -> None:
        with self._lock:
            self._fits.clear()


#: The process's fits (``TryOnLayer`` with a ``presenter``).
FITS = SharedFits()
