"""Compliance findings of the stored scripts, and the two ways to clear one (no Qt here).

Every text item of every script is checked against the catalogue and the term list as
they are now (what the queue will do when the line comes up). A finding is cleared by
*approving* it (absolute terms only, with who and why; audited) or by *fixing* the line:
the script is saved with the new text, which is checked first and refused while it still
blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from studio.core.errors import InputError
from studio.show.compliance import check_text, describe
from studio.show.findings import Finding
from studio.show.items import ItemKind
from studio.show.store import ShowStore
from studio.show.terms import TermList


@dataclass(frozen=True)
class FindingRow:
    script: str
    item: int  # 0-based position in the script
    template: str  # the line as written
    product: str
    finding: Finding

    @property
    def blocking(self) -> bool:
        return self.finding.blocking


def scan(store: ShowStore, terms: TermList) -> list[FindingRow]:
    """Every finding in the stored scripts; blocking ones first."""
    rows: list[FindingRow] = []
    for script in store.scripts():
        for index, item in enumerate(script.items):
            if item.kind is not ItemKind.TEXT:
                continue
            result = check_text(item.text, item.product, store.product, terms, store.approver)
            for f in result.findings:
                rows.append(FindingRow(script.name, index, item.text, item.product, f))
    rows.sort(key=lambda r: (not r.blocking, r.script, r.item))
    return rows


def approve(store: ShowStore, row: FindingRow, actor: str, reason: str) -> None:
    if not row.finding.approvable:
        raise InputError(
            f"{row.finding.rule} findings cannot be approved",
            hint="a wrong price, discount or stock figure must be fixed in the line or the catalogue",
        )
    store.approve(row.template, row.finding.term, actor, reason)


def fix_line(store: ShowStore, terms: TermList, row: FindingRow, new_text: str) -> None:
    """Replace the line in its script, if the new text no longer blocks."""
    new_text = new_text.strip()
    if not new_text:
        raise InputError("the new line is empty", hint="write what the presenter should say")
    result = check_text(new_text, row.product, store.product, terms, store.approver)
    if result.blocked:
        lines = "; ".join(describe(f) for f in result.blocking)
        raise InputError(f"the new line still blocks: {lines}", hint="reword it and try again")
    script = store.script(row.script)
    if script is None or row.item >= len(script.items):
        raise InputError(
            f"script {row.script!r} changed meanwhile", hint="refresh the list and try again"
        )
    items = list(script.items)
    if items[row.item].text != row.template:
        raise InputError(
            f"line {row.item + 1} of {row.script!r} changed meanwhile",
            hint="refresh the list and try again",
        )
    items[row.item] = replace(items[row.item], text=new_text)
    store.save_scripts([replace(script, items=tuple(items))])
    store.audit(
        "edit",
        text=new_text,
        product=row.product,
        actor="gui",
        detail={"script": row.script, "item": row.item + 1, "old": row.template},
    )
