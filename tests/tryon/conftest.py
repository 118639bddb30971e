"""Fixtures for try-on tests: the demo one-photo avatar (plate, face, pose, matte) and
pictures drawn by the tests themselves."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pytest

ASSETS = Path(__file__).resolve().parents[2] / "assets" / "garments"


@dataclass(frozen=True)
class DemoAvatar:
    plate: np.ndarray  # BGR 720x1280
    face: np.ndarray  # (478, 2)
    pose: np.ndarray  # (33, 3)
    matte: np.ndarray  # float32 0..1

    @property
    def face_width(self) -> float:
        return float(np.linalg.norm(self.face[454] - self.face[234]))


@pytest.fixture(scope="session")
def demo_avatar(astronaut_rgb: np.ndarray) -> DemoAvatar:
    from studio.avatar.photo import build_photo_avatar
    from studio.render.matte import person_matte
    from studio.tryon.pose import pose_on_photo

    avatar = build_photo_avatar(astronaut_rgb, 720, 1280)
    plate = avatar.plate
    return DemoAvatar(
        plate, avatar.face.points.astype(np.float64), pose_on_photo(plate), person_matte(plate)
    )


@pytest.fixture(scope="session")
def asset_dir() -> Path:
    return ASSETS


def draw_tee(w: int = 400, h: int = 380) -> np.ndarray:
    """A plain T-shirt outline, BGRA, with known corners (see TEE_POINTS)."""
    img = np.zeros((h, w, 4), np.uint8)
    cv2.fillPoly(img, [np.array(TEE_OUTLINE, np.int32)], (60, 140, 200, 255))
    return img


@dataclass(frozen=True)
class DrawnTee:
    """A tee the tests draw: its picture, outline and where its anchors are."""

    outline: list
    points: dict

    @staticmethod
    def picture() -> np.ndarray:
        return draw_tee()

    def png(self, folder: Path, name: str = "plain_tee.png") -> Path:
        path = folder / name
        cv2.imwrite(str(path), draw_tee())
        return path


@pytest.fixture
def drawn_tee() -> DrawnTee:
    return DrawnTee(TEE_OUTLINE, TEE_POINTS)


# a symmetric tee about x = 200: neck corners, shoulder tips, cuffs, armpits, hem
TEE_OUTLINE = [
    (170, 30),
    (100, 55),
    (40, 140),
    (85, 175),
    (115, 150),
    (118, 360),
    (282, 360),
    (285, 150),
    (315, 175),
    (360, 140),
    (300, 55),
    (230, 30),
    (215, 60),
    (200, 66),
    (185, 60),
]
TEE_POINTS = {
    "neck_left": (170, 30),
    "neck_right": (230, 30),
    "collar": (200, 66),
    "shoulder_left": (100, 55),
    "shoulder_right": (300, 55),
    "armpit_left": (115, 150),
    "armpit_right": (285, 150),
    "sleeve_left": (62, 157),
    "sleeve_right": (338, 157),
    "hem_left": (118, 353),
    "hem_right": (282, 353),
}
