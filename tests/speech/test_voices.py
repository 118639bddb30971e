"""A Piper Mandarin pack speaks Chinese with timings; a voice per language for mixed text.

Real Piper inference with joe's model under a config whose eSpeak voice is ``cmn``
(tests/speech/conftest.py): what is checked is what the lips and subtitles use.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.cli import main
from studio.core.errors import ConfigError, InputError
from studio.phonetics.utterance import Utterance
from studio.phonetics.viseme import Viseme
from studio.speech.piper import PiperEngine
from studio.speech.segment import is_cjk
from studio.speech.voices import LanguageVoices, VoiceChoice, build_engine, resolve_voice

from .conftest import CMN_PACK

VOWELS = {Viseme.AA, Viseme.E, Viseme.I, Viseme.O, Viseme.U}


@pytest.fixture(scope="module")
def piper() -> PiperEngine:
    return PiperEngine()


def _assert_timeline(utt: Utterance) -> None:
    assert utt.phonemes[0].start == 0 and utt.phonemes[-1].end == utt.num_samples
    for p, q in zip(utt.phonemes, utt.phonemes[1:], strict=False):
        assert p.start < p.end == q.start
        assert not (p.viseme is Viseme.SIL and q.viseme is Viseme.SIL)  # one pause, not two
    for w, v in zip(utt.words, utt.words[1:], strict=False):
        assert w.start < w.end <= v.start and w.char_end <= v.char_start
    for w in utt.words:
        assert utt.text[w.char_start : w.char_end] == w.text


def _inside(p, w) -> bool:
    return w.start <= p.start and p.end <= w.end


def test_a_cmn_pack_speaks_chinese_with_a_word_per_character(
    in_cmn_home: Path, piper: PiperEngine
) -> None:
    text = "八宝粥只要九十九元，欢迎光临！"
    utt = piper.synthesize(text, voice=CMN_PACK)
    _assert_timeline(utt)
    assert utt.language == "zh" and utt.unknown_phonemes == {}
    assert utt.num_samples > 48_000  # about 4 s of speech, not a click
    # subtitles: every Han character is a word, in order, and they cover the text
    assert [w.text for w in utt.words] == [ch for ch in text if is_cjk(ch) and ch.isalpha()]
    # lips: 八 bā and 宝 bǎo each close the lips (b) and then open them (a vowel)
    for word in utt.words[:2]:
        inside = [p for p in utt.phonemes if _inside(p, word)]
        assert inside[0].viseme is Viseme.PP
        assert any(p.viseme is Viseme.AA for p in inside)
    # eSpeak's tone numbers and retroflex marks are folded into the sounds
    symbols = [p.phoneme.lstrip("ˈˌ") for p in utt.phonemes]
    assert not any(s[0].isdigit() or s[0] in ".-ɜ" for s in symbols)
    assert "ts." in symbols  # 粥 zhōu, 只 zhǐ: one retroflex affricate each
    # the comma is a pause between 元 and 欢
    yuan, huan = utt.words[8], utt.words[9]
    assert any(
        p.viseme is Viseme.SIL and yuan.end <= p.start and p.end <= huan.start for p in utt.phonemes
    )


def test_an_english_voice_still_refuses_chinese_with_a_hint(piper: PiperEngine) -> None:
    with pytest.raises(InputError) as err:
        piper.synthesize("你好", voice="joe")
    assert "studio voice add" in err.value.hint
    with pytest.raises(InputError, match="speaks 'en' only"):
        piper.synthesize("hello", language="zh", voice="joe")


def test_tts_with_a_pack_name_picks_its_engine(
    in_cmn_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "zh.wav"
    assert main(["tts", "宝贝", "--voice", CMN_PACK, "--no-cache", "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert out.is_file() and "2 words, zh)" in said


def test_mixed_text_each_language_by_its_voice(in_cmn_home: Path) -> None:
    engine, voice = build_engine("espeak", "", {"zh": CMN_PACK, "en": "joe"})
    assert isinstance(engine, LanguageVoices) and voice is None
    assert engine.choices == {
        "zh": VoiceChoice("piper", CMN_PACK),
        "en": VoiceChoice("piper", "joe"),
    }
    text = "这款 iPhone 手机壳只要99元！"
    utt = engine.synthesize(text)
    _assert_timeline(utt)
    assert utt.language == "zh+en"
    words = [w.text for w in utt.words]
    assert words == ["这", "款", "iPhone", "手", "机", "壳", "只", "要", "99", "元"]
    iphone = utt.words[2]
    english = [p for p in utt.phonemes if _inside(p, iphone)]
    assert Viseme.FF in {p.viseme for p in english}  # the f of phone, from joe's English
    assert {p.viseme for p in english} & VOWELS


def test_espeak_speaks_zh_when_no_pack_is_installed(studio_home: Path) -> None:
    assert resolve_voice("auto", "zh") == VoiceChoice("espeak", None)
    assert resolve_voice("auto", "en") == VoiceChoice("piper", "joe")
    engine, _ = build_engine("espeak", "", {"en": "joe"})
    utt = engine.synthesize("大家好 hello")
    _assert_timeline(utt)
    assert utt.language == "zh+en"


def test_a_missing_or_wrong_language_pack_is_a_config_error(in_cmn_home: Path) -> None:
    assert resolve_voice("auto", "zh") == VoiceChoice("piper", CMN_PACK)
    with pytest.raises(ConfigError, match="'nope' chosen for 'zh' is not installed") as err:
        resolve_voice("nope", "zh")
    assert "studio voice add" in err.value.hint
    with pytest.raises(ConfigError, match="speaks 'zh', not 'en'"):
        resolve_voice(CMN_PACK, "en")
    with pytest.raises(ConfigError, match="joe speaks English"):
        resolve_voice("joe", "zh")
