"""The script text markup: placeholders, pauses and emphasis.

A text item is a *template*. What the avatar speaks is the template rendered against
the catalogue: markup removed, placeholders filled, pauses and emphasis kept as marks
beside the text (so speech can honour them and compliance can check plain words).

Markup (the user-facing reference; assets/demo/script.toml shows it in use):

``{name}`` ``{price}`` ``{original_price}`` ``{stock}``
    Filled from the product in context (the script's last product switch).
    ``{price:商品名}`` names the product explicitly. ``{price}`` gives the amount with
    its unit (99元 / 99 yuan / $19.99); right after ¥ ￥ $ or right before 元 块 only the
    number is inserted, so ``¥{price}`` and ``{price}元`` read right too.
``[pause 500ms]`` ``[pause 1.5s]`` ``[pause]`` (300 ms) ``[停顿 500ms]``
    Silence at that point, at most 60 s.
``*word*``
    Emphasis (on one line, not nested).
``\\*`` ``\\[`` ``\\]`` ``\\{`` ``\\}`` ``\\\\``
    The character itself.
Any other ``[...]`` or ``{...}`` is an error, so a typo is never spoken aloud.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from studio.core.timeline import SAMPLE_RATE
from studio.show.money import format_amount, format_price
from studio.show.products import Product

FIELDS = ("name", "price", "original_price", "stock")
DEFAULT_PAUSE_MS = 300
MAX_PAUSE_SAMPLES = 60 * SAMPLE_RATE
_ESCAPABLE = set("*[]{}\\")
_PAUSE = re.compile(r"^(?:pause|停顿)(?:\s+(\d+(?:\.\d+)?)\s*(ms|s|毫秒|秒))?$", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"^\s*([a-z_]+)\s*(?::\s*(.+?)\s*)?$")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class TemplateError(ValueError):
    """A markup mistake at ``offset`` (a character index into the template)."""

    def __init__(self, offset: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Literal:
    text: str
    offsets: tuple[int, ...]  # template offset of each character


@dataclass(frozen=True)
class Placeholder:
    field: str
    product: str  # explicit product name, "" for the product in context
    start: int
    end: int


@dataclass(frozen=True)
class PauseMark:
    samples: int
    start: int


@dataclass(frozen=True)
class Emphasis:
    opening: bool
    start: int


Part = Literal | Placeholder | PauseMark | Emphasis


@dataclass(frozen=True)
class Template:
    """A parsed text item."""

    source: str
    parts: tuple[Part, ...]

    @property
    def language(self) -> str:
        """zh when the written words contain Han characters, else en."""
        words = "".join(p.text for p in self.parts if isinstance(p, Literal))
        return "zh" if _CJK.search(words) else "en"

    @property
    def placeholders(self) -> tuple[Placeholder, ...]:
        return tuple(p for p in self.parts if isinstance(p, Placeholder))

    def product_refs(self) -> set[str]:
        """Products named explicitly ({price:名})."""
        return {p.product for p in self.placeholders if p.product}

    def needs_context_product(self) -> bool:
        return any(not p.product for p in self.placeholders)


@dataclass(frozen=True)
class Spoken:
    """What is said: plain text, with the template offset of each of its characters."""

    text: str
    source_offsets: tuple[int, ...]
    pauses: tuple[tuple[int, int], ...] = ()  # (char offset in text, samples)
    emphasis: tuple[tuple[int, int], ...] = ()  # (start, end) char spans in text
    products: tuple[str, ...] = ()  # products whose facts the text uses

    def source_offset(self, index: int) -> int:
        if not self.source_offsets:
            return 0
        return self.source_offsets[min(index, len(self.source_offsets) - 1)]


def _pause_samples(value: str | None, unit: str | None, offset: int) -> int:
    if value is None:
        return DEFAULT_PAUSE_MS * SAMPLE_RATE // 1000
    amount = Fraction(value)
    seconds = amount / 1000 if unit.lower() in ("ms", "毫秒") else amount
    samples = seconds * SAMPLE_RATE
    if samples.denominator != 1:
        samples = Fraction(round(samples))
    if not 0 < samples <= MAX_PAUSE_SAMPLES:
        raise TemplateError(offset, f"pause of {value}{unit} is out of range", "use 1 ms to 60 s")
    return int(samples)


def parse_template(source: str) -> Template:
    """Parse markup; raises TemplateError at the first mistake."""
    parts: list[Part] = []
    buf: list[str] = []
    offs: list[int] = []
    emphasis_open: int | None = None

    def flush() -> None:
        if buf:
            parts.append(Literal("".join(buf), tuple(offs)))
            buf.clear()
            offs.clear()

    i = 0
    n = len(source)
    while i < n:
        ch = source[i]
        if ch == "\\" and i + 1 < n and source[i + 1] in _ESCAPABLE:
            buf.append(source[i + 1])
            offs.append(i)
            i += 2
            continue
        if ch == "{":
            end = source.find("}", i + 1)
            if end < 0:
                raise TemplateError(i, "'{' is never closed", "write {price} or \\{ for a brace")
            m = _PLACEHOLDER.match(source[i + 1 : end])
            if not m or m.group(1) not in FIELDS:
                raise TemplateError(
                    i,
                    f"unknown placeholder {source[i : end + 1]}",
                    "use {name}, {price}, {original_price} or {stock}, optionally {price:商品名}",
                )
            flush()
            parts.append(Placeholder(m.group(1), (m.group(2) or "").strip(), i, end + 1))
            i = end + 1
            continue
        if ch == "}":
            raise TemplateError(i, "'}' without '{'", "write \\} for a brace")
        if ch == "[":
            end = source.find("]", i + 1)
            if end < 0:
                raise TemplateError(i, "'[' is never closed", "write [pause 500ms] or \\[")
            m = _PAUSE.match(source[i + 1 : end].strip())
            if not m:
                raise TemplateError(
                    i,
                    f"unknown mark {source[i : end + 1]}",
                    "the only mark is [pause 500ms] / [pause 1.5s]; write \\[ for a bracket",
                )
            flush()
            parts.append(PauseMark(_pause_samples(m.group(1), m.group(2), i), i))
            i = end + 1
            continue
        if ch == "]":
            raise TemplateError(i, "']' without '['", "write \\] for a bracket")
        if ch == "*":
            flush()
            if emphasis_open is None:
                emphasis_open = i
                parts.append(Emphasis(True, i))
            else:
                emphasis_open = None
                parts.append(Emphasis(False, i))
            i += 1
            continue
        if ch == "\n" and emphasis_open is not None:
            raise TemplateError(emphasis_open, "emphasis '*' is not closed on its line")
        buf.append(ch)
        offs.append(i)
        i += 1
    if emphasis_open is not None:
        raise TemplateError(emphasis_open, "emphasis '*' is never closed", "write \\* for a star")
    flush()
    return Template(source, tuple(parts))


class MissingFact(LookupError):
    """A placeholder cannot be filled; ``offset`` points at it in the template."""

    def __init__(self, offset: int, message: str, hint: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message
        self.hint = hint


def _value(ph: Placeholder, product: Product, language: str, bare: bool) -> str:
    if ph.field == "name":
        return product.name
    if ph.field == "stock":
        if product.stock is None:
            raise MissingFact(
                ph.start,
                f"{{stock}}: product '{product.name}' has no stock figure",
                "fill the stock column of the catalogue or remove {stock}",
            )
        return str(product.stock)
    cents = product.price if ph.field == "price" else product.original_price
    if cents is None:
        raise MissingFact(
            ph.start,
            f"{{original_price}}: product '{product.name}' has no original price",
            "fill the original_price column of the catalogue or remove the placeholder",
        )
    return format_amount(cents) if bare else format_price(cents, product.currency, language)


def render(
    template: Template, context: Product | None, lookup: Callable[[str], Product | None]
) -> Spoken:
    """Fill placeholders and strip markup. Raises MissingFact for an unknown product."""
    language = template.language
    text: list[str] = []
    src: list[int] = []
    pauses: list[tuple[int, int]] = []
    emphasis: list[tuple[int, int]] = []
    products: list[str] = [context.name] if context else []
    open_at = 0
    parts = template.parts
    for k, part in enumerate(parts):
        if isinstance(part, Literal):
            text.append(part.text)
            src.extend(part.offsets)
        elif isinstance(part, Placeholder):
            if part.product:
                product = lookup(part.product)
                if product is None:
                    raise MissingFact(
                        part.start,
                        f"{template.source[part.start : part.end]}: no product named "
                        f"'{part.product}' in the catalogue",
                        "import the product first or correct the name",
                    )
            elif context is None:
                raise MissingFact(
                    part.start,
                    f"{template.source[part.start : part.end]} has no product to take it from",
                    "put a product switch before this line or write {price:商品名}",
                )
            else:
                product = context
            if product.name not in products:
                products.append(product.name)
            prev = parts[k - 1] if k > 0 else None
            nxt = parts[k + 1] if k + 1 < len(parts) else None
            bare = (isinstance(prev, Literal) and prev.text[-1:] in "¥￥$") or (
                isinstance(nxt, Literal) and nxt.text[:1] in "元块"
            )
            value = _value(part, product, language, bare)
            text.append(value)
            src.extend([part.start] * len(value))
        elif isinstance(part, PauseMark):
            pauses.append((len(src), part.samples))
        elif isinstance(part, Emphasis):
            if part.opening:
                open_at = len(src)
            elif len(src) > open_at:
                emphasis.append((open_at, len(src)))
    return Spoken("".join(text), tuple(src), tuple(pauses), tuple(emphasis), tuple(products))
