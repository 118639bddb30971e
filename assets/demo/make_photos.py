"""Draw the demo shop's product photos (no third-party images): a thermos cup, a silk
scarf, a down jacket and a bag of coffee beans, each on a clean studio background with
shading, highlights and a soft shadow, so the product card shows a picture of the product.

Run from the repository root: ``.venv/bin/python assets/demo/make_photos.py [DIR]``.
Writes thermos.jpg, scarf.jpg, jacket.jpg and coffee.jpg into images/ next to this file
(or DIR): 512x512 JPEGs, drawn at twice the size and scaled down for clean edges.
Deterministic: the same pictures every run (the coffee label uses the CJK font the
renderer finds, see studio.render.text).
"""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "garments"))
from make_garments import SS, Canvas  # noqa: E402  (the drawing surface the garments use)

SIDE = 512
OUT = HERE / "images"  # where ``save`` writes; main() may change it


def studio(c: Canvas) -> None:
    """A seamless paper sweep: light from the upper left, a little darker towards the floor."""
    u, v = c.xs / SIDE, c.ys / SIDE
    base = 0.965 - 0.06 * v - 0.03 * ((u - 0.35) ** 2 + (v - 0.3) ** 2)
    c.rgb = np.dstack([base * 0.995, base * 0.99, base]).astype(np.float32)
    c.a = np.ones_like(c.a)


def shadow(c: Canvas, centre, axes, strength: float = 0.35, blur: float = 18) -> None:
    """A soft contact shadow on the floor, darkest under the object."""
    m = c.ellipse_mask(centre, axes)
    k = int(blur * SS) * 2 + 1
    m = cv2.GaussianBlur(m, (k, k), 0)
    c.rgb *= (1 - strength * m)[..., None]


def cylinder(c: Canvas, cx: float, half_w: float, light: float = -0.45) -> tuple:
    """``u`` across a vertical cylinder (-1..1) and its diffuse shade, lit from the left."""
    u = np.clip((c.xs - cx) / half_w, -1, 1)
    n = np.sqrt(np.clip(1 - u**2, 0, 1))
    return u, 0.5 + 0.5 * n - 0.12 * u + 0.08 * np.exp(-(((u - light) / 0.25) ** 2))


def spec(u: np.ndarray, at: float, width: float, strength: float) -> np.ndarray:
    return strength * np.exp(-(((u - at) / width) ** 2))


def add(c: Canvas, light: np.ndarray, within: np.ndarray) -> None:
    """Add white light (a highlight) inside a mask."""
    c.rgb += (light * within)[..., None]


def steel(c: Canvas, m: np.ndarray, u: np.ndarray) -> None:
    """Brushed stainless steel: the studio mirrored as soft bright and dark bands."""
    env = (
        0.62 + 0.3 * np.exp(-(((u + 0.55) / 0.22) ** 2)) - 0.22 * np.exp(-(((u - 0.2) / 0.3) ** 2))
    )
    env += 0.25 * np.exp(-(((u - 0.82) / 0.08) ** 2)) - 0.2 * (np.abs(u) > 0.95)
    rng = np.random.default_rng(7)
    brush = cv2.GaussianBlur(rng.normal(0, 1, (c.a.shape[0], 1)).astype(np.float32), (1, 9), 0)
    env = env + 0.03 * brush
    c.paint(m, np.dstack([env * 200, env * 205, env * 212]))


