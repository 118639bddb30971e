"""The product catalogue: one ``Product`` type, read from and written to CSV and JSON.

Reading collects *every* problem with its row and column before anything is stored, so
the caller can import all or nothing. Money is integer cents; JSON numbers are read as
``Decimal`` so 99.9 stays 99.9.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from studio.core.errors import InputError
from studio.core.textfile import read_text_file
from studio.show.money import DEFAULT_CURRENCY, decimal_text, parse_price

#: CSV/JSON columns; each also accepts the Chinese headers a merchant's sheet may have.
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("名称", "商品名", "商品名称", "品名"),
    "price": ("价格", "现价", "售价", "直播价"),
    "original_price": ("原价", "划线价"),
    "currency": ("币种", "货币"),
    "stock": ("库存",),
    "stock_note": ("库存说明", "库存备注"),
    "selling_points": ("卖点",),
    "images": ("图片",),
    "tryon_asset": ("试穿素材", "试穿"),
    "promotions": ("优惠", "促销", "活动"),
}
_ALIASES = {alias: col for col, aliases in COLUMNS.items() for alias in (col, *aliases)}
_CURRENCY_ALIASES = {
    "CNY": "CNY",
    "RMB": "CNY",
    "¥": "CNY",
    "￥": "CNY",
    "元": "CNY",
    "人民币": "CNY",
    "USD": "USD",
    "$": "USD",
    "美元": "USD",
}
_LIST_SPLIT = re.compile(r"\s*[|；;\n]\s*")
_NAME_FORBIDDEN = set("{}:：\n")


@dataclass(frozen=True)
class Product:
    """A product as the show speaks about it. Prices are integer cents (fen)."""

    name: str
    price: int
    original_price: int | None = None
    currency: str = DEFAULT_CURRENCY
    stock: int | None = None
    stock_note: str = ""
    selling_points: tuple[str, ...] = ()
    images: tuple[str, ...] = ()
    tryon_asset: str = ""
    promotions: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Plain JSON; prices as decimal strings ("99.00") so no reader turns them into floats."""
        return {
            "name": self.name,
            "price": decimal_text(self.price),
            "original_price": None
            if self.original_price is None
            else decimal_text(self.original_price),
            "currency": self.currency,
            "stock": self.stock,
            "stock_note": self.stock_note,
            "selling_points": list(self.selling_points),
            "images": list(self.images),
            "tryon_asset": self.tryon_asset,
            "promotions": list(self.promotions),
        }


@dataclass(frozen=True)
class RowProblem:
    """One thing wrong in an input file, located well enough for a person to fix it."""

    file: str
    where: str  # "line 4" (CSV) or "product 3" (JSON)
    column: str
    message: str

    def __str__(self) -> str:
        column = f", column '{self.column}'" if self.column else ""
        return f"{self.file}: {self.where}{column}: {self.message}"


@dataclass
class _RowReader:
    file: str
    where: str
    problems: list[RowProblem] = field(default_factory=list)

    def fail(self, column: str, message: str) -> None:
        self.problems.append(RowProblem(self.file, self.where, column, message))


def problems_error(path: Path, problems: list[RowProblem], what: str = "rows") -> InputError:
    """One InputError listing every problem (at most 30 shown)."""
    shown = "\n  ".join(str(p) for p in problems[:30])
    more = f"\n  … and {len(problems) - 30} more" if len(problems) > 30 else ""
    return InputError(
        f"{path.name}: {len(problems)} problem(s) in {what}, nothing was imported:\n  {shown}{more}",
        hint="fix the listed rows and import the file again (the import is all or nothing)",
    )


