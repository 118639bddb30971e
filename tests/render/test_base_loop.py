"""The base loop of a cloned avatar: a video texture, walked deterministically."""

from __future__ import annotations

import numpy as np
import pytest

from studio.avatar.loop_graph import UPPER_FACE
from studio.avatar.package import load_avatar
from studio.render.base_loop import BaseLoopPlayer, LoopWalker

from ..avatar.conftest import cloned, talking_video  # noqa: F401, F811  (shared session fixtures)

MINUTES = 30


@pytest.fixture(scope="module")
def avatar(cloned):  # noqa: F811  (the imported fixture)
    return load_avatar(cloned.path)


@pytest.fixture(scope="module")
def walk(avatar) -> tuple[LoopWalker, np.ndarray]:
    walker = LoopWalker(avatar.loop_graph, float(avatar.fps), seed=7)
    return walker, walker.sources(0, MINUTES * 60 * 25)


def test_player_returns_frames_in_any_order_deterministically(avatar) -> None:
    player = BaseLoopPlayer(avatar, seed=3)
    for n in (0, 1, 2999, 3000, 10**6, 24 * 3600 * 25):  # up to a day into the show
        img, info = player.frame(n)
        assert img.shape == (640, 360, 3) and img.dtype == np.uint8
        assert 0 <= info.index < avatar.num_frames
    again = BaseLoopPlayer(avatar, seed=3)
    order = [5000, 17, 123456, 17, 5000]
    assert [again.source(n) for n in order] == [player.source(n) for n in order]
    other = BaseLoopPlayer(avatar, seed=4)
    assert [other.source(n).index for n in range(0, 20000, 500)] != [
        player.source(n).index for n in range(0, 20000, 500)
    ]


def test_walk_plays_forward_and_jumps_only_between_segments(avatar, walk) -> None:
    walker, src = walk
    graph = avatar.loop_graph
    assert walker.fallbacks == 0  # every block met its target
    step = np.diff(src)
    jumps = np.flatnonzero(step != 1) + 1
    assert len(jumps) > MINUTES * 60 / 10  # it does move around the clip
    assert not np.any(step == -1) and not np.any(step == 0)  # no ping-pong, no freezing
    seg = np.diff(np.concatenate([[0], jumps, [len(src)]]))
    assert seg[1:-1].min() >= graph.min_segment
    pairs = set(zip(graph.src.tolist(), graph.dst.tolist(), strict=True))
    assert all((int(src[t - 1]), int(src[t])) in pairs for t in jumps)  # only graph transitions
    assert src.max() < avatar.num_frames - 1  # never runs into the dead end of the clip


def _features(avatar) -> np.ndarray:
    t = avatar.tracks
    iod = float(np.median(t.head_pose[:, 5]))
    upper = t.landmarks[:, UPPER_FACE, :2].reshape(avatar.num_frames, -1) / iod
    return np.concatenate([upper, t.eyes / 0.05 * 0.1], axis=1)


def test_transitions_are_between_similar_frames(avatar, walk) -> None:
    walker, src = walk
    feats = _features(avatar)
    jumps = np.flatnonzero(np.diff(src) != 1) + 1
    jump_d = np.linalg.norm(feats[src[jumps - 1] + 1] - feats[src[jumps]], axis=1)
    rng = np.random.default_rng(0)
    a, b = rng.integers(0, avatar.num_frames, (2, 5000))
    random_d = np.linalg.norm(feats[a] - feats[b], axis=1)
    step_d = np.median(np.linalg.norm(np.diff(feats, axis=0), axis=1))
    assert np.median(jump_d) < np.percentile(random_d, 10)
    assert np.percentile(jump_d, 90) < np.percentile(random_d, 30)
    assert np.median(jump_d) < 6 * step_d  # a jump looks like a few frames of natural motion


def test_jumps_are_cross_faded(avatar) -> None:
    player = BaseLoopPlayer(avatar, seed=7, align_fades=False)
    f = avatar.loop_graph.crossfade
    n = next(n for n in range(1, 20000) if player.source(n).jump)
    weights = [player.source(n + q).weight for q in range(f)]
    assert weights == sorted(weights) and 0 < weights[0] < weights[-1] < 1
    assert player.source(n + f).weight == 1.0 and not player.source(n + f).blended
    before = player.source(n - 1).index
    assert [player.source(n + q).other for q in range(f)] == [before + 1 + q for q in range(f)]
    img, info = player.frame(n + f // 2)
    a = avatar.frame(info.index).astype(np.float32)
    b = avatar.frame(info.other).astype(np.float32)
    expected = a * info.weight + b * (1 - info.weight)
    assert np.abs(img.astype(np.float32) - expected).mean() < 1.0


def test_no_repeat_period_shorter_than_five_minutes(walk) -> None:
    _, src = walk
    fps = 25
    worst = max((src[:-lag] == src[lag:]).mean() for lag in range(fps, 5 * 60 * fps, 5))
    assert worst < 0.15  # a looped video would match ~100% at its period


def test_aligned_fades_line_the_faces_up(avatar) -> None:
    """With align_fades the two faces of a cross-fade are warped onto one in-between pose."""
    from studio.avatar import landmarks as L

    player = BaseLoopPlayer(avatar, seed=7)
    fades = [n for n in range(1, 6000) if player.source(n).blended][:20]
    lm = avatar.tracks.landmarks
    for n in fades:
        info = player.source(n)
        m_old, m_new = player._transforms(info)
        old = lm[info.other, L.STABLE, :2] @ m_old[:, :2].T + m_old[:, 2]
        new = lm[info.index, L.STABLE, :2] @ m_new[:, :2].T + m_new[:, 2]
        before = np.abs(lm[info.other, L.STABLE, :2] - lm[info.index, L.STABLE, :2]).mean()
        after = np.abs(old - new).mean()
        assert after < 0.6 and (after < 0.6 * before or before < 0.6)
        img, _ = player.frame(n)
        assert img.shape == (640, 360, 3)
    face = player.face(fades[0])
    assert face.shape == (478, 2)


def test_blocks_join_seamlessly(avatar) -> None:
    walker = LoopWalker(avatar.loop_graph, float(avatar.fps), seed=11, block=2000)
    pairs = set(zip(avatar.loop_graph.src.tolist(), avatar.loop_graph.dst.tolist(), strict=True))
    for k in range(1, 8):
        last = walker.at(k * 2000 - 1).index
        first = walker.at(k * 2000)
        if first.index == last + 1:
            assert not first.jump  # playback simply goes on
        else:  # or a transition of the graph, cross-faded like any other jump
            assert (last, first.index) in pairs and first.jump and first.other == last + 1
    assert walker.fallbacks == 0
