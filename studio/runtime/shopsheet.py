"""Her shop's sheet: the lines of HER show, for her to read beside the generic sheet.

The generic prompt sheet (greetings, calls, prices in pieces) covers what every show says;
her products' descriptions are hers alone, so the show's own words are made into a
:class:`~.sheet.PromptSheet` here, from the show store:

- every Chinese text item of every script, rendered as the show renders it (the product
  in context, ``{name}`` filled, markup removed) and normalised as the engine speaks it
  (numbers as words), cut at its pause marks, sentence ends and, past
  :data:`~.sheet.MAX_LINE_CHARS`, at its commas;
- a ``{price}`` / ``{original_price}`` / ``{stock}`` slot is never baked into a line: the
  line is cut at the slot, and the fixed text around it becomes lines of their own
  ("原价" / "今天直播间只要"), so that today's price is said in her number words; a
  unit right after a slot (件, 元) and a lead right before one (满) are left to her
  number words and units too;
- each product's name and selling points as lines of their own;
- only what the generic sheet does not already say in full (planned with
  :func:`~.cover.plan_cover` against the generic sheet's text), each text once.

English items and Latin words inside a Chinese line ("iPhone") are left to speech
synthesis (the line is cut around them): the sheet is read in Chinese and aligned by a
Chinese reference. Ids are ``shop.`` plus a short
hash of the line's text, so a line she has read stays read when the shop is imported
again, and a changed description is a new line to read.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Iterator

from studio.avatar.lines.cover import Inventory, plan_cover, sheet_inventory, sheet_words
from studio.avatar.lines.sheet import (
    MAX_LINE_CHARS,
    PUNCTUATION,
    PromptSheet,
    SheetLine,
    key_text,
    load_sheet,
)
from studio.show.items import ItemKind, Script
from studio.show.markup import MissingFact, TemplateError, parse_template, render
from studio.show.products import Product
from studio.show.store import ShowStore
from studio.speech.normalize import normalize

log = logging.getLogger(__name__)

#: Placeholders whose value changes with the catalogue: said in her number words.
NUMBER_SLOTS = ("price", "original_price", "stock")
SENTENCE_ENDS = set("。！？!?；;\n")
COMMAS = set("，,、：:")
MIN_KEY_CHARS = 2  # a shorter piece is not worth a line (her pieces start at two)
#: Latin words and digits, with the spaces between them: cut out of a line (TTS says them)
_LATIN_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\s'.\-]*")


def line_id(text: str) -> str:
    """``shop.`` + a short hash of what is said (punctuation aside): stable across imports."""
    return "shop." + hashlib.sha1(key_text(text).encode("utf-8")).hexdigest()[:10]


def shop_sheet(store: ShowStore, generic: PromptSheet | None = None) -> PromptSheet:
    """The lines of the show in ``store`` that ``generic`` (default: the sheet Studio
    ships) does not say in full, in script order, then product names and selling points.

    An empty sheet when there is nothing of hers to read (no Chinese text items and no
    products); callers say so.
    """
    generic = generic if generic is not None else load_sheet()
    covered = sheet_inventory(generic)
    products = {p.name: p for p in store.products()}
    texts = list(_script_texts(store.scripts(), products))
    for product in products.values():
        texts.append(product.name)
        texts += list(product.selling_points)
    lines: list[SheetLine] = []
    seen: set[str] = set()
    for text in texts:
        for piece in _pieces(text):
            key = key_text(piece)
            if key in seen or _said_in_full(piece, covered):
                continue
            seen.add(key)
            lines.append(SheetLine(line_id(piece), piece, "phrase"))
    return PromptSheet(tuple(lines), "zh")


def _said_in_full(text: str, inventory: Inventory) -> bool:
    return all(p.unit is not None for p in plan_cover(text, inventory))


def _script_texts(scripts: Iterable[Script], products: dict[str, Product]) -> Iterator[str]:
    """The spoken text of every Chinese text item, cut at its pauses and number slots."""
    for script in scripts:
        for item in script.items:
            if item.kind is not ItemKind.TEXT:
                continue
            try:
                template = parse_template(item.text)
                spoken = render(template, products.get(item.product), products.get)
            except (TemplateError, MissingFact) as exc:  # the show's check says why
                log.info("shop sheet: %r of %s left out (%s)", item.text[:30], script.name, exc)
                continue
            if template.language != "zh":
                continue  # English lines are left to speech synthesis
            slots = {
                p.start for p in template.placeholders if p.field in NUMBER_SLOTS
            }  # template offsets of the number slots
            cut = [spoken.source_offset(i) in slots for i in range(len(spoken.text))]
            bounds = sorted({0, len(spoken.text), *(c for c, _ in spoken.pauses)})
            for a, b in zip(bounds, bounds[1:], strict=False):
                yield from _around_slots(spoken.text[a:b], cut[a:b])


def _around_slots(text: str, slot: list[bool]) -> Iterator[str]:
    """The spoken form of ``text`` without its slot characters: the runs between them,
    less a unit word right after a slot and a lead word right before one."""
    norm = normalize(text, "auto")
    out = [any(slot[s:e]) for s, e in norm.origin]
    spoken = norm.text
    runs: list[tuple[int, int]] = []
    start = None
    for i, is_slot in enumerate([*out, True]):
        if not is_slot and start is None:
            start = i
        elif is_slot and start is not None:
            runs.append((start, i))
            start = None
    units, leads = (sorted(words, key=len, reverse=True) for words in sheet_words())
    for a, b in runs:
        run = spoken[a:b]
        if a > 0:  # after a slot: 件 / 元 are her unit words
            word = next((w for w in units if run.startswith(w)), "")
            run = run[len(word) :]
        if b < len(spoken):  # before a slot: 满 / 减 are her leads
            word = next((w for w in leads if run.endswith(w)), "")
            run = run[: len(run) - len(word)]
        yield run


def _pieces(text: str) -> Iterator[str]:
    """``text`` normalised and cut into lines to read: at sentence ends and around Latin
    words (left to speech synthesis: "这款" / "手机壳" around "iPhone"), then at commas
    while a sentence is longer than :data:`MAX_LINE_CHARS`."""
    spoken = _LATIN_RUN.sub("\n", normalize(text, "auto").text)
    for sentence in _split(spoken, SENTENCE_ENDS):
        for piece in _fit(sentence):
            piece = piece.strip("".join(PUNCTUATION - set("。！？…"))).lstrip("。！？…")
            if len(key_text(piece)) >= MIN_KEY_CHARS:
                yield piece


def _split(text: str, marks: set[str]) -> list[str]:
    """``text`` cut after each of ``marks`` (kept with the part before it)."""
    parts, start = [], 0
    for i, ch in enumerate(text):
        if ch in marks:
            parts.append(text[start : i + 1])
            start = i + 1
    parts.append(text[start:])
    return [p for p in parts if key_text(p)]


def _fit(sentence: str) -> list[str]:
    """``sentence`` as pieces of at most MAX_LINE_CHARS, cut at commas (else anywhere)."""
    if len(sentence) <= MAX_LINE_CHARS:
        return [sentence]
    pieces, current = [], ""
    for phrase in _split(sentence, COMMAS):
        while len(phrase) > MAX_LINE_CHARS:  # no comma to cut at: cut where it must
            pieces += [current] if current else []
            current = ""
            pieces.append(phrase[:MAX_LINE_CHARS])
            phrase = phrase[MAX_LINE_CHARS:]
        if len(current) + len(phrase) > MAX_LINE_CHARS:
            pieces.append(current)
            current = ""
        current += phrase
    if current:
        pieces.append(current)
    return [p for p in pieces if key_text(p)]


__all__ = ["line_id", "shop_sheet"]