def draw_thermos() -> Path:
    """A 316 steel vacuum cup: sage powder-coated body, steel lid with a flip button."""
    c = Canvas(SIDE, SIDE)
    studio(c)
    cx, hw = 256.0, 80.0
    top, lid_top, bottom = 160.0, 78.0, 446.0
    shadow(c, (cx + 26, bottom + 2), (130, 22), 0.42, 16)
    shadow(c, (cx + 8, bottom), (92, 10), 0.35, 4)
    u, diffuse = cylinder(c, cx, hw)
    # the body, with its rounded bottom edge
    body = c.mask([[(cx - hw, top), (cx + hw, top), (cx + hw, bottom), (cx - hw, bottom)]])
    body = np.maximum(body, c.ellipse_mask((cx, bottom), (hw, 12)))
    colour = np.array([112, 150, 140], np.float32)
    c.paint(body, colour[None, None, :] * diffuse[..., None])
    add(c, spec(u, -0.5, 0.12, 0.22) + spec(u, 0.78, 0.05, 0.08), body)
    # a steel foot ring
    foot = c.mask([[(cx - hw, bottom - 22), (cx + hw, bottom - 22), (cx + hw, bottom),
                    (cx - hw, bottom)]]) * body  # fmt: skip
    foot = np.maximum(foot, c.ellipse_mask((cx, bottom), (hw, 12)))
    steel(c, foot, u)
    # the lid: steel, slightly narrower, a domed top and a flip button in front
    lw = hw - 4
    lid = c.mask([[(cx - lw, lid_top), (cx + lw, lid_top), (cx + lw, top + 6), (cx - lw, top + 6)]])
    lid = np.maximum(lid, c.ellipse_mask((cx, lid_top), (lw, 13)))
    lid = np.maximum(lid, c.ellipse_mask((cx, top + 6), (lw, 8)))
    ul = np.clip((c.xs - cx) / lw, -1, 1)
    steel(c, lid, ul)
    dome = c.ellipse_mask((cx, lid_top), (lw - 2, 11))
    c.paint(dome, (232, 235, 240), 0.7)
    add(c, 0.25 * np.exp(-(((c.xs - cx + 30) / 30) ** 2 + ((c.ys - lid_top + 4) / 5) ** 2)), dome)
    seam = c.line_mask([(cx + lw * np.cos(a), top + 6 + 8 * np.sin(a))
                        for a in np.linspace(np.pi, 0, 40)], 1.6)  # fmt: skip
    c.paint(seam * lid, (70, 74, 80), 0.8)
    button = c.mask([[(cx - 28, 100), (cx + 28, 100), (cx + 24, 134), (cx - 24, 134)]])
    c.paint(button * lid, (52, 58, 60))
    add(c, 0.18 * np.exp(-(((c.ys - 104) / 3) ** 2)), button * lid)
    # a body seam under the lid and a faint printed mark
    ring = c.line_mask([(cx + hw * np.cos(a), top + 16 + 6 * np.sin(a))
                        for a in np.linspace(np.pi, 0, 40)], 1.2)  # fmt: skip
    c.paint(ring * body, (80, 110, 102), 0.6)
    mark = c.ellipse_mask((cx - 6, 300), (18, 18))
    mark_in = c.ellipse_mask((cx - 6, 300), (13, 13))
    c.paint(np.clip(mark - mark_in, 0, 1), (236, 240, 236), 0.7)
    return save(c, "thermos.jpg")


