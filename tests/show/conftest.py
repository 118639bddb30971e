"""Fixtures for the show tests: a real SQLite file, the demo catalogue, written scripts."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.core.paths import assets_dir
from studio.show.importer import import_file
from studio.show.products import Product
from studio.show.store import ShowStore
from studio.show.terms import TermList, load_terms

CUP = Product(
    "保温杯",
    price=8900,
    original_price=12900,
    stock=120,
    promotions=("满300减50",),
)
SCARF = Product("真丝围巾", price=19900, original_price=29900, stock=1, promotions=("第二件半价",))
MUG = Product("Travel Mug", price=1999, currency="USD", stock=3)


@pytest.fixture
def catalogue() -> dict[str, Product]:
    return {p.name: p for p in (CUP, SCARF, MUG)}


@pytest.fixture
def terms(studio_home: Path) -> TermList:
    return load_terms()


@pytest.fixture
def store(tmp_path: Path) -> ShowStore:
    s = ShowStore(tmp_path / "show.db")
    yield s
    s.close()


@pytest.fixture
def demo_store(store: ShowStore) -> ShowStore:
    """The shipped demo catalogue and script, imported."""
    import_file(store, assets_dir() / "demo" / "products.csv")
    import_file(store, assets_dir() / "demo" / "script.toml")
    return store
