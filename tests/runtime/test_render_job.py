"""`studio render` with the built-in photo avatar: text and scripts to a checked MP4."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from studio.cli import main
from studio.core.errors import InputError
from studio.core.timeline import SAMPLE_RATE
from studio.runtime.render_job import LEAD_S, RenderRequest, render_request


def _streams(path: Path) -> tuple[int, tuple[int, int], np.ndarray]:
    with av.open(str(path)) as c:
        v = c.streams.video[0]
        size = (v.width, v.height)
        frames = sum(1 for _ in c.decode(video=0))
    with av.open(str(path)) as c:
        pcm = np.concatenate([f.to_ndarray()[0] for f in c.decode(audio=0)])
    return frames, size, pcm


def test_text_renders_with_speech_mouth_and_closed_lead_in(tmp_path: Path) -> None:
    out = tmp_path / "hello.mp4"
    result = render_request(
        RenderRequest("demo", out, text="大家好，欢迎来到直播间。\nHello there.")
    )
    frames, size, pcm = _streams(out)
    assert size == (720, 1280) and frames == result.frames
    assert abs(len(pcm) - result.samples) < 2048  # AAC priming/padding only
    lead = round(LEAD_S * 25)
    assert np.all(result.mouth.open[: lead - 1] == 0)  # starts closed, before the first word
    assert result.mouth.open.max() > 0.15  # and opens while speaking
    loud = np.abs(pcm[: int(LEAD_S * SAMPLE_RATE) - 2400]).mean()
    assert loud < 0.01 < np.abs(pcm).mean() * 5


def test_script_with_a_pause_and_its_errors(tmp_path: Path) -> None:
    script = tmp_path / "talk.txt"
    script.write_text("欢迎来到直播间[pause 800ms]今天的福利很多。\n", encoding="utf-8")
    result = render_request(RenderRequest("demo", tmp_path / "s.mp4", script=script))
    # the 800 ms pause is a run of closed-mouth frames in the middle of the speech
    closed = result.mouth.open < 0.01
    runs, run = [], 0
    for c in closed[round(LEAD_S * 25) + 5 : -round(LEAD_S * 25) - 5]:
        run = run + 1 if c else 0
        runs.append(run)
    assert max(runs) >= 15

    bad = tmp_path / "price.txt"
    bad.write_text("这款只要{price}元。\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"price.txt:1:"):
        render_request(RenderRequest("demo", tmp_path / "b.mp4", script=bad))


def test_the_command_refuses_unclear_requests(tmp_path: Path, capsys) -> None:
    with pytest.raises(InputError):
        RenderRequest("demo", tmp_path / "x.mp4", text="hi", script=tmp_path / "s.txt")
    with pytest.raises(InputError):
        RenderRequest(
            "demo", tmp_path / "x.mp4", script=tmp_path / "s.txt", audio=tmp_path / "a.wav"
        )
    with pytest.raises(InputError):
        RenderRequest("demo", tmp_path / "x.mp4")
    with pytest.raises(InputError):
        RenderRequest("demo", tmp_path / "x.mp4", text="   ")
    assert (
        main(["render", "--avatar", "nobody", "--text", "hi", "-o", str(tmp_path / "x.mp4")]) == 2
    )
    assert "no avatar named 'nobody'" in capsys.readouterr().err


def test_a_recording_drives_the_mouth_through_the_audio_model(tmp_path: Path) -> None:
    from studio.core.wav import write_wav
    from studio.speech.espeak import EspeakEngine

    utt = EspeakEngine().synthesize("大家好，今天买一送一。", language="zh")
    wav = tmp_path / "voice.wav"
    silence = np.zeros(SAMPLE_RATE, np.int16)
    write_wav(wav, np.concatenate([silence, utt.audio, silence]))
    result = render_request(RenderRequest("demo", tmp_path / "a.mp4", audio=wav))
    one_s = 25  # one second of silence on each side
    quiet = result.mouth.open[3 : one_s - 5]
    speech = result.mouth.open[one_s:-one_s]
    assert quiet.max() < 0.05 and speech.max() > 0.1
    # No lead-in for a recording: output time t is the recording's time t, so the file
    # can be laid back onto the source (the speech starts where it starts in the input).
    _, _, pcm = _streams(tmp_path / "a.mp4")
    first_in = np.argmax(np.abs(utt.audio) > 3000) + SAMPLE_RATE
    first_out = np.argmax(np.abs(pcm) > 3000 / 32768)
    assert abs(int(first_out) - int(first_in)) < SAMPLE_RATE // 100  # within 10 ms


def test_a_recording_without_its_text_closes_the_lips_on_most_p_b_m(tmp_path: Path) -> None:
    """`studio render --audio F` alone: the phone recogniser hears the p/b/m of a voice
    it never learnt (Piper) and the lips meet there (the synthetic-trained network it
    replaced closed on 1 of these 9 within a frame)."""
    from studio.core.wav import write_wav
    from studio.phonetics.viseme import Viseme
    from studio.speech.engine import get_engine

    utt = get_engine("piper").synthesize("Buy more apples, mom. Please pick the blue bag.")
    lead = SAMPLE_RATE * 3 // 4
    wav = tmp_path / "line.wav"
    write_wav(wav, np.concatenate([np.zeros(lead, np.int16), utt.audio, np.zeros(lead, np.int16)]))
    out = tmp_path / "line.mp4"
    assert main(["render", "--avatar", "demo", "--audio", str(wav), "-o", str(out)]) == 0
    result = render_request(RenderRequest("demo", tmp_path / "again.mp4", audio=wav))
    closed = result.mouth.open < 0.02
    pp = [lead + (p.start + p.end) // 2 for p in utt.phonemes if p.viseme is Viseme.PP]
    frames = [round(sample * 25 / SAMPLE_RATE) for sample in pp]
    assert len(frames) == 9
    assert sum(closed[f - 1 : f + 2].any() for f in frames) >= 6, frames  # seen 7
    assert result.mouth.open.max() > 0.15  # and the vowels open
    assert _streams(out)[0] == result.frames


def test_render_refuses_text_longer_than_one_line(tmp_path: Path, capsys) -> None:
    out = tmp_path / "long.mp4"
    assert (
        main(["render", "--avatar", "demo", "--text", "买一送一。" * 10_000, "-o", str(out)]) == 2
    )
    assert "50,000 characters long" in capsys.readouterr().err
    assert not out.exists() and not list(tmp_path.glob("*.part"))


def test_a_recording_with_its_text_closes_the_lips_on_every_p_b_m(tmp_path: Path, capsys) -> None:
    """`studio render --audio F --text T`: the lips follow T's phonemes, aligned to F."""
    from studio.core.wav import write_wav
    from studio.phonetics.viseme import Viseme
    from studio.speech.engine import get_engine

    text = "Buy more apples, mom. Please pick the blue bag."
    utt = get_engine("piper").synthesize(text)  # another voice than the eSpeak reference
    lead = SAMPLE_RATE * 3 // 4
    wav = tmp_path / "line.wav"
    write_wav(wav, np.concatenate([np.zeros(lead, np.int16), utt.audio, np.zeros(lead, np.int16)]))
    # the command takes both now (it used to refuse them together)
    assert main(["render", "--avatar", "nobody", "--audio", str(wav), "--text", text,
                 "-o", str(tmp_path / "x.mp4")]) == 2  # fmt: skip
    assert "no avatar named 'nobody'" in capsys.readouterr().err

    result = render_request(RenderRequest("demo", tmp_path / "line.mp4", audio=wav, text=text))
    frames, _, pcm = _streams(tmp_path / "line.mp4")
    assert frames == result.frames and abs(len(pcm) - result.samples) < 2048
    closed = result.mouth.open < 0.02
    pp = [lead + (p.start + p.end) // 2 for p in utt.phonemes if p.viseme is Viseme.PP]
    assert len(pp) == 9  # b m p m m p p b b
    # output frame n is the recording's time n/fps (no lead-in): the lips meet on every
    # p/b/m within two frames of its middle, on most within one (Piper's timings vary a
    # little from one synthesis to the next: 7 to 9 of 9 seen)
    frames = [round(sample * 25 / SAMPLE_RATE) for sample in pp]
    assert all(closed[f - 2 : f + 3].any() for f in frames), frames
    assert sum(closed[f - 1 : f + 2].any() for f in frames) >= 7, frames
    assert result.mouth.open.max() > 0.15  # and the vowels open
