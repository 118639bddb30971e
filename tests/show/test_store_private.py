"""The show database (products, scripts, the audit log of everything said) is private."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from studio.show.products import Product
from studio.show.store import ShowStore

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def test_show_db_and_its_wal_and_shm_are_owner_only(studio_home: Path) -> None:
    old = os.umask(0o022)
    try:
        store = ShowStore()  # STUDIO_HOME/show.db
        store.upsert_products([Product("保温杯", price=8900)])
        files = [studio_home / n for n in ("show.db", "show.db-wal", "show.db-shm")]
        assert all(f.exists() for f in files)
        assert {f.name: stat.S_IMODE(f.stat().st_mode) for f in files} == {
            f.name: 0o600 for f in files
        }
        assert stat.S_IMODE(studio_home.stat().st_mode) == 0o700
        store.close()
    finally:
        os.umask(old)
