"""The demo shop's catalogue and FAQ (the shipped files), and a responder over them."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.core.paths import assets_dir
from studio.show.audience.banned import load_banned
from studio.show.audience.faq import Faq, read_faq
from studio.show.audience.respond import Responder, Settings
from studio.show.products import Product, read_products
from studio.show.terms import load_terms

DEMO = assets_dir() / "demo"


@pytest.fixture(scope="session")
def catalogue() -> list[Product]:
    return read_products(DEMO / "products.csv")


@pytest.fixture(scope="session")
def demo_faq() -> Faq:
    return read_faq(DEMO / "faq.toml")


@pytest.fixture
def make_responder(catalogue, demo_faq):
    def make(settings: Settings | None = None, products=None, faq=None) -> Responder:
        return Responder(
            products if products is not None else catalogue,
            faq if faq is not None else demo_faq,
            terms=load_terms(),
            banned=load_banned(),
            settings=settings,
        )

    return make


@pytest.fixture
def faq_file(tmp_path: Path):
    def write(text: str, name: str = "faq.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
