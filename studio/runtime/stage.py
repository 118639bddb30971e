"""The scenes a show can cut to, the one on screen, and the dissolve between them.

A script's ``[scene NAME]`` item (or the window's scene picker) switches the layout on a
running show. NAME is looked up as: ``main`` (the show's own scene), a path to a scene
file, a scene file of that name beside the show's scene or among the shipped ones, or
``closeup`` (the show's scene with the presenter 1.6x closer, when no file of that name
exists). Every scene is drawn on
the show's canvas (the encoder's size cannot change mid-stream). A switch re-fits the
presenter to the new box and dissolves from the last picture of the old scene over
``DISSOLVE_MS``; only the render thread calls ``switch`` and ``compose``.
"""

from __future__ import annotations

import logging
from pathlib import Path

import cv2
import numpy as np

from studio.core.errors import StudioError
from studio.core.paths import assets_dir
from studio.core.timeline import FrameRate
from studio.render.compositor import AuditSink, Compositor
from studio.render.context import FrameContext
from studio.render.scene import Scene, load_scene
from studio.runtime.avatar_driver import AvatarDriver, fit_to

log = logging.getLogger(__name__)

DISSOLVE_MS = 400
CLOSEUP_ZOOM = 1.6
MAIN = "main"


def closeup_of(scene: Scene) -> Scene:
    """The same room with the presenter closer (her head kept in the window)."""
    avatar = scene.avatar.model_copy(update={"zoom": CLOSEUP_ZOOM})
    return scene.model_copy(update={"avatar": avatar})


class Stage:
    """Compositors by scene name; switches with a dissolve (see the module docstring)."""

    def __init__(
        self,
        main: Compositor,
        driver: AvatarDriver,
        fps: FrameRate,
        *,
        scene_path: Path | None = None,
        audit: AuditSink | None = None,
    ) -> None:
        self.main = self.compositor = main
        self.driver = driver
        self.audit = audit
        self.scene_path = scene_path
        self.name = MAIN
        self._by_name: dict[str, Compositor] = {MAIN: main}
        self._dissolve = max(1, (DISSOLVE_MS * fps.num + 500 * fps.den) // (1000 * fps.den))
        self._from: np.ndarray | None = None  # the old scene's last picture
        self._start = 0
        self._last: np.ndarray | None = None

    @property
    def width(self) -> int:
        return self.main.width

    @property
    def height(self) -> int:
        return self.main.height

    def _scene_named(self, name: str) -> Scene | None:
        if name.endswith(".toml") and Path(name).is_file():  # a file the user picked
            return load_scene(Path(name))
        folders = [self.scene_path.parent] if self.scene_path is not None else []
        folders.append(assets_dir() / "scenes")
        for folder in folders:
            path = folder / f"{name}.toml"
            if path.is_file():
                return load_scene(path)
        if name == "closeup":
            return closeup_of(self.main.scene)
        return None

    def compositor_for(self, name: str) -> Compositor | None:
        """The compositor of scene ``name`` (made once); None when there is no such scene."""
        comp = self._by_name.get(name)
        if comp is None:
            try:
                scene = self._scene_named(name)
            except StudioError as exc:
                log.error("scene %r cannot be used: %s", name, exc)
                return None
            if scene is None:
                return None
            comp = self._by_name[name] = Compositor(scene, self.audit, preset=self.main.preset)
        return comp

    def switch(self, name: str, frame_no: int) -> bool:
        """Cut to scene ``name`` at ``frame_no`` with a dissolve; False (logged) when there
        is no such scene."""
        comp = self.compositor_for(name)
        if comp is None:
            log.warning("no scene named %r: the show stays on %r", name, self.name)
            return False
        return self.use(comp, name, frame_no)

    def use(self, comp: Compositor, name: str, frame_no: int) -> bool:
        """Cut to ``comp`` (a scene from a file the user picked, say) at ``frame_no``."""
        if comp is self.compositor:
            return True
        self._by_name[name] = comp
        self.compositor, self.name = comp, name
        fit_to(self.driver, comp)
        self._from, self._start = self._last, frame_no
        log.info("scene: %s from frame %d", name, frame_no)
        return True

    def compose(self, ctx: FrameContext) -> np.ndarray:
        frame = self.compositor.compose(ctx)
        if self._from is not None:
            k = ctx.frame_no - self._start
            if 0 <= k < self._dissolve:
                w = (k + 1) / (self._dissolve + 1)
                frame = cv2.addWeighted(self._from, 1.0 - w, frame, w, 0.0)
            elif k >= self._dissolve:
                self._from = None
        self._last = frame
        return frame

    def close(self) -> None:
        for comp in {id(c): c for c in self._by_name.values()}.values():
            comp.close()
