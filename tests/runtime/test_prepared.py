"""A recorded clip with its transcript: lips from the words, or from the audio if they differ."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from studio.core.timeline import SAMPLE_RATE, FrameRate
from studio.core.wav import write_wav
from studio.lipsync.phones import phone_mouth_track
from studio.phonetics.viseme import Viseme
from studio.runtime.prepared import clip_item
from studio.speech.espeak import EspeakEngine

TEXT = "宝宝们，买一送一，马上抢购。"
FPS = FrameRate(25)


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory):
    """Another voice (eSpeak variant, slower, higher) reads TEXT after half a second."""
    utt = EspeakEngine(voices={"zh": "cmn+f3"}).synthesize(TEXT, rate=150, pitch=75)
    lead = SAMPLE_RATE // 2
    rng = np.random.default_rng(0)
    pcm = np.concatenate([np.zeros(lead), utt.audio, np.zeros(lead)])
    pcm = np.rint(pcm + rng.normal(0, 30, len(pcm))).astype(np.int16)
    wav = write_wav(tmp_path_factory.mktemp("clip") / "line.wav", pcm)
    pp = [lead + (p.start + p.end) // 2 for p in utt.phonemes if p.viseme is Viseme.PP]
    return wav, pp


def test_a_clip_with_its_text_moves_the_lips_with_the_words(recording) -> None:
    wav, pp = recording
    item = clip_item("k", str(wav), FPS, transcript=TEXT, reference=EspeakEngine())
    assert item.text == TEXT  # the subtitle shows it, word by word
    assert "".join(w.text for w in item.words) == "宝宝们买一送一马上抢购"
    assert all(a.start <= b.start for a, b in zip(item.words, item.words[1:], strict=False))
    assert item.words[0].start >= SAMPLE_RATE // 2 - SAMPLE_RATE // 20  # not before her voice
    assert len(pp) == 5  # 宝 宝 们 买 马: every p/b/m of the line
    closed = item.mouth.open < 0.02
    for sample in pp:
        f = FPS.frame_at_sample(sample)
        assert closed[max(0, f - 1) : f + 2].any(), f  # the lips meet on it
    assert closed[: FPS.frame_at_sample(SAMPLE_RATE // 2) - 3].all()  # shut before she speaks


def test_a_clip_with_the_wrong_text_falls_back_to_the_audio(recording, caplog) -> None:
    wav, _ = recording
    with caplog.at_level(logging.WARNING, logger="studio.runtime.prepared"):
        item = clip_item(
            "k",
            str(wav),
            FPS,
            transcript="今天天气很好，我们一起去公园散步吧。",
            reference=EspeakEngine(),
        )
    assert "does not match its text" in caplog.text
    assert item.text == "" and item.words == []  # no subtitle claims words it did not say
    # the audio alone: the phone path (no fitted model here)
    np.testing.assert_allclose(item.mouth.open, phone_mouth_track(item.audio, FPS).open)
