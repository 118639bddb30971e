"""The one-photo avatar on a real face (the astronaut portrait)."""

import numpy as np
import pytest

from studio.avatar import landmarks as L
from studio.avatar.photo import build_photo_avatar
from studio.core.errors import FaceNotFoundError, InputError
from studio.render.photo_renderer import HeadPose, MouthPose, PhotoAvatarRenderer


@pytest.fixture(scope="module")
def renderer(astronaut_rgb: np.ndarray) -> PhotoAvatarRenderer:
    return PhotoAvatarRenderer(build_photo_avatar(astronaut_rgb, 720, 1280))


def _mouth_box(r: PhotoAvatarRenderer) -> tuple[slice, slice]:
    pts = r.avatar.face.points[L.LIPS_ALL]
    (x0, y0), (x1, y1) = pts.min(0), pts.max(0)
    pad = 0.4 * r.iod
    return slice(int(y0), int(y1 + pad)), slice(int(x0), int(x1))


def _dark_fraction(frame: np.ndarray, box: tuple[slice, slice]) -> float:
    roi = frame[box].astype(np.float32)
    return float((roi.max(axis=2) < 90).mean())


def test_face_is_framed_on_the_canvas(renderer: PhotoAvatarRenderer) -> None:
    x0, y0, x1, y1 = renderer.avatar.face.bbox()
    assert renderer.plate.shape == (1280, 720, 3)
    assert 0.15 < (y1 - y0) / 1280 < 0.3
    assert 0.3 * 720 < (x0 + x1) / 2 < 0.7 * 720


def test_mouth_opening_grows_the_dark_interior(renderer: PhotoAvatarRenderer) -> None:
    box = _mouth_box(renderer)
    dark = [_dark_fraction(renderer.render(MouthPose(o, 0.0)), box) for o in (0.0, 0.15, 0.3)]
    assert dark[0] < 0.01  # closed at rest although the photo smiles with teeth showing
    assert dark[0] < dark[1] < dark[2]
    assert dark[2] > 0.04


def test_rest_mouth_hides_the_teeth(
    renderer: PhotoAvatarRenderer, astronaut_rgb: np.ndarray
) -> None:
    # The lips' own box: below it the closed jaw brings up her chin's bright skin.
    pts = renderer.avatar.face.points[L.LIPS_ALL]
    (x0, y0), (x1, y1) = pts.min(0), pts.max(0)
    box = slice(int(y0), int(y1)), slice(int(x0), int(x1))
    bright = lambda f: float((f[box].min(axis=2) > 190).mean())  # noqa: E731  teeth are bright, unsaturated
    assert bright(renderer.render(MouthPose(0.0))) < 0.5 * bright(renderer.plate)


def _specks(frame: np.ndarray, box: tuple[slice, slice]) -> int:
    """Pixels that stand out from all their neighbours (salt-and-pepper on the lips)."""
    import cv2

    roi = frame[box]
    smooth = cv2.medianBlur(roi, 3)
    return int((np.abs(roi.astype(np.int16) - smooth).max(axis=2) > 45).sum())


def test_pressed_lips_meet_without_specks_or_a_staircase(
    renderer: PhotoAvatarRenderer, monkeypatch
) -> None:
    """Closed lips (the rest pose, and a mouth closing after an opening) are drawn finer
    and averaged: one sample per pixel left a row of dark and white specks on the seam."""
    import studio.render.photo_renderer as pr

    box = _mouth_box(renderer)
    poses = [MouthPose(0.0, 0.0), MouthPose(0.02, 0.3), MouthPose(0.0, 0.6)]
    fine = sum(_specks(renderer.render(m), box) for m in poses)
    monkeypatch.setattr(pr, "LIP_SUPERSAMPLE", 1)
    coarse = sum(_specks(renderer.render(m), box) for m in poses)
    assert fine < 0.5 * coarse, (fine, coarse)


def test_blink_closes_the_eyes(renderer: PhotoAvatarRenderer) -> None:
    eye = renderer.avatar.face.points[L.RIGHT_EYE_UPPER + L.RIGHT_EYE_LOWER]
    (x0, y0), (x1, y1) = eye.min(0).astype(int), eye.max(0).astype(int)
    open_eye = renderer.render(blink=0.0)[y0:y1, x0:x1].astype(np.float32)
    shut_eye = renderer.render(blink=1.0)[y0:y1, x0:x1].astype(np.float32)
    # The dark iris disappears under the lid.
    assert (shut_eye.max(axis=2) < 80).mean() < 0.5 * (open_eye.max(axis=2) < 80).mean()


def test_head_roll_moves_the_face_not_the_corners(renderer: PhotoAvatarRenderer) -> None:
    still = renderer.render()
    rolled = renderer.render(head=HeadPose(roll_deg=3.0))
    diff = np.abs(still.astype(int) - rolled.astype(int)).max(axis=2)
    x0, y0, x1, y1 = (int(v) for v in renderer.avatar.face.bbox())
    assert diff[y0:y1, x0:x1].mean() > 3
    assert diff[:40, :40].max() == 0 and diff[-40:, -40:].max() == 0


def test_portrait_without_a_face_is_refused() -> None:
    sky = np.full((400, 300, 3), (120, 170, 230), dtype=np.uint8)
    with pytest.raises(FaceNotFoundError) as err:
        build_photo_avatar(sky, 720, 1280)
    assert err.value.hint


def test_tiny_or_grey_portrait_is_refused() -> None:
    with pytest.raises(InputError):
        build_photo_avatar(np.zeros((64, 64, 3), dtype=np.uint8), 720, 1280)
    with pytest.raises(InputError):
        build_photo_avatar(np.zeros((400, 400), dtype=np.uint8), 720, 1280)


def test_two_faces_are_refused(astronaut_rgb: np.ndarray) -> None:
    crop = astronaut_rgb[20:250, 120:340]
    pair = np.concatenate([crop, crop], axis=1)
    with pytest.raises(FaceNotFoundError, match="2 faces"):
        build_photo_avatar(pair, 720, 1280)
