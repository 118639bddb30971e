"""The audience desk's decisions, without threads or a database: event in, verdict out.

``Responder.receive`` files each viewer event under one outcome:

- dropped at once: ``flood`` (the room-wide rate is exceeded), ``rate`` (one viewer sends
  too much), ``duplicate`` (the same viewer repeats a comment), ``spam`` (a link or a
  contact number), ``banned`` (a banned word, however spelled), ``rule`` (a statement with
  an absolute term: 全网最低, 第一品牌), ``ignored`` (greetings, small talk, likes),
  ``capped`` (a welcome or thanks beyond its cap per minute);
- kept: ``question`` (waits in the backlog to be answered) and ``welcome``/``thanks``.

Questions that ask the same thing (intent, product, FAQ entry) wait together as one
group and get one answer that addresses their askers (张**、李**，…). ``next_line``
hands the desk the next line to put in the show: the oldest question group first
(``stale`` once older than ``stale_s``: the show was busy and the moment has passed),
then a welcome or thanks. Every line has been through the compliance check.

Records of the last ``keep`` events (masked name, hashed id, outcome, answer) are kept
for the window and the control API; they live in memory only. ``askers`` accounts for
every viewer who asked a question, once, by what became of the question: ``asked`` =
``answered`` + ``deflected`` + ``stale`` (waited past ``stale_s``) + ``crowded`` (pushed
out by ``max_groups`` newer ones) + ``blocked`` + ``ignored`` + those still waiting
(``just_answered`` counts the askers of a question said moments ago, not asked again).
"""

from __future__ import annotations

import re
from collections import OrderedDict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from studio.core.ratelimit import KeyedBuckets, TokenBucket
from studio.show.audience.answers import Answer, Checked, address, compose, escape, speakable
from studio.show.audience.banned import BannedList
from studio.show.audience.events import EventKind, ViewerEvent
from studio.show.audience.faq import Faq
from studio.show.audience.interest import Interest
from studio.show.audience.nlu import Matcher, Understanding
from studio.show.audience.privacy import ViewerHasher, mask_name, scrub
from studio.show.audience.textnorm import contact_digits, squeeze
from studio.show.products import Product
from studio.show.terms import TermList

_LINK = re.compile(r"https?://|www\.|\.(?:com|cn|net|org|top|xyz|cc|me)\b|t\.cn/", re.IGNORECASE)
MAX_ASKERS = 20  # named askers kept per question group (the rest are counted)
DROPPED = ("flood", "rate", "duplicate", "spam", "banned", "rule", "ignored", "capped")


@dataclass(frozen=True)
class Settings:
    """The room file's ``[audience]`` values that decide (see runtime/room.py)."""

    stale_s: float = 30.0  # a question not answered this long after it came is dropped
    viewer_burst: int = 3  # comments one viewer may send at once ...
    viewer_per_minute: float = 6.0  # ... then this many a minute
    room_burst: int = 300  # events the whole room may send at once ...
    room_per_second: float = 100.0  # ... then this many a second (beyond: flood)
    duplicate_s: float = 60.0  # the same comment from the same viewer within this is dropped
    welcome_per_minute: int = 3
    thanks_per_minute: int = 6
    # Question groups waiting; beyond, the oldest goes stale. A group is one (intent,
    # product, FAQ entry or sizes) key, so a catalogue gives a few hundred at most: at any
    # rate of comments the stale rule, not this cap, decides what goes unanswered (at 50
    # the cap dropped the group due next, and 50 comments a second starved every one of
    # them); it bounds memory against made-up keys.
    max_groups: int = 1000
    repeat_s: float = 15.0  # a question answered this recently is not answered again
    thanks_stale_s: float = 20.0


@dataclass
class Record:
    """One event as the window and the control API show it (no raw id or name)."""

    seq: int
    kind: str
    received: float
    viewer: str  # the session's hash of the id
    name: str  # masked
    text: str
    outcome: str
    intent: str = ""
    product: str = ""
    answer: str = ""  # what was (or will be) said
    reason: str = ""

    def to_json(self) -> dict:
        return dict(self.__dict__)


@dataclass
class _Group:
    key: tuple[str, str, str]
    understanding: Understanding
    first: float
    seqs: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    count: int = 0
    operator: bool = False  # the operator asked for it: answered even when deflected


