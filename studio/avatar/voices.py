"""A presenter's own voice per language: ``voices.json`` in her avatar folder.

``studio avatar voice anna --zh zh_CN-huayan-medium --en joe`` keeps which voice speaks
for her, so every room and render with her sounds the same without repeating it. A room
file's ``[voice.languages]`` still wins over it (the show owner's choice). The file sits
beside the manifest, not in it: choosing a voice must not touch the built package.
"""

from __future__ import annotations

import json
import logging

from studio.avatar.names import avatar_dir
from studio.core.errors import InputError
from studio.core.paths import write_private
from studio.speech.voices import LANGUAGES, resolve_voice

log = logging.getLogger(__name__)

VOICES_FILE = "voices.json"


def presenter_voices(name: str) -> dict[str, str]:
    """Language -> voice name chosen for avatar ``name``; empty when none (or "demo")."""
    if not name or name == "demo":
        return {}
    try:
        path = avatar_dir(name) / VOICES_FILE
    except InputError:  # a path or an odd name: it has no voices file
        return {}
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable %s: %s", path, exc)
        return {}
    return {k: v for k, v in data.items() if k in LANGUAGES and isinstance(v, str) and v}


def set_presenter_voices(name: str, choices: dict[str, str]) -> dict[str, str]:
    """Merge ``choices`` (language -> voice name, "" to forget one) into avatar ``name``'s
    voices after checking each is installed; returns what is kept now."""
    folder = avatar_dir(name)
    if not (folder / "manifest.json").is_file():
        raise InputError(f"There is no avatar {name!r}.", "see them with `studio avatar list`")
    kept = presenter_voices(name)
    for language, voice in choices.items():
        if voice:
            resolve_voice(voice, language)  # ConfigError with a hint when it cannot be used
            kept[language] = voice
        else:
            kept.pop(language, None)
    path = folder / VOICES_FILE
    if kept:
        write_private(path, json.dumps(kept, ensure_ascii=False, indent=1))
    else:
        path.unlink(missing_ok=True)
    return kept
