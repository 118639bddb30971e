"""The product card shows the product's photo: every demo product has one that loads, and
a card rendered by the real compositor shows it where the icon-only card shows a bag."""

from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest

from studio.core.paths import assets_dir
from studio.render.compositor import Compositor
from studio.render.context import FrameContext
from studio.render.layers.card import ProductCardLayer
from studio.render.scene import CanvasSpec, ProductCardSpec, Scene, SubtitleSpec, TickerSpec
from studio.runtime.demo import demo_product
from studio.runtime.director import product_info
from studio.show.products import read_products

DEMO = read_products(assets_dir() / "demo" / "products.csv")


def card_frame(product) -> tuple[np.ndarray, Compositor]:
    scene = Scene(
        canvas=CanvasSpec(preset="vertical-720"),
        product_card=ProductCardSpec(x=0.04, y=0.58, width=0.5),
        subtitles=SubtitleSpec(enabled=False),
        ticker=TickerSpec(enabled=False),
    )
    comp = Compositor(scene)
    rect = comp.avatar_rect(9 / 16)
    avatar = np.full((rect.h, rect.w, 3), (60, 90, 150), np.uint8)
    return comp.compose(FrameContext(0, avatar, None, None, None, product)), comp


@pytest.mark.parametrize("product", DEMO, ids=[p.name for p in DEMO])
def test_every_demo_product_has_a_photo_that_the_card_shows(product) -> None:
    assert product.images, f"{product.name} has no photo"
    path = Path(product.images[0])
    assert path.is_file() and path.stat().st_size < 100_000
    photo = cv2.imread(str(path))
    assert photo is not None and photo.shape == (512, 512, 3)
    assert photo.std() > 20  # a picture, not a blank square

    info = product_info(product)
    with_photo, comp = card_frame(info)
    icon_only, _ = card_frame(replace(info, image=""))
    card = comp.card
    diff = np.abs(with_photo.astype(int) - icon_only).max(axis=2) > 12
    ys, xs = np.nonzero(diff)
    assert len(xs) > 0
    side = card.width // 3
    # only the photo's square changes, and most of it does
    assert xs.min() >= card.x and xs.max() < card.x + card.width // 24 * 2 + side
    assert diff.sum() > 0.1 * side * side
    # what is there is the photo itself, scaled to the square: find it on the card
    small = cv2.resize(photo, (side, side), interpolation=cv2.INTER_AREA)
    inner = small[side // 8 : -side // 8, side // 8 : -side // 8]
    area = with_photo[card.y : card.y + 2 * side, card.x : card.x + card.width]
    scores = cv2.matchTemplate(area, inner, cv2.TM_SQDIFF)
    _, _, (bx, by), _ = cv2.minMaxLoc(scores)
    found = area[by : by + inner.shape[0], bx : bx + inner.shape[1]].astype(int)
    assert np.abs(found - inner).mean() < 6


def test_photo_corners_are_rounded_like_the_card() -> None:
    tile = ProductCardLayer._photo(DEMO[0].images[0], 120, radius=12)
    assert tile.shape == (120, 120, 4)
    assert tile[0, 0, 3] == 0 and tile[119, 119, 3] == 0  # the card shows in the corners
    assert (tile[12:-12, :, 3] == 255).all() and (tile[:, 12:-12, 3] == 255).all()
    assert 0 < tile[2, 2, 3] < 255 or 0 < tile[3, 3, 3] < 255  # anti-aliased, not jagged


def test_the_demo_show_carries_its_photo() -> None:
    """`make demo`'s product (not only the catalogue) has a photo on its card."""
    image = product_info(demo_product()).image
    assert Path(image).is_file() and cv2.imread(image) is not None
