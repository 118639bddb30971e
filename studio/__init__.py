"""Studio: a desktop digital-human livestream studio."""

from studio.core.threads import preset_environment

__version__ = "0.1.0"

# Before numpy (and its OpenBLAS pool) loads anywhere in this process: see core/threads.
preset_environment()
