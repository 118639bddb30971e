"""Avatar names and where avatars live: ``STUDIO_HOME/avatars/NAME/``.

A name becomes a folder name, so it is checked strictly: no path separators, no
leading dot (hidden/temporary folders use one), nothing Windows cannot store.
"""

from __future__ import annotations

import re
from pathlib import Path

from studio.core.errors import InputError
from studio.core.paths import studio_home

MAX_NAME_LEN = 64
_ALLOWED_PUNCT = set("-_. ")
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)


def avatars_root() -> Path:
    """The folder that holds every avatar package."""
    return studio_home() / "avatars"


def validate_name(name: str) -> str:
    """Return ``name`` if it is a safe avatar (folder) name, else raise InputError."""
    hint = "use letters, digits (any script), '-', '_', '.' or spaces, e.g. --name lily_v2"
    if not name or len(name) > MAX_NAME_LEN:
        raise InputError(f"avatar name must be 1-{MAX_NAME_LEN} characters", hint=hint)
    bad = sorted({ch for ch in name if not (ch.isalnum() or ch in _ALLOWED_PUNCT)})
    if bad:
        shown = " ".join(repr(ch) for ch in bad)
        raise InputError(f"avatar name {name!r} contains {shown}", hint=hint)
    if name[0] in "-. " or name[-1] in ". ":
        raise InputError(
            f"avatar name {name!r} may not start with '-', '.' or a space, nor end with '.' or a space",
            hint=hint,
        )
    if _WINDOWS_RESERVED.match(name):
        raise InputError(f"avatar name {name!r} is reserved on Windows", hint=hint)
    return name


def avatar_dir(name: str) -> Path:
    """The package folder of avatar ``name`` (validated; it may not exist)."""
    return avatars_root() / validate_name(name)
