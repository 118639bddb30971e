"""Moved to :mod:`studio.core.presets`; this re-export serves only studio/runtime/demo.py,
studio/runtime/render_job.py, studio/render/compositor.py and studio/render/commands.py
until the one-pipeline refactor (issue 18) updates them. New code imports
``studio.core.presets``."""

from studio.core.presets import PRESETS, VideoPreset, get_preset

__all__ = ["PRESETS", "VideoPreset", "get_preset"]
