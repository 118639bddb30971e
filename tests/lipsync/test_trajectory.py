import numpy as np

from studio.core.timeline import SAMPLE_RATE, FrameRate
from studio.lipsync.trajectory import DEFAULT_TARGETS, mouth_track
from studio.phonetics.utterance import Phoneme
from studio.phonetics.viseme import Viseme

MS = SAMPLE_RATE // 1000


def ph(v: Viseme, a_ms: int, b_ms: int) -> Phoneme:
    return Phoneme(v.value, v, a_ms * MS, b_ms * MS)


def test_open_vowel_opens_and_bilabial_closes() -> None:
    # "ma-pa-ma": a closure between each open vowel, 25 fps.
    seq = [
        ph(Viseme.SIL, 0, 200),
        ph(Viseme.PP, 200, 260),
        ph(Viseme.AA, 260, 420),
        ph(Viseme.PP, 420, 480),
        ph(Viseme.AA, 480, 640),
        ph(Viseme.PP, 640, 700),
        ph(Viseme.AA, 700, 860),
        ph(Viseme.SIL, 860, 1200),
    ]
    track = mouth_track(seq, 1200 * MS, FrameRate(25))
    assert len(track) == 30
    fr = lambda ms: ms * 25 // 1000  # noqa: E731
    for closure_mid in (230, 450, 670):
        assert track.open[fr(closure_mid)] < 0.02, closure_mid
    for vowel_mid in (340, 560, 780):
        assert track.open[fr(vowel_mid)] > 0.6 * DEFAULT_TARGETS[Viseme.AA].open, vowel_mid
    assert track.open[fr(50)] < 0.01 and track.open[-1] < 0.01  # rest in silence


def test_rounded_vowel_narrows_and_spread_vowel_widens() -> None:
    seq = [ph(Viseme.U, 0, 300), ph(Viseme.SIL, 300, 500), ph(Viseme.I, 500, 800)]
    track = mouth_track(seq, 800 * MS, FrameRate(25))
    assert track.width[3] < -0.1
    assert track.width[16] > 0.08


def test_short_closure_is_not_averaged_away() -> None:
    # A 40 ms /b/ between long vowels still closes in the frame that holds its middle.
    seq = [ph(Viseme.AA, 0, 300), ph(Viseme.PP, 300, 340), ph(Viseme.AA, 340, 640)]
    track = mouth_track(seq, 640 * MS, FrameRate(30))
    mid = 320 * 30 // 1000
    assert track.open[mid] < 0.02
    closed = np.flatnonzero(track.open < 0.02)
    assert closed.min() >= mid - 1 and closed.max() <= mid + 1  # and only around it


def test_a_bilabial_over_two_frames_closes_both() -> None:
    # /p/ from 330 to 400 ms at 25 fps: frames 8 (320-360 ms) and 9 (360-400 ms) both hold
    # part of the closure, so both show closed lips, whichever of them its timing (a few ms
    # off after alignment) puts the true midpoint in.
    seq = [ph(Viseme.AA, 0, 330), ph(Viseme.PP, 330, 400), ph(Viseme.AA, 400, 700)]
    track = mouth_track(seq, 700 * MS, FrameRate(25))
    assert track.open[8] < 0.005 and track.open[9] < 0.005, track.open[6:12]
    aa = DEFAULT_TARGETS[Viseme.AA].open
    assert track.open[6] > 0.6 * aa and track.open[11] > 0.6 * aa  # open again around it


def test_a_short_vowel_between_bilabials_still_opens() -> None:
    # "mama" at 30 fps: every frame of the vowels touches one closure or the other; the
    # closures stay closed and the vowels still open.
    seq = [
        ph(Viseme.PP, 0, 78),
        ph(Viseme.AA, 78, 165),
        ph(Viseme.PP, 165, 223),
        ph(Viseme.AA, 223, 299),
        ph(Viseme.PP, 299, 372),
        ph(Viseme.SIL, 372, 600),
    ]
    fps = FrameRate(30)
    track = mouth_track(seq, 600 * MS, fps)
    aa = DEFAULT_TARGETS[Viseme.AA].open
    for a, b in ((78, 165), (223, 299)):
        assert track.open[(a + b) // 2 * 30 // 1000] > 0.5 * aa, track.open[:13]
    for a, b in ((0, 78), (165, 223), (299, 372)):
        assert track.open[(a + b) // 2 * 30 // 1000] < 0.005, track.open[:13]
