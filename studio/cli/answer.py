"""`studio show answer "有XL码吗"`: what the presenter would say to a comment, and why.

The same decisions as a running room (filters, intent and product, the answer filled
from the catalogue and the FAQ, the compliance check, the deflection when nothing fits),
without a stream: a merchant tries her FAQ, a test checks an answer. Exit 0 with the
decision (an answer, a deflection, or why it is not answered); 2 for bad input.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from studio.core.errors import ExitCode, InputError
from studio.core.output import say
from studio.core.paths import studio_home
from studio.show.products import read_products
from studio.show.store import ShowStore, default_db_path


def cmd_answer(args: argparse.Namespace) -> int:
    # the matcher's packages (jieba's dictionary, pypinyin): only for this command
    from studio.show.audience.banned import load_banned
    from studio.show.audience.events import EventKind, ViewerEvent
    from studio.show.audience.faq import Faq, read_faq
    from studio.show.audience.respond import Responder
    from studio.show.terms import load_terms

    text = " ".join(args.text).strip()
    if not text:
        raise InputError("no comment to answer", hint='give it in quotes: "有XL码吗"')
    if args.catalog is not None:
        products = read_products(args.catalog)
    else:
        with ShowStore(args.db or default_db_path()) as store:
            products = store.products()
    faq_path = args.faq or (studio_home() / "faq.toml")
    faq = read_faq(faq_path) if args.faq or faq_path.is_file() else Faq()
    names = {p.name for p in products}
    if args.product and args.product not in names:
        raise InputError(
            f"no product named {args.product!r} in the catalogue",
            hint="give --product exactly as the catalogue names it",
        )
    responder = Responder(products, faq, terms=load_terms(), banned=load_banned())
    rec = responder.receive(ViewerEvent(EventKind.COMMENT, text=text), 0.0, args.product or "")
    line = responder.next_answer(0.0) if rec.outcome == "question" else None
    answer = line.answer if line is not None else None
    result = {
        "comment": text,
        "outcome": rec.outcome
        if line is None
        else ("answer" if line.kind == "answer" else "deflect"),  # fmt: skip
        "says": line.spoken if line is not None else "",
        "intent": rec.intent,
        "product": (answer.product if answer and answer.product else rec.product),
        "facts": list(answer.facts) if answer else [],
        "reason": (answer.reason if answer else rec.reason),
        "template": line.template if line is not None else "",
        "faq": str(faq_path) if faq.source else "",
        "unknown_faq_products": faq.unknown_products(names),
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return ExitCode.OK
    for name in result["unknown_faq_products"]:
        say(f"warning: the FAQ names {name!r}, which is not in the catalogue")
    if line is None:
        say(f"not answered: {result['outcome']} ({result['reason'] or result['intent']})")
        return ExitCode.OK
    say(f"says:    {result['says']}")
    say(f"kind:    {result['outcome']}")
    say(f"intent:  {result['intent']}")
    say(f"product: {result['product'] or '-'}")
    say(f"facts:   {', '.join(result['facts']) or '-'}")
    say(f"why:     {result['reason']}")
    return ExitCode.OK


def register_answer(cmds: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = cmds.add_parser(
        "answer",
        parents=[common],
        help="what the presenter would say to a viewer's comment, and why",
    )
    p.add_argument("text", nargs="+", help='the comment, e.g. "有XL码吗"')
    p.add_argument(
        "--catalog",
        type=Path,
        default=None,
        help="products .csv/.json (default: the show database)",
    )
    p.add_argument(
        "--faq",
        type=Path,
        default=None,
        help="the FAQ .toml/.csv (default: STUDIO_HOME/faq.toml when it exists)",
    )
    p.add_argument("--product", default="", help="the product on the card (what 多少钱 is about)")
    p.add_argument("--json", action="store_true", help="the decision as JSON")
    p.set_defaults(func=cmd_answer)
