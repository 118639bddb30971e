"""Avatar drivers: give the director a picture for a frame number and a mouth pose.

The photo driver animates the one-photo avatar (blinks, head sway, nods while
speaking); the video-avatar driver (base loop + mouth) plugs in behind the same method.
"""

from __future__ import annotations

import numpy as np

from studio.core.timeline import FrameRate
from studio.render.compositor import Compositor
from studio.render.motion import BlinkSchedule, HeadSway
from studio.render.photo_renderer import MouthPose, PhotoAvatarRenderer


class PhotoAvatarDriver:
    def __init__(self, renderer: PhotoAvatarRenderer, fps: FrameRate, seed: int = 7) -> None:
        self.renderer = renderer
        self.blinks = BlinkSchedule(fps, seed=seed)
        self.sway = HeadSway(fps, seed=seed + 4)

    def prepare(self, track, first_frame: int) -> None:
        """Nothing to plan: the photo rig renders any mouth pose directly."""

    def render(
        self, index: int, mouth: MouthPose, speaking: float
    ) -> tuple[np.ndarray, np.ndarray | None]:
        return self.renderer.render_with_matte(
            mouth, self.sway.pose(index, speaking), self.blinks.amount(index)
        )


def photo_driver(
    compositor: Compositor, portrait_rgb: np.ndarray, fps: FrameRate
) -> PhotoAvatarDriver:
    """A photo avatar sized for the compositor's avatar slot (with a matte if cut out)."""
    from studio.render.still import photo_renderer_for

    return PhotoAvatarDriver(photo_renderer_for(compositor, portrait_rgb), fps)
