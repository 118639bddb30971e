"""The open mouth's inside for the photo avatar: tones from her lips, shaded like a mouth."""

import numpy as np
import pytest

from studio.avatar.photo import build_photo_avatar
from studio.render.mouth_interior import interior_tones, lip_colour, paint_cavity


@pytest.mark.parametrize(
    "lip", [(141, 152, 208), (190, 120, 200), (60, 70, 120), (120, 110, 150)]
)  # BGR: her pink lips, a cool magenta lipstick, dark lips, a bluish cast
def test_tones_come_from_her_lips_and_are_never_purple(lip) -> None:
    throat, tongue = interior_tones(np.array(lip, np.float32))
    for tone in (throat, tongue):
        b, g, r = tone
        assert b <= g < r  # warm: red leads, blue never above green
    assert tongue.sum() > 2 * throat.sum()
    assert tongue.max() < max(lip)  # darker than the lips themselves


def test_lip_colour_is_the_photos_lips(astronaut_rgb: np.ndarray) -> None:
    avatar = build_photo_avatar(astronaut_rgb, 720, 1280)
    b, g, r = lip_colour(avatar.plate, avatar.face.points)
    assert r > g + 30 and r > b + 30  # pink-red, not the teeth or the skin around them
    assert 120 < r < 250


def _mouth(width: int = 120, gap: float = 40.0) -> tuple[np.ndarray, np.ndarray]:
    xs = np.linspace(10, 10 + width, 11)
    sag = 1 - ((xs - xs.mean()) / (width / 2)) ** 2  # an oval opening, closed at the corners
    return np.stack([xs, 20 + 0 * sag], 1), np.stack([xs, 20 + gap * sag], 1)


def test_wide_open_mouth_has_a_lit_tongue_over_the_lower_lips_shadow() -> None:
    upper, lower = _mouth()
    tones = interior_tones(np.array([141, 152, 208], np.float32))
    img = paint_cavity((80, 140), upper, lower, tones, open_iod=0.3)
    luma = img.mean(axis=2)
    column = luma[20:60, 70]  # the middle of the mouth, lip to lip
    tongue = int(np.argmax(column))
    assert 10 < tongue < 34  # lit between the teeth's shadow and the lower lip's
    assert column[1] < column[tongue] and column[38] < 0.5 * column[tongue]
    # Darker towards the corners, at the same height between the lips.
    side, middle = (int(20 + 0.6 * (np.interp(x, lower[:, 0], lower[:, 1]) - 20)) for x in (25, 70))
    assert luma[side, 25] < luma[middle, 70]


def test_barely_open_mouth_shows_no_tongue() -> None:
    upper, lower = _mouth(gap=6.0)
    tones = interior_tones(np.array([141, 152, 208], np.float32))
    narrow = paint_cavity((40, 140), upper, lower, tones, open_iod=0.03)[20:26, 70]
    assert narrow.max() <= tones[0].max() + 1e-3  # no lighter than the throat
