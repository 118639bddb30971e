"""Studio's home is private: folders 0700 and files 0600 whatever the umask, and a home
an older version left readable is tightened at start (issue 17, item 7)."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from studio.cli import main
from studio.core.paths import make_private, private_dir, private_opener, write_private

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    """The most permissive umask: what Studio makes must be private on its own."""
    old = os.umask(0)
    yield
    os.umask(old)


def test_private_dir_makes_every_missing_level_owner_only(tmp_path: Path, open_umask) -> None:
    deep = private_dir(tmp_path / "home" / "avatars" / "anna")
    assert deep.is_dir()
    for level in (tmp_path / "home", tmp_path / "home" / "avatars", deep):
        assert mode(level) == 0o700, level
    (tmp_path / "mine").mkdir(mode=0o755)
    private_dir(tmp_path / "mine")  # a folder the user made keeps its mode
    assert mode(tmp_path / "mine") == 0o755


def test_private_files_are_0600_whatever_the_umask(tmp_path: Path, open_umask) -> None:
    with open(tmp_path / "a.log", "w", opener=private_opener) as fh:
        fh.write("x")
    assert mode(tmp_path / "a.log") == 0o600
    (tmp_path / "old.log").write_text("x")
    os.chmod(tmp_path / "old.log", 0o644)
    with open(tmp_path / "old.log", "a", opener=private_opener) as fh:
        fh.write("y")
    assert mode(tmp_path / "old.log") == 0o600  # reopened: tightened too
    target = write_private(tmp_path / "new" / "token", "s3cret")
    assert target.read_text() == "s3cret" and mode(target) == 0o600
    assert mode(tmp_path / "new") == 0o700
    assert [p.name for p in (tmp_path / "new").iterdir()] == ["token"]  # no temp left


def test_make_private_tightens_a_tree(tmp_path: Path, open_umask) -> None:
    (tmp_path / "pkg" / "frames").mkdir(parents=True)
    (tmp_path / "pkg" / "frames" / "frames.bin").write_bytes(b"jpeg")
    (tmp_path / "pkg" / "manifest.json").write_text("{}")
    make_private(tmp_path / "pkg")
    assert mode(tmp_path / "pkg") == mode(tmp_path / "pkg" / "frames") == 0o700
    assert mode(tmp_path / "pkg" / "frames" / "frames.bin") == 0o600
    assert mode(tmp_path / "pkg" / "manifest.json") == 0o600


def test_an_open_home_is_made_private_at_start_and_said_so(
    studio_home: Path, caplog: pytest.LogCaptureFixture, capsys
) -> None:
    studio_home.mkdir(mode=0o755)
    os.chmod(studio_home, 0o755)
    with caplog.at_level(logging.WARNING):
        main(["avatar", "list"])
    assert mode(studio_home) == 0o700
    said = [r.getMessage() for r in caplog.records if "made it private" in r.getMessage()]
    assert said and str(studio_home) in said[0] and "755" in said[0]
    caplog.clear()
    main(["avatar", "list"])
    assert not [r for r in caplog.records if "made it private" in r.getMessage()]
