"""The words of a report, normalised so that a rule set's own texts can be found in it.

The report and the rule set's texts (key questions, standards' names and statements, rating names) go through
the same normalisation, so a text matches however the report prints it: in any case; across spaces, line
breaks and table cells; whatever its punctuation, quotes and dashes; with footnote marks (superscripts, and a
number glued to the word before it, as a PDF gives "rating1"); with ligatures and other compatibility
characters (Unicode NFKC); and with a word broken at a line end or a cell boundary ("implemen-" then "tation",
or a clipped copy's "Ove" then "erall"). "per cent" and "percent" are read as "%".

Nothing here knows a framework: what to look for comes from the rule set (``loading/extract.py``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
from array import array
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import overload

import attrs

from ..reading.report_text import ReportText
from ..reading.yaml_file import MAX_NUMBER_DIGITS

#: Footnote marks printed as superscripts or symbols, and soft hyphens: dropped before anything else.
_MARKS = dict.fromkeys(map(ord, "⁰¹²³⁴⁵⁶⁷⁸⁹†‡\u00ad"), None)  # (and soft hyphens: "implemen\u00adtation")
#: Between the two pieces of a word a PDF broke with a hyphen then a space on one line ("implemen- tation").
_BROKEN_GAP = re.compile(r"-[ \t]+")
_PER_CENT = re.compile(r"(?<![^\W\d_])per\s*cent(?![^\W\d_])", re.I)
_TOKEN = re.compile(r"(?P<word>[^\W\d_]+)|(?P<number>\d+(?:[.,]\d+)*)|(?P<symbol>[%/])")
#: Between a word and a number glued to it, what a footnote mark may follow ("safe?1", "rating1").
_GLUE = re.compile(r"[?!.,;:)\]'\"’”]*")
_MONTHS = {name: n for n, name in enumerate(("january", "february", "march", "april", "may", "june", "july",
                                              "august", "september", "october", "november", "december"), 1)}
_ORDINAL = frozenset(("st", "nd", "rd", "th"))
#: What ends a sentence, between two words.
_SENTENCE_END = re.compile(r"[.!?]")
#: How far before a key question's text its value may be, in words (the value, "%", and a few words between).
VALUE_FIRST_REACH = 6


def normalise(text: str) -> str:
    return _PER_CENT.sub("%", unicodedata.normalize("NFKC", text.translate(_MARKS)).lower())


def phrase(text: str) -> tuple[str, ...]:
    """A rule set's text as the words (and numbers) it is matched by; punctuation and "%" are left out."""
    return tuple(m.group() for m in _TOKEN.finditer(normalise(text)) if m.lastgroup != "symbol")


#: a percent sign after a number, spaces between: "12 %"
_PERCENT_NEXT = re.compile(r"\s*%")


@attrs.frozen
class Value:
    """A key question's result as a report prints it: a percentage (as written), counts, or both."""

    percent: Decimal | None
    yes: int | None
    of: int | None
    start: int
    end: int  # the word after it


@attrs.frozen
class Found:
    """Something read at a word: what it stands for (a rating's name, a date), and the word after it."""

    text: str
    end: int


@attrs.frozen
class Match:
    """Where a phrase was found: its first word and the word after it; ``inner`` is a value printed inside
    it (a table whose value cell sits beside the first line of a question wrapped over two)."""

    start: int
    end: int
    inner: Value | None = None


