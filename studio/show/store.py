"""The show database: one SQLite file (WAL) holding products, scripts, playlists, the
queue, approvals, settings and the append-only audit log.

Why these settings: WAL lets the GUI read while the engine writes, and lets a second
process (``studio show insert``) write beside a running show; ``synchronous=FULL``
makes every committed queue change survive a power cut, which matters more than the
fsync per item (items last seconds); foreign keys stop a product that a script uses
from disappearing; ``busy_timeout`` waits for the other writer instead of failing.

One ``ShowStore`` is safe to share between threads: it owns one connection and a
re-entrant lock, and every write runs in ``transaction()`` (BEGIN IMMEDIATE … COMMIT,
rolled back on any error, so nothing is ever half-written).
"""

from __future__ import annotations

import csv
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from studio.core.errors import DependencyError, InputError
from studio.core.paths import PRIVATE_FILE_MODE, private_dir, studio_home
from studio.show.compliance import term_key, text_key
from studio.show.items import ItemKind, Playlist, Script, ScriptItem
from studio.show.markup import TemplateError, parse_template
from studio.show.products import Product
from studio.show.schedule import TimeWindow

log = logging.getLogger(__name__)

DB_NAME = "show.db"

#: Settings whose changes are compliance-relevant: every change is audited, with who and why.
COMPLIANCE_SETTINGS = {
    "ai_label.enabled": "the visible 'AI生成 / AI-generated' label (GB 45438-2025)",
    "ai_label.text": "the wording of the AI label",
    "ai_label.metadata": "the AI-generated marking in the stream/file metadata",
    "compliance.user_terms": "the user's own absolute-term list folder",
}
#: Settings that may not be switched off without a reason (the law requires them).
PROTECTED_SETTINGS = {"ai_label.enabled", "ai_label.metadata"}

