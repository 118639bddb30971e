"""Prices, discounts, promotions and stock claims must match the catalogue."""

from __future__ import annotations

import pytest

from studio.show.facts import check_facts

# 保温杯: 89 yuan, original 129, stock 120, promotion 满300减50


@pytest.mark.parametrize(
    "text",
    [
        "只要八十九元",
        "只要¥89",
        "只要89元",
        "只要八十九块钱",
        "原价一百二十九元，现价89元，立省40元",
        "两件一百七十八元",  # 2 x 89
        "八十多块就能拿到",  # approximate: 80 <= 89 < 90
        "满三百元减五十元",  # listed promotion, written in Chinese numerals
        "打7折",  # 89/129 = 0.69 -> 7折 within rounding and not a deeper cut
        "库存还有120件",
        "限量200件",  # 120 <= 200
        "三块香皂",  # 块 as a measure word is not money
        "保温12小时，容量500毫升",
    ],
)
def test_true_claims_pass(catalogue, text: str) -> None:
    assert check_facts(text, [catalogue["保温杯"]]) == []


@pytest.mark.parametrize(
    ("text", "rule", "term"),
    [
        ("只要七十九元", "price", "七十九元"),
        ("只要¥79", "price", "¥79"),
        ("九块九秒杀", "price", "九块九"),
        ("打六折", "discount", "打六折"),  # a deeper cut than the real 6.9折
        ("打八折", "discount", "打八折"),
        ("满200减20", "promotion", "满200减20"),
        ("买一送一", "promotion", "买一送一"),
        ("仅剩3件", "stock", "仅剩3件"),
        ("最后一件", "stock", "最后一件"),
        ("限量50件", "stock", "限量50件"),
        ("only 3 left", "stock", "only 3 left"),
        ("just $89", "price", "$89"),  # right number, wrong currency
    ],
)
def test_false_claims_block(catalogue, text: str, rule: str, term: str) -> None:
    findings = check_facts(text, [catalogue["保温杯"]])
    assert [(f.rule, f.term) for f in findings] == [(rule, term)]
    assert all(f.blocking and text[f.start : f.end] == f.term for f in findings)


def test_last_one_is_true_when_one_is_left(catalogue) -> None:
    scarf = catalogue["真丝围巾"]
    assert check_facts("最后一件了，第二件半价", [scarf]) == []
    assert check_facts("八折", [scarf])[0].rule == "discount"  # 199/299 = 6.66折
    assert check_facts("Only one left, just $19.99", [catalogue["Travel Mug"]]) != []  # stock is 3


def test_claims_without_a_product_cannot_be_verified() -> None:
    findings = check_facts("只要99元，仅剩3件，打八折", [])
    assert [f.rule for f in findings] == ["price", "stock", "discount"]
    assert all("no product" in f.message for f in findings)


def test_discount_needs_an_original_price(catalogue) -> None:
    (finding,) = check_facts("打八折", [catalogue["Travel Mug"]])
    assert "no original price" in finding.message
