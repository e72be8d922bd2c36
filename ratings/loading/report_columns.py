"""Tables a PDF viewer gives column by column: every cell of the first column on a line of its own, then
every cell of the next.

A ratings page so read is a run of lines each holding one standard's name (with or without its number; a
column of numbers alone, a domain's heading row and page furniture between are passed over), then a run of
lines each holding one rating. A key-question table is a run of lines each holding one key question, then
(perhaps after the value column's heading) a run of lines each holding one value. Only when the two runs
are as long as each other are they paired, in order; otherwise nothing of them is taken (the values are
then gaps, unless the report gives them elsewhere). Either way the words after the last name of such a run
are not read as its value, as a row's would be: that is the first value of the next column.

Linear: each line is classified once, by a dictionary of the rule set's texts.
"""

from __future__ import annotations

from typing import Callable

import attrs

from ..model.objects import RuleSet
from .publisher_words import PublisherWords
from .report_words import Found, Value, Words, phrase

#: A column is at least this many cells: one name followed by one rating is a row, not a column.
MIN_CELLS = 2
#: Lines passed over inside a column at most, in a row (page furniture, a domain's heading, numbers).
MAX_SKIPPED = 6
#: A line passed over as page furniture is at most this many words.
MAX_FURNITURE_WORDS = 24
#: A value alone on its line is at most this many words ("71", "%", "(", "24", "of", "34", ")": symbols apart).
MAX_VALUE_WORDS = 8


@attrs.frozen
class Columns:
    """What tables read column by column give: each standard's rating and each key question's value (with
    the word where its cell is), the overall rating from such a ratings page, and the word positions of the
    names and questions in such columns (not to be read as rows)."""

    ratings: dict[str, list[tuple[str, int]]]
    results: dict[tuple[str, str], list[tuple[Value, int]]]
    overall: list[tuple[str, int]]
    in_columns: frozenset[int]
    #: runs whose cells and values did not line up: (the keys of their cells, first word, cells, values)
    unpaired: tuple[tuple[tuple[str, ...], int, int, int], ...]


def read_columns(words: Words, rules: RuleSet, said: PublisherWords, rating_words: dict[tuple[str, ...], str],
                 owner: Callable[[int, list[tuple[str, str]]], tuple[str, str] | None],
                 skip_line: Callable[[tuple[str, ...], int], bool]) -> Columns:
    """The tables read column by column, under ``rules``, the page's own words (the overall rating's row, the
    value column's heading) from ``said``."""
    names: dict[tuple[str, ...], str] = {}
    for sid, s in rules.standards.items():
        names[phrase(s.name)] = sid
        if s.number:
            names[phrase(f"{s.number} {s.name}")] = sid
    skipped = {phrase(d.name) for d in rules.domains} | {phrase(f"{d.number} {d.name}") for d in rules.domains
                                                        if d.number}
    questions: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for sid, s in rules.standards.items():
        for q in s.key_questions:
            questions.setdefault(phrase(q.text), []).append((sid, q.id))
    out = Columns({}, {}, [], frozenset(), ())
    reader = _Reader(words, said, names, skipped, questions, rating_words, owner, skip_line)
    return reader.read(out)


