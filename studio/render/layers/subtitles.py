"""Subtitles of the words being spoken, highlighted word by word.

Long utterances are cut into pages (at punctuation, at most two lines); the page that
holds the current word is shown with that word in the highlight colour. A page image is
rendered when the page or the highlighted word changes, a few times a second at most.
"""

from __future__ import annotations

import bisect
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw

from studio.render.blend import Overlay
from studio.render.context import FrameContext, SubtitleState
from studio.render.scene import SubtitleSpec, parse_color
from studio.render.text import font, rounded_box, text_width, wrap_spans

BREAKS = "，。！？；：,.!?;:、"


def subtitle_at(text: str, words, sample: int) -> SubtitleState | None:
    """``text`` with its current word highlighted: the last word that started at or
    before ``sample`` (words: ordered, with ``start``/``char_start``/``char_end``)."""
    if not text:
        return None
    i = bisect.bisect_right(words, sample, key=lambda w: w.start) - 1
    if i < 0:
        return SubtitleState(text)
    return SubtitleState(text, words[i].char_start, words[i].char_end)


def paginate(text: str, max_chars: int) -> list[tuple[int, int]]:
    """(start, end) char spans of display pages: up to two lines of ``max_chars``.

    Cuts after punctuation when possible, never inside a Latin word.
    """
    limit = 2 * max_chars
    pages: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    while start < n:
        while start < n and text[start].isspace():
            start += 1
        if start >= n:
            break
        end = min(n, start + limit)
        if end < n:
            cut = max((i + 1 for i in range(start, end) if text[i] in BREAKS), default=-1)
            if cut <= start + limit // 3:  # no early-enough punctuation: cut at a space
                cut = max((i for i in range(start + 1, end) if text[i] == " "), default=end)
            end = cut
        pages.append((start, end))
        start = end
    return pages


class SubtitleLayer:
    """Draws the current page of the current utterance near the bottom of the canvas."""

    def __init__(self, spec: SubtitleSpec, canvas_w: int, canvas_h: int) -> None:
        self.spec = spec
        self.w, self.h = canvas_w, canvas_h
        self.size = max(16, round(canvas_h * spec.size))
        self.max_width = int(canvas_w * 0.88)
        self.bottom = int(canvas_h * spec.y)
        self.color = parse_color(spec.color)
        self.highlight = parse_color(spec.highlight)
        self._pages_for = lru_cache(maxsize=16)(lambda t: paginate(t, spec.max_chars))
        self._image = lru_cache(maxsize=64)(self._render)

    def draw(self, frame: np.ndarray, ctx: FrameContext) -> None:
        state = ctx.subtitle
        if not self.spec.enabled or state is None or not state.text.strip():
            return
        pages = self._pages_for(state.text)
        if not pages:
            return
        anchor = state.word_start if state.word_start >= 0 else 0
        page = next((p for p in pages if p[0] <= anchor < p[1]), pages[0])
        hl = (max(state.word_start, page[0]) - page[0], min(state.word_end, page[1]) - page[0])
        if state.word_start < 0 or hl[0] >= hl[1]:
            hl = (-1, -1)
        overlay = self._image(state.text[page[0] : page[1]].strip(), hl)
        w, h = overlay.size
        overlay.draw(frame, (self.w - w) // 2, self.bottom - h)

    def _render(self, text: str, hl: tuple[int, int]) -> Overlay:
        lines = self._wrap(text)
        line_h = int(self.size * 1.4)
        width = max(text_width(t, self.size) for t, _ in lines) + self.size
        height = line_h * len(lines) + self.size // 2
        img = Image.fromarray(rounded_box(width, height, self.size // 2, (0, 0, 0, 120)).copy())
        draw = ImageDraw.Draw(img)
        f = font(self.size)
        for row, (line, offset) in enumerate(lines):
            x = (width - text_width(line, self.size)) / 2
            y = self.size // 4 + row * line_h + (line_h - self.size) / 2 - self.size * 0.1
            style = {"font": f, "stroke_width": 2, "stroke_fill": (0, 0, 0, 255)}
            draw.text((x, y), line, fill=self.color, **style)
            lo, hi = max(hl[0] - offset, 0), min(hl[1] - offset, len(line))
            if lo < hi:  # the spoken word, drawn again in the highlight colour
                draw.text(
                    (x + f.getlength(line[:lo]), y), line[lo:hi], fill=self.highlight, **style
                )
        return Overlay.from_rgba(np.asarray(img))

    def _wrap(self, text: str) -> list[tuple[str, int]]:
        return wrap_spans(text, self.size, self.max_width)
