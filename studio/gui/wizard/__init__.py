"""The avatar wizard: choose a video or photo -> checks -> creation -> preview -> her voice
(may be skipped) -> name.

Each page's work (checks, creation, preview) runs in the thread pool and reports back by
signals; the page is "complete" (Next enabled) when its work succeeded. The avatar is
built as a draft (``studio.gui.drafts``) and gets its name on the last page; cancelling
the wizard at any point stops the work at its next progress report and deletes the draft.
One module per page; ``base`` holds the wizard itself.
"""

from studio.gui.wizard.base import AvatarWizard
from studio.gui.wizard.common import (
    PAGE_CHECKS,
    PAGE_CREATE,
    PAGE_PREVIEW,
    PAGE_SAVE,
    PAGE_SOURCE,
    PAGE_VOICE,
)

__all__ = [
    "PAGE_CHECKS",
    "PAGE_CREATE",
    "PAGE_PREVIEW",
    "PAGE_SAVE",
    "PAGE_SOURCE",
    "PAGE_VOICE",
    "AvatarWizard",
]
