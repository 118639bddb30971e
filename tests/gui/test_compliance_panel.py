"""Compliance findings in the window: listed from the stored scripts, approved with who
and why, fixed by rewriting the line; a wrong fact cannot be approved away."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.core.errors import InputError
from studio.gui import findings as F
from studio.gui.compliancepanel import CompliancePanel
from studio.gui.showclient import ShowClient
from studio.show.importer import import_file
from studio.show.store import ShowStore
from studio.show.terms import load_terms

SCRIPT = """
[[script]]
name = "促销"
product = "316不锈钢保温杯"

  [[script.item]]
  text = "这是全网最低价的{name}。"

  [[script.item]]
  text = "今天只要9元！"
"""


@pytest.fixture
def risky_db(demo_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "promo.toml"
    path.write_text(SCRIPT, encoding="utf-8")
    with ShowStore(demo_db) as store:
        import_file(store, path)
    return demo_db


def test_findings_are_listed_approved_and_fixed(risky_db: Path) -> None:
    terms = load_terms()
    with ShowStore(risky_db) as store:
        rows = F.scan(store, terms)
        assert [(r.script, r.item, r.finding.rule) for r in rows] == [
            ("促销", 1, "absolute-term"),  # item 0 is the product switch
            ("促销", 2, "price"),
        ]
        term, price = rows
        assert term.blocking and term.finding.approvable and not price.finding.approvable
        with pytest.raises(InputError, match="cannot be approved"):
            F.approve(store, price, "王经理", "促销价")
        F.approve(store, term, "王经理", "第三方比价报告")
        again = F.scan(store, terms)
        assert again[-1].finding.approved_by == "王经理" and not again[-1].blocking
        with pytest.raises(InputError, match="still blocks"):
            F.fix_line(store, terms, price, "今天只要19元！")
        F.fix_line(store, terms, price, "今天只要{price}！")
        assert [r.finding.rule for r in F.scan(store, terms)] == ["absolute-term"]
        assert store.script("促销").items[2].text == "今天只要{price}！"
        assert store.audit_rows(kind="edit")[-1]["detail"].count("今天只要9元") == 1


def test_the_panel_shows_blocked_lines_and_what_can_be_approved(qtbot, risky_db: Path) -> None:
    client = ShowClient(risky_db)
    panel = CompliancePanel(client)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(client.snapshot, timeout=10_000):  # refresh runs after the scan
        panel.refresh()
        client.refresh()
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2, timeout=10_000)
    assert panel.summary.text().startswith("2 line(s) are blocked")
    assert panel.table.item(0, 2).text() == "全网最低"
    panel.table.selectRow(0)
    assert panel.approve_button.isEnabled() and panel.fix_button.isEnabled()
    panel.table.selectRow(1)
    assert not panel.approve_button.isEnabled() and panel.fix_button.isEnabled()
    client.close()
