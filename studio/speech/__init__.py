"""Text-to-speech engines that return audio *with timing* (phonemes, words)."""

from studio.speech.utterance import Phoneme, Utterance, Word

__all__ = ["Phoneme", "Utterance", "Word"]
