"""Pasting a real lower face: alignment, a mask that covers both jaws, no seam."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from studio.avatar.geometry import apply_affine, invert_affine
from studio.avatar.package import load_avatar
from studio.render.lower_face import (
    LowerFacePaster,
    MaskSpec,
    lower_face_mask,
    paste_region,
    skin_colour,
)

from ..avatar.conftest import cloned, talking_video  # noqa: F401, F811  (shared session fixtures)

BRIGHTER = 1.25  # a source filmed in other light


@pytest.fixture(scope="module")
def avatar(cloned):  # noqa: F811  (the imported fixture)
    return load_avatar(cloned.path)


@pytest.fixture(scope="module")
def pair(avatar) -> tuple[int, int]:
    """(base, source): a wide-open base frame and a closed source frame: their chins are
    far apart, the hard case for the mask."""
    o = np.where(avatar.tracks.found, avatar.tracks.mouth[:, 0], np.nan)
    return int(np.nanargmax(o)), int(np.nanargmin(o))


def _geometry(paster: LowerFacePaster, base: int, source: int, size: tuple[int, int]):
    """(canonical -> base px, source px -> base px, full-frame soft mask, its ROI)."""
    canon_to_base = invert_affine(paster.to_canonical[base])
    src_to_base = canon_to_base[:, :2] @ paster.to_canonical[source]
    src_to_base[:, 2] += canon_to_base[:, 2]
    soft, roi = lower_face_mask(
        paster.points[source], paster.points[base], canon_to_base, size, paster.spec
    )
    mask = np.zeros((size[1], size[0]), np.float32)
    x0, y0, x1, y1 = roi
    mask[y0:y1, x0:x1] = soft
    return canon_to_base, src_to_base, mask, roi


def test_mask_covers_both_chins_and_spares_the_nose_and_eyes(avatar, pair) -> None:
    base, source = pair
    paster = LowerFacePaster(avatar)
    canon_to_base, _, mask, _ = _geometry(paster, base, source, avatar.size)
    iod = float(np.hypot(canon_to_base[0, 0], canon_to_base[1, 0]))
    lm = avatar.tracks.landmarks
    chin_base = lm[base, 152, :2]
    chin_src = apply_affine(canon_to_base, paster.points[source][6:7])[0]  # JAW_CHAIN[6] = 152
    assert abs(chin_base[1] - chin_src[1]) > 0.1 * iod  # the two chins really differ
    for p in (chin_base, chin_src, chin_base + [0, 0.05 * iod]):
        assert mask[int(round(p[1])), int(round(p[0]))] > 0.99
    for idx in (1, 33, 263, 168):  # nose tip, eye corners, nose bridge: untouched
        p = lm[base, idx, :2]
        assert mask[int(round(p[1])), int(round(p[0]))] < 0.01
    p = lm[base, 2, :2]  # the nose bottom: at most the faint outer edge of the feather
    assert mask[int(round(p[1])), int(round(p[0]))] < 0.1
    for idx in (0, 13, 14, 17, 61, 291):  # both lips, all of them
        for frame in (base, source):
            canon = paster.to_canonical[frame] @ [*lm[frame, idx, :2], 1.0]
            p = canon_to_base[:, :2] @ canon + canon_to_base[:, 2]
            assert mask[int(round(p[1])), int(round(p[0]))] > 0.99
    assert mask.max() == pytest.approx(1.0) and mask.min() == 0.0


def _gradient(img: np.ndarray) -> np.ndarray:
    luma = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY).astype(np.float32)
    return np.hypot(cv2.Sobel(luma, cv2.CV_32F, 1, 0), cv2.Sobel(luma, cv2.CV_32F, 0, 1))


def test_pasted_lower_face_has_no_seam_even_in_other_light(avatar, pair) -> None:
    base, source = pair
    paster = LowerFacePaster(avatar)
    _, src_to_base, soft, roi = _geometry(paster, base, source, avatar.size)
    base_img = avatar.frame(base)
    src_img = cv2.convertScaleAbs(avatar.frame(source), alpha=BRIGHTER)
    x0, y0, x1, y1 = roi
    soft_roi = np.ascontiguousarray(soft[y0:y1, x0:x1])

    # Ours: feathered mask, colour matched on the skin band of each frame's own crop.
    bank = avatar.mouth_bank
    src_crop = cv2.warpAffine(src_img, bank.to_crop[source], (160, 128))
    want = skin_colour(bank.crop(base), paster.points[base], bank.lips[base], paster.spec)
    have = skin_colour(src_crop, paster.points[source], bank.lips[source], paster.spec)
    gain = (want + 1) / (have + 1)
    assert gain == pytest.approx(np.full(3, 1 / BRIGHTER), abs=0.06)
    ours = base_img.copy()
    paste_region(ours, src_img, src_to_base, soft_roi, roi, gain)

    # Naive: the same region cut out hard and pasted as it is.
    hard = (soft_roi > 0.5).astype(np.float32)
    naive = base_img.copy()
    paste_region(naive, src_img, src_to_base, hard, roi)

    # Where the edge is (either paste's), on skin: above the base's lower lip.
    edge = ((soft > 0.02) & (soft < 0.98)).astype(np.uint8)
    edge = cv2.dilate(edge, np.ones((7, 7), np.uint8)).astype(bool)
    edge[int(avatar.tracks.landmarks[base, 17, 1]) :] = False
    g_base = _gradient(base_img)[edge].mean()
    excess_ours = _gradient(ours)[edge].mean() - g_base
    excess_naive = _gradient(naive)[edge].mean() - g_base
    assert excess_naive > 4.0  # the hard paste shows a step (the test can see one)
    assert excess_ours < 0.3 * excess_naive
    # Colour matching undoes the other light: the paste of the brighter source looks like
    # the paste of the source as filmed; without it, the whole lower face is brighter.
    plain_src = avatar.frame(source)
    plain_have = skin_colour(
        bank.crop(source), paster.points[source], bank.lips[source], paster.spec
    )
    plain = base_img.copy()
    paste_region(plain, plain_src, src_to_base, soft_roi, roi, (want + 1) / (plain_have + 1))
    naive_plain = base_img.copy()
    paste_region(naive_plain, plain_src, src_to_base, hard, roi)
    inside = np.zeros(soft.shape, bool)
    inside[y0:y1, x0:x1] = hard > 0
    diff_ours = np.abs(ours[inside].astype(float) - plain[inside]).mean()
    diff_naive = np.abs(naive[inside].astype(float) - naive_plain[inside]).mean()
    assert diff_ours < 0.25 * diff_naive, (diff_ours, diff_naive)


def test_paste_lands_on_the_base_face(avatar, pair) -> None:
    """A frame pasted onto itself changes nothing; onto another frame, its lips go where
    the stable landmarks put them."""
    base, _ = pair
    paster = LowerFacePaster(avatar)
    img = avatar.frame(base)
    out = img.copy()
    canon_to_base = invert_affine(paster.to_canonical[base])
    paster.paste(out, canon_to_base, paster.points[base], base, None)
    assert np.abs(out.astype(int) - img).mean() < 0.5


def test_decoded_regions_are_cached(avatar, pair) -> None:
    base, source = pair
    paster = LowerFacePaster(avatar, MaskSpec())
    canon_to_base = invert_affine(paster.to_canonical[base])
    for _ in range(3):
        out = avatar.frame(base)
        paster.paste(out, canon_to_base, paster.points[base], source, None)
    assert paster.decodes == 1
