"""``studio show import FILE``: products (.csv/.json) or scripts (.toml/.txt), all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from studio.core.errors import InputError
from studio.core.progress import Progress, no_progress
from studio.show.checker import FileFinding, FileReport, check_script_file
from studio.show.clips import store_clip
from studio.show.items import ItemKind, Script
from studio.show.products import read_products
from studio.show.store import ShowStore
from studio.show.terms import TermList, load_terms

PRODUCT_SUFFIXES = (".csv", ".json")
SCRIPT_SUFFIXES = (".toml", ".txt", ".text", ".md")


@dataclass
class ImportResult:
    kind: str  # "products" | "scripts"
    added: int = 0
    updated: int = 0
    scripts: list[str] = field(default_factory=list)
    playlists: list[str] = field(default_factory=list)
    findings: list[FileFinding] = field(default_factory=list)  # stored, block until fixed

    @property
    def blocked_items(self) -> int:
        return len({(f.where) for f in self.findings if f.blocking})


def import_file(
    store: ShowStore,
    path: Path,
    *,
    terms: TermList | None = None,
    progress: Progress = no_progress,
) -> ImportResult:
    suffix = path.suffix.lower()
    if suffix in PRODUCT_SUFFIXES:
        products = read_products(path)
        progress("import", 0, 1)
        added, updated = store.upsert_products(products)
        progress("import", 1, 1)
        return ImportResult("products", added=added, updated=updated)
    if suffix in SCRIPT_SUFFIXES:
        return _import_scripts(store, path, terms or load_terms(), progress)
    raise InputError(
        f"{path.name}: cannot tell what to import from '{suffix}'",
        hint="products: .csv or .json; scripts: .toml or .txt",
    )


def checked_script_file(store: ShowStore, path: Path, terms: TermList | None = None) -> FileReport:
    """A script file parsed and checked against ``store``'s catalogue; InputError (with
    every line at fault) when it cannot be used at all."""
    known = store.script_names()
    report = check_script_file(
        path,
        lookup=store.product,
        terms=terms or load_terms(),
        approvals=store.approver,
        known_scripts=known.__contains__,
    )
    structural = report.structural
    if structural:
        shown = "\n  ".join(str(f).replace("\n", "\n  ") for f in structural[:30])
        raise InputError(
            f"{path.name}: {len(structural)} problem(s), nothing was imported:\n  {shown}",
            hint="fix these lines (or import the missing products first) and import again",
        )
    return report


def _import_scripts(
    store: ShowStore, path: Path, terms: TermList, progress: Progress
) -> ImportResult:
    report = checked_script_file(store, path, terms)
    scripts: list[Script] = []
    total = sum(len(s.items) for s in report.parsed.scripts)
    done = 0
    for script in report.parsed.scripts:  # copy clips first: a failed DB write leaves only files
        items = []
        for item in script.items:
            if item.kind is ItemKind.CLIP and item.clip is not None:
                item = replace(item, clip=store_clip(item.clip, store.path.parent))
            items.append(item)
            done += 1
            progress("import", done, total)
        scripts.append(replace(script, items=tuple(items)))
    store.save_scripts(scripts, report.parsed.playlists)
    return ImportResult(
        "scripts",
        scripts=[s.name for s in scripts],
        playlists=[p.name for p in report.parsed.playlists],
        findings=[f for f in report.findings if not f.structural],
    )
