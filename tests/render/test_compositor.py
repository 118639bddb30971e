"""The compositor's layers drawn for real and checked pixel by pixel."""

import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from studio.core.errors import InputError
from studio.render.compositor import Compositor
from studio.render.layers.card import ProductInfo, format_price
from studio.render.layers.subtitles import SubtitleState, paginate
from studio.render.scene import (
    AILabelSpec,
    AvatarSpec,
    BackgroundSpec,
    CanvasSpec,
    ProductCardSpec,
    Scene,
    SubtitleSpec,
    TickerSpec,
)

GREY = (128, 128, 128)
PRODUCT = ProductInfo("真空保温杯 300ml 不锈钢内胆 大容量 长效保温", 9900, 19900, stock=23)


def compose(comp, frame_no, avatar, alpha=None, *, tryon=None, subtitle=None, product=None):
    """One frame through the compositor's context (what the director fills in)."""
    from studio.render.context import FrameContext

    return comp.compose(FrameContext(frame_no, avatar, alpha, tryon, subtitle, product))


def make(**sections) -> Compositor:
    base = dict(
        canvas=CanvasSpec(preset="vertical-720"),
        product_card=ProductCardSpec(enabled=False),
        subtitles=SubtitleSpec(enabled=False),
        ticker=TickerSpec(enabled=False),
    )
    base.update(sections)
    audit = (lambda e, d: None) if "ai_label" in sections else None
    return Compositor(Scene(**base), audit=audit)


def grey_avatar(comp: Compositor) -> np.ndarray:
    rect = comp.avatar_rect(9 / 16)
    return np.full((rect.h, rect.w, 3), GREY, dtype=np.uint8)


def test_label_is_drawn_top_left_and_nowhere_else() -> None:
    on = make()
    off = make(ai_label=AILabelSpec(enabled=False, disable_reason="test of the difference"))
    a, b = compose(on, 0, grey_avatar(on)), compose(off, 0, grey_avatar(off))
    ys, xs = np.nonzero(np.abs(a.astype(int) - b.astype(int)).max(axis=2))
    assert len(ys) > 500
    assert xs.max() < 720 * 0.6 and ys.max() < 1280 * 0.08
    assert (a[ys, xs] > 200).all(axis=1).sum() > 100  # white glyphs


def test_subtitle_highlights_the_spoken_word_and_caches_images() -> None:
    comp = make(subtitles=SubtitleSpec(highlight="#ffd400", color="#ffffff"))
    text = "今天给大家推荐这款保温杯"
    f1 = compose(comp, 0, grey_avatar(comp), subtitle=SubtitleState(text, 9, 12))
    yellow = (f1[..., 2] > 200) & (f1[..., 1] > 180) & (f1[..., 0] < 90)
    ys, xs = np.nonzero(yellow)
    assert len(ys) > 50 and ys.min() > 1280 * 0.75  # in the subtitle band
    f2 = compose(comp, 1, grey_avatar(comp), subtitle=SubtitleState(text, 0, 2))
    ys2, xs2 = np.nonzero((f2[..., 2] > 200) & (f2[..., 1] > 180) & (f2[..., 0] < 90))
    assert xs2.mean() < xs.mean()  # the highlight moved left with the word
    before = comp.subtitles._image.cache_info().misses
    for f in range(10):
        compose(comp, f, grey_avatar(comp), subtitle=SubtitleState(text, 0, 2))
    assert comp.subtitles._image.cache_info().misses == before  # rendered once, not per frame


def test_long_text_is_paged_without_losing_characters() -> None:
    text = "今天给大家推荐这款保温杯，容量三百毫升，保温十二个小时。This thermos keeps your coffee hot for twelve hours."
    pages = paginate(text, 10)
    assert all(b - a <= 20 for a, b in pages)
    assert "".join(text[a:b] for a, b in pages).replace(" ", "") == text.replace(" ", "")
    assert not any(text[b - 1].isalpha() and b < len(text) and text[b].isalpha() for _, b in pages)


def test_card_shows_prices_and_counts_down_by_the_second() -> None:
    assert [format_price(c) for c in (9900, 19990, 1999, 5)] == ["¥99", "¥199.9", "¥19.99", "¥0.05"]
    comp = make(product_card=ProductCardSpec(show="countdown", countdown_seconds=60))
    f0 = compose(comp, 0, grey_avatar(comp), product=PRODUCT)
    f_same = compose(comp, 24, grey_avatar(comp), product=PRODUCT)
    f_next = compose(comp, 25, grey_avatar(comp), product=PRODUCT)
    assert np.array_equal(f0, f_same)
    assert not np.array_equal(f0, f_next)
    c = comp.card
    card = f0[c.y : c.y + 120, c.x : c.x + c.width]
    assert (card > 225).all(axis=2).mean() > 0.4  # the white card is there
    assert ((card[..., 2] > 200) & (card[..., 1] < 90)).sum() > 200  # red price


