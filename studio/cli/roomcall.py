"""The CLI's calls to a running room's control API (`studio live insert/status/...`), and
why one did not get through, said in words.

urllib's own text (``<urlopen error [Errno 111] Connection refused>``) means nothing to a
merchant and cannot be translated; it is what went wrong in a form she can act on that
she reads -- nothing listens on that port, the room did not answer in time, what answers
is not a room, the room hung up -- and the raw error goes to the debug log (``studio -v``).
A wrong control token is the room's own refusal (HTTP 401): :func:`token_refused`.
"""

from __future__ import annotations

import http.client
import logging
import urllib.error

from studio.core.errors import InputError
from studio.runtime.control import call

log = logging.getLogger(__name__)

TIMEOUT_S = 5.0
START_HINT = "start it with `studio live --config ROOM.toml`, or give its --port or --config"


def call_room(
    port: int,
    method: str,
    path: str,
    token: str,
    body: dict | None,
    timeout: float = TIMEOUT_S,
) -> dict:
    """The room's reply (an HTTP refusal included, as ``call`` gives it); InputError,
    in words, when no room's reply came back."""
    try:
        return call(port, method, path, token=token, body=body, timeout=timeout)
    except (OSError, http.client.HTTPException, ValueError) as exc:
        log.debug("control API %s %s on 127.0.0.1:%d failed: %r", method, path, port, exc)
        raise unreachable(port, exc, timeout) from exc


def unreachable(port: int, exc: BaseException, timeout: float) -> InputError:
    """What ``exc`` (from calling the room on ``port``) means to the one who called."""
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    where = f"127.0.0.1:{port}"
    if isinstance(reason, ConnectionRefusedError):
        return InputError(
            f"no running show answers on {where}: the connection was refused "
            "(nothing listens on that port)",
            hint=START_HINT,
        )
    if isinstance(reason, TimeoutError):  # socket.timeout too
        return InputError(
            f"the show on {where} did not answer within {timeout:g} s",
            hint="it may be starting or busy: try again in a moment; if it stays silent, "
            "look at its log in STUDIO_HOME/logs or restart it",
        )
    if isinstance(reason, http.client.RemoteDisconnected):
        return InputError(
            f"the show on {where} closed the connection without an answer",
            hint="it may have just stopped: look at its log in STUDIO_HOME/logs, then "
            "start it again with `studio live --config ROOM.toml`",
        )
    if isinstance(reason, (http.client.HTTPException, ValueError)):  # not HTTP, not JSON
        return InputError(
            f"something answers on {where}, but it is not a Studio show",
            hint="give the show's own control port with --port, or its room file with "
            "--config (or neither: a running room is found by itself)",
        )
    said = getattr(reason, "strerror", None) or str(reason)
    return InputError(f"the show on {where} cannot be reached: {said}", hint=START_HINT)


def token_refused(port: int) -> InputError:
    """The room on ``port`` answered 401: the control token given is not its token."""
    return InputError(
        f"wrong control token: the show on 127.0.0.1:{port} does not take it",
        hint="give the room's own token: --token-file FILE, the STUDIO_CONTROL_TOKEN "
        "environment variable, or --config ROOM.toml",
    )
