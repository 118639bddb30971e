"""The desktop studio (PySide6): a client of the engine, which never imports Qt.

Only the modules that draw windows import PySide6; ``settings``, ``session``,
``checklist``, ``drafts``, ``eta``, ``scenes`` and ``streamstate`` are plain Python so the
logic behind the window is testable without a display. ``studio gui`` starts it
(``studio.cli.gui``); importing this package imports nothing heavy.
"""

from studio.core.errors import DependencyError


def preload_engine() -> None:
    """Import pydantic and the engine's config models *before* PySide6 is imported.

    PySide6 installs an import hook (shiboken's "feature" support) that inspects each
    newly imported module. pydantic loads most of itself lazily, on first attribute
    access; when that lazy loading happens after PySide6 is imported, the hook's
    inspection re-enters pydantic half-initialised and the import fails ("cannot import
    name 'import_string' from partially initialized module"). Loading it all first avoids
    that. Call this before the first PySide6 import (``studio gui`` does).
    """
    import pydantic
    import pydantic._internal._validators
    import pydantic.config
    import pydantic.errors
    import pydantic.fields
    import pydantic.functional_validators
    import pydantic.main
    import pydantic.types  # noqa: F401

    import studio.core.config
    import studio.render.scene
    import studio.runtime.room  # noqa: F401

    del pydantic


def require_qt() -> None:
    """A DependencyError with the install hint when PySide6 cannot be imported; it is
    imported here, in the window's package, which alone may import Qt (pyproject.toml)."""
    try:
        import PySide6  # noqa: F401  (Qt only when the window opens, after preload_engine)
    except ImportError as exc:
        raise DependencyError(
            "PySide6 is not installed", hint="pip install PySide6-Essentials (make install does it)"
        ) from exc
