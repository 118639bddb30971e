"""Avatar drivers: the presenter's picture for a frame number and a mouth, for any scene.

Both kinds answer the same questions, so every feature of the show works on both:
where she goes in a scene (``box_in``), rendering at that box from now on (``fit``: a
scene change), planning an utterance's mouth (``prepare``), one frame (``render``),
which of her base frames is under a frame (``base_index``: try-on is fitted per base
frame), and her body in the pixels she is fitted in (``tryon_track``) with the
transform from those pixels to the ones she is drawn in now (``picture_transform``).

The photo driver animates a one-photo avatar (blinks, head sway, nods while speaking);
the video driver plays a cloned presenter's base loop with real mouths from her bank.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Sequence
from dataclasses import astuple, dataclass, replace
from typing import Protocol

import numpy as np

from studio.avatar.landmarks import FaceLandmarks, detect_single_face
from studio.avatar.photo import PhotoAvatar, check_portrait, frame_photo_avatar
from studio.core.framing import HeadBox
from studio.core.timeline import FrameRate
from studio.render.compositor import AvatarBox, Compositor
from studio.render.matte import decontaminate, fade_borders, person_matte
from studio.render.motion import BlinkSchedule, HeadSway
from studio.render.mouth_select import cut_fades
from studio.render.photo_renderer import MouthPose, PhotoAvatarRenderer
from studio.render.video_avatar import OutputMap, VideoAvatarRenderer
from studio.tryon.body import BodyTrack
from studio.tryon.fitcache import digest
from studio.tryon.photo import photo_track

FrameSource = Callable[[int], np.ndarray]


@dataclass(frozen=True)
class Similarity:
    """p -> p * scale + (dx, dy): how one framing of the presenter maps onto another."""

    scale: float = 1.0
    dx: float = 0.0
    dy: float = 0.0

    def then(self, other: Similarity) -> Similarity:
        """This, followed by ``other``."""
        s = self.scale * other.scale
        return Similarity(s, self.dx * other.scale + other.dx, self.dy * other.scale + other.dy)

    def inverse(self) -> Similarity:
        return Similarity(1.0 / self.scale, -self.dx / self.scale, -self.dy / self.scale)

    @property
    def identity(self) -> bool:
        return abs(self.scale - 1) < 1e-9 and abs(self.dx) < 1e-6 and abs(self.dy) < 1e-6


class AvatarDriver(Protocol):
    kind: str  # "photo" | "video"

    def box_in(self, compositor: Compositor) -> AvatarBox: ...

    def fit(self, box: AvatarBox, matte: bool) -> None: ...

    def prepare(self, track, first_frame: int) -> None: ...

    def render(
        self, index: int, mouth: MouthPose, speaking: float
    ) -> tuple[np.ndarray, np.ndarray | None]: ...

    def base_index(self, index: int) -> int: ...

    def tryon_track(self) -> tuple[BodyTrack, FrameSource]: ...

    def tryon_key(self) -> Hashable: ...

    def picture_transform(self) -> Similarity: ...


def fit_to(driver: AvatarDriver, compositor: Compositor) -> AvatarBox:
    """Size ``driver`` for ``compositor``'s scene; returns the box it now renders at."""
    box = driver.box_in(compositor)
    driver.fit(box, matte=bool(compositor.scene.avatar.matte) and box.mode == "box")
    compositor.use_box(box)
    return box


class PhotoAvatarDriver:
    """A one-photo presenter, framed around her face for each scene's box."""

    kind = "photo"
    KEEP_FRAMINGS = 4

    def __init__(self, portrait_rgb: np.ndarray, fps: FrameRate, seed: int = 7) -> None:
        self.portrait = check_portrait(portrait_rgb)
        self.face: FaceLandmarks = detect_single_face(self.portrait)
        self.blinks = BlinkSchedule(fps, seed=seed)
        self.sway = HeadSway(fps, seed=seed + 4)
        self._framings: dict[tuple, PhotoAvatarRenderer] = {}
        self.renderer: PhotoAvatarRenderer | None = None

    def box_in(self, compositor: Compositor) -> AvatarBox:
        if compositor.avatar_fills_canvas:  # the photo is framed to fill any canvas
            return compositor.avatar_box(compositor.width / compositor.height)
        h, w = self.portrait.shape[:2]  # as much of her body as a portrait slot holds
        return compositor.avatar_box(min(1.0, max(9 / 16, w / h)))

    def fit(self, box: AvatarBox, matte: bool) -> None:
        key = (box.size, round(box.zoom, 3), matte)
        renderer = self._framings.get(key)
        if renderer is None:
            renderer = self._framings[key] = self._framing(box, matte)
            while len(self._framings) > self.KEEP_FRAMINGS:
                del self._framings[next(iter(self._framings))]
        self.renderer = renderer

    def _framing(self, box: AvatarBox, matte: bool) -> PhotoAvatarRenderer:
        avatar = frame_photo_avatar(self.portrait, self.face, *box.size, zoom=box.zoom)
        if not matte:
            return PhotoAvatarRenderer(avatar)
        alpha = fade_borders(person_matte(avatar.plate), sides="ltr")
        clean = PhotoAvatar(decontaminate(avatar.plate, alpha), avatar.face, avatar.framing)
        return PhotoAvatarRenderer(clean, alpha)

    def prepare(self, track, first_frame: int) -> None:
        """Nothing to plan: the photo rig renders any mouth pose directly."""

    def render(
        self, index: int, mouth: MouthPose, speaking: float
    ) -> tuple[np.ndarray, np.ndarray | None]:
        assert self.renderer is not None, "fit() the driver to a scene first"
        return self.renderer.render_with_matte(
            mouth, self.sway.pose(index, speaking), self.blinks.amount(index)
        )

    def base_index(self, index: int) -> int:
        return 0

    def tryon_track(self) -> tuple[BodyTrack, FrameSource]:
        r = self.renderer
        assert r is not None
        plate = r.avatar.plate
        return photo_track(plate, r.avatar.face.points, r.matte), lambda _k: plate

    def tryon_key(self) -> Hashable:
        """What ``tryon_track`` is made of (her picture as framed now, her face, the
        matte), for fits shared between shows (studio.tryon.fitcache)."""
        r = self.renderer
        assert r is not None
        return ("photo", digest(r.avatar.plate, r.avatar.face.points, r.matte))

    def picture_transform(self) -> Similarity:
        assert self.renderer is not None
        return Similarity(*self.renderer.avatar.framing)