MIGRATIONS: list[str] = [
    # v1
    """
    CREATE TABLE products (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        price INTEGER NOT NULL CHECK (price >= 0),
        original_price INTEGER CHECK (original_price IS NULL OR original_price >= price),
        currency TEXT NOT NULL DEFAULT 'CNY' CHECK (currency IN ('CNY', 'USD')),
        stock INTEGER CHECK (stock IS NULL OR stock >= 0),
        stock_note TEXT NOT NULL DEFAULT '',
        selling_points TEXT NOT NULL DEFAULT '[]',
        images TEXT NOT NULL DEFAULT '[]',
        tryon_asset TEXT NOT NULL DEFAULT '',
        promotions TEXT NOT NULL DEFAULT '[]',
        updated_at TEXT NOT NULL
    );
    CREATE TABLE scripts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL
    );
    CREATE TABLE script_items (
        id INTEGER PRIMARY KEY,
        script_id INTEGER NOT NULL REFERENCES scripts(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('text', 'clip', 'pause', 'product', 'scene')),
        product_id INTEGER REFERENCES products(id) ON DELETE RESTRICT,
        data TEXT NOT NULL,
        UNIQUE (script_id, position)
    );
    CREATE TABLE item_products (
        item_id INTEGER NOT NULL REFERENCES script_items(id) ON DELETE CASCADE,
        product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE RESTRICT,
        PRIMARY KEY (item_id, product_id)
    );
    CREATE TABLE playlists (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        priority INTEGER NOT NULL DEFAULT 0,
        windows TEXT NOT NULL DEFAULT '[]',
        updated_at TEXT NOT NULL
    );
    CREATE TABLE playlist_scripts (
        playlist_id INTEGER NOT NULL REFERENCES playlists(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        script_id INTEGER NOT NULL REFERENCES scripts(id) ON DELETE RESTRICT,
        PRIMARY KEY (playlist_id, position)
    );
    CREATE TABLE approvals (
        id INTEGER PRIMARY KEY,
        text_key TEXT NOT NULL,
        term TEXT NOT NULL,
        text TEXT NOT NULL,
        actor TEXT NOT NULL CHECK (actor <> ''),
        reason TEXT NOT NULL CHECK (reason <> ''),
        at TEXT NOT NULL
    );
    CREATE INDEX approvals_by_key ON approvals(text_key, term);
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        text TEXT NOT NULL DEFAULT '',
        product TEXT NOT NULL DEFAULT '',
        avatar TEXT NOT NULL DEFAULT '',
        output TEXT NOT NULL DEFAULT '',
        actor TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT ''
    );
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TABLE queue_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        paused INTEGER NOT NULL DEFAULT 0,
        playlist TEXT NOT NULL DEFAULT '',
        loop INTEGER NOT NULL DEFAULT 0,
        script_pos INTEGER NOT NULL DEFAULT 0,
        item_pos INTEGER NOT NULL DEFAULT 0,
        product TEXT NOT NULL DEFAULT '',
        scene TEXT NOT NULL DEFAULT '',
        interrupt_by INTEGER,
        updated_at TEXT NOT NULL
    );
    INSERT INTO queue_state (id, updated_at) VALUES (1, '');
    CREATE TABLE queue_entries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('playlist', 'insert')),
        urgent INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL
            CHECK (status IN ('pending', 'playing', 'done', 'skipped', 'cut', 'blocked')),
        source TEXT NOT NULL DEFAULT '',
        item TEXT NOT NULL,
        created_at TEXT NOT NULL,
        started_at TEXT,
        ended_at TEXT
    );
    CREATE UNIQUE INDEX queue_one_playing ON queue_entries(status) WHERE status = 'playing';
    CREATE INDEX queue_pending ON queue_entries(urgent, id) WHERE status = 'pending';
    """,
    # v2: crash quarantine. ``running`` is 1 from a show's start to its clean stop, so the
    # next start knows whether the last run died; ``crashes`` counts the runs that died
    # while an entry was on air; 'quarantined' is how an entry that keeps killing the
    # show ends. SQLite cannot alter a CHECK: the table is rebuilt.
    """
    ALTER TABLE queue_state ADD COLUMN running INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE queue_entries_v2 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('playlist', 'insert')),
        urgent INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL CHECK (status IN
            ('pending', 'playing', 'done', 'skipped', 'cut', 'blocked', 'quarantined')),
        source TEXT NOT NULL DEFAULT '',
        item TEXT NOT NULL,
        created_at TEXT NOT NULL,
        started_at TEXT,
        ended_at TEXT,
        crashes INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO queue_entries_v2
        (id, key, origin, urgent, status, source, item, created_at, started_at, ended_at)
        SELECT id, key, origin, urgent, status, source, item, created_at, started_at, ended_at
        FROM queue_entries;
    UPDATE sqlite_sequence SET seq = max(seq, coalesce(
        (SELECT seq FROM sqlite_sequence WHERE name = 'queue_entries'), 0))
        WHERE name = 'queue_entries_v2';
    DROP TABLE queue_entries;
    ALTER TABLE queue_entries_v2 RENAME TO queue_entries;
    CREATE UNIQUE INDEX queue_one_playing ON queue_entries(status) WHERE status = 'playing';
    CREATE INDEX queue_pending ON queue_entries(urgent, id) WHERE status = 'pending';
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


def now_iso() -> str:
    """UTC time with milliseconds, ISO 8601 (sorts as text)."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def default_db_path() -> Path:
    return studio_home() / DB_NAME


def _statements(script: str) -> Iterator[str]:
    """Split a migration into statements (trigger bodies contain ';')."""
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                yield buf.strip()
            buf = ""
    if buf.strip():
        raise ValueError(f"incomplete SQL statement in migration: {buf[:60]}")


def _product_from_row(row: sqlite3.Row) -> Product:
    return Product(
        name=row["name"],
        price=row["price"],
        original_price=row["original_price"],
        currency=row["currency"],
        stock=row["stock"],
        stock_note=row["stock_note"],
        selling_points=tuple(json.loads(row["selling_points"])),
        images=tuple(json.loads(row["images"])),
        tryon_asset=row["tryon_asset"],
        promotions=tuple(json.loads(row["promotions"])),
    )


class ShowStore:
    """The show database. ``with ShowStore(path) as store: ...`` closes it."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        try:
            private_dir(self.path.parent)
        except OSError as exc:  # a file where a folder should be, no permission
            raise InputError(
                f"cannot make the folder of the show database {self.path}: "
                f"{exc.strerror or exc}: {exc.filename}",
                hint="check the path and its permissions",
            ) from None
        self.lock = threading.RLock()
        self.commits = 0  # write transactions committed through this connection
        try:
            if not self.path.exists():  # SQLite gives -wal and -shm the database's mode
                os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE))
            self._conn = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=10.0
            )
        except (sqlite3.Error, OSError) as exc:
            raise InputError(
                f"cannot open the show database {self.path}: {exc}",
                hint="check the path and its permissions",
            ) from None
        self._conn.row_factory = sqlite3.Row
        try:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._conn.execute("PRAGMA busy_timeout=10000")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise InputError(
                f"{self.path} is not a usable show database: {exc}",
                hint="point --db at a show.db made by Studio, or at a new file",
            ) from None

    # ------------------------------------------------------------------ plumbing

    def close(self) -> None:
        with self.lock:
            self._conn.close()

    def __enter__(self) -> ShowStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: all of it is committed, or none of it."""
        with self.lock:
            conn = self._conn
            if conn.in_transaction:  # nested: part of the outer transaction
                yield conn
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            self.commits += 1

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A consistent read (one snapshot)."""
        with self.lock:
            conn = self._conn
            if conn.in_transaction:
                yield conn
                return
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.execute("COMMIT")

    def data_version(self) -> int:
        """SQLite's ``data_version``: it changes when *another* connection (another
        process, e.g. `studio show insert`) commits, so an idle show can notice."""
        with self.lock:
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def _migrate(self) -> None:
        with self.transaction() as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = conn.execute("SELECT version FROM schema_version").fetchone()
            version = row["version"] if row else 0
            if row is None:
                conn.execute("INSERT INTO schema_version (version) VALUES (0)")
            if version > SCHEMA_VERSION:
                raise DependencyError(
                    f"{self.path} was written by a newer Studio (schema {version}, "
                    f"this one knows {SCHEMA_VERSION})",
                    hint="update Studio, or use another --db",
                )
            for number in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _statements(MIGRATIONS[number - 1]):
                    conn.execute(statement)
                conn.execute("UPDATE schema_version SET version = ?", (number,))
                log.info("show database %s migrated to schema %d", self.path, number)

    @property
    def schema_version(self) -> int:
        with self.reading() as conn:
            return conn.execute("SELECT version FROM schema_version").fetchone()["version"]

    # ------------------------------------------------------------------ products

    def upsert_products(self, products: Iterable[Product]) -> tuple[int, int]:
        """Add or update products by name in one transaction; returns (added, updated)."""
        added = updated = 0
        stamp = now_iso()
        with self.transaction() as conn:
            for p in products:
                exists = conn.execute("SELECT 1 FROM products WHERE name = ?", (p.name,)).fetchone()
                conn.execute(
                    """INSERT INTO products (name, price, original_price, currency, stock,
                           stock_note, selling_points, images, tryon_asset, promotions, updated_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                       ON CONFLICT(name) DO UPDATE SET price = excluded.price,
                           original_price = excluded.original_price, currency = excluded.currency,
                           stock = excluded.stock, stock_note = excluded.stock_note,
                           selling_points = excluded.selling_points, images = excluded.images,
                           tryon_asset = excluded.tryon_asset, promotions = excluded.promotions,
                           updated_at = excluded.updated_at""",
                    (
                        p.name,
                        p.price,
                        p.original_price,
                        p.currency,
                        p.stock,
                        p.stock_note,
                        json.dumps(list(p.selling_points), ensure_ascii=False),
                        json.dumps(list(p.images), ensure_ascii=False),
                        p.tryon_asset,
                        json.dumps(list(p.promotions), ensure_ascii=False),
                        stamp,
                    ),
                )
                if exists:
                    updated += 1
                else:
                    added += 1
        return added, updated

    def products(self) -> list[Product]:
        with self.reading() as conn:
            rows = conn.execute("SELECT * FROM products ORDER BY name").fetchall()
        return [_product_from_row(r) for r in rows]

    def product(self, name: str) -> Product | None:
        with self.reading() as conn:
            row = conn.execute("SELECT * FROM products WHERE name = ?", (name,)).fetchone()
        return _product_from_row(row) if row else None

    # ------------------------------------------------------------------ scripts

    def save_scripts(self, scripts: Iterable[Script], playlists: Iterable[Playlist] = ()) -> None:
        """Store scripts (replacing same-named ones) and playlists in one transaction.

        Every product a script names must already be in the catalogue; every script a
        playlist names must be in this batch or already stored. InputError otherwise,
        and nothing is written.
        """
        stamp = now_iso()
        with self.transaction() as conn:
            for script in scripts:
                conn.execute(
                    """INSERT INTO scripts (name, source, updated_at) VALUES (?, ?, ?)
                       ON CONFLICT(name) DO UPDATE SET source = excluded.source,
                           updated_at = excluded.updated_at""",
                    (script.name, script.source, stamp),
                )
                script_id = conn.execute(
                    "SELECT id FROM scripts WHERE name = ?", (script.name,)
                ).fetchone()["id"]
                conn.execute("DELETE FROM script_items WHERE script_id = ?", (script_id,))
                for position, item in enumerate(script.items):
                    product_id = (
                        self._product_id(conn, item.product, script.name, item)
                        if item.product
                        else None
                    )
                    cur = conn.execute(
                        "INSERT INTO script_items (script_id, position, kind, product_id, data)"
                        " VALUES (?, ?, ?, ?, ?)",
                        (
                            script_id,
                            position,
                            item.kind.value,
                            product_id,
                            json.dumps(item.to_json(), ensure_ascii=False),
                        ),
                    )
                    for name in _explicit_refs(item):
                        ref = self._product_id(conn, name, script.name, item)
                        conn.execute(
                            "INSERT OR IGNORE INTO item_products (item_id, product_id) VALUES (?, ?)",
                            (cur.lastrowid, ref),
                        )
            for playlist in playlists:
                conn.execute(
                    """INSERT INTO playlists (name, priority, windows, updated_at) VALUES (?, ?, ?, ?)
                       ON CONFLICT(name) DO UPDATE SET priority = excluded.priority,
                           windows = excluded.windows, updated_at = excluded.updated_at""",
                    (
                        playlist.name,
                        playlist.priority,
                        json.dumps([str(w) for w in playlist.windows]),
                        stamp,
                    ),
                )
                playlist_id = conn.execute(
                    "SELECT id FROM playlists WHERE name = ?", (playlist.name,)
                ).fetchone()["id"]
                conn.execute("DELETE FROM playlist_scripts WHERE playlist_id = ?", (playlist_id,))
                for position, name in enumerate(playlist.scripts):
                    row = conn.execute("SELECT id FROM scripts WHERE name = ?", (name,)).fetchone()
                    if row is None:
                        raise InputError(
                            f"playlist '{playlist.name}' names script '{name}', which does not exist",
                            hint="import the script first or correct the name",
                        )
                    conn.execute(
                        "INSERT INTO playlist_scripts (playlist_id, position, script_id) VALUES (?, ?, ?)",
                        (playlist_id, position, row["id"]),
                    )

    @staticmethod
    def _product_id(conn: sqlite3.Connection, name: str, script: str, item: ScriptItem) -> int:
        row = conn.execute("SELECT id FROM products WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise InputError(
                f"script '{script}' (line {item.line}) names product '{name}', "
                "which is not in the catalogue",
                hint="import the products first (studio show import products.csv) or correct the name",
            )
        return int(row["id"])

    def scripts(self) -> list[Script]:
        with self.reading() as conn:
            rows = conn.execute("SELECT id, name, source FROM scripts ORDER BY name").fetchall()
            return [self._script(conn, r) for r in rows]

    def script(self, name: str) -> Script | None:
        with self.reading() as conn:
            row = conn.execute(
                "SELECT id, name, source FROM scripts WHERE name = ?", (name,)
            ).fetchone()
            return self._script(conn, row) if row else None

    @staticmethod
    def _script(conn: sqlite3.Connection, row: sqlite3.Row) -> Script:
        items = conn.execute(
            "SELECT data FROM script_items WHERE script_id = ? ORDER BY position", (row["id"],)
        ).fetchall()
        return Script(
            row["name"],
            tuple(ScriptItem.from_json(json.loads(i["data"])) for i in items),
            row["source"],
        )

    def script_names(self) -> set[str]:
        with self.reading() as conn:
            return {r["name"] for r in conn.execute("SELECT name FROM scripts")}

    def playlists(self) -> list[Playlist]:
        with self.reading() as conn:
            rows = conn.execute("SELECT * FROM playlists ORDER BY name").fetchall()
            out = []
            for r in rows:
                names = conn.execute(
                    """SELECT s.name FROM playlist_scripts ps JOIN scripts s ON s.id = ps.script_id
                       WHERE ps.playlist_id = ? ORDER BY ps.position""",
                    (r["id"],),
                ).fetchall()
                out.append(
                    Playlist(
                        r["name"],
                        tuple(n["name"] for n in names),
                        tuple(TimeWindow.parse(w) for w in json.loads(r["windows"])),
                        r["priority"],
                    )
                )
            return out

    # ------------------------------------------------------------------ approvals

    def approve(self, template: str, term: str, actor: str, reason: str) -> None:
        """Approve ``term`` in this exact text; logged in the audit log with who/when/why."""
        actor, reason = actor.strip(), reason.strip()
        if not actor or not reason:
            raise InputError(
                "an approval needs who approves it and why", hint="give --by NAME and --reason TEXT"
            )
        stamp = now_iso()
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO approvals (text_key, term, text, actor, reason, at) VALUES (?, ?, ?, ?, ?, ?)",
                (text_key(template), term_key(term), template, actor, reason, stamp),
            )
            self.audit(
                "approval",
                text=template,
                actor=actor,
                detail={"term": term, "reason": reason},
                conn=conn,
            )

    def approver(self, template: str, term: str) -> str:
        """Who approved ``term`` in ``template`` (latest approval), or ''."""
        with self.reading() as conn:
            row = conn.execute(
                "SELECT actor FROM approvals WHERE text_key = ? AND term = ? ORDER BY id DESC LIMIT 1",
                (text_key(template), term_key(term)),
            ).fetchone()
        return row["actor"] if row else ""

    # ------------------------------------------------------------------ settings

    def setting(self, key: str, default: str | None = None) -> str | None:
        with self.reading() as conn:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row["value"] if row else default

    def set_setting(self, key: str, value: str, actor: str = "", reason: str = "") -> None:
        """Change a setting; compliance-relevant ones are audited and switching a legally
        required one off needs who and why."""
        value = str(value)
        if (
            key in PROTECTED_SETTINGS
            and value.lower() in ("0", "false", "off", "no")
            and not (actor.strip() and reason.strip())
        ):
            raise InputError(
                f"'{key}' ({COMPLIANCE_SETTINGS[key]}) is required by law and cannot be "
                "switched off silently",
                hint="give --by NAME and --reason TEXT; the change is written to the audit log",
            )
        with self.transaction() as conn:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
            old = row["value"] if row else None
            conn.execute(
                "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key)"
                " DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                (key, value, now_iso()),
            )
            if key in COMPLIANCE_SETTINGS and old != value:
                self.audit(
                    "setting",
                    actor=actor,
                    conn=conn,
                    detail={"key": key, "old": old, "new": value, "reason": reason},
                )

    # ------------------------------------------------------------------ audit log

    def audit(
        self,
        kind: str,
        *,
        text: str = "",
        product: str = "",
        avatar: str = "",
        output: str = "",
        actor: str = "",
        detail: dict[str, Any] | None = None,
        conn: sqlite3.Connection | None = None,
    ) -> None:
        """Append one record (inside ``conn``'s transaction when given)."""
        row = (
            now_iso(),
            kind,
            text,
            product,
            avatar,
            output,
            actor,
            json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else "",
        )
        sql = (
            "INSERT INTO audit_log (at, kind, text, product, avatar, output, actor, detail)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        )
        if conn is not None:
            conn.execute(sql, row)
            return
        with self.transaction() as c:
            c.execute(sql, row)

    def audit_rows(
        self, *, kind: str | None = None, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """Audit records, oldest first (the last ``limit`` when given)."""
        sql = "SELECT * FROM audit_log"
        args: list[Any] = []
        if kind:
            sql += " WHERE kind = ?"
            args.append(kind)
        sql += " ORDER BY id DESC"
        if limit:
            sql += " LIMIT ?"
            args.append(limit)
        with self.reading() as conn:
            rows = [dict(r) for r in conn.execute(sql, args)]
        return rows[::-1]

    def export_audit_csv(self, out: Path) -> int:
        """Write the whole audit log as UTF-8 CSV (with BOM, for Excel) atomically."""
        fields = ["id", "at", "kind", "text", "product", "avatar", "output", "actor", "detail"]
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".part")
        count = 0
        with self.reading() as conn, tmp.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(fields)
            for row in conn.execute("SELECT * FROM audit_log ORDER BY id"):
                writer.writerow([row[k] for k in fields])
                count += 1
        tmp.replace(out)
        return count


def _explicit_refs(item: ScriptItem) -> set[str]:
    if item.kind is not ItemKind.TEXT:
        return set()
    try:
        return parse_template(item.text).product_refs()
    except TemplateError:
        return set()
