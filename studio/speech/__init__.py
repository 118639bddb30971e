"""Text-to-speech engines that return audio *with timing* (phonemes, words).

Engines (``get_engine("espeak" | "piper" | "coqui")``) share one pipeline
(:class:`studio.speech.engine.SpeechEngine`): checks, text normalisation
(:mod:`studio.speech.normalize`), sentence streaming, a bounded cache, and word offsets
into the original text.
"""

from studio.phonetics.utterance import Phoneme, Utterance, Word

__all__ = ["Phoneme", "Utterance", "Word"]
