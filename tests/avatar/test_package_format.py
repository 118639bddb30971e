"""Names, the blob store, manifest schema versions and the atomic folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from studio.avatar import manifest as M
from studio.avatar.blobstore import BlobReader, jpeg_writer, png_writer
from studio.avatar.names import validate_name
from studio.avatar.package import load_avatar
from studio.avatar.store import building, list_avatars
from studio.core.errors import InputError


@pytest.mark.parametrize("name", ["lily", "Lily_v2", "主播小美", "shop-01", "a.b", "two words"])
def test_good_names(name: str) -> None:
    assert validate_name(name) == name


@pytest.mark.parametrize(
    "name", ["", "../x", "a/b", "a\\b", ".x", "-x", "x.", "nul", "COM1", "a:b", "a*", "x" * 65]
)
def test_bad_names(name: str) -> None:
    with pytest.raises(InputError):
        validate_name(name)


def test_blob_store_round_trip(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    imgs = [rng.integers(0, 255, (40, 30, 3), dtype=np.uint8) for _ in range(5)]
    with jpeg_writer(tmp_path, "f", 95) as w:
        for im in imgs:
            w.add(cv2_smooth(im))
    with BlobReader(tmp_path, "f") as r:
        assert len(r) == 5
        for i in (4, 0, 2):  # any order
            assert np.abs(r.read(i).astype(int) - cv2_smooth(imgs[i]).astype(int)).mean() < 6
        with pytest.raises(IndexError):
            r.read(5)
    masks = [rng.integers(0, 2, (20, 10), dtype=np.uint8) * 255 for _ in range(3)]
    with png_writer(tmp_path, "m") as w:
        for m in masks:
            w.add(m)
    import cv2

    with BlobReader(tmp_path, "m", cv2.IMREAD_GRAYSCALE) as r:
        assert all(np.array_equal(r.read(i), masks[i]) for i in range(3))  # lossless
    with open(tmp_path / "f.bin", "r+b") as f:
        f.truncate(100)
    with pytest.raises(InputError, match="truncated"):
        BlobReader(tmp_path, "f")


def cv2_smooth(im: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.GaussianBlur(im, (0, 0), 2)


def _copy_with_schema(cloned, tmp_path: Path, version: int) -> Path:
    dst = tmp_path / "avatars" / "old"
    shutil.copytree(cloned.path, dst)
    data = json.loads((dst / "manifest.json").read_text())
    data["schema_version"] = version
    (dst / "manifest.json").write_text(json.dumps(data))
    return dst


def test_newer_and_older_schemas_say_how_to_rebuild(cloned, tmp_path: Path) -> None:
    newer = _copy_with_schema(cloned, tmp_path / "a", M.SCHEMA_VERSION + 1)
    with pytest.raises(InputError) as info:
        load_avatar(newer)
    assert "newer Studio" in info.value.message and "--force" in info.value.hint
    older = _copy_with_schema(cloned, tmp_path / "b", M.SCHEMA_VERSION - 1)
    with pytest.raises(InputError) as info:
        load_avatar(older)
    assert "older Studio" in info.value.message
    assert "studio avatar create VIDEO --name old --force" in info.value.hint


def test_older_schema_with_a_migration_loads(
    cloned, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    older = _copy_with_schema(cloned, tmp_path, M.SCHEMA_VERSION - 1)
    monkeypatch.setitem(
        M.MIGRATIONS, M.SCHEMA_VERSION - 1, lambda d: {**d, "schema_version": M.SCHEMA_VERSION}
    )
    a = load_avatar(older)
    assert a.manifest.schema_version == M.SCHEMA_VERSION and a.frame(0).ndim == 3


def test_damaged_packages_are_reported(cloned, tmp_path: Path) -> None:
    bad = _copy_with_schema(cloned, tmp_path, M.SCHEMA_VERSION)
    (bad / "manifest.json").write_text("{not json")
    with pytest.raises(InputError, match="unreadable"):
        load_avatar(bad)
    (bad / "manifest.json").write_text(
        json.dumps({"schema_version": M.SCHEMA_VERSION, "name": "x"})
    )
    with pytest.raises(InputError, match="damaged"):
        load_avatar(bad)


def test_building_is_atomic(studio_home: Path) -> None:
    with pytest.raises(RuntimeError), building("atomic") as tmp:
        (tmp / "half.txt").write_text("x")
        assert tmp.name.startswith(".atomic.building-")
        raise RuntimeError("boom")
    root = studio_home / "avatars"
    assert list(root.iterdir()) == []
    with building("atomic") as tmp:
        (tmp / "manifest.json").write_text("{}")
        assert not (root / "atomic").exists()  # not visible until complete
    assert (root / "atomic" / "manifest.json").is_file()
    stale = root / ".atomic.building-999999999-abcdef"  # a crashed run's leftover
    stale.mkdir()
    assert [e.name for e in list_avatars()] == ["atomic"]  # hidden from the list
    with building("other"):
        pass
    with building("atomic", force=True):
        pass
    assert not stale.exists()
