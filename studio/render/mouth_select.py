"""Choose, per output frame, the real bank frame whose lower face shows the wanted mouth.

Retrieval in the spirit of Video Rewrite (Bregler 1997) and Synthesizing Obama
(Suwajanakorn 2017). Every output frame asks for a mouth shape (openness, width) over a
base-loop frame with some head pose. Candidates are the K bank frames nearest in shape
and pose (a KD-tree over features scaled so that squared distance *is* the mismatch
cost); a Viterbi pass over the whole utterance then picks one per frame. Playing on to
the next real frame is free; showing the same frame again, or cutting elsewhere, costs
a constant plus, at a cut, how much the lips (PCA shape), the chin, the head pose and
the look of the lower face (a tiny thumbnail of its bank crop: shading, teeth) jump. So
real runs carry the motion, and cuts land on mouths that look like where the run would
have gone. (Measured on a real clip: the look term is what makes cuts invisible; long
runs alone still flicker at every cut.)

The candidate set is widened during the forward pass with the successors of the best
states of the previous step (a beam), otherwise a run could only continue where its
next frame happens to be among the nearest shapes.

Closures are hard constraints: where the request is at or under the presenter's closed
level, only frames that are really closed (openness at her ~5th percentile) qualify,
so a p/b/m never shows parted lips because they were the cheapest run; among them,
relaxed closures (near her typical closed lips and chin) are preferred to pouts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from studio.core.errors import InputError

CHIN = 152  # face-mesh chin point
CLOSED_QUANTILE = 0.05  # a frame at or under this quantile of openness is "closed"
CLOSED_REQUEST_MARGIN = 0.05  # requests up to closed level + this * spread are closures


@dataclass(frozen=True)
class SelectWeights:
    """Costs, in squared units of the presenter's own spread of openness.

    A unary cost of 1 is a frame one standard deviation of openness away from the
    request (or ``pose_deg`` degrees off in yaw and in pitch, times ``pose``). Roll is not
    compared: the paste's similarity transform turns the face in the image plane anyway;
    yaw and pitch it cannot undo (they move the chin and the jaw line in the picture).

    The pose weight and every transition cost were halved (from pose 1, jump 1, shape 1,
    pose 0.1, jaw 1, look 1, hold 1) after measuring on dfrf, two 40 s / 10 s splits:
    the shown mouth's openness followed the real one better, driven by the audio model
    (rendered and tracked: 0.68 -> 0.72 and 0.35 -> 0.38) and by the real mouth (chosen
    frames: 0.93 -> 0.95), with runs of about 3 frames instead of 4; the frame-to-frame
    change of the mouth region stayed the same (no more flicker) and frame sheets around
    the cuts showed no seams or pops. Halving once more gained little more (0.74, 0.38)
    for 30% more cuts.

    Hysteresis (``still``, issue 20): where the request barely moves, a real mouth is
    still, but a run plays on with moving lips and a cut chases the request's wobble; the
    rendered mouth region changed 4.82 grey levels per frame against the real video's
    3.86. Holding the shown frame is made cheap there. Measured on dfrf (40 s / 10 s,
    with the audio track steadied, ``studio.lipsync.steady``): still 0 / 0.1 / 0.2 / 0.25
    gave a change of 4.31 / 4.06 / 3.94 / 3.98 at openness r 0.728 / 0.719 / 0.729 / 0.725,
    and still 0.2 with ``still_hold`` 0.05 3.87 at 0.721; every closure closed. Only for
    steadied audio-driven tracks (``plan(hold_still=True)``): phoneme tracks are smooth
    already, and holding on a vowel's plateau left fewer open vowels open (eSpeak check
    on dfrf: 19/20 -> 17/20).
    """

    k: int = 24  # nearest candidates per output frame
    beam: int = 12  # successors of this many best previous states join the candidates
    width: float = 0.35  # weight of a width mismatch (in its own spread) against openness
    pose: float = 0.5  # weight of a pose mismatch of ``pose_deg`` in yaw and pitch
    pose_deg: float = 4.0
    jump: float = 0.25  # any cut between non-consecutive frames
    jump_shape: float = 0.5  # times the lip-shape distance (PCA, in its spread) at a cut
    jump_pose: float = 0.05  # times the pose distance (in ``pose_deg`` units) at a cut
    jump_jaw: float = 0.5  # times the chin's displacement (in its spread) at a cut
    jump_look: float = 0.5  # times the lower face's change of look at a cut, in units of
    # its median change between consecutive frames (shading, stubble, teeth)
    hold: float = 0.5  # showing the same source frame twice in a row
    rest_hold: float = 0.1  # the same, in pauses (``rest_plan``)
    still: float = 0.2  # where the request moves less than this (in its spread) per frame,
    still_hold: float = 0.05  # ... holding the shown frame costs this instead of ``hold``
    closed_typical: float = 0.5  # at closures: times the distance from her typical closed
    # mouth (lip shape and chin, squared, in their spreads): a relaxed closure, not a pout


class MouthIndex:
    """Precomputed search structures over a mouth bank (one per avatar).

    ``bank`` is a ``studio.avatar.package.MouthBank`` (open, width, head_pose, valid,
    coeffs arrays); only tracked frames (``valid``) are ever chosen.
    """

    def __init__(self, bank, weights: SelectWeights | None = None) -> None:
        self.w = weights or SelectWeights()
        valid = np.asarray(bank.valid, dtype=bool)
        if valid.sum() < 2:
            raise InputError(
                "the avatar's mouth bank has fewer than two tracked frames",
                hint="rebuild the avatar from a video where the face is visible: "
                "studio avatar create VIDEO --name NAME --force",
            )
        self.n = int(len(valid))
        self.valid = valid
        self.open = np.asarray(bank.open, dtype=np.float64)
        self.width = np.asarray(bank.width, dtype=np.float64)
        self.pose = np.asarray(bank.head_pose[:, :3], dtype=np.float64)
        o, wd = self.open[valid], self.width[valid]
        self.open_scale = max(float(np.std(o)), 1e-4)
        self.width_scale = max(float(np.std(wd)), 1e-4)
        self.closed_level = float(np.quantile(o, CLOSED_QUANTILE))
        self.closed_request = self.closed_level + CLOSED_REQUEST_MARGIN * self.open_scale
        coeffs = np.asarray(bank.coeffs, dtype=np.float64)
        self.coeffs = coeffs / max(float(np.sqrt(coeffs[valid].var(axis=0).sum())), 1e-9)
        self._pose_unit = self.pose[:, :2] / self.w.pose_deg
        self.chin = _chin(bank)
        self.chin /= max(float(np.std(self.chin[valid])), 1e-6)
        self.look = _looks(bank, valid)

        self.ids = np.flatnonzero(valid)
        self.closed_ids = np.flatnonzero(valid & (self.open <= self.closed_level))
        c = self.closed_ids
        typical = ((self.coeffs[c] - np.median(self.coeffs[c], axis=0)) ** 2).sum(axis=1)
        typical += (self.chin[c] - np.median(self.chin[c])) ** 2
        self.atypical = np.zeros(self.n)
        self.atypical[c] = self.w.closed_typical * typical
        feats = self._features(self.open, self.width, self.pose)
        self._tree = cKDTree(feats[self.ids])
        # Closed frames are searched by width, pose and how typical a closure they are:
        # any of them closes.
        closed_feats = np.concatenate([feats[c][:, 1:], np.sqrt(self.atypical[c])[:, None]], axis=1)
        self._closed_tree = cKDTree(closed_feats)
        # A frame's successor is usable when it exists and was tracked.
        nxt = np.arange(1, self.n + 1)
        self.succ_ok = np.zeros(self.n, dtype=bool)
        self.succ_ok[:-1] = valid[1:]
        self._succ = np.minimum(nxt, self.n - 1)

    # -- features and costs -----------------------------------------------------------
    def _features(self, open_: np.ndarray, width: np.ndarray, pose: np.ndarray) -> np.ndarray:
        """Rows whose squared Euclidean distance is the unary mismatch cost."""
        w = self.w
        cols = [
            np.asarray(open_, np.float64)[:, None] / self.open_scale,
            np.sqrt(w.width) * np.asarray(width, np.float64)[:, None] / self.width_scale,
            np.sqrt(w.pose) * np.asarray(pose, np.float64)[:, :2] / w.pose_deg,
        ]
        return np.concatenate(cols, axis=1)

    def is_closure(self, open_: np.ndarray) -> np.ndarray:
        return np.asarray(open_) <= self.closed_request

    def unary(self, query: np.ndarray, closure: np.ndarray, cand: np.ndarray) -> np.ndarray:
        """(T, C) mismatch of candidate frames ``cand`` (T, C) with query rows (T, 4)."""
        f = self._features(
            self.open[cand].ravel(), self.width[cand].ravel(), self.pose[cand.ravel()]
        )
        f = f.reshape(cand.shape + (-1,))
        d = f - query[:, None, :]
        if closure.any():  # any typical closed frame is as good as the closed request
            closed = self.open[cand[closure]] <= self.closed_level
            d[closure, :, 0] = np.where(closed, np.sqrt(self.atypical[cand[closure]]), np.inf)
        return (d**2).sum(axis=-1)

    def transition(
        self, prev: np.ndarray, cur: np.ndarray, hold: float | np.ndarray | None = None
    ) -> np.ndarray:
        """(P, C) cost of showing ``cur`` right after ``prev`` (``hold``: the cost of
        showing the same frame again, default ``SelectWeights.hold``; or one per ``cur``)."""
        w = self.w
        nxt = self._succ[prev]
        shape = np.linalg.norm(self.coeffs[nxt][:, None, :] - self.coeffs[cur][None, :, :], axis=-1)
        pose = np.linalg.norm(
            self._pose_unit[nxt][:, None, :] - self._pose_unit[cur][None, :, :], axis=-1
        )
        jaw = np.abs(self.chin[nxt][:, None] - self.chin[cur][None, :])
        look = np.linalg.norm(self.look[nxt][:, None, :] - self.look[cur][None, :, :], axis=-1)
        cost = w.jump + w.jump_shape * shape + w.jump_pose * pose + w.jump_jaw * jaw
        cost += w.jump_look * look
        cost[(cur[None, :] == prev[:, None] + 1) & self.succ_ok[prev][:, None]] = 0.0
        same = cur[None, :] == prev[:, None]
        holds = np.broadcast_to(np.asarray(w.hold if hold is None else hold, np.float64), cur.shape)
        cost[same] = np.broadcast_to(holds[None, :], same.shape)[same]
        return cost

    # -- candidates ---------------------------------------------------------------------
    def candidates(
        self, open_: np.ndarray, width: np.ndarray, pose: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(cand (T, K) bank frames, query rows (T, 4), closure (T,) bool)."""
        t = len(open_)
        query = self._features(open_, width, pose)
        closure = self.is_closure(open_)
        k = min(self.w.k, len(self.ids))
        cand = np.empty((t, k), dtype=np.int64)
        free = ~closure
        if free.any():
            _, idx = self._tree.query(query[free], k=k)
            cand[free] = self.ids[np.asarray(idx).reshape(-1, k)]
        if closure.any():
            kc = min(k, len(self.closed_ids))
            q = np.concatenate([query[closure][:, 1:], np.zeros((int(closure.sum()), 1))], axis=1)
            _, idx = self._closed_tree.query(q, k=kc)
            got = self.closed_ids[np.asarray(idx).reshape(-1, kc)]
            cand[closure] = np.concatenate([got, np.repeat(got[:, :1], k - kc, axis=1)], axis=1)
        return cand, query, closure