class VideoAvatarDriver:
    """A cloned video avatar: the base loop with real mouths retrieved from its bank.

    The mouth of a whole item is planned when the item is placed on the timeline
    (``prepare``; the Viterbi pass needs the whole utterance). A plan is used only while
    the director asks for the mouth it was planned for, so an item cut short falls back
    at once. Frames no plan covers get a rest plan for the next ``REST_BLOCK`` frames when
    the director asks for the rest mouth (idle, gaps), or a per-frame choice otherwise:
    the nearest shape, preferring the successor of the frame shown before.
    """

    kind = "video"
    REST_BLOCK = 50
    KEEP_PLANS = 8

    def __init__(self, renderer: VideoAvatarRenderer, with_matte: bool = False) -> None:
        self.renderer = renderer
        self.with_matte = with_matte
        # first output frame -> (bank frame per frame, requested open, requested width)
        self._plans: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._last: tuple[int, int] | None = None  # (output frame, bank frame) shown last
        self._lock = threading.Lock()  # plans are made on one thread, used on another

    @classmethod
    def for_compositor(
        cls, avatar, compositor: Compositor, fps: FrameRate, seed: int = 0
    ) -> VideoAvatarDriver:
        """Rendered for the compositor's scene (see ``fit_to``)."""
        driver = cls(VideoAvatarRenderer(avatar, fps=fps, seed=seed))
        fit_to(driver, compositor)
        return driver

    @property
    def avatar(self):
        return self.renderer.avatar

    def head(self) -> HeadBox:
        """Where her head is over the whole base loop (landmarks' extent, with margins)."""
        pts = np.asarray(self.avatar.tracks.landmarks)[..., :2]
        found = np.asarray(self.avatar.tracks.found, bool)
        pts = pts[found] if found.any() else pts
        lo, hi = np.nanmin(pts, axis=(0, 1)), np.nanmax(pts, axis=(0, 1))
        return HeadBox.of_face((lo[0], lo[1], hi[0], hi[1]), self.avatar.size)

    def box_in(self, compositor: Compositor) -> AvatarBox:
        w, h = self.avatar.size
        return compositor.avatar_box(w / h, self.head())

    def fit(self, box: AvatarBox, matte: bool) -> None:
        self.renderer.set_map(OutputMap.cover(self.avatar.size, box.size, box.zoom, box.focus))
        self.with_matte = matte

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

    def base_index(self, index: int) -> int:
        return int(self.renderer.base_source(index).index)

    def tryon_track(self) -> tuple[BodyTrack, FrameSource]:
        """Her body per base frame in the pixels she is rendered in now."""
        r, avatar = self.renderer, self.avatar
        out_map = r.map
        s, dx, dy = out_map.similarity
        track = BodyTrack.from_tracks(avatar.tracks, avatar.size)
        body = track.body.copy()
        body[..., 0] = body[..., 0] * s + dx
        body[..., 1] = body[..., 1] * s + dy
        mapped = BodyTrack(
            track.face * s + [dx, dy], body, out_map.out, MappedMasks(avatar.masks, out_map)
        )
        return mapped, lambda k: out_map.apply(avatar.frame(k))

    def tryon_key(self) -> Hashable:
        """What ``tryon_track`` is made of: her package (made again, it is another one)
        and the pixels she is drawn in, for fits shared between shows
        (studio.tryon.fitcache)."""
        avatar = self.avatar
        made = (str(avatar.path.resolve()), avatar.manifest.created, avatar.num_frames)
        return ("video", made, astuple(self.renderer.map))

    def picture_transform(self) -> Similarity:
        return Similarity(*self.renderer.map.similarity)


class MappedMasks(Sequence):
    """Her stored person masks, read on demand and mapped like her picture."""

    def __init__(self, masks, out_map: OutputMap) -> None:
        self.masks, self.map = masks, out_map

    def __len__(self) -> int:
        return len(self.masks)

    def __getitem__(self, i):  # type: ignore[override]
        m = self.masks.read(i)
        mh, mw = m.shape[:2]
        return replace(self.map, src=(mw, mh)).apply(m)


def photo_driver(
    compositor: Compositor, portrait_rgb: np.ndarray, fps: FrameRate
) -> PhotoAvatarDriver:
    """A photo avatar fitted to the compositor's scene."""
    driver = PhotoAvatarDriver(portrait_rgb, fps)
    fit_to(driver, compositor)
    return driver


def video_driver(
    compositor: Compositor, avatar, fps: FrameRate, seed: int = 0
) -> VideoAvatarDriver:
    """A video avatar fitted to the compositor's scene."""
    return VideoAvatarDriver.for_compositor(avatar, compositor, fps, seed)
