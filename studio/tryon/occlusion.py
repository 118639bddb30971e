"""What stays in front of a garment: face, hair, neck, the skin in the neckline, hands.

Mostly outlines, not masks: a frame's occluders are a few polygons (kept per base
frame, a few hundred bytes) that the live layer fills into the warped garment's alpha
with anti-aliased edges.
- the face oval;
- the neck, from the jaw angles down to the neck base and, below the neck points,
  along the garment's own front neckline (so the inside of the back, which product
  shots show, is not worn over the chest);
- with a person mask, the whole person above the line through the neck points (head,
  hair falling beside the neck, the neck itself);
- hands: with the frame, only their skin-coloured pixels within the pose's hand outline
  (a small mask); without it, the outline;
- bare forearms in front of the body when the sleeves are short.
"""

from __future__ import annotations

import numpy as np

from studio.avatar.landmarks import FACE_OVAL

JAW_LEFT, JAW_RIGHT = 172, 397  # jaw angles, image left and right
_i_left, _i_right = FACE_OVAL.index(JAW_LEFT), FACE_OVAL.index(JAW_RIGHT)
CHIN_ARC = FACE_OVAL[_i_right : _i_left + 1]  # jaw right -> chin -> jaw left
FACE_GROW = 1.03  # a hair's breadth round the face: no fabric fringe on the cheek


def face_outline(face: np.ndarray) -> np.ndarray:
    oval = face[FACE_OVAL]
    c = oval.mean(axis=0)
    return c + (oval - c) * FACE_GROW


def neck_outline(
    face: np.ndarray,
    neck: np.ndarray,
    neck_half: float,
    across: np.ndarray,
    neckline: np.ndarray,
) -> np.ndarray:
    """Jaw -> neck base -> the neckline (left to right, on the body; may be empty) ->
    jaw -> chin."""
    left_base = neck - across * neck_half
    right_base = neck + across * neck_half
    return np.concatenate(
        [
            face[[JAW_LEFT]],
            left_base[None],
            neckline,
            right_base[None],
            face[CHIN_ARC],
        ]
    )


def forearm_outline(elbow: np.ndarray, wrist: np.ndarray, half_width: float) -> np.ndarray:
    """A bare forearm (short sleeves), from a little below the elbow to the wrist."""
    start = elbow + 0.15 * (wrist - elbow)
    d = wrist - start
    n = np.array([-d[1], d[0]]) / max(1e-9, float(np.linalg.norm(d))) * half_width
    return np.array([start + n, wrist + n, wrist - n, start - n])