def scarf_print(n: int) -> np.ndarray:
    """The scarf's square print (RGB uint8): a burgundy border, a gold frame and rosettes
    on navy, as a classic 90 cm silk square."""
    img = Image.new("RGB", (n, n), (24, 36, 78))
    d = ImageDraw.Draw(img)
    b = n // 11
    d.rectangle((0, 0, n - 1, n - 1), outline=(128, 22, 42), width=b)
    d.rectangle((b, b, n - 1 - b, n - 1 - b), outline=(214, 170, 82), width=max(2, n // 90))
    d.rectangle((b // 3, b // 3, n - 1 - b // 3, n - 1 - b // 3), outline=(226, 190, 110),
                width=max(1, n // 200))  # fmt: skip
    for i in range(12):  # the border's chain of small medallions
        t = (i + 0.5) / 12
        for x, y in ((t * n, b / 2), (t * n, n - b / 2), (b / 2, t * n), (n - b / 2, t * n)):
            r = b * 0.28
            d.ellipse((x - r, y - r, x + r, y + r), fill=(226, 190, 110))
            d.ellipse((x - r / 2, y - r / 2, x + r / 2, y + r / 2), fill=(128, 22, 42))
    step = (n - 2 * b) / 4
    for i in range(4):
        for j in range(4):
            x, y = b + (i + 0.5) * step, b + (j + 0.5) * step
            big = (i + j) % 2 == 0
            r = step * (0.36 if big else 0.26)
            petal = (236, 220, 190) if big else (70, 150, 150)
            for k in range(8):
                a = k * np.pi / 4
                px, py = x + r * 0.55 * np.cos(a), y + r * 0.55 * np.sin(a)
                pr = r * 0.42
                d.ellipse((px - pr, py - pr, px + pr, py + pr), fill=petal)
            d.ellipse((x - r * 0.35, y - r * 0.35, x + r * 0.35, y + r * 0.35), fill=(200, 50, 60))
            d.ellipse(
                (x - r * 0.15, y - r * 0.15, x + r * 0.15, y + r * 0.15), fill=(226, 190, 110)
            )
    return np.asarray(img)


def draw_scarf() -> Path:
    """A silk square laid flat as a diamond, with soft ripples and silk's sheen on them."""
    c = Canvas(SIDE, SIDE)
    studio(c)
    n = SIDE * SS
    tex = scarf_print(n).astype(np.float32) / 255
    quad = np.float32([(256, 86), (478, 262), (256, 438), (34, 262)]) * SS
    src = np.float32([(0, 0), (n, 0), (n, n), (0, n)])
    h = cv2.getPerspectiveTransform(src, quad)
    # ripples: move the cloth's surface, shade by the slope, add a narrow silk highlight
    phase = c.xs / 34 + c.ys / 70 + 0.6 * np.sin(c.ys / 45)
    map_x = (c.xs * SS).astype(np.float32)
    map_y = (c.ys * SS + 7 * SS * np.sin(phase)).astype(np.float32)
    warped = cv2.warpPerspective(tex, h, (n, n), flags=cv2.INTER_LINEAR)
    cover = cv2.warpPerspective(np.ones((n, n), np.float32), h, (n, n), flags=cv2.INTER_LINEAR)
    warped = cv2.remap(warped, map_x, map_y, cv2.INTER_LINEAR)
    cover = cv2.remap(cover, map_x, map_y, cv2.INTER_LINEAR)
    drop = cv2.GaussianBlur(np.roll(cover, (10 * SS, 8 * SS), (0, 1)), (0, 0), 9 * SS)
    c.rgb *= (1 - 0.3 * drop)[..., None]
    slope = np.cos(phase)
    shade = 0.86 + 0.16 * slope
    sheen = 0.42 * np.clip(slope, 0, 1) ** 12 + 0.1 * np.exp(-(((c.xs - 200) / 90) ** 2))
    c.paint(cover, (warped * shade[..., None] + sheen[..., None] * 0.8) * 255)
    return save(c, "scarf.jpg")


def draw_jacket() -> Path:
    """A light down jacket: the try-on jacket's outline (garments/jacket.png), quilted
    into puffy baffles, with a zip and a stand collar."""
    c = Canvas(SIDE, SIDE)
    studio(c)
    src = cv2.imread(str(HERE.parent / "garments" / "jacket.png"), cv2.IMREAD_UNCHANGED)
    scale = 430 / src.shape[0] * SS
    w, hgt = round(src.shape[1] * scale), round(src.shape[0] * scale)
    small = cv2.resize(src, (w, hgt), interpolation=cv2.INTER_AREA)
    alpha = np.zeros(c.a.shape, np.float32)
    x0, y0 = (SIDE * SS - w) // 2, 40 * SS
    alpha[y0 : y0 + hgt, x0 : x0 + w] = small[..., 3].astype(np.float32) / 255
    cx = SIDE / 2
    # the V opening becomes the jacket's dark lining, closed by a stand collar and a zip
    vee = [(cx - 46, 56), (cx + 46, 56), (cx + 22, 232), (cx, 268), (cx - 22, 232)]
    lining = c.mask([vee])
    fill = np.maximum(alpha, lining)
    floor = cv2.GaussianBlur(fill, (0, 0), 10 * SS)
    c.rgb *= (1 - 0.18 * np.roll(floor, (8 * SS, 10 * SS), (0, 1)))[..., None]
    # baffles: horizontal tubes, bright across their middle, pinched at the stitching
    pitch = 34.0
    t = ((c.ys - 60) / pitch) % 1.0
    tube = 0.62 + 0.42 * np.sin(np.pi * t) ** 0.7
    broad = cv2.GaussianBlur(fill, (0, 0), 30 * SS)  # rounder towards the edges
    tube = tube * (0.8 + 0.2 * broad / max(1e-3, float(broad.max())))
    side = 1 - 0.22 * np.clip((c.xs - cx) / 170, -1, 1) ** 2
    colour = np.array([38, 62, 118], np.float32) / 255 * 255
    c.paint(fill, colour[None, None, :] * (tube * side)[..., None])
    add(c, 0.16 * np.clip(np.sin(np.pi * t), 0, 1) ** 8 * (c.xs < cx), fill)
    stitch = (np.abs(t - 0.0) < 0.025) | (np.abs(t - 1.0) < 0.025)
    c.paint(fill * stitch, (24, 36, 70), 0.7)
    # sleeves part from the body along the garment's own seams
    for sx in (-1, 1):
        c.paint(c.line_mask([(cx + sx * 118, 96), (cx + sx * 112, 452)], 2.0) * fill,
                (22, 34, 66), 0.6)  # fmt: skip
    collar = c.mask([[(cx - 44, 44), (cx + 44, 44), (cx + 40, 78), (cx - 40, 78)]])
    c.paint(collar, (34, 56, 108))
    add(c, 0.12 * np.exp(-(((c.ys - 54) / 6) ** 2)), collar)
    c.paint(c.mask([vee]) * (c.ys > 76), (20, 26, 44))
    zip_line = c.line_mask([(cx, 46), (cx, 462)], 3.0)
    c.paint(zip_line, (150, 150, 156))
    c.paint(c.line_mask([(cx, 46), (cx, 462)], 1.0), (90, 90, 96))
    pull = c.mask([[(cx - 5, 78), (cx + 5, 78), (cx + 4, 104), (cx - 4, 104)]])
    c.paint(pull, (196, 198, 204))
    return save(c, "jacket.jpg")


def bean(c: Canvas, x: float, y: float, a: float, s: float) -> None:
    """One roasted coffee bean: an oval with a rounded top, a curved crease, a highlight."""
    ax, ay = 19 * s, 13 * s
    m = c.ellipse_mask((x, y), (ax, ay), np.degrees(a))
    ca, sa = np.cos(a), np.sin(a)
    lx, ly = c.xs - x, c.ys - y
    u = (lx * ca + ly * sa) / ax
    v = (-lx * sa + ly * ca) / ay
    r2 = np.clip(u**2 + v**2, 0, 1)
    lit = 0.55 + 0.45 * np.sqrt(1 - r2) - 0.18 * (u * 0.6 + v * 0.8)
    base = np.array([92, 52, 30], np.float32)
    c.paint(m, base[None, None, :] * lit[..., None])
    add(c, 0.22 * np.exp(-(((u + 0.35) / 0.25) ** 2 + ((v + 0.4) / 0.2) ** 2)), m)
    crease = [(x + ax * 0.8 * t * ca - ay * 0.12 * np.sin(t * 3) * sa,
               y + ax * 0.8 * t * sa + ay * 0.12 * np.sin(t * 3) * ca)
              for t in np.linspace(-1, 1, 24)]  # fmt: skip
    c.paint(c.line_mask(crease, 2.4 * s) * m, (36, 18, 10), 0.9)


def draw_coffee() -> Path:
    """A kraft stand-up pouch with a label, and roasted beans spilled in front of it."""
    from studio.render.text import font  # the renderer's CJK font for the label

    c = Canvas(SIDE, SIDE)
    studio(c)
    cx = 262.0
    shadow(c, (cx + 24, 400), (128, 20), 0.4, 14)
    outline = [(cx - 98, 70), (cx + 98, 70), (cx + 104, 380), (cx + 92, 398),
               (cx - 92, 398), (cx - 104, 380)]  # fmt: skip
    bag = c.mask([outline])
    rng = np.random.default_rng(3)
    grain = cv2.GaussianBlur(rng.normal(0, 1, c.a.shape).astype(np.float32), (0, 0), 1.2)
    u = np.clip((c.xs - cx) / 100, -1, 1)
    crinkle = 1 + 0.05 * np.sin(c.xs / 9 + 2 * np.sin(c.ys / 31)) * np.exp(
        -(((c.ys - 100) / 60) ** 2)
    )
    shade = (0.78 + 0.22 * np.sqrt(1 - u**2) - 0.08 * u) * crinkle + 0.035 * grain
    c.paint(bag, np.array([196, 156, 110], np.float32)[None, None, :] * shade[..., None])
    seal = c.mask([[(cx - 98, 70), (cx + 98, 70), (cx + 98, 96), (cx - 98, 96)]])
    c.paint(seal * bag, (170, 132, 90))
    for i in range(40):  # the heat seal's ribbing
        x = cx - 96 + i * 4.9
        c.paint(c.line_mask([(x, 72), (x, 94)], 1.0), (150, 114, 76), 0.6)
    c.paint(c.line_mask([(cx - 92, 110), (cx + 92, 110)], 2.0), (160, 124, 84), 0.8)  # zip
    notch = c.mask([[(cx + 98, 100), (cx + 90, 104), (cx + 98, 108)]])
    c.paint(notch, (240, 240, 244))
    gusset = c.line_mask([(cx - 100, 360), (cx, 372), (cx + 100, 360)], 1.6)
    c.paint(gusset * bag, (150, 112, 74), 0.6)
    # the label: dark brown, a gold bean emblem, the name in cream
    label = Image.new("RGBA", (150 * SS, 150 * SS), (0, 0, 0, 0))
    d = ImageDraw.Draw(label)
    d.rounded_rectangle((0, 0, 150 * SS - 1, 150 * SS - 1), 8 * SS, fill=(58, 34, 24, 255))
    d.rounded_rectangle((5 * SS, 5 * SS, 145 * SS, 145 * SS), 6 * SS, outline=(210, 170, 90, 255),
                        width=SS)  # fmt: skip
    d.ellipse((57 * SS, 18 * SS, 93 * SS, 62 * SS), fill=(210, 170, 90, 255))
    d.arc((64 * SS, 18 * SS, 86 * SS, 62 * SS), 250, 110, fill=(58, 34, 24, 255), width=2 * SS)
    for text, size, y in (("云南小粒", 22, 74), ("咖啡豆", 30, 102)):
        f = font(size * SS, True)
        w = d.textlength(text, font=f)
        d.text(((150 * SS - w) / 2, y * SS), text, font=f, fill=(244, 232, 210, 255))
    lab = np.asarray(label).astype(np.float32) / 255
    lx, ly = int((cx - 75) * SS), 170 * SS
    m = np.zeros(c.a.shape, np.float32)
    m[ly : ly + lab.shape[0], lx : lx + lab.shape[1]] = lab[..., 3]
    img = np.zeros(c.rgb.shape, np.float32)
    img[ly : ly + lab.shape[0], lx : lx + lab.shape[1]] = lab[..., :3] * 255
    c.paint(m, img * (0.85 + 0.15 * np.sqrt(1 - u**2))[..., None])
    # beans spilled in front, drawn back to front
    rng = np.random.default_rng(11)
    beans = [(rng.uniform(80, 440), rng.uniform(404, 470)) for _ in range(34)]
    beans += [(rng.uniform(150, 250), rng.uniform(385, 410)) for _ in range(6)]
    for x, y in sorted(beans, key=lambda p: p[1]):
        if abs(x - 260) > 190 - (y - 400) * 0.8:
            continue
        shadow(c, (x + 4, y + 9), (18, 7), 0.3, 4)
        bean(c, x, y, rng.uniform(0, np.pi), 0.9 + 0.25 * (y - 400) / 70)
    return save(c, "coffee.jpg")


def save(c: Canvas, name: str) -> Path:
    rgb = np.clip(c.rgb, 0, 1)
    small = cv2.resize(rgb, (c.w, c.h), interpolation=cv2.INTER_AREA)
    bgr = np.round(small[..., ::-1] * 255).astype(np.uint8)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / name
    cv2.imwrite(str(path), bgr, [cv2.IMWRITE_JPEG_QUALITY, 88])
    return path


DRAWINGS = (draw_thermos, draw_scarf, draw_jacket, draw_coffee)


def main(argv: list[str] | None = None) -> int:
    global OUT
    args = sys.argv[1:] if argv is None else argv
    if args:
        OUT = Path(args[0])
    for draw in DRAWINGS:
        path = draw()
        print(f"{path.name:<12} {path.stat().st_size / 1024:6.1f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
