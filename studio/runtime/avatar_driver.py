"""Avatar drivers: give the director a picture for a frame number and a mouth pose.

The photo driver animates the one-photo avatar (blinks, head sway, nods while
speaking); the video-avatar driver (base loop + mouth) plugs in behind the same method.
"""

from __future__ import annotations

import threading

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


class VideoAvatarDriver:
    """A cloned video avatar: the base loop with real mouths retrieved from its bank.

    The mouth of a whole item is planned when the item is placed on the timeline
    (``prepare``; the Viterbi pass needs the whole utterance). A plan is used only while
    the director asks for the mouth it was planned for, so an item cut short falls back
    at once. Frames no plan covers get a rest plan for the next ``REST_BLOCK`` frames when
    the director asks for the rest mouth (idle, gaps), or a per-frame choice otherwise:
    the nearest shape, preferring the successor of the frame shown before.
    """

    REST_BLOCK = 50
    KEEP_PLANS = 8

    def __init__(self, renderer, with_matte: bool = False) -> None:
        self.renderer = renderer  # a studio.render.video_avatar.VideoAvatarRenderer
        self.with_matte = with_matte
        # first output frame -> (bank frame per frame, requested open, requested width)
        self._plans: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._last: tuple[int, int] | None = None  # (output frame, bank frame) shown last
        self._lock = threading.Lock()  # plans are made on one thread, used on another

    @classmethod
    def for_compositor(
        cls, avatar, compositor: Compositor, fps: FrameRate, seed: int = 0
    ) -> VideoAvatarDriver:
        """Rendered at the size of the compositor's avatar slot (the whole canvas when the
        presenter's own frame is the background), with the avatar's stored person matte
        when the scene cuts the presenter out."""
        from studio.render.video_avatar import VideoAvatarRenderer

        w, h = avatar.size
        if compositor.avatar_fills_canvas:
            size = (compositor.width, compositor.height)
        else:
            rect = compositor.avatar_rect(w / h)
            size = (rect.w, rect.h)
        renderer = VideoAvatarRenderer(avatar, out_size=size, fps=fps, seed=seed)
        matte = bool(compositor.scene.avatar.matte) and not compositor.avatar_fills_canvas
        return cls(renderer, with_matte=matte)

    def prepare(self, track, first_frame: int) -> np.ndarray:
        """Plan the mouth of ``track`` (a ``MouthTrack`` at the output rate) from output
        frame ``first_frame``; returns the bank frame per output frame."""
        with self._lock:
            prev = self._planned(first_frame - 1, None)
        plan = self.renderer.plan(track, first_frame, prev=prev)  # thread-safe, not locked
        o, w = self.renderer.on_grid(track)
        with self._lock:
            self._store(first_frame, plan, o.astype(np.float32), w.astype(np.float32))
        return plan

    def _store(self, first: int, plan: np.ndarray, o: np.ndarray, w: np.ndarray) -> None:
        # A new plan replaces what older ones said about its frames.
        for start, (p, po, pw) in list(self._plans.items()):
            if start >= first:
                del self._plans[start]
            elif start + len(p) > first:
                cut = first - start
                self._plans[start] = (p[:cut], po[:cut], pw[:cut])
        self._plans[first] = (plan, o, w)
        while len(self._plans) > self.KEEP_PLANS:
            del self._plans[min(self._plans)]

    def _planned(self, index: int, mouth: MouthPose | None) -> int | None:
        """The planned bank frame for ``index`` (None when no plan covers it, or the
        plan was made for another mouth than ``mouth``)."""
        for start, (plan, o, w) in self._plans.items():
            k = index - start
            if 0 <= k < len(plan):
                if mouth is not None and (
                    abs(float(o[k]) - mouth.open) > 1e-4 or abs(float(w[k]) - mouth.width) > 1e-4
                ):
                    self._plans[start] = (plan[:k], o[:k], w[:k])  # cut short: drop the rest
                    return None
                return int(plan[k])
        return None

    def render(
        self, index: int, mouth: MouthPose, speaking: float
    ) -> tuple[np.ndarray, np.ndarray | None]:
        with self._lock:
            source = self._planned(index, mouth)
        if source is None:
            source = self._unplanned(index, mouth)
        from studio.render.mouth_select import cut_fades

        fade = -1
        if self._last is not None and self._last[0] == index - 1:
            closure = np.array([mouth.open <= self.renderer.index.closed_request])
            succ_ok = self.renderer.index.succ_ok
            fade = int(cut_fades(np.array([source]), closure, succ_ok, prev=self._last[1])[0])
        self._last = (index, source)
        frame = self.renderer.render(index, source, fade)
        return frame, (self.renderer.matte(index) if self.with_matte else None)

    def _unplanned(self, index: int, mouth: MouthPose) -> int:
        r = self.renderer
        prev = self._last[1] if self._last is not None and self._last[0] == index - 1 else None
        if mouth.open == 0.0 and mouth.width == 0.0:  # the director's "no speech"
            count = self.REST_BLOCK
            plan = r.rest_plan(index, count, prev=prev)
            zeros = np.zeros(count, np.float32)
            with self._lock:
                self._store(index, plan, zeros, zeros)
            return int(plan[0])
        pose = r.base_pose(index, 1)[0]
        return r.selector.next(mouth.open, mouth.width, pose, prev)


def video_driver(
    compositor: Compositor, avatar, fps: FrameRate, seed: int = 0
) -> VideoAvatarDriver:
    """A video avatar rendered at the size of the compositor's avatar slot, with its
    stored person matte when the scene cuts the presenter out."""
    return VideoAvatarDriver.for_compositor(avatar, compositor, fps, seed)
