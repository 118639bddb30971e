"""Moved to :mod:`studio.phonetics.viseme`; this re-export serves only
studio/runtime/render_job.py until the one-pipeline refactor (issue 18) updates it.
New code imports ``studio.phonetics.viseme``."""

from studio.phonetics.viseme import Viseme

__all__ = ["Viseme"]
