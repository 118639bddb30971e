"""Text on frames, Chinese included: a CJK font found once, text images cached.

cv2.putText cannot draw Chinese, so text is drawn by Pillow into an RGBA image. Text
images are cached by content and style: a subtitle is rendered when it changes, not
on every frame.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from studio.core.errors import DependencyError

FONT_ENV = "STUDIO_FONT"
# Well-known CJK fonts per platform, regular then bold; tried in order after fontconfig.
CANDIDATES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-{w}.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-{w}.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-{w}.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
]
INSTALL_HINT = (
    "install a CJK font: `sudo apt-get install fonts-noto-cjk` (Debian/Ubuntu), "
    f"or point {FONT_ENV} at a .ttf/.ttc/.otf file that has Chinese glyphs"
)


def _fontconfig_lookup() -> list[str]:
    if not shutil.which("fc-list"):
        return []
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    files = [line.split(":")[0].strip() for line in out.splitlines() if line.strip()]
    # Prefer sans-serif regular faces for legibility on small screens.
    return sorted(files, key=lambda f: ("Sans" not in f, "Bold" in f, f))


@lru_cache(maxsize=4)
def find_cjk_font(bold: bool = False) -> str:
    """Path of a font with Chinese glyphs; raises DependencyError with the fix if none."""
    env = os.environ.get(FONT_ENV)
    if env:
        if not Path(env).is_file():
            raise DependencyError(f"{FONT_ENV}={env} is not a file", hint=INSTALL_HINT)
        return env
    weight = "Bold" if bold else "Regular"
    for pattern in CANDIDATES:
        path = pattern.format(w=weight)
        if Path(path).is_file():
            return path
    for path in _fontconfig_lookup():
        if Path(path).is_file():
            return path
    raise DependencyError("no font with Chinese glyphs was found", hint=INSTALL_HINT)


@lru_cache(maxsize=64)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The CJK font at ``size`` px, loaded once."""
    return ImageFont.truetype(find_cjk_font(bold), size)


@lru_cache(maxsize=256)
def render_text(
    text: str,
    size: int,
    color: tuple[int, int, int, int] = (255, 255, 255, 255),
    *,
    bold: bool = False,
    stroke: int = 0,
    stroke_color: tuple[int, int, int, int] = (0, 0, 0, 255),
) -> np.ndarray:
    """RGBA uint8 image of one line of text, tightly sized. Cached by all arguments."""
    face = font(size, bold)
    x0, y0, x1, y1 = face.getbbox(text, stroke_width=stroke)
    w, h = max(1, x1 - x0), max(1, y1 - y0)
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    ImageDraw.Draw(img).text(
        (-x0, -y0), text, font=face, fill=color, stroke_width=stroke, stroke_fill=stroke_color
    )
    arr = np.asarray(img)
    arr.setflags(write=False)  # shared through the cache
    return arr


def text_width(text: str, size: int, bold: bool = False) -> int:
    """Advance width of ``text`` in pixels, for wrapping and layout."""
    return int(font(size, bold).getlength(text))


# Marks that never start a line (Chinese line-breaking rules): they hang at the end of the
# line before, a little past the width, rather than stand alone below it.
NO_LINE_START = frozenset("。，、；：？！…‥）」』》〉】〕”’・·%,.;:?!)]}")


def wrap_spans(text: str, size: int, max_width: int) -> list[tuple[str, int]]:
    """Lines with their char offset into ``text`` (for highlighting a word): CJK breaks
    anywhere, Latin at spaces, and closing punctuation stays on the line it ends."""
    lines: list[tuple[str, int]] = []
    start = 0
    while start < len(text):
        end = start + 1
        last_space = -1
        while end <= len(text) and text_width(text[start:end], size) <= max_width:
            if text[end - 1] == " ":
                last_space = end
            end += 1
        end -= 1
        if (
            end < len(text)
            and last_space > start
            and text[end - 1].isascii()
            and text[end].isascii()
        ):
            end = last_space
        end = max(end, start + 1)
        while end < len(text) and text[end] in NO_LINE_START:
            end += 1
        lines.append((text[start:end].rstrip(), start))
        start = end
        while start < len(text) and text[start] == " ":
            start += 1
    return lines


def wrap_text(text: str, size: int, max_width: int, bold: bool = False) -> list[str]:
    """Greedy wrap that breaks between CJK characters and at spaces in Latin runs; closing
    punctuation stays on the line it ends (NO_LINE_START)."""
    lines: list[str] = []
    current = ""
    for token in _tokens(text):
        candidate = current + token
        hangs = token in NO_LINE_START
        if current and not hangs and text_width(candidate, size, bold) > max_width:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current = candidate
    if current.strip():
        lines.append(current.rstrip())
    return lines


def _tokens(text: str) -> list[str]:
    """Each CJK character alone; Latin words with their trailing space."""
    out: list[str] = []
    word = ""
    for ch in text:
        if ord(ch) > 0x2E80:
            if word:
                out.append(word)
                word = ""
            out.append(ch)
        else:
            word += ch
            if ch == " ":
                out.append(word)
                word = ""
    if word:
        out.append(word)
    return out


def rounded_box(
    width: int, height: int, radius: int, rgba: tuple[int, int, int, int]
) -> np.ndarray:
    """An RGBA rounded rectangle, for label and subtitle backgrounds."""
    img = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    ImageDraw.Draw(img).rounded_rectangle((0, 0, width - 1, height - 1), radius, fill=rgba)
    return np.asarray(img)


def pill(
    text: str,
    size: int,
    color: tuple[int, int, int, int],
    background: tuple[int, int, int, int],
    *,
    bold: bool = False,
) -> np.ndarray:
    """RGBA image of ``text`` on a rounded box with padding proportional to the size."""
    glyphs = render_text(text, size, color, bold=bold)
    pad_x, pad_y = size // 2, size // 3
    img = rounded_box(
        glyphs.shape[1] + 2 * pad_x, glyphs.shape[0] + 2 * pad_y, size // 2, background
    )
    return paste_rgba(img.copy(), glyphs, pad_x, pad_y)


def paste_rgba(dst: np.ndarray, src: np.ndarray, x: int, y: int) -> np.ndarray:
    """Composite RGBA ``src`` over RGBA ``dst`` at (x, y) ("over" operator); returns dst."""
    h, w = src.shape[:2]
    h, w = min(h, dst.shape[0] - y), min(w, dst.shape[1] - x)
    if h <= 0 or w <= 0:
        return dst
    d = dst[y : y + h, x : x + w].astype(np.float32) / 255.0
    s = src[:h, :w].astype(np.float32) / 255.0
    sa, da = s[..., 3:4], d[..., 3:4]
    out_a = sa + da * (1 - sa)
    out_rgb = (s[..., :3] * sa + d[..., :3] * da * (1 - sa)) / np.maximum(out_a, 1e-6)
    dst[y : y + h, x : x + w] = (np.concatenate([out_rgb, out_a], axis=2) * 255 + 0.5).astype(
        np.uint8
    )
    return dst