@dataclass(frozen=True)
class Line:
    """A line for the show: the template to insert and what it answers."""

    kind: str  # answer | deflect | welcome | thanks
    template: str
    spoken: str
    product: str  # the product context of the template ("" for none)
    urgent: bool
    seqs: tuple[int, ...]
    arrived: float  # when the first of its events came (for the latency)
    answer: Answer | None = None
    viewers: tuple[str, ...] = ()  # hashed ids
    question: str = ""  # the first asker's words, scrubbed (for the audit log)
    askers: int = 0  # viewers it answers (counted in ``Responder.askers``; 0: not counted)


class Responder:
    def __init__(
        self,
        products: Iterable[Product],
        faq: Faq,
        *,
        terms: TermList,
        banned: BannedList,
        settings: Settings | None = None,
        hasher: ViewerHasher | None = None,
        clock_start: float = 0.0,
        keep: int = 300,
    ) -> None:
        self.settings = s = settings or Settings()
        self.terms, self.banned = terms, banned
        self.hash = hasher or ViewerHasher()
        self.set_catalogue(products, faq)
        self._now = clock_start
        clock = lambda: self._now  # noqa: E731 - the buckets read the time we were given
        self._room = TokenBucket(s.room_burst, s.room_per_second, clock)
        self._viewers = KeyedBuckets(s.viewer_burst, s.viewer_per_minute / 60.0, clock=clock)
        self._welcome = TokenBucket(s.welcome_per_minute, s.welcome_per_minute / 60.0, clock)
        self._thanks = TokenBucket(s.thanks_per_minute, s.thanks_per_minute / 60.0, clock)
        self._recent: OrderedDict[tuple[str, str], float] = OrderedDict()  # duplicates
        self._welcomed: OrderedDict[str, None] = OrderedDict()
        self.groups: OrderedDict[tuple[str, str, str], _Group] = OrderedDict()
        self._said: dict[tuple[str, str, str], tuple[float, str]] = {}  # key -> (when, words)
        self.courtesy: deque[tuple[float, Line]] = deque(maxlen=3)
        self.records: OrderedDict[int, Record] = OrderedDict()
        self.keep = keep
        self.seq = 0
        self.counts: dict[str, int] = {}
        self.askers: dict[str, int] = {}  # viewers who asked, by what became of it
        self.interest = Interest()
        self.variant = 0

    # -- catalogue ----------------------------------------------------------------------
    def set_catalogue(self, products: Iterable[Product], faq: Faq) -> None:
        products = list(products)
        self.products = {p.name: p for p in products}
        self.faq = faq
        self.matcher = Matcher(products, faq)

    def lookup(self, name: str) -> Product | None:
        return self.products.get(name)

    # -- events -------------------------------------------------------------------------
    def _count(self, key: str) -> None:
        self.counts[key] = self.counts.get(key, 0) + 1

    def tally(self, what: str, askers: int) -> None:
        """Account for ``askers`` viewers' questions under ``what`` (see the docstring)."""
        if askers:
            self.askers[what] = self.askers.get(what, 0) + askers

    def _record(self, event: ViewerEvent, viewer: str, outcome: str, **more: str) -> Record:
        rec = Record(event.seq, event.kind.value, event.received, viewer,
                     mask_name(event.name), event.text, outcome, **more)  # fmt: skip
        self.records[event.seq] = rec
        while len(self.records) > self.keep:
            self.records.popitem(last=False)
        self._count(f"outcome:{outcome}")
        return rec

    def receive(self, event: ViewerEvent, now: float, card: str = "") -> Record:
        """File one event (``now``: the room's clock; ``card``: the product on screen)."""
        self._now = now
        self.seq += 1
        event = replace(event, seq=self.seq, received=event.received or now)
        self._count(f"kind:{event.kind.value}")
        viewer = self.hash(event.platform, event.viewer)
        if self._room.take() > 0:
            return self._record(event, viewer, "flood", reason="the room-wide event rate")
        if event.kind is EventKind.COMMENT:
            return self._comment(event, viewer, now, card)
        if event.kind is EventKind.LIKE:
            return self._record(event, viewer, "ignored", reason="likes are counted")
        if event.kind is EventKind.ENTER:
            if viewer in self._welcomed:
                return self._record(event, viewer, "ignored", reason="welcomed already")
            self._welcomed[viewer] = None
            while len(self._welcomed) > 10_000:
                self._welcomed.popitem(last=False)
            return self._courtesy(event, viewer, now, self._welcome, "welcome")
        if event.kind is EventKind.ORDER and event.product in self.products:
            self.interest.add(event.product, now, 2.0)
        return self._courtesy(event, viewer, now, self._thanks, "thanks")

    def _courtesy(self, event: ViewerEvent, viewer: str, now: float, bucket: TokenBucket,
                  kind: str) -> Record:  # fmt: skip
        if bucket.take() > 0:
            return self._record(event, viewer, "capped", reason=f"{kind}s per minute")
        who = escape(mask_name(event.name)) or "这位朋友"
        product = event.product if event.product in self.products else ""
        if event.kind is EventKind.ENTER:
            template = f"欢迎{who}来到直播间，喜欢的话点个关注哦。"
        elif event.kind is EventKind.FOLLOW:
            template = f"谢谢{who}的关注！"
        elif event.kind is EventKind.GIFT:
            gift = event.gift if event.gift and not self.banned.scan(event.gift) else "礼物"
            template = f"谢谢{who}送的{escape(gift[:12])}！"
        elif product:
            template = f"谢谢{who}下单{{name}}，我们会尽快安排发货。"
        else:
            template = f"谢谢{who}的支持，我们会尽快安排发货。"
        checked = speakable(Answer(kind, "", product, template), self.faq, self.lookup, self.terms)
        if checked.replaced:  # a name that trips a check: thank without it
            template = template.replace(who, "这位朋友")
            checked = speakable(Answer(kind, "", product, template), self.faq, self.lookup,
                                self.terms)  # fmt: skip
        if not checked.spoken or checked.replaced:
            return self._record(event, viewer, "capped", reason="the line did not pass the check")
        line = Line(kind, template, checked.spoken, product, False, (event.seq,), event.received,
                    viewers=(viewer,))  # fmt: skip
        self.courtesy.append((now, line))
        return self._record(event, viewer, kind, answer=checked.spoken)

    def _comment(self, event: ViewerEvent, viewer: str, now: float, card: str) -> Record:
        flat = squeeze(event.text)
        hit = self.banned.scan(event.text)
        if hit is not None:
            return self._record(event, viewer, "banned",
                                reason=f"{hit.category}: {hit.term} ({hit.how})")  # fmt: skip
        if _LINK.search(event.text) or contact_digits(event.text):
            return self._record(event, viewer, "spam", reason="a link or a contact number")
        if self._viewers.take(viewer) > 0:
            return self._record(event, viewer, "rate", reason="this viewer's comment rate")
        key = (viewer, flat)
        seen = self._recent.get(key)
        self._recent[key] = now
        self._recent.move_to_end(key)
        while len(self._recent) > 20_000 or (
            self._recent and now - next(iter(self._recent.values())) > self.settings.duplicate_s
        ):
            self._recent.popitem(last=False)
        if seen is not None and now - seen <= self.settings.duplicate_s:
            return self._record(event, viewer, "duplicate", reason="sent again")
        u = self.matcher.understand(event.text, card)
        claims = self.terms.scan(event.text) if not u.question else []
        if claims:  # a statement with 全网最低 / 第一品牌: nothing to answer, nothing to echo
            return self._record(event, viewer, "rule", intent="rule",
                                reason=f"an absolute claim: {claims[0].term}")  # fmt: skip
        if u.intent in ("greeting", "smalltalk"):
            return self._record(event, viewer, "ignored", intent=u.intent, reason=u.why)
        said = self._said.get(self._key(u))
        if said is not None and now - said[0] <= self.settings.repeat_s:
            self.tally("just_answered", 1)
            return self._record(event, viewer, "answered", intent=u.intent, product=u.product,
                                answer=said[1], reason="the same question was just answered")  # fmt: skip
        self._ask(event, u, now)
        self.tally("asked", 1)
        return self._record(event, viewer, "question", intent=u.intent, product=u.product,
                            reason=u.why)  # fmt: skip

    @staticmethod
    def _key(u: Understanding) -> tuple[str, str, str]:
        faq_key = u.faq.asks[0] if u.faq else ""
        sizes = ",".join(u.asked_sizes + u.asked_colours) + ("+advice" if u.size_advice else "")
        return (u.intent + (":postage" if u.postage else ""), u.product, faq_key or sizes)

    def _ask(self, event: ViewerEvent, u: Understanding, now: float, *,
             operator: bool = False) -> _Group:  # fmt: skip
        key = self._key(u)
        group = self.groups.get(key)
        if group is None:
            while len(self.groups) >= self.settings.max_groups:
                _, oldest = self.groups.popitem(last=False)
                self._settle(oldest, "stale", tally="crowded",
                             reason="too many questions waiting")  # fmt: skip
            group = self.groups[key] = _Group(key, u, now)
        group.operator = group.operator or operator
        group.count += 1
        if len(group.seqs) < MAX_ASKERS:
            group.seqs.append(event.seq)
            group.names.append(mask_name(event.name))
        if u.product:
            self.interest.add(u.product, now)
        return group

    def _settle(self, group: _Group, outcome: str, tally: str = "", **more: str) -> None:
        if not group.operator:  # the operator's click re-answers a question counted already
            self.tally(tally or outcome, group.count)
        for seq in group.seqs:
            rec = self.records.get(seq)
            if rec is not None:
                rec.outcome = outcome
                for k, v in more.items():
                    setattr(rec, k, v)
                self._count(f"outcome:{outcome}")

    # -- lines for the show -------------------------------------------------------------
    def next_answer(self, now: float, *, urgent: bool = True) -> Line | None:
        """The answer to the oldest question group (stale ones dropped on the way)."""
        self._now = now
        while self.groups:
            _, group = self.groups.popitem(last=False)
            if now - group.first > self.settings.stale_s and not group.operator:
                self._settle(
                    group, "stale", reason=f"not answered within {self.settings.stale_s:g} s"
                )
                continue
            line = self._answer(group, urgent)
            if line is not None:
                return line
        return None

    def next_courtesy(self, now: float) -> Line | None:
        """A welcome or thanks still fresh enough to say."""
        while self.courtesy:
            at, line = self.courtesy.popleft()
            if now - at <= self.settings.thanks_stale_s:
                return line
            for seq in line.seqs:
                if seq in self.records:
                    self.records[seq].outcome = "capped"
        return None

    def next_line(self, now: float, *, answer_urgent: bool = True) -> Line | None:
        """The next line to put in the show: an answer (oldest question first), else a
        welcome or thanks."""
        return self.next_answer(now, urgent=answer_urgent) or self.next_courtesy(now)

    def _answer(self, group: _Group, urgent: bool) -> Line | None:
        u = group.understanding
        self.variant += 1
        answer = compose(u, self.products.get(u.product), self.faq, self.variant)
        prefix = address(group.names, group.count)
        checked: Checked = speakable(answer, self.faq, self.lookup, self.terms, prefix)
        if not checked.spoken:
            self._settle(group, "blocked", reason=checked.replaced)
            return None
        final = checked.answer
        outcome = "answered" if final.kind == "answer" else "deflected"
        if not group.operator:
            self._said[group.key] = (self._now, checked.spoken)
            while len(self._said) > 1000:
                self._said.pop(next(iter(self._said)))
        self._settle(group, outcome, answer=checked.spoken,
                     reason=checked.replaced or final.reason)  # fmt: skip
        first = self.records.get(group.seqs[0]) if group.seqs else None
        return Line(
            kind=final.kind,
            template=prefix + final.template,
            spoken=checked.spoken,
            product=final.product,
            urgent=urgent,
            seqs=tuple(group.seqs),
            arrived=group.first,
            answer=final,
            viewers=tuple(r.viewer for s in group.seqs if (r := self.records.get(s))),
            question=scrub(first.text) if first else "",
            askers=0 if group.operator else group.count,
        )

    # -- the operator -------------------------------------------------------------------
    def answer_now(self, seq: int, now: float, card: str = "") -> Line | None:
        """The operator's click: answer event ``seq`` now, whatever it was filed as
        (a question already answered is answered again)."""
        rec = self.records.get(seq)
        if rec is None or rec.kind != "comment":
            return None
        event = ViewerEvent(EventKind.COMMENT, text=rec.text, seq=seq, received=now)
        u = self.matcher.understand(rec.text, card)
        if u.intent in ("greeting", "smalltalk"):
            u = replace(u, intent="other")
        group = _Group(("operator", str(seq), ""), u, now, [seq], [rec.name], 1, True)
        del event
        return self._answer(group, True)

    def ignore(self, seq: int) -> bool:
        """The operator's click: do not answer event ``seq`` (nor its group)."""
        for key, group in list(self.groups.items()):
            if seq in group.seqs:
                del self.groups[key]
                self._settle(group, "ignored", reason="ignored by the operator")
                return True
        rec = self.records.get(seq)
        if rec is not None and rec.outcome == "question":
            rec.outcome = "ignored"
            return True
        return False

    def waiting(self) -> int:
        """Questions waiting for an answer (all askers of all groups)."""
        return sum(g.count for g in self.groups.values())

    def recent(self, n: int = 100) -> list[Record]:
        return list(self.records.values())[-n:]
