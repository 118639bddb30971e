"""`studio show …`: the show database from the command line.

The database is STUDIO_HOME/show.db unless ``--db PATH`` is given. Exit codes: 0 ok;
2 bad input, or (``check``) something blocks; 1 other errors.
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import datetime
from pathlib import Path

from studio.cli import progress_bars
from studio.cli.answer import register_answer
from studio.core.errors import ExitCode, InputError
from studio.core.messages import current_language
from studio.core.output import cli_text, say
from studio.show.checker import FileFinding, check_script_file
from studio.show.compliance import check_text, no_approvals
from studio.show.importer import import_file
from studio.show.items import ItemKind
from studio.show.money import format_price
from studio.show.products import products_json, read_products, write_products_csv
from studio.show.queue import Queue
from studio.show.schedule import active_playlist
from studio.show.store import COMPLIANCE_SETTINGS, ShowStore, default_db_path
from studio.show.terms import load_terms


def _open(args: argparse.Namespace) -> ShowStore:
    return ShowStore(args.db or default_db_path())


def cmd_import(args: argparse.Namespace) -> int:
    with progress_bars() as progress, _open(args) as store:
        result = import_file(store, args.file, progress=progress)
    if result.kind == "products":
        say(f"products: {result.added} added, {result.updated} updated")
        return ExitCode.OK
    say(f"scripts: {', '.join(result.scripts) or '-'}")
    if result.playlists:
        say(f"playlists: {', '.join(result.playlists)}")
    for finding in result.findings:
        print(_finding_text(finding))
    if result.findings:
        blocked = result.blocked_items
        say(
            f"{blocked} item(s) will not be spoken until fixed or approved (studio show approve …)"
            if blocked
            else "all findings are approved"
        )
    return ExitCode.OK


def _finding_text(found: FileFinding) -> str:
    """A finding as ``str(found)`` has it, in the user's language (English: exactly that)."""
    if current_language() == "en":
        return str(found)
    f = found.finding
    status = cli_text(f"approved by {f.approved_by}") if f.approved_by else cli_text("BLOCKS")
    text = f"{found.file}:{found.line}:{found.col}: {status}: {f.term!r} [{f.rule}] "
    text += cli_text(f.message)
    if f.suggestion:
        text += "\n    " + cli_text(f"suggestion: {f.suggestion}")
    if found.where:
        text += "\n    " + cli_text(f"in {found.where}")
    return text


def cmd_export(args: argparse.Namespace) -> int:
    with _open(args) as store:
        products = store.products()
    fmt = args.format or (args.out.suffix.lstrip(".").lower() if args.out else "csv")
    if fmt not in ("csv", "json"):
        raise InputError(f"cannot export as '{fmt}'", hint="use --format csv or json")
    buf = io.StringIO()
    if fmt == "csv":
        write_products_csv(products, buf)
    else:
        buf.write(products_json(products) + "\n")
    if args.out is None:
        sys.stdout.write(buf.getvalue())
        return ExitCode.OK
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.name + ".part")
    tmp.write_text(buf.getvalue(), encoding="utf-8-sig" if fmt == "csv" else "utf-8")
    tmp.replace(args.out)
    say(f"wrote {len(products)} products to {args.out}")
    return ExitCode.OK


def cmd_list(args: argparse.Namespace) -> int:
    with _open(args) as store:
        products = store.products()
        scripts = store.scripts()
        playlists = store.playlists()
    say(f"products ({len(products)}):")
    for p in products:
        original = (
            cli_text(f" (original {format_price(p.original_price, p.currency, 'zh')})")
            if p.original_price
            else ""
        )
        stock = "" if p.stock is None else cli_text(f", stock {p.stock}")
        print(f"  {p.name}: {format_price(p.price, p.currency, 'zh')}{original}{stock}")
    say(f"scripts ({len(scripts)}):")
    for s in scripts:
        say(f"  {s.name}: {len(s.items)} items")
    on_air = active_playlist(playlists, datetime.now())
    say(f"playlists ({len(playlists)}):")
    for p in playlists:
        windows = ", ".join(str(w) for w in p.windows) or cli_text("no window (fallback)")
        mark = cli_text("  <- on air now") if on_air and on_air.name == p.name else ""
        say(f"  {p.name}: {' > '.join(p.scripts)}; {windows}; priority {p.priority}{mark}")
    return ExitCode.OK


