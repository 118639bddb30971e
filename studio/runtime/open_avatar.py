"""Which driver animates an avatar: the one-photo rig or the video avatar's lip-sync renderer.

One place decides it for `studio render`, the live show and the demo, so an avatar name
means the same thing everywhere: "demo" is the built-in portrait, a photo package is
animated by the photo rig, a video package by its base loop and mouth bank.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2

from studio.avatar.builtin import demo_portrait
from studio.avatar.package import load_avatar
from studio.core.timeline import FrameRate
from studio.render.compositor import Compositor
from studio.runtime.avatar_driver import VideoAvatarDriver, photo_driver


@dataclass
class OpenedAvatar:
    """A ready driver, and the video avatar behind it (None for photo avatars)."""

    name: str
    driver: Any  # PhotoAvatarDriver | VideoAvatarDriver: prepare(track, first), render(...)
    video_avatar: Any = None

    def close(self) -> None:
        if self.video_avatar is not None:
            self.video_avatar.close()


def open_avatar(name: str, compositor: Compositor, fps: FrameRate) -> OpenedAvatar:
    """Load ``name`` ("demo", or an avatar under STUDIO_HOME/avatars), fitted to the scene."""
    if name == "demo":
        return OpenedAvatar(name, photo_driver(compositor, demo_portrait(), fps))
    avatar = load_avatar(name)
    if avatar.kind == "photo":
        portrait = cv2.cvtColor(avatar.frame(0), cv2.COLOR_BGR2RGB)
        avatar.close()
        return OpenedAvatar(name, photo_driver(compositor, portrait, fps))
    return OpenedAvatar(name, VideoAvatarDriver.for_compositor(avatar, compositor, fps), avatar)
