"""Answers from facts: a template per intent, filled from the catalogue and the FAQ.

What the presenter says about a product is never guessed. Each answer is a script-line
template: the catalogue's figures go in as placeholders ({price}, {original_price},
{stock}; filled and checked again when the line plays, so a price changed meanwhile is
said right or not at all), and the FAQ's facts as literal words. When no fact answers the
question, or the product is unknown, the answer is the shop's deflection ("详细参数可以
点开小黄车看看哦") with the reason, for the operator. ``speakable`` runs the same
compliance check as any script line and falls back to the deflection when it blocks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from studio.show.audience.faq import Faq
from studio.show.audience.nlu import Understanding
from studio.show.compliance import TextCheck, check_text, describe
from studio.show.money import format_price
from studio.show.products import Product
from studio.show.terms import TermList

_MARKUP = str.maketrans({c: "\\" + c for c in "*[]{}\\"})
_COURIERS = ("快递", "顺丰", "中通", "圆通", "韵达", "申通", "邮政", "京东", "极兔")
NEEDS_PRODUCT = ("price", "discount", "stock", "size", "colour", "material", "features")
Lookup = Callable[[str], Product | None]


def escape(text: str) -> str:
    """Literal words in a template: markup characters escaped (a fact is never markup)."""
    return text.translate(_MARKUP)


@dataclass(frozen=True)
class Answer:
    """What the presenter would say to a question, and why.

    ``template``: the line (placeholders filled at play time from ``product``);
    ``kind``: answer | deflect; ``facts``: which facts it states; ``reason``: how it was
    found, or why it is a deflection.
    """

    kind: str
    intent: str
    product: str
    template: str
    facts: tuple[str, ...] = ()
    reason: str = ""

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "intent": self.intent,
            "product": self.product,
            "template": self.template,
            "facts": list(self.facts),
            "reason": self.reason,
        }


def deflection(faq: Faq, intent: str, product: str, reason: str) -> Answer:
    return Answer("deflect", intent, product, faq.shop.deflection, (), reason)


def _joined(items: tuple[str, ...]) -> str:
    return "、".join(escape(i) for i in items)


def _price(p: Product, variant: int) -> tuple[str, tuple[str, ...]]:
    facts = ("price",) + (("original_price",) if p.original_price else ())
    if variant % 2:
        tail = "，原价是{original_price}" if p.original_price else ""
        return "{name}今天只要{price}" + tail + "，喜欢的可以直接拍。", facts
    tail = "，原价{original_price}" if p.original_price else ""
    return "{name}现在直播间价{price}" + tail + "。", facts


def _discount(p: Product) -> tuple[str, tuple[str, ...]]:
    if p.promotions:
        was = "，原价{original_price}" if p.original_price else ""
        facts = ("promotions", "price") + (("original_price",) if p.original_price else ())
        return f"{{name}}现在有{_joined(p.promotions)}的活动，直播间价{{price}}{was}。", facts
    if p.original_price:
        saving = format_price(p.original_price - p.price, p.currency, "zh")
        return (
            f"{{name}}直播间价{{price}}，比原价{{original_price}}便宜了{saving}。",
            ("price", "original_price"),
        )
    return "{name}现在就是直播间价{price}，暂时没有别的活动。", ("price", "promotions")


def _stock(p: Product) -> tuple[str, tuple[str, ...]] | None:
    if p.stock is None:
        return None
    if p.stock == 0:
        return "{name}已经卖完了，可以先看看别的宝贝。", ("stock",)
    return "{name}库存还有{stock}件，喜欢的抓紧拍。", ("stock",)


def _norm_size(s: str) -> str:
    return s.lower().replace(" ", "").replace("ml", "毫升").replace("cm", "厘米")


def _size(u: Understanding, faq: Faq) -> tuple[str, tuple[str, ...]] | None:
    facts = faq.facts(u.product)
    if u.size_advice and facts.size_chart:
        return "{name}的尺码建议：" + escape(facts.size_chart), ("size_chart",)
    if not facts.sizes:
        return None
    sizes = _joined(facts.sizes)
    known = {_norm_size(s) for s in facts.sizes}
    asked = [s for s in u.asked_sizes if s]
    missing = [s.upper() for s in asked if _norm_size(s) not in known]
    if asked and not missing:
        shown = "、".join(s.upper() for s in asked)
        return f"有的，{{name}}有{sizes}，{escape(shown)}可以放心拍。", ("sizes",)
    if missing:
        return f"{{name}}只有{sizes}，没有{escape('、'.join(missing))}哦。", ("sizes",)
    if len(facts.sizes) == 1:
        return f"{{name}}的规格是{sizes}。", ("sizes",)
    lettered = any(s.upper().rstrip("L").rstrip("X") in ("", "S", "M") for s in facts.sizes)
    unit = "个尺码" if lettered else "种规格"
    return f"{{name}}有{sizes}，一共{len(facts.sizes)}{unit}。", ("sizes",)


def _colour(u: Understanding, faq: Faq) -> tuple[str, tuple[str, ...]] | None:
    colours = faq.facts(u.product).colours
    if not colours:
        return None
    listed = _joined(colours)
    asked = list(u.asked_colours)
    if asked and not any(c in col for c in asked for col in colours):
        return f"{{name}}有{listed}，暂时没有{escape(asked[0])}色哦。", ("colours",)
    lead = "有的，" if asked else ""
    return f"{lead}{{name}}有{listed}，一共{len(colours)}种颜色。", ("colours",)


def _shop_or_product(
    own: str, shop: str, fact: str, product: str
) -> tuple[str, tuple[str, ...]] | None:
    if own:
        return "{name}" + escape(own), (fact,)
    if shop:
        return escape(shop), (f"shop.{fact}",)
    return None


def _shipping(u: Understanding, faq: Faq) -> tuple[str, tuple[str, ...]] | None:
    facts = faq.facts(u.product) if u.product else None
    if u.postage:
        return _shop_or_product(facts.postage if facts else "", faq.shop.postage, "postage",
                                u.product)  # fmt: skip
    own = facts.shipping if facts else ""
    parts, used = [], []
    if own:
        parts.append("{name}" + escape(own))
        used.append("shipping")
    if faq.shop.shipping and not any(c in own for c in _COURIERS):
        parts.append(escape(faq.shop.shipping))
        used.append("shop.shipping")
    return ("".join(parts), tuple(used)) if parts else None


def compose(u: Understanding, product: Product | None, faq: Faq, variant: int = 0) -> Answer:
    """The answer to a question read as ``u`` (``product`` is the catalogue's entry for
    ``u.product``, None when there is none)."""
    intent, name = u.intent, (product.name if product else "")
    if intent in NEEDS_PRODUCT and product is None:
        why = (
            f"'{u.product}' is not in the catalogue"
            if u.product
            else "no product named in the question and none on the card"
        )
        return deflection(faq, intent, "", why)
    found: tuple[str, tuple[str, ...]] | None = None
    if intent == "price":
        found = _price(product, variant)
    elif intent == "discount":
        found = _discount(product)
    elif intent == "stock":
        found = _stock(product)
    elif intent == "size":
        found = _size(u, faq)
    elif intent == "colour":
        found = _colour(u, faq)
    elif intent == "material":
        material = faq.facts(name).material
        found = ("{name}的材质：" + escape(material), ("material",)) if material else None
    elif intent == "features":
        points = product.selling_points
        found = ("{name}的亮点：" + "，".join(escape(s) for s in points) + "。",
                 ("selling_points",)) if points else None  # fmt: skip
    elif intent == "shipping":
        found = _shipping(u, faq)
    elif intent == "after_sales":
        found = _shop_or_product(faq.facts(name).after_sales if name else "",
                                 faq.shop.after_sales, "after_sales", name)  # fmt: skip
    elif intent == "link":
        found = (
            ("{name}就在小黄车里，点开就能拍。", ("link",))
            if name
            else ("喜欢的宝宝点开小黄车就能拍哦。", ("link",))
        )
    elif intent == "faq" and u.faq is not None:
        name = u.faq.product or name
        return Answer("answer", intent, name, u.faq.answer, (f"faq:{u.faq.asks[0]}",), u.why)
    if found is None:
        what = {"other": "no fact or FAQ entry covers this question"}.get(
            intent, f"the FAQ has no {intent} fact for {name or 'the shop'}"
        )
        return deflection(faq, intent, name, what)
    template, facts = found
    uses_name = "{name}" in template
    return Answer("answer", intent, name if uses_name or name else "", template, facts, u.why)


def address(masked_names: list[str], total: int = 0) -> str:
    """How the presenter addresses the askers: "张**，" / "张**、李**，" / "张**等3位朋友，"."""
    names = [n for n in masked_names if n]
    total = max(total, len(names))
    if not names:
        return "" if total <= 1 else f"这{total}位朋友问到的，"
    if total > 2:
        return f"{escape(names[0])}等{total}位朋友，"
    return "、".join(escape(n) for n in names[:2]) + "，"


@dataclass(frozen=True)
class Checked:
    """An answer after the compliance check: the words to be spoken, or why not."""

    answer: Answer
    spoken: str
    check: TextCheck | None = None
    replaced: str = ""  # why the original answer was replaced by the deflection


def speakable(
    answer: Answer, faq: Faq, lookup: Lookup, terms: TermList, prefix: str = ""
) -> Checked:
    """``answer`` (with ``prefix`` before it) checked like a script line; when it
    blocks, the deflection instead (and when that blocks too, nothing: spoken is "")."""
    first = check_text(prefix + answer.template, answer.product, lookup, terms)
    if not first.blocked and first.spoken is not None:
        return Checked(answer, first.spoken.text, first)
    why = "; ".join(describe(f) for f in first.blocking) or "the line cannot be filled"
    fallback = replace(deflection(faq, answer.intent, answer.product, f"blocked: {why}"),
                       product="")  # fmt: skip
    second = check_text(prefix + fallback.template, "", lookup, terms)
    if not second.blocked and second.spoken is not None:
        return Checked(fallback, second.spoken.text, second, why)
    return Checked(fallback, "", second, why)
