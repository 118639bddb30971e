"""The wizard builds an avatar before the user names it: a draft, renamed on "Save".

Creation needs a name up front (the package is built in a temporary folder and moved
into ``avatars/NAME``), while the wizard asks for the name last, after the preview. So it
builds under a draft name (``draft-<random>``), and on Save renames the folder and
rewrites the manifest's name; on Cancel the draft is deleted. Drafts left by a crash are
ordinary avatars named ``draft-…`` that ``studio avatar delete`` removes.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import replace
from pathlib import Path

from studio.avatar.manifest import read_manifest, write_manifest
from studio.avatar.names import avatar_dir, validate_name
from studio.avatar.store import delete_avatar, exists_error

DRAFT_PREFIX = "draft-"


def draft_name() -> str:
    return f"{DRAFT_PREFIX}{secrets.token_hex(4)}"


def is_draft(name: str) -> bool:
    return name.startswith(DRAFT_PREFIX)


def finalize(draft: str, name: str, *, replace_existing: bool = False) -> Path:
    """Give draft ``draft`` its real ``name``; returns the avatar's folder."""
    validate_name(name)
    source, target = avatar_dir(draft), avatar_dir(name)
    if target.exists():
        if not replace_existing:
            raise exists_error(name)
        delete_avatar(name)
    manifest = read_manifest(source)
    write_manifest(source, replace(manifest, name=name))
    os.replace(source, target)
    return target


def discard(draft: str) -> None:
    """Delete a draft (nothing happens when it is already gone)."""
    if avatar_dir(draft).is_dir():
        delete_avatar(draft)
