"""The base loop as a video texture (Schödl, Szeliski, Salesin, Essa, "Video Textures", 2000).

The presenter's own frames are played forward in segments; between segments the player
jumps from frame i to frame j where frame i+1 looks like frame j, with a short cross-fade.
This module finds those transitions once, at clone time; ``studio.render.base_loop``
walks them.

Frame distance: per frame a feature vector of head pose, eye openness, upper-face
landmark positions and a tiny grey thumbnail whose lower face is blanked (hands, shoulders
and hair count; the mouth does not, the lip-sync stage replaces it). Each group is scaled
so that its median change between consecutive frames is 1, so a jump costing 2 looks like
two frames of the presenter's own natural motion. Neighbouring frames are stacked into the
vector (previous, current, next), which is Schödl's diagonal filtering: a transition must
match motion as well as pose, or a nod would reverse mid-way.

Dead ends: frames near the end of the clip cannot be left by playing forward. A discounted
future cost (Schödl's Q-learning step) is propagated backwards from the last frame, and
transitions into frames that lead only towards the end cost more; the player also checks,
exactly, that every step it takes can still reach its next anchor (see base_loop).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from studio.avatar import landmarks as L
from studio.avatar.tracks import Tracks

log = logging.getLogger(__name__)

MIN_SEGMENT_S = 0.6  # shortest stretch played forward between two jumps
CROSSFADE_S = 0.16  # cross-fade length at a jump
MIN_JUMP_S = 1.2  # jumps shorter than this (forward or back) look like a stutter
THRESHOLD = 2.5  # accepted transition cost, in natural frame steps
THRESHOLD_MAX = 6.0
MIN_SOURCE_FRAC = 0.08  # wanted share of frames that can jump; the threshold grows until then
CANDIDATES = 6  # best transitions kept per source frame
FUTURE_DISCOUNT = 0.995
FEATURE_DIMS = 48
THUMB_DIMS = 24
MAX_HUBS = 6
MAIN_COMPONENT_FRAC = 0.85  # the walk's connected piece should hold this much of the clip


# Upper face: brows, eye contours, nose bridge and the upper half of the oval.
_BROWS = [70, 63, 105, 66, 107, 336, 296, 334, 293, 300]
UPPER_FACE = sorted(
    set(
        _BROWS
        + L.RIGHT_EYE_UPPER
        + L.RIGHT_EYE_LOWER
        + L.LEFT_EYE_UPPER
        + L.LEFT_EYE_LOWER
        + [168, 6, 197, 195, 5, 4, 1]
        + L.FACE_OVAL[:9]
        + L.FACE_OVAL[-9:]
    )
)


@dataclass(frozen=True)
class LoopGraph:
    """Transitions i -> j (play frame j after frame i) and what the player needs."""

    num_frames: int
    src: np.ndarray  # (T,) int32
    dst: np.ndarray  # (T,) int32
    cost: np.ndarray  # (T,) float32, in natural frame steps
    future: np.ndarray  # (N,) float32 discounted future cost of being at a frame
    hubs: np.ndarray  # (K,) int32 frames where walk blocks start
    min_segment: int  # frames
    crossfade: int  # frames
    threshold: float

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.savez(
            folder / "graph.npz",
            src=self.src,
            dst=self.dst,
            cost=self.cost,
            future=self.future,
            hubs=self.hubs,
            params=np.array([self.num_frames, self.min_segment, self.crossfade], dtype=np.int64),
            threshold=np.array([self.threshold], dtype=np.float64),
        )

    @classmethod
    def load(cls, folder: Path) -> LoopGraph:
        with np.load(folder / "graph.npz", allow_pickle=False) as z:
            n, m, f = (int(v) for v in z["params"])
            return cls(
                num_frames=n,
                src=z["src"],
                dst=z["dst"],
                cost=z["cost"],
                future=z["future"],
                hubs=z["hubs"],
                min_segment=m,
                crossfade=f,
                threshold=float(z["threshold"][0]),
            )

    def report(self) -> dict:
        sources = len(np.unique(self.src))
        return {
            "transitions": int(len(self.src)),
            "source_frames_pct": round(100.0 * sources / max(1, self.num_frames), 1),
            "median_cost": round(float(np.median(self.cost)), 3) if len(self.cost) else None,
            "threshold": round(self.threshold, 2),
            "min_segment_frames": self.min_segment,
            "crossfade_frames": self.crossfade,
            "hubs": [int(h) for h in self.hubs],
        }


def _pca(x: np.ndarray, dims: int, fit_rows: int = 2000, seed: int = 0) -> np.ndarray:
    """Project rows of x onto their first ``dims`` principal components."""
    if x.shape[1] <= dims:
        return x.astype(np.float32)
    rng = np.random.default_rng(seed)
    rows = x if len(x) <= fit_rows else x[rng.choice(len(x), fit_rows, replace=False)]
    mean = rows.mean(axis=0)
    _, _, vt = np.linalg.svd(rows - mean, full_matrices=False)
    return ((x - mean) @ vt[:dims].T).astype(np.float32)


def _unit_steps(group: np.ndarray) -> np.ndarray:
    """Scale a feature group so its median frame-to-frame change is 1."""
    steps = np.linalg.norm(np.diff(group, axis=0), axis=1)
    scale = float(np.median(steps)) if len(steps) else 1.0
    spread = float(np.linalg.norm(group.std(axis=0)))
    scale = max(scale, 1e-3 * spread, 1e-9)
    return group / scale


def frame_features(tracks: Tracks, thumbs: np.ndarray) -> np.ndarray:
    """(N, d) per-frame features, each group in units of natural frame-to-frame change."""
    pose = tracks.head_pose.astype(np.float64)
    iod = float(np.median(pose[:, 5]))
    pose_g = np.concatenate(
        [pose[:, :3], pose[:, 3:5] / iod * 20.0, np.log(pose[:, 5:6]) * 20.0], axis=1
    )
    upper = tracks.landmarks[:, UPPER_FACE, :2].reshape(len(pose), -1) / iod
    thumb = _pca(thumbs.reshape(len(thumbs), -1).astype(np.float32) / 255.0, THUMB_DIMS)
    groups = [pose_g, tracks.eyes.astype(np.float64), upper, thumb]
    return np.concatenate([_unit_steps(g) for g in groups], axis=1).astype(np.float32)


def _with_dynamics(x: np.ndarray) -> np.ndarray:
    """Stack previous, current and next frame (weights 1/4, 1/2, 1/4 on squared distances)."""
    prev = np.concatenate([x[:1], x[:-1]])
    nxt = np.concatenate([x[1:], x[-1:]])
    return np.concatenate([prev * 0.5, x * np.sqrt(0.5), nxt * 0.5], axis=1)


def _candidates(
    z: np.ndarray, valid_src: np.ndarray, valid_dst: np.ndarray, min_jump: int, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The k cheapest j per source i by ||z[i+1] - z[j]||, blockwise (memory stays small)."""
    n = len(z)
    sq = (z.astype(np.float64) ** 2).sum(axis=1)
    src_idx = np.flatnonzero(valid_src)
    out_s, out_d, out_c = [], [], []
    cols = np.arange(n)
    for a in range(0, len(src_idx), 512):
        rows = src_idx[a : a + 512]
        nxt = rows + 1
        d2 = (
            sq[nxt, None] + sq[None, :] - 2.0 * (z[nxt].astype(np.float64) @ z.T.astype(np.float64))
        )
        d2[:, ~valid_dst] = np.inf
        d2[np.abs(cols[None, :] - nxt[:, None]) < min_jump] = np.inf
        kk = min(k, n - 1)
        part = np.argpartition(d2, kk, axis=1)[:, :kk]
        for r, i in enumerate(rows):
            js = part[r]
            ds = d2[r, js]
            ok = np.isfinite(ds)
            js, ds = js[ok], ds[ok]
            order = np.argsort(ds)
            kept: list[int] = []
            for t in order:  # keep local minima: one transition per neighbourhood of j
                if all(abs(int(js[t]) - q) > 2 for q in kept):
                    kept.append(int(js[t]))
                    out_s.append(i)
                    out_d.append(int(js[t]))
                    out_c.append(float(np.sqrt(max(ds[t], 0.0))))
    return (
        np.asarray(out_s, dtype=np.int32),
        np.asarray(out_d, dtype=np.int32),
        np.asarray(out_c, dtype=np.float64),
    )


