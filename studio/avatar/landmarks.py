"""Face landmarks from mediapipe face mesh (478 points) and the index sets we use.

Index lists are mediapipe's canonical face-mesh topology; contours are ordered from the
subject's right mouth/eye corner (image left) to the left one, so pairs line up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from studio.core.errors import DependencyError, FaceNotFoundError
from studio.core.quiet import native_stderr_quiet, quiet_native_logs

# Mouth: outer and inner lip contours, each upper/lower from corner 61/78 to corner 291/308.
LIP_OUTER_UPPER = [61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291]
LIP_OUTER_LOWER = [61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291]
LIP_INNER_UPPER = [78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308]
LIP_INNER_LOWER = [78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308]
LIPS_ALL = sorted(set(LIP_OUTER_UPPER + LIP_OUTER_LOWER + LIP_INNER_UPPER + LIP_INNER_LOWER))
# The two rings between those contours, inside the red of each lip (outer one first), same
# order: a warp must carry them with the contours or the lip's triangles fold over.
LIP_MID_UPPER = (
    [76, 184, 74, 73, 72, 11, 302, 303, 304, 408, 306],
    [62, 183, 42, 41, 38, 12, 268, 271, 272, 407, 292],
)
LIP_MID_LOWER = (
    [76, 77, 90, 180, 85, 16, 315, 404, 320, 307, 306],
    [62, 96, 89, 179, 86, 15, 316, 403, 319, 325, 292],
)

# Eyes: upper and lower lid, corner to corner (subject's right eye = image left).
RIGHT_EYE_UPPER = [33, 246, 161, 160, 159, 158, 157, 173, 133]
RIGHT_EYE_LOWER = [33, 7, 163, 144, 145, 153, 154, 155, 133]
LEFT_EYE_UPPER = [263, 466, 388, 387, 386, 385, 384, 398, 362]
LEFT_EYE_LOWER = [263, 249, 390, 373, 374, 380, 381, 382, 362]
# The fold above each upper lid, which follows a blink part of the way.
RIGHT_EYE_UPPER_FOLD = [247, 30, 29, 27, 28, 56, 190]
LEFT_EYE_UPPER_FOLD = [467, 260, 259, 257, 258, 286, 414]
RIGHT_IRIS = [468, 469, 470, 471, 472]
LEFT_IRIS = [473, 474, 475, 476, 477]

FACE_OVAL = [
    10,
    338,
    297,
    332,
    284,
    251,
    389,
    356,
    454,
    323,
    361,
    288,
    397,
    365,
    379,
    378,
    400,
    377,
    152,
    148,
    176,
    149,
    150,
    136,
    172,
    58,
    132,
    93,
    234,
    127,
    162,
    21,
    54,
    103,
    67,
    109,
]
CHIN = 152
NOSE_TIP = 1
FOREHEAD = 10
# Points that do not move when the mouth moves: for aligning faces.
STABLE = [33, 133, 263, 362, 168, 6, 197, 195, 1]


@dataclass(frozen=True)
class FaceLandmarks:
    """478 landmark positions in pixels (x, y) of the image they were found in."""

    points: np.ndarray  # float32 (478, 2)

    @property
    def right_eye_center(self) -> np.ndarray:
        return self.points[RIGHT_IRIS[0]]

    @property
    def left_eye_center(self) -> np.ndarray:
        return self.points[LEFT_IRIS[0]]

    @property
    def interocular(self) -> float:
        """Distance between the iris centres: the face's scale unit."""
        return float(np.linalg.norm(self.left_eye_center - self.right_eye_center))

    @property
    def mouth_center(self) -> np.ndarray:
        return self.points[LIP_INNER_UPPER + LIP_INNER_LOWER].mean(axis=0)

    def bbox(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) of the face mesh."""
        x0, y0 = self.points.min(axis=0)
        x1, y1 = self.points.max(axis=0)
        return float(x0), float(y0), float(x1), float(y1)


def _quiet_mediapipe() -> None:
    """mediapipe/TFLite log to stderr natively; keep the output readable (studio.core.quiet)."""
    quiet_native_logs()


class QuietFirstCall:
    """A mediapipe graph's ``process``, with native stderr quiet on its first call (the
    calculators log warnings then, studio.core.quiet)."""

    def __init__(self, process: Callable) -> None:
        self._process = process
        self._first = True

    def __call__(self, *args):
        if not self._first:
            return self._process(*args)
        with native_stderr_quiet():
            result = self._process(*args)
        self._first = False
        return result


def _import_mediapipe():
    _quiet_mediapipe()
    try:
        import mediapipe as mp
    except ImportError as exc:  # pragma: no cover - exercised by doctor
        raise DependencyError(
            "mediapipe is not installed", hint="run `make demo` or pip install mediapipe==0.10.21"
        ) from exc
    return mp


class FaceMeshDetector:
    """A reusable mediapipe face mesh: still images (``video=False``) or a video track.

    In video mode mediapipe tracks the face from frame to frame and only runs its
    detector when the track is lost, which is several times cheaper per frame.
    ``detect`` returns (478, 3) float32 arrays per face: x, y in pixels and mediapipe's
    relative depth z scaled like x (pixels), largest face first.
    """

    def __init__(self, *, video: bool = False, max_faces: int = 1) -> None:
        mp = _import_mediapipe()
        with native_stderr_quiet():  # the graph logs as it starts and on its first frame
            self._mesh = mp.solutions.face_mesh.FaceMesh(
                static_image_mode=not video, refine_landmarks=True, max_num_faces=max_faces
            )
        self._process = QuietFirstCall(self._mesh.process)

    def detect(self, image_rgb: np.ndarray) -> list[np.ndarray]:
        h, w = image_rgb.shape[:2]
        result = self._process(np.ascontiguousarray(image_rgb))
        faces = []
        for face in result.multi_face_landmarks or []:
            pts = np.array([(p.x * w, p.y * h, p.z * w) for p in face.landmark], dtype=np.float32)
            faces.append(pts)
        faces.sort(key=lambda f: -float(f[:, 1].max() - f[:, 1].min()))
        return faces

    def close(self) -> None:
        self._mesh.close()

    def __enter__(self) -> FaceMeshDetector:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class FaceFinder:
    """Faces of any size in still images: face mesh on the whole image, and where that
    finds nothing, mediapipe's full-range face detector and the mesh on a crop per face.

    The mesh's own detector is short-range (faces filling a good part of the picture);
    a presenter filmed upper-body in a vertical 1080x1920 frame is near its limit.
    """

    CROP_FACTOR = 2.4  # crop side / detected box side

    def __init__(self, max_faces: int = 4) -> None:
        mp = _import_mediapipe()
        self._mesh = FaceMeshDetector(video=False, max_faces=max_faces)
        self._crop_mesh = FaceMeshDetector(video=False, max_faces=1)
        self._detector = mp.solutions.face_detection.FaceDetection(
            model_selection=1, min_detection_confidence=0.5
        )

    def find(self, image_rgb: np.ndarray) -> list[np.ndarray]:
        """(478, 3) landmarks per face in image pixels, largest first."""
        faces = self._mesh.detect(image_rgb)
        if faces:
            return faces
        h, w = image_rgb.shape[:2]
        result = self._detector.process(np.ascontiguousarray(image_rgb))
        for det in result.detections or []:
            box = det.location_data.relative_bounding_box
            side = self.CROP_FACTOR * max(box.width * w, box.height * h)
            cx, cy = (box.xmin + box.width / 2) * w, (box.ymin + box.height / 2) * h
            x0, y0 = int(max(0, cx - side / 2)), int(max(0, cy - side / 2))
            x1, y1 = int(min(w, cx + side / 2)), int(min(h, cy + side / 2))
            if x1 - x0 < 16 or y1 - y0 < 16:
                continue
            found = self._crop_mesh.detect(image_rgb[y0:y1, x0:x1])
            if found:
                faces.append(found[0] + np.array([x0, y0, 0], dtype=np.float32))
        faces.sort(key=lambda f: -float(f[:, 1].max() - f[:, 1].min()))
        return faces

    def close(self) -> None:
        self._mesh.close()
        self._crop_mesh.close()
        self._detector.close()

    def __enter__(self) -> FaceFinder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def detect_faces(image_rgb: np.ndarray, max_faces: int = 4) -> list[FaceLandmarks]:
    """All faces mediapipe finds in one still image, largest first."""
    with FaceMeshDetector(video=False, max_faces=max_faces) as mesh:
        found = mesh.detect(image_rgb)
    return [FaceLandmarks(np.ascontiguousarray(f[:, :2])) for f in found]


def detect_single_face(image_rgb: np.ndarray, min_height_frac: float = 0.08) -> FaceLandmarks:
    """The one face of a portrait, with clear errors for none, several or too small."""
    faces = detect_faces(image_rgb)
    if not faces:
        raise FaceNotFoundError(
            "no face found in the image",
            hint="use a well-lit, front-facing photo with the whole face visible",
        )
    if len(faces) > 1:
        raise FaceNotFoundError(
            f"{len(faces)} faces found; a portrait needs exactly one",
            hint="crop the photo so only the presenter is in it",
        )
    face = faces[0]
    x0, y0, x1, y1 = face.bbox()
    if (y1 - y0) < min_height_frac * image_rgb.shape[0]:
        raise FaceNotFoundError(
            f"the face is too small ({y1 - y0:.0f} px of {image_rgb.shape[0]} px height)",
            hint="use a closer photo where the face fills more of the frame",
        )
    return face
