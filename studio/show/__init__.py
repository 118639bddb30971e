"""The show: products, scripts, playlists and schedule, the persisted queue, compliance
checks and the audit log, on one SQLite database (see DESIGN.md §3 and §7).

Entry points: ``ShowStore`` (the database), ``Queue`` (now / next / insert / skip, with
events), ``check_text`` (compliance of one line), ``import_file`` and
``check_script_file`` (files), ``load_terms`` (the absolute-term list).
"""

from studio.show.checker import FileReport, check_script_file
from studio.show.compliance import TextCheck, check_text
from studio.show.findings import Finding
from studio.show.importer import import_file
from studio.show.items import Clip, ItemKind, Playlist, Script, ScriptItem
from studio.show.products import Product
from studio.show.queue import ComplianceError, Entry, Queue, QueueState
from studio.show.schedule import TimeWindow, active_playlist
from studio.show.store import ShowStore
from studio.show.terms import TermList, load_terms

__all__ = [
    "Clip",
    "ComplianceError",
    "Entry",
    "FileReport",
    "Finding",
    "ItemKind",
    "Playlist",
    "Product",
    "Queue",
    "QueueState",
    "Script",
    "ScriptItem",
    "ShowStore",
    "TermList",
    "TextCheck",
    "TimeWindow",
    "active_playlist",
    "check_script_file",
    "check_text",
    "import_file",
    "load_terms",
]
