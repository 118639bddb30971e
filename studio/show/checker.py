"""Check a script file against a catalogue: every finding, located as file:line:col.

Used by ``studio show check`` (prints, exits 2 when anything blocks) and by import
(structural problems refuse the import; compliance findings are stored and block the
item at air time until it is fixed or approved).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from studio.show.compliance import Approvals, Lookup, TextCheck, check_text, no_approvals
from studio.show.findings import Finding
from studio.show.items import ItemKind
from studio.show.scriptfile import ParsedFile, parse_script_file
from studio.show.terms import TermList

#: Findings that make a file unusable (nothing is imported while any remains).
STRUCTURAL = {"file", "markup", "product", "clip", "playlist", "length"}


@dataclass(frozen=True)
class FileFinding:
    file: str
    line: int
    col: int
    finding: Finding
    where: str = ""  # "script 开场, item 3"

    @property
    def blocking(self) -> bool:
        return self.finding.blocking

    @property
    def structural(self) -> bool:
        return self.finding.rule in STRUCTURAL

    def __str__(self) -> str:
        f = self.finding
        status = f"approved by {f.approved_by}" if f.approved_by else "BLOCKS"
        text = f"{self.file}:{self.line}:{self.col}: {status}: {f.term!r} [{f.rule}] {f.message}"
        if f.suggestion:
            text += f"\n    suggestion: {f.suggestion}"
        if self.where:
            text += f"\n    in {self.where}"
        return text


@dataclass
class FileReport:
    parsed: ParsedFile
    findings: list[FileFinding] = field(default_factory=list)
    #: (script index, item index) -> check of that text item
    checks: dict[tuple[int, int], TextCheck] = field(default_factory=dict)

    @property
    def blocking(self) -> bool:
        return any(f.blocking for f in self.findings)

    @property
    def structural(self) -> list[FileFinding]:
        return [f for f in self.findings if f.structural]


def check_parsed(
    parsed: ParsedFile,
    *,
    lookup: Lookup,
    terms: TermList,
    approvals: Approvals = no_approvals,
    known_scripts: Callable[[str], bool] = lambda name: False,
) -> FileReport:
    report = FileReport(parsed)
    name = parsed.path.name
    for problem in parsed.problems:
        report.findings.append(
            FileFinding(
                name,
                problem.line,
                problem.col,
                Finding("file", "", 0, 0, problem.message, problem.hint),
            )
        )
    for s_index, script in enumerate(parsed.scripts):
        for i_index, item in enumerate(script.items):
            where = f"script '{script.name}', item {i_index + 1}"
            if item.kind is ItemKind.PRODUCT and lookup(item.product) is None:
                report.findings.append(
                    FileFinding(
                        name,
                        item.line or 1,
                        1,
                        Finding(
                            "product",
                            item.product,
                            0,
                            0,
                            f"no product named '{item.product}' in the catalogue",
                            "import the product first or correct the name",
                        ),
                        where,
                    )
                )
                continue
            if item.kind is not ItemKind.TEXT:
                continue
            result = check_text(item.text, item.product, lookup, terms, approvals)
            report.checks[(s_index, i_index)] = result
            for finding, offset in zip(result.findings, result.source_starts, strict=True):
                line, col = parsed.position(s_index, i_index, offset)
                report.findings.append(FileFinding(name, line, col, finding, where))
    defined = {s.name for s in parsed.scripts}
    for p_index, playlist in enumerate(parsed.playlists):
        line = parsed.playlist_lines[p_index] if p_index < len(parsed.playlist_lines) else 1
        for script in playlist.scripts:
            if script not in defined and not known_scripts(script):
                report.findings.append(
                    FileFinding(
                        name,
                        line,
                        1,
                        Finding(
                            "playlist",
                            script,
                            0,
                            0,
                            f"playlist '{playlist.name}' names script '{script}', "
                            "which is neither in this file nor imported",
                            "import that script first or correct the name",
                        ),
                    )
                )
    report.findings.sort(key=lambda f: (f.line, f.col))
    return report


def check_script_file(
    path: Path,
    *,
    lookup: Lookup,
    terms: TermList,
    approvals: Approvals = no_approvals,
    known_scripts: Callable[[str], bool] = lambda name: False,
) -> FileReport:
    """Parse and check a .toml/.txt script file."""
    return check_parsed(
        parse_script_file(path),
        lookup=lookup,
        terms=terms,
        approvals=approvals,
        known_scripts=known_scripts,
    )
