"""`studio avatar eval`: drive an avatar with a held-out clip's own audio and compare.

The held-out clip is the same presenter saying something the avatar never saw. Its audio
drives the avatar (audio -> mouth model -> retrieval renderer); the rendered frames and
the real frames are both face-tracked by the same tracker and compared in each frame's
own canonical face frame (``studio.lipsync.metrics``):

- ``open_corr``: Pearson correlation, over frames where both faces were found, of the
  inner-lip gap (points 13-14) / inter-ocular distance, rendered vs real, at lag 0;
- ``peak_lag``: the lag in frames (rendered later = positive, within +-5) at which that
  correlation peaks, and ``peak_corr`` its value;
- ``lmd``: lip landmark distance, the mean distance between the 40 lip points of the
  rendered and real frames, in IOD units (x100 = percent of IOD);
- ``psnr`` / ``ssim``: of the mouth region: a box in the canonical frame around the
  presenter's lips (the 2nd-98th percentile extent of the mouth bank's lip points plus
  0.15 IOD), cut from each frame at 80 px per IOD; PSNR on BGR, SSIM on luma (11x11
  Gaussian, sigma 1.5), averaged over frames;
- ``change``: the rendered frames' own mean absolute grey-level change of that mouth
  region from one frame to the next (``metrics.frame_change``); the real row's value is
  the presenter's natural mouth motion, and a renderer that flickers or jumps between
  source frames scores above it.

Four rows make the numbers readable: the audio-driven avatar (what viewers get), a static
mouth (the rest shape throughout: the floor), the renderer driven by the real clip's own
tracked mouth (the ceiling of the renderer: only retrieval and pasting lose), and the
real video against itself after the same H.264 round trip the rendered frames go through
(the ceiling of the measurement: tracker noise and compression).
"""

from __future__ import annotations

import json
import math
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import av
import cv2
import numpy as np

from studio.avatar import landmarks as L
from studio.avatar.audio import extract_audio
from studio.avatar.geometry import apply_affine, fit_similarity
from studio.avatar.mouth import (
    CROP_ORIGIN,
    CROP_PX_PER_UNIT,
    LIP_POINTS,
    open_and_width,
    rest_width,
)
from studio.avatar.package import load_avatar
from studio.avatar.probe import probe_video
from studio.avatar.video_io import iter_frames, work_size
from studio.core.presets import VideoPreset
from studio.core.progress import Progress, no_progress
from studio.core.timeline import SAMPLE_RATE, FrameRate
from studio.lipsync import metrics
from studio.lipsync.audio_model import audio_mouth_track
from studio.lipsync.trajectory import MouthTrack, mouth_track
from studio.phonetics.viseme import Viseme
from studio.render.video_avatar import VideoAvatarRenderer
from studio.speech.engine import get_engine
from studio.stream.file_writer import MediaFileWriter

REGION_MARGIN = 0.15  # IOD units around the lips' extent


@dataclass
class MouthObservation:
    """Face-tracked mouths of a run of frames (NaN where no face was found)."""

    found: np.ndarray  # (N,) bool
    open: np.ndarray  # (N,) inner-lip gap / IOD
    width_abs: np.ndarray  # (N,) corner distance / IOD
    lips: np.ndarray  # (N, 40, 2) canonical lip points
    to_canonical: np.ndarray  # (N, 2, 3) pixels -> canonical
    regions: np.ndarray  # (N, h, w, 3) BGR mouth regions (black where no face)

    def __len__(self) -> int:
        return len(self.found)


