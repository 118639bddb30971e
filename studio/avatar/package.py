"""Load an avatar package: typed, lazy access to everything later stages need.

``load_avatar(name_or_path)`` reads and checks the manifest only; frames, tracks, masks,
the mouth bank and the loop graph are opened when first used (arrays are memory-mapped).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import cv2
import numpy as np

from studio.avatar.blobstore import BlobReader
from studio.avatar.landmarks import FaceLandmarks
from studio.avatar.loop_graph import LoopGraph
from studio.avatar.manifest import Manifest, read_manifest, rebuild_hint, write_manifest
from studio.avatar.mouth import LipPCA
from studio.avatar.names import avatar_dir
from studio.avatar.photo import frame_photo_avatar
from studio.avatar.store import sweep_leftovers
from studio.avatar.visemes import VisemeShape, table_from_json
from studio.core.errors import InputError
from studio.core.timeline import FrameRate
from studio.core.wav import read_wav
from studio.lipsync.trajectory import MouthTarget
from studio.phonetics.viseme import Viseme
from studio.speech.knn_match import VoicePool, build_pool
from studio.speech.voice_profile import VoiceProfile, estimate_profile

log = logging.getLogger(__name__)


def _load(path: Path, mmap: bool = True) -> np.ndarray:
    if not path.is_file():
        raise InputError(
            f"avatar data {path.parent.name}/{path.name} is missing",
            hint=rebuild_hint(path.parent.parent.name),
        )
    return np.load(path, mmap_mode="r" if mmap else None, allow_pickle=False)


@dataclass(frozen=True)
class TrackArrays:
    """Per-frame tracks (memory-mapped, read-only); see FORMAT.md for units."""

    folder: Path

    @cached_property
    def landmarks(self) -> np.ndarray:  # (N, 478, 3) float32 px
        return _load(self.folder / "landmarks.npy")

    @cached_property
    def found(self) -> np.ndarray:  # (N,) bool
        return _load(self.folder / "found.npy", mmap=False)

    @cached_property
    def head_pose(self) -> np.ndarray:  # (N, 6) yaw, pitch, roll, x, y, iod
        return _load(self.folder / "head_pose.npy", mmap=False)

    @cached_property
    def eyes(self) -> np.ndarray:  # (N, 2)
        return _load(self.folder / "eyes.npy", mmap=False)

    @cached_property
    def mouth(self) -> np.ndarray:  # (N, 3) open, width, width_abs
        return _load(self.folder / "mouth.npy", mmap=False)

    @cached_property
    def to_canonical(self) -> np.ndarray:  # (N, 2, 3)
        return _load(self.folder / "to_canonical.npy", mmap=False)

    @cached_property
    def body(self) -> np.ndarray:  # (N, 33, 3) x, y, visibility
        return _load(self.folder / "body.npy", mmap=False)


@dataclass
class MouthBank:
    """Aligned lower-face crops with their mouth parameters and head pose."""

    folder: Path
    tracks: TrackArrays

    @cached_property
    def crops(self) -> BlobReader:
        return BlobReader(self.folder, "crops")

    def crop(self, i: int) -> np.ndarray:
        """BGR crop of frame i (mouth.CROP_W x mouth.CROP_H)."""
        return self.crops.read(i)

    @cached_property
    def to_crop(self) -> np.ndarray:  # (N, 2, 3) frame px -> crop px
        return _load(self.folder / "to_crop.npy", mmap=False)

    @cached_property
    def lips(self) -> np.ndarray:  # (N, 40, 2) lip points in crop px
        return _load(self.folder / "lips.npy", mmap=False)

    @cached_property
    def pca(self) -> LipPCA:
        with np.load(self.folder / "pca.npz", allow_pickle=False) as z:
            return LipPCA(z["mean"], z["components"], z["explained"])

    @cached_property
    def coeffs(self) -> np.ndarray:  # (N, k) PCA coefficients of each frame's lips
        return _load(self.folder / "pca_coeffs.npy", mmap=False)

    @property
    def open(self) -> np.ndarray:
        return self.tracks.mouth[:, 0]

    @property
    def width(self) -> np.ndarray:
        return self.tracks.mouth[:, 1]

    @property
    def head_pose(self) -> np.ndarray:
        return self.tracks.head_pose

    @property
    def valid(self) -> np.ndarray:
        return self.tracks.found

    @cached_property
    def visemes(self) -> dict[Viseme, VisemeShape]:
        return table_from_json(
            json.loads((self.folder / "visemes.json").read_text(encoding="utf-8"))
        )

    def viseme_targets(self) -> dict[Viseme, MouthTarget]:
        """This presenter's targets, in the form ``lipsync.trajectory.mouth_track`` takes."""
        return {v: s.target for v, s in self.visemes.items()}


class MaskStore:
    """Low-resolution person masks (uint8, 255 = person) per frame."""

    def __init__(self, folder: Path, size: tuple[int, int]) -> None:
        self._reader = BlobReader(folder, "masks", cv2.IMREAD_GRAYSCALE)
        self.frame_size = size

    def __len__(self) -> int:
        return len(self._reader)

    def read(self, i: int) -> np.ndarray:
        return self._reader.read(i)

    def read_full(self, i: int) -> np.ndarray:
        """Mask of frame i upsampled to the frame size."""
        return cv2.resize(self.read(i), self.frame_size, interpolation=cv2.INTER_LINEAR)


