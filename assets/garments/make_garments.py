"""Draw the project's own example garments and accessories (no third-party images).

Run from the repository root: ``.venv/bin/python assets/garments/make_garments.py [DIR]``.
Writes tee.png, dress.png, jacket.png, glasses.png, hat.png, earrings.png and
necklace.png (next to this file unless DIR is given): front views with alpha, shaded,
drawn at twice the size and scaled down for clean edges. Deterministic: the same
pictures every run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np

SS = 2  # supersampling factor
OUT = Path(__file__).resolve().parent  # where ``save`` writes; main() may change it


class Canvas:
    """A straight-alpha RGBA drawing surface at SS x the final size, float 0..1."""

    def __init__(self, w: int, h: int) -> None:
        self.w, self.h = w, h
        self.rgb = np.zeros((h * SS, w * SS, 3), np.float32)
        self.a = np.zeros((h * SS, w * SS), np.float32)
        ys, xs = np.mgrid[0 : h * SS, 0 : w * SS].astype(np.float32) / SS
        self.xs, self.ys = xs, ys

    def mask(self, polys: list[np.ndarray], closed: bool = True) -> np.ndarray:
        m = np.zeros(self.a.shape, np.uint8)
        pts = [np.round(np.asarray(p, np.float64) * SS * 16).astype(np.int32) for p in polys]
        cv2.fillPoly(m, pts, 255, lineType=cv2.LINE_AA, shift=4)
        return m.astype(np.float32) / 255

    def ellipse_mask(self, c, axes, angle=0.0, start=0, end=360) -> np.ndarray:
        m = np.zeros(self.a.shape, np.uint8)
        cc = (round(c[0] * SS * 16), round(c[1] * SS * 16))
        ax = (round(axes[0] * SS * 16), round(axes[1] * SS * 16))
        cv2.ellipse(m, cc, ax, angle, start, end, 255, -1, cv2.LINE_AA, 4)
        return m.astype(np.float32) / 255

    def line_mask(self, pts, width: float) -> np.ndarray:
        m = np.zeros(self.a.shape, np.uint8)
        p = np.round(np.asarray(pts, np.float64) * SS * 16).astype(np.int32)
        cv2.polylines(m, [p], False, 255, max(1, round(width * SS)), cv2.LINE_AA, 4)
        return m.astype(np.float32) / 255

    def paint(self, m: np.ndarray, colour, alpha: float = 1.0) -> None:
        """Paint ``colour`` (RGB 0..255, or an (H, W, 3) image) through mask ``m``."""
        c = np.asarray(colour, np.float32) / 255
        k = (m * alpha)[..., None]
        self.rgb = self.rgb * (1 - k) + c * k
        self.a = self.a * (1 - m * alpha) + m * alpha

    def shade(self, factor: np.ndarray, within: np.ndarray | None = None) -> None:
        f = factor if within is None else 1 + (factor - 1) * within
        self.rgb *= f[..., None]

    def save(self, name: str) -> Path:
        rgba = np.dstack([np.clip(self.rgb, 0, 1), np.clip(self.a, 0, 1)])
        small = cv2.resize(rgba, (self.w, self.h), interpolation=cv2.INTER_AREA)
        rgb8 = np.round(np.clip(small[..., :3], 0, 1) * 255).astype(np.uint8)
        a8 = np.round(np.clip(small[..., 3], 0, 1) * 255).astype(np.uint8)
        rgb8[a8 == 0] = 0  # no hidden colour under transparent pixels (smaller files)
        bgra = np.dstack([rgb8[..., ::-1], a8])
        path = OUT / name
        cv2.imwrite(str(path), bgra, [cv2.IMWRITE_PNG_COMPRESSION, 9])
        return path


def folds(c: Canvas, cx: float, half_w: float, amp: float = 0.1) -> np.ndarray:
    """Soft cloth shading: darker towards the sides (a cylinder) and a few slow folds."""
    u = (c.xs - cx) / half_w
    side = 1 - 0.16 * np.clip(u, -1.3, 1.3) ** 2
    wave = 1 + amp * np.sin(c.xs / 23 + c.ys / 41) * np.sin(c.ys / 57 + 0.7) * 0.8
    return side * wave


def sym(points: list[tuple[float, float]], cx: float) -> list[tuple[float, float]]:
    """Left half of an outline (top to bottom) -> the whole, mirrored about x = cx."""
    return points + [(2 * cx - x, y) for x, y in reversed(points)]


def draw_tee() -> Path:
    """A white Breton T-shirt with navy stripes; the inside of the back shows through
    the crew neck, as in product shots."""
    c = Canvas(600, 560)
    cx = 300
    left = [(246, 40), (150, 76), (62, 190), (124, 240), (168, 202), (174, 536)]
    outline = sym(left, cx)[::-1]
    outline = [(255, 40), (300, 47), (345, 40)] + outline  # back collar across the top
    body = c.mask([np.array(outline)])
    stripes = (np.mod(c.ys - 130, 36) < 13) & (c.ys > 118)
    base = np.where(stripes[..., None], [28, 40, 92], [242, 240, 234]).astype(np.float32)
    c.paint(body, base)
    # inside of the back, seen through the neckline: darker, and the collar rib
    neck = [(246, 41), (258, 70), (280, 90), (300, 95), (320, 90), (342, 70), (354, 41)]
    inside = c.mask([np.array(neck + [(300, 47)])])
    c.paint(inside * body, (190, 188, 182))
    c.shade(np.full(c.a.shape, 0.78, np.float32), within=inside * body)
    c.paint(c.line_mask(neck, 9), (236, 234, 228))
    c.paint(c.line_mask([(250, 42), (300, 49), (350, 42)], 5), (210, 208, 200))
    # hems and seams
    c.paint(c.line_mask([(176, 520), (424, 520)], 1.5), (120, 120, 130), 0.6)
    c.paint(c.line_mask([(70, 198), (128, 236)], 1.5), (120, 120, 130), 0.6)
    c.paint(c.line_mask([(530, 198), (472, 236)], 1.5), (120, 120, 130), 0.6)
    c.paint(c.line_mask([(150, 78), (170, 204)], 1.2), (150, 150, 160), 0.5)
    c.paint(c.line_mask([(450, 78), (430, 204)], 1.2), (150, 150, 160), 0.5)
    c.shade(folds(c, cx, 140), within=body)
    return c.save("tee.png")


def draw_dress() -> Path:
    """A sleeveless red A-line dress with white polka dots and a scoop neckline."""
    c = Canvas(520, 900)
    cx = 260
    left = [(218, 26), (192, 28), (180, 84), (160, 146), (148, 194), (164, 362), (66, 858)]
    right = [(2 * cx - x, y) for x, y in reversed(left)]
    hem = [(160, 874), (260, 884), (360, 874)]
    scoop = [(300, 96), (282, 138), (260, 150), (238, 138), (220, 96)]
    outline = left + hem + right + scoop
    body = c.mask([np.array(outline)])
    base = np.broadcast_to(np.array([196, 34, 58], np.float32), c.rgb.shape).copy()
    c.paint(body, base)
    dots = np.zeros(c.a.shape, np.float32)
    for j, y in enumerate(range(60, 900, 46)):
        for x in range(40 + (j % 2) * 23, 520, 46):
            dots = np.maximum(dots, c.ellipse_mask((x, y), (7, 7)))
    c.paint(dots * body, (250, 244, 236))
    c.paint(c.line_mask([(160, 360), (260, 368), (360, 360)], 10), (40, 24, 32))
    c.paint(c.line_mask(scoop[::-1] + [], 3), (150, 20, 40), 0.7)
    # skirt folds: vertical waves that widen towards the hem
    t = np.clip((c.ys - 370) / 500, 0, 1)
    pleats = 1 - 0.14 * t * (0.5 + 0.5 * np.sin((c.xs - cx) / (14 + 30 * t)))
    c.shade(folds(c, cx, 130, amp=0.05) * pleats, within=body)
    return c.save("dress.png")


def J(y: float) -> float:
    """The jacket was laid out long; below the shoulders its heights are scaled to 78 %."""
    return y if y <= 80 else 80 + (y - 80) * 0.78


def draw_jacket() -> Path:
    """A denim jacket with long sleeves, lapels, an open V front, pockets and buttons."""
    c = Canvas(640, 580)
    cx = 320
    left = [
        (272, J(30)),
        (166, J(80)),
        (82, J(602)),
        (150, J(628)),
        (200, J(232)),
        (206, J(690)),
        (296, J(690)),
    ]
    outline = left[:-1] + [(314, J(692))] + [(2 * cx - x, y) for x, y in reversed(left[:-1])]
    body = c.mask([np.array(outline)])
    tw = 0.93 + 0.07 * (np.mod(c.xs + c.ys, 6) < 3)  # twill
    base = np.dstack([70 * tw, 102 * tw, 150 * tw]).astype(np.float32)
    c.paint(body, base)
    # the open V: the wearer's own top shows there (transparent), behind the back collar
    hole = c.mask(
        [
            np.array(
                [
                    (282, J(56)),
                    (300, J(300)),
                    (320, J(346)),
                    (340, J(300)),
                    (358, J(56)),
                    (320, J(62)),
                ]
            )
        ]
    )
    c.a *= 1 - hole
    # back collar around the neck
    collar = c.mask(
        [
            np.array(
                [(268, J(30)), (320, J(24)), (372, J(30)), (366, J(56)), (320, J(62)), (274, J(56))]
            )
        ]
    )
    c.paint(collar, (58, 86, 128))
    # lapels
    for s in (-1, 1):
        lap = [
            (cx + s * 40, J(50)),
            (cx + s * 78, J(70)),
            (cx + s * 62, J(170)),
            (cx + s * 26, J(290)),
            (cx + s * 18, J(250)),
        ]
        c.paint(c.mask([np.array(lap)]), (60, 88, 132))
        c.paint(c.line_mask(lap + [lap[0]], 2), (214, 150, 70), 0.8)
    stitch = (214, 150, 70)
    for s in (-1, 1):
        x0 = cx + s * 64
        pocket = [(x0 - 34, J(330)), (x0 + 34, J(330)), (x0 + 31, J(404)), (x0 - 31, J(404))]
        c.paint(c.line_mask(pocket + [pocket[0]], 2) * body, stitch, 0.9)
        flap = [
            (x0 - 37, J(318)),
            (x0 + 37, J(318)),
            (x0 + 33, J(348)),
            (x0, J(360)),
            (x0 - 33, J(348)),
        ]
        c.paint(c.mask([np.array(flap)]) * body, (62, 92, 138))
        c.paint(c.line_mask(flap + [flap[0]], 2) * body, stitch, 0.9)
        c.paint(c.ellipse_mask((x0, J(344)), (5, 5)) * body, (190, 180, 160))
        c.paint(c.line_mask([(cx + s * 150, J(84)), (cx + s * 116, J(230))], 2) * body, stitch, 0.7)
    for y in (J(380), J(460), J(540), J(620)):
        c.paint(c.ellipse_mask((cx + 12, y), (8, 8)) * body, (196, 186, 164))
        c.paint(c.ellipse_mask((cx + 12, y), (4, 4)) * body, (120, 110, 96))
    c.paint(c.line_mask([(310, J(350)), (310, J(690))], 2) * body, stitch, 0.8)
    c.paint(
        c.mask([np.array([(206, J(640)), (434, J(640)), (434, J(690)), (206, J(690))])]) * body,
        (62, 92, 138),
    )
    c.paint(c.line_mask([(208, J(640)), (432, J(640))], 2) * body, stitch, 0.9)
    for s in (-1, 1):  # cuffs
        cuff = [
            (cx + s * 238, J(602)),
            (cx + s * 170, J(628)),
            (cx + s * 166, J(600)),
            (cx + s * 232, J(574)),
        ]
        c.paint(c.mask([np.array(cuff)]) * body, (60, 88, 132))
    c.shade(folds(c, cx, 150), within=body)
    return c.save("jacket.png")


def draw_glasses() -> Path:
    """Tortoiseshell glasses with tinted lenses (half transparent) and reflections."""
    c = Canvas(420, 150)
    for x in (118, 302):
        lens = c.ellipse_mask((x, 78), (70, 50))
        inner = c.ellipse_mask((x, 78), (61, 41))
        c.paint(inner, (120, 100, 80), 0.35)
        glint = c.mask([np.array([(x - 40, 60), (x - 20, 45), (x + 10, 100), (x - 10, 112)])])
        c.paint(glint * inner, (255, 255, 255), 0.35)
        ring = np.clip(lens - inner, 0, 1)
        tort = 1 + 0.25 * np.sin(c.xs / 5 + np.sin(c.ys / 7) * 2)
        c.paint(ring, np.dstack([92 * tort, 52 * tort, 24 * tort]))
    c.paint(c.line_mask([(186, 62), (210, 52), (234, 62)], 8), (80, 46, 22))
    c.paint(c.line_mask([(48, 62), (4, 56)], 9), (80, 46, 22))
    c.paint(c.line_mask([(372, 62), (416, 56)], 9), (80, 46, 22))
    return c.save("glasses.png")


def draw_hat() -> Path:
    """A straw sun hat with a wide brim and a black band."""
    c = Canvas(480, 300)
    straw = (218, 186, 120)
    brim = c.ellipse_mask((240, 220), (234, 50))
    crown = np.maximum(
        c.ellipse_mask((240, 150), (100, 110), start=180, end=360),
        c.mask([np.array([(140, 150), (340, 150), (346, 214), (134, 214)])]),
    )
    weave = 0.9 + 0.1 * ((np.mod(c.xs * 0.7 + c.ys, 8) < 4) ^ (np.mod(c.xs * 0.7 - c.ys, 8) < 4))
    c.paint(brim, np.dstack([straw[0] * weave, straw[1] * weave, straw[2] * weave]))
    under = c.ellipse_mask((240, 226), (226, 40), start=0, end=180)
    c.shade(np.full(c.a.shape, 0.8, np.float32), within=under)
    c.paint(crown, np.dstack([straw[0] * weave, straw[1] * weave, straw[2] * weave]))
    c.shade(folds(c, 240, 110, amp=0.0), within=crown)
    c.paint(c.mask([np.array([(136, 178), (344, 178), (346, 210), (134, 210)])]), (28, 26, 30))
    return c.save("hat.png")


def draw_earrings() -> Path:
    """One gold drop earring with a jade stone (the same earring is worn on both ears)."""
    c = Canvas(70, 170)
    gold = (222, 178, 80)
    c.paint(c.line_mask([(35, 4), (44, 10), (44, 24), (35, 30)], 3), gold)
    c.paint(c.ellipse_mask((35, 36), (6, 6)), gold)
    c.paint(c.line_mask([(35, 40), (35, 78)], 2.5), gold)
    c.paint(c.ellipse_mask((35, 122), (24, 40)), (212, 170, 74))
    c.paint(c.ellipse_mask((35, 122), (19, 34)), (52, 150, 104))
    c.paint(c.ellipse_mask((28, 108), (6, 11)), (200, 240, 220), 0.6)
    c.paint(c.mask([np.array([(27, 80), (43, 80), (35, 90)])]), gold)
    return c.save("earrings.png")


def draw_necklace() -> Path:
    """A fine gold chain with a pendant."""
    c = Canvas(360, 300)
    t = np.linspace(-1, 1, 121)
    xs = 180 + 158 * t
    ys = 216 - 200 * (np.cosh(t * 1.6) - 1) / (np.cosh(1.6) - 1)  # a hanging chain: lowest mid
    chain = c.line_mask(np.stack([xs, ys], 1), 4)
    links = 0.8 + 0.2 * (np.mod(c.xs + c.ys, 6) < 3)
    c.paint(chain, np.dstack([228 * links, 186 * links, 92 * links]))
    c.paint(c.ellipse_mask((180, 220), (7, 7)), (228, 186, 92))
    gem = [(180, 228), (204, 252), (180, 292), (156, 252)]
    c.paint(c.mask([np.array(gem)]), (226, 182, 86))
    c.paint(c.mask([np.array([(180, 236), (197, 253), (180, 283), (163, 253)])]), (186, 30, 60))
    c.paint(c.mask([np.array([(176, 242), (186, 248), (176, 262)])]), (255, 200, 210), 0.7)
    return c.save("necklace.png")


DRAWINGS = (draw_tee, draw_dress, draw_jacket, draw_glasses, draw_hat, draw_earrings, draw_necklace)


def main(argv: list[str] | None = None) -> int:
    global OUT
    args = sys.argv[1:] if argv is None else argv
    if args:
        OUT = Path(args[0])
        OUT.mkdir(parents=True, exist_ok=True)
    for draw in DRAWINGS:
        path = draw()
        print(f"{path.name:<14} {path.stat().st_size / 1024:6.1f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
