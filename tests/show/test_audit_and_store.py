"""The audit log is append-only and exports to CSV; settings and approvals are audited;
the schema is versioned."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest

from studio.core.errors import DependencyError, InputError
from studio.show.items import ItemKind, Playlist, Script, ScriptItem
from studio.show.queue import Queue
from studio.show.store import SCHEMA_VERSION, ShowStore


def test_database_settings(store: ShowStore) -> None:
    conn = store._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.schema_version == SCHEMA_VERSION


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "show.db"
    ShowStore(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    with pytest.raises(DependencyError, match="newer Studio"):
        ShowStore(path)


def test_a_version_1_database_is_migrated_with_its_queue(tmp_path: Path) -> None:
    """A show.db written before crash quarantine existed keeps its queue and history,
    and new rows never reuse the ids (keys) of pruned ones."""
    from studio.show.store import MIGRATIONS, _statements

    path = tmp_path / "show.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        conn.execute("INSERT INTO schema_version VALUES (1)")
        for statement in _statements(MIGRATIONS[0]):
            conn.execute(statement)
        for i in range(1, 4):
            conn.execute(
                "INSERT INTO queue_entries (key, origin, status, item, created_at)"
                " VALUES (?, 'insert', ?, ?, '')",
                (f"insert:{i}", "done" if i < 3 else "pending",
                 json.dumps(ScriptItem(ItemKind.TEXT, text=f"第{i}句").to_json())),
            )  # fmt: skip
        conn.execute("DELETE FROM queue_entries WHERE id = 3")  # pruned: id 3 was used
        conn.execute(
            "INSERT INTO queue_entries (key, origin, status, item, created_at)"
            " VALUES ('insert:4', 'insert', 'pending', ?, '')",
            (json.dumps(ScriptItem(ItemKind.TEXT, text="第4句").to_json()),),
        )
        conn.execute("DELETE FROM queue_entries WHERE id = 4")
    store = ShowStore(path)
    assert store.schema_version == SCHEMA_VERSION
    q = Queue(store)
    assert [e.describe() for e, _ in q.history(5)] == ["第2句", "第1句"]
    assert q.insert("新的一句").key == "insert:5"


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "show.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(InputError, match="not a usable show database"):
        ShowStore(path)


def test_audit_log_is_append_only(store: ShowStore) -> None:
    store.audit("broadcast", text="你好")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store._conn.execute("UPDATE audit_log SET text = 'changed'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store._conn.execute("DELETE FROM audit_log")
    assert [r["text"] for r in store.audit_rows()] == ["你好"]


def test_a_product_in_use_cannot_vanish(store: ShowStore, catalogue) -> None:
    store.upsert_products(catalogue.values())
    store.save_scripts([Script("s", (ScriptItem(ItemKind.TEXT, text="{price:真丝围巾}"),))])
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        store._conn.execute("DELETE FROM products WHERE name = '真丝围巾'")


def test_save_scripts_is_all_or_nothing(store: ShowStore, catalogue) -> None:
    store.upsert_products(catalogue.values())
    good = Script("good", (ScriptItem(ItemKind.TEXT, text="你好"),))
    bad = Script("bad", (ScriptItem(ItemKind.PRODUCT, product="不存在", line=7),))
    with pytest.raises(InputError, match="line 7"):
        store.save_scripts([good, bad])
    with pytest.raises(InputError, match="names script 'missing'"):
        store.save_scripts([good], [Playlist("p", ("good", "missing"))])
    assert store.scripts() == []


def test_settings_that_touch_compliance_are_audited(store: ShowStore) -> None:
    store.set_setting("ui.theme", "dark")
    with pytest.raises(InputError, match="cannot be switched off silently"):
        store.set_setting("ai_label.enabled", "false")
    store.set_setting("ai_label.enabled", "false", actor="王经理", reason="录制内部培训视频")
    store.set_setting("ai_label.enabled", "true", actor="王经理")
    rows = store.audit_rows(kind="setting")
    assert len(rows) == 2 and store.setting("ai_label.enabled") == "true"
    detail = json.loads(rows[0]["detail"])
    assert detail == {
        "key": "ai_label.enabled",
        "old": None,
        "new": "false",
        "reason": "录制内部培训视频",
    }
    assert rows[0]["actor"] == "王经理"


def test_audit_csv_has_every_broadcast_line(
    tmp_path: Path, store: ShowStore, catalogue, terms
) -> None:
    store.upsert_products(catalogue.values())
    store.save_scripts(
        [
            Script(
                "s",
                (
                    ScriptItem(ItemKind.PRODUCT, product="保温杯"),
                    ScriptItem(ItemKind.TEXT, text="今天只要{price}", product="保温杯"),
                    ScriptItem(ItemKind.TEXT, text="Hello, 你好"),
                ),
            )
        ],
        [Playlist("p", ("s",))],
    )
    q = Queue(store, terms=terms, avatar="astronaut", output="rtmp://127.0.0.1/live")
    q.start()
    q.advance()
    q.advance()
    store.approve("最好看的是这款", "最好", "店长", "本店同款比较")
    out = tmp_path / "audit" / "out.csv"
    assert store.export_audit_csv(out) == 3
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["kind"] for r in rows] == ["broadcast", "broadcast", "approval"]
    assert rows[0]["text"] == "今天只要89元" and rows[0]["product"] == "保温杯"
    assert rows[0]["avatar"] == "astronaut" and rows[0]["output"] == "rtmp://127.0.0.1/live"
    assert rows[1]["text"] == "Hello, 你好"
    assert rows[2]["actor"] == "店长" and json.loads(rows[2]["detail"])["reason"] == "本店同款比较"
    assert all(r["at"].endswith("+00:00") for r in rows)
    assert int(rows[0]["id"]) < int(rows[1]["id"]) < int(rows[2]["id"])
