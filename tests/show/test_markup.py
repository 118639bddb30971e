"""The script markup: placeholders from the catalogue, pauses in samples, emphasis."""

from __future__ import annotations

import pytest

from studio.core.timeline import SAMPLE_RATE
from studio.show.markup import MissingFact, TemplateError, parse_template, render
from studio.show.products import Product


def fill(text: str, catalogue: dict[str, Product], context: str = "保温杯"):
    return render(parse_template(text), catalogue.get(context), catalogue.get)


def test_placeholders_fill_from_the_product_in_context(catalogue) -> None:
    spoken = fill("{name}原价{original_price}，现在{price}，还有{stock}件", catalogue)
    assert spoken.text == "保温杯原价129元，现在89元，还有120件"
    assert spoken.products == ("保温杯",)


def test_explicit_product_and_units(catalogue) -> None:
    spoken = fill("围巾只要{price:真丝围巾}，杯子¥{price}，或者{price}元", catalogue)
    assert spoken.text == "围巾只要199元，杯子¥89，或者89元"
    assert spoken.products == ("保温杯", "真丝围巾")


def test_english_lines_and_dollars(catalogue) -> None:
    assert fill("Only {price} today", catalogue).text == "Only 89 yuan today"
    assert fill("Only {price} today", catalogue, "Travel Mug").text == "Only $19.99 today"


def test_pauses_are_integer_samples_at_their_offset(catalogue) -> None:
    spoken = fill("大家好[pause 500ms]欢迎[pause 1.5s]来到[pause]直播间", catalogue)
    assert spoken.text == "大家好欢迎来到直播间"
    assert spoken.pauses == (
        (3, SAMPLE_RATE // 2),
        (5, SAMPLE_RATE * 3 // 2),
        (7, SAMPLE_RATE * 3 // 10),
    )


def test_emphasis_and_escapes(catalogue) -> None:
    spoken = fill("这款*保温12小时*，价格\\*不变\\[真的\\]", catalogue)
    assert spoken.text == "这款保温12小时，价格*不变[真的]"
    assert spoken.emphasis == ((2, 8),)
    # every spoken character maps back to where it was written
    template = "这款*保温12小时*"
    spoken = fill(template, catalogue)
    assert [template[i] for i in spoken.source_offsets] == list(spoken.text)


@pytest.mark.parametrize(
    ("text", "offset", "message"),
    [
        ("价格{prise}", 2, "unknown placeholder {prise}"),
        ("价格{price", 2, "never closed"),
        ("好[pouse 5s]", 1, "unknown mark [pouse 5s]"),
        ("好[pause 99s]", 1, "out of range"),
        ("这是*重点", 2, "never closed"),
        ("多余}", 2, "without"),
    ],
)
def test_markup_mistakes_point_at_the_character(text: str, offset: int, message: str) -> None:
    with pytest.raises(TemplateError) as err:
        parse_template(text)
    assert err.value.offset == offset and message in err.value.message


def test_missing_facts_are_errors(catalogue) -> None:
    with pytest.raises(MissingFact, match="no product to take it from"):
        render(parse_template("只要{price}"), None, catalogue.get)
    with pytest.raises(MissingFact, match="no product named '不存在'"):
        fill("只要{price:不存在}", catalogue)
    with pytest.raises(MissingFact, match="has no original price"):
        fill("原价{original_price}", catalogue, "Travel Mug")
