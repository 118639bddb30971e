"""The retrieval avatar renderer: the base loop with a real mouth that follows a track.

Per output frame: the base loop's frame (a video texture of the presenter), scaled to
the output size the way the compositor's ``cover`` does, with the lower face of one
real bank frame pasted on it (``lower_face``). Which bank frame is planned ahead for a
whole utterance (``mouth_select``): close in shape to the requested mouth, close in
head pose to the base frame under it, in runs of consecutive real frames.

The base loop's own mouths are the training video's speech, so every output frame gets
a pasted mouth, pauses included (``rest_plan``).

Output frame n maps to the base loop by time, with integer arithmetic on the shared
timeline (``FrameRate``): at another frame rate than the avatar's, the loop still plays
at its own speed, without drift.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace

import cv2
import numpy as np

from studio.avatar import landmarks as L
from studio.avatar.geometry import apply_affine, fit_similarity, invert_affine
from studio.core.errors import InputError
from studio.core.timeline import FrameRate
from studio.lipsync.trajectory import MouthTrack
from studio.phonetics.viseme import Viseme
from studio.render.base_loop import BaseLoopPlayer, LoopFrame, LoopWalker
from studio.render.lower_face import MASK_POINTS, LowerFacePaster, MaskSpec, compose_affine
from studio.render.mouth_select import MouthIndex, MouthSelector, SelectWeights, cut_fades


@dataclass(frozen=True)
class OutputMap:
    """Avatar pixels -> output pixels: scale to cover ``out`` and centre-crop, exactly as
    ``studio.render.layers.background.cover`` (so the compositor takes the frame as is)."""

    src: tuple[int, int]  # avatar (w, h)
    out: tuple[int, int]  # output (w, h)
    scaled: tuple[int, int]  # the size the avatar is resized to before the crop
    offset: tuple[int, int]  # top-left of the crop in the resized picture

    @classmethod
    def cover(
        cls,
        src: tuple[int, int],
        out: tuple[int, int] | None,
        zoom: float = 1.0,
        focus: tuple[float, float] = (0.5, 0.5),
    ) -> OutputMap:
        """Fill ``out``, centre-cropped; ``zoom`` > 1 is a close-up whose window is kept
        around ``focus`` (a point of the avatar's picture, as fractions)."""
        iw, ih = src
        w, h = out or src
        s = max(w / iw, h / ih) * max(1.0, zoom)
        nw, nh = max(w, round(iw * s)), max(h, round(ih * s))
        if zoom <= 1.0:
            return cls((iw, ih), (w, h), (nw, nh), ((nw - w) // 2, (nh - h) // 2))
        x0 = int(np.clip(round(focus[0] * nw - w / 2), 0, nw - w))
        y0 = int(np.clip(round(focus[1] * nh - h / 2), 0, nh - h))
        return cls((iw, ih), (w, h), (nw, nh), (x0, y0))

    @property
    def identity(self) -> bool:
        return self.src == self.out == self.scaled and self.offset == (0, 0)

    @property
    def affine(self) -> np.ndarray:
        """2x3: avatar px -> output px (cv2.resize's pixel-centre convention)."""
        (iw, ih), (nw, nh), (x0, y0) = self.src, self.scaled, self.offset
        sx, sy = nw / iw, nh / ih
        return np.array([[sx, 0.0, 0.5 * sx - 0.5 - x0], [0.0, sy, 0.5 * sy - 0.5 - y0]])

    def apply(self, image: np.ndarray, interpolation: int = cv2.INTER_LINEAR) -> np.ndarray:
        if self.identity:
            return image
        (w, h), (nw, nh), (x0, y0) = self.out, self.scaled, self.offset
        if nw * nh > 2 * w * h:  # a close-up: resample only the window that is kept
            return cv2.warpAffine(image, self.affine, (w, h), flags=interpolation)
        scaled = cv2.resize(image, (nw, nh), interpolation=interpolation)
        if (nw, nh) == (w, h):
            return scaled
        return np.ascontiguousarray(scaled[y0 : y0 + h, x0 : x0 + w])

    @property
    def similarity(self) -> tuple[float, float, float]:
        """(scale, dx, dy): avatar px p -> p * scale + (dx, dy) output px (the scale of
        the longer side: covering keeps the aspect to a pixel)."""
        a = self.affine
        return float(a[0, 0]), float(a[0, 2]), float(a[1, 2])


class VideoAvatarRenderer:
    """Frames of a video avatar speaking a mouth track (see the module docstring).

    ``out_size``: (w, h) of the frames, default the avatar's own; ``fps``: the output
    frame rate, default the avatar's.
    """

    def __init__(
        self,
        avatar,
        out_size: tuple[int, int] | None = None,
        fps: FrameRate | None = None,
        seed: int = 0,
        weights: SelectWeights | None = None,
        mask: MaskSpec | None = None,
    ) -> None:
        if avatar.kind != "video":
            raise InputError(
                f"avatar {avatar.name!r} is a {avatar.kind} avatar; the retrieval renderer "
                "needs a video avatar",
                hint="create one from a video: studio avatar create VIDEO --name NAME",
            )
        self.avatar = avatar
        self.fps = fps or avatar.fps
        self.player = BaseLoopPlayer(avatar, seed=seed)
        # Planning walks the same loop on its own walker (same seed, same walk): plans are
        # made on the director's thread while frames render on another, and a walker's
        # block caches are not shared between threads.
        self._plan_walker = LoopWalker(avatar.loop_graph, float(avatar.fps), seed=seed)
        self._plan_lock = threading.Lock()
        self.set_map(OutputMap.cover(avatar.size, out_size))
        self.index = MouthIndex(avatar.mouth_bank, weights)
        self.selector = MouthSelector(self.index)
        self.paster = LowerFacePaster(avatar, mask)
        self.paster.warm()
        self._template = np.load(avatar.path / "tracks" / "template.npy").astype(np.float64)
        self._pose = np.asarray(avatar.tracks.head_pose[:, :3], dtype=np.float64)
        sil = avatar.mouth_bank.viseme_targets().get(Viseme.SIL)
        self.rest = (float(sil.open), float(sil.width)) if sil else (self.index.closed_level, 0.0)

    def set_map(self, output_map: OutputMap) -> None:
        """Render into ``output_map`` from the next frame (a scene change: another size,
        a close-up). Call it on the thread that renders."""
        self.map = output_map
        self.size = output_map.out

    # -- time ----------------------------------------------------------------------------
    def loop_frame(self, n: int) -> int:
        """The base loop's frame number (at the avatar's rate) shown at output frame n."""
        if self.fps == self.avatar.fps:
            return n
        return self.avatar.fps.frame_at_sample(self.fps.frame_start_sample(n))

    def base_source(self, n: int) -> LoopFrame:
        return self.player.source(self.loop_frame(n))

    def base_pose(self, first: int, count: int) -> np.ndarray:
        """(count, 3) yaw, pitch, roll of the base frames under output frames first..
        (safe to call while another thread renders)."""
        out = np.empty((count, 3), np.float64)
        with self._plan_lock:
            infos = [self._plan_walker.at(self.loop_frame(first + k)) for k in range(count)]
        for k, info in enumerate(infos):
            p = self._pose[info.index]
            if info.blended:
                p = info.weight * p + (1.0 - info.weight) * self._pose[info.other]
            out[k] = p
        return out

    # -- planning ------------------------------------------------------------------------
    def on_grid(self, track: MouthTrack) -> tuple[np.ndarray, np.ndarray]:
        """The track's open/width per output frame (resampled by time if its fps differs)."""
        o, w = np.asarray(track.open, np.float64), np.asarray(track.width, np.float64)
        if track.fps == self.fps or len(o) == 0:
            return o, w
        samples = track.fps.frame_start_sample(len(o))
        count = self.fps.frames_for_samples(samples)
        idx = [
            min(len(o) - 1, track.fps.frame_at_sample(self.fps.frame_start_sample(k)))
            for k in range(count)
        ]
        return o[idx], w[idx]

    def plan(self, track: MouthTrack, first_frame: int = 0, prev: int | None = None) -> np.ndarray:
        """Bank frame per output frame first_frame.. (int32), for the whole track at once."""
        o, w = self.on_grid(track)
        pose = self.base_pose(first_frame, len(o))
        return self.selector.plan(o, w, pose, prev=prev, hold_still=track.steady)

    def rest_plan(self, first_frame: int, count: int, prev: int | None = None) -> np.ndarray:
        """Bank frames for a pause: the presenter's rest mouth (viseme SIL)."""
        o = np.full(count, self.rest[0], np.float64)
        w = np.full(count, self.rest[1], np.float64)
        pose = self.base_pose(first_frame, count)
        return self.selector.plan(o, w, pose, prev=prev, hold=self.index.w.rest_hold)

    # -- rendering -----------------------------------------------------------------------
    def _base_canonical(self, n: int, info: LoopFrame) -> tuple[np.ndarray, np.ndarray]:
        """(canonical -> output px, the base face's MASK_POINTS in canonical units)."""
        if not info.blended:
            to_px = invert_affine(self.paster.to_canonical[info.index])
            pts = self.paster.canonical_points(info.index)
        else:  # a cross-fade: the face where the aligned dissolve shows it
            face = self.player.face(None, info=info)
            to_px = fit_similarity(self._template, face[L.STABLE])
            pts = apply_affine(invert_affine(to_px), face[MASK_POINTS])
        return compose_affine(self.map.affine, to_px), pts

    def render(self, n: int, source: int, fade_from: int = -1) -> np.ndarray:
        """Output frame n (BGR, ``self.size``): base loop frame with bank frame ``source``'s
        lower face (shown half over ``fade_from``'s when that is >= 0; see ``fades``)."""
        base, info = self.player.frame(self.loop_frame(n))
        out = self.map.apply(base)
        if out is base:
            out = base.copy()
        canon_to_out, base_pts = self._base_canonical(n, info)
        p = self.paster
        if fade_from >= 0:
            gain = p.gain(info.index, int(fade_from), info.other, info.weight)
            p.paste(out, canon_to_out, base_pts, int(fade_from), gain)
        gain = p.gain(info.index, int(source), info.other, info.weight)
        p.paste(out, canon_to_out, base_pts, int(source), gain, 0.5 if fade_from >= 0 else 1.0)
        return out

    def fades(self, plan: np.ndarray, open_: np.ndarray, prev: int | None = None) -> np.ndarray:
        """Per frame of ``plan``, the frame to dissolve from at a cut (-1: none)."""
        return cut_fades(plan, self.index.is_closure(open_), self.index.succ_ok, prev)

    def render_track(self, track: MouthTrack, first_frame: int = 0) -> Iterator[np.ndarray]:
        plan = self.plan(track, first_frame)
        fades = self.fades(plan, self.on_grid(track)[0])
        for k, src in enumerate(plan):
            yield self.render(first_frame + k, int(src), int(fades[k]))

    def matte(self, n: int) -> np.ndarray:
        """uint8 person matte of output frame n (the avatar's stored masks, scaled)."""
        info = self.base_source(n)
        masks = self.avatar.masks
        m = masks.read(info.index)
        if info.blended:
            m = cv2.addWeighted(m, info.weight, masks.read(info.other), 1.0 - info.weight, 0.0)
        mh, mw = m.shape[:2]  # stored small: the same window, from the mask's pixels
        return replace(self.map, src=(mw, mh)).apply(m)
