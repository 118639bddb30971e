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


# -- the mouth at 4x (issue 23 item 10) -------------------------------------------------------
# Closing poses: the rest, a spread rest, and the last frames of a closing mouth.
CLOSING = [MouthPose(0.0, 0.0), MouthPose(0.0, 0.3), MouthPose(0.0, 0.6), MouthPose(0.004, 0.3),
           MouthPose(0.008, 0.0)]  # fmt: skip


def _luma(img: np.ndarray) -> np.ndarray:
    img = img.astype(np.float32)
    return 0.299 * img[..., 2] + 0.587 * img[..., 1] + 0.114 * img[..., 0]


def _poly(r: PhotoAvatarRenderer, *contours: list[int], grow: int = 0) -> np.ndarray:
    """Boolean mask of the photo's polygon through the contours (the last one reversed),
    grown by ``grow`` px, in the middle 80 % of the mouth (the corners are dark in any
    smile photo)."""
    import cv2

    pts = r.avatar.face.points
    poly = np.concatenate([pts[contours[0]], pts[contours[1]][::-1]])
    mask = np.zeros(r.plate.shape[:2], np.uint8)
    cv2.fillPoly(mask, [np.round(poly).astype(np.int32)], 255)
    if grow:
        mask = cv2.dilate(mask, np.ones((2 * grow + 1, 2 * grow + 1), np.uint8))
    x0, x1 = pts[L.LIP_OUTER_UPPER, 0].min(), pts[L.LIP_OUTER_UPPER, 0].max()
    out = mask > 0
    out[:, : int(x0 + 0.1 * (x1 - x0))] = False
    out[:, int(x1 - 0.1 * (x1 - x0)) :] = False
    return out


def test_closing_lips_keep_the_photos_lip_tones(renderer: PhotoAvatarRenderer) -> None:
    """Along a closing mouth's lips no pixel is much darker than the photo's own darkest lip
    pixel and none stands out from its neighbours (before: a row of dark specks along the
    lower lip, 50 grey levels under the photo's lips, 13-32 specks a pose)."""
    import cv2

    lips = _poly(renderer, L.LIP_OUTER_UPPER, L.LIP_OUTER_LOWER)
    lips &= ~_poly(renderer, L.LIP_INNER_UPPER, L.LIP_INNER_LOWER, grow=1)
    floor = float(np.percentile(_luma(renderer.plate)[lips], 1))
    region = _poly(renderer, L.LIP_OUTER_UPPER, L.LIP_OUTER_LOWER, grow=3)
    for pose in CLOSING:
        y = _luma(renderer.render(pose))
        assert y[region].min() >= floor - 20, (pose, y[region].min(), floor)
        median = cv2.medianBlur(np.clip(y, 0, 255).astype(np.uint8), 3).astype(np.float32)
        specks = int((np.abs(y - median)[region] > 25).sum())
        assert specks == 0, (pose, specks)


def test_closed_lower_lip_edge_is_as_soft_as_the_photos(renderer: PhotoAvatarRenderer) -> None:
    """Below the seam of a closed mouth (lower lip and the skin under it) no step from one
    row to the next is harder than the photo's own lower-lip edge (measured: 15 vs the
    photo's 20 grey levels; before, a hard jagged edge: 47-70)."""
    pts = renderer.avatar.face.points
    own = _poly(renderer, L.LIP_INNER_LOWER, L.LIP_OUTER_LOWER, grow=3)
    own &= ~_poly(renderer, L.LIP_INNER_UPPER, L.LIP_INNER_LOWER, grow=1)
    photo_step = np.abs(np.diff(_luma(renderer.plate), axis=0))[own[1:] & own[:-1]].max()
    region = _poly(renderer, L.LIP_INNER_UPPER, L.LIP_OUTER_LOWER, grow=3)
    h, w = region.shape
    seam = np.interp(np.arange(w), pts[L.LIP_INNER_UPPER, 0], pts[L.LIP_INNER_UPPER, 1])
    region &= np.arange(h)[:, None] > seam[None, :] + 2
    for pose in CLOSING:
        step = np.abs(np.diff(_luma(renderer.render(pose)), axis=0))[region[1:] & region[:-1]]
        assert step.max() <= 1.25 * photo_step, (pose, step.max(), photo_step)


def _interior(renderer: PhotoAvatarRenderer, frame: np.ndarray) -> list[np.ndarray]:
    """Per column in the middle 40 % of the mouth, the pixels of the open mouth's dark
    interior, top to bottom (below the upper teeth, above the lower lip)."""
    pts = renderer.avatar.face.points
    y = _luma(frame)
    x0, x1 = pts[L.LIP_OUTER_UPPER, 0].min(), pts[L.LIP_OUTER_UPPER, 0].max()
    runs = []
    for x in range(int(x0 + 0.3 * (x1 - x0)), int(x1 - 0.3 * (x1 - x0))):
        row = int(np.interp(x, pts[L.LIP_INNER_UPPER, 0], pts[L.LIP_INNER_UPPER, 1]))
        while y[row, x] >= 110:  # lip, then teeth
            row += 1
        top = row
        while y[row, x] < 110:
            row += 1
        runs.append(frame[top:row, x].astype(np.float32))
    return runs


@pytest.mark.parametrize("opening", [0.3, 0.35])
def test_open_mouth_is_shaded_warm_not_flat(renderer: PhotoAvatarRenderer, opening) -> None:
    """The open mouth is shaded top to bottom, with a dark line along the lower lip under
    the lit tongue, in warm tones from her lips (before: a flat fill over a grey band that
    was the brightest thing in it, and blue above green: a purple cast)."""
    runs = _interior(renderer, renderer.render(MouthPose(opening, 0.0)))
    assert min(len(r) for r in runs) >= 8  # wide open: an interior to measure
    bins: list[list[float]] = [[] for _ in range(6)]
    for run in runs:
        for i, px in enumerate(_luma(run)):
            bins[6 * i // len(run)].append(float(px))
    # The outer bins blend with the teeth and the lip; the four inside are the mouth's own.
    inside = [float(np.mean(b)) for b in bins[1:5]]
    assert max(inside) - min(inside) >= 12, inside  # a gradient, not a flat fill
    assert inside[-1] <= max(inside) - 8, inside  # darkest by the lower lip, not lightest
    pixels = np.concatenate(runs)
    assert np.median(pixels[:, 1] - pixels[:, 0]) >= 0  # green >= blue: no purple cast
    assert np.median(pixels[:, 2] - pixels[:, 1]) >= 25  # red leads: lip-coloured, not grey
