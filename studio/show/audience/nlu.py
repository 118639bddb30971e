"""A viewer's comment -> what it asks (intent) and about which product.

Lexical, no model weights: the intent comes from the word patterns of ``intents.py``;
the merchant's own questions (FAQ) are matched by exact phrase, by fuzzy similarity
(rapidfuzz) and by shared words (jieba segmentation); the product from the names and
aliases viewers use, a fuzzy match for typos (保温被 -> 保温杯), else the product on the
card. Everything it decides it also explains (``why``), so the operator and
``studio show answer`` can see how a question was read.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from studio.show.audience import intents as I
from studio.show.audience.faq import Faq, FaqEntry
from studio.show.audience.textnorm import fold, is_kept, squeeze
from studio.show.products import Product

log = logging.getLogger(__name__)

FAQ_MIN = 80.0  # similarity (0-100) at which a comment is taken as a merchant's question
FUZZY_PRODUCT_MIN = 66.0  # one character of a three-character alias may be mistyped
#: Words that carry no content when comparing a comment with an FAQ question.
_STOP = "吗 呢 吧 啊 呀 么 嘛 的 了 是 有 能 可以 会 要 我 你 这 那 个 主播 请问 一下 没有 还是 怎么 什么 多少 几 哦 哈 都 也 就 和 跟 给 在 不"
STOPWORDS = frozenset(_STOP.split())

_tokenizer = None
_tokenizer_lock = threading.Lock()


def _jieba():
    """jieba's tokenizer, built once (it loads its dictionary: about a second; nothing is
    downloaded, the dictionary ships inside the package)."""
    global _tokenizer
    with _tokenizer_lock:
        if _tokenizer is None:
            import jieba  # heavy: imported when the first comment is read

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            _tokenizer = tokenizer
        return _tokenizer


def warm_up() -> None:
    """Load the segmenter now (a room calls this at start, not at the first comment)."""
    _jieba()


@dataclass(frozen=True)
class Understanding:
    """How one comment was read."""

    text: str
    intent: str
    question: bool
    product: str = ""
    product_how: str = ""  # named | alias | fuzzy | card | fact | ""
    faq: FaqEntry | None = None
    faq_score: float = 0.0
    asked_sizes: tuple[str, ...] = ()
    asked_colours: tuple[str, ...] = ()
    size_advice: bool = False
    postage: bool = False
    scores: tuple[tuple[str, float], ...] = ()

    @property
    def why(self) -> str:
        parts = [f"intent {self.intent}"]
        if self.faq is not None:
            parts.append(f"FAQ '{self.faq.asks[0]}' ({self.faq_score:.0f}%)")
        if self.product:
            parts.append(f"product {self.product} ({self.product_how})")
        return ", ".join(parts)


@dataclass(frozen=True)
class _Alias:
    text: str
    product: str
    how: str  # named | alias
    weight: float


class Matcher:
    """Reads comments against one catalogue and FAQ. Build it again when they change."""

    def __init__(self, products: Iterable[Product], faq: Faq | None = None) -> None:
        self.products = {p.name: p for p in products}
        self.faq = faq or Faq()
        self.aliases = self._aliases()
        tk = _jieba()
        for alias in self.aliases:  # keep product words whole when segmenting
            tk.add_word(alias.text, freq=2000)
        for entry in self._all_entries():
            for ask in entry.asks:
                for token in self._tokens(ask):
                    if len(token) >= 2:
                        tk.add_word(token, freq=500)

    # -- products -----------------------------------------------------------------------
    def _aliases(self) -> list[_Alias]:
        out: list[_Alias] = []
        tk = _jieba()
        for name in self.products:
            out.append(_Alias(squeeze(name), name, "named", 1.0))
            for alias in self.faq.facts(name).aliases:
                out.append(_Alias(squeeze(alias), name, "alias", 0.9))
            for token in tk.lcut(fold(name)):  # 轻薄羽绒服 -> 羽绒服
                if len(token) >= 2 and not token.isdigit() and token != squeeze(name):
                    out.append(_Alias(token, name, "alias", 0.6))
        seen: dict[str, _Alias] = {}
        for a in sorted(out, key=lambda a: -a.weight):
            if a.text and a.text not in seen:
                seen[a.text] = a
        return sorted(seen.values(), key=lambda a: -len(a.text))

    def named_product(self, flat: str) -> tuple[str, str]:
        """The product a comment names (first mentioned wins), and how it was found."""
        found: list[tuple[int, float, _Alias]] = []
        for a in self.aliases:
            at = flat.find(a.text)
            if at >= 0:
                found.append((at, -a.weight, a))
        if found:
            _, _, best = min(found, key=lambda f: (f[0], f[1]))
            return best.product, best.how
        best_score, best_alias = 0.0, None
        for a in self.aliases:
            if len(a.text) >= 3 and a.weight >= 0.9:
                score = fuzz.partial_ratio(a.text, flat)
                if score > best_score:
                    best_score, best_alias = score, a
        if best_alias is not None and best_score >= FUZZY_PRODUCT_MIN:
            return best_alias.product, "fuzzy"
        return "", ""

    def _by_fact(self, sizes: tuple[str, ...], colours: tuple[str, ...]) -> str:
        """The one product whose sizes or colours hold what was asked, if exactly one."""
        hits = set()
        for name in self.products:
            facts = self.faq.facts(name)
            known_sizes = {s.lower() for s in facts.sizes}
            if sizes and all(s in known_sizes for s in sizes):
                hits.add(name)
            if colours and any(c in col for c in colours for col in facts.colours):
                hits.add(name)
        return hits.pop() if len(hits) == 1 else ""

    # -- FAQ ----------------------------------------------------------------------------
    def _all_entries(self) -> list[FaqEntry]:
        return [*self.faq.shop.faq, *(e for p in self.faq.products for e in p.faq)]

    def _tokens(self, text: str) -> list[str]:
        return [t for t in _jieba().lcut(squeeze(text)) if t not in STOPWORDS and t.strip()]

    def faq_match(self, flat: str, product: str) -> tuple[FaqEntry | None, float]:
        """The merchant's question closest to the comment (the product's, then the
        shop's) with its similarity 0-100."""
        tokens = set(self._tokens(flat))
        best: tuple[FaqEntry | None, float] = (None, 0.0)
        for entry in self.faq.entries(product):
            for ask in entry.asks:
                a = squeeze(ask)
                if not a:
                    continue
                if a in flat:
                    score = 100.0
                else:
                    fits = len(a) >= 4 and len(flat) >= len(a)  # the ask inside the comment
                    score = fuzz.partial_ratio(a, flat) if fits else 0.0
                    ask_tokens = [t for t in self._tokens(a) if len(t) >= 2]
                    if ask_tokens:
                        shared = sum(len(t) for t in ask_tokens if t in tokens)
                        score = max(score, 100.0 * shared / sum(len(t) for t in ask_tokens))
                if score > best[1]:
                    best = (entry, score)
        return best

    # -- the whole comment --------------------------------------------------------------
    def understand(self, text: str, card: str = "") -> Understanding:
        """Read ``text``; ``card`` is the product on screen now ("" for none)."""
        folded = fold(text)
        flat = "".join(ch for ch in folded if is_kept(ch) or ch in "?？%")
        question = I.is_question(flat)
        sizes = tuple(dict.fromkeys(m.group(1) for m in I.SIZE_LETTERS.finditer(flat)))
        sizes += tuple(f"{m.group(1)}{m.group(2)}" for m in I.SIZE_AMOUNT.finditer(flat))
        colours = tuple(dict.fromkeys(a or b for a, b in I.COLOUR_WORD.findall(flat)))
        product, how = self.named_product(flat)
        if not product and card in self.products:
            product, how = card, "card"
        scores = I.scores(flat)
        entry, faq_score = self.faq_match(flat, product)
        intent = max(scores, key=lambda k: (scores[k], -I.INTENTS.index(k))) if scores else ""
        if intent and not question and "smalltalk" in scores:  # 颜色好好看: an exclamation
            intent = "smalltalk"
        elif intent == "smalltalk" and question and scores["smalltalk"] < 2.0:
            intent = ""  # 怎么系好看: a question that merely contains 好看
        if entry is not None and faq_score >= FAQ_MIN:
            generic = scores.get(intent, 0.0)
            if faq_score >= 100.0 or generic < 2.0:
                intent = "faq"
                if entry.product and not product:
                    product, how = entry.product, "alias"
        else:
            entry, faq_score = None, 0.0
        if not intent:
            intent = "other" if question else "smalltalk"
        if intent in ("size", "colour") and not product:
            guess = self._by_fact(sizes, colours)
            if guess:
                product, how = guess, "fact"
        if intent in I.NOT_ANSWERED:
            product, how = "", ""
        return Understanding(
            text=text,
            intent=intent,
            question=question,
            product=product,
            product_how=how,
            faq=entry if intent == "faq" else None,
            faq_score=faq_score if intent == "faq" else 0.0,
            asked_sizes=sizes if intent == "size" else (),
            asked_colours=colours if intent == "colour" else (),
            size_advice=intent == "size" and bool(I.SIZE_ADVICE.search(flat)),
            postage=intent == "shipping" and bool(I.POSTAGE.search(flat)),
            scores=tuple(sorted(scores.items(), key=lambda kv: -kv[1])),
        )