def observe_mouths(
    frames_bgr: Iterable[np.ndarray],
    template: np.ndarray,
    region: MouthRegion,
    progress: Progress = no_progress,
    stage: str = "track",
    total: int = 0,
) -> MouthObservation:
    """Track each frame with mediapipe face mesh (video mode) into the canonical frame and
    cut its mouth region (frames are not kept: an hour of video fits in memory this way)."""
    found, opens, widths, lips, mats, crops = [], [], [], [], [], []
    blank = np.zeros(region.size[::-1] + (3,), np.uint8)
    nan_lips = np.full((len(LIP_POINTS), 2), np.nan, np.float32)
    nan_m = np.full((2, 3), np.nan)
    with L.FaceMeshDetector(video=True, max_faces=1) as mesh:
        for k, bgr in enumerate(frames_bgr):
            faces = mesh.detect(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
            if not faces:
                found.append(False)
                opens.append(math.nan)
                widths.append(math.nan)
                lips.append(nan_lips)
                mats.append(nan_m)
                crops.append(blank)
            else:
                pts = faces[0][:, :2]
                m = fit_similarity(pts[L.STABLE], template)
                canon = apply_affine(m, pts)
                o, w = open_and_width(canon[None])
                found.append(True)
                opens.append(float(o[0]))
                widths.append(float(w[0]))
                lips.append(canon[LIP_POINTS].astype(np.float32))
                mats.append(m)
                crops.append(region.cut(bgr, m))
            if total and k % 10 == 0:
                progress(stage, k, total)
    if total:
        progress(stage, total, total)
    return MouthObservation(
        np.array(found, bool),
        np.array(opens, np.float32),
        np.array(widths, np.float32),
        np.stack(lips) if lips else np.zeros((0, len(LIP_POINTS), 2), np.float32),
        np.stack(mats) if mats else np.zeros((0, 2, 3)),
        np.stack(crops) if crops else blank[None][:0],
    )


@dataclass(frozen=True)
class MouthRegion:
    """A box in the canonical face frame, cut at ``px`` pixels per IOD."""

    x0: float
    y0: float
    x1: float
    y1: float
    px: float = CROP_PX_PER_UNIT

    @classmethod
    def around(cls, lips: np.ndarray) -> MouthRegion:
        """The lips' 2nd-98th percentile extent plus a margin; ``lips`` (N, P, 2) canonical."""
        pts = lips[np.isfinite(lips).all(axis=(1, 2))].reshape(-1, 2)
        lo = np.percentile(pts, 2, axis=0) - REGION_MARGIN
        hi = np.percentile(pts, 98, axis=0) + REGION_MARGIN
        return cls(float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1]))

    @property
    def size(self) -> tuple[int, int]:
        return round((self.x1 - self.x0) * self.px), round((self.y1 - self.y0) * self.px)

    def cut(self, bgr: np.ndarray, to_canonical: np.ndarray) -> np.ndarray:
        """The region of ``bgr`` (pixels -> canonical by ``to_canonical``)."""
        s = self.px
        c = np.array([[s, 0.0, -self.x0 * s], [0.0, s, -self.y0 * s]])
        m = c[:, :2] @ to_canonical[:, :2]
        t = c[:, :2] @ to_canonical[:, 2] + c[:, 2]
        return cv2.warpAffine(
            bgr, np.hstack([m, t[:, None]]), self.size, flags=cv2.INTER_AREA,
            borderMode=cv2.BORDER_REPLICATE,
        )  # fmt: skip


@dataclass(frozen=True)
class EvalRow:
    name: str
    open_corr: float
    peak_lag: int
    peak_corr: float
    lmd: float
    psnr: float
    ssim: float
    change: float  # mouth-region grey-level change per frame, of the rendered frames
    frames: int  # frames where both faces were found


def compare(name: str, rendered: MouthObservation, real: MouthObservation) -> EvalRow:
    """One row of the report: ``rendered`` against ``real`` frame by frame."""
    n = min(len(rendered), len(real))
    both = rendered.found[:n] & real.found[:n]
    ro = np.where(rendered.found[:n], rendered.open[:n], np.nan)
    so = np.where(real.found[:n], real.open[:n], np.nan)
    lags = metrics.lagged_correlations(ro, so)
    lag = metrics.peak_lag(lags)
    psnrs, ssims = [], []
    for k in np.flatnonzero(both):
        a, b = rendered.regions[k], real.regions[k]
        psnrs.append(min(metrics.psnr(a, b), 100.0))
        ssims.append(metrics.ssim(a, b))
    return EvalRow(
        name=name,
        open_corr=lags[0],
        peak_lag=lag,
        peak_corr=lags[lag],
        lmd=metrics.lip_landmark_distance(rendered.lips[:n][both], real.lips[:n][both]),
        psnr=float(np.mean(psnrs)) if psnrs else math.nan,
        ssim=float(np.mean(ssims)) if ssims else math.nan,
        change=metrics.frame_change(rendered.regions[:n], rendered.found[:n]),
        frames=int(both.sum()),
    )


@dataclass
class EvalReport:
    avatar: str
    holdout: str
    frames: int
    fps: str
    rows: list[EvalRow]

    def row(self, name: str) -> EvalRow:
        return next(r for r in self.rows if r.name == name)

    def to_json(self) -> str:
        def clean(v):
            return None if isinstance(v, float) and not math.isfinite(v) else v

        data = asdict(self)
        data["rows"] = [{k: clean(v) for k, v in r.items()} for r in data["rows"]]
        return json.dumps(data, indent=2, ensure_ascii=False)

    def table(self) -> str:
        head = f"{'driver':<24} {'open r':>7} {'lag':>4} {'r@lag':>6} {'LMD':>7} {'PSNR':>6} {'SSIM':>6} {'change':>6} {'frames':>6}"
        lines = [
            f"avatar {self.avatar} on {self.holdout} ({self.frames} frames at {self.fps} fps)",
            head,
            "-" * len(head),
        ]
        for r in self.rows:
            lines.append(
                f"{r.name:<24} {r.open_corr:>7.3f} {r.peak_lag:>4d} {r.peak_corr:>6.3f} "
                f"{r.lmd:>7.4f} {r.psnr:>6.2f} {r.ssim:>6.3f} {r.change:>6.2f} {r.frames:>6d}"
            )
        lines.append(
            "LMD in inter-ocular distances; PSNR dB, SSIM and change (grey levels per frame)"
            " of the mouth region."
        )
        return "\n".join(lines)