def test_ticker_scrolls_with_the_frame_number() -> None:
    comp = make(ticker=TickerSpec(enabled=True, text="关注主播不迷路", speed=0.25))
    band = slice(int(1280 * 0.955) - 5, 1280)
    a = compose(comp, 0, grey_avatar(comp))[band]
    b = compose(comp, 12, grey_avatar(comp))[band]
    assert not np.array_equal(a, b)
    shift = round(12 * 0.25 * 720 / 25)
    assert (
        np.abs(a[:, shift + 50 : 600].astype(int) - b[:, 50 : 600 - shift].astype(int)).mean() < 2
    )


def test_cut_out_avatar_shows_background_where_matte_is_empty() -> None:
    comp = make(
        background=BackgroundSpec(kind="solid", color="#102030"),
        avatar=AvatarSpec(x=0.5, height=0.5, matte=True),
    )
    rect = comp.avatar_rect(1.0)
    alpha = np.zeros((rect.h, rect.w), dtype=np.float32)
    alpha[:, rect.w // 2 :] = 1.0
    frame = compose(comp, 0, np.full((rect.h, rect.w, 3), 200, dtype=np.uint8), alpha)
    cy = rect.y + rect.h // 2
    assert tuple(frame[cy, rect.x + 5]) == (48, 32, 16)  # background (BGR of #102030)
    assert tuple(frame[cy, rect.x + rect.w - 5]) == (200, 200, 200)


def test_unreadable_background_image_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bg.png").write_bytes(b"not a png")
    scene = Scene(background=BackgroundSpec(kind="image", path="bg.png")).model_copy(
        update={"base_dir": tmp_path}
    )
    with pytest.raises(InputError, match="cannot be read"):
        Compositor(scene)


@pytest.mark.parametrize(
    "name,shape", [("douyin_vertical", (1280, 720, 3)), ("landscape_room", (720, 1280, 3))]
)
def test_scene_still_command(tmp_path: Path, name: str, shape: tuple) -> None:
    out = tmp_path / f"{name}.png"
    scene = Path(__file__).resolve().parents[2] / "assets" / "scenes" / f"{name}.toml"
    r = subprocess.run(
        [sys.executable, "-m", "studio.cli", "scene", "still", str(scene), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    img = cv2.imread(str(out))
    assert img.shape == shape and img.std() > 20


def test_tryon_patches_are_drawn_in_the_avatars_pixels() -> None:
    from studio.tryon.bgri import to_bgri
    from studio.tryon.live import Patch, PremultBlender, TryOnFrame

    comp = make(
        background=BackgroundSpec(kind="solid", color="#000000"),
        avatar=AvatarSpec(x=0.5, height=0.5, matte=True),
    )
    rect = comp.avatar_rect(1.0)
    red = np.zeros((10, 20, 4), np.uint8)
    red[...] = (0, 0, 255, 255)
    tryon = TryOnFrame([Patch(to_bgri(red), 30, 40)], PremultBlender())
    avatar = np.full((rect.h, rect.w, 3), 90, np.uint8)
    frame = compose(comp, 0, avatar, np.ones((rect.h, rect.w), np.float32), tryon=tryon)
    ys, xs = np.nonzero((frame[..., 2] == 255) & (frame[..., 0] == 0))
    assert (xs.min(), ys.min(), xs.max(), ys.max()) == (
        rect.x + 30,
        rect.y + 40,
        rect.x + 49,
        rect.y + 49,
    )
    # an avatar rendered at half size is scaled up, and its try-on with it
    half = np.full((rect.h // 2, rect.w // 2, 3), 90, np.uint8)
    frame = compose(comp, 0, half, np.ones(half.shape[:2], np.float32), tryon=tryon)
    ys, xs = np.nonzero((frame[..., 2] > 250) & (frame[..., 0] < 5))
    s = rect.w / half.shape[1]
    assert abs(xs.min() - (rect.x + 30 * s)) <= 1 and abs(ys.min() - (rect.y + 40 * s)) <= 1
    assert abs((xs.max() - xs.min() + 1) - 20 * s) <= 2
