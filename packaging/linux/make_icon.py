"""Draw the app icon, packaging/linux/studio.png (256x256): a presenter on a live-red
to violet rounded square, with an "AI" badge (the label every AI-presented stream
must carry). Drawn at 4x and downsampled, so edges are smooth without any vector tool.

Run from the repository root: ``.venv/bin/python packaging/linux/make_icon.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

SIZE = 256
SCALE = 4
TOP = np.array([255, 77, 109], dtype=np.float32)  # live red
BOTTOM = np.array([110, 45, 240], dtype=np.float32)  # violet
INK = (92, 40, 200, 255)
WHITE = (255, 255, 255, 255)
OUT = Path(__file__).resolve().with_name("studio.png")


def _font(px: int) -> ImageFont.ImageFont:
    """A bold sans face: Studio's own font finder (Noto Sans CJK), else Pillow's default."""
    try:
        sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
        from studio.render.text import find_cjk_font

        return ImageFont.truetype(find_cjk_font(bold=True), px)
    except Exception:
        return ImageFont.load_default(px)


def draw(size: int = SIZE) -> Image.Image:
    s = size * SCALE

    def px(v: float) -> int:
        return round(v * s)

    # Background: a vertical gradient inside a rounded square (small margin for the shadowless
    # look desktop themes expect).
    t = np.linspace(0.0, 1.0, s, dtype=np.float32)[:, None, None]
    grad = (TOP * (1 - t) + BOTTOM * t).repeat(s, axis=1)
    rgba = np.dstack([grad, np.full((s, s, 1), 255, np.float32)]).astype(np.uint8)
    bg = Image.fromarray(rgba, "RGBA")
    mask = Image.new("L", (s, s), 0)
    ImageDraw.Draw(mask).rounded_rectangle(
        (px(0.04), px(0.04), px(0.96), px(0.96)), radius=px(0.22), fill=255
    )
    icon = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    icon.paste(bg, (0, 0), mask)

    # The presenter: shoulders, then a head with eyes and an open, speaking mouth.
    fig = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(fig)
    d.ellipse((px(0.20), px(0.66), px(0.80), px(1.10)), fill=WHITE)
    d.ellipse((px(0.31), px(0.22), px(0.69), px(0.60)), fill=WHITE)
    for cx in (0.43, 0.57):
        d.ellipse((px(cx - 0.028), px(0.36), px(cx + 0.028), px(0.416)), fill=INK)
    d.chord((px(0.43), px(0.43), px(0.57), px(0.53)), start=0, end=180, fill=INK)
    # Clip the figure to the rounded square so the shoulders end at its edge.
    clipped = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    clipped.paste(fig, (0, 0), Image.composite(fig.getchannel("A"), mask, mask))
    icon.alpha_composite(clipped)

    # "AI" badge, top right: a white pill with violet letters.
    d = ImageDraw.Draw(icon)
    box = (px(0.62), px(0.10), px(0.90), px(0.26))
    d.rounded_rectangle(box, radius=px(0.08), fill=WHITE)
    font = _font(px(0.12))
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    d.text((cx, cy), "AI", font=font, fill=INK, anchor="mm")

    return icon.resize((size, size), Image.LANCZOS)


def main() -> None:
    draw().save(OUT, optimize=True)
    print(OUT)


if __name__ == "__main__":
    main()