def cmd_check(args: argparse.Namespace) -> int:
    db_path = args.db or default_db_path()
    store = ShowStore(db_path) if (args.catalog is None or db_path.exists()) else None
    try:
        if args.catalog is not None:
            catalogue = {p.name: p for p in read_products(args.catalog)}
            lookup = catalogue.get
        else:
            assert store is not None
            lookup = store.product
        report = check_script_file(
            args.file,
            lookup=lookup,
            terms=load_terms(),
            approvals=store.approver if store else no_approvals,
            known_scripts=store.script_names().__contains__ if store else (lambda name: False),
        )
    finally:
        if store is not None:
            store.close()
    for finding in report.findings:
        print(_finding_text(finding))
    blocking = sum(1 for f in report.findings if f.blocking)
    items = sum(len(s.items) for s in report.parsed.scripts)
    say(f"{args.file.name}: {items} items, {len(report.findings)} findings, {blocking} blocking")
    return ExitCode.USAGE if report.blocking else ExitCode.OK


def cmd_audit(args: argparse.Namespace) -> int:
    with _open(args) as store:
        if args.csv:
            count = store.export_audit_csv(args.csv)
            say(f"wrote {count} audit records to {args.csv}")
            return ExitCode.OK
        rows = store.audit_rows(kind=args.kind, limit=args.limit)
    for r in rows:
        who = f" by {r['actor']}" if r["actor"] else ""
        product = f" [{r['product']}]" if r["product"] else ""
        print(f"{r['at']}  {r['kind']:<9}{who}{product} {r['text']}")
    return ExitCode.OK


def cmd_queue(args: argparse.Namespace) -> int:
    with _open(args) as store:
        queue = Queue(store)
        current = queue.current()
        upcoming = queue.peek(args.next)
        say(f"state: {cli_text(queue.state.value)}   product: {queue.product or '-'}")
        now = current.describe() if current else cli_text("(nothing)")
        source = f"   ({current.source})" if current and current.source else ""
        say(f"now:  {now}{source}")
        for i, entry in enumerate(upcoming, start=1):
            tag = cli_text(" [urgent]") if entry.urgent else ""
            say(f"next {i}: {entry.describe()}{tag}   ({entry.source or entry.origin})")
        if not upcoming:
            say("next: (nothing scheduled now: import a script with a [[playlist]])")
    return ExitCode.OK


def cmd_insert(args: argparse.Namespace) -> int:
    with _open(args) as store:
        entry = Queue(store).insert(
            args.text, urgent=args.urgent, product=args.product, actor=args.by or ""
        )
    urgent = cli_text(" (urgent)") if args.urgent else ""
    say(f"queued {entry.key}{urgent}: {entry.text}")
    return ExitCode.OK


def cmd_control(args: argparse.Namespace) -> int:
    with _open(args) as store:
        queue = Queue(store)
        if args.action == "skip":
            entry = queue.skip()
            say(f"now: {entry.describe() if entry else cli_text('(nothing)')}")
        elif args.action == "pause":
            queue.pause()
            say("paused")
        else:
            queue.resume()
            say("resumed")
    return ExitCode.OK


def cmd_approve(args: argparse.Namespace) -> int:
    with _open(args) as store:
        if args.text is not None:
            text, product = args.text, args.product or ""
        else:
            script = store.script(args.script or "")
            if script is None:
                raise InputError(f"no script named '{args.script}'", hint="see studio show list")
            texts = [i for i in script.items if i.kind is ItemKind.TEXT]
            if (
                not 1 <= args.item <= len(script.items)
                or script.items[args.item - 1].kind is not ItemKind.TEXT
            ):
                raise InputError(
                    f"script '{script.name}' has no text item {args.item}",
                    hint=f"items are numbered 1..{len(script.items)}; "
                    f"{len(texts)} of them are text",
                )
            item = script.items[args.item - 1]
            text, product = item.text, item.product
        result = check_text(text, product, store.product, load_terms(), store.approver)
        terms = [f.term for f in result.findings if f.approvable and f.blocking]
        if args.term:
            unknown = [t for t in args.term if t not in terms]
            if unknown:
                raise InputError(
                    f"nothing to approve for {', '.join(unknown)} in this text",
                    hint=f"blocking terms here: {', '.join(terms) or 'none'}",
                )
            terms = args.term
        if not terms:
            say("nothing to approve: no blocking absolute term in this text")
            return ExitCode.OK
        for term in dict.fromkeys(terms):
            store.approve(text, term, args.by, args.reason)
            say(f"approved '{term}' by {args.by}: {args.reason}")
        facts = [f for f in result.findings if not f.approvable and f.blocking]
        if facts:
            say("still blocked by facts (fix the line or the catalogue; facts cannot be approved):")
            for f in facts:
                print(f"  {f.term} [{f.rule}] {cli_text(f.message)}")
    return ExitCode.OK


