"""Fitting on the demo portrait and on tracks made from it: where the garment goes,
what stays in front, how changes of clothes blend, and that it does not jitter."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from studio.avatar.landmarks import FACE_OVAL
from studio.core.timeline import FrameRate
from studio.tryon.asset import load_asset
from studio.tryon.body import BodyTrack, body_geometry
from studio.tryon.layer import TryOnLayer, transition_frames
from studio.tryon.photo import photo_tryon_layer

FPS = FrameRate(25)


def _wear(demo_avatar, *assets) -> tuple[TryOnLayer, np.ndarray]:
    layer = photo_tryon_layer(
        demo_avatar.plate, demo_avatar.face, FPS, list(assets), matte=demo_avatar.matte, strict=True
    )
    out = demo_avatar.plate.copy()
    layer.render(0, 0).draw(out, 0, 0)
    return layer, out


def _silhouette_top(matte: np.ndarray, x: float) -> float:
    column = matte[:, int(round(x))] > 0.5
    return float(np.argmax(column))


@pytest.mark.parametrize("name", ["tee", "jacket"])
def test_garment_shoulders_sit_on_the_body_shoulders(
    demo_avatar, asset_dir: Path, name: str
) -> None:
    asset = load_asset(asset_dir / f"{name}.png")
    layer, out = _wear(demo_avatar, asset)
    fit = layer.fit(asset)
    fw = demo_avatar.face_width
    chin = demo_avatar.face[152]
    for side in ("left", "right"):
        tip = fit.target(f"shoulder_{side}")[0]
        # on the silhouette's top edge in that column (not in the air, not in the chest)
        assert abs(tip[1] - _silhouette_top(demo_avatar.matte, tip[0])) < 0.12 * fw, side
        # beside the head, below the chin, a human shoulder width apart
        assert abs(tip[0] - chin[0]) > 1.0 * fw and tip[1] > chin[1]
    width = np.linalg.norm(fit.target("shoulder_right")[0] - fit.target("shoulder_left")[0])
    assert 2.2 * fw < width < 3.0 * fw
    # and the picture agrees: garment colour just below each tip, nothing changed above
    changed = np.abs(out.astype(int) - demo_avatar.plate.astype(int)).max(axis=2) > 0
    for side in ("left", "right"):
        x, y = np.round(fit.target(f"shoulder_{side}")[0]).astype(int)
        x = int(np.clip(x + (12 if side == "left" else -12), 0, 719))
        assert changed[y + 20 : y + 40, x].all(), side
        assert not changed[max(0, y - 60) : y - 30, x].any(), side


@pytest.mark.parametrize("name", ["tee", "dress", "jacket"])
def test_face_and_neck_stay_in_front(demo_avatar, asset_dir: Path, name: str) -> None:
    layer, out = _wear(demo_avatar, load_asset(asset_dir / f"{name}.png"))
    face = demo_avatar.face
    oval = face[FACE_OVAL]
    import cv2

    inside = np.zeros(out.shape[:2], np.uint8)
    cv2.fillPoly(inside, [np.round(oval).astype(np.int32)], 1)
    assert np.array_equal(out[inside > 0], demo_avatar.plate[inside > 0])  # face untouched
    geo = layer.geometry
    # the neck: a column from the chin down to the neck base
    x = int(round(geo.neck[0, 0]))
    y0, y1 = int(face[152, 1]) + 2, int(geo.neck[0, 1]) - 6
    assert np.array_equal(out[y0:y1, x - 20 : x + 20], demo_avatar.plate[y0:y1, x - 20 : x + 20])
    # while the garment is there below its neckline
    collar = layer.fit(layer.outfit[0]).target("collar")[0].round().astype(int)
    below = slice(collar[1] + 30, collar[1] + 80)
    assert (out[below, collar[0]] != demo_avatar.plate[below, collar[0]]).all(axis=1).mean() > 0.9


def test_closed_neckline_shows_skin_not_the_back_of_the_garment(
    demo_avatar, asset_dir: Path
) -> None:
    """The drawn tee shows the inside of its back through the collar; worn, that region
    is the wearer's own neck and chest."""
    asset = load_asset(asset_dir / "tee.png")
    layer, out = _wear(demo_avatar, asset)
    fit = layer.fit(asset)
    collar = fit.target("collar")[0]
    neck_l, neck_r = fit.target("neck_left")[0], fit.target("neck_right")[0]
    mid = (neck_l + neck_r) / 2
    x, y0 = int(round(mid[0])), int(round(mid[1])) + 8
    y1 = int(round(collar[1])) - 8
    assert y1 > y0 + 10
    assert np.array_equal(out[y0:y1, x], demo_avatar.plate[y0:y1, x])


