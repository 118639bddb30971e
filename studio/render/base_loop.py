"""Play an avatar's base loop: a seeded random walk over its video-texture graph.

The walk is cut into blocks of ``block`` output frames. Block k starts on an anchor
("hub") frame chosen from (seed, k) and must end on a frame that leads into block k+1's
hub: the frame just before it (playback simply goes on) or the source of one of the
graph's transitions into it (a jump with its cross-fade at the block boundary). So any
block can be walked on its own; ``frame(n)`` costs one or two block walks (a few ms)
the first time its block is touched and a JPEG decode after that, for any n, in any
order, deterministically.

Inside a block the walk plays forward, and after at least ``min_segment`` frames may
jump along a transition of the graph (Schödl et al. 2000), faded over ``crossfade``
frames. To end exactly on its target, every step is checked against a reachability
table: F[r][i] says whether, standing free at frame i with r steps to go, the target
can be reached at exactly r steps; it is a dynamic programme over the graph, built
once per hub. This is also the walk's dead-end avoidance: it never enters the tail of
the clip from which the target cannot be reached. Beyond the table's horizon the walk
only takes steps that are feasible at the horizon (the graph is well mixed by then).
"""

from __future__ import annotations

import hashlib
import logging
import random
from collections import OrderedDict
from dataclasses import dataclass

import cv2
import numpy as np

from studio.avatar.loop_graph import LoopGraph

log = logging.getLogger(__name__)

BLOCK_FRAMES = 3000
HORIZON_MAX = 1500
SEGMENT_MEAN_S = 3.0
BLOCK_CACHE = 4
RECENT_S = 20.0  # landing on frames shown this recently is strongly discouraged ...
RECENT_FRAC = 0.4  # ... or within this share of the clip, for short clips
RECENT_JUMP_S = 60.0  # the same jump again within this (or the clip's length) is discouraged
FRESH_MIN = 0.1  # landings staler than this are taken only when nothing else is possible


@dataclass(frozen=True)
class LoopFrame:
    """Where output frame n comes from: ``index`` with ``weight``, blended over ``other``."""

    index: int
    other: int = -1  # the frame faded out during a cross-fade, -1 when none
    weight: float = 1.0  # weight of ``index``; ``other`` gets 1 - weight
    jump: bool = False  # a jump lands on this output frame

    @property
    def blended(self) -> bool:
        return self.other >= 0 and self.weight < 1.0


def _weighted_choice(rng: random.Random, options: list[tuple[int, float]]) -> int:
    """One of the options' values, with probability proportional to its weight."""
    pick = rng.random() * sum(w for _, w in options)
    for value, w in options:
        pick -= w
        if pick <= 0:
            return value
    return options[-1][0]


def _derive(seed: int, *parts: object) -> int:
    text = ":".join(str(p) for p in (seed, *parts)).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "little")