def cmd_setting(args: argparse.Namespace) -> int:
    with _open(args) as store:
        if args.value is None:
            value = store.setting(args.key)
            print(f"{args.key} = {cli_text('(unset)') if value is None else value}")
            return ExitCode.OK
        store.set_setting(args.key, args.value, actor=args.by or "", reason=args.reason or "")
    audited = cli_text(" (audited)") if args.key in COMPLIANCE_SETTINGS else ""
    print(f"{args.key} = {args.value}{audited}")
    return ExitCode.OK


def register(sub: argparse._SubParsersAction) -> None:
    show = sub.add_parser("show", help="products, scripts, queue, compliance and audit log")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", type=Path, default=None, help="the show database (default: STUDIO_HOME/show.db)"
    )
    cmds = show.add_subparsers(dest="show_command", metavar="SUBCOMMAND", required=True)

    p = cmds.add_parser(
        "import", parents=[common], help="import products (.csv/.json) or scripts (.toml/.txt)"
    )
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_import)

    p = cmds.add_parser("export", parents=[common], help="export the products as CSV or JSON")
    p.add_argument("--out", type=Path, default=None, help="file to write (default: CSV to stdout)")
    p.add_argument("--format", choices=("csv", "json"), default=None)
    p.set_defaults(func=cmd_export)

    p = cmds.add_parser("list", parents=[common], help="list products, scripts and playlists")
    p.set_defaults(func=cmd_list)

    p = cmds.add_parser(
        "check", parents=[common], help="check a script file; exit 2 when anything blocks"
    )
    p.add_argument("file", type=Path)
    p.add_argument(
        "--catalog",
        type=Path,
        default=None,
        help="products .csv/.json to check against (default: the show database)",
    )
    p.set_defaults(func=cmd_check)

    p = cmds.add_parser("audit", parents=[common], help="show or export the audit log")
    p.add_argument("--csv", type=Path, default=None, help="write the whole log to this CSV file")
    p.add_argument("--limit", type=int, default=50, help="records to show (default 50)")
    p.add_argument("--kind", default=None, help="only broadcast, approval, setting, blocked, …")
    p.set_defaults(func=cmd_audit)

    p = cmds.add_parser("queue", parents=[common], help="what plays now and next")
    p.add_argument("-n", "--next", type=int, default=5, help="how many upcoming items (default 5)")
    p.set_defaults(func=cmd_queue)

    p = cmds.add_parser("insert", parents=[common], help="queue a line (checked first)")
    p.add_argument("text")
    p.add_argument("--urgent", action="store_true", help="cut the current line at the next word")
    p.add_argument("--product", default=None, help="the product the line is about")
    p.add_argument("--by", default="", help="who inserts it (for the audit log)")
    p.set_defaults(func=cmd_insert)

    for action, text in (
        ("skip", "drop the item on air"),
        ("pause", "start nothing new"),
        ("resume", "play again after pause"),
    ):
        p = cmds.add_parser(action, parents=[common], help=text)
        p.set_defaults(func=cmd_control, action=action)

    p = cmds.add_parser(
        "approve",
        parents=[common],
        help="approve absolute terms in one text (logged with who and why)",
    )
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--text", default=None, help="the text exactly as written")
    target.add_argument("--script", default=None, help="a script name (with --item)")
    p.add_argument("--item", type=int, default=1, help="item number in the script (1-based)")
    p.add_argument("--product", default=None, help="with --text: the product in context")
    p.add_argument(
        "--term",
        action="append",
        default=None,
        help="the term to approve (repeat; default: every blocking term)",
    )
    p.add_argument("--by", required=True, help="who approves")
    p.add_argument("--reason", required=True, help="why this use is lawful")
    p.set_defaults(func=cmd_approve)

    p = cmds.add_parser(
        "setting",
        parents=[common],
        help="read or change a setting; compliance settings are audited",
    )
    p.add_argument("key", help=f"e.g. {', '.join(COMPLIANCE_SETTINGS)}")
    p.add_argument("value", nargs="?", default=None)
    p.add_argument("--by", default="", help="who changes it")
    p.add_argument("--reason", default="", help="why")
    p.set_defaults(func=cmd_setting)

    register_answer(cmds, common)
