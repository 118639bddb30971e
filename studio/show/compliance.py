"""Compliance of one text item, before anything is spoken.

``check_text`` parses the template, fills it from the catalogue, and reports:
markup mistakes and missing products (rule ``markup`` / ``product``; the text cannot be
spoken at all), absolute terms (``absolute-term``; blocking unless approved) and
product facts that the catalogue does not back (``price``, ``discount``, ``promotion``,
``stock``; always blocking: fix the line or the catalogue).

Approvals are keyed by the template text and the term, so an approval survives a price
change (the template is the same) but not an edit of the line.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from studio.show.facts import check_facts
from studio.show.findings import Finding
from studio.show.markup import MissingFact, Spoken, TemplateError, parse_template, render
from studio.show.products import Product
from studio.show.terms import TermList
from studio.speech.chunk import too_long

Lookup = Callable[[str], Product | None]
Approvals = Callable[[str, str], str]  # (template, term) -> who approved, "" if nobody


def no_approvals(template: str, term: str) -> str:
    return ""


def text_key(template: str) -> str:
    """The key approvals are stored under: sha256 of the template as written."""
    return hashlib.sha256(template.strip().encode("utf-8")).hexdigest()


def term_key(term: str) -> str:
    return unicodedata.normalize("NFKC", term).lower().strip()


@dataclass(frozen=True)
class TextCheck:
    """The result for one text: what would be spoken and every finding.

    ``source_starts[i]`` is the template offset of ``findings[i]`` (for file:line:col).
    """

    template: str
    spoken: Spoken | None
    findings: tuple[Finding, ...]
    source_starts: tuple[int, ...]

    @property
    def blocked(self) -> bool:
        return self.spoken is None or any(f.blocking for f in self.findings)

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.blocking)


def _token_at(template: str, offset: int) -> str:
    """The placeholder or mark starting at ``offset`` (or the one character there)."""
    closing = {"{": "}", "[": "]"}.get(template[offset : offset + 1])
    if closing:
        end = template.find(closing, offset)
        if end > 0:
            return template[offset : end + 1]
    return template[offset : offset + 1]


def check_text(
    template: str,
    context: str,
    lookup: Lookup,
    terms: TermList,
    approvals: Approvals = no_approvals,
) -> TextCheck:
    """Check one text item whose product in context is ``context`` ("" for none)."""
    if reason := too_long(template):
        finding = Finding(
            "length", template[:20] + "…", 0, len(template), reason, "split it into several lines"
        )
        return TextCheck(template, None, (finding,), (0,))
    try:
        parsed = parse_template(template)
    except TemplateError as exc:
        finding = Finding(
            "markup",
            _token_at(template, exc.offset),
            exc.offset,
            exc.offset + 1,
            exc.message,
            exc.hint,
        )
        return TextCheck(template, None, (finding,), (exc.offset,))
    product: Product | None = None
    if context:
        product = lookup(context)
        if product is None:
            finding = Finding(
                "product",
                context,
                0,
                0,
                f"the product switch names '{context}', which is not in the catalogue",
                "import the product first or correct the name",
            )
            return TextCheck(template, None, (finding,), (0,))
    try:
        spoken = render(parsed, product, lookup)
    except MissingFact as exc:
        finding = Finding(
            "product",
            _token_at(template, exc.offset),
            exc.offset,
            exc.offset + 1,
            exc.message,
            exc.hint,
        )
        return TextCheck(template, None, (finding,), (exc.offset,))
    findings: list[Finding] = []
    for f in terms.scan(spoken.text):
        who = approvals(template, term_key(f.term))
        findings.append(f.approved(who) if who else f)
    products = [p for name in spoken.products if (p := lookup(name)) is not None]
    findings += check_facts(spoken.text, products)
    findings.sort(key=lambda f: (f.start, f.rule))
    return TextCheck(
        template,
        spoken,
        tuple(findings),
        tuple(spoken.source_offset(f.start) for f in findings),
    )


def describe(finding: Finding) -> str:
    """One line for people: the term, what is wrong, what to do."""
    text = f"{finding.term} [{finding.rule}] {finding.message}"
    if finding.suggestion:
        text += f"; suggestion: {finding.suggestion}"
    if finding.approved_by:
        text += f" (approved by {finding.approved_by})"
    return text