def _chin(bank) -> np.ndarray:
    """(N,) the chin's height in the canonical face frame (moves with the jaw), or zeros
    for a bank without landmark tracks."""
    tracks = getattr(bank, "tracks", None)
    if tracks is None:
        return np.zeros(len(bank.valid), np.float64)
    from studio.avatar.geometry import apply_affine

    chin = np.asarray(tracks.landmarks[:, CHIN, :2], np.float64)[:, None, :]
    return apply_affine(np.asarray(tracks.to_canonical, np.float64), chin)[:, 0, 1]


LOOK_SIZE = (20, 16)  # thumbnail of a bank crop for the look of the lower face
LOOK_DIMS = 12


def _looks(bank, valid: np.ndarray) -> np.ndarray:
    """(N, LOOK_DIMS) the look of each frame's lower face: its bank crop as a tiny grey
    thumbnail, PCA-reduced, scaled so the median change between consecutive frames is 1.
    Zeros for a bank without crops."""
    n = len(valid)
    if not hasattr(bank, "crop"):
        return np.zeros((n, 1))
    import cv2

    thumbs = np.empty((n, LOOK_SIZE[0] * LOOK_SIZE[1]), np.float32)
    for i in range(n):
        grey = cv2.cvtColor(bank.crop(i), cv2.COLOR_BGR2GRAY)
        thumbs[i] = cv2.resize(grey, LOOK_SIZE, interpolation=cv2.INTER_AREA).ravel()
    x = thumbs - thumbs[valid].mean(axis=0)
    _, _, vt = np.linalg.svd(x[valid], full_matrices=False)
    look = x @ vt[:LOOK_DIMS].T
    step = np.linalg.norm(np.diff(look, axis=0), axis=1)
    both = valid[1:] & valid[:-1]
    unit = float(np.median(step[both])) if both.any() else 1.0
    return look / max(unit, 1e-6)


