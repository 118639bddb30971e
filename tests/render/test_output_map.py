"""How a presenter's picture maps onto her box: covering, and close-ups."""

import numpy as np

from studio.render.video_avatar import OutputMap


def test_a_closeup_of_a_picture_already_at_the_box_size_zooms() -> None:
    pic = np.zeros((1280, 720, 3), np.uint8)
    pic[::40] = 255  # stripes every 40 rows
    plain = OutputMap.cover((720, 1280), (720, 1280))
    assert plain.identity and plain.apply(pic) is pic
    close = OutputMap.cover((720, 1280), (720, 1280), zoom=1.6, focus=(0.5, 0.3))
    assert not close.identity
    out = close.apply(pic)
    assert out.shape == pic.shape
    rows = np.nonzero(out[:, 360, 0] > 128)[0]
    starts = rows[np.insert(np.diff(rows) > 1, 0, True)]
    assert np.median(np.diff(starts)) == 64  # stripes 40 px apart, now 1.6x further
    s, dx, dy = close.similarity
    assert abs(s - 1.6) < 1e-6 and dx < 0 and dy < 1  # (pixel-centre convention)


def test_the_window_stays_inside_the_picture() -> None:
    m = OutputMap.cover((720, 1280), (720, 1280), zoom=2.0, focus=(0.0, 0.0))
    assert m.offset == (0, 0)
    m = OutputMap.cover((720, 1280), (720, 1280), zoom=2.0, focus=(1.0, 1.0))
    assert m.offset == (720, 1280)
