"""Catalogue import/export: row-level errors with line and column, all or nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from studio.core.errors import InputError
from studio.core.paths import assets_dir
from studio.show.importer import import_file
from studio.show.products import (
    products_json,
    read_products,
    write_products_csv,
)
from studio.show.store import ShowStore

HEADER = "name,price,original_price,currency,stock,stock_note,selling_points,images,tryon_asset,promotions\n"


def test_demo_catalogue_reads_exactly() -> None:
    products = read_products(assets_dir() / "demo" / "products.csv")
    assert len(products) == 4
    coffee = next(p for p in products if p.name == "云南小粒咖啡豆")
    assert coffee.price == 5990 and coffee.original_price is None and coffee.stock == 200
    cup = next(p for p in products if p.name == "316不锈钢保温杯")
    assert cup.selling_points == ("316不锈钢内胆", "保温12小时", "一键开盖，单手就能喝")
    assert cup.promotions == ("满300减50",)
    assert all(Path(i).is_absolute() for i in cup.images)  # resolved against the CSV folder


def test_every_bad_row_is_reported_and_nothing_is_imported(
    tmp_path: Path, store: ShowStore
) -> None:
    store.upsert_products(read_products(assets_dir() / "demo" / "products.csv"))
    before = store.products()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        HEADER
        + "新品A,99,,,10,,,,,\n"  # fine
        + "新品B,9x9,,,,,,,,\n"  # line 3: bad price
        + ",10,,,,,,,,\n"  # line 4: no name
        + "新品C,50,40,,,,,,,\n"  # line 5: original < price
        + "新品D,10,,EUR,,,,,,\n"  # line 6: currency
        + "新品E,10,,,lots,,,,,\n"  # line 7: stock
        + "新品A,12,,,,,,,,\n"  # line 8: duplicate
        + "新品F,10,20\n",  # line 9: wrong cell count
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        import_file(store, bad)
    message = err.value.message
    assert "nothing was imported" in message
    for expected in (
        "line 3, column 'price': '9x9' is not a price",
        "line 4, column 'name'",
        "line 5, column 'original_price'",
        "line 6, column 'currency': unknown currency 'EUR'",
        "line 7, column 'stock'",
        "line 8, column 'name': duplicate product name '新品A' (first at line 2)",
        "line 9: 3 cells but the header has 10",
    ):
        assert expected in message
    assert store.products() == before  # not even the good row 新品A


def test_unknown_column_and_missing_price_column(tmp_path: Path) -> None:
    f = tmp_path / "p.csv"
    f.write_text("name,prise\n杯子,99\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_products(f)
    assert "unknown column 'prise'" in err.value.message
    assert "needs at least the columns 'name' and 'price'" in err.value.message


def test_chinese_headers_and_gbk_from_excel(tmp_path: Path) -> None:
    f = tmp_path / "excel.csv"
    f.write_text("商品名,价格,原价,库存,卖点\n保温杯,89,129,12,保温 | 轻\n", encoding="gb18030")
    (p,) = read_products(f)
    assert (p.name, p.price, p.original_price, p.stock, p.selling_points) == (
        "保温杯",
        8900,
        12900,
        12,
        ("保温", "轻"),
    )


def test_json_numbers_stay_exact(tmp_path: Path) -> None:
    f = tmp_path / "p.json"
    f.write_text(json.dumps({"products": [{"name": "咖啡", "price": 59.9}]}), encoding="utf-8")
    (p,) = read_products(f)
    assert p.price == 5990
    f.write_text('{"products": [{"name": "咖啡", "price": 59.999}]}', encoding="utf-8")
    with pytest.raises(InputError, match="product 1, column 'price'"):
        read_products(f)
    f.write_text('{"products": [{"name": "咖啡", "price": 1}', encoding="utf-8")
    with pytest.raises(InputError, match="line 1, column"):
        read_products(f)


def test_export_round_trips(tmp_path: Path, store: ShowStore) -> None:
    store.upsert_products(read_products(assets_dir() / "demo" / "products.csv"))
    products = store.products()
    buf = io.StringIO()
    write_products_csv(products, buf)
    (tmp_path / "out.csv").write_text(buf.getvalue(), encoding="utf-8")
    (tmp_path / "out.json").write_text(products_json(products), encoding="utf-8")
    assert read_products(tmp_path / "out.csv") == products
    assert read_products(tmp_path / "out.json") == products


def test_reimport_updates_by_name(tmp_path: Path, store: ShowStore) -> None:
    f = tmp_path / "p.csv"
    f.write_text("name,price\n杯子,99\n", encoding="utf-8")
    assert import_file(store, f).added == 1
    f.write_text("name,price\n杯子,89\n盘子,10\n", encoding="utf-8")
    result = import_file(store, f)
    assert (result.added, result.updated) == (1, 1)
    assert store.product("杯子").price == 8900


def test_negative_and_float_prices_read_as_sentences(tmp_path: Path) -> None:
    """Each reason names its value once, in words that read ("price '-5' cannot be ...")."""
    f = tmp_path / "p.csv"
    f.write_text("name,price,original_price\n杯子,-5,\n壶,10,-20\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_products(f)
    message = err.value.message
    assert "line 2, column 'price': price '-5' cannot be negative; write it like 99" in message
    assert "line 3, column 'original_price': price '-20' cannot be negative;" in message
    j = tmp_path / "p.json"
    j.write_text('{"products": [{"name": "杯子", "price": -5}, {"name": "壶", "price": 9.999}]}')
    with pytest.raises(InputError) as err:
        read_products(j)
    message = err.value.message
    assert "price '-5' cannot be negative" in message
    assert "'9.999' is not a price; write it like 99 or 99.90 (at most 2 decimals)" in message
    assert " is price" not in message and " is a price" not in message
