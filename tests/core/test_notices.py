"""The licences Studio is offered under and carries: read from the installed packages'
own metadata, so a new dependency under a licence a GPL-3.0 whole cannot include fails."""

from __future__ import annotations

from pathlib import Path

from studio.core.config import tomllib
from studio.core.notices import (
    PROJECT_LICENSE,
    components,
    gpl_compatible,
    notices_text,
    packages,
)

ROOT = Path(__file__).resolve().parents[2]


def test_the_project_states_one_licence_everywhere() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == PROJECT_LICENSE
    assert "GNU GENERAL PUBLIC LICENSE" in (ROOT / "LICENSE").read_text(encoding="utf-8")[:200]
    assert "Version 3" in (ROOT / "LICENSE").read_text(encoding="utf-8")[:200]


def test_every_runtime_package_is_listed_with_a_licence_a_gpl3_whole_may_include() -> None:
    listed = {c.name.lower().replace("_", "-"): c for c in packages()}
    for name in ("torch", "av", "piper-tts", "mediapipe", "numpy", "pyside6-essentials"):
        assert name in listed, name
    assert "pytest" not in listed  # a dev extra, not shipped
    assert listed["piper-tts"].license.startswith("GPL-3.0")
    bad = {n: c.license for n, c in listed.items() if not gpl_compatible(c.license)}
    assert not bad, f"licences a GPL-3.0 whole cannot include: {bad}"


def test_compatibility_reads_spdx_expressions() -> None:
    assert gpl_compatible("LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only")
    assert gpl_compatible("Apache-2.0 AND MIT")
    assert not gpl_compatible("Apache-2.0 AND LicenseRef-Proprietary")
    assert not gpl_compatible("CC-BY-NC-4.0")
    assert not gpl_compatible("BSD-4-Clause") and gpl_compatible("BSD-4-Clause OR MIT")
    assert not gpl_compatible("not declared")


def test_what_the_packages_carry_is_named_and_the_notices_hold_their_texts() -> None:
    names = {c.name: c.license for c in components()}
    assert names["eSpeak NG"].startswith("GPL-3.0") and names["x264"].startswith("GPL-2.0")
    text = notices_text()
    assert text.startswith(f"Studio is free software under the {PROJECT_LICENSE}")
    assert "Apache License" in text  # torch's and others' licence files, verbatim
    assert "eSpeak NG" in text and "FFmpeg" in text