def _split_list(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(str(v).strip() for v in value if str(v).strip())
    return tuple(part for part in _LIST_SPLIT.split(str(value).strip()) if part)


def _resolve_path(value: str, base: Path | None) -> str:
    if not value or base is None or "://" in value:
        return value
    path = Path(value).expanduser()
    return str(path if path.is_absolute() else (base / path).resolve())


def _product_from_row(row: dict[str, Any], reader: _RowReader, base: Path | None) -> Product | None:
    """Validate one row (already keyed by canonical column names)."""
    before = len(reader.problems)
    name = str(row.get("name") or "").strip()
    if not name:
        reader.fail("name", "the product has no name; every product needs a unique name")
    elif _NAME_FORBIDDEN & set(name):
        reader.fail(
            "name",
            f"'{name}' contains {{ }} or ':'; remove them (names are used in {{price:name}})",
        )
    price: int | None = None
    raw_price = row.get("price")
    if raw_price is None or str(raw_price).strip() == "":
        reader.fail("price", "no price; write it like 99 or 99.90")
    else:
        try:
            price = parse_price(raw_price)
        except ValueError as exc:
            reader.fail("price", f"{exc}; write it like 99 or 99.90 (at most 2 decimals)")
    original: int | None = None
    raw_original = row.get("original_price")
    if raw_original is not None and str(raw_original).strip() != "":
        try:
            original = parse_price(raw_original)
        except ValueError as exc:
            reader.fail("original_price", f"{exc}; write it like 199 or leave it empty")
        else:
            if price is not None and original < price:
                reader.fail(
                    "original_price",
                    f"original price {raw_original} is lower than the price {raw_price}; "
                    "the original (strike-through) price must be at least the price",
                )
    currency_raw = str(row.get("currency") or "").strip()
    currency = _CURRENCY_ALIASES.get(currency_raw.upper() or DEFAULT_CURRENCY)
    if currency is None:
        reader.fail("currency", f"unknown currency '{currency_raw}'; use CNY or USD")
    stock: int | None = None
    raw_stock = row.get("stock")
    if raw_stock is not None and str(raw_stock).strip() != "":
        text = str(raw_stock).strip()
        if not isinstance(raw_stock, bool) and text.isascii() and text.isdigit():
            stock = int(text)
        else:
            reader.fail(
                "stock",
                f"'{text}' is not a whole number of items; write e.g. 120 or leave it empty",
            )
    if len(reader.problems) > before:
        return None
    assert price is not None and currency is not None
    return Product(
        name=name,
        price=price,
        original_price=original,
        currency=currency,
        stock=stock,
        stock_note=str(row.get("stock_note") or "").strip(),
        selling_points=_split_list(row.get("selling_points")),
        images=tuple(_resolve_path(p, base) for p in _split_list(row.get("images"))),
        tryon_asset=_resolve_path(str(row.get("tryon_asset") or "").strip(), base),
        promotions=_split_list(row.get("promotions")),
    )


def _canonical_keys(
    keys: list[str], file: str, where: str, problems: list[RowProblem]
) -> dict[str, str]:
    """Map the file's headers to canonical column names; unknown or repeated ones are errors."""
    mapping: dict[str, str] = {}
    for key in keys:
        col = _ALIASES.get(key.strip().lower()) or _ALIASES.get(key.strip())
        if col is None:
            problems.append(
                RowProblem(
                    file,
                    where,
                    key,
                    f"unknown column '{key}'; known columns: {', '.join(COLUMNS)}",
                )
            )
        elif col in mapping.values():
            problems.append(RowProblem(file, where, key, f"column '{col}' appears twice"))
        else:
            mapping[key] = col
    return mapping


def _check_duplicates(products: list[tuple[str, Product]], file: str) -> list[RowProblem]:
    seen: dict[str, str] = {}
    problems = []
    for where, product in products:
        if product.name in seen:
            problems.append(
                RowProblem(
                    file,
                    where,
                    "name",
                    f"duplicate product name '{product.name}' (first at {seen[product.name]}); "
                    "names must be unique",
                )
            )
        else:
            seen[product.name] = where
    return problems


def _decode(path: Path) -> str:
    """UTF-8 (with or without BOM), else GB18030 as Excel on a Chinese Windows saves CSV."""
    return read_text_file(
        path,
        "products file",
        fallback=("gb18030",),
        hint="save the sheet as 'CSV UTF-8' and import it again",
    )


def read_products_csv(path: Path) -> list[Product]:
    """All products of a CSV file, or an InputError listing every bad row (nothing partial)."""
    text = _decode(path)
    file = path.name
    reader = csv.reader(io.StringIO(text, newline=""))
    problems: list[RowProblem] = []
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(f"{file} is empty", hint="the first row must name the columns") from None
    except csv.Error as exc:
        raise InputError(f"{file}: line 1: {exc}", hint="fix the header row") from None
    mapping = _canonical_keys(header, file, "line 1", problems)
    if "name" not in mapping.values() or "price" not in mapping.values():
        problems.append(
            RowProblem(
                file, "line 1", "", "the header needs at least the columns 'name' and 'price'"
            )
        )
    if problems:
        raise problems_error(path, problems, "the header")
    products: list[tuple[str, Product]] = []
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(RowProblem(file, f"line {start}", "", f"malformed CSV: {exc}"))
            break
        where = f"line {start}"
        start = reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                RowProblem(
                    file,
                    where,
                    "",
                    f"{len(cells)} cells but the header has {len(header)}; "
                    "quote cells that contain commas",
                )
            )
            continue
        row = {mapping[k]: v for k, v in zip(header, cells, strict=True) if k in mapping}
        rr = _RowReader(file, where)
        product = _product_from_row(row, rr, path.parent)
        problems.extend(rr.problems)
        if product is not None:
            products.append((where, product))
    problems.extend(_check_duplicates(products, file))
    if problems:
        raise problems_error(path, problems)
    return [p for _, p in products]