def _components(n: int, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Strongly connected component label of every frame (edges: i -> i+1 and transitions)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    rows = np.concatenate([np.arange(n - 1), src])
    cols = np.concatenate([np.arange(1, n), dst])
    graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))
    return connected_components(graph, directed=True, connection="strong")[1]


def _connecting(
    n: int, src: np.ndarray, dst: np.ndarray, cost: np.ndarray, keep: np.ndarray
) -> np.ndarray:
    """Extra candidates (cheapest first, up to THRESHOLD_MAX) that join the graph's pieces.

    With few similar frames the kept transitions can split the clip into islands the walk
    cannot leave (it would circle one island: a short visible loop). Cross-island
    candidates are added until one strongly connected piece holds most of the clip.
    """
    extra = np.zeros(len(src), dtype=bool)
    order = np.argsort(cost, kind="stable")
    for _ in range(64):
        chosen = keep | extra
        labels = _components(n, src[chosen], dst[chosen])
        sizes = np.bincount(labels)
        if sizes.max() >= MAIN_COMPONENT_FRAC * n:
            break
        bridge = next(
            (
                t
                for t in order
                if not chosen[t] and cost[t] <= THRESHOLD_MAX and labels[src[t]] != labels[dst[t]]
            ),
            None,
        )
        if bridge is None:
            break
        extra[bridge] = True
    if extra.any():
        log.info("loop graph: %d transitions added to join its pieces", int(extra.sum()))
    return extra


