"""A show line in her voice where she read it: whole lines as she read them, prices from
her number words and units, TTS only for the rest; timings she keeps are hers and every
line's timeline covers its audio."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from studio.avatar.lines.cover import Inventory, plan_cover
from studio.avatar.lines.engine import OwnLinesEngine, with_own_lines
from studio.avatar.lines.store import load_lines
from studio.cli import main
from studio.core.timeline import SAMPLE_RATE
from studio.core.wav import read_wav
from studio.phonetics.utterance import Utterance
from studio.speech.cache import SynthesisCache
from studio.speech.engine import get_engine
from studio.speech.numbers import zh_cardinal


def _timeline_ok(utt: Utterance) -> None:
    ph = utt.phonemes
    assert ph[0].start == 0 and ph[-1].end == utt.num_samples
    assert all(a.end == b.start and a.end > a.start for a, b in zip(ph, ph[1:], strict=False))
    starts = [w.start for w in utt.words]
    assert starts == sorted(starts)
    assert all(0 <= w.start <= w.end <= utt.num_samples for w in utt.words)
    assert all(utt.text[w.char_start : w.char_end] == w.text for w in utt.words)
    spans = utt.own
    assert all(0 <= a < b <= utt.num_samples for a, b in spans)
    assert all(b1 < a2 for (_, b1), (a2, _) in zip(spans, spans[1:], strict=False))


def _engine(avatar: str) -> OwnLinesEngine:
    engine = with_own_lines(get_engine("espeak"), avatar)
    assert isinstance(engine, OwnLinesEngine)
    return engine


def test_a_line_she_read_is_her_recording(with_lines: str) -> None:
    utt = _engine(with_lines).synthesize("谢谢大家的支持！")
    assert utt.own_share == pytest.approx(1.0)
    _timeline_ok(utt)
    hers = load_lines(with_lines).lines["thanks.01"].utterance
    # her recording at her level: the same samples up to a gain
    assert abs(utt.num_samples - hers.num_samples) <= 1
    a, b = utt.audio.astype(float), hers.audio[: utt.num_samples].astype(float)
    assert np.corrcoef(a[2000:-2000], b[2000:-2000])[0, 1] > 0.99
    # her aligned word times are kept
    assert [w.start for w in utt.words][:3] == pytest.approx(
        [w.start for w in hers.words][:3], abs=2
    )


def test_a_price_line_takes_her_number_words_and_units(with_lines: str) -> None:
    engine = _engine(with_lines)
    line = "原价¥129，今天直播间只要¥89。"
    pieces = plan_cover("原价一百二十九元，今天直播间只要八十九元。", engine.inventory)
    used = [p.unit.line.id if p.unit else "TTS" for p in pieces]
    assert used == [
        "price.01", "num.1", "num.100", "num.2", "num.10", "num.9", "unit.yuan",
        "price.02", "num.8", "num.10", "num.9", "unit.yuan",
    ]  # fmt: skip
    utt = engine.synthesize(line)
    assert utt.own_share > 0.9
    _timeline_ok(utt)
    # subtitles still show the price as written, timed inside her number words
    price = next(w for w in utt.words if w.text == "¥129")
    assert any(a <= price.start < b for a, b in utt.own)


def test_a_number_she_cannot_say_whole_is_tts_and_so_is_the_rest(with_lines: str) -> None:
    engine = _engine(with_lines)
    text = "再加上满三百减五十。库存还有两百件，拍下后四十八小时内发货。"
    pieces = plan_cover(text, engine.inventory)
    said = [(text[p.start : p.end], p.unit.line.id if p.unit else "TTS") for p in pieces]
    # she never read 三 or 五: that number is TTS, not her 十 after TTS's 五
    assert said[0] == ("再加上满三百减五十", "TTS")
    assert said[1:] == [
        ("库存还有", "price.09"), ("两", "num.2b"), ("百", "num.100"), ("件", "unit.jian"),
        ("拍下后四十八小时内发货", "ship.01"),
    ]  # fmt: skip
    # 一 of 一起 is not a number: her 一 is not used there
    assert all(p.unit is None for p in plan_cover("我们一起去吧", engine.inventory))


def test_a_line_with_nothing_of_hers_is_all_tts(with_lines: str) -> None:
    engine = _engine(with_lines)
    text = "这款面霜很滋润。Hello everyone!"
    utt = engine.synthesize(text)
    plain = get_engine("espeak").synthesize(text)
    assert all(p.unit is None for p in plan_cover(text, engine.inventory))
    assert utt.own == () and utt.own_share == 0.0
    # the wrapped engine's line as it is (eSpeak's length varies by a few ms per call)
    assert [w.text for w in utt.words] == [w.text for w in plain.words]
    assert [p.phoneme for p in utt.phonemes] == [p.phoneme for p in plain.phonemes]
    assert abs(utt.num_samples - plain.num_samples) < 0.02 * plain.num_samples


def test_joins_are_level_and_cover_the_audio(with_lines: str) -> None:
    utt = _engine(with_lines).synthesize("大家好，欢迎来到直播间！新来的朋友点个关注。")
    _timeline_ok(utt)
    assert 0.3 < utt.own_share < 0.9  # her greeting, then TTS
    # the TTS part comes at her level: speech loudness within 3 dB of hers
    end = utt.own[0][1]
    from studio.avatar.lines.clip import speech_level_db

    assert abs(speech_level_db(utt.audio[:end]) - speech_level_db(utt.audio[end:])) < 3.0


def test_the_cache_keeps_what_was_hers(with_lines: str, tmp_path: Path) -> None:
    cache = SynthesisCache(disk_dir=tmp_path / "tts")
    first = with_own_lines(get_engine("espeak", cache=cache), with_lines).synthesize(
        "谢谢大家的支持！"
    )
    cache.clear()  # from disk now
    again = with_own_lines(get_engine("espeak", cache=cache), with_lines).synthesize(
        "谢谢大家的支持！"
    )
    assert cache.stats.disk_hits == 1
    assert again.own == first.own and again.own_share == pytest.approx(1.0)


def test_lines_she_reads_while_the_show_runs_are_used_from_its_next_line(
    her: str, long_reading: Path, short_sheet
) -> None:
    from studio.avatar.lines.reading import import_reading

    plain = get_engine("espeak")
    assert with_own_lines(plain, "demo") is plain
    engine = with_own_lines(plain, her)  # the show starts before she has read anything
    assert isinstance(engine, OwnLinesEngine) and engine.model_id() == plain.model_id()
    before = engine.synthesize("谢谢大家的支持！")
    assert before.own_share == 0.0  # all TTS, from the same cache entries as the stock voice
    import_reading(long_reading, short_sheet, her)  # she reads the sheet meanwhile
    after = engine.synthesize("谢谢大家的支持！")
    assert after.own_share == pytest.approx(1.0) and len(engine.lines) == len(short_sheet)


def test_tts_as_the_presenter_speaks_her_lines(with_lines: str, tmp_path: Path, capsys) -> None:
    out = tmp_path / "a.wav"
    assert main(["tts", "库存还有200件", "--avatar", with_lines, "-o", str(out)]) == 0
    assert "her own voice: 100%" in capsys.readouterr().out
    assert (
        main(["tts", "库存还有200件", "--avatar", with_lines, "--no-own-lines", "-o", str(out)])
        == 0
    )
    assert "her own voice" not in capsys.readouterr().out
    audio, rate = read_wav(out)
    assert rate == SAMPLE_RATE and len(audio) > 0


def test_her_number_words_cover_every_count(with_lines: str) -> None:
    inventory = Inventory(load_lines(with_lines))
    for n in (2, 8, 10, 12, 19, 28, 89, 100, 129, 200, 981):
        text = f"库存还有{zh_cardinal(n, liang=True)}件"
        pieces = plan_cover(text, inventory)
        assert all(p.unit is not None for p in pieces), (n, text)


def test_the_volume_asked_for_moves_her_lines_too(with_lines: str) -> None:
    from studio.avatar.lines.clip import speech_level_db

    engine = _engine(with_lines)
    loud = engine.synthesize("谢谢大家的支持！")
    soft = engine.synthesize("谢谢大家的支持！", volume=50)
    assert speech_level_db(loud.audio) - speech_level_db(soft.audio) == pytest.approx(6.0, abs=1.0)
