"""The merchant's FAQ: TOML and CSV say the same thing; every mistake is listed."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.core.errors import InputError
from studio.show.audience.faq import FaqRow, from_rows, read_faq, rows, write_faq

CSV = """商品,问题,回答
,发货,默认发中通快递。
,发票 | 开票,可以开电子发票。
,兜底,详细参数可以问问客服哦。
轻薄羽绒服,尺码,S | M | L | XL
轻薄羽绒服,颜色,黑色 | 米白色
轻薄羽绒服,材质,填充90%白鸭绒。
轻薄羽绒服,能机洗吗 | 机洗,可以机洗。
"""


def test_csv_and_toml_hold_the_same_faq(faq_file) -> None:
    faq = read_faq(faq_file(CSV, "faq.csv"))
    jacket = faq.facts("轻薄羽绒服")
    assert jacket.sizes == ("S", "M", "L", "XL") and jacket.colours == ("黑色", "米白色")
    assert jacket.material == "填充90%白鸭绒。"
    assert [e.asks for e in faq.entries("轻薄羽绒服")] == [("能机洗吗", "机洗"), ("发票", "开票")]
    assert faq.shop.shipping == "默认发中通快递。"
    assert faq.shop.deflection == "详细参数可以问问客服哦。"
    saved = write_faq(faq_file("", "saved.toml"), faq)
    again = read_faq(saved)
    assert again.shop == faq.shop and again.products == faq.products
    assert from_rows(rows(faq)).products == faq.products


def test_a_product_the_file_does_not_know_has_empty_facts(demo_faq) -> None:
    assert demo_faq.facts("面膜").sizes == ()
    assert demo_faq.unknown_products({"316不锈钢保温杯"}) == [
        "桑蚕丝印花丝巾",
        "轻薄羽绒服",
        "云南小粒咖啡豆",
    ]


def test_every_mistake_is_listed_and_nothing_loaded(faq_file) -> None:
    text = """
[shop]
shiping = "typo"

[[shop.faq]]
ask = ["发票"]

[[product]]
name = "轻薄羽绒服"
sizes = "S M L"
"""
    with pytest.raises(InputError) as info:
        read_faq(faq_file(text))
    message = info.value.message
    assert "3 problem(s)" in message
    assert (
        "shiping" in message and "needs 'answer'" in message and "'sizes' must be a list" in message
    )


def test_a_table_row_missing_its_answer_is_named() -> None:
    with pytest.raises(InputError, match="row 2: needs both"):
        from_rows([FaqRow("", "发货", "中通"), FaqRow("轻薄羽绒服", "尺码", "")])
    with pytest.raises(InputError, match="is a product fact"):
        from_rows([FaqRow("", "尺码", "S | M")])


def test_other_files_are_refused(tmp_path: Path) -> None:
    (tmp_path / "faq.xlsx").write_bytes(b"PK")
    with pytest.raises(InputError, match=".toml or .csv"):
        read_faq(tmp_path / "faq.xlsx")