def skin_model(frame_bgr: np.ndarray, face: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The presenter's skin colour as (Cr, Cb) median and spread, from the cheeks."""
    import cv2

    oval = face_outline(face)
    c = oval.mean(axis=0)
    inner = c + (oval - c) * 0.7  # the face without hairline and jaw edge
    x0, y0 = np.floor(inner.min(axis=0)).astype(int)
    x1, y1 = np.ceil(inner.max(axis=0)).astype(int) + 1
    h, w = frame_bgr.shape[:2]
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return np.array([150.0, 110.0]), np.array([12.0, 12.0])
    crop = cv2.cvtColor(frame_bgr[y0:y1, x0:x1], cv2.COLOR_BGR2YCrCb).reshape(-1, 3)[:, 1:]
    m = np.zeros((y1 - y0, x1 - x0), np.uint8)
    cv2.fillPoly(m, [np.round(inner - [x0, y0]).astype(np.int32)], 1)
    px = crop[m.ravel() > 0].astype(np.float64)
    med = np.median(px, axis=0)
    spread = 1.4826 * np.median(np.abs(px - med), axis=0)
    return med, spread


def hand_cutout(
    frame_bgr: np.ndarray, outline: np.ndarray, skin: tuple[np.ndarray, np.ndarray]
) -> tuple[int, int, np.ndarray] | None:
    """The skin-coloured part of a hand or forearm outline, feathered: (x0, y0, mask).

    A pose's hand and arm points are rough; cutting their whole outline out of a garment
    leaves a hole with sleeve and background in it. Only pixels of the face's skin
    colour are kept in front, cropped to where there are any.
    """
    import cv2

    h, w = frame_bgr.shape[:2]
    pad = int(0.1 * np.ptp(outline, axis=0).max()) + 2
    x0, y0 = np.floor(outline.min(axis=0)).astype(int) - pad
    x1, y1 = np.ceil(outline.max(axis=0)).astype(int) + pad
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
    if x1 - x0 < 3 or y1 - y0 < 3:
        return None
    ycc = cv2.cvtColor(frame_bgr[y0:y1, x0:x1], cv2.COLOR_BGR2YCrCb)
    med, spread = skin
    tol = 3.0 * np.maximum(spread, 3.0) + 4.0
    d = None
    for c in (1, 2):  # chroma distance to the skin colour, in tolerances
        dc = cv2.absdiff(cv2.extractChannel(ycc, c), float(med[c - 1]))
        dc = dc.astype(np.float32) * np.float32(1.0 / tol[c - 1])
        d = dc if d is None else cv2.max(d, dc)
    like = np.clip(1.5 - d, 0.0, 1.0)  # 1 inside the tolerance, fading out
    inside = np.zeros((y1 - y0, x1 - x0), np.uint8)
    cv2.fillPoly(inside, [np.round(outline - [x0, y0]).astype(np.int32)], 255, cv2.LINE_AA)
    # the outline is a guess: fade out across it rather than cut a straight edge through
    # skin (a wide blur, done at a quarter of the size: it is smooth anyway)
    small = cv2.resize(
        inside,
        (max(1, inside.shape[1] // 4), max(1, inside.shape[0] // 4)),
        interpolation=cv2.INTER_AREA,
    )
    small = cv2.GaussianBlur(small, (0, 0), max(0.5, 0.05 * max(x1 - x0, y1 - y0) / 4))
    inside = cv2.resize(small, (inside.shape[1], inside.shape[0]), interpolation=cv2.INTER_LINEAR)
    inside = np.clip(inside.astype(np.float32) * (2.0 / 255) - 0.3, 0.0, 1.0)
    mask = cv2.GaussianBlur((like * inside * 255).astype(np.uint8), (3, 3), 0)
    mask = cv2.morphologyEx(
        mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))
    )
    ys, xs = np.nonzero(mask > 8)
    if len(ys) == 0 or int(mask.max()) < 32:
        return None
    return (
        x0 + int(xs.min()),
        y0 + int(ys.min()),
        mask[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1].copy(),
    )


def head_outline(
    person: np.ndarray, neck_left: np.ndarray, neck_right: np.ndarray, face: np.ndarray
) -> np.ndarray | None:
    """The person above the line through the garment's neck points: head, hair, neck.

    Hair that falls beside the neck onto the shoulders stays in front of a collar this
    way; hair over the chest (below the line) does not. ``person`` is a bool mask of
    the frame. Returns the outline of the piece that holds the face, or None.
    """
    import cv2

    h, w = person.shape
    d = neck_right - neck_left
    if abs(d[0]) < 1e-6:
        return None
    xs = np.arange(w)
    line_y = neck_left[1] + (xs - neck_left[0]) * d[1] / d[0]
    above = person & (np.arange(h)[:, None] < line_y[None, :])
    n, labels = cv2.connectedComponents(above.astype(np.uint8), connectivity=8)
    cx, cy = np.clip(np.round(face[FACE_OVAL].mean(axis=0)).astype(int), 0, [w - 1, h - 1])
    label = labels[cy, cx]
    if n <= 1 or label == 0:
        return None
    contours, _ = cv2.findContours(
        (labels == label).astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE
    )
    if not contours:
        return None
    outline = cv2.approxPolyDP(max(contours, key=cv2.contourArea), 1.5, True)[:, 0]
    return outline.astype(np.float64) if len(outline) >= 3 else None
