"""The layering (the import contracts in pyproject.toml) is part of the suite, so a
violation fails `make test` as well as `make lint`; and the contracts do bite."""

from __future__ import annotations

import os
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import studio

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
LINT_IMPORTS = str(Path(sys.executable).parent / "lint-imports")


def lint_imports(cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`lint-imports` with this repository's contracts, run as `make lint` runs it."""
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache", "--no-logo", str(PYPROJECT)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_package_keeps_its_import_contracts() -> None:
    r = lint_imports(ROOT)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]
    assert "2 kept, 0 broken" in r.stdout


def test_a_lower_layer_importing_a_higher_one_or_qt_breaks_the_contracts(tmp_path: Path) -> None:
    """A copy of the package with core importing the runtime, and speech importing Qt."""
    shutil.copytree(
        ROOT / "studio", tmp_path / "studio", ignore=shutil.ignore_patterns("__pycache__")
    )
    (tmp_path / "studio" / "core" / "upward.py").write_text("import studio.runtime.room\n")
    (tmp_path / "studio" / "speech" / "qt.py").write_text("import PySide6.QtCore\n")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    r = lint_imports(tmp_path, env)
    assert r.returncode == 1, r.stdout[-4000:] + r.stderr[-2000:]
    assert "0 kept, 2 broken" in r.stdout
    assert "studio.core.upward -> studio.runtime.room" in r.stdout
    assert "studio.speech.qt -> PySide6" in r.stdout


def test_only_gui_may_import_qt_and_every_other_package_is_checked() -> None:
    """The Qt contract names its packages one by one: a new package must be added."""
    contracts = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]
    qt = next(c for c in contracts["contracts"] if "PySide6" in c.get("forbidden_modules", []))
    packages = {f"studio.{m.name}" for m in pkgutil.iter_modules(studio.__path__)}
    assert set(qt["source_modules"]) == packages - {"studio.gui"}