class Words:
    """A report's words in order, each knowing its line, with an index from each word to where it occurs.

    Kept compactly, so that a report's words take a few times its size in memory, not tens of times (as a
    list of strings, one per occurrence, and a list of places per word did): each distinct word is one string
    with a number, the words are their numbers in an array of machine integers, where each occurs is one array
    grouped by word, each word's line is found from where each line starts, and the flags are bytes. ``text``
    and ``line`` read them as sequences."""

    def __init__(self, report: ReportText):
        self.report = report
        self._ids = array("i")  # each word, as its number
        self._spelling: list[str] = []  # each number's word
        self._number: dict[str, int] = {}  # each word's number
        self.text = _Spelled(self._ids, self._spelling)
        self.broken = bytearray()  # (1:) the word follows a line end or a cell boundary (a tab)
        self.stop = bytearray()  # (1:) the word starts a sentence (a full stop, "!" or "?" before it)
        self._stopped = True  # the text so far ends a sentence
        self._line_start = array("i")  # each line's first word (the next line's, for a line with none)
        for n in range(len(report.lines)):
            self._line_start.append(len(self._ids))
            self._read_line(report.lines.text(n))
        self._line_start.append(len(self._ids))
        self.line = _LineOf(self._line_start, len(self._ids))
        self._places, self._first = self._index()

    def _id(self, word: str) -> int:
        number = self._number.get(word)
        if number is None:
            number = self._number[word] = len(self._spelling)
            self._spelling.append(word)
        return number

    def _index(self) -> tuple[array[int], array[int]]:
        """Where each word occurs, and each word two pieces broken at a line end may spell (at the first piece):
        every place, grouped by word (the word numbered i at ``places[first[i]:first[i + 1]]``), in increasing
        order within each. Made by counting, in a few passes over arrays, with no list of the places."""
        ids, broken = self._ids, self.broken
        joined_at, joined_ids = array("i"), array("i")  # (in increasing order of place)
        k = broken.find(1, 1)
        while k > 0:
            for joined in _joined(self._spelling[ids[k - 1]], self._spelling[ids[k]]):
                joined_at.append(k - 1)
                joined_ids.append(self._id(joined))
            k = broken.find(1, k + 1)
        first = array("i", (0,)) * (len(self._spelling) + 1)
        for i in ids:
            first[i + 1] += 1
        for i in joined_ids:
            first[i + 1] += 1
        for i in range(1, len(first)):
            first[i] += first[i - 1]
        places, free = array("i", (0,)) * first[-1], array("i", first)
        j = 0
        for k, i in enumerate(ids):
            places[free[i]] = k
            free[i] += 1
            while j < len(joined_at) and joined_at[j] == k:
                places[free[joined_ids[j]]] = k
                free[joined_ids[j]] += 1
                j += 1
        return places, first

    def places(self, word: str) -> Sequence[int]:
        """Where ``word`` occurs (or two pieces broken at a line end spell it, at the first), in order."""
        i = self._number.get(word)
        return () if i is None else self._places[self._first[i]:self._first[i + 1]]

    def _read_line(self, text: str) -> None:
        text = normalise(text)
        previous_end = None
        for m in _TOKEN.finditer(text):
            gap = text[previous_end:m.start()] if previous_end is not None else None
            self._stopped = self._stopped or _SENTENCE_END.search(text, previous_end or 0, m.start()) is not None
            previous_end = m.end()
            if m.lastgroup == "number" and gap is not None and self._footnote(m, gap, text):
                continue
            self._ids.append(self._id(m.group()))
            self.broken.append(gap is None or "\t" in gap or _BROKEN_GAP.fullmatch(gap) is not None)
            self.stop.append(self._stopped)
            self._stopped = False
        self._stopped = self._stopped or _SENTENCE_END.search(text, previous_end or 0) is not None

    def _footnote(self, m: re.Match[str], gap: str, text: str) -> bool:
        """A number of one or two digits glued to the word before it, and not a percentage: a footnote mark. Not
        after a single letter: "V1" (a standard's number, as a rule set may give one) is a code, not the letter V
        with a footnote."""
        return (len(m.group()) <= 2 and m.group().isdigit() and _GLUE.fullmatch(gap) is not None
                and bool(self.text) and self.text[-1][0].isalpha() and len(self.text[-1]) > 1
                and not _PERCENT_NEXT.match(text, m.end()))  # matched in place: no copy of the rest of the line

    def sentence(self, k: int, reach: int) -> tuple[int, int]:
        """The words of the sentence the k-th word is in, at most ``reach`` words either side of it."""
        start = k
        while start > 0 and k - start < reach and not self.stop[start]:
            start -= 1
        end = k + 1
        while end < len(self.text) and end - k < reach and not self.stop[end]:
            end += 1
        return start, end

    def line_span(self, n: int) -> range:
        """The words of the n-th line of the report (none past its end)."""
        if not 0 <= n < len(self._line_start) - 1:
            return range(0)
        return range(self._line_start[n], self._line_start[n + 1])

    def ends_with(self, k: int, words: tuple[str, ...]) -> bool:
        """Whether the words just before the k-th are ``words``."""
        return k >= len(words) and tuple(self.text[k - len(words):k]) == words

    def place(self, k: int) -> str:
        """Where the k-th word is in the file: "line 315", "page 4"."""
        return self.report.lines[self.line[min(k, len(self.line) - 1)]].place

    # ------------------------------------------------------------------------------------------- matching

    def width(self, k: int, word: str) -> int:
        """How many of the report's words from k spell ``word``: 1, 2 (a word broken in two), or 0."""
        text = self.text
        if k >= len(text):
            return 0
        if text[k] == word:
            return 1
        if k + 1 < len(text) and self.broken[k + 1] and word in _joined(text[k], text[k + 1]):
            return 2
        return 0

    def match_at(self, k: int, words: tuple[str, ...], inner_value: bool = False) -> Match | None:
        start, inner = k, None
        for word in words:
            n = self.width(k, word)
            if not n and inner_value and inner is None:
                inner = self.value_at(k)
                if inner is not None:
                    k = inner.end
                    n = self.width(k, word)
            if not n:
                return None
            k += n
        return Match(start, k, inner)

    def find(self, words: tuple[str, ...], inner_value: bool = False) -> list[Match]:
        """Every place the phrase occurs, in order."""
        if not words:
            return []
        found = (self.match_at(k, words, inner_value) for k in self.places(words[0]))
        return [m for m in found if m is not None]

    def any_at(self, k: int, phrases: dict[tuple[str, ...], str]) -> Found | None:
        """The longest of ``phrases`` at k, as what it stands for."""
        best = None
        for words, meaning in phrases.items():
            m = self.match_at(k, words)
            if m is not None and (best is None or m.end > best.end):
                best = Found(meaning, m.end)
        return best

    # --------------------------------------------------------------------------------------------- values

    def number(self, k: int) -> str | None:
        """The number written at k, as its text; None when there is none, or when it is longer than any number
        a file may hold (a report's 5,000-digit "count" is no count: every reader of it takes it as text)."""
        if k >= len(self.text) or not self.text[k][0].isdigit() or len(self.text[k]) > MAX_NUMBER_DIGITS:
            return None
        return self.text[k]

    def value_at(self, k: int) -> Value | None:
        """A key question's result at k: ``71%``, ``24/34``, ``24 of 34``, or a percentage with counts beside
        it (``71% (24 of 34)``, ``24/34 (71%)``)."""
        percent = self._percent_at(k)
        if percent is not None:
            counts = self._counts_at(k + 2)
            if counts is None:
                return Value(percent, None, None, k, k + 2)
            return Value(percent, counts[0], counts[1], k, counts[2])
        counts = self._counts_at(k)
        if counts is None:
            return None
        after = self._percent_at(counts[2])
        return Value(after, counts[0], counts[1], k, counts[2] + 2 if after is not None else counts[2])

    def value_beside(self, m: Match) -> Value | None:
        """The value of a table row whose text is ``m``: right after it on the line where it ends; else just
        before it on the line where it starts (a layout with the value first: at most a few words, such as a
        key question's id, between); else alone on the next line with words (cells read one after another).
        Never the next row's value: a value that starts a line with more on it belongs to that line."""
        end_line = self.line[m.end - 1]
        if m.end < len(self.text) and self.line[m.end] == end_line:
            return self.value_at(m.end)
        for k in range(m.start - 1, max(m.start - 1 - VALUE_FIRST_REACH, -1), -1):
            if self.line[k] != self.line[m.start]:
                break
            before = self.value_at(k)
            if before is not None and before.end <= m.start:
                return before
        if m.end < len(self.text):
            alone = self.value_at(m.end)
            if alone is not None and (alone.end == len(self.text) or self.line[alone.end] != self.line[m.end]):
                return alone
        return None

    def _percent_at(self, k: int) -> Decimal | None:
        number = self.number(k)
        if number is None or k + 1 >= len(self.text) or self.text[k + 1] != "%" or "," in number:
            return None
        try:
            value = Decimal(number)
        except InvalidOperation:
            return None
        return value if 0 <= value <= 100 and number.count(".") <= 1 else None

    def _counts_at(self, k: int) -> tuple[int, int, int] | None:
        yes = self.number(k)
        if yes is None or not yes.isdigit() or k + 1 >= len(self.text):
            return None
        between = 1 if self.text[k + 1] in ("/", "of") else (
            2 if self.text[k + 1: k + 3] == ["out", "of"] else 0)
        of = self.number(k + 1 + between) if between else None
        if of is None or not of.isdigit() or not 0 <= int(yes) <= int(of) or int(of) < 1:
            return None
        return int(yes), int(of), k + 2 + between

    def date_at(self, k: int) -> Found | None:
        """A date at k, as ``YYYY-MM-DD`` ("20 March 2023", "20th March 2023", and the first day of "20-24
        March 2023" or "20 to 24 March 2023") or ``YYYY-MM`` ("March 2023"), with the word after it."""
        day = self._day_at(k)
        if day is not None:
            k = day.end
            if k < len(self.text) and self.text[k] in ("to", "and"):
                k += 1
            last = self._day_at(k)  # the end of a range
            k = last.end if last is not None else k
        month = _MONTHS.get(self.text[k]) if k < len(self.text) else None
        year = self.number(k + 1) if month else None
        if month is None or year is None or not (year.isdigit() and len(year) == 4):
            return None
        if day is None:
            return Found(f"{year}-{month:02d}", k + 2)
        try:
            return Found(dt.date(int(year), month, int(day.text)).isoformat(), k + 2)
        except ValueError:  # "31 February": not a date
            return None

    def _day_at(self, k: int) -> Found | None:
        """A day of the month at k ("20", "20th")."""
        number = self.number(k)
        if number is None or not number.isdigit() or len(number) > 2:
            return None
        k += 1
        return Found(number, k + 1 if k < len(self.text) and self.text[k] in _ORDINAL else k)