def test_real_tee_on_the_demo_portrait(demo_avatar, shared_media: Path) -> None:
    asset = load_asset(shared_media / "garment" / "solidus_dark_tee.png")
    layer, out = _wear(demo_avatar, asset)
    fit = layer.fit(asset)
    # the dark tee covers the orange suit's chest; the face is untouched
    chest = fit.targets[0, fit.target_names.index("torso_0.50_0.20")].round().astype(int)
    assert out[chest[1], chest[0]].max() < 80 and demo_avatar.plate[chest[1], chest[0]][2] > 150
    face = demo_avatar.face
    y0, y1 = int(face[10, 1]) + 5, int(face[152, 1]) - 5
    x = int(face[1, 0])
    assert np.array_equal(out[y0:y1, x], demo_avatar.plate[y0:y1, x])


def test_shading_follows_the_clothes_underneath(demo_avatar, asset_dir: Path) -> None:
    asset = load_asset(asset_dir / "tee.png")
    layer, _ = _wear(demo_avatar, asset)
    shades = layer.fit(asset).shades
    assert shades is not None
    gain = shades[0, ..., 0].astype(float) / 128
    assert 0.7 <= gain.min() < 0.97 and 1.03 < gain.max() <= 1.3  # it varies, within bounds
    assert (shades[0, ..., 3] == 128).all()  # alpha is never shaded


def test_transition_blends_over_the_right_number_of_frames(demo_avatar, asset_dir: Path) -> None:
    assert transition_frames(FPS, 500) == 13  # 12.5 frames, rounded half up
    assert transition_frames(FrameRate(30000, 1001), 500) == 15
    assert transition_frames(FPS, 0) == 0  # a cut
    tee = load_asset(asset_dir / "tee.png")
    layer = photo_tryon_layer(demo_avatar.plate, demo_avatar.face, FPS, matte=demo_avatar.matte)
    assert layer.render(0, 0) is None  # nothing worn yet
    layer.set_garment(tee, 100)
    n = layer.n_transition
    full = demo_avatar.plate.copy()
    layer.render(100 + n, 0).draw(full, 0, 0)
    layer2 = photo_tryon_layer(demo_avatar.plate, demo_avatar.face, FPS, matte=demo_avatar.matte)
    layer2.set_garment(tee, 100)
    delta = full.astype(float) - demo_avatar.plate
    ch = np.abs(delta).argmax(axis=2)
    ys, xs = np.nonzero(np.abs(delta).max(axis=2) > 60)  # pixels the tee changes a lot
    ch = ch[ys, xs]
    weights = []
    for f in range(99, 100 + n + 2):
        out = demo_avatar.plate.copy()
        frame = layer2.render(f, 0)
        if frame is not None:
            frame.draw(out, 0, 0)
        share = (out[ys, xs, ch].astype(float) - demo_avatar.plate[ys, xs, ch]) / delta[ys, xs, ch]
        weights.append(float(np.median(share)))
    expected = [0.0] + [(i + 1) / (n + 1) for i in range(n)] + [1.0, 1.0]
    assert np.allclose(weights, expected, atol=0.02), weights
    mixed = [w for w in weights if 0.01 < w < 0.99]
    assert len(mixed) == n


def test_changing_back_and_to_another_product(demo_avatar, asset_dir: Path) -> None:
    tee, dress, hat = (load_asset(asset_dir / f"{n}.png") for n in ("tee", "dress", "hat"))
    layer = photo_tryon_layer(
        demo_avatar.plate, demo_avatar.face, FPS, [hat], matte=demo_avatar.matte
    )
    assert [a.kind for a in layer.outfit] == ["hat"]
    layer.set_garment(tee, 0)
    assert [a.kind for a in layer.outfit] == ["top", "hat"]
    layer.set_garment(dress, 50)  # the dress replaces the tee, the hat stays
    assert [a.kind for a in layer.outfit] == ["dress", "hat"]
    frame = layer.render(55, 0)
    assert frame.previous is not None and 0 < frame.weight < 1
    layer.set_garment(None, 100)
    assert [a.kind for a in layer.outfit] == ["hat"]


