"""Typed reading of YAML nodes with precise, collected errors (shared by the rule-set and inspection loaders).

Every method takes the node, its dotted key path and reports a problem (with the node's line, the path and,
where one exists, a suggestion) instead of raising, returning ``None`` so the caller can carry on and find
the next problem too.
"""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction
from typing import Callable, Iterable, TypeVar

from ..model.errors import Problems
from ..model.words import fmt
from ..reading.yaml_file import Format, Node, describe, short, what_kind, whole_number

#: The ends of a range read by :meth:`Reader.between`: whole numbers, or exact ones
End = TypeVar("End", int, Fraction)

_ID = re.compile(r"^[a-z][a-z0-9_]*(?:-[a-z0-9_]+)*$")
_FRACTION_TEXT = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
_PERCENT_TEXT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


#: The one message for a number beyond the bound on numbers (yaml_file.MAX_NUMBER_DIGITS), from a file or a mapping.
TOO_LARGE = "far too large or too precise a number to use here"


def special_hint(node: Node) -> str:
    """Why an infinite, NaN or enormous number cannot be used."""
    if node.value != node.value:
        return "NaN is not a number that can be used here"
    if "inf" in node.text.lower():
        return "infinity is not a number that can be used here"
    return TOO_LARGE


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def fold(name: str) -> str:
    """A name as names are matched: ignoring ASCII case only. Unicode case folding would take 'Outſtanding'
    (a long s) or a Kelvin sign for 'Outstanding' and 'unknown': look-alikes are not the name."""
    return name.translate(_ASCII_LOWER)


