"""Model training and evaluation tools, kept out of the runtime library.

``evaluate`` (`studio avatar eval`) and ``cut`` measure a clone against held-out video;
``train_audio_mouth`` (``python -m studio.tools.train_audio_mouth``) and its
``synth_corpus`` train the shipped audio->mouth model. They sit above the runtime in the
layers contract (pyproject.toml): only the CLI and benchmarks import them, and nothing a
room runs depends on them.
"""
