"""Product facts in a line (prices, discounts, promotions, stock) must match the catalogue.

The checked text is what will be spoken (placeholders already filled). Claims are found
with patterns that read Chinese and Arabic numerals alike (九十九元 == ¥99 == 99元), and
each is compared with the products the line is about:

- a money amount must be the price, the original price, or the saving (original - price)
  of one of them — times N when "N件/N瓶…" comes right before it in the same clause
  ("两件198元"); "一百多块" accepts any amount from 100 up to (not incl.) 200;
- a discount (8折, 八五折, 85折, 半价, 20% off) must round to price / original price at
  the precision it was said (8折: within 0.05; 8.5折: within 0.005) and must not promise
  a deeper cut than the real one beyond rounding to 0.01 (a real 8.4折 is not "8折");
- a promotion (满300减50, 3件8折, 买二送一, 第二件半价, 满99包邮) must be listed in the
  product's ``promotions`` (compared after writing all numbers the same way); amounts
  inside a listed promotion are not checked again as prices;
- a stock claim (仅剩3件, 最后一件, 库存只有50件, only 3 left, last one) must equal the
  catalogue stock; 限量N件 must be at least the stock;
- any such claim in a line with no product is itself a finding: it cannot be verified.

"块" is read as money only where it cannot be a measure word (三块香皂): before 钱, a
digit (九块九), punctuation or the end of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from studio.show.findings import Finding
from studio.show.money import cents_from_fraction, format_amount, format_price
from studio.show.numerals import NUMBER, parse_number
from studio.show.products import Product
from studio.show.terms import normalise

NUM = NUMBER
_DIGIT1 = r"[0-9一二两三四五六七八九]"
_MEASURE = r"(?:件|单|份|个|套|台|瓶|盒|支|双|条|箱|袋|只|组|罐|包|斤|杯)"
_PUNCT = r"[，。！？、；：,.!?;:\n]"

_MONEY = re.compile(
    rf"(?P<sym>[¥$])\s*(?P<n1>{NUM})"
    rf"|(?P<n2>{NUM})\s*(?P<approx>多)?\s*"
    rf"(?P<unit>元|块钱|块(?=钱|{_DIGIT1}|\s*(?:{_PUNCT}|$))|美元|美金|rmb|yuan|dollars?|usd)"
    rf"(?:\s*(?P<jiao>{_DIGIT1})\s*[毛角]?)?"
    rf"|(?:rmb|cny|usd)\s*(?P<n3>{NUM})",
)
_DISCOUNT = re.compile(
    rf"(?:打\s*)?(?P<n>{NUM})\s*折(?!叠|扣|腾|磨|射|线|旧|合|算|纸|痕)"
    r"|(?P<half>半价|half[-\s]price)"
    r"|(?P<pct>\d{1,2}(?:\.\d)?)\s*%\s*off"
)
_PROMOTIONS = [
    re.compile(
        rf"满\s*{NUM}\s*(?:元|块钱?)?\s*(?:立减|再减|减|送|赠|打|包邮|免邮|可用)"
        rf"(?:\s*{NUM}\s*(?:元|块钱?|折)?)?"
    ),
    re.compile(rf"{NUM}\s*件\s*{NUM}\s*折"),
    re.compile(rf"买\s*{NUM}\s*(?:件|个|瓶|盒)?\s*(?:送|赠)\s*{NUM}"),
    re.compile(rf"第\s*{NUM}\s*件\s*(?:半价|免费|{NUM}\s*(?:折|元|块))"),
    re.compile(r"buy\s+(?:\d+|one|two|three)\s+get\s+(?:\d+|one|two|three)(?:\s+free)?"),
]
_EN_NUMBERS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
}
_EN_NUM = r"(?:\d+|" + "|".join(_EN_NUMBERS) + ")"
_STOCK_EXACT = [
    re.compile(rf"(?:仅|只|还|就)?\s*(?:剩下?|余下?)\s*(?:最后)?\s*(?P<n>{NUM})\s*{_MEASURE}"),
    re.compile(rf"最后\s*(?:的)?\s*(?P<n>{NUM})\s*{_MEASURE}"),
    re.compile(rf"库存\s*(?:只有|仅有|仅|只|还有|就|还剩|剩)?\s*(?P<n>{NUM})\s*{_MEASURE}?"),
    re.compile(rf"only\s+(?P<n>{_EN_NUM})\s+(?:[a-z]+\s+)?(?:left|remaining)"),
    re.compile(rf"last\s+(?P<n>{_EN_NUM})\s+(?:pieces?|units?|items?|ones?|left|in\s+stock)"),
    re.compile(r"(?P<n>last\s+one)\b"),
    re.compile(rf"(?P<n>{_EN_NUM})\s+left\s+in\s+stock"),
]
_STOCK_LIMIT = re.compile(rf"限量\s*(?P<n>{NUM})\s*{_MEASURE}?")
_COUNT_BEFORE = re.compile(rf"(?P<k>{NUM})\s*{_MEASURE}[^，。！？、；,.!?;\n]{{0,8}}$")
_CANON_UNIT = re.compile(r"(?:元|块钱|块)(?![0-9])")


@dataclass(frozen=True)
class _Line:
    text: str  # original
    norm: str  # NFKC + lower
    index: list[int]  # norm offset -> original offset

    def span(self, start: int, end: int) -> tuple[int, int, str]:
        s, e = self.index[start], self.index[end - 1] + 1
        return s, e, self.text[s:e]


def _number(text: str) -> Fraction | None:
    if text.startswith("last"):
        return Fraction(1)
    if text in _EN_NUMBERS:
        return Fraction(_EN_NUMBERS[text])
    try:
        return parse_number(text)
    except ValueError:
        return None


def _fmt(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    cents = cents_from_fraction(value)
    return format_amount(cents) if cents is not None else str(float(value))


def canonical(text: str) -> tuple[str, list[int]]:
    """Numbers in Arabic, no spaces, no 元/块 after amounts: 满三百元减五十 -> 满300减50."""
    out: list[str] = []
    idx: list[int] = []
    pos = 0
    number = re.compile(NUM)
    for m in number.finditer(text):
        for i in range(pos, m.start()):
            out.append(text[i])
            idx.append(i)
        value = _number(m.group())
        rendered = _fmt(value) if value is not None else m.group()
        out.append(rendered)
        idx.extend([m.start()] * len(rendered))
        pos = m.end()
        unit = _CANON_UNIT.match(text, pos)
        if unit:
            pos = unit.end()
    for i in range(pos, len(text)):
        out.append(text[i])
        idx.append(i)
    keep = [(c, i) for c, i in zip("".join(out), idx, strict=True) if not c.isspace()]
    return "".join(c for c, _ in keep), [i for _, i in keep]


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < e and s < end for s, e in spans)


def _no_product(line: _Line, start: int, end: int, rule: str, what: str) -> Finding:
    s, e, term = line.span(start, end)
    return Finding(
        rule=rule,
        term=term,
        start=s,
        end=e,
        message=f"'{term}' is a {what} claim, but this line has no product to check it against",
        suggestion="put a product switch before this line, or use {price:商品名} / {stock:商品名}",
    )


def _promotions(
    line: _Line, products: list[Product], masked: list[tuple[int, int]]
) -> list[Finding]:
    ctext, cidx = canonical(line.norm)
    verified: list[tuple[int, int]] = []
    for product in products:
        for promo in product.promotions:
            ptext, _ = canonical(normalise(promo)[0])
            if not ptext:
                continue
            at = ctext.find(ptext)
            while at >= 0:
                verified.append((cidx[at], cidx[at + len(ptext) - 1] + 1))
                at = ctext.find(ptext, at + 1)
    masked.extend(verified)
    findings = []
    for pattern in _PROMOTIONS:
        for m in pattern.finditer(line.norm):
            if _overlaps(masked, m.start(), m.end()):
                continue
            masked.append(m.span())
            if not products:
                findings.append(_no_product(line, m.start(), m.end(), "promotion", "promotion"))
                continue
            s, e, term = line.span(*m.span())
            listed = "; ".join(p for product in products for p in product.promotions) or "none"
            findings.append(
                Finding(
                    rule="promotion",
                    term=term,
                    start=s,
                    end=e,
                    message=f"promotion '{term}' is not in the catalogue for "
                    f"{', '.join(p.name for p in products)} (listed: {listed})",
                    suggestion="add it to the product's promotions in the catalogue, or remove it",
                )
            )
    return findings


def _stock(line: _Line, products: list[Product], masked: list[tuple[int, int]]) -> list[Finding]:
    findings = []
    claims = [(p, True) for p in _STOCK_EXACT] + [(_STOCK_LIMIT, False)]
    for pattern, exact in claims:
        for m in pattern.finditer(line.norm):
            if _overlaps(masked, m.start(), m.end()):
                continue
            masked.append(m.span())
            claimed = _number(m.group("n"))
            if claimed is None:
                continue
            if not products:
                findings.append(_no_product(line, m.start(), m.end(), "stock", "stock"))
                continue
            known = [p for p in products if p.stock is not None]
            ok = any(p.stock == claimed if exact else p.stock <= claimed for p in known)
            if ok:
                continue
            s, e, term = line.span(*m.span())
            if not known:
                message = (
                    f"stock claim '{term}' but the catalogue has no stock figure for "
                    f"{', '.join(p.name for p in products)}"
                )
                suggestion = "fill the stock column, or drop the claim"
            else:
                actual = ", ".join(f"{p.name}: {p.stock}" for p in known)
                message = f"stock claim '{term}' does not match the catalogue ({actual})"
                suggestion = "say {stock} instead of a typed number, or correct the catalogue"
            findings.append(Finding("stock", term, s, e, message, suggestion))
    return findings


def _discount_of(m: re.Match[str]) -> tuple[Fraction, Fraction] | None:
    """(claimed price/original ratio, precision) of a discount match."""
    if m.group("half"):
        return Fraction(1, 2), Fraction(1, 10)
    if m.group("pct"):
        pct = Fraction(m.group("pct"))
        return 1 - pct / 100, Fraction(1, 100)
    raw = m.group("n")
    value = _number(raw)
    if value is None or value <= 0:
        return None
    if value < 10:
        one_digit = value.denominator == 1
        return value / 10, Fraction(1, 10) if one_digit else Fraction(1, 100)
    if value < 100 and value.denominator == 1:
        return value / 100, Fraction(1, 100)  # 85折 / 八五折
    return None


def _discount_ok(actual: Fraction, claimed: Fraction, precision: Fraction) -> bool:
    """Rounds to the claim at the precision said, and never promises more than is given
    (a real 8.4折 is not "8折", a real 7.96折 may be called 8折)."""
    return abs(actual - claimed) <= precision / 2 and actual <= claimed + Fraction(1, 200)


def _discounts(
    line: _Line, products: list[Product], masked: list[tuple[int, int]]
) -> list[Finding]:
    findings = []
    for m in _DISCOUNT.finditer(line.norm):
        if _overlaps(masked, m.start(), m.end()):
            continue
        claim = _discount_of(m)
        if claim is None:
            continue
        masked.append(m.span())
        if not products:
            findings.append(_no_product(line, m.start(), m.end(), "discount", "discount"))
            continue
        ratio, precision = claim
        priced = [p for p in products if p.original_price]
        if any(_discount_ok(Fraction(p.price, p.original_price), ratio, precision) for p in priced):
            continue
        s, e, term = line.span(*m.span())
        if not priced:
            message = f"discount '{term}' but the catalogue has no original price for " + ", ".join(
                p.name for p in products
            )
            suggestion = "fill the original_price column, or drop the discount"
        else:
            actual = ", ".join(
                f"{p.name}: {format_amount(p.price)}/{format_amount(p.original_price or 0)}"
                f" = {float(Fraction(p.price, p.original_price or 1) * 10):.2f}折"
                for p in priced
            )
            message = f"discount '{term}' does not match the catalogue ({actual})"
            suggestion = "correct the discount or the catalogue prices"
        findings.append(Finding("discount", term, s, e, message, suggestion))
    return findings


def _money_value(m: re.Match[str]) -> tuple[Fraction, str, bool] | None:
    """(amount, currency, approximate) of a money match."""
    raw = m.group("n1") or m.group("n2") or m.group("n3")
    value = _number(raw)
    if value is None:
        return None
    marker = (m.group("sym") or m.group("unit") or m.group(0)[:3]).lower()
    currency = (
        "USD" if marker in ("$", "美元", "美金", "usd") or marker.startswith("dollar") else "CNY"
    )
    if m.group("jiao"):
        jiao = _number(m.group("jiao"))
        if jiao is not None:
            value += jiao / 10
    return value, currency, bool(m.group("approx"))


def _amounts(product: Product, k: int) -> list[int]:
    values = [product.price]
    if product.original_price:
        values += [product.original_price, product.original_price - product.price]
    return [v * k for v in values]


def _money(line: _Line, products: list[Product], masked: list[tuple[int, int]]) -> list[Finding]:
    findings = []
    for m in _MONEY.finditer(line.norm):
        if _overlaps(masked, m.start(), m.end()):
            continue
        parsed = _money_value(m)
        if parsed is None:
            continue
        value, currency, approx = parsed
        if not products:
            findings.append(_no_product(line, m.start(), m.end(), "price", "price"))
            continue
        before = _COUNT_BEFORE.search(line.norm[max(0, m.start() - 16) : m.start()])
        k = 1
        if before:
            count = _number(before.group("k"))
            k = (
                int(count)
                if count is not None and count.denominator == 1 and 0 < count <= 100
                else 1
            )
        candidates = [
            a for p in products if p.currency == currency for a in _amounts(p, k) + _amounts(p, 1)
        ]
        cents = value * 100
        if approx and value.denominator == 1 and value >= 10:
            step = 10 ** (len(str(value.numerator)) - len(str(value.numerator).rstrip("0")))
            hi = (value + step) * 100
            ok = any(cents <= a < hi for a in candidates)
        else:
            ok = cents in candidates
        if ok:
            continue
        s, e, term = line.span(m.start(), m.end())
        facts = "; ".join(
            f"{p.name}: {format_price(p.price, p.currency, 'zh')}"
            + (
                f", original {format_price(p.original_price, p.currency, 'zh')}"
                if p.original_price
                else ""
            )
            for p in products
        )
        findings.append(
            Finding(
                "price",
                term,
                s,
                e,
                f"'{term}' does not match the catalogue ({facts})",
                "write {price} / {original_price} instead of typing amounts, "
                "or list the offer in the product's promotions",
            )
        )
    return findings


def check_facts(text: str, products: list[Product]) -> list[Finding]:
    """Every price, discount, promotion and stock claim in ``text`` that the catalogue
    does not back, with offsets into ``text``."""
    norm, index = normalise(text)
    if not norm:
        return []
    line = _Line(text, norm, index)
    masked: list[tuple[int, int]] = []
    findings = _promotions(line, products, masked)
    findings += _stock(line, products, masked)
    findings += _discounts(line, products, masked)
    findings += _money(line, products, masked)
    findings.sort(key=lambda f: f.start)
    return findings
