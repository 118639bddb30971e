"""The audience can move the rotation: a product asked about plays after the script on
air, never by cutting a script midway."""

from __future__ import annotations

from studio.show.items import ItemKind, Playlist, Script, ScriptItem
from studio.show.queue import Queue
from studio.show.store import ShowStore

from .conftest import CUP, MUG, SCARF


def _script(name: str, product: str, *lines: str) -> Script:
    items = [ScriptItem(ItemKind.PRODUCT, product=product)]
    items += [ScriptItem(ItemKind.TEXT, text=line, product=product) for line in lines]
    return Script(name, tuple(items))


def test_a_product_asked_about_comes_after_the_script_on_air(store: ShowStore) -> None:
    store.upsert_products([CUP, SCARF, MUG])
    store.save_scripts(
        [
            _script("A", CUP.name, "杯子第一句。", "杯子第二句。"),
            _script("B", SCARF.name, "围巾讲解。"),
            _script("C", MUG.name, "This mug travels well."),
        ],
        [Playlist("day", ("A", "B", "C"))],
    )
    q = Queue(store)
    assert q.start().item.product == CUP.name  # A's product switch
    assert q.advance().text == "杯子第一句。"
    assert q.bring_forward(MUG.name, actor="audience") == ""  # midway through A: A finishes
    assert q.advance().text == "杯子第二句。"  # A's last line is on air
    assert q.bring_forward(SCARF.name) == ""  # B plays next anyway
    assert q.bring_forward(MUG.name, actor="audience") == "C"
    assert [e.describe() for e in q.peek(2)] == [f"[product {MUG.name}]", "This mug travels well."]
    assert q.advance().item.product == MUG.name
    assert q.advance().text == "This mug travels well."
    rows = store.audit_rows(kind="rotation")
    assert len(rows) == 1 and rows[0]["actor"] == "audience" and rows[0]["product"] == MUG.name
    # after C the rotation goes on from C (B was skipped this pass), keys stay unique
    assert q.advance().item.product == CUP.name
    keys = [row["detail"] for row in store.audit_rows(kind="broadcast")]
    assert len(keys) == len(set(keys))


def test_nothing_moves_without_a_script_for_the_product(store: ShowStore) -> None:
    store.upsert_products([CUP, SCARF])
    store.save_scripts([_script("A", CUP.name, "只有杯子。")], [Playlist("day", ("A",))])
    q = Queue(store)
    q.start()
    q.advance()
    assert q.bring_forward(SCARF.name) == ""
    assert store.audit_rows(kind="rotation") == []
