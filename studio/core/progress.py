"""Progress reporting that knows nothing of terminals or Qt.

Long work takes a ``Progress`` callback; the CLI turns it into a progress bar and the
GUI into a progress dialog with cancel. Returning normally continues; a callback may
raise ``Cancelled`` to stop the work cleanly.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total)"""


class Cancelled(Exception):
    """Raised by a progress callback to stop long work; callers clean up and re-raise."""


def no_progress(stage: str, done: int, total: int) -> None:
    """The default callback: report nothing."""