def clip(text: str, limit: int = 60) -> str:
    """Text as shown in a message: long text is cut short, with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def edit_distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) turning ``a`` into ``b``."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1]


#: Letter comparisons one suggestion may cost (~0.05 s): past it, no suggestion, so that a mistyped name
#: among thousands of long ids never makes a check slow.
SUGGESTION_WORK = 100_000


def _affordable(key: str, choices: Iterable[str]) -> bool:
    return len(key) * sum(min(len(c), 220) for c in choices) <= SUGGESTION_WORK


def suggestion(word: str, choices: Iterable[str]) -> str | None:
    """The closest choice to a mistyped word, case-insensitively, or None: the fewest edits (a typo, a swapped
    pair of letters) first, then the most similar spelling."""
    folded = {c.casefold(): c for c in choices}
    key = word.casefold()
    if key in folded:
        return folded[key]
    most = max(2, len(key) // 3)
    near = [c for c in folded if abs(len(c[:220]) - len(key)) <= most]  # others are more edits away
    if len(key) <= 200 and near and _affordable(key, near):
        best = min(near, key=lambda c: (edit_distance(key, c[:220]), c))
        if edit_distance(key, best[:220]) <= most:
            return folded[best]
    import difflib  # only when a key is not understood: not on the way of every rating

    close = difflib.get_close_matches(key, list(folded), n=1, cutoff=0.6) if _affordable(key, folded) else []
    if close:
        return folded[close[0]]
    starting = [c for c in folded if len(key) >= 3 and (c.startswith(key) or key.startswith(c))]
    return folded[starting[0]] if len(starting) == 1 else None


def one_of(choices: Iterable[str]) -> str:
    items = [f"'{c}'" for c in choices]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


def all_of(choices: Iterable[str]) -> str:
    items = [f"'{c}'" for c in choices]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


class Reader:
    """Reads values out of nodes into plain Python, reporting problems to ``problems``."""

    def __init__(self, problems: Problems):
        self.problems = problems

    def problem(self, message: str, node: Node | None, path: str, line: int | None = None) -> None:
        self.problems.add(message, line if line is not None else (node.line if node is not None else None),
                          path or None)

    # ---------------------------------------------------------------------------------- structure

    def mapping(self, node: Node, path: str, required: Iterable[str] = (), optional: Iterable[str] = (),
                line: int | None = None, what: str = "a mapping") -> dict[str, Node] | None:
        """The node's entries, after checking it is a mapping with only known keys and all required ones.

        ``line`` is where to report a missing key (the line of the key that introduced this node).
        """
        if node.kind != "map":
            self.problem(f"expected {what}, found {describe(node)}", node, path)
            return None
        required = list(required)
        allowed = required + list(optional)
        suggested = set()
        absent = [a for a in allowed if a not in node.value]
        for key in node.value:
            if key not in allowed:
                suggested.add(self.unknown_key(node, path, key, allowed, candidates=absent))
        for key in required:
            if key not in node.value and key not in suggested:
                self.problem(f"missing key '{key}'", node, path, line)
        entries: dict[str, Node] = node.value  # a map node's value
        return entries

    def document(self, root: Node, form: Format, required: Iterable[str] = ()) -> dict[str, Node] | None:
        """The top level of a file of the format ``form``, checked as :meth:`mapping` checks a mapping; a file
        that is not recognisably of the format (see :class:`Format`) gets one problem that quotes nothing of it."""
        mistaken = form.mistaken_for(root)
        if mistaken is not None:
            self.problem(mistaken, root, "")
            return None
        if not form.recognises(root):
            self.problem(form.refusal(what_kind(root)), root, "")
            return None
        required = list(required)
        return self.mapping(root, "", required, [k for k in form.keys if k not in required], line=1)

    def unknown_key(self, node: Node, path: str, key: str, allowed: list[str], noun: str = "key",
                    context: str = "", candidates: list[str] | None = None) -> str | None:
        """Report an unknown key, suggesting the nearest of ``candidates`` (default: ``allowed``); the
        suggestion is returned, so that it is not also reported as missing."""
        near = None if self.problems.full else suggestion(key, allowed if candidates is None else candidates)
        if near:
            hint = f"; did you mean '{near}'?"
        elif context:
            hint = f"; {context}"
        else:
            hint = f"; the keys allowed here are {all_of(allowed)}" if len(allowed) <= 12 else ""
        self.problems.add(f"unknown {noun} '{clip(key)}'{hint}", self.key_line(node, key), join(path, clip(key)))
        return near

    @staticmethod
    def key_line(node: Node, key: str) -> int | None:
        if node.keys and node.keys.get(key) is not None:
            return node.keys[key]
        child = node.value.get(key) if node.kind == "map" else None
        return child.line if child is not None else node.line

    def sequence(self, node: Node, path: str, allow_empty: bool = False) -> list[Node] | None:
        if node.kind != "seq":
            self.problem(f"expected a list, found {describe(node)}", node, path)
            return None
        if not node.value and not allow_empty:
            self.problem("the list is empty", node, path)
            return None
        items: list[Node] = node.value  # a seq node's value
        return items

    # ------------------------------------------------------------------------------------- scalars

    def text(self, node: Node, path: str, allow_empty: bool = False) -> str | None:
        if node.kind != "str":
            self.problem(f"expected text, found {describe(node)}", node, path)
            return None
        value: str = node.value.strip()
        if not value and not allow_empty:
            self.problem("must not be empty", node, path)
            return None
        return value

    def identifier(self, node: Node, path: str) -> str | None:
        value = self.text(node, path)
        if value is not None and not _ID.match(value):
            self.problem(f"'{clip(value)}' is not a valid id: use lower-case letters, digits, '_' and '-', "
                         "starting with a letter", node, path)
            return None
        return value

    def boolean(self, node: Node, path: str) -> bool | None:
        if node.kind != "bool":
            self.problem(f"expected true or false, found {describe(node)}", node, path)
            return None
        value: bool = node.value  # a bool node's value
        return value

    def integer(self, node: Node, path: str, minimum: int | None = None) -> int | None:
        if node.kind != "int":
            self.problem(f"expected a whole number, found {describe(node)}", node, path)
            return None
        value: int = node.value  # an int node's value
        if minimum is not None and value < minimum:
            self.problem(f"{value} is below the minimum of {minimum}", node, path)
            return None
        return value

    def number(self, node: Node, path: str, what: str = "a number") -> Fraction | None:
        """An exact number: an int, a decimal, or text like ``1/2``."""
        if node.kind in ("int", "number"):
            return Fraction(node.value)
        m = _FRACTION_TEXT.match(node.value) if node.kind == "str" else None
        if m:
            num, den = whole_number(m.group(1)), whole_number(m.group(2))
            if num is None or den is None:
                self.problem(f"expected {what}, found {describe(node)} ({TOO_LARGE})", node, path)
                return None
            if den != 0:
                return Fraction(num, den)
        if node.kind == "special":
            self.problem(f"expected {what}, found {short(node.text or str(node.value))} ({special_hint(node)})",
                         node, path)
            return None
        self.problem(f"expected {what}, found {describe(node)}", node, path)
        return None

    def date(self, node: Node, path: str, month_end: bool = False) -> dt.date | None:
        """A date ``YYYY-MM-DD`` or a month ``YYYY-MM`` (its first day, or its last with ``month_end``)."""
        text: str | None = node.value if node.kind == "str" else None
        m = _DATE.match(text.strip()) if text is not None else None
        if text is None or m is None:
            self.problem(f"expected a date like 2023-03-20 or a month like 2023-03, found {describe(node)}",
                         node, path)
            return None
        year, month = int(m.group(1)), int(m.group(2))
        try:
            if m.group(3) is not None:
                return dt.date(year, month, int(m.group(3)))
            if month_end:
                following = dt.date(year + (month == 12), month % 12 + 1, 1)
                return following - dt.timedelta(days=1)
            return dt.date(year, month, 1)
        except ValueError as exc:
            self.problem(f"'{clip(text)}' is not a real date ({exc})", node, path)
            return None

    def between(self, node: Node, path: str, read_end: Callable[[Node, str], End | None],
                what: str) -> tuple[End, End] | None:
        """``{between: [LOW, HIGH]}``: a value known only to lie from LOW to HIGH, both included, each end read by
        ``read_end(node, path)`` (which reports its own problems); ``what`` names the values in messages."""
        f = self.mapping(node, path, required=("between",), what=f"{{between: [LOW, HIGH]}} ({what})")
        if f is None or "between" not in f:
            return None
        p = join(path, "between")
        ends = f["between"]
        if ends.kind != "seq" or len(ends.value) != 2:
            self.problem(f"expected two {what}, [LOW, HIGH], found {describe(ends)}"
                         + (f" of {len(ends.value)}" if ends.kind == "seq" else ""), ends, p)
            return None
        low, high = (read_end(end, join(p, i)) for i, end in enumerate(ends.value))
        if low is None or high is None:
            return None
        if low > high:
            self.problem(f"the range is empty: {fmt(Fraction(low))} is above {fmt(Fraction(high))}; write the lower "
                         "end first", ends, p)
            return None
        return low, high

    def choice(self, node: Node, path: str, choices: Iterable[str], what: str) -> str | None:
        """One of ``choices``, matched ignoring ASCII case (:func:`fold`) and extra spaces; near misses get a
        suggestion."""
        choices = list(choices)
        if node.kind != "str":
            self.problem(f"expected {what} ({one_of(choices)}), found {describe(node)}", node, path)
            return None
        given = " ".join(node.value.split())
        for c in choices:
            if fold(c) == fold(given):
                return c
        near = suggestion(given, choices)
        hint = f"did you mean '{near}'? " if near else ""
        self.problem(f"unknown {what} '{clip(node.value)}'; {hint}expected {one_of(choices)}", node, path)
        return None