def _swaying_track(
    demo_avatar, n: int, noise_px: float, seed: int = 0
) -> tuple[BodyTrack, np.ndarray]:
    """N frames of the portrait's keypoints: a slow 20 px sway plus tracker noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    sway = 20 * np.sin(2 * np.pi * t / 50.0)
    face = demo_avatar.face[None] + np.stack([sway, np.zeros(n)], 1)[:, None]
    body = np.repeat(demo_avatar.pose[None].astype(np.float64), n, axis=0)
    body[..., 0] += sway[:, None]
    body[..., :2] += rng.normal(0, noise_px, body[..., :2].shape)
    face = face + rng.normal(0, noise_px * 0.3, face.shape)
    masks = [np.roll(demo_avatar.matte, int(round(s)), axis=1) for s in sway]
    return BodyTrack(face, body, (720, 1280), masks), sway


def test_fit_is_stable_over_time_and_follows_real_motion(demo_avatar, asset_dir: Path) -> None:
    track, sway = _swaying_track(demo_avatar, 60, noise_px=4.0)
    layer = TryOnLayer(track, FPS)
    fit = layer.fit(load_asset(asset_dir / "tee.png"))
    x = fit.target("shoulder_left")[:, 0]
    raw = track.body[:, 12, 0]
    jitter_fit = np.std(np.diff(x - sway))
    jitter_raw = np.std(np.diff(raw - sway))
    assert jitter_fit < 0.35 * jitter_raw  # the noise is gone ...
    assert np.corrcoef(x, sway)[0, 1] > 0.95  # ... the sway is kept
    # and it renders frame after frame with one set of buffers
    for k in range(0, 60, 7):
        assert layer.render(k, k) is None  # nothing worn until set_garment
    layer.set_garment(load_asset(asset_dir / "tee.png"), 0)
    patches = [layer.render(k + 20, k).patches[0] for k in range(3)]
    assert patches[0].bgri is patches[2].bgri


def test_accessories_follow_the_head(demo_avatar, asset_dir: Path) -> None:
    glasses = load_asset(asset_dir / "glasses.png")
    n = 3
    angles = np.radians([0.0, 8.0, -8.0])
    centre = demo_avatar.face[1]
    faces = []
    for a in angles:
        rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
        faces.append((demo_avatar.face - centre) @ rot.T + centre)
    track = BodyTrack(np.stack(faces), np.repeat(demo_avatar.pose[None], n, axis=0), (720, 1280))
    fit = TryOnLayer(track, FrameRate(1)).fit(glasses)  # 1 fps: no smoothing across these
    m = fit.placements[0].affines
    turned = np.degrees(np.arctan2(m[:, 1, 0], m[:, 0, 0]))
    assert np.allclose(turned - turned[0], [0.0, 8.0, -8.0], atol=0.5)
    # the lenses sit on the irises
    src = glasses.anchors["lens_left"] * (fit.source.shape[1] / glasses.size[0])
    for k in range(n):
        p = m[k, :, :2] @ src + m[k, :, 2] + fit.placements[0].offsets[k]
        iris = faces[k][468]
        assert np.linalg.norm(p - iris) < 0.1 * np.linalg.norm(faces[k][473] - faces[k][468])


def test_earring_hides_when_the_head_turns_that_ear_away(demo_avatar, asset_dir: Path) -> None:
    earrings = load_asset(asset_dir / "earrings.png")
    turned = demo_avatar.face.copy()
    turned[1, 0] = turned[234, 0] + 0.15 * (
        turned[454, 0] - turned[234, 0]
    )  # nose near the left cheek
    track = BodyTrack(
        np.stack([demo_avatar.face, turned]), np.repeat(demo_avatar.pose[None], 2, 0), (720, 1280)
    )
    fit = TryOnLayer(track, FrameRate(1)).fit(earrings)
    left, right = fit.placements
    assert left.visible.tolist() == [True, False] and right.visible.tolist() == [True, True]


def test_body_geometry_trusts_a_plausible_pose(demo_avatar) -> None:
    """The astronaut's suit fools the pose model (shoulders inside the helmet ring); a
    believable pose (shoulders 2.4 face widths apart) is taken as it is."""
    geo = body_geometry(BodyTrack(demo_avatar.face[None], demo_avatar.pose[None], (720, 1280)), 25)
    assert not geo.pose_trusted
    fw = demo_avatar.face_width
    pose = demo_avatar.pose.copy()
    chin = demo_avatar.face[152]
    pose[12, :2] = chin + [-1.2 * fw, 0.8 * fw]
    pose[11, :2] = chin + [1.2 * fw, 0.8 * fw]
    geo = body_geometry(BodyTrack(demo_avatar.face[None], pose[None], (720, 1280)), 25)
    assert geo.pose_trusted
    assert np.allclose(geo.tips[0, :, 0], chin[0] + np.array([-1.2, 1.2]) * fw * 1.24, atol=1)


def test_fits_are_kept_within_a_bound_but_never_the_worn_ones(demo_avatar, asset_dir: Path) -> None:
    names = ("tee", "dress", "jacket", "glasses", "hat")
    assets = {n: load_asset(asset_dir / f"{n}.png") for n in names}
    layer = photo_tryon_layer(demo_avatar.plate, demo_avatar.face, FPS, matte=demo_avatar.matte)
    layer.max_fits = 2
    layer.set_garment(assets["tee"], 0)
    for n in ("dress", "jacket", "glasses"):
        layer.prepare(assets[n])
    kept = set(layer._renderers)
    assert assets["tee"].key in kept and len(kept) <= 2
    assert layer.render(100, 0) is not None