class MouthSelector:
    """Plans source frames for a mouth track over base frames with known head poses."""

    def __init__(self, index: MouthIndex) -> None:
        self.index = index

    def plan(
        self,
        open_: np.ndarray,
        width: np.ndarray,
        pose: np.ndarray,
        prev: int | None = None,
        hold: float | None = None,
        hold_still: bool = False,
    ) -> np.ndarray:
        """Viterbi: one bank frame per output frame (int32, len T).

        ``pose``: (T, 3) yaw, pitch, roll of the base frame under each output frame.
        ``prev``: the source frame shown just before (continues its run when it can).
        ``hold``: the cost of showing a frame again (default ``SelectWeights.hold``;
        pauses make it cheap: still lips at rest are natural, a looping twitch is not).
        ``hold_still``: where the request barely moves, holding costs ``still_hold`` (an
        audio-driven request, ``MouthTrack.steady``: see ``SelectWeights``).
        """
        ix, w = self.index, self.index.w
        t_len = len(open_)
        if t_len == 0:
            return np.zeros(0, dtype=np.int32)
        knn, query, closure = ix.candidates(open_, width, pose)
        base_hold = w.hold if hold is None else hold
        still = np.zeros(t_len, bool)
        if hold_still and w.still > 0 and hold is None:
            o = np.asarray(open_, np.float64)
            still = np.abs(np.diff(o, prepend=o[:1])) < w.still * ix.open_scale
        states: list[np.ndarray] = []
        back: list[np.ndarray] = []
        cost = None
        prev_states = None
        for t in range(t_len):
            cand = knn[t]
            extra = []
            if prev_states is not None:
                best = prev_states[np.argsort(cost)[: w.beam]]
                extra.append(ix._succ[best][ix.succ_ok[best]])
                extra.append(best)  # holding a frame is a candidate too
            elif prev is not None and 0 <= prev < ix.n:
                extra.append(np.array([prev, ix._succ[prev]]))
            if extra:
                cand = np.unique(np.concatenate([cand, *extra]))
                cand = cand[ix.valid[cand]]
            un = ix.unary(query[t : t + 1], closure[t : t + 1], cand[None, :])[0]
            holds = w.still_hold if still[t] else base_hold
            if prev_states is None:
                if prev is not None and 0 <= prev < ix.n:
                    un = un + ix.transition(np.array([prev]), cand, holds)[0]
                cost, ptr = un, np.full(len(cand), -1, dtype=np.int64)
            else:
                total = cost[:, None] + ix.transition(prev_states, cand, holds)
                ptr = np.argmin(total, axis=0)
                cost = total[ptr, np.arange(len(cand))] + un
            if not np.isfinite(cost).any():  # nothing satisfies the closure: take any
                cost = np.nan_to_num(cost, posinf=1e9)
            states.append(cand)
            back.append(ptr)
            prev_states = cand
        out = np.empty(t_len, dtype=np.int32)
        j = int(np.argmin(cost))
        for t in range(t_len - 1, -1, -1):
            out[t] = states[t][j]
            j = int(back[t][j])
        return out

    def next(self, open_: float, width: float, pose: np.ndarray, prev: int | None) -> int:
        """One frame at a time, when no plan covers it: the nearest shape, preferring to
        play on from ``prev`` (its successor costs nothing to reach)."""
        return int(
            self.plan(
                np.array([open_], np.float64),
                np.array([width], np.float64),
                np.asarray(pose, np.float64).reshape(1, 3),
                prev=prev,
            )[0]
        )


