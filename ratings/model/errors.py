"""The one exception family: every problem with an input or a rule set is a :class:`RatingsError`.

A :class:`Problem` says where (file, line, dotted key path) and what; a :class:`RatingsError` carries one
or more of them, so a file with several mistakes is reported in full at once.
"""

from __future__ import annotations

import re
from typing import overload

import attrs

#: control characters, line separators and the bidirectional controls that would reorder what a reader sees
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@overload
def one_line(text: str) -> str: ...
@overload
def one_line(text: None) -> None: ...
def one_line(text: str | None) -> str | None:
    """Text safe for a one-line message: control characters (newlines too) shown as escapes."""
    if text is None:
        return None
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1] if m.group() != "\n" else "\\n", text)


@attrs.frozen
class Problem:
    """One thing wrong with one place in a file. Messages and keys are kept to one line."""

    message: str = attrs.field(converter=one_line)
    file: str | None = attrs.field(default=None, converter=one_line)
    line: int | None = None
    key: str | None = attrs.field(default=None, converter=one_line)

    def location(self) -> str:
        """``FILE:LINE`` (or just ``FILE``), the prefix of every error line."""
        if self.file is None:
            return ""
        return f"{self.file}:{self.line}" if self.line is not None else self.file

    def __str__(self) -> str:
        where = self.location()
        what = f"{self.key}: {self.message}" if self.key else self.message
        return f"{where}: {what}" if where else what


class RatingsError(Exception):
    """Raised for any invalid inspection, rule set or request.

    ``file``, ``line``, ``key`` and ``message`` describe the first problem; ``problems`` holds them all,
    in file order.
    """

    def __init__(self, problems: Problem | str | list[Problem] | tuple[Problem, ...]):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("a RatingsError needs at least one problem")
        first = self.problems[0]
        self.file = first.file
        self.line = first.line
        self.key = first.key
        self.message = first.message
        super().__init__("\n".join(str(p) for p in self.problems))


class InspectionError(RatingsError):
    """An inspection file (or mapping) is not valid under its rule set."""


class RuleSetError(RatingsError):
    """A rule-set file is not valid, or no rule set matches a request."""


#: Problems reported for one file at most; past this, only a count (a broken file is not worth more).
MAX_PROBLEMS = 50


class Problems:
    """Collects problems while a file is read, so that all of them can be reported together."""

    def __init__(self, file: str | None):
        self.file = file
        self.items: list[Problem] = []
        self.dropped = 0

    @property
    def full(self) -> bool:
        """True once enough problems are known: callers may skip costly extras such as suggestions."""
        return len(self.items) >= MAX_PROBLEMS

    def add(self, message: str, line: int | None = None, key: str | None = None) -> None:
        if self.full:
            self.dropped += 1
            return
        self.items.append(Problem(message, self.file, line, key))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self, kind: type[RatingsError] = RatingsError) -> None:
        if self.items:
            ordered = sorted(self.items, key=lambda p: (p.line is None, p.line or 0))
            if self.dropped:
                ordered.append(Problem(f"... and {self.dropped} more problems", self.file))
            raise kind(ordered)
