"""The result types: what `clean()` returns, and the JSON contract (v1) they serialise to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CONTRACT_VERSION = 1
# What a list of links to other articles is: related to this one, more from the same section or
# author, the most read, the latest, or recommended (editors' picks, 'you may also like').
RELATED_KINDS = ("related", "more-from", "most-read", "latest", "recommended")


@dataclass(frozen=True)
class Removal:
    """One piece of input text that did not make it into the body, and why.

    `rule` is the id of the rule (or pipeline stage) that removed it, `family` the chrome family,
    `text` the removed text exactly as it stood in the input, `line` its 1-based line in the input
    and `col` the 1-based column where it starts (1 for a whole line).
    """

    rule: str
    family: str
    text: str
    line: int
    col: int = 1

    def __init__(self, rule: str, family: str, text: str, line: int, col: int = 1) -> None:
        # The __init__ @dataclass(frozen=True) writes sets each field through
        # object.__setattr__ (five calls, about 0.7 us a removal; a page builds one or more for
        # every line it removes). This one fills the instance's dict at once: the same fields,
        # the same values, in the same order; frozenness (__setattr__/__delattr__), equality,
        # hash, repr, replace() and asdict() are the dataclass's own. (tests/test_model_speed.py
        # holds it to the generated one.)
        self.__dict__.update(rule=rule, family=family, text=text, line=line, col=col)

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "family": self.family, "text": self.text, "line": self.line,
                "col": self.col}


# (as @dataclass annotates the __init__ it writes: the return type None itself, not the string
# `from __future__ import annotations` makes of it, so that inspect.signature reads the same)
Removal.__init__.__annotations__["return"] = None


@dataclass(frozen=True)
class Related:
    """One article of a list of links to other articles (related, more from, most read, latest,
    recommended). `kind` is one of `RELATED_KINDS`; `block` the list's heading as the page shows
    it (None when the list has none). Missing fields are None."""

    title: str
    source: str | None = None
    url: str | None = None
    age: str | None = None
    published: str | None = None
    summary: str | None = None
    kind: str = "related"
    block: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "source": self.source, "url": self.url, "age": self.age,
                "published": self.published, "summary": self.summary, "kind": self.kind,
                "block": self.block}


@dataclass(frozen=True)
class Comment:
    """One reader comment of the page's comment thread (not part of the body). Missing fields are None.

    `age` is the comment's time as the page shows it when it is relative ('2 hours ago'),
    `published` its ISO date (stated, or computed from the age and `now`).
    """

    author: str
    age: str | None = None
    published: str | None = None
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"author": self.author, "age": self.age, "published": self.published, "text": self.text}


@dataclass(frozen=True)
class Result:
    """The outcome of cleaning one page.

    `body` is `paragraphs` joined by one blank line. `text` renders title and body the way
    `--format text` prints them; cleaning `text` again gives the same title and body.
    """

    title: str | None
    byline: str | None
    paragraphs: tuple[str, ...]
    related: tuple[Related, ...] = ()
    removed: tuple[Removal, ...] = ()
    published: str | None = None
    kind: str = "text"
    comments: tuple[Comment, ...] = ()

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def text(self) -> str:
        parts = [self.title] if self.title else []
        parts.extend(self.paragraphs)
        return "\n\n".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract v1 (documented in README.md)."""
        return {
            "title": self.title,
            "byline": self.byline,
            "published": self.published,
            "body": self.body,
            "related": [r.to_dict() for r in self.related],
            "removed": [r.to_dict() for r in self.removed],
            "comments": [c.to_dict() for c in self.comments],
        }