class Avatar:
    """An avatar package on disk."""

    def __init__(self, path: Path, manifest: Manifest) -> None:
        self.path = path
        self.manifest = manifest

    @property
    def name(self) -> str:
        return self.manifest.name

    @property
    def kind(self) -> str:
        return self.manifest.kind

    @property
    def fps(self) -> FrameRate:
        return self.manifest.frame_rate

    @property
    def size(self) -> tuple[int, int]:
        return self.manifest.width, self.manifest.height

    @property
    def num_frames(self) -> int:
        return self.manifest.frame_count

    @cached_property
    def frames(self) -> BlobReader:
        reader = BlobReader(self.path / "frames", "frames")
        if len(reader) != self.num_frames:
            raise InputError(
                f"avatar {self.name!r} holds {len(reader)} frames, its manifest says {self.num_frames}",
                hint=rebuild_hint(self.name),
            )
        return reader

    def frame(self, i: int) -> np.ndarray:
        """BGR frame i at the avatar's size."""
        return self.frames.read(i)

    @cached_property
    def tracks(self) -> TrackArrays:
        return TrackArrays(self.path / "tracks")

    @cached_property
    def masks(self) -> MaskStore:
        return MaskStore(self.path / "masks", self.size)

    def _video_only(self, what: str) -> None:
        if self.kind != "video":
            raise InputError(
                f"avatar {self.name!r} is a {self.kind} avatar and has no {what}",
                hint="create the avatar from a video: studio avatar create VIDEO --name NAME",
            )

    @cached_property
    def mouth_bank(self) -> MouthBank:
        self._video_only("mouth bank")
        return MouthBank(self.path / "mouth", self.tracks)

    @cached_property
    def loop_graph(self) -> LoopGraph:
        self._video_only("base loop")
        return LoopGraph.load(self.path / "loop")

    @property
    def audio_path(self) -> Path | None:
        p = self.path / "audio.wav"
        return p if p.is_file() else None

    @property
    def voice_reference_path(self) -> Path | None:
        p = self.path / "voice_reference.wav"
        return p if p.is_file() else None

    @cached_property
    def voice_profile(self) -> VoiceProfile | None:
        """Her voice in numbers (for voice-matched TTS), from the manifest; packages made
        before it was stored get it measured from their voice reference now, and kept in
        the manifest when the folder is writable. None without a voice reference."""
        stored = self.manifest.contents.get("voice_profile")
        if isinstance(stored, dict):
            try:
                return VoiceProfile.from_json(stored)
            except (KeyError, TypeError, ValueError):
                log.warning(
                    "avatar %s: its stored voice profile is damaged; measuring again", self.name
                )
        ref = self.voice_reference_path
        if ref is None:
            return None
        pcm, rate = read_wav(ref)
        profile = estimate_profile(pcm, rate)
        if profile is not None:
            self.manifest.contents["voice_profile"] = profile.to_json()
            try:
                write_manifest(self.path, self.manifest)
            except OSError as exc:  # a read-only package still speaks, measured each time
                log.info("avatar %s: voice profile not saved (%s)", self.name, exc)
        return profile

    @cached_property
    def voice_pool(self) -> VoicePool | None:
        """Her voice reference analysed frame by frame, for TTS matched to her timbre
        (:mod:`studio.speech.knn_match`): made once per opened package (about 0.1 s for
        10 s of speech, so it is not stored). None without a voice reference or with
        too little voiced speech in it: matching then stays global."""
        profile = self.voice_profile
        ref = self.voice_reference_path
        if profile is None or ref is None:
            return None
        pcm, rate = read_wav(ref)
        return build_pool(pcm, profile.f0_median_hz, rate)

    def photo_avatar(self, out_w: int, out_h: int):
        """The one-photo avatar framed on a canvas (photo kind, or a video's first frame)."""
        idx = 0 if self.kind == "photo" else int(np.argmax(self.tracks.found))
        rgb = cv2.cvtColor(self.frame(idx), cv2.COLOR_BGR2RGB)
        face = FaceLandmarks(
            np.ascontiguousarray(self.tracks.landmarks[idx, :, :2], dtype=np.float32)
        )
        return frame_photo_avatar(rgb, face, out_w, out_h)

    def close(self) -> None:
        for attr in ("frames",):
            reader = self.__dict__.pop(attr, None)
            if reader is not None:
                reader.close()


def load_avatar(name_or_path: str | Path) -> Avatar:
    """An avatar by name (under STUDIO_HOME/avatars) or by the path of its folder."""
    path = Path(name_or_path)
    if not (path.is_dir() and (path / "manifest.json").exists()):
        if isinstance(name_or_path, Path) or any(sep in str(name_or_path) for sep in "/\\"):
            raise InputError(f"{path} is not an avatar folder", hint="see `studio avatar list`")
        path = avatar_dir(str(name_or_path))
        sweep_leftovers(path.parent)
        if not path.is_dir():
            raise InputError(
                f"there is no avatar named {name_or_path!r}", hint="see `studio avatar list`"
            )
    return Avatar(path, read_manifest(path))
