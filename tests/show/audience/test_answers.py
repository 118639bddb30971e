"""Answers come from the catalogue and the FAQ, pass the compliance check, and fall back
to the deflection when no fact answers or a fact is wrong."""

from __future__ import annotations

from dataclasses import replace

import pytest

from studio.show.audience.answers import compose, speakable
from studio.show.audience.faq import FaqEntry
from studio.show.audience.nlu import Matcher
from studio.show.terms import load_terms

CARD = "轻薄羽绒服"


def say(catalogue, faq, text: str, card: str = CARD):
    matcher = Matcher(catalogue, faq)
    by_name = {p.name: p for p in catalogue}
    u = matcher.understand(text, card)
    answer = compose(u, by_name.get(u.product), faq)
    return u, speakable(answer, faq, by_name.get, load_terms())


@pytest.mark.parametrize(
    ("text", "card", "intent", "says"),
    [
        ("多少钱", CARD, "price", "轻薄羽绒服现在直播间价399元，原价599元。"),
        ("有XL码吗", CARD, "size", "有的，轻薄羽绒服有S、M、L、XL，XL可以放心拍。"),
        ("这件有没有XXL", CARD, "size", "轻薄羽绒服只有S、M、L、XL，没有XXL哦。"),
        ("有优惠吗", "316不锈钢保温杯", "discount", "316不锈钢保温杯现在有满300减50的活动"),
        ("还有货吗", "云南小粒咖啡豆", "stock", "云南小粒咖啡豆库存还有200件"),
        ("包邮吗", "云南小粒咖啡豆", "shipping", "云南小粒咖啡豆满99包邮。"),
        ("有蓝色吗", "316不锈钢保温杯", "colour", "暂时没有蓝色哦"),
        ("能机洗吗", CARD, "faq", "可以机洗，选轻柔模式"),
        ("保温被多少钱", "", "price", "316不锈钢保温杯现在直播间价89元"),  # a typo
    ],
)
def test_questions_are_answered_from_the_facts(catalogue, demo_faq, text, card, intent, says):
    u, checked = say(catalogue, demo_faq, text, card)
    assert u.intent == intent
    assert checked.answer.kind == "answer" and says in checked.spoken


def test_the_price_said_is_the_catalogue_price_when_it_plays(catalogue, demo_faq) -> None:
    """The answer is a template: a price changed in the catalogue is what is said."""
    cheaper = [replace(p, price=35900) if p.name == CARD else p for p in catalogue]
    _, checked = say(cheaper, demo_faq, "多少钱")
    assert "359元" in checked.spoken and "399" not in checked.spoken


def test_no_product_and_no_fact_give_the_deflection(catalogue, demo_faq) -> None:
    _, checked = say(catalogue, demo_faq, "多少钱", card="")
    assert checked.answer.kind == "deflect" and checked.spoken == demo_faq.shop.deflection
    assert "no product" in checked.answer.reason
    _, checked = say(catalogue, demo_faq, "有什么颜色", card="云南小粒咖啡豆")
    assert checked.answer.kind == "deflect" and "no colour fact" in checked.answer.reason
    _, checked = say(catalogue, demo_faq, "漏水吗", card="316不锈钢保温杯")
    assert checked.answer.kind == "deflect"


def test_a_wrong_fact_in_the_faq_is_never_spoken(catalogue, demo_faq) -> None:
    """The merchant wrote a price into an answer that the catalogue does not back."""
    wrong = FaqEntry(("机洗",), "可以机洗，今天只要199元！", CARD)
    jacket = demo_faq.facts(CARD)
    products = tuple(replace(p, faq=(wrong,)) if p.name == CARD else p for p in demo_faq.products)
    faq = replace(demo_faq, products=products, _index={})
    u, checked = say(catalogue, faq, "能机洗吗")
    assert u.intent == "faq" and jacket.faq  # matched the merchant's entry ...
    assert checked.answer.kind == "deflect" and "199" not in checked.spoken  # ... not said
    assert "price" in checked.replaced


def test_an_absolute_term_in_the_faq_is_never_spoken(catalogue, demo_faq) -> None:
    wrong = FaqEntry(("机洗",), "这是全网最低价的羽绒服。", CARD)
    products = tuple(replace(p, faq=(wrong,)) if p.name == CARD else p for p in demo_faq.products)
    _, checked = say(catalogue, replace(demo_faq, products=products, _index={}), "能机洗吗")
    assert checked.answer.kind == "deflect" and "最低" not in checked.spoken
