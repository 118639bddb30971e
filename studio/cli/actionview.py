"""What `studio live insert|skip|pause|resume` did, said in one line in the user's language.

The control API answers these with a bit of English JSON (``{"ok": "skipped"}``,
``{"queued": ..., "urgent": ..., "key": ...}``) for scripts, which ``--json`` prints as
it is; a merchant who typed the command reads what happened to her show instead. The
words come from the action she asked for, not from the reply's English, which is the
API's and may change with it.
"""

from __future__ import annotations

from typing import Any

from studio.core.output import cli_text


def insert_line(reply: dict[str, Any]) -> str:
    """The line she inserted (as the room will say it) and when it comes."""
    said = str(reply.get("queued", ""))
    if reply.get("urgent"):
        return cli_text(f"inserted: {said} (urgent: the line on air stops at the next word)")
    return cli_text(f"inserted: {said} (after the line on air)")


def done_line(action: str) -> str:
    """What ``action`` (skip, pause or resume) did to the running show."""
    if action == "skip":
        return cli_text("skipped the line on air")
    if action == "pause":
        return cli_text("paused after the line on air: nothing new starts until you resume")
    return cli_text("resumed")
