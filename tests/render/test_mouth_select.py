"""Mouth retrieval: candidates by shape and pose, Viterbi runs, hard closures."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from studio.avatar.package import load_avatar
from studio.render.mouth_select import (
    MouthIndex,
    MouthSelector,
    SelectWeights,
    cut_fades,
    run_lengths,
)

from ..avatar.conftest import cloned, talking_video  # noqa: F401, F811  (shared session fixtures)


@dataclass
class Bank:
    """The arrays ``MouthIndex`` reads from a mouth bank, made up for logic tests."""

    open: np.ndarray
    width: np.ndarray
    head_pose: np.ndarray
    valid: np.ndarray
    coeffs: np.ndarray


def synthetic_bank(n: int = 900, seed: int = 0) -> Bank:
    """Speech-like openness (syllables of 4-9 frames, pauses closed), width, slow head
    motion; lip-shape coefficients follow openness and width as a real PCA does."""
    rng = np.random.default_rng(seed)
    open_ = np.zeros(n)
    t = 0
    while t < n:
        length = min(int(rng.integers(4, 10)), n - t)
        if rng.random() < 0.15:
            open_[t : t + length] = 0.0  # a closure or a pause
        else:
            peak = rng.uniform(0.05, 0.3)
            open_[t : t + length] = peak * np.sin(np.linspace(0, np.pi, length + 2)[1:-1])
        t += length
    open_ = np.clip(open_ + rng.normal(0, 0.004, n), 0.0, None)
    width = 0.05 * np.cos(np.arange(n) / 7.0) + rng.normal(0, 0.005, n)
    pose = np.zeros((n, 6))
    pose[:, 0] = 4 * np.sin(np.arange(n) / 90.0)
    pose[:, 1] = 3 * np.cos(np.arange(n) / 130.0)
    coeffs = np.stack([open_ * 3, width * 2, rng.normal(0, 0.02, n)], axis=1)
    valid = np.ones(n, bool)
    valid[[50, 51, 400]] = False  # untracked frames
    return Bank(open_, width, pose, valid, coeffs)


def test_viterbi_prefers_consecutive_runs() -> None:
    bank = synthetic_bank()
    # Ask for a noisy copy of a stretch of the bank's own mouth, over its own poses: the
    # real stretch is a perfect run; chasing the noise frame by frame is not.
    rng = np.random.default_rng(1)
    src = np.arange(600, 800)
    want = np.clip(bank.open[src] + rng.normal(0, 0.02, len(src)), 0.02, None)
    pose = bank.head_pose[src, :3]
    plan = MouthSelector(MouthIndex(bank)).plan(want, bank.width[src], pose)
    free = SelectWeights(jump=0.0, jump_shape=0.0, jump_pose=0.0, jump_jaw=0.0, hold=0.0)
    chase = MouthSelector(MouthIndex(bank, free)).plan(want, bank.width[src], pose)
    assert plan.dtype == np.int32 and len(plan) == len(src)
    assert bank.valid[plan].all() and bank.valid[chase].all()
    runs, chase_runs = run_lengths(plan).mean(), run_lengths(chase).mean()
    assert runs > 4 * chase_runs and runs > 6
    assert np.corrcoef(bank.open[plan], want)[0, 1] > 0.9  # and still the requested mouth


def test_plan_is_the_identity_for_the_bank_s_own_track() -> None:
    bank = synthetic_bank()
    src = np.arange(100, 300)
    index = MouthIndex(bank)
    plan = MouthSelector(index).plan(bank.open[src], bank.width[src], bank.head_pose[src, :3])
    # Closures may go to a more typical closed frame (SelectWeights.closed_typical).
    speech = ~index.is_closure(bank.open[src])
    assert np.mean(plan[speech] == src[speech]) > 0.95


def test_closures_are_truly_closed_even_when_a_run_would_pass_through() -> None:
    bank = synthetic_bank()
    index = MouthIndex(bank, SelectWeights(jump=6.0, hold=6.0))  # runs are very cheap
    src = np.arange(200, 400)
    src = src[bank.valid[src]]
    want = bank.open[src].copy()
    closing = np.flatnonzero(want > 0.1)[::7][:8]  # single-frame p/b/m in open speech
    want[closing] = 0.0
    plan = MouthSelector(index).plan(want, bank.width[src], bank.head_pose[src, :3])
    assert (bank.open[plan[closing]] <= index.closed_level).all()
    assert index.is_closure(want[closing]).all()
    # The closed level is the presenter's own ~5th percentile of openness.
    assert index.closed_level == pytest.approx(np.quantile(bank.open[bank.valid], 0.05))


def test_one_frame_at_a_time_plays_on_from_the_previous_frame() -> None:
    bank = synthetic_bank()
    selector = MouthSelector(MouthIndex(bank))
    for prev in (120, 333, 700):
        nxt = prev + 1
        got = selector.next(bank.open[nxt], bank.width[nxt], bank.head_pose[nxt, :3], prev)
        assert got == nxt
    # Continuing a plan from a previous utterance: its first frame follows on.
    src = np.arange(701, 720)
    plan = selector.plan(bank.open[src], bank.width[src], bank.head_pose[src, :3], prev=700)
    assert plan[0] == 701


def test_pose_decides_between_equal_shapes() -> None:
    bank = synthetic_bank()
    index = MouthIndex(bank)
    # The same mouth asked over two head poses: the best candidates have those poses.
    got = {}
    for yaw in (-3.5, 3.5):
        cand, query, closure = index.candidates(
            np.array([0.15]), np.array([0.0]), np.array([[yaw, 0, 0]])
        )
        unary = index.unary(query, closure, cand)[0]
        best = cand[0, np.argsort(unary)[:5]]
        got[yaw] = bank.head_pose[best, 0].mean()
    assert got[3.5] - got[-3.5] > 4.0  # measured 4.9; the pitch of frames varies too


def test_cut_fades_only_at_cuts_and_never_at_closures() -> None:
    succ_ok = np.ones(100, bool)
    plan = np.array([10, 11, 12, 40, 41, 41, 70, 5])
    closure = np.zeros(len(plan), bool)
    closure[6] = True
    fades = cut_fades(plan, closure, succ_ok, prev=9)
    assert fades.tolist() == [-1, -1, -1, 13, -1, -1, -1, 71]


def test_selection_on_the_cloned_avatar(cloned) -> None:  # noqa: F811
    avatar = load_avatar(cloned.path)
    bank = avatar.mouth_bank
    index = MouthIndex(bank)
    targets = bank.viseme_targets()
    # A made-up utterance over the presenter's own viseme targets, with closures.
    names = ["sil", "PP", "AA", "DD", "E", "PP", "O", "SS", "I", "PP", "U", "AA", "sil"]
    want = np.repeat([targets[_viseme(n)].open for n in names], 4)
    width = np.repeat([targets[_viseme(n)].width for n in names], 4)
    pose = np.repeat(np.median(bank.head_pose[:, :3], axis=0)[None], len(want), axis=0)
    plan = MouthSelector(index).plan(want, width, pose)
    assert bank.valid[plan].all()
    closure = index.is_closure(want)
    assert closure.sum() >= 12
    assert (bank.open[plan[closure]] <= index.closed_level).all()
    assert np.corrcoef(bank.open[plan], want)[0, 1] > 0.85


def _viseme(name: str):
    from studio.phonetics.viseme import Viseme

    return Viseme(name)


def test_a_request_that_barely_moves_keeps_its_mouth_still() -> None:
    """Hysteresis: where the requested mouth only wobbles (an audio model's per-frame
    noise), the plan holds the frame it shows instead of playing a run whose lips move
    or cutting to chase the wobble; where the request moves, it still follows it."""
    bank = synthetic_bank()
    rng = np.random.default_rng(3)
    t = np.arange(120)
    want = 0.15 + rng.normal(0, 0.003, len(t))  # two still seconds (well within 0.2 spread)
    want[60:] = 0.06 + 0.1 * np.abs(np.sin(t[60:] / 3.0))  # then speech-like motion
    pose = np.zeros((len(t), 3))
    plan = MouthSelector(MouthIndex(bank)).plan(want, np.zeros(len(t)), pose, hold_still=True)
    switches = int((np.diff(plan[:60]) != 0).sum())
    assert switches <= 5, plan[:60]
    assert abs(bank.open[plan[:60]] - 0.15).max() < 0.05
    assert np.corrcoef(bank.open[plan[60:]], want[60:])[0, 1] > 0.9
