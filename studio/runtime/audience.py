"""The room's audience desk: viewer events in, grounded answers into the show queue.

Events arrive from the control API (``POST /audience/events``: the merchant's console
userscript or any tool), the window's operator box, or a replay file (``--events``). They
wait in a bounded inbox; the desk's thread files them with ``show.audience.Responder``
(filters, rate limits, caps, question groups, the stale rule) and puts its lines in the
queue: answers as urgent inserts by default (the line on air stops at its next word
boundary, never mid-word), welcomes and thanks as normal ones (after the line on air).
At most ``max_waiting`` of its lines wait in the queue at once; questions meanwhile wait
in the desk, where the same question from many viewers becomes one answer and a question
that waited past ``stale_s`` is dropped as stale. Every line passes the compliance check
before it is queued, and again when it plays.

The product a question is about comes on the card while it is answered (``show_product``);
with ``follow_interest`` the rotation brings a product asked about often forward.

Privacy: names are masked in everything said and shown, the audit log and the log files
carry the session's hashes of viewer ids, and nothing about viewers is written to disk
beyond that: the records the window shows live in memory for the session.

The desk also measures, per answer, the time from its question's arrival to the frame
that carries the answer's first sound leaving for the outputs (``latency``), and accounts
for every asker (``summary()["askers"]``): the responder's outcomes, and of the answers
and deflections, how many askers' were ``aired``, ``unaired`` (skipped or blocked in the
queue before their first frame) or ``refused`` by the queue.
"""

from __future__ import annotations

import logging
import re
import statistics
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from studio.core.errors import ConfigError, InputError
from studio.show.audience.banned import load_banned
from studio.show.audience.events import ViewerEvent, parse_event
from studio.show.audience.faq import Faq, read_faq
from studio.show.audience.nlu import warm_up
from studio.show.audience.respond import Line, Responder, Settings
from studio.show.events import ItemBlocked, ItemEnded, ItemStarted
from studio.show.items import ItemKind
from studio.show.queue import ComplianceError, Queue, QueueFull
from studio.show.store import ShowStore
from studio.show.terms import load_terms

log = logging.getLogger(__name__)

INBOX = 2000  # events waiting to be filed; beyond, new ones are counted as overflow
RELOAD_EVERY_S = 2.0  # how often the FAQ file and the catalogue are looked at again
LATENCIES_KEPT = 500
_PLACEHOLDER = re.compile(r"(?<!\\)\{(name|price|original_price|stock)\}")


@dataclass(frozen=True)
class DeskOptions:
    """The room file's ``[audience]`` choices that wire the desk (``Settings`` decide)."""

    urgent: bool = True
    show_product: bool = True
    follow_interest: bool = False
    interest_threshold: float = 4.0
    max_waiting: int = 1
    faq_path: Path | None = None
    faq_required: bool = False


@dataclass
class _Queued:
    """One of the desk's lines in the show queue, and when it got where."""

    line: Line
    key: str
    inserted: float
    frame: int | None = None  # its first frame, once placed on the timeline
    on_air: float | None = None  # when that frame left for the outputs


@dataclass
class Counters:
    offered: int = 0
    overflow: int = 0
    lines: dict[str, int] = field(default_factory=dict)  # answer | deflect | welcome | thanks
    refused: int = 0  # a line the queue would not take (compliance, full)


def _explicit(template: str, product: str) -> str:
    """{name} -> {name:商品} etc.: the line keeps its facts without changing the card."""
    return _PLACEHOLDER.sub(lambda m: "{" + m.group(1) + ":" + product + "}", template)


