"""One recording matched against several texts' renderings at once: its own text is the
most alike, a text inside it explains only part of it, and the batch gives what one
match at a time gives. Real eSpeak NG renderings; the "recording" is eSpeak with another
pitch and rate, noise and silence around it."""

from __future__ import annotations

import numpy as np
import pytest

from studio.core.timeline import SAMPLE_RATE
from studio.lipsync.rivals import likeness, likenesses, rendering_of, take_of
from studio.speech.espeak import EspeakEngine

TEXTS = ["今天直播间只要", "今天只要", "只要", "直播间价", "比原价便宜了"]


@pytest.fixture(scope="module")
def renderings():
    engine = EspeakEngine()
    return [rendering_of(engine.synthesize(text, language="zh")) for text in TEXTS]


def _recording(text: str) -> np.ndarray:
    said = EspeakEngine().synthesize(text, language="zh", pitch=78, rate=150).audio
    rng = np.random.default_rng(1)
    silence = np.zeros(SAMPLE_RATE // 2)
    x = np.concatenate([silence, said.astype(np.float64), silence])
    x += rng.normal(0.0, 40.0, x.shape)
    return np.clip(np.rint(x), -32768, 32767).astype(np.int16)


def test_a_recording_is_most_like_its_own_text(renderings) -> None:
    take = take_of(_recording(TEXTS[0]))
    fits = likenesses(take, renderings)
    scores = [f.score for f in fits]
    assert int(np.argmin(scores)) == 0
    assert min(scores[1:]) > 1.3 * scores[0]
    # 只要 is inside 今天直播间只要: matched about as well where it is said, but most of
    # the recording is left unexplained, and that counts
    assert fits[2].cost < 1.2 * fits[0].cost
    assert fits[2].coverage < 0.5 and fits[0].coverage > 0.9
    assert fits[2].score > 1.3 * fits[0].score
    # the batch is the same as one at a time
    for r, f in zip(renderings, fits, strict=True):
        assert likeness(take, r) == f
