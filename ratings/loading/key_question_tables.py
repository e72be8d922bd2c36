"""Key questions found by the structure of a report, where their exact words are not found.

A standard's key-question table is the rows under the table heading ("Key question | Percentage 'Yes'") in
the standard's section (after its number and name). Where some of a standard's key questions are not found
by their words (a rule set whose texts are paraphrases, a framework that reworded a question), the table's
rows not already taken are matched to them by the closest wording, one to one: the assignment of rows to
questions that is most alike in total. A question whose row another assignment nearly as alike would change
is ambiguous (a gap, never a guess); a row alike to no question is taken by none.

Nothing here knows a framework or a publisher: the questions come from the rule set, the table heading's words
from the publisher's words file (``publisher_words``). Bounded: at most MAX_QUESTIONS questions against
MAX_ROWS rows (a few tens of thousands of assignments) per table.
"""

from __future__ import annotations

import bisect
import difflib
import itertools

import attrs

from .publisher_words import PublisherWords
from .report_title import is_page_furniture
from .report_words import Match, Value, Words, phrase

#: How alike (difflib's ratio over words, 0 to 1) a row must be to a question to be taken for it.
MIN_SIMILARITY = 0.6
#: Assignments within this much of the most alike in total are as good: where they differ, it is ambiguous.
MARGIN = 0.1
MAX_QUESTIONS = 6
MAX_ROWS = 8
#: Tables read at most under one rule set (a report has a few tens).
MAX_TABLES = 60
#: A table's lines read at most, and a row's words at most (longer: a paragraph, the table is over).
MAX_TABLE_LINES = 24
MAX_ROW_WORDS = 45


@attrs.frozen
class Row:
    start: int  # the row's first word
    end: int  # the word after its text
    value: Value
    wording: str  # the report's own words, as printed


@attrs.frozen
class Matched:
    """Rows taken for questions (by id), and the questions that more than one row may be (with those rows)."""

    rows: dict[str, Row]
    ambiguous: dict[str, tuple[Row, ...]]


@attrs.frozen
class TableHeadings:
    """Where the report says "Key question" (a table's heading, perhaps), in order, with their first words."""

    found: list[Match]
    starts: list[int]
    said: PublisherWords  # the words they were found by


def table_headings(words: Words, said: PublisherWords) -> TableHeadings:
    found = words.find(phrase(said.table_heading))
    return TableHeadings(found, [m.start for m in found], said)


def table_rows(words: Words, headings: TableHeadings, after: int, before: int) -> list[list[Row]]:
    """The rows of each key-question table whose heading lies between words ``after`` and ``before``."""
    tables = []
    value_heading = phrase(headings.said.table_value_heading)
    for m in itertools.islice(headings.found, bisect.bisect_left(headings.starts, after), None):
        if m.start >= before:
            break
        line = words.line[m.start]
        rest = range(m.end, words.line_span(line).stop)
        if not rest:  # the heading's second cell on the next line with words (a table read column by column)
            rest = words.line_span(_next_line(words, line))
        if rest and any(words.match_at(k, value_heading) for k in rest):
            tables.append(_rows(words, words.line[rest.stop - 1] + 1, headings.said))
    return tables


def _next_line(words: Words, line: int) -> int:
    """The first line after ``line`` with words on it (blank lines skipped, a few at most)."""
    for n in range(line + 1, line + MAX_TABLE_LINES):
        if words.line_span(n):
            return n
    return line + 1


def _rows(words: Words, line: int, said: PublisherWords) -> list[Row]:
    """The rows from ``line`` on: text then value on a line ("Does ...? | 71%"), value then text, or text on
    one line (or two) and the value on the next line alone; the table ends at the first line that is none."""
    rows: list[Row] = []
    pending: range | None = None  # text of a row whose value has not come yet
    for n in range(line, line + MAX_TABLE_LINES):
        span = words.line_span(n)
        if not span or is_page_furniture(words.report.lines[n].text, said):  # a blank line, a page's header
            continue
        if len(span) > MAX_ROW_WORDS:
            break
        at_end = _value_ending(words, span)
        first = words.value_at(span.start)
        if at_end is not None and at_end.start > span.start:
            start = pending.start if pending is not None else span.start
            rows.append(_row(words, start, at_end.start, at_end))
            pending = None
        elif first is not None and first.end == span.stop and pending is not None:  # the value alone
            rows.append(_row(words, pending.start, pending.stop, first))
            pending = None
        elif first is not None and first.end < span.stop and pending is None:  # the value first
            rows.append(_row(words, first.end, span.stop, first))
        elif pending is None:
            pending = span
        elif len(pending) + len(span) <= MAX_ROW_WORDS and words.line[pending.stop - 1] + 1 == n:
            pending = range(pending.start, span.stop)  # a question wrapped over two lines
        else:
            break
        if len(rows) >= MAX_ROWS:
            break
    return rows


def _value_ending(words: Words, span: range) -> Value | None:
    """The value that ends a line: the first word from which a value runs to the line's end."""
    for k in range(max(span.start + 1, span.stop - 6), span.stop):
        value = words.value_at(k)
        if value is not None and value.end == span.stop:
            return value
    return None


def _row(words: Words, start: int, end: int, value: Value) -> Row:
    lines = range(words.line[start], words.line[max(start, end - 1)] + 1)
    wording = " ".join(" | ".join(c.strip() for c in words.report.lines[n].text.split("\t") if c.strip())
                       for n in lines)
    return Row(start, end, value, " ".join(wording.split()))


def match(words: Words, questions: dict[str, tuple[str, ...]], rows: list[Row]) -> Matched:
    """Rows matched to questions one to one by the closest wording (see the module's docstring)."""
    if not questions or not rows or len(questions) > MAX_QUESTIONS or len(rows) > MAX_ROWS:
        return Matched({}, {})
    ids = list(questions)
    alike = [[_similarity(questions[q], tuple(words.text[r.start:r.end])) for r in rows] for q in ids]
    options = list(range(len(rows))) + [-1] * max(0, len(ids) - len(rows))  # -1: no row
    scored: dict[tuple[int, ...], float] = {}
    for choice in itertools.permutations(options, len(ids)):
        total = sum(alike[i][r] for i, r in enumerate(choice) if r >= 0 and alike[i][r] >= MIN_SIMILARITY)
        scored.setdefault(choice, total)
    best = max(scored.values())
    near = [c for c, total in scored.items() if total >= best - MARGIN]
    taken: dict[str, Row] = {}
    ambiguous: dict[str, tuple[Row, ...]] = {}
    for i, q in enumerate(ids):
        chosen = {c[i] for c in near if c[i] >= 0 and alike[i][c[i]] >= MIN_SIMILARITY}
        if len(chosen) > 1 or (chosen and any(c[i] < 0 or alike[i][c[i]] < MIN_SIMILARITY for c in near)):
            ambiguous[q] = tuple(rows[r] for r in sorted(chosen))
        elif chosen:
            taken[q] = rows[chosen.pop()]
    return Matched(taken, ambiguous)


def _similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
