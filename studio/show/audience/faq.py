"""The merchant's facts and answers beyond the catalogue: sizes, colours, material,
shipping, after-sales, and her own questions and answers, per product and for the shop.

Two file formats hold the same thing (``assets/demo/faq.toml`` documents the TOML one):

- TOML: ``[shop]`` with ``shipping``, ``postage``, ``after_sales``, ``deflection`` and
  ``[[shop.faq]]`` entries (``ask`` = ways viewers ask, ``answer``); ``[[product]]`` with
  ``name`` and the same fields plus ``aliases``, ``sizes``, ``colours``, ``material``,
  ``size_chart`` and ``[[product.faq]]``.
- CSV (a sheet is easier for some): columns ``product``, ``question``, ``answer`` (or 商品,
  问题, 回答). An empty product is the shop. A question that names a fact (尺码, 颜色, 材质,
  发货, 包邮, 售后, 尺码表, 别名, 兜底 or the English field names) sets that fact; any other
  question is an FAQ entry whose ways of asking are separated by ``|``.

The window's FAQ table edits the CSV form (``rows``/``from_rows``) and saves TOML.
Reading collects every problem with its place before anything is used (all or nothing).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from studio.core.errors import InputError
from studio.core.paths import write_private
from studio.core.textfile import read_text_file

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

DEFAULT_DEFLECTION = "详细参数可以点开小黄车看看哦。"
LIST_FIELDS = ("aliases", "sizes", "colours")
TEXT_FIELDS = ("material", "shipping", "postage", "after_sales", "size_chart")
SHOP_FIELDS = ("shipping", "postage", "after_sales", "deflection")
#: Fact names a CSV row or the window's table may use in the question column.
FACT_NAMES: dict[str, str] = {
    "别名": "aliases", "叫法": "aliases", "尺码": "sizes", "规格": "sizes", "尺寸": "sizes",
    "颜色": "colours", "颜色分类": "colours", "材质": "material", "面料": "material",
    "成分": "material", "发货": "shipping", "快递": "shipping", "包邮": "postage",
    "运费": "postage", "售后": "after_sales", "退换": "after_sales", "尺码表": "size_chart",
    "尺码建议": "size_chart", "兜底": "deflection", "兜底话术": "deflection",
    **{f: f for f in (*LIST_FIELDS, *TEXT_FIELDS, "deflection", "colors")},
}  # fmt: skip
_COLUMNS = {
    "product": ("product", "商品", "商品名", "商品名称"),
    "question": ("question", "问题", "问法", "ask"),
    "answer": ("answer", "回答", "答案", "回复"),
}
_SPLIT = re.compile(r"\s*[|｜；;\n]\s*")


@dataclass(frozen=True)
class FaqEntry:
    """A question the merchant answers: the ways viewers ask it and her answer (a
    template: {name} {price} … are filled from the catalogue)."""

    asks: tuple[str, ...]
    answer: str
    product: str = ""  # "" for the shop


@dataclass(frozen=True)
class ProductFacts:
    name: str
    aliases: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    colours: tuple[str, ...] = ()
    material: str = ""
    shipping: str = ""
    postage: str = ""
    after_sales: str = ""
    size_chart: str = ""
    faq: tuple[FaqEntry, ...] = ()


@dataclass(frozen=True)
class ShopFacts:
    shipping: str = ""
    postage: str = ""
    after_sales: str = ""
    deflection: str = DEFAULT_DEFLECTION
    faq: tuple[FaqEntry, ...] = ()


@dataclass(frozen=True)
class Faq:
    shop: ShopFacts = ShopFacts()
    products: tuple[ProductFacts, ...] = ()
    source: str = ""
    _index: dict[str, ProductFacts] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({p.name: p for p in self.products})

    def facts(self, product: str) -> ProductFacts:
        """The product's facts (empty ones when the file says nothing about it)."""
        return self._index.get(product) or ProductFacts(product)

    def entries(self, product: str = "") -> list[FaqEntry]:
        """The product's own questions first, then the shop's."""
        own = list(self._index[product].faq) if product in self._index else []
        return own + list(self.shop.faq)

    def unknown_products(self, catalogue: set[str]) -> list[str]:
        return [p.name for p in self.products if p.name not in catalogue]


