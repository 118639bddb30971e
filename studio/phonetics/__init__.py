"""Speech sounds as data, shared by the speech engines and the lip-sync.

The viseme classes, the phoneme -> viseme tables and the timed utterance a TTS engine
returns live here, below both ``studio.speech`` (which makes utterances) and
``studio.lipsync`` (which turns their phonemes into mouth shapes), so neither imports
the other (the layers contract in pyproject.toml).
"""
