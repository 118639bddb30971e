"""The desktop studio's own settings: one small TOML file, read at start, written on OK.

It lives in the user's config folder (``STUDIO_GUI_SETTINGS`` overrides the path, for
tests and portable installs), not in the data folder, because the data folder is itself
one of the settings. The stream key is only written when the user asks to remember it,
and the file is readable by its owner only.
"""

from __future__ import annotations

import logging
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from studio.core.config import tomllib
from studio.core.paths import HOME_ENV
from studio.stream.ingest import split_key

log = logging.getLogger(__name__)

SETTINGS_ENV = "STUDIO_GUI_SETTINGS"
LANGUAGES = ("auto", "zh_CN", "en")
VOICE_ENGINES = ("espeak", "piper")
GPU_CHOICES = ("auto", "off")
OUTPUT_PRESETS = ("", "vertical-720", "vertical-1080", "landscape-720", "landscape-1080")


@dataclass
class GuiSettings:
    """What the settings dialog edits. Empty strings mean "the default"."""

    language: str = "auto"  # auto: Chinese on a Chinese system, else English
    data_folder: str = ""  # STUDIO_HOME for this app; "" = the platform's default
    voice_engine: str = "espeak"
    voice: str = ""  # engine voice name; "" = the engine's default per language
    # a voice per language (studio.speech.voices): a pack name, joe, espeak or auto;
    # either set, they replace voice_engine/voice (both "" = not used)
    voice_zh: str = ""
    voice_en: str = ""
    gpu: str = "auto"  # auto: use CUDA/NVENC when present; off: CPU only
    output_preset: str = ""  # "" = the scene's own canvas preset
    scene: str = ""  # scene file; "" = the shipped vertical room
    avatar: str = ""  # the presenter last chosen in the window; "" = the demo presenter
    ingest_url: str = ""
    stream_key: str = ""  # kept only when remember_key is on
    remember_key: bool = False
    threads: int = 0  # CPU cores Studio may use; 0 = all (studio.core.threads)
    theme: str = "auto"  # auto (the system's), light or dark

    def normalised(self) -> GuiSettings:
        """Unknown choices fall back to the defaults (a hand-edited file stays usable)."""
        s = GuiSettings(**asdict(self))
        if s.language not in LANGUAGES:
            s.language = "auto"
        if s.voice_engine not in VOICE_ENGINES:
            s.voice_engine = "espeak"
        if s.gpu not in GPU_CHOICES:
            s.gpu = "auto"
        if s.theme not in ("auto", "light", "dark"):
            s.theme = "auto"
        if s.output_preset not in OUTPUT_PRESETS:
            s.output_preset = ""
        if not s.remember_key:
            s.stream_key = ""
        if s.threads < 0:
            s.threads = 0
        return s


def voice_languages(settings: GuiSettings) -> tuple[tuple[str, str], ...]:
    """The window's per-language voices, as a show takes them (none set: none)."""
    chosen = (("zh", settings.voice_zh), ("en", settings.voice_en))
    if not any(name for _, name in chosen):
        return ()
    return tuple((lang, name or "auto") for lang, name in chosen)


def settings_path() -> Path:
    env = os.environ.get(SETTINGS_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("studio", appauthor=False)) / "gui.toml"


def load_settings(path: Path | None = None) -> GuiSettings:
    """The saved settings; defaults when there is no file or it cannot be read."""
    path = path or settings_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return GuiSettings()
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        log.warning("ignoring unreadable settings file %s: %s", path, exc)
        return GuiSettings()
    known = {f.name for f in fields(GuiSettings)}
    values = {}
    for key, value in data.items():  # unknown keys and wrong types are left out
        if key in known and isinstance(value, type(getattr(GuiSettings, key))):
            values[key] = value
    return GuiSettings(**values).normalised()


def save_settings(settings: GuiSettings, path: Path | None = None) -> Path:
    """Write atomically, readable by its owner only (the ingest URL and, when remembered,
    the stream key are in it). A key pasted into the URL is a key: it is kept apart from
    the server URL, and only when the user asked to remember it."""
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    s = settings.normalised()
    server, key = split_key(s.ingest_url, s.stream_key)
    s.ingest_url, s.stream_key = server, key if s.remember_key else ""
    text = "# Studio desktop settings (written by the settings dialog)\n" + dumps_toml(asdict(s))
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)  # O_CREAT keeps the mode of a file that is already there
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)
    return path


def apply_environment(settings: GuiSettings) -> None:
    """Point the engine at the chosen data folder and GPU use, before it starts.

    An explicit ``STUDIO_HOME`` in the environment wins over the settings file (scripts
    and tests set it); "GPU off" hides CUDA devices from torch and the NVENC probe.
    """
    if settings.data_folder and not os.environ.get(HOME_ENV):
        os.environ[HOME_ENV] = str(Path(settings.data_folder).expanduser())
    if settings.gpu == "off":
        os.environ["CUDA_VISIBLE_DEVICES"] = ""


# -- a minimal TOML writer (the standard library only reads TOML) -------------------


def _value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        out = v.replace("\\", "\\\\").replace('"', '\\"')
        out = out.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
        return f'"{out}"'
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} to TOML")


def dumps_toml(data: dict) -> str:
    """Plain keys first, then one ``[table]`` per nested dict (one level deep)."""
    lines = [f"{k} = {_value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    for key, table in data.items():
        if isinstance(table, dict):
            lines += ["", f"[{key}]"]
            lines += [f"{k} = {_value(v)}" for k, v in table.items() if v is not None]
    return "\n".join(lines) + "\n"
