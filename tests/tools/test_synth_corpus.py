"""The synthetic pretraining corpus with other eSpeak languages (real eSpeak NG)."""

from __future__ import annotations

import numpy as np
import pytest

from studio.lipsync.trajectory import DEFAULT_TARGETS
from studio.phonetics.viseme import Viseme
from studio.tools.synth_corpus import (
    EN,
    EXTRA_BASES,
    EXTRA_WORDS,
    HELDOUT_VARIANTS,
    ZH,
    Synthesizer,
    make_sessions,
    pick_voice,
    split_tokens,
)


@pytest.mark.parametrize("language", sorted(EXTRA_WORDS))
def test_word_lists_are_split_into_training_and_held_out(language: str) -> None:
    words = EXTRA_WORDS[language]
    assert len(set(words)) >= 200
    train, held = split_tokens(words, False), split_tokens(words, True)
    assert train and held and not set(train) & set(held)
    assert language in EXTRA_BASES


def test_default_corpus_has_no_other_language() -> None:
    rng = np.random.default_rng(0)
    voices = [pick_voice(rng, False, 0.15) for _ in range(300)]
    assert {v.language for v in voices} == {ZH, EN}


def test_held_out_voices_of_other_languages_use_held_out_variants() -> None:
    rng = np.random.default_rng(1)
    for heldout in (False, True):
        for _ in range(50):
            v = pick_voice(rng, heldout, 0.0, 1.0, sorted(EXTRA_WORDS), "words")
            assert v.language in EXTRA_WORDS and v.engine == "espeak"
            base, _, variant = (v.voice or "").partition("+")
            assert base in EXTRA_BASES[v.language]
            assert (variant in HELDOUT_VARIANTS) == heldout


@pytest.fixture(scope="module")
def synth() -> Synthesizer:
    return Synthesizer()


@pytest.mark.parametrize("language", sorted(EXTRA_WORDS))
def test_other_language_sessions_are_labelled_from_mapped_phonemes(
    language: str, synth: Synthesizer
) -> None:
    """eSpeak reads the word list in that language; (nearly) every phoneme has a real
    viseme, and the labels close the lips (p/b/m) and open them (vowels)."""
    sessions = make_sessions(
        6.0,
        np.random.default_rng(3),
        heldout=False,
        piper_share=0.0,
        other_share=1.0,
        other_languages=(language,),
        other_texts="words",
        session_seconds=(6.0, 8.0),
        synthesizer=synth,
    )
    assert sessions and all(s.voice.language == language for s in sessions)
    n = sum(s.n_phonemes for s in sessions)
    unknown = sum(sum(s.unknown_phonemes.values()) for s in sessions)
    assert n > 40
    assert unknown <= 0.01 * n, [s.unknown_phonemes for s in sessions]
    labels = np.concatenate([s.labels for s in sessions])
    speech = labels[:, 2] != 0  # not silence
    assert labels[speech, 0].max() > DEFAULT_TARGETS[Viseme.E].open * 0.8
    assert (labels[:, 2] == list(Viseme).index(Viseme.PP)).any()


def test_unknown_other_texts_is_an_error() -> None:
    with pytest.raises(ValueError, match="other_texts"):
        make_sessions(1.0, np.random.default_rng(0), False, other_texts="klingon")
    with pytest.raises(ValueError, match="word list"):
        make_sessions(
            1.0, np.random.default_rng(0), False, other_share=0.5,
            other_languages=("nl",), other_texts="words",
        )  # fmt: skip


def test_training_script_adds_other_languages(tmp_path) -> None:
    """The CLI option reaches the corpus, the model's meta and its card."""
    from studio.lipsync.audio_model import AudioMouthModel
    from studio.tools.train_audio_mouth import main

    out = tmp_path / "tiny.pt"
    rc = main(
        ["--out", str(out), "--minutes", "0.4", "--heldout-minutes", "0.2", "--epochs", "1",
         "--max-steps", "1", "--channels", "8", "--seed", "1", "--piper-share", "0",
         "--other-share", "1", "--other-languages", "fr,it", "--other-texts", "words"]
    )  # fmt: skip
    assert rc == 0
    meta = AudioMouthModel.load(out).meta
    train = meta["corpus"]["train"]
    assert set(train["minutes_by_engine_language"]) <= {"espeak fr", "espeak it"}
    assert train["unknown_phonemes"] == {}
    assert meta["other_languages"] == {"share": 1.0, "languages": ["fr", "it"], "texts": "words"}
    held = meta["corpus"]["heldout"]["minutes_by_engine_language"]
    assert set(held) <= {"espeak zh", "espeak en"}  # the held-out set stays Mandarin/English
    card = out.with_suffix(".md").read_text(encoding="utf-8")
    assert "other eSpeak NG languages: ['fr', 'it']" in card and "--other-texts words" in card
