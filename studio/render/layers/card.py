"""The product card: photo, name, price, struck-through original price, and a stock or
countdown line. Re-rendered when the product changes or the countdown ticks a second."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw

from studio.render.blend import Overlay
from studio.render.context import FrameContext, ProductInfo
from studio.render.scene import ProductCardSpec, parse_color
from studio.render.text import font, text_width, wrap_text


def format_price(cents: int, currency: str = "¥") -> str:
    """¥99, ¥199.9, ¥19.99: no trailing zeros, never float arithmetic."""
    whole, frac = divmod(cents, 100)
    if frac == 0:
        return f"{currency}{whole}"
    return f"{currency}{whole}.{frac:02d}".rstrip("0")


TEXTS = {
    "zh": {"left": "仅剩 {n} 件", "ends": "距结束 {t}", "limited": "限量发售"},
    "en": {"left": "Only {n} left", "ends": "Ends in {t}", "limited": "Limited stock"},
}


def _clamp_lines(lines: list[str], n: int, size: int, max_width: int) -> list[str]:
    """At most ``n`` lines; a cut name ends in an ellipsis rather than silently."""
    if len(lines) <= n:
        return lines
    last = lines[n - 1]
    while last and text_width(last + "…", size, True) > max_width:
        last = last[:-1]
    return [*lines[: n - 1], last.rstrip() + "…"]


class ProductCardLayer:
    def __init__(
        self,
        spec: ProductCardSpec,
        language: str,
        canvas_w: int,
        canvas_h: int,
        fps_num: int,
        fps_den: int,
    ) -> None:
        self.spec = spec
        self.texts = TEXTS["en" if language == "en" else "zh"]
        self.width = max(160, round(canvas_w * spec.width))
        self.x, self.y = round(canvas_w * spec.x), round(canvas_h * spec.y)
        self.x = min(self.x, canvas_w - self.width)
        self.fps = (fps_num, fps_den)
        self.accent = parse_color(spec.accent)
        self._render = lru_cache(maxsize=8)(self._render_card)
        self._shown_since: tuple[ProductInfo, int] | None = None

    def draw(self, frame: np.ndarray, ctx: FrameContext) -> None:
        frame_no, product = ctx.frame_no, ctx.product
        if not self.spec.enabled or product is None:
            self._shown_since = None
            return
        if self._shown_since is None or self._shown_since[0] != product:
            self._shown_since = (product, frame_no)
        self._render(product, self._status_line(product, frame_no)).draw(frame, self.x, self.y)

    def _status_line(self, product: ProductInfo, frame_no: int) -> str:
        if self.spec.show == "stock":
            if product.stock is not None:
                return self.texts["left"].format(n=product.stock)
            return self.texts["limited"]
        if self.spec.show == "countdown":
            assert self._shown_since is not None
            elapsed = (frame_no - self._shown_since[1]) * self.fps[1] // self.fps[0]
            left = max(0, self.spec.countdown_seconds - elapsed)
            return self.texts["ends"].format(t=f"{left // 60:02d}:{left % 60:02d}")
        return ""

    def _render_card(self, product: ProductInfo, status: str) -> Overlay:
        w = self.width
        pad = max(8, w // 24)
        img_side = w // 3
        name_size = max(14, w // 14)
        price_size = max(18, w // 8)
        small = max(12, w // 18)
        text_w = w - img_side - 3 * pad
        name_lines = _clamp_lines(
            wrap_text(product.name, name_size, text_w, bold=True), 2, name_size, text_w
        )
        h = max(
            img_side + 2 * pad,
            pad * 2
            + len(name_lines) * int(name_size * 1.3)
            + int(price_size * 1.3)
            + int(small * 1.6),
        )
        card = Image.new("RGBA", (w, h), (0, 0, 0, 0))
        d = ImageDraw.Draw(card)
        d.rounded_rectangle((0, 0, w - 1, h - 1), pad, fill=(255, 255, 255, 235))
        photo = Image.fromarray(self._photo(product.image, img_side, radius=pad * 3 // 4))
        card.alpha_composite(photo, (pad, (h - img_side) // 2))
        tx, ty = pad * 2 + img_side, pad
        for line in name_lines:
            d.text((tx, ty), line, font=font(name_size, True), fill=(30, 30, 30, 255))
            ty += int(name_size * 1.3)
        price = format_price(product.price_cents, product.currency)
        d.text((tx, ty), price, font=font(price_size, True), fill=self.accent)
        if product.original_price_cents and product.original_price_cents > product.price_cents:
            ox = tx + text_width(price, price_size, True) + pad // 2
            orig = format_price(product.original_price_cents, product.currency)
            oy = ty + price_size - small - 2
            d.text((ox, oy), orig, font=font(small), fill=(140, 140, 140, 255))
            mid = oy + small * 0.62
            d.line(
                (ox, mid, ox + text_width(orig, small), mid),
                fill=(140, 140, 140, 255),
                width=max(1, small // 10),
            )
        ty += int(price_size * 1.3)
        if status:
            sw = text_width(status, small) + pad
            d.rounded_rectangle(
                (tx, ty, tx + sw, ty + int(small * 1.4)), small // 2, fill=self.accent
            )
            d.text(
                (tx + pad // 2, ty + small * 0.15),
                status,
                font=font(small),
                fill=(255, 255, 255, 255),
            )
        return Overlay.from_rgba(np.asarray(card))

    @staticmethod
    def _photo(path: str, side: int, radius: int = 0) -> np.ndarray:
        """The product photo as a square RGBA tile with rounded corners (the card's own
        shape); a neutral placeholder if unreadable."""
        return _round_corners(ProductCardLayer._tile(path, side), radius)

    @staticmethod
    def _tile(path: str, side: int) -> np.ndarray:
        """The whole photo fitted inside a white square (a product is never cropped)."""
        img = cv2.imread(path, cv2.IMREAD_UNCHANGED) if path and Path(path).is_file() else None
        if img is None:
            tile = np.full((side, side, 4), (235, 235, 240, 255), dtype=np.uint8)
            cv2.rectangle(
                tile,
                (side // 4, side // 3),
                (3 * side // 4, 3 * side // 4),
                (200, 200, 210, 255),
                -1,
            )
            cv2.circle(
                tile, (side // 2, side // 3), side // 8, (200, 200, 210, 255), max(2, side // 30)
            )
            return tile
        if img.ndim == 2:
            img = cv2.cvtColor(img, cv2.COLOR_GRAY2BGRA)
        elif img.shape[2] == 3:
            img = cv2.cvtColor(img, cv2.COLOR_BGR2BGRA)
        h, w = img.shape[:2]
        s = side / max(h, w)
        img = cv2.resize(
            img, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA
        )
        tile = np.full((side, side, 4), (255, 255, 255, 255), dtype=np.uint8)
        y0, x0 = (side - img.shape[0]) // 2, (side - img.shape[1]) // 2
        a = img[..., 3:4].astype(np.float32) / 255
        region = tile[y0 : y0 + img.shape[0], x0 : x0 + img.shape[1]]
        region[..., :3] = (img[..., :3] * a + region[..., :3] * (1 - a)).astype(np.uint8)
        return cv2.cvtColor(tile, cv2.COLOR_BGRA2RGBA)


def _round_corners(tile: np.ndarray, radius: int) -> np.ndarray:
    """``tile`` (RGBA) with its corners cut round and anti-aliased (drawn at 4x)."""
    if radius <= 0:
        return tile
    side = tile.shape[0]
    big = Image.new("L", (side * 4, side * 4), 0)
    ImageDraw.Draw(big).rounded_rectangle((0, 0, side * 4 - 1, side * 4 - 1), radius * 4, fill=255)
    mask = np.asarray(big.resize((side, side), Image.Resampling.BOX), dtype=np.uint16)
    out = tile.copy()
    out[..., 3] = (tile[..., 3].astype(np.uint16) * mask // 255).astype(np.uint8)
    return out