# ---------------------------------------------------------------------------- reading


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _list(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else _SPLIT.split(str(value))
    return tuple(t for v in items if (t := _text(v)))


class _Problems(list):
    def add(self, where: str, message: str) -> None:
        self.append(f"{where}: {message}")


def _entries(raw: Any, where: str, product: str, problems: _Problems) -> tuple[FaqEntry, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.add(where, "must be a list of [[...faq]] tables")
        return ()
    out = []
    for i, item in enumerate(raw, start=1):
        here = f"{where} {i}"
        if not isinstance(item, dict):
            problems.add(here, "not a table")
            continue
        unknown = set(item) - {"ask", "answer"}
        if unknown:
            problems.add(here, f"unknown key(s) {', '.join(sorted(unknown))}; use ask and answer")
        asks, answer = _list(item.get("ask")), _text(item.get("answer"))
        if not asks:
            problems.add(here, 'needs \'ask\': how viewers ask it, e.g. ["能机洗吗", "机洗"]')
        if not answer:
            problems.add(here, "needs 'answer': what the presenter says")
        if asks and answer:
            out.append(FaqEntry(asks, answer, product))
    return tuple(out)


def parse_faq_toml(text: str, source: str) -> Faq:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{source}: {exc}", hint="fix the TOML syntax") from None
    problems = _Problems()
    unknown = set(data) - {"schema", "shop", "product"}
    if unknown:
        problems.add(source, f"unknown section(s) {', '.join(sorted(unknown))}; use [shop] and "
                     "[[product]]")  # fmt: skip
    shop_raw = data.get("shop", {})
    if not isinstance(shop_raw, dict):
        problems.add(source, "[shop] must be a table")
        shop_raw = {}
    bad = set(shop_raw) - {*SHOP_FIELDS, "faq"}
    if bad:
        problems.add("[shop]", f"unknown key(s) {', '.join(sorted(bad))}; known: "
                     f"{', '.join(SHOP_FIELDS)}, faq")  # fmt: skip
    shop = ShopFacts(
        **{f: _text(shop_raw.get(f)) for f in SHOP_FIELDS if f != "deflection"},
        deflection=_text(shop_raw.get("deflection")) or DEFAULT_DEFLECTION,
        faq=_entries(shop_raw.get("faq"), "[[shop.faq]]", "", problems),
    )
    products: list[ProductFacts] = []
    seen: set[str] = set()
    for i, raw in enumerate(data.get("product", []), start=1):
        where = f"[[product]] {i}"
        if not isinstance(raw, dict):
            problems.add(where, "not a table")
            continue
        name = _text(raw.get("name"))
        if not name:
            problems.add(where, "needs 'name': the product's name as in the catalogue")
            continue
        where = f"[[product]] {name}"
        if name in seen:
            problems.add(where, "appears twice; keep one [[product]] per product")
        seen.add(name)
        bad = set(raw) - {"name", *LIST_FIELDS, *TEXT_FIELDS, "faq", "colors"}
        if bad:
            problems.add(where, f"unknown key(s) {', '.join(sorted(bad))}; known: name, "
                         f"{', '.join(LIST_FIELDS + TEXT_FIELDS)}, faq")  # fmt: skip
        for key in LIST_FIELDS:
            if key in raw and not isinstance(raw[key], list):
                problems.add(where, f'\'{key}\' must be a list, e.g. {key} = ["S", "M"]')
        products.append(
            ProductFacts(
                name=name,
                aliases=_list(raw.get("aliases")),
                sizes=_list(raw.get("sizes")),
                colours=_list(raw.get("colours", raw.get("colors"))),
                **{f: _text(raw.get(f)) for f in TEXT_FIELDS},
                faq=_entries(raw.get("faq"), f"[[product.faq]] of {name}", name, problems),
            )
        )
    if problems:
        raise _error(source, problems)
    return Faq(shop, tuple(products), source)


def _error(source: str, problems: list[str]) -> InputError:
    shown = "\n  ".join(problems[:30])
    more = f"\n  … and {len(problems) - 30} more" if len(problems) > 30 else ""
    return InputError(
        f"{source}: {len(problems)} problem(s), nothing was loaded:\n  {shown}{more}",
        hint="fix the listed entries (assets/demo/faq.toml shows the format) and load it again",
    )


@dataclass(frozen=True)
class FaqRow:
    """One row of the sheet form: a fact (question names it) or a question and answer."""

    product: str
    question: str
    answer: str


def from_rows(rows: list[FaqRow], source: str = "table") -> Faq:
    """The FAQ that a sheet of rows describes (see the module docstring)."""
    problems = _Problems()
    shop: dict[str, Any] = {"faq": []}
    products: dict[str, dict[str, Any]] = {}
    for i, row in enumerate(rows, start=1):
        where = f"{source}: row {i}"
        product, question, answer = _text(row.product), _text(row.question), _text(row.answer)
        if not (product or question or answer):
            continue
        if not question or not answer:
            problems.add(where, "needs both a question (or a fact name) and an answer")
            continue
        target = shop if not product else products.setdefault(product, {"faq": []})
        fact = FACT_NAMES.get(question.lower()) or FACT_NAMES.get(question)
        fact = "colours" if fact == "colors" else fact
        if fact == "deflection" and product:
            problems.add(where, "the deflection is for the whole shop: leave the product empty")
        elif fact in ("aliases", "sizes", "colours", "size_chart", "material") and not product:
            problems.add(where, f"'{question}' is a product fact: name the product")
        elif fact in LIST_FIELDS:
            target[fact] = _list(answer)
        elif fact:
            target[fact] = answer
        else:
            target["faq"].append(FaqEntry(_list(question), answer, product))
    if problems:
        raise _error(source, problems)
    facts = [
        ProductFacts(name=name, **{**v, "faq": tuple(v["faq"])}) for name, v in products.items()
    ]
    shop_facts = ShopFacts(**{k: v for k, v in shop.items() if k != "faq"}, faq=tuple(shop["faq"]))
    if not shop_facts.deflection:
        shop_facts = replace(shop_facts, deflection=DEFAULT_DEFLECTION)
    return Faq(shop_facts, tuple(facts), source)


def rows(faq: Faq) -> list[FaqRow]:
    """The sheet form of ``faq`` (facts first, then questions, shop before products)."""
    out: list[FaqRow] = []
    names = {"shipping": "发货", "postage": "包邮", "after_sales": "售后", "deflection": "兜底",
             "aliases": "别名", "sizes": "尺码", "colours": "颜色", "material": "材质",
             "size_chart": "尺码表"}  # fmt: skip
    for f in SHOP_FIELDS:
        value = getattr(faq.shop, f)
        if value and not (f == "deflection" and value == DEFAULT_DEFLECTION):
            out.append(FaqRow("", names[f], value))
    out += [FaqRow("", " | ".join(e.asks), e.answer) for e in faq.shop.faq]
    for p in faq.products:
        for f in (*LIST_FIELDS, *TEXT_FIELDS):
            value = getattr(p, f)
            if value:
                out.append(FaqRow(p.name, names[f], " | ".join(value) if f in LIST_FIELDS
                                  else value))  # fmt: skip
        out += [FaqRow(p.name, " | ".join(e.asks), e.answer) for e in p.faq]
    return out


def parse_faq_csv(text: str, source: str) -> Faq:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InputError(f"{source} is empty", hint="the first row names the columns: "
                         "product, question, answer") from None  # fmt: skip
    except csv.Error as exc:
        raise InputError(f"{source}: line 1: {exc}", hint="fix the header row") from None
    index: dict[str, int] = {}
    for col, names in _COLUMNS.items():
        for i, h in enumerate(header):
            if h.lower() in names or h in names:
                index[col] = i
    if set(index) != set(_COLUMNS):
        raise InputError(
            f"{source}: the header needs the columns product, question and answer "
            f"(or 商品, 问题, 回答); it has: {', '.join(header)}",
            hint="name the three columns in the first row",
        )
    out: list[FaqRow] = []
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                out.append(FaqRow("", "", ""))
                continue
            cells = cells + [""] * (len(header) - len(cells))
            out.append(FaqRow(*(cells[index[c]] for c in ("product", "question", "answer"))))
    except csv.Error as exc:
        raise InputError(f"{source}: line {reader.line_num}: {exc}", hint="fix the row") from None
    return from_rows(out, source)


def read_faq(path: Path) -> Faq:
    """The FAQ of a .toml or .csv file."""
    if not path.is_file():
        raise InputError(f"cannot read {path}: no such file", hint="check the FAQ path")
    suffix = path.suffix.lower()
    if suffix not in (".toml", ".csv"):
        raise InputError(f"{path.name}: an FAQ must be a .toml or .csv file")
    text = read_text_file(
        path, "FAQ file", fallback=("gb18030",) if suffix == ".csv" else (),
        hint="save it as UTF-8 and load it again",
    )  # fmt: skip
    faq = parse_faq_toml(text, path.name) if suffix == ".toml" else parse_faq_csv(text, path.name)
    return replace(faq, source=str(path))


# ---------------------------------------------------------------------------- writing


def _s(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a valid TOML basic string


def _faq_lines(entries: tuple[FaqEntry, ...], table: str) -> list[str]:
    lines: list[str] = []
    for e in entries:
        lines += ["", f"  [[{table}]]", f"  ask = [{', '.join(_s(a) for a in e.asks)}]",
                  f"  answer = {_s(e.answer)}"]  # fmt: skip
    return lines


def faq_toml(faq: Faq) -> str:
    """``faq`` as a TOML file that ``read_faq`` reads back to the same values."""
    lines = ["# Facts and answers for viewers' questions (see assets/demo/faq.toml).", "",
             "schema = 1", "", "[shop]"]  # fmt: skip
    for f in SHOP_FIELDS:
        if getattr(faq.shop, f):
            lines.append(f"{f} = {_s(getattr(faq.shop, f))}")
    lines += _faq_lines(faq.shop.faq, "shop.faq")
    for p in faq.products:
        lines += ["", "[[product]]", f"name = {_s(p.name)}"]
        for f in LIST_FIELDS:
            if getattr(p, f):
                lines.append(f"{f} = [{', '.join(_s(v) for v in getattr(p, f))}]")
        for f in TEXT_FIELDS:
            if getattr(p, f):
                lines.append(f"{f} = {_s(getattr(p, f))}")
        lines += _faq_lines(p.faq, "product.faq")
    return "\n".join(lines) + "\n"


def write_faq(path: Path, faq: Faq) -> Path:
    """Save ``faq`` as TOML, atomically (the old file stays until the new one is whole)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    write_private(tmp, faq_toml(faq))
    tmp.replace(path)
    return path