def run_lengths(path: np.ndarray) -> np.ndarray:
    """Lengths of the runs of consecutive source frames in a plan (for reports/tests)."""
    path = np.asarray(path)
    if len(path) == 0:
        return np.zeros(0, dtype=np.int64)
    cuts = np.flatnonzero(np.diff(path) != 1) + 1
    return np.diff(np.concatenate([[0], cuts, [len(path)]]))


def cut_fades(
    plan: np.ndarray, closure: np.ndarray, succ_ok: np.ndarray, prev: int | None = None
) -> np.ndarray:
    """Per output frame, the frame to dissolve from (-1: none).

    At a cut from a run ending on a to frame b, the first frame of b is shown half over
    a + 1 (where the old run would have gone), which turns a pop of the jaw into one
    frame of motion. Not at closures: a p/b/m frame must show closed lips, not a ghost
    of open ones. Not at holds (no motion to smooth).
    """
    plan = np.asarray(plan, np.int64)
    before = np.concatenate([[-1 if prev is None else prev], plan[:-1]])
    out = np.full(len(plan), -1, dtype=np.int64)
    ok = before >= 0
    nxt = np.where(ok, before + 1, 0)
    ok &= succ_ok[np.where(ok, before, 0)]
    cut = ok & (plan != nxt) & (plan != before) & ~np.asarray(closure, bool)
    out[cut] = nxt[cut]
    return out
