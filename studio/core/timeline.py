"""The one integer timeline shared by audio and video.

Audio is counted in samples at ``SAMPLE_RATE``; video in frame numbers at a rational
frame rate. Every timestamp derives from these integers with exact integer arithmetic,
never from accumulated floats, so hours of output show zero drift between the two.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

SAMPLE_RATE = 48_000


@dataclass(frozen=True)
class FrameRate:
    """A rational frame rate, e.g. ``FrameRate(25)`` or ``FrameRate(30000, 1001)``."""

    num: int
    den: int = 1

    def __post_init__(self) -> None:
        if self.num <= 0 or self.den <= 0:
            raise ValueError(f"frame rate must be positive, got {self.num}/{self.den}")

    @property
    def fraction(self) -> Fraction:
        return Fraction(self.num, self.den)

    def __float__(self) -> float:
        return self.num / self.den

    def frame_start_sample(self, frame: int, sample_rate: int = SAMPLE_RATE) -> int:
        """First audio sample that belongs to ``frame`` (floor of frame * sr / fps)."""
        return frame * sample_rate * self.den // self.num

    def samples_in_frame(self, frame: int, sample_rate: int = SAMPLE_RATE) -> int:
        """Audio samples covered by ``frame``; sums exactly to the total over any span."""
        return self.frame_start_sample(frame + 1, sample_rate) - self.frame_start_sample(
            frame, sample_rate
        )

    def frame_at_sample(self, sample: int, sample_rate: int = SAMPLE_RATE) -> int:
        """The frame whose sample range (see ``frame_start_sample``) contains ``sample``.

        The largest f with floor(f * sr * den / num) <= sample, i.e. the exact inverse.
        """
        return -(-(sample + 1) * self.num // (sample_rate * self.den)) - 1

    def frames_for_samples(self, samples: int, sample_rate: int = SAMPLE_RATE) -> int:
        """Frames needed to cover ``samples`` of audio (ceil)."""
        return -(-samples * self.num // (sample_rate * self.den))


def samples_to_ms(samples: int, sample_rate: int = SAMPLE_RATE) -> int:
    """Whole milliseconds (floor) for a sample count; for reports and JSON."""
    return samples * 1000 // sample_rate


def ms_to_samples(ms: int | float, sample_rate: int = SAMPLE_RATE) -> int:
    """Nearest sample for a time in milliseconds (input from outside the engine)."""
    return round(ms * sample_rate / 1000)
