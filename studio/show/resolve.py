"""What the queue asks the catalogue and the schedule at play time (``playorder.World``).

Why at play time: a line is checked again when it is looked at ahead and when it starts,
with placeholders filled from the catalogue as it is *now*. A price changed since the
line was written, an approval given meanwhile, a product deleted or a clip file gone all
change what may go on air, so nothing is resolved once and trusted later.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from studio.show.compliance import check_text
from studio.show.findings import Finding
from studio.show.items import ItemKind
from studio.show.products import Product
from studio.show.queue_model import Entry, Resolved, Row
from studio.show.rotation import Rotation
from studio.show.schedule import active_playlist
from studio.show.store import ShowStore
from studio.show.terms import TermList


class Resolver:
    """Fills and checks rows against one show database's catalogue and approvals."""

    def __init__(self, store: ShowStore, terms: TermList) -> None:
        self.store = store
        self.terms = terms

    def __call__(self, row: Row, check: bool = True) -> Resolved:
        """The entry of ``row`` and the findings that keep it off the air. ``check=False``
        (history, lists) only looks the product up: no text check, nothing blocks."""
        item = row.item
        cache: dict[str, Product | None] = {}

        def lookup(name: str) -> Product | None:
            if name not in cache:
                cache[name] = self.store.product(name)
            return cache[name]

        spoken = None
        findings: tuple[Finding, ...] = ()
        blocking: tuple[Finding, ...] = ()
        product = lookup(item.product) if item.product else None
        if item.kind is ItemKind.TEXT and check:
            result = check_text(item.text, item.product, lookup, self.terms, self.store.approver)
            spoken, findings, blocking = result.spoken, result.findings, result.blocking
        elif item.kind is ItemKind.PRODUCT and product is None:
            blocking = (
                Finding(
                    "product",
                    item.product,
                    0,
                    0,
                    f"product '{item.product}' is no longer in the catalogue",
                    "import it again or remove the product switch",
                ),
            )
        elif item.kind is ItemKind.CLIP and item.clip and not Path(item.clip.path).is_file():
            blocking = (
                Finding(
                    "clip",
                    item.clip.path,
                    0,
                    0,
                    f"clip {item.clip.path} is missing",
                    "import the script with its clip again",
                ),
            )
        entry = Entry(
            row.key, item, row.origin, row.urgent, row.id, spoken, product, row.source, findings
        )
        return entry, blocking


def rotation_on_air(store: ShowStore, now: datetime) -> Rotation | None:
    """The playlist the schedule puts on air at ``now``, with the scripts it names that
    exist (a script deleted since is left out rather than stopping the show)."""
    playlist = active_playlist(store.playlists(), now)
    if playlist is None:
        return None
    scripts = tuple(s for name in playlist.scripts if (s := store.script(name)) is not None)
    return Rotation(playlist.name, scripts)
