"""`studio doctor` on this machine, and with real pieces taken away."""

import re
import subprocess
import sys
from pathlib import Path

from studio.core.messages import set_language
from studio.core.output import cli_text
from studio.doctor import PACKAGES, Package, check_home, check_package

from .core.test_messages import latin_words


def doctor(env_extra: dict[str, str]) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, **env_extra}
    return subprocess.run(
        [sys.executable, "-m", "studio.cli", "doctor"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def test_everything_present_exits_0(tmp_path: Path) -> None:
    r = doctor({"STUDIO_HOME": str(tmp_path / "home")})
    assert r.returncode == 0, r.stdout + r.stderr
    for piece in (
        "Python",
        "package mediapipe",
        "mediapipe models (offline)",
        "eSpeak NG voices cmn, en",
        "CJK font",
        "PyAV libx264, aac, rtmp",
        "GPU (CUDA)",
        "writable STUDIO_HOME",
    ):
        assert piece in r.stdout
    assert "all required pieces present" in r.stdout


def test_unwritable_home_and_missing_font_exit_1_with_hints(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    r = doctor({"STUDIO_HOME": str(blocker / "home"), "STUDIO_FONT": str(tmp_path / "no-font.ttc")})
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    home = next(i for i, ln in enumerate(lines) if ln.startswith("writable STUDIO_HOME"))
    assert "MISSING" in lines[home] and "hint: set STUDIO_HOME" in lines[home + 1]
    font = next(i for i, ln in enumerate(lines) if ln.startswith("CJK font"))
    assert "MISSING" in lines[font] and "fonts-noto-cjk" in lines[font + 1]
    assert "2 required piece(s) missing" in r.stdout


def test_package_checks_report_missing_and_wrong_versions() -> None:
    missing = check_package(Package("studio-no-such-package", why="test"))
    assert not missing.ok and missing.status == "MISSING" and "make demo" in missing.hint
    wrong = check_package(Package("numpy", pin="0.0.1"))
    assert not wrong.ok and "pip install numpy==0.0.1" in wrong.hint


def test_a_missing_package_says_what_it_is_for_in_chinese() -> None:
    """Each package Studio needs, looked up under a name no installation has (so the check
    finds it missing for real): the doctor's line says in Chinese what the package is for."""
    set_language("zh_CN")
    for pkg in PACKAGES:
        missing = check_package(Package(f"studio-missing-{pkg.dist}", pkg.pin, pkg.why))
        assert not missing.ok and missing.detail == f"not installed ({pkg.why})"
        detail = cli_text(missing.detail)
        assert detail.startswith("没有安装（") and not latin_words(detail), detail


def test_home_check_creates_the_folder(studio_home: Path) -> None:
    assert check_home().ok and studio_home.is_dir()


def test_the_doctor_reads_in_chinese_under_a_chinese_locale(tmp_path: Path) -> None:
    """The same real checks, each line in Chinese; the figures (versions) as they are."""
    r = doctor({"STUDIO_HOME": str(tmp_path / "home"), "STUDIO_LANG": "", "LC_ALL": "",
                "LANG": "zh_CN.UTF-8"})  # fmt: skip
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    assert lines[-1] == "必需的组件都已安装"
    assert any(re.match(r"^软件包 mediapipe +正常 +0\.10\.21$", line) for line in lines), lines
    assert any(re.match(r"^Python 版本 +正常 +3\.\d+\.\d+$", line) for line in lines), lines
    assert any(line.startswith("mediapipe 模型（离线）") for line in lines), lines
    assert "OK" not in r.stdout and "required pieces" not in r.stdout