class _Spelled(Sequence[str]):
    """The report's words, read from their numbers."""

    def __init__(self, ids: array[int], spelling: list[str]):
        self._ids, self._spelling = ids, spelling

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, k: int) -> str: ...
    @overload
    def __getitem__(self, k: slice) -> list[str]: ...

    def __getitem__(self, k: int | slice) -> str | list[str]:
        if isinstance(k, slice):
            return [self._spelling[i] for i in self._ids[k]]
        return self._spelling[self._ids[k]]


class _LineOf(Sequence[int]):
    """The line each word is on, read from where each line starts (the last line starting at or before it:
    a line with no words starts where the next does)."""

    def __init__(self, line_start: array[int], words: int):
        self._line_start, self._words = line_start, words

    def __len__(self) -> int:
        return self._words

    @overload
    def __getitem__(self, k: int) -> int: ...
    @overload
    def __getitem__(self, k: slice) -> list[int]: ...

    def __getitem__(self, k: int | slice) -> int | list[int]:
        if isinstance(k, slice):
            return [self[j] for j in range(*k.indices(self._words))]
        if not -self._words <= k < self._words:
            raise IndexError(k)
        return bisect.bisect_right(self._line_start, k % self._words) - 1


def _joined(a: str, b: str) -> tuple[str, ...]:
    """The words two pieces of a broken word may spell: "implemen" + "tation", or, where a clipped copy
    repeats the letter at the break, "ove" + "erall" for "overall". Only letters, two or more on each side."""
    if len(a) < 2 or len(b) < 2 or not (a.isalpha() and b.isalpha()):
        return ()
    return (a + b, a + b[1:]) if a[-1] == b[0] else (a + b,)
