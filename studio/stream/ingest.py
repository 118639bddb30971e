"""An RTMP(S) ingest point: server URL, application and stream key, with the key masked.

Platforms give a server URL (``rtmp://host/app``) and a secret stream key; users also
paste both as one URL (``rtmp://host/app/KEY``). The key is a password: ``str()`` and
``masked`` never show it, so it cannot end up in a log line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from studio.core.errors import InputError

DEFAULT_PORTS = {"rtmp": 1935, "rtmps": 443}
MASK = "****"


@dataclass(frozen=True)
class IngestTarget:
    """Where to publish. ``app`` may have several path segments (``live/sub``)."""

    scheme: str
    host: str
    port: int
    app: str
    key: str = field(repr=False)

    @property
    def tls(self) -> bool:
        return self.scheme == "rtmps"

    @property
    def tc_url(self) -> str:
        """The ``tcUrl`` sent in ``connect``: server and application, never the key."""
        return f"{self.scheme}://{self._netloc()}/{self.app}"

    @property
    def masked(self) -> str:
        """The URL as it may be logged or shown: the stream key is replaced by ****."""
        return f"{self.tc_url}/{MASK}"

    def _netloc(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"

    def __str__(self) -> str:
        return self.masked


def parse_ingest(url: str, key: str | None = None) -> IngestTarget:
    """``rtmp[s]://host[:port]/app`` plus ``key``, or ``rtmp[s]://host[:port]/app/KEY``."""
    hint = "use rtmp://host[:port]/app with --key KEY, or rtmp://host[:port]/app/KEY"
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise InputError(f"not an RTMP URL: {_mask_tail(url)}", hint=hint)
    try:
        port = parts.port or DEFAULT_PORTS[scheme]
    except ValueError:
        raise InputError(f"bad port in {_mask_tail(url)}", hint=hint) from None
    host = parts.hostname or ""
    if not host:
        raise InputError(f"no host in {_mask_tail(url)}", hint=hint)
    path = parts.path.strip("/")
    query = f"?{parts.query}" if parts.query else ""
    if key:
        app, the_key = path, key.strip()
        if query:  # a token on the server URL belongs to the application
            app += query
    else:
        if "/" not in path:
            raise InputError(f"no stream key in {_mask_tail(url)}", hint=hint)
        app, the_key = path.rsplit("/", 1)
        the_key += query  # tokens after the key travel with it (…/KEY?auth=…)
    if not app:
        raise InputError(f"no application in {_mask_tail(url)}", hint=hint)
    if not the_key:
        raise InputError("the stream key is empty", hint=hint)
    return IngestTarget(scheme, host, port, app, the_key)


def split_key(url: str, key: str = "") -> tuple[str, str]:
    """(server URL, stream key) of what a user entered. With ``key`` the URL is the server;
    without it a key pasted at the end of the URL (``rtmp://host/app/KEY``) is split off,
    so the server can be kept and shown while the key is kept secret (or not at all)."""
    if key.strip():
        return url, key.strip()
    try:
        target = parse_ingest(url)
    except InputError:
        return url, ""
    return target.tc_url, target.key


def redact_url(url: str, key: str = "") -> str:
    """``url`` as it may be printed, logged or stored (audit log, show.db, CSV): ``key``
    replaced wherever it occurs, and a key pasted into the URL itself masked too."""
    if key:
        url = url.replace(key, MASK)
    server, pasted = split_key(url)
    return f"{server}/{MASK}" if pasted and pasted != MASK else url


def _mask_tail(url: str) -> str:
    """A URL for an error message: its last path segment (maybe a key) masked."""
    return re.sub(r"(://[^/]+/[^?#]*/)[^/?#]+.*$", rf"\g<1>{MASK}", url)


def mask_key(text: str, target: IngestTarget) -> str:
    """``text`` with every occurrence of the stream key replaced (for foreign messages)."""
    return text.replace(target.key, MASK) if target.key else text