class AudienceDesk:
    def __init__(
        self,
        queue: Queue,
        store: ShowStore,
        settings: Settings,
        options: DeskOptions,
        *,
        card: Callable[[], str] = lambda: "",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.queue, self.store, self.options = queue, store, options
        self.card = card
        self.clock = clock
        self._faq_stamp: int | None = None
        self._last_stamps: tuple | None = None
        faq = self._read_faq(initial=True)
        self._products = tuple(store.products())
        self.responder = Responder(
            self._products,
            faq,
            terms=load_terms(),
            banned=load_banned(),
            settings=settings,
            clock_start=clock(),
        )
        self._next_reload = clock() + RELOAD_EVERY_S
        self._inbox: deque[ViewerEvent] = deque()
        self._lock = threading.RLock()  # the responder and the desk's state
        self._wake = threading.Condition()
        self._queued: dict[str, _Queued] = {}
        self._latencies: deque[float] = deque(maxlen=LATENCIES_KEPT)
        self._check_interest = False
        self.counters = Counters()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._unsubscribe = queue.subscribe(self._on_queue_event)

    # -- the FAQ and the catalogue -------------------------------------------------------
    def _read_faq(self, initial: bool = False) -> Faq:
        path = self.options.faq_path
        if path is None:
            return Faq()
        if not path.is_file():
            if self.options.faq_required and initial:
                raise ConfigError(
                    f"the FAQ file {path} does not exist",
                    hint="fix [audience] faq in the room file, or leave it empty",
                )
            self._faq_stamp = None
            return Faq()
        self._faq_stamp = path.stat().st_mtime_ns
        try:
            return read_faq(path)
        except InputError:
            if initial:
                raise
            log.exception("the FAQ file %s cannot be read; keeping the one loaded", path)
            return self.responder.faq

    def _stamps(self) -> tuple:
        """What changes when the FAQ file or the catalogue may have: the file's mtime and
        the store's commit counters (ours and SQLite's for other connections)."""
        path = self.options.faq_path
        stamp = path.stat().st_mtime_ns if path is not None and path.is_file() else None
        return (stamp, self.store.data_version(), self.store.commits)

    def reload(self) -> None:
        """Take the FAQ file and the catalogue again when either changed."""
        stamps = self._stamps()
        if stamps == self._last_stamps:
            return
        self._last_stamps = stamps
        stamp = stamps[0]
        products = tuple(self.store.products())
        if stamp == self._faq_stamp and products == self._products:
            return
        with self._lock:
            faq = self._read_faq() if stamp != self._faq_stamp else self.responder.faq
            self.responder.set_catalogue(products, faq)
            self._products = products
        log.info("audience: FAQ and catalogue reloaded (%d products)", len(products))

    # -- events in -----------------------------------------------------------------------
    def offer(self, events: list[ViewerEvent]) -> int:
        """Take events (any thread); returns how many were accepted (the rest: overflow)."""
        now = self.clock()
        accepted = 0
        with self._wake:
            for event in events:
                self.counters.offered += 1
                if len(self._inbox) >= INBOX:
                    self.counters.overflow += 1
                    continue
                self._inbox.append(replace(event, received=now))
                accepted += 1
            self._wake.notify()
        return accepted

    def offer_json(self, body: dict[str, Any], max_batch: int) -> dict[str, Any]:
        """The ingest endpoint's body: one event, or ``{"events": [...]}``. Bad events
        are listed and the good ones kept (a batch is not lost to one bad event)."""
        raw = body.get("events") if "events" in body else [body]
        if not isinstance(raw, list):
            raise InputError(
                "'events' must be a list of event objects",
                hint='send {"events": [{"kind": "comment", "text": "..."}]}',
            )
        if len(raw) > max_batch:
            raise InputError(
                f"{len(raw)} events in one request; at most {max_batch} are taken",
                hint="send them in smaller batches ([audience] max_batch in the room file)",
            )
        events, rejected = [], []
        for i, item in enumerate(raw):
            try:
                events.append(parse_event(item, f"event {i}"))
            except InputError as exc:
                rejected.append({"index": i, "error": exc.message, "hint": exc.hint})
        if not events and rejected and "events" not in body:
            raise InputError(rejected[0]["error"], hint=rejected[0]["hint"])
        accepted = self.offer(events)
        reply: dict[str, Any] = {"accepted": accepted, "rejected": rejected}
        if accepted < len(events):
            reply["overflow"] = len(events) - accepted
        return reply

    # -- the thread ----------------------------------------------------------------------
    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="audience", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        with self._wake:
            self._wake.notify()
        if self._thread is not None:
            self._thread.join(5.0)
        self._unsubscribe()

    def _run(self) -> None:
        warm_up()  # the segmenter's dictionary, now rather than at the first comment
        while not self._stop.is_set():
            with self._wake:
                if not self._inbox:
                    self._wake.wait(0.25)
            try:
                self.pump()
            except Exception:  # the desk must not take the show down
                log.exception("audience: a pass of the desk failed")
                time.sleep(0.5)

    def pump(self, now: float | None = None) -> None:
        """File what came in and hand the show its next lines (the thread calls this; an
        offline render calls it at each frame with the show's time)."""
        now = self.clock() if now is None else now
        if self._inbox or now >= self._next_reload:  # a comment is read against what is on sale now
            self._next_reload = now + RELOAD_EVERY_S
            self.reload()
        card = self.card()
        while True:
            with self._wake:
                if not self._inbox:
                    break
                event = self._inbox.popleft()
            with self._lock:
                rec = self.responder.receive(event, now, card)
            if rec.outcome not in ("question", "ignored", "welcome", "thanks"):
                log.info("audience: %s %s from %s (%s)", rec.outcome, rec.kind, rec.viewer,
                         rec.reason)  # fmt: skip
        self._fill(now)
        if self._check_interest:
            self._check_interest = False
            self._follow_interest(now)

    def busy(self) -> bool:
        """Events, questions or lines of the desk still on their way to the air."""
        with self._lock:
            return bool(self._inbox or self.responder.groups or self.responder.courtesy
                        or self._queued)  # fmt: skip

    def _waiting(self, *kinds: str) -> int:
        """The desk's lines in the queue, not yet on the timeline (of ``kinds``)."""
        return sum(1 for q in self._queued.values() if q.frame is None and q.line.kind in kinds)

    def _fill(self, now: float) -> None:
        """Answers first (up to ``max_waiting`` waiting in the queue; urgent ones go
        before any welcome or thanks there); a welcome or thanks only when nothing of
        the desk's is waiting, so courtesy never holds up an answer."""
        while True:
            with self._lock:
                line = None
                if self._waiting("answer", "deflect") < self.options.max_waiting:
                    line = self.responder.next_answer(now, urgent=self.options.urgent)
                idle = not self._waiting("answer", "deflect", "welcome", "thanks")
                if line is None and not self.responder.groups and idle:
                    line = self.responder.next_courtesy(now)
            if line is None:
                return
            self._insert(line, now)

    def _insert(self, line: Line, now: float) -> None:
        product = line.product
        template = line.template
        if product and not self.options.show_product:
            template, product = _explicit(template, product), ""
        try:
            entry = self.queue.insert(
                template, urgent=line.urgent, product=product, actor="audience"
            )
        except (ComplianceError, QueueFull) as exc:
            self.counters.refused += 1
            log.warning("audience: the queue refused a %s: %s", line.kind, exc.message)
            with self._lock:
                self.responder.tally("refused", line.askers)
                for seq in line.seqs:
                    rec = self.responder.records.get(seq)
                    if rec is not None:
                        rec.outcome, rec.reason = "refused", exc.message
            return
        with self._lock:
            self._queued[entry.key] = _Queued(line, entry.key, now)
            self.counters.lines[line.kind] = self.counters.lines.get(line.kind, 0) + 1
        answer = line.answer
        self.store.audit(
            "audience",
            text=line.spoken,
            product=line.product,
            actor="audience",
            detail={
                "key": entry.key,
                "kind": line.kind,
                "viewers": list(line.viewers),
                "intent": answer.intent if answer else "",
                "facts": list(answer.facts) if answer else [],
                "reason": answer.reason if answer else "",
                "question": line.question,
            },
        )
        log.info("audience: %s (%s) for %s", line.kind, answer.intent if answer else "-",
                 ", ".join(line.viewers[:3]))  # fmt: skip

    # -- the show's side -----------------------------------------------------------------
    def _on_queue_event(self, event: object) -> None:
        if isinstance(event, ItemStarted):
            entry = event.entry
            if entry.kind is ItemKind.PRODUCT and entry.item.product:
                with self._lock:
                    self.responder.interest.reset(entry.item.product)
            self._check_interest = self.options.follow_interest
        elif isinstance(event, (ItemEnded, ItemBlocked)):
            key = event.entry.key
            with self._lock:
                queued = self._queued.get(key)
                if queued is not None and (queued.frame is None or isinstance(event, ItemBlocked)):
                    del self._queued[key]  # it never reached the air
                    self.responder.tally("unaired", queued.line.askers)
                elif queued is not None and queued.on_air is not None:
                    del self._queued[key]
        with self._wake:
            self._wake.notify()

    def placed(self, entry: Any, frame: int) -> None:
        """Director hook: an item was placed on the timeline at ``frame``."""
        with self._lock:
            queued = self._queued.get(entry.key)
            if queued is not None and queued.frame is None:
                queued.frame = frame
        with self._wake:
            self._wake.notify()

    def offer_frame(self, index: int, frame: Any) -> None:
        """Stream tap: frame ``index`` has just been handed to the outputs."""
        if not self._queued:
            return
        now = self.clock()
        with self._lock:
            for key, queued in list(self._queued.items()):
                if queued.frame is not None and queued.on_air is None and index >= queued.frame:
                    queued.on_air = now
                    self.responder.tally("aired", queued.line.askers)
                    if queued.line.kind in ("answer", "deflect"):
                        self._latencies.append(now - queued.line.arrived)
                    log.debug(
                        "audience: %s on air %.3f s after it came (queued at %.3f s, frame %d)",
                        key, now - queued.line.arrived, queued.inserted - queued.line.arrived,
                        queued.frame,
                    )  # fmt: skip
                    del self._queued[key]

    def _follow_interest(self, now: float) -> None:
        with self._lock:
            product, score = self.responder.interest.top(now)
        if not product or score < self.options.interest_threshold or product == self.card():
            return
        script = self.queue.bring_forward(product, actor="audience")
        if script:
            with self._lock:
                self.responder.interest.reset(product)
            log.info("audience: %s asked about (score %.1f): %s comes next", product, score,
                     script)  # fmt: skip

    # -- the operator --------------------------------------------------------------------
    def answer_now(self, seq: int) -> dict[str, Any]:
        """Answer event ``seq`` now (the operator's click), whatever it was filed as."""
        now = self.clock()
        with self._lock:
            line = self.responder.answer_now(seq, now, self.card())
        if line is None:
            raise InputError(
                f"no comment number {seq} to answer",
                hint="GET /audience lists the recent ones with their numbers",
            )
        self._insert(replace(line, urgent=True), now)
        return {"answered": seq, "says": line.spoken, "kind": line.kind}

    def ignore(self, seq: int) -> dict[str, Any]:
        with self._lock:
            done = self.responder.ignore(seq)
        if not done:
            raise InputError(f"no question number {seq} is waiting", hint="it may be answered")
        return {"ignored": seq}

    # -- reporting -----------------------------------------------------------------------
    def latency(self) -> dict[str, float]:
        with self._lock:
            values = list(self._latencies)
        if not values:
            return {"answers": 0}
        values.sort()
        return {
            "answers": len(values),
            "median_s": round(statistics.median(values), 3),
            "p90_s": round(values[min(len(values) - 1, int(0.9 * len(values)))], 3),
            "max_s": round(values[-1], 3),
        }

    def summary(self) -> dict[str, Any]:
        """Numbers for /status and /metrics."""
        with self._lock:
            counts = dict(self.responder.counts)
            askers = dict(self.responder.askers)
            waiting = self.responder.waiting()
            interest = self.responder.interest.scores(self.clock())
            queued = len(self._queued)
        return {
            "offered": self.counters.offered,
            "overflow": self.counters.overflow,
            "inbox": len(self._inbox),
            "waiting_questions": waiting,
            "queued_lines": queued,
            "lines": dict(self.counters.lines),
            "refused": self.counters.refused,
            "kinds": {k[5:]: v for k, v in counts.items() if k.startswith("kind:")},
            "outcomes": {k[8:]: v for k, v in counts.items() if k.startswith("outcome:")},
            "askers": askers,
            "latency": self.latency(),
            "interest": {p: s for p, s in interest.items() if s >= 0.05},
        }

    def snapshot(self, n: int = 100) -> dict[str, Any]:
        """The summary and the last ``n`` events (masked names, hashed ids)."""
        with self._lock:
            recent = [r.to_json() for r in self.responder.recent(n)]
        return {**self.summary(), "card": self.card(), "recent": recent}

    def prometheus(self, label: str) -> list[str]:
        s = self.summary()
        rows = [
            ("studio_audience_events_total", "counter", {}, s["offered"]),
            ("studio_audience_overflow_total", "counter", {}, s["overflow"]),
            ("studio_audience_waiting_questions", "gauge", {}, s["waiting_questions"]),
            ("studio_audience_refused_total", "counter", {}, s["refused"]),
        ]
        rows += [("studio_audience_kind_total", "counter", {"kind": k}, v)
                 for k, v in sorted(s["kinds"].items())]  # fmt: skip
        rows += [("studio_audience_outcome_total", "counter", {"outcome": k}, v)
                 for k, v in sorted(s["outcomes"].items())]  # fmt: skip
        rows += [("studio_audience_lines_total", "counter", {"line": k}, v)
                 for k, v in sorted(s["lines"].items())]  # fmt: skip
        rows += [("studio_audience_askers_total", "counter", {"what": k}, v)
                 for k, v in sorted(s["askers"].items())]  # fmt: skip
        lat = s["latency"]
        if lat.get("answers"):
            rows.append(("studio_audience_answer_latency_median_seconds", "gauge", {},
                         lat["median_s"]))  # fmt: skip
        out, typed = [], set()
        for name, kind, labels, value in rows:
            if name not in typed:
                out.append(f"# TYPE {name} {kind}")
                typed.add(name)
            extra = "".join(f',{k}="{v}"' for k, v in labels.items())
            out.append(f'{name}{{room="{label}"{extra}}} {value}')
        return out


def add_routes(control: Any, desk: AudienceDesk, *, burst: int, per_second: float,
               max_batch: int) -> None:  # fmt: skip
    """``POST /audience/events`` (ingest), ``GET /audience`` (recent events, answers),
    ``POST /audience/answer`` and ``/audience/ignore`` (``{"seq": N}``) on the control API."""

    def seq_of(body: dict) -> int:
        try:
            return int(body.get("seq"))
        except (TypeError, ValueError):
            raise InputError("send the comment's number", hint='{"seq": 12}') from None

    control.route("POST", "/audience/events", lambda b: desk.offer_json(b, max_batch),
                  burst=burst, per_second=per_second)  # fmt: skip
    control.route("GET", "/audience", lambda b: desk.snapshot())
    control.route("POST", "/audience/answer", lambda b: desk.answer_now(seq_of(b)))
    control.route("POST", "/audience/ignore", lambda b: desk.ignore(seq_of(b)))


class StreamTap:
    """What the stream stage calls after each frame it hands to the outputs."""

    def __init__(self, desk: AudienceDesk) -> None:
        self.desk = desk

    def offer(self, index: int, frame: Any) -> None:
        self.desk.offer_frame(index, frame)


def build_desk(room: Any, queue: Queue, store: ShowStore, card: Callable[[], str]) -> AudienceDesk:
    """The desk a room file's ``[audience]`` section describes."""
    spec = room.audience
    path, required = spec.faq_path(room)
    settings = Settings(
        stale_s=spec.stale_s,
        viewer_burst=spec.viewer_burst,
        viewer_per_minute=spec.viewer_per_minute,
        room_per_second=spec.room_per_second,
        room_burst=max(1, round(spec.room_per_second * 3)),
        welcome_per_minute=spec.welcome_per_minute,
        thanks_per_minute=spec.thanks_per_minute,
    )
    options = DeskOptions(
        urgent=spec.answer == "urgent",
        show_product=spec.show_product,
        follow_interest=spec.follow_interest,
        interest_threshold=spec.interest_threshold,
        max_waiting=spec.max_waiting,
        faq_path=path,
        faq_required=required,
    )
    return AudienceDesk(queue, store, settings, options, card=card)
