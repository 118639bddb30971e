"""The avatar folder: atomic creation, listing, deletion.

A package is built in a hidden temporary folder next to its final place and renamed
into place only when complete, so an interrupted run (Ctrl-C, an error, a crash) never
leaves a half avatar under the real name. The temporary folder's name carries the pid
of the process that made it (``.NAME.building-PID-TAG``): leftovers of killed runs are
hidden (leading dot), skipped by ``list``, and swept by every avatar command (create,
list, show, delete, opening an avatar) once that process is gone -- never while it runs.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from studio.avatar.manifest import Manifest, read_manifest
from studio.avatar.names import avatar_dir, avatars_root, validate_name
from studio.core.errors import InputError, StudioError
from studio.core.paths import PRIVATE_DIR_MODE, make_private, private_dir

log = logging.getLogger(__name__)


class AvatarExistsError(InputError):
    """An avatar of that name exists and replacing it was not asked for."""


STALE_AFTER_S = 24 * 3600  # a leftover this old is removed whoever made it (pid reuse)
_LEFTOVER = re.compile(r"^\..+\.(?:building|replaced|deleting)-(?P<pid>\d+)-[0-9a-f]+$")


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill(pid, 0) would send Ctrl-C there: rely on the age instead
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists (or we cannot tell): leave it alone
    return True


def sweep_leftovers(root: Path | None = None) -> list[Path]:
    """Remove the hidden folders of creates, replaces and deletes whose process is dead
    (SIGKILL, a power cut); a folder whose process still runs is left alone."""
    root = root if root is not None else avatars_root()
    try:
        found = [(p, _LEFTOVER.match(p.name)) for p in root.iterdir()]
    except OSError:  # no avatars yet, or unreadable: nothing to sweep
        return []
    removed = []
    for leftover, match in found:
        if match is None:
            continue
        try:
            age = time.time() - leftover.stat().st_mtime
        except OSError:
            continue
        if not _pid_alive(int(match["pid"])) or age > STALE_AFTER_S:
            log.info("removing leftover of an interrupted run: %s", leftover)
            shutil.rmtree(leftover, ignore_errors=True)
            removed.append(leftover)
    return removed


def exists_error(name: str) -> AvatarExistsError:
    return AvatarExistsError(
        f"an avatar named {name!r} already exists",
        hint="add --force to replace it, or choose another --name",
    )


def check_free(name: str, force: bool) -> Path:
    """The target folder; AvatarExistsError when it is taken and ``force`` is off."""
    target = avatar_dir(name)
    if target.exists() and not force:
        raise exists_error(name)
    return target


@contextmanager
def building(name: str, *, force: bool = False) -> Iterator[Path]:
    """Yield a temporary folder to build avatar ``name`` in; moved into place on success."""
    target = check_free(name, force)
    root = target.parent
    private_dir(root)
    sweep_leftovers(root)
    tmp = root / f".{name}.building-{os.getpid()}-{secrets.token_hex(3)}"
    try:  # mkdir inside: a signal right after it still removes the folder
        tmp.mkdir(mode=PRIVATE_DIR_MODE)
        yield tmp
        make_private(tmp)  # face frames and voice: owner-only, whatever wrote them
        if target.exists():
            if not force:
                raise exists_error(name)
            old = root / f".{name}.replaced-{os.getpid()}-{secrets.token_hex(3)}"
            os.replace(target, old)
            os.replace(tmp, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


@dataclass(frozen=True)
class AvatarEntry:
    name: str
    path: Path
    manifest: Manifest | None
    problem: str = ""


def list_avatars() -> list[AvatarEntry]:
    """Every avatar folder, with its manifest or why it cannot be read."""
    root = avatars_root()
    if not root.is_dir():
        return []
    sweep_leftovers(root)
    out = []
    for path in sorted(root.iterdir(), key=lambda p: p.name.lower()):
        if not path.is_dir() or path.name.startswith("."):
            continue
        try:
            out.append(AvatarEntry(path.name, path, read_manifest(path)))
        except StudioError as exc:
            out.append(AvatarEntry(path.name, path, None, exc.message))
    return out


def delete_avatar(name: str) -> Path:
    """Remove avatar ``name``: renamed out of sight first, so it vanishes at once."""
    validate_name(name)
    target = avatar_dir(name)
    sweep_leftovers(target.parent)
    if not target.is_dir():
        raise InputError(f"there is no avatar named {name!r}", hint="see `studio avatar list`")
    gone = target.parent / f".{name}.deleting-{os.getpid()}-{secrets.token_hex(3)}"
    os.replace(target, gone)
    shutil.rmtree(gone, ignore_errors=True)
    return target
