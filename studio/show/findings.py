"""One type for everything a check can say about a line, from a banned word to a wrong price."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Finding:
    """A problem in a text, at character offsets ``start:end`` of the checked text.

    ``rule``: absolute-term, price, discount, promotion, stock, markup, product, clip.
    Only absolute terms can be approved; a wrong fact must be fixed.
    """

    rule: str
    term: str
    start: int
    end: int
    message: str
    suggestion: str = ""
    category: str = ""
    approved_by: str = ""

    @property
    def blocking(self) -> bool:
        return not self.approved_by

    @property
    def approvable(self) -> bool:
        return self.rule == "absolute-term"

    def approved(self, by: str) -> Finding:
        return replace(self, approved_by=by)

    def to_json(self) -> dict:
        return {
            "rule": self.rule,
            "term": self.term,
            "start": self.start,
            "end": self.end,
            "message": self.message,
            "suggestion": self.suggestion,
            "category": self.category,
            "approved_by": self.approved_by,
            "blocking": self.blocking,
        }

    @classmethod
    def from_json(cls, data: dict) -> Finding:
        return cls(
            rule=data["rule"],
            term=data["term"],
            start=int(data["start"]),
            end=int(data["end"]),
            message=data["message"],
            suggestion=data.get("suggestion", ""),
            category=data.get("category", ""),
            approved_by=data.get("approved_by", ""),
        )
