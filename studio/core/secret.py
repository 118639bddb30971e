"""Secrets given to commands (a stream key, a control token) without the command line.

Any local user can read another's command line (``ps``, ``/proc/PID/cmdline``), so a
secret passed as ``--key VALUE`` is not secret. Each such option has a ``--…-file PATH``
twin and an environment variable; the value on the command line still works but warns.
The warnings are the command line's output (:func:`studio.core.output.say`): in the
user's language, like its errors.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from studio.core.errors import InputError
from studio.core.output import say


def ps_warning(safer: str, subject: str = "a value given here") -> str:
    """The sentence every secret option's --help carries."""
    return f"{subject} is visible to other local users in `ps`: prefer {safer}"


def read_secret_file(path: Path, what: str) -> str:
    """The first line of ``path``, stripped (a trailing newline from ``echo`` is common)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise InputError(
            f"cannot read the {what} from {path}: {reason}",
            hint="give a file that holds only the secret, readable by you (chmod 600)",
        ) from None
    lines = text.strip().splitlines()
    value = lines[0].strip() if lines else ""
    if not value:
        raise InputError(f"{path} is empty", hint=f"write the {what} into it, on one line")
    if os.name == "posix" and stat.S_IMODE(Path(path).stat().st_mode) & 0o077:
        say(
            f"warning: {path} (the {what}) can be read by other users of this computer",
            file=sys.stderr,
        )
        say(
            f"hint: let only your own account read this file (`chmod 600 {path}`)",
            file=sys.stderr,
        )
    return value


def pick_secret(
    what: str,
    *,
    given: str | None,
    option: str,
    file: Path | None,
    file_option: str,
    env: str,
) -> str:
    """The secret from ``--option VALUE`` (warns), ``--file-option PATH`` or ``$env``;
    "" when none is given. Both options at once are a usage error."""
    if given and file is not None:
        raise InputError(
            f"both {option} and {file_option} were given", hint=f"keep only {file_option}"
        )
    if given:
        say(
            f"warning: {option} on the command line is visible to other local users (ps); "
            f"use {file_option} FILE or the {env} environment variable instead",
            file=sys.stderr,
        )
        return given.strip()
    if file is not None:
        return read_secret_file(file, what)
    return os.environ.get(env, "").strip()