class LoopWalker:
    """Deterministic walk over a ``LoopGraph`` (no images; see ``BaseLoopPlayer``)."""

    def __init__(
        self, graph: LoopGraph, fps: float, seed: int = 0, block: int = BLOCK_FRAMES
    ) -> None:
        self.graph = graph
        self.seed = int(seed)
        self.n = graph.num_frames
        self.m = graph.min_segment
        self.f = graph.crossfade
        self.block = int(block)
        self.horizon = self.block - 1
        # Jump often enough that segments average SEGMENT_MEAN_S although only some frames
        # have transitions.
        source_frac = len(np.unique(graph.src)) / max(1, self.n)
        self.p_jump = min(
            1.0, 1.0 / max(1.0, (SEGMENT_MEAN_S * fps - self.m) * max(source_frac, 1e-3))
        )
        self.hubs = [int(h) for h in graph.hubs]
        self.recent = max(1, round(min(RECENT_S * fps, RECENT_FRAC * self.n)))
        self.recent_jump = max(1, round(min(RECENT_JUMP_S * fps, self.n)))
        order = np.argsort(graph.src, kind="stable")
        src, dst, cost = graph.src[order], graph.dst[order], graph.cost[order]
        starts = np.searchsorted(src, np.arange(self.n + 1))
        thr2 = 2.0 * max(graph.threshold, 1e-6) ** 2
        self._jumps: list[list[tuple[int, float]]] = []
        for i in range(self.n):
            a, b = int(starts[i]), int(starts[i + 1])
            js = [
                (int(dst[t]), float(np.exp(-(cost[t] ** 2 + 0.995 * graph.future[dst[t]]) / thr2)))
                for t in range(a, b)
            ]
            self._jumps.append(js)
        self._adj = None
        if len(src):
            from scipy.sparse import csr_matrix

            self._adj = csr_matrix(
                (np.ones(len(src), dtype=np.float32), (src, dst)), shape=(self.n, self.n)
            )
        self._tables: OrderedDict[int, np.ndarray] = OrderedDict()
        self._blocks: OrderedDict[int, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = (
            OrderedDict()
        )
        self._walks: OrderedDict[int, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = (
            OrderedDict()
        )
        self.fallbacks = 0
        self.hubs = self._usable_hubs(self.hubs)

    def _usable_hubs(self, hubs: list[int]) -> list[int]:
        """The largest set of hubs that can all reach one another in exactly one block."""
        hubs = [h for h in hubs if 0 < h < self.n]
        ok = {(h, g): self._land_ok(self._table(g), self.horizon, h) for h in hubs for g in hubs}
        while hubs:
            bad = {h: sum(not ok[(h, g)] + (not ok[(g, h)]) for g in hubs) for h in hubs}
            worst = max(hubs, key=lambda h: bad[h])
            if bad[worst] == 0:
                break
            hubs = [h for h in hubs if h != worst]
        if len(hubs) < len(self.graph.hubs):
            log.debug("loop hubs %s of %s are usable", hubs, list(self.graph.hubs))
        if not hubs:
            log.warning("the base loop has no hub that can loop back to itself; playback will cut")
            return [max(1, self.n // 2)]
        return hubs

    # -- reachability ------------------------------------------------------------
    def entries(self, hub: int) -> list[int]:
        """Frames a block may end on to go on into ``hub``: the one before it, or a jump."""
        ends = [hub - 1] if hub >= 1 else []
        ends += [i for i in range(self.n) if any(j == hub for j, _ in self._jumps[i])]
        return ends

    def _table(self, hub: int) -> np.ndarray:
        """Packed bits (H+1, ceil(N/8)): F[r][i]: standing free at frame i with exactly r
        steps to go, a frame that leads into ``hub`` can be reached at the last step."""
        if hub in self._tables:
            self._tables.move_to_end(hub)
            return self._tables[hub]
        n, m, h = self.n, self.m, self.horizon
        rows = np.zeros((h + 1, n), dtype=bool)
        rows[0, self.entries(hub)] = True
        for r in range(1, h + 1):
            cur = np.zeros(n, dtype=bool)
            cur[:-1] = rows[r - 1, 1:]
            q = r - 1 - (m - 1)  # landing at j with r-1 left is free at j+m-1 with q left
            if self._adj is not None and q >= 0:
                land = np.zeros(n, dtype=np.float32)
                land[: n - (m - 1)] = rows[q, m - 1 :]
                cur |= (self._adj @ land) > 0
            rows[r] = cur
        packed = np.packbits(rows, axis=1)
        self._tables[hub] = packed
        if len(self._tables) > 2 * len(self.hubs) + 2:
            self._tables.popitem(last=False)
        return packed

    @staticmethod
    def _bit(table: np.ndarray, r: int, i: int) -> bool:
        r = min(r, table.shape[0] - 1)
        return bool((table[r, i >> 3] >> (7 - (i & 7))) & 1)

    def _free_ok(self, table: np.ndarray, r: int, i: int) -> bool:
        return 0 <= i < self.n and r >= 0 and self._bit(table, r, i)

    def _land_ok(self, table: np.ndarray, r: int, j: int) -> bool:
        q = r - (self.m - 1)
        return q >= 0 and j + self.m - 1 < self.n and self._bit(table, q, j + self.m - 1)

    # -- blocks ------------------------------------------------------------------
    def hub(self, k: int) -> int:
        return self.hubs[_derive(self.seed, "hub", k) % len(self.hubs)]

    def _walk_block(self, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The walk of block k on its own: from hub(k), landed, to a way into hub(k+1)."""
        b, m, f, n = self.block, self.m, self.f, self.n
        nxt_hub = self.hub(k + 1)
        table = self._table(nxt_hub)
        rng = random.Random(_derive(self.seed, "walk", k))
        idx = np.zeros(b, dtype=np.int32)
        other = np.full(b, -1, dtype=np.int32)
        weight = np.ones(b, dtype=np.float32)
        jump = np.zeros(b, dtype=bool)
        i, c = self.hub(k), 1
        idx[0] = i
        shown = np.full(n, -(10**9), dtype=np.int64)  # output step each frame was last shown
        shown[i] = 0
        used: dict[
            tuple[int, int], int
        ] = {}  # output step a jump (by neighbourhood) was last taken
        for s in range(1, b):
            r = b - 1 - s  # steps left after this one
            if c < m:
                nxt, c = i + 1, c + 1
            else:
                nxt, c = self._step(table, rng, i, s, r, shown, used)
            if nxt >= n:  # a forced step ran off the clip (only without a usable graph)
                self.fallbacks += 1
                nxt, c = self.hub(k), 1
            if c == 1:
                jump[s] = True
                used[self._jump_key(i, nxt)] = s
                for q in range(min(f, b - s)):
                    other[s + q] = min(i + 1 + q, n - 1)
                    weight[s + q] = (q + 1) / (f + 1)
            i = nxt
            idx[s] = i
            shown[i] = s
        if not self._bit(table, 0, int(idx[-1])) or c < m:
            self.fallbacks += 1
            log.debug("block %d ends at %d, which does not lead into hub %d", k, idx[-1], nxt_hub)
        return idx, other, weight, jump

    def _step(
        self,
        table: np.ndarray,
        rng: random.Random,
        i: int,
        s: int,
        r: int,
        shown: np.ndarray,
        used: dict[tuple[int, int], int],
    ) -> tuple[int, int]:
        """One free step from frame i: (next frame, segment counter)."""
        m = self.m
        fwd_ok = self._free_ok(table, r, i + 1)
        options = []
        for j, w in self._jumps[i]:
            if self._land_ok(table, r, j):
                fresh = self._freshness(s - int(shown[j : j + 2 * m].max()))
                fresh *= self._freshness(s - self._last_use(used, i, j), self.recent_jump)
                if fresh >= FRESH_MIN or not fwd_ok:
                    options.append((j, w * fresh))
        if options and (not fwd_ok or rng.random() < self.p_jump):
            return _weighted_choice(rng, options), 1
        if fwd_ok:
            return i + 1, m
        self.fallbacks += 1  # nothing leads on as planned: keep going as well as possible
        if i + 1 < self.n:
            return i + 1, m
        if self._jumps[i]:
            return max(self._jumps[i], key=lambda t: t[1])[0], 1
        return self.hubs[0], 1

    def _jump_key(self, i: int, j: int) -> tuple[int, int]:
        """Jumps between the same neighbourhoods (within a segment length) count as one."""
        return i // self.m, j // self.m

    def _last_use(self, used: dict[tuple[int, int], int], i: int, j: int) -> int:
        a, b = self._jump_key(i, j)
        return max(used.get((a + da, b + db), -(10**9)) for da in (-1, 0, 1) for db in (-1, 0, 1))

    def _freshness(self, age: int, window: int | None = None) -> float:
        """Weight factor for something last seen ``age`` steps ago (window: self.recent)."""
        window = window or self.recent
        if age >= window:
            return 1.0
        return max(1e-6, (age / window) ** 4)

    def _walk_cached(self, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        if k in self._walks:
            self._walks.move_to_end(k)
            return self._walks[k]
        walk = self._walk_block(k)
        self._walks[k] = walk
        if len(self._walks) > BLOCK_CACHE:
            self._walks.popitem(last=False)
        return walk

    def block_arrays(self, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Block k's walk, with the cross-fade from block k-1 when that ended on a jump."""
        if k in self._blocks:
            self._blocks.move_to_end(k)
            return self._blocks[k]
        idx, other, weight, jump = (a.copy() for a in self._walk_cached(k))
        if k > 0:
            end = int(self._walk_cached(k - 1)[0][-1])
            if end + 1 != idx[0]:
                jump[0] = True
                for q in range(self.f):
                    other[q] = min(end + 1 + q, self.n - 1)
                    weight[q] = (q + 1) / (self.f + 1)
        arrays = (idx, other, weight, jump)
        self._blocks[k] = arrays
        if len(self._blocks) > BLOCK_CACHE:
            self._blocks.popitem(last=False)
        return arrays

    def at(self, n: int) -> LoopFrame:
        """The source of output frame ``n`` (n >= 0)."""
        if n < 0:
            raise ValueError("output frame numbers start at 0")
        idx, other, weight, jump = self.block_arrays(n // self.block)
        s = n % self.block
        return LoopFrame(int(idx[s]), int(other[s]), float(weight[s]), bool(jump[s]))

    def sources(self, start: int, count: int) -> np.ndarray:
        """Main source frame of output frames start..start+count-1 (for analysis)."""
        out = np.empty(count, dtype=np.int32)
        pos = 0
        while pos < count:
            n = start + pos
            k, s = divmod(n, self.block)
            idx = self.block_arrays(k)[0]
            take = min(count - pos, self.block - s)
            out[pos : pos + take] = idx[s : s + take]
            pos += take
        return out


def _ellipse_mask(size: tuple[int, int], cx: float, cy: float, ax: float, ay: float) -> np.ndarray:
    """(h, w) float32: 1 inside the ellipse, falling smoothly to 0 a third further out.

    Computed at quarter resolution and scaled up: a wide Gaussian blur of a full-size
    mask costs tens of milliseconds, this costs well under one.
    """
    w, h = size
    sw, sh = max(2, w // 4), max(2, h // 4)
    ys = (np.arange(sh, dtype=np.float32)[:, None] + 0.5) * (h / sh)
    xs = (np.arange(sw, dtype=np.float32)[None, :] + 0.5) * (w / sw)
    r = np.sqrt(((xs - cx) / max(ax, 1.0)) ** 2 + ((ys - cy) / max(ay, 1.0)) ** 2)
    t = np.clip((1.33 - r) / 0.33, 0.0, 1.0)
    small = t * t * (3 - 2 * t)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


def _similarity_params(m: np.ndarray) -> np.ndarray:
    """(tx, ty, log scale, angle) of a 2x3 similarity matrix."""
    return np.array(
        [m[0, 2], m[1, 2], np.log(np.hypot(m[0, 0], m[1, 0])), np.arctan2(m[1, 0], m[0, 0])]
    )


def _similarity(p: np.ndarray) -> np.ndarray:
    s, a = np.exp(p[2]), p[3]
    return np.array([[s * np.cos(a), -s * np.sin(a), p[0]], [s * np.sin(a), s * np.cos(a), p[1]]])


def fade_transforms(
    old_pts: np.ndarray, new_pts: np.ndarray, weight: float
) -> tuple[np.ndarray, np.ndarray]:
    """Warps (2x3) for the two frames of a cross-fade so their faces meet.

    S maps the outgoing face onto the incoming one (similarity on the rigid face). At
    fade weight w both frames are warped to the in-between pose: the outgoing one by
    the fraction w of S, the incoming one back by the fraction 1 - w. A dissolve between
    two slightly different head positions shows doubled eyes; this one shows a head
    that moves.
    """
    from studio.avatar.geometry import fit_similarity, invert_affine

    s = fit_similarity(old_pts, new_pts)
    to_mid_old = _similarity(weight * _similarity_params(s))  # the fraction w of S
    inv = invert_affine(s)
    # The incoming face goes back to where the outgoing one went: A_new = A_old o S^-1.
    to_mid_new = to_mid_old[:, :2] @ inv
    to_mid_new[:, 2] += to_mid_old[:, 2]
    return to_mid_old, to_mid_new


class BaseLoopPlayer:
    """Frames of an avatar's base loop for any output frame number.

    ``align_fades`` warps the two frames of a cross-fade so their faces line up (see
    ``fade_transforms``); ``face(n)`` gives the landmarks as they appear in output frame n,
    which the lip-sync stage needs to place the mouth.
    """

    def __init__(
        self, avatar, seed: int = 0, block: int = BLOCK_FRAMES, align_fades: bool = True
    ) -> None:
        from studio.avatar import landmarks as L

        self.avatar = avatar
        self.frames = avatar.frames
        self.walker = LoopWalker(avatar.loop_graph, float(avatar.fps), seed=seed, block=block)
        self.align_fades = align_fades
        # Eye corners and nose bridge: what moves with the skull and what the eye sees
        # first when two faces do not line up (lids, brows and the outline do not help).
        self._rigid = np.array(L.STABLE)

    def source(self, n: int) -> LoopFrame:
        return self.walker.at(n)

    def _transforms(self, info: LoopFrame) -> tuple[np.ndarray, np.ndarray]:
        lm = self.avatar.tracks.landmarks
        old = np.asarray(lm[info.other, self._rigid, :2], dtype=np.float64)
        new = np.asarray(lm[info.index, self._rigid, :2], dtype=np.float64)
        center = new.mean(axis=0)
        # Express the warps about the face centre so the interpolation turns about it.
        t_old, t_new = fade_transforms(old - center, new - center, info.weight)
        shift = np.array([[1.0, 0, center[0]], [0, 1.0, center[1]]])
        unshift = np.array([[1.0, 0, -center[0]], [0, 1.0, -center[1]], [0, 0, 1.0]])

        def about_centre(m: np.ndarray) -> np.ndarray:
            return shift @ np.vstack([m, [0, 0, 1.0]]) @ unshift

        return about_centre(t_old), about_centre(t_new)

    def frame(self, n: int) -> tuple[np.ndarray, LoopFrame]:
        """(BGR image, where it came from) for output frame ``n``."""
        info = self.walker.at(n)
        img = self.frames.read(info.index)
        if info.blended:
            old = self.frames.read(info.other)
            plain = cv2.addWeighted(img, info.weight, old, 1.0 - info.weight, 0.0)
            if self.align_fades:
                self._align_head(plain, img, old, info)
            img = plain
        return img, info

    def _align_head(
        self, out: np.ndarray, new: np.ndarray, old: np.ndarray, info: LoopFrame
    ) -> None:
        """Redo the dissolve around the head with the two faces lined up (in place).

        Only the head region is warped, feathered into the plain dissolve around it, so
        the background and the body do not shift.
        """
        h, w = out.shape[:2]
        m_old, m_new = self._transforms(info)
        face = self.face(n=None, info=info, transforms=(m_old, m_new))
        (x0, y0), (x1, y1) = face.min(axis=0), face.max(axis=0)
        pad = 0.6 * (y1 - y0)
        bx0, by0 = max(0, int(x0 - pad)), max(0, int(y0 - pad))
        bx1, by1 = min(w, int(x1 + pad)), min(h, int(y1 + pad * 0.8))
        if bx1 - bx0 < 8 or by1 - by0 < 8:
            return
        size = (bx1 - bx0, by1 - by0)
        shift = np.array([[0, 0, -bx0], [0, 0, -by0]], dtype=np.float64)
        flags, border = cv2.INTER_LINEAR, cv2.BORDER_REPLICATE
        a_old = cv2.warpAffine(old, m_old + shift, size, flags=flags, borderMode=border)
        a_new = cv2.warpAffine(new, m_new + shift, size, flags=flags, borderMode=border)
        aligned = cv2.addWeighted(a_new, info.weight, a_old, 1.0 - info.weight, 0.0)
        mask = _ellipse_mask(
            size,
            (x0 + x1) / 2 - bx0,
            (y0 + y1) / 2 - by0,
            (x1 - x0) / 2 + 0.35 * pad,
            (y1 - y0) / 2 + 0.35 * pad,
        )
        roi = np.ascontiguousarray(out[by0:by1, bx0:bx1])
        out[by0:by1, bx0:bx1] = cv2.blendLinear(aligned, roi, mask, 1.0 - mask)

    def face(self, n: int | None, info: LoopFrame | None = None, transforms=None) -> np.ndarray:
        """(478, 2) face landmarks as they appear in output frame ``n``."""
        info = info or self.walker.at(n)
        pts = np.asarray(self.avatar.tracks.landmarks[info.index, :, :2], dtype=np.float64)
        if not info.blended:
            return pts
        old = np.asarray(self.avatar.tracks.landmarks[info.other, :, :2], dtype=np.float64)
        if self.align_fades:
            m_old, m_new = transforms or self._transforms(info)
            old = old @ m_old[:, :2].T + m_old[:, 2]
            pts = pts @ m_new[:, :2].T + m_new[:, 2]
        return info.weight * pts + (1.0 - info.weight) * old