def _future_cost(
    n: int, src: np.ndarray, dst: np.ndarray, cost: np.ndarray, dead_end: float
) -> np.ndarray:
    """Discounted cost-to-go: m_i = min(alpha m_{i+1}, min_j cost_ij^2 + alpha m_j); m_{N-1} = dead_end."""
    m = np.zeros(n, dtype=np.float64)
    m[-1] = dead_end
    order = np.argsort(src, kind="stable")
    src, dst, c2 = src[order], dst[order], cost[order] ** 2
    starts = np.searchsorted(src, np.arange(n + 1))
    for _ in range(200):
        prev = m.copy()
        for i in range(n - 2, -1, -1):  # backwards: one sweep carries the end's cost far
            best = FUTURE_DISCOUNT * m[i + 1]
            a, b = starts[i], starts[i + 1]
            if b > a:
                best = min(best, float(np.min(c2[a:b] + FUTURE_DISCOUNT * m[dst[a:b]])))
            m[i] = best
        if np.allclose(m, prev, atol=1e-6):
            break
    return m.astype(np.float32)


def _hubs(
    n: int, dst: np.ndarray, found: np.ndarray, min_segment: int, future: np.ndarray
) -> np.ndarray:
    """Frames where walk blocks start: popular landing frames, spread over the clip, away
    from dead ends (future cost at most the median)."""
    lo, hi = min_segment + 1, n - 3 * min_segment
    if hi <= lo:
        return np.array([n // 2], dtype=np.int32)
    counts = np.bincount(dst, minlength=n).astype(np.float64)
    popular = counts + 0.1 * np.convolve(counts, np.ones(5), mode="same")  # exact landings first
    popular[:lo] = -1
    popular[hi:] = -1
    popular[~found] = -1
    popular[future > np.median(future)] = -1
    chosen: list[int] = []
    spacing = max(1, n // (2 * MAX_HUBS))
    for h in np.argsort(-popular, kind="stable"):
        if popular[h] <= 0 or len(chosen) >= MAX_HUBS:
            break
        if all(abs(int(h) - c) >= spacing for c in chosen):
            chosen.append(int(h))
    if not chosen:
        chosen = [(lo + hi) // 2]
    return np.asarray(sorted(chosen), dtype=np.int32)


def build_loop_graph(
    tracks: Tracks, thumbs: np.ndarray, fps: float
) -> tuple[LoopGraph, np.ndarray]:
    """Find the transitions of the video texture for one clip; also returns the features."""
    x = frame_features(tracks, thumbs)
    return graph_from_features(x, tracks.found.astype(bool), fps), x


def graph_from_features(x: np.ndarray, found: np.ndarray, fps: float) -> LoopGraph:
    """The transition graph from per-frame features (``frame_features``)."""
    n = len(x)
    crossfade = max(2, round(CROSSFADE_S * fps))
    min_segment = max(crossfade + 2, round(MIN_SEGMENT_S * fps))
    min_jump = max(2 * min_segment, round(MIN_JUMP_S * fps))
    step = float(np.median(np.linalg.norm(np.diff(x, axis=0), axis=1))) if n > 1 else 1.0
    z = _pca(_with_dynamics(x), FEATURE_DIMS) / max(step, 1e-9)
    idx = np.arange(n)
    # A jump from i plays i+1..i+crossfade faded out: they must exist; landing j must be
    # followed by a whole segment.
    valid_src = (idx + crossfade < n) & np.concatenate([found[1:], [False]])
    valid_dst = found & (idx + min_segment <= n)
    if n < 2 * min_jump or not valid_src.any():
        src = dst = np.zeros(0, np.int32)
        cost = np.zeros(0)
        threshold = THRESHOLD
    else:
        src, dst, cost = _candidates(z, valid_src, valid_dst, min_jump, CANDIDATES)
        threshold = THRESHOLD
        while threshold < THRESHOLD_MAX:
            sources = len(np.unique(src[cost <= threshold]))
            if sources >= MIN_SOURCE_FRAC * n:
                break
            threshold *= 1.25
        keep = cost <= threshold
        keep |= _connecting(n, src, dst, cost, keep)
        src, dst, cost = src[keep], dst[keep], cost[keep]
    future = _future_cost(n, src, dst, cost, dead_end=(2 * THRESHOLD_MAX) ** 2)
    graph = LoopGraph(
        num_frames=n,
        src=src.astype(np.int32),
        dst=dst.astype(np.int32),
        cost=cost.astype(np.float32),
        future=future,
        hubs=_hubs(n, dst, found, min_segment, future),
        min_segment=int(min_segment),
        crossfade=int(crossfade),
        threshold=float(threshold),
    )
    log.info("loop graph: %s", graph.report())
    return graph