def read_products_json(path: Path) -> list[Product]:
    """Products from ``{"products": [...]}`` or a bare list; same rules as CSV."""
    try:
        data = json.loads(_decode(path), parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path.name}: line {exc.lineno}, column {exc.colno}: {exc.msg}",
            hint="fix the JSON syntax and import again",
        ) from None
    items = data.get("products") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise InputError(
            f"{path.name} has no product list",
            hint='write {"products": [{"name": ..., "price": "99.00"}, ...]}',
        )
    problems: list[RowProblem] = []
    products: list[tuple[str, Product]] = []
    for i, item in enumerate(items, start=1):
        where = f"product {i}"
        if not isinstance(item, dict):
            problems.append(RowProblem(path.name, where, "", "not an object"))
            continue
        mapping = _canonical_keys(list(item), path.name, where, problems)
        row = {mapping[k]: v for k, v in item.items() if k in mapping}
        rr = _RowReader(path.name, where)
        product = _product_from_row(row, rr, path.parent)
        problems.extend(rr.problems)
        if product is not None:
            products.append((where, product))
    problems.extend(_check_duplicates(products, path.name))
    if problems:
        raise problems_error(path, problems, "products")
    return [p for _, p in products]


def read_products(path: Path) -> list[Product]:
    """Products from a .csv or .json file."""
    if not path.is_file():
        raise InputError(f"cannot read {path}: no such file", hint="check the path")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_products_csv(path)
    if suffix == ".json":
        return read_products_json(path)
    raise InputError(f"{path.name}: products must be a .csv or .json file")


def write_products_csv(products: list[Product], out: io.TextIOBase | Any) -> None:
    """CSV with the canonical header; lists joined with ' | ' (what the reader splits on)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(COLUMNS))
    for p in products:
        writer.writerow(
            [
                p.name,
                decimal_text(p.price),
                "" if p.original_price is None else decimal_text(p.original_price),
                p.currency,
                "" if p.stock is None else p.stock,
                p.stock_note,
                " | ".join(p.selling_points),
                " | ".join(p.images),
                p.tryon_asset,
                " | ".join(p.promotions),
            ]
        )


def products_json(products: list[Product]) -> str:
    return json.dumps({"products": [p.to_json() for p in products]}, ensure_ascii=False, indent=2)