class _Reader:
    def __init__(self, words: Words, said: PublisherWords, names: dict[tuple[str, ...], str],
                 skipped: set[tuple[str, ...]],
                 questions: dict[tuple[str, ...], list[tuple[str, str]]],
                 rating_words: dict[tuple[str, ...], str],
                 owner: Callable[[int, list[tuple[str, str]]], tuple[str, str] | None],
                 skip_line: Callable[[tuple[str, ...], int], bool]):
        self.words, self.names, self.skipped, self.questions = words, names, skipped, questions
        self.rating_words, self.owner, self.skip_line = rating_words, owner, skip_line
        self.overall_row = phrase(said.overall_row)
        self.value_heading = phrase(said.table_value_heading)
        self.lines = len(words.report.lines)

    def kind(self, n: int) -> tuple[str, object] | None:
        """What line n holds alone: ("name", sid), ("question", owners), ("rating", Found), ("value", Value),
        ("overall", None), ("number", None) for numbers alone, ("skip", None) for another line passed over; None
        for anything else."""
        span = self.words.line_span(n)
        if not span:
            return ("skip", None)
        text = tuple(self.words.text[span.start:span.stop])
        if text in self.names:
            return ("name", self.names[text])
        if text in self.questions:
            return ("question", self.questions[text])
        if text == self.overall_row:
            return ("overall", None)
        if text in self.rating_words:  # (a cell alone on its line: its words exactly, no broken word to join)
            return ("rating", Found(self.rating_words[text], span.stop))
        value = self.words.value_at(span.start) if len(text) <= MAX_VALUE_WORDS else None
        if value is not None and value.end == span.stop:
            return ("value", value)
        if all(w[0].isdigit() for w in text):  # a column of standards' numbers
            return ("number", None)
        if text in self.skipped or (len(text) <= MAX_FURNITURE_WORDS and self.skip_line(text, n)):
            return ("skip", None)
        return None

    def read(self, out: Columns) -> Columns:
        ratings: dict[str, list[tuple[str, int]]] = {}
        results: dict[tuple[str, str], list[tuple[Value, int]]] = {}
        overall: list[tuple[str, int]] = []
        in_columns: set[int] = set()
        unpaired: list[tuple[tuple[str, ...], int, int, int]] = []
        n = 0
        while n < self.lines:
            kind = self.kind(n)
            if kind is None or kind[0] not in ("name", "question", "overall"):
                n += 1
                continue
            cells, n = self.run(n, ("name", "question", "overall"))
            values, n = self.run(n, ("rating", "value"))
            named = [c for c in cells if c[0] != "overall"]
            if len(cells) < MIN_CELLS:
                continue
            in_columns.update(k for _, _, k in named)
            if len(values) != len(cells):
                unpaired.append((tuple(self.key(c) for c in named), cells[0][2], len(cells), len(values)))
                continue
            for (what, key, k), (_, found, at) in zip(cells, values):
                if what == "overall" and isinstance(found, Found):
                    overall.append((found.text, at))
                elif what == "name" and isinstance(found, Found):
                    ratings.setdefault(str(key), []).append((found.text, at))
                elif what == "question" and isinstance(found, Value) and isinstance(key, list):
                    owner = key[0] if len(key) == 1 else self.owner(k, key)
                    if owner is not None:
                        results.setdefault(owner, []).append((found, k))
        return attrs.evolve(out, ratings=ratings, results=results, overall=overall,
                            in_columns=frozenset(in_columns), unpaired=tuple(unpaired))

    def key(self, cell: tuple[str, object, int]) -> str:
        """The inspection file's key of a cell's value."""
        what, key, k = cell
        if what == "name":
            return f"published.ratings.{key}"
        owners = key if isinstance(key, list) else []
        owner = owners[0] if len(owners) == 1 else self.owner(k, owners)
        return f"cases.{owner[0]}.{owner[1]}" if owner else ""

    def run(self, n: int, kinds: tuple[str, ...]) -> tuple[list[tuple[str, object, int]], int]:
        """The cells of the kinds given from line n on (lines passed over between them), and the line after."""
        cells: list[tuple[str, object, int]] = []
        skipped = 0
        while n < self.lines and skipped <= MAX_SKIPPED:
            kind = self.kind(n)
            if kind is not None and kind[0] in kinds:
                cells.append((kind[0], kind[1], self.words.line_span(n).start))
                skipped = 0
            elif kind is not None and kind[0] == "number":
                pass  # a column of numbers, however long, is passed over
            elif kind is not None and kind[0] == "skip" or (cells and self._value_heading(n)):
                skipped += 1
            else:
                break
            n += 1
        return cells, n

    def _value_heading(self, n: int) -> bool:
        span = self.words.line_span(n)
        return bool(span) and self.words.match_at(span.start, self.value_heading) is not None