class _H264File:
    """Frames written as a viewer gets them (H.264 at an output bitrate) and read back."""

    def __init__(self, path: Path, size: tuple[int, int], fps: FrameRate, audio: bool = False):
        w, h = size
        self.path, self.fps = path, fps
        self.size = (w - w % 2, h - h % 2)
        kbps = max(1500, w * h * 8 // 1000)
        self.writer = MediaFileWriter(path, VideoPreset("eval", *self.size, fps, video_kbps=kbps))

    def write(self, bgr: np.ndarray, pcm: np.ndarray | None = None) -> np.ndarray:
        w, h = self.size
        self.writer.write_video(np.ascontiguousarray(bgr[:h, :w]))
        if pcm is not None:
            self.writer.write_audio(pcm)
        return bgr

    def frames(self) -> Iterator[np.ndarray]:
        self.writer.close()
        with av.open(str(self.path)) as c:
            for fr in c.decode(video=0):
                yield fr.to_ndarray(format="bgr24")


def _interpolate(values: np.ndarray) -> np.ndarray:
    ok = np.isfinite(values)
    if not ok.any():
        return np.zeros_like(values)
    idx = np.arange(len(values))
    return np.interp(idx, idx[ok], values[ok]).astype(np.float32)


def evaluate_avatar(
    avatar_name: str | Path,
    holdout: Path,
    *,
    progress: Progress = no_progress,
    save_video: Path | None = None,
) -> EvalReport:
    """Drive ``avatar_name`` with ``holdout``'s audio and measure it (see the module doc)."""
    avatar = load_avatar(avatar_name)
    avatar._video_only("evaluation")
    info = probe_video(Path(holdout), allow_short=True)
    template = np.load(avatar.path / "tracks" / "template.npy")
    region = MouthRegion.around(_bank_lips_canonical(avatar))
    fps = info.fps
    size = work_size(info.width, info.height)
    expected = info.frame_count
    with tempfile.TemporaryDirectory(prefix="studio-eval-") as tmp:
        folder = Path(tmp)
        # its own name: the rows' renders are named after their first word ("real ...")
        real_copy = _H264File(folder / "holdout_copy.mp4", size, fps)
        rgb = iter_frames(info, size)
        real = observe_mouths(
            (real_copy.write(cv2.cvtColor(f, cv2.COLOR_RGB2BGR)) for f in rgb),
            template, region, progress, "track clip", expected,
        )  # fmt: skip
        n = len(real)
        pcm = extract_audio(Path(holdout), info.video_start_s)[: fps.frame_start_sample(n)]
        rest = avatar.mouth_bank.viseme_targets()[Viseme.SIL]
        mouth = avatar.tracks.mouth
        width0 = rest_width(mouth[:, 0], mouth[:, 2], avatar.tracks.found)
        tracks = {
            "audio -> avatar": audio_mouth_track(
                pcm, fps, avatar=avatar, targets=avatar.mouth_bank.viseme_targets()
            ),
            "static mouth (floor)": MouthTrack(
                fps, np.full(n, rest.open, np.float32), np.full(n, rest.width, np.float32)
            ),
            "real mouth -> renderer": MouthTrack(
                fps, _interpolate(real.open), _interpolate(real.width_abs) - np.float32(width0)
            ),
        }
        rows: list[EvalRow] = []
        for name, track in tracks.items():
            short = name.split()[0]
            renderer = VideoAvatarRenderer(avatar, fps=fps)
            out = _H264File(folder / f"{short}.mp4", (avatar.size[0], avatar.size[1]), fps)
            watch = None
            if save_video is not None and short == "audio":
                watch = _H264File(Path(save_video), avatar.size, fps)
            for k, f in enumerate(renderer.render_track(_fit_track(track, n))):
                out.write(f)
                if watch is not None:
                    watch.write(f, pcm[fps.frame_start_sample(k) : fps.frame_start_sample(k + 1)])
                progress(f"render {short}", k + 1, n)
            if watch is not None:
                watch.writer.close()
            obs = observe_mouths(out.frames(), template, region, progress, f"track {short}", n)
            rows.append(compare(name, obs, real))
        obs = observe_mouths(real_copy.frames(), template, region, progress, "track real", n)
        rows.append(compare("real vs itself (ceiling)", obs, real))
    report = EvalReport(avatar.name, Path(holdout).name, n, f"{float(fps):g}", rows)
    avatar.close()
    return report


def _bank_lips_canonical(avatar) -> np.ndarray:
    """The avatar's own lip points in the canonical frame (from the mouth bank's crop px)."""
    bank = avatar.mouth_bank
    lips = np.asarray(bank.lips, np.float32) / CROP_PX_PER_UNIT + np.float32(CROP_ORIGIN)
    return lips[np.asarray(bank.valid, bool)]


def _fit_track(track: MouthTrack, n: int) -> MouthTrack:
    def fit(v: np.ndarray) -> np.ndarray:
        out = np.full(n, v[-1] if len(v) else 0.0, np.float32)
        out[: min(n, len(v))] = v[:n]
        return out

    return replace(track, open=fit(track.open), width=fit(track.width))


# -- phoneme-level check: closures closed, open vowels open ------------------------------

CLOSED_GAP = 0.04  # inner-lip gap / IOD under which the lips meet (about 2.5 mm)
OPEN_FRACTION = 0.4  # an open vowel is open when the gap reaches 40% of her own AA target


@dataclass(frozen=True)
class VisemeCheck:
    """Rendered frames at phoneme midpoints, judged by face tracking."""

    closures: int  # p/b/m phonemes spoken
    closed: int  # ... whose midpoint frame shows a gap < CLOSED_GAP
    open_vowels: int  # open vowels (viseme AA) spoken
    opened: int  # ... whose midpoint frame shows a gap >= OPEN_FRACTION x her AA target
    open_threshold: float
    closure_gaps: tuple[float, ...]
    vowel_gaps: tuple[float, ...]

    @property
    def closed_pct(self) -> float:
        return 100.0 * self.closed / max(1, self.closures)

    @property
    def opened_pct(self) -> float:
        return 100.0 * self.opened / max(1, self.open_vowels)


def viseme_check(
    avatar, lines: list[str], fps: FrameRate | None = None, progress: Progress = no_progress
) -> VisemeCheck:
    """Speak ``lines`` with eSpeak NG, render the avatar, track the frames and judge every
    p/b/m and open vowel at the frame holding its midpoint (not the driver's own input)."""
    fps = fps or avatar.fps
    engine = get_engine("espeak")
    targets = avatar.mouth_bank.viseme_targets()
    gap = fps.frames_for_samples(SAMPLE_RATE * 3 // 10)  # 0.3 s between lines
    opens, widths = [np.zeros(gap, np.float32)], [np.zeros(gap, np.float32)]
    frames_so_far = gap
    marks: list[tuple[Viseme, int]] = []  # (viseme, frame of its midpoint)
    for line in lines:
        start = fps.frame_start_sample(frames_so_far)
        utt = engine.synthesize(line, language="auto")
        n_line = fps.frames_for_samples(utt.num_samples)
        track = mouth_track(utt.phonemes, utt.num_samples, fps, targets=targets)
        opens += [_fit_track(track, n_line).open, np.zeros(gap, np.float32)]
        widths += [_fit_track(track, n_line).width, np.zeros(gap, np.float32)]
        for ph in utt.phonemes:
            if ph.viseme in (Viseme.PP, Viseme.AA):
                marks.append((ph.viseme, fps.frame_at_sample(start + (ph.start + ph.end) // 2)))
        frames_so_far += n_line + gap
    talk = MouthTrack(fps, np.concatenate(opens), np.concatenate(widths))
    renderer = VideoAvatarRenderer(avatar, fps=fps)
    template = np.load(avatar.path / "tracks" / "template.npy")
    region = MouthRegion.around(_bank_lips_canonical(avatar))
    n = len(talk.open)

    def frames() -> Iterator[np.ndarray]:
        for k, f in enumerate(renderer.render_track(talk)):
            progress("render", k + 1, n)
            yield f

    obs = observe_mouths(frames(), template, region, progress, "track", n)
    aa = avatar.mouth_bank.viseme_targets()[Viseme.AA].open
    thr = OPEN_FRACTION * aa
    closure = [float(obs.open[f]) for v, f in marks if v is Viseme.PP and obs.found[f]]
    vowel = [float(obs.open[f]) for v, f in marks if v is Viseme.AA and obs.found[f]]
    return VisemeCheck(
        closures=sum(v is Viseme.PP for v, _ in marks),
        closed=sum(g < CLOSED_GAP for g in closure),
        open_vowels=sum(v is Viseme.AA for v, _ in marks),
        opened=sum(g >= thr for g in vowel),
        open_threshold=thr,
        closure_gaps=tuple(closure),
        vowel_gaps=tuple(vowel),
    )
