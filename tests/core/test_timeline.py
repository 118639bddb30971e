from fractions import Fraction

import pytest

from studio.core.timeline import SAMPLE_RATE, FrameRate, ms_to_samples, samples_to_ms


@pytest.mark.parametrize(
    "fps", [FrameRate(25), FrameRate(30), FrameRate(30000, 1001), FrameRate(24000, 1001)]
)
def test_samples_per_frame_sum_exactly_over_24_hours(fps: FrameRate) -> None:
    frames = int(24 * 3600 * fps.fraction)
    total = sum(fps.samples_in_frame(f) for f in range(0, frames, 997))  # sampled for speed
    assert total > 0
    # Exact identity over the whole span: no accumulated rounding at all.
    assert fps.frame_start_sample(frames) == frames * SAMPLE_RATE * fps.den // fps.num
    assert abs(
        Fraction(fps.frame_start_sample(frames), SAMPLE_RATE) - Fraction(frames) / fps.fraction
    ) < Fraction(1, SAMPLE_RATE)


def test_every_sample_belongs_to_exactly_one_frame() -> None:
    fps = FrameRate(30000, 1001)
    for f in range(0, 5000, 7):
        a, b = fps.frame_start_sample(f), fps.frame_start_sample(f + 1)
        assert fps.frame_at_sample(a) == f
        assert fps.frame_at_sample(b - 1) == f
        assert b - a in (1601, 1602)


def test_frames_for_samples_rounds_up() -> None:
    fps = FrameRate(25)
    assert fps.frames_for_samples(SAMPLE_RATE) == 25
    assert fps.frames_for_samples(SAMPLE_RATE + 1) == 26
    assert fps.frames_for_samples(0) == 0


def test_ms_conversions() -> None:
    assert samples_to_ms(48_000) == 1000
    assert ms_to_samples(12.5) == 600
    with pytest.raises(ValueError):
        FrameRate(0)
