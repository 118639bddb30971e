"""Scenes the GUI offers, and a scene at another output size.

The compositor takes its canvas size from the scene file, and a running show reads the
scene by path. To stream a shipped scene at another preset (1080p, landscape) without
editing the shipped file, the scene is validated, its paths made absolute, and written
as a copy under ``STUDIO_HOME/gui/scenes`` with the preset changed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

from studio.core.paths import assets_dir, private_dir, studio_home
from studio.gui.settings import dumps_toml

DEFAULT_SCENE = "douyin_vertical.toml"


def shipped_scenes() -> list[Path]:
    """The scene files that ship with Studio, then the user's own (STUDIO_HOME/scenes)."""
    found = sorted((assets_dir() / "scenes").glob("*.toml"))
    own = studio_home() / "scenes"
    if own.is_dir():
        found += sorted(own.glob("*.toml"))
    return found


def scene_title(name: str) -> str:
    """A scene's name as a merchant reads it: the shipped scenes and the show's own
    ``main`` and ``closeup`` in the UI language; her own scene files by their name."""
    return {
        "main": QCoreApplication.translate("Scenes", "Main view"),
        "closeup": QCoreApplication.translate("Scenes", "Close-up"),
        "douyin_vertical": QCoreApplication.translate("Scenes", "Vertical room (Douyin, Kuaishou)"),
        "landscape_room": QCoreApplication.translate("Scenes", "Landscape room"),
        "plain_vertical": QCoreApplication.translate("Scenes", "Vertical, plain background"),
        "plain_landscape": QCoreApplication.translate("Scenes", "Landscape, plain background"),
    }.get(name, name)


def default_scene() -> Path:
    return assets_dir() / "scenes" / DEFAULT_SCENE


def scene_with_preset(path: Path, preset: str) -> Path:
    """``path`` itself when ``preset`` is empty or already its own, else a copy at ``preset``."""
    from studio.render.scene import load_scene

    scene = load_scene(path)
    if not preset or scene.canvas.preset == preset:
        return Path(path)
    data = scene.model_dump(mode="json")
    data["canvas"]["preset"] = preset
    bg = data["background"]
    if bg.get("path"):
        bg["path"] = str(scene.resolve(bg["path"]).resolve())
    tryon = data["tryon"]
    if tryon.get("garment"):
        tryon["garment"] = str(scene.resolve(tryon["garment"]).resolve())
    tryon["accessories"] = [str(scene.resolve(p).resolve()) for p in tryon["accessories"]]
    out_dir = studio_home() / "gui" / "scenes"
    private_dir(out_dir)
    out = out_dir / f"{Path(path).stem}@{preset}.toml"
    header = f"# {Path(path).name} at {preset}, written by the desktop studio; edit the original\n"
    out.write_text(header + dumps_toml(data), encoding="utf-8")
    load_scene(out)  # what was written must read back
    return out
