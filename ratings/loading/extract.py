"""Extracting an inspection file from an inspection report (``ratings extract``).

The report is read as lines (``reading/report_text.py``: plain text, HTML or PDF) and as normalised words
(``loading/report_words.py``). What is looked for comes from the rule set, so a new framework's reports
extract with no change here:

- each key question's result: its text (``key_questions``) followed by a percentage (or counts), or with the
  percentage inside it where a table's value cell sits beside the first line of a question wrapped over two.
  A text shared by several standards is given to the standard whose heading (number and name) comes last
  before it;
- each standard's published rating: its number and name (or, in a section whose heading is missing, its
  ``statement``), then optionally its statement, then a rating of the rule set's scale.

What every report of the publisher says in the same words, whatever its framework, is looked for in those
words, which are data: the publisher's words file beside the rule sets (``rules/reports/``, read by
``publisher_words.py``). So are the overall rating (on the ratings page or in the foreword's prose), the
score, the fieldwork date, the number of cases inspected, and the service's name (``report_title.py``) found.
The rule sets considered are those whose ``publisher`` the words file is for.

A report is read for whatever it gives: a text recognisably the publisher's report (a title, the
inspectorate's name on a line of its own, an overall rating, a fieldwork date, or any rating or key-question
result of a rule set) is read, and what it lacks is a gap. Only a text with none of these is refused.

Nothing is guessed. A value not found, or found more than once with different values, is a :class:`Gap`: the
file says ``unknown`` (or leaves the key out where the format makes it optional) and lists the gap in a
comment. Without a named rule set, the report is read under every bundled rule set in force on its fieldwork
date (every one, without a date) and the one under which most ratings and key-question results are found is
chosen; a tie is an error, never a guess.
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
from collections import Counter
from decimal import Decimal
from typing import Any, Callable

import attrs

from ..engine.evaluate import evaluate
from ..model.errors import Problem, RatingsError
from ..model.objects import RuleSet, Standard
from ..model.limits import DEFAULT_MAX_SECONDS, Deadline
from ..reading.reader import one_of
from ..reading.report_text import ReportText, read_report
from ..reading.yaml_file import from_python
from .extract_yaml import extraction_yaml
from .inspection import build_inspection
from .registry import bundled_ids, bundled_rule_sets, load_rules, looks_like_path
from .publisher_words import PublisherWords, publisher_words
from .key_question_tables import MAX_TABLES, Matched, Row, match, table_headings, table_rows
from .report_columns import Columns, read_columns
from .report_title import Title, furniture_words, imprint_lines, read_title
from .report_words import Found, Match, Value, Words, phrase

FIELDWORK_REACH = 25


@attrs.frozen
class Gap:
    """A value the report did not give once: not found, or found with different values."""

    key: str  # the dotted key in the inspection file, e.g. cases.assessment.keeping_safe
    message: str

    def __str__(self) -> str:
        return f"{self.key}: {self.message}"


@attrs.frozen
class Extraction:
    """An inspection file made from a report: ``mapping`` (what the file says, ``unknown`` for gaps),
    where each value was found (``places``, by dotted key), comments (``notes``) and the ``gaps``."""

    report: ReportText
    rules: RuleSet
    chosen: str  # how the rule set was chosen
    mapping: dict[str, Any]
    places: dict[str, str]
    notes: dict[str, str]
    gaps: tuple[Gap, ...]
    found: int  # ratings and key-question results found
    rules_path: str | None = None  # the rule-set file named, when it was named by path
    warnings: tuple[str, ...] = ()  # values found, but not as the rule set words them ("key: what")

    def to_yaml(self, output_dir: str | os.PathLike[str] | None = None) -> str:
        """The inspection file, with comments; a rule set named by path is written relative to
        ``output_dir`` (the folder the file is written to; by default the working directory)."""
        return extraction_yaml(self, output_dir)


class NotAReport(RatingsError):
    """A text with nothing of an inspection report in it (told apart so that ``ratings rate`` and ``verify``
    can say what an inspection file would have needed instead)."""


def extract(source: str | os.PathLike[str] | ReportText, rules: Any = None,
            max_seconds: float | None = DEFAULT_MAX_SECONDS) -> Extraction:
    """Extract an inspection from a report file (plain text, HTML or PDF); ``rules`` names the rule set (an
    id or a path), else it is chosen from the report. A RatingsError when the file is not a readable report
    (:class:`NotAReport` when nothing in it is recognisably a report's), when no rule set can be told for it,
    or when reading it takes longer than ``max_seconds`` (None: no limit); gaps are not errors (they are listed
    in the result)."""
    budget = Deadline(max_seconds)
    report = source if isinstance(source, ReportText) else read_report(os.fspath(source), budget=budget)
    words = Words(report)
    budget.check("read the report's words", report.file)
    rule_set = load_rules(rules) if rules is not None else None
    said = publisher_words(rule_set.publisher if rule_set is not None else None)
    fieldwork, fieldwork_gap = _fieldwork(words, said)
    title = read_title(report.lines, said)
    if rule_set is not None:
        reading = _RuleSetReading(words, rule_set, said)
        budget.check(f"read the report under {rule_set.id}", report.file)
        chosen = "as named"
        if not reading.found:
            _refuse_thematic(title, report.file)
            evidence = _recognised(words, title, fieldwork, [reading], budget)
            if not evidence:
                raise NotAReport(Problem(_not_a_report(f"of {rule_set.id}", said), report.file))
            chosen = f"as named (none of its ratings and key-question results found; {evidence})"
        path = _rules_path(rules, rule_set)
    else:
        reading, chosen = _choose(words, fieldwork, title, said, budget)
        path = None
    return _Builder(words, reading, fieldwork, fieldwork_gap, title).build(chosen, path)


def _refuse_thematic(title: Title, file: str) -> None:
    if title.thematic:
        raise NotAReport(Problem(f"this is not an inspection of one service but a thematic or national report "
                                 f"({title.thematic!r}): it rates no service, so there is nothing to extract", file))


def _not_a_report(under: str, said: PublisherWords) -> str:
    title = f"{said.title_start[:1].upper()}{said.title_start[1:]} ..."
    overall = ", ".join(f"'{form}'" for form in said.overall_forms)
    return (f"found none of the ratings and key-question results {under}, nor anything else an {said.publisher} "
            f"inspection report gives: looked for its title ('{title}'), the inspectorate's name on a line of its "
            f"own (the cover or imprint), an overall rating ({overall}), a fieldwork date, and each standard's "
            "rating and key questions; this does not look like an inspection report")


def _recognised(words: Words, title: Title, fieldwork: Fieldwork | None,
                readings: list["_RuleSetReading"], budget: Deadline) -> str:
    """What marks the text as a report of the publisher's, in words ("its title (line 3), ..."), or ''; each
    reading's search for an overall rating within the time budget."""
    lines = words.report.lines
    marks = []
    if title.names:
        marks.append(f"its title ({lines[title.names[0].line].place})")
    imprint = imprint_lines(lines, readings[0].said)
    if imprint:
        marks.append(f"the inspectorate's name ({lines[imprint[0]].place})")
    overall = None
    for r in readings:
        overall = next(iter(overalls(words, r)), None)
        budget.check("look for an overall rating in the report", words.report.file)
        if overall is not None:
            break
    if overall is not None:
        marks.append(f"an overall rating ({words.place(overall[1])})")
    if fieldwork is not None:
        marks.append(f"a fieldwork date ({words.place(fieldwork[1])})")
    return "found " + ", ".join(marks) if marks else ""


# ----------------------------------------------------------------------------------------- the rule set


def _rules_path(ref: Any, rule_set: RuleSet) -> str | None:
    """The file a rule set named by path (or given loaded from a file) comes from; None for a bundled one."""
    if isinstance(ref, RuleSet):
        return rule_set.path if rule_set.path and rule_set.id not in bundled_ids() else None
    return os.fspath(ref) if isinstance(ref, os.PathLike) or looks_like_path(str(ref)) else None


def _choose(words: Words, fieldwork: Fieldwork | None, title: Title, said: PublisherWords,
            budget: Deadline) -> tuple["_RuleSetReading", str]:
    """The reading under the rule set that finds most in the report, among the publisher's (``said``'s) in force
    at the fieldwork; a tie (or nothing found) is settled by the kind of service the title names, never
    guessed."""
    file = words.report.file
    candidates = [r for r in bundled_rule_sets() if r.publisher == said.publisher
                  and (fieldwork is None or _in_force(r, fieldwork[0]))]
    if not candidates and fieldwork is None:  # (a words file whose publisher has no bundled rule set)
        raise RatingsError(Problem(f"none of the bundled rule sets is {said.publisher}'s, whose reports' words "
                                   "are read; name one with --rules", file))
    if not candidates:
        assert fieldwork is not None
        raise RatingsError(Problem(f"no bundled rule set was in force on {fieldwork[0]}, the fieldwork date the "
                                   "report gives; name one with --rules", file))
    when = f"rule sets in force on {fieldwork[0]} (the fieldwork)" if fieldwork else "bundled rule sets"
    tied: list[_RuleSetReading] = []  # the readings that find most (all of them when tied), in the candidates' order
    founds: list[tuple[str, int]] = []  # each rule set's id and how much is found under it
    furniture = _Furniture(words, said)  # (told once for all the rule sets)
    for r in candidates:
        reading = _RuleSetReading(words, r, said, furniture)
        founds.append((r.id, reading.found))
        if not tied or reading.found > tied[0].found:
            tied = [reading]  # (the others let go: a reading holds what it found, for a long report a lot)
        elif reading.found == tied[0].found:
            tied.append(reading)
        budget.check(f"read the report under {len(founds)} of {len(candidates)} rule sets", file)
    founds.sort(key=lambda x: -x[1])
    ids = ", ".join(r.id for r in candidates)
    best = tied[0]
    by_title = [x for x in tied if x.rules.service in title.services]
    if not best.found:
        _refuse_thematic(title, file)
        evidence = _recognised(words, title, fieldwork, tied, budget)  # (every reading: none found anything)
        if not evidence:
            raise NotAReport(Problem(_not_a_report(f"of the {when} ({ids})", said), file))
        if len(by_title) != 1:
            fits = (f"; its title fits {', '.join(sorted(x.rules.id for x in by_title))}" if by_title else "")
            raise RatingsError(Problem(f"the report gives none of the ratings and key-question results of the "
                                       f"{when} ({ids}){fits}, so the rule set it was inspected under cannot be "
                                       f"told ({evidence}); name one with --rules", file))
        return by_title[0], (f"the only one of the {when} for the kind of service its title names "
                             f"({by_title[0].rules.service}); none of its ratings and key-question results "
                             f"found ({evidence})")
    if len(tied) > 1 and len(by_title) != 1:
        raise RatingsError(Problem(f"the report fits the rule sets {', '.join(x.rules.id for x in tied)} equally "
                                   f"well ({best.found} ratings and key-question results each); name one with "
                                   "--rules", file))
    others = "; ".join(f"{rid}: {found}" for rid, found in founds[1:3] if found)
    chosen = (f"the best fit of the {when}: {best.found} ratings and key-question results found"
              + (f" ({others})" if others else ""))
    if len(tied) > 1:
        best = by_title[0]
        chosen += f"; of those tied, the one for the kind of service its title names ({best.rules.service})"
    return best, chosen


def _in_force(rule_set: RuleSet, day: str) -> bool:
    """Whether the rule set was in force on a date, or on any day of a month (``YYYY-MM``)."""
    year, month = int(day[:4]), int(day[5:7])
    if len(day) > 7:
        first = last = dt.date.fromisoformat(day)
    else:
        first = dt.date(year, month, 1)
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    end = rule_set.in_force.end
    return rule_set.in_force.start <= last and (end is None or end >= first)


Seen = list[tuple[Any, int]]  # each value found, with the word where it was found


class _Furniture:
    """Whether a line is page furniture (``report_title.furniture_words``), told once per line."""

    def __init__(self, words: Words, said: PublisherWords):
        self.lines = words.report.lines
        self.said = said
        self.known = bytearray(len(self.lines))  # each line's answer: 0 not told yet, 1 no, 2 yes

    def __call__(self, text: tuple[str, ...], n: int) -> bool:
        if not self.known[n]:
            self.known[n] = 1 + furniture_words(text, self.lines.text(n), self.said)
        return self.known[n] == 2


class _RuleSetReading:
    """What a report gives under one rule set: each standard's published ratings and each key question's
    results, every time they occur (settled later: one value, or a gap)."""

    def __init__(self, words: Words, rule_set: RuleSet, said: PublisherWords,
                 furniture: "_Furniture | None" = None):
        self.words = words
        self.rules = rule_set
        self.said = said
        self.rating_words = {phrase(str(r)): str(r) for r in (*rule_set.scale, rule_set.not_rated)}
        self.standard_names = tuple({phrase(s.name) for s in rule_set.standards.values()})
        self.ratings: dict[str, Seen] = {}
        self.results: dict[tuple[str, str], Seen] = {}
        self.without_value: set[tuple[str, str]] = set()  # key questions whose text is there, with no value
        self.headings = self._headings()
        self.columns: Columns = read_columns(words, rule_set, said, self.rating_words, self._owner_at,
                                             furniture or _Furniture(words, said))
        self._overalls: list[tuple[str, int, str]] | None = None
        self._read_ratings()
        self._read_results()
        self.found = sum(1 for seen in self.ratings.values() if seen) + sum(1 for v in self.results.values() if v)
        self.by_table: dict[tuple[str, str], Row] = {}  # key questions matched by their place in a table
        self.ambiguous: dict[tuple[str, str], tuple[Row, ...]] = {}
        self._read_tables()

    def label(self, standard: Standard) -> tuple[str, ...]:
        return phrase(f"{standard.number} {standard.name}" if standard.number else standard.name)

    def _headings(self) -> list[tuple[int, str]]:
        """Where each standard's number and name occur, in order: the sections a shared text belongs to."""
        found = [(m.end, sid) for sid, s in self.rules.standards.items() for m in self.words.find(self.label(s))]
        return sorted(found)

    def rating_at(self, k: int) -> Found | None:
        return self.words.any_at(k, self.rating_words)

    def _read_ratings(self) -> None:
        statements = Counter(phrase(s.statement) for s in self.rules.standards.values() if s.statement)
        for sid, s in self.rules.standards.items():
            if s.kind == "information":
                continue
            statement = phrase(s.statement) if s.statement else ()
            starts = [self._past(m.end, statement) for m in self.words.find(self.label(s))
                      if m.start not in self.columns.in_columns]  # a column's next cell is no value of it
            if statement and statements[statement] == 1:  # a section whose heading is missing
                starts += [m.end for m in self.words.find(statement)]
            found = ((k, self.rating_at(k)) for k in sorted(set(starts)))
            self.ratings[sid] = [(rating.text, k) for k, rating in found if rating is not None]
            self.ratings[sid] += self.columns.ratings.get(sid, [])

    def _past(self, k: int, statement: tuple[str, ...]) -> int:
        """Where a standard's rating may be after its heading: past its statement, when that follows."""
        after = self.words.match_at(k, statement) if statement else None
        return after.end if after else k

    def _read_results(self) -> None:
        owners: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        for sid, s in self.rules.standards.items():
            for q in s.key_questions:
                owners.setdefault(phrase(q.text), []).append((sid, q.id))
        for text, questions in owners.items():
            for key in questions:
                self.results[key] = []
            for m in self.words.find(text, inner_value=True):
                if m.start in self.columns.in_columns:  # read with its column
                    continue
                owner = questions[0] if len(questions) == 1 else self._owner(m, questions)
                if owner is None:
                    continue
                key = owner
                value = m.inner or self.words.value_beside(m)
                if value is None:
                    self.without_value.add(key)
                else:
                    self.results[key].append((value, m.start))
        for key, seen in self.columns.results.items():
            self.results[key] += seen


    def _read_tables(self) -> None:
        """Key questions not found by their words, matched by the closest wording among the rows of their
        standard's key-question table (``key_question_tables.py``). Not counted in ``found``: the rule set is
        chosen by what is found by its own words."""
        taken = {k for seen in self.results.values() for _, k in seen}
        ends = [e for e, _ in self.headings[1:]] + [len(self.words.text)]  # each section to the next heading
        tables = table_headings(self.words, self.said)
        read = 0
        for sid, s in self.rules.standards.items():
            missing = {q.id: phrase(q.text) for q in s.key_questions
                       if not self.results[(sid, q.id)] and (sid, q.id) not in self.without_value}
            if not missing:
                continue
            for (end, owner), stop in zip(self.headings, ends):
                if owner != sid:
                    continue
                for rows in table_rows(self.words, tables, end, stop):
                    read += 1
                    if read > MAX_TABLES:  # a report has a few tens of tables: past that, no more are read
                        return
                    free = [r for r in rows if not any(r.start <= k < r.end for k in taken)]
                    self._take(sid, match(self.words, missing, free))

    def _take(self, sid: str, matched: Matched) -> None:
        for qid, row in matched.rows.items():
            self.results[(sid, qid)].append((row.value, row.start))
            self.by_table.setdefault((sid, qid), row)
        for qid, rows in matched.ambiguous.items():
            self.ambiguous.setdefault((sid, qid), rows)

    def _owner(self, m: Match, questions: list[tuple[str, str]]) -> tuple[str, str] | None:
        return self._owner_at(m.start, questions)

    def _owner_at(self, k: int, questions: list[tuple[str, str]]) -> tuple[str, str] | None:
        """Of the standards sharing a key question's text, the one whose heading last comes before it."""
        before = [sid for end, sid in self.headings if end <= k]
        if not before:
            return None
        return next((q for q in questions if q[0] == before[-1]), None)


# ------------------------------------------------------------------------------ what every report says


Fieldwork = tuple[str, int]  # the date (YYYY-MM-DD or YYYY-MM) and the word where it was found


def _fieldwork(words: Words, said: PublisherWords) -> tuple[Fieldwork | None, Gap | None]:
    """The fieldwork date (the first date within reach after each "fieldwork"), as precise as the report
    gives it: "beginning 20 March 2023" and "started March 2023" agree, and the day is kept."""
    seen: list[tuple[str, int]] = []
    for m in _find_any(words, said.report_words.fieldwork):
        for k in range(m.end, min(m.end + FIELDWORK_REACH, len(words.text))):
            found = words.date_at(k)
            if found:
                seen.append((found.text, k))
                break
    if not seen:
        return None, Gap("fieldwork", "not found in the report")
    values = sorted({v for v, _ in seen}, key=len, reverse=True)
    if all(values[0].startswith(v) for v in values):
        return next(x for x in seen if x[0] == values[0]), None
    return None, _conflict("fieldwork", seen, words, str)


RATINGS_PAGE = "the ratings page"
PROSE = "the text"


def overalls(words: Words, reading: "_RuleSetReading") -> list[tuple[str, int, str]]:
    """:func:`find_overalls`, once per reading."""
    if reading._overalls is None:
        reading._overalls = find_overalls(words, reading)
    return reading._overalls


def find_overalls(words: Words, reading: "_RuleSetReading") -> list[tuple[str, int, str]]:
    """Each overall rating the report gives, with the word it is at and where (the ratings page or the text):
    "Overall rating" then a rating (perhaps "of", "is": "an overall rating of 'Good'"), and in prose the
    phrasings of the publisher's words file: "rated as 'Requires improvement' overall", "Overall, the YJS was rated
    as 'Good'", "the PDU has been rated as ...", "which resulted in a rating of ...". A rating said of one
    standard ("... for leadership", "... in this area"), one of several ("'Good' or 'Outstanding'") or a
    hypothesis ("rules out an overall rating of ...") is not the overall."""
    found: dict[int, tuple[str, int, str]] = {k: (v, k, RATINGS_PAGE) for v, k in reading.columns.overall}
    said = reading.said
    hypotheses = sorted(m.start for p in said.not_overall_before for m in words.find(phrase(p)))
    for m in _find_any(words, said.report_words.overall):
        k = m.end + (1 if m.end < len(words.text) and words.text[m.end] in said.overall_fillers else 0)
        rating = reading.rating_at(k)
        if rating is not None and _said_of_the_service(words, reading, hypotheses, m.start, k, rating.end):
            page = k == m.end and words.report.lines[words.line[k]].text.count(" ") < 8
            found.setdefault(k, (rating.text, k, RATINGS_PAGE if page else PROSE))
    for words_before in (*said.rated, *said.overall_always, said.as_):
        before = phrase(words_before)
        for m in words.find(before):
            rating = reading.rating_at(m.end)
            if rating is None or m.end in found:
                continue
            if words_before in said.overall_always:
                overall = True
            elif words_before == said.as_:
                overall = _overall_after(words, rating.end)
            else:
                overall = _overall_rated(words, reading, m.start, rating.end)
            if overall and _said_of_the_service(words, reading, hypotheses, m.start, m.end, rating.end):
                found[m.end] = (rating.text, m.end, PROSE)
    return sorted(found.values(), key=lambda x: x[1])


def _overall_rated(words: Words, reading: "_RuleSetReading", rated: int, end: int) -> bool:
    """Whether "rated [as] RATING" (``rated`` its first word, ``end`` the word after the rating) is said of the
    whole service: "overall" after the rating, or starting the sentence or a line before it, or the service as
    its subject ("the PDU has been rated as ..."); and, for the last two, no standard named before it in the
    sentence ("Overall, leadership was rated as 'Good'" is Leadership's rating)."""
    if _overall_after(words, end) or words.text[rated + 1] == "overall":
        return True
    said = reading.said
    start, _ = words.sentence(rated, said.sentence_reach)
    if _names_a_standard(words, reading, start, rated):
        return False
    for k in range(start, rated):
        if words.text[k] == "overall" and (k == start or words.line[k - 1] != words.line[k]):
            return True
    for verb in said.rated_verbs:
        v = phrase(verb)
        if words.ends_with(rated, v):
            return any(words.ends_with(rated - len(v), phrase(noun)) for noun in said.service_nouns)
    return False


def _names_a_standard(words: Words, reading: "_RuleSetReading", start: int, stop: int) -> bool:
    """Whether a standard's name is among the words from ``start`` to ``stop`` (not as part of the service's
    own name: "probation services", "youth justice services")."""
    qualifiers = set(reading.said.service_qualifiers)
    return any(words.match_at(k, name) is not None and not (k and words.text[k - 1] in qualifiers)
               for k in range(start, stop) for name in reading.standard_names)


def _overall_after(words: Words, end: int) -> bool:
    """Whether "overall" follows the rating in the same sentence ("... as 'Good' overall")."""
    return end < len(words.text) and not words.stop[end] and words.width(end, "overall") > 0


def _said_of_the_service(words: Words, reading: "_RuleSetReading", hypotheses: list[int], start: int, k: int,
                         end: int) -> bool:
    """Whether the rating at k (``end`` the word after it) is no standard's, no possibility and no hypothesis
    (none of ``hypotheses``, the words where one begins, in its sentence before it)."""
    said = reading.said
    if any(words.match_at(end, phrase(p)) for p in said.not_overall_after):
        return False
    if end < len(words.text) and words.text[end] in said.listing and reading.rating_at(end + 1) is not None:
        return False
    if k > 0 and words.text[k - 1] in said.listing and reading.rating_at(k - 1) is None and \
            any(reading.rating_at(j) for j in range(max(0, k - 4), k - 1)):
        return False  # the second of "'Good' or 'Outstanding'"
    first, _ = words.sentence(start, said.sentence_reach)
    at = bisect.bisect_left(hypotheses, first)
    return not (at < len(hypotheses) and hypotheses[at] < start)


def _find_any(words: Words, texts: tuple[str, ...]) -> list[Match]:
    return sorted((m for t in texts for m in words.find(phrase(t))), key=lambda m: m.start)


@attrs.frozen
class _Settled:
    """A value the report gives once (perhaps in several places: every word it was found at)."""

    value: Any
    at: tuple[int, ...]


def _settle(key: str, seen: Seen, words: Words, show: Callable[[Any], str] = str,
            same: Callable[[Any], Any] = lambda v: v) -> _Settled | Gap:
    """One value, or a gap: not found, or found with different values."""
    if not seen:
        return Gap(key, "not found in the report")
    if len({same(v) for v, _ in seen}) > 1:
        return _conflict(key, seen, words, show)
    return _Settled(seen[0][0], tuple(k for _, k in seen))


def _conflict(key: str, seen: Seen, words: Words, show: Callable[[Any], str]) -> Gap:
    shown = [f"{show(v)} ({words.place(k)})" for v, k in seen]
    listed = ", ".join(shown[:-1]) + f" and {shown[-1]}"
    return Gap(key, f"found {len(seen)} times with different values: {listed}")


def _show_value(v: Value) -> str:
    percent = f"{v.percent}%" if v.percent is not None else ""
    counts = f"{v.yes} of {v.of}" if v.yes is not None else ""
    return f"{percent} ({counts})" if percent and counts else percent or counts


# ------------------------------------------------------------------------------------ the inspection file


class _Builder:
    def __init__(self, words: Words, reading: _RuleSetReading, fieldwork: Fieldwork | None,
                 fieldwork_gap: Gap | None, title: Title):
        self.words = words
        self.title = title
        self.reading = reading
        self.rules = reading.rules
        self.fieldwork = fieldwork
        self.gaps: list[Gap] = [fieldwork_gap] if fieldwork_gap else []
        self.warnings: list[str] = []  # values found, but not as the rule set words them
        self.places: dict[str, str] = {}
        self.notes: dict[str, str] = {}

    def keep(self, key: str, settled: _Settled | Gap) -> Any:
        """The value settled (noting where it was found), or None after listing the gap."""
        if isinstance(settled, Gap):
            self.gaps.append(settled)
            return None
        self.places[key] = ", ".join(dict.fromkeys(self.words.place(k) for k in settled.at))
        return settled.value

    def build(self, chosen: str, rules_path: str | None) -> Extraction:
        mapping: dict[str, Any] = {}
        name = self.name()
        if name is not None:
            mapping["name"] = name
        mapping["rules"] = self.rules.id
        if self.fieldwork is not None:
            mapping["fieldwork"] = self.fieldwork[0]
            self.places["fieldwork"] = self.words.place(self.fieldwork[1])
        cases = self.cases_inspected()
        if cases is not None:
            mapping["cases_inspected"] = cases
        published = self.published()
        judged = [sid for sid, s in self.rules.standards.items() if s.kind == "judged"]
        if judged:
            mapping["judgements"] = {sid: published["ratings"].get(sid, "unknown") for sid in judged}
            for sid in judged:
                if sid in published["ratings"]:
                    self.places[f"judgements.{sid}"] = self.places[f"published.ratings.{sid}"]
        mapping["cases"] = self.case_results(published["ratings"])
        if not mapping["cases"]:
            del mapping["cases"]
        scored = [sid for sid, s in self.rules.standards.items() if s.kind == "scored"]
        if scored:  # items' scores are not read from a report's text: each standard unknown, and a gap
            mapping["scores"] = {sid: "unknown" for sid in scored}
            self.gaps += [Gap(f"scores.{sid}", "not read: extract reads key-question tables, not items' scores")
                          for sid in scored]
        if published["ratings"] or len(published) > 1:
            mapping["published"] = {k: v for k, v in published.items() if v or k != "ratings"}
        self.usable(mapping)
        self.note_decision_rules(mapping)
        self.unpaired_columns()
        gaps = tuple(sorted(self.gaps, key=lambda g: _key_order(g.key, self.rules)))
        return Extraction(self.words.report, self.rules, chosen, mapping, self.places, self.notes, gaps,
                          self.reading.found, rules_path, tuple(self.warnings))

    def unpaired_columns(self) -> None:
        """Say, of a value not found, that it is in a table read column by column whose columns do not line
        up (so nothing of it was taken)."""
        for keys, k, cells, values in self.reading.columns.unpaired:
            why = (f"its table ({self.words.place(k)}) is read column by column, and its {cells} cells and "
                   f"{values} values do not line up, so none is taken")
            self.gaps = [Gap(g.key, f"{g.message}: {why}") if g.key in keys and g.message == "not found in the "
                         "report" else g for g in self.gaps]

    def name(self) -> str | None:
        lines = self.words.report.lines
        names = self.title.names
        if not names:
            forms = one_of(self.reading.said.title_forms)
            self.gaps.append(Gap("name", f"not found in the report (no title {forms})"))
            return None
        damaged = next((n for n in names if n.damage), None)
        if damaged is not None:
            candidate = f"; it may be {damaged.candidate!r}" if damaged.candidate else ""
            self.gaps.append(Gap("name", f"the title's name {damaged.text!r} ({lines[damaged.line].place}) looks "
                                         f"damaged, so it is not taken: {damaged.damage}{candidate}"))
            return None
        self.places["name"] = lines[names[0].line].place
        if len({n.text for n in names}) > 1:
            listed = " and ".join(f"{n.text!r} ({lines[n.line].place})" for n in names)
            self.gaps.append(Gap("name", f"found {len(names)} times with different values: {listed}"))
            return None
        return names[0].text

    def cases_inspected(self) -> int | None:
        words = self.words
        seen: Seen = []
        for m in _find_any(words, self.reading.said.report_words.cases_before):
            number = words.number(m.end)
            if number and number.isdigit() and int(number) and words.width(m.end + 1, "cases"):
                seen.append((int(number), m.end))
        for m in _find_any(words, self.reading.said.report_words.cases_after):
            number = words.number(m.start - 1) if m.start else None
            if number and number.isdigit() and int(number):
                seen.append((int(number), m.start - 1))
        found = self.keep("cases_inspected", _settle("cases_inspected", seen, words))
        return found if isinstance(found, int) else None

    def published(self) -> dict[str, Any]:
        out: dict[str, Any] = {"ratings": {}}
        for sid, seen in self.reading.ratings.items():
            value = self.keep(f"published.ratings.{sid}", _settle(f"published.ratings.{sid}", seen, self.words))
            if value is not None:
                out["ratings"][sid] = value
        score = self.keep("published.score", _settle("published.score", self.scores(), self.words,
                                                      lambda v: f"{v[0]}/{v[1]}"))
        if score is not None:
            out["score"], out["max_score"] = score
            self.places["published.max_score"] = self.places["published.score"]
        overall = self.keep("published.overall", self.overall())
        if overall is not None:
            out["overall"] = overall
        return out

    def scores(self) -> Seen:
        words, seen = self.words, []
        for m in _find_any(words, self.reading.said.report_words.score):
            k = m.end
            top, bottom = words.number(k), words.number(k + 2)
            if top and bottom and top.isdigit() and bottom.isdigit() and words.text[k + 1] == "/":
                seen.append(((int(top), int(bottom)), k))
        return seen

    def overall(self) -> _Settled | Gap:
        """The overall rating, from the ratings page or the prose; where they differ, a gap naming both."""
        seen = overalls(self.words, self.reading)
        settled = _settle("published.overall", [(v, k) for v, k, _ in seen], self.words)
        if isinstance(settled, Gap) and seen:
            shown = [f"{v} ({where}, {self.words.place(k)})" for v, k, where in seen]
            settled = Gap("published.overall", f"found {len(seen)} times with different values: "
                                               + ", ".join(shown[:-1]) + f" and {shown[-1]}")
        return settled

    def case_results(self, ratings: dict[str, str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        not_rated = str(self.rules.not_rated)
        for sid, s in self.rules.standards.items():
            if s.kind not in ("case", "information"):
                continue
            results = {q.id: self.result(sid, q.id) for q in s.key_questions}
            if all(v is None for v in results.values()) and self.missing_only(sid, s):
                if s.kind == "case" and ratings.get(sid) == not_rated:  # rated Not rated, with no results
                    self.drop_gaps(sid, s)
                    out[sid] = "not rated"
                    self.places[f"cases.{sid}"] = self.places[f"published.ratings.{sid}"]
                    continue
                if s.kind == "information":  # optional in the file: left out, its gaps listed
                    continue
            out[sid] = {q: ("unknown" if v is None else v) for q, v in results.items()}
        return out

    def result(self, sid: str, qid: str) -> Any:
        key = f"cases.{sid}.{qid}"
        value = self.keep(key, _settle(key, self.reading.results[(sid, qid)], self.words, _show_value,
                                        lambda v: (v.percent, v.yes, v.of)))
        if value is None:
            if (sid, qid) in self.reading.without_value and self.gaps and self.gaps[-1].key == key:
                self.gaps[-1] = Gap(key, "the key question is in the report, but with no percentage beside it")
            rows = self.reading.ambiguous.get((sid, qid))
            if rows and self.gaps and self.gaps[-1].key == key and self.gaps[-1].message == "not found in the report":
                listed = " or ".join(f"{r.wording!r} ({self.words.place(r.start)})" for r in rows)
                self.gaps[-1] = Gap(key, "not found by its words, and its standard's key-question table has more "
                                         f"than one row it may be: {listed}")
            return None
        row = self.reading.by_table.get((sid, qid))
        if row is not None:
            self.notes[key] = f"the report's wording: {row.wording}"
            self.warnings.append(f"{key}: not found by the rule set's words; taken from the row of its "
                                 f"standard's key-question table closest to them ({self.words.place(row.start)}): "
                                 f"{row.wording!r}")
        return self.written(key, value)

    def written(self, key: str, value: Value) -> Any:
        """A result as the file writes it: counts when the report gives them (checked against its
        percentage), else the percentage as printed."""
        if value.yes is None or value.of is None:
            assert value.percent is not None  # a value is a percentage, counts, or both
            return _number(value.percent)
        if value.percent is not None and not _prints_as(value.yes, value.of, value.percent):
            self.gaps.append(Gap(key, f"{value.yes} of {value.of} is not {value.percent}% as printed beside it"))
            self.places.pop(key, None)
            return None
        return {"yes": value.yes, "of": value.of}

    def missing_only(self, sid: str, s: Standard) -> bool:
        """Whether every key question of the standard is simply not found (no conflicting values)."""
        keys = {f"cases.{sid}.{q.id}" for q in s.key_questions}
        return all(g.message == "not found in the report" for g in self.gaps if g.key in keys)

    def drop_gaps(self, sid: str, s: Standard) -> None:
        keys = {f"cases.{sid}.{q.id}" for q in s.key_questions}
        self.gaps = [g for g in self.gaps if g.key not in keys]

    def note_decision_rules(self, mapping: dict[str, Any]) -> None:
        """Say, beside each judged standard a decision rule may limit, that the report's rating comes after
        the rules: where a rule holds, the inspectors' judgement before it is not published."""
        limited = [sid for sid in mapping.get("judgements", {}) if self.rules.rules_for(sid)]
        if not limited:
            return
        holding = self.rules_holding(mapping, limited)
        for sid in limited:
            given = "the rating the report gives, after the decision rules"
            if holding is None:
                ids = ", ".join(r.id for r in self.rules.rules_for(sid))
                self.notes[f"judgements.{sid}"] = (f"{given}; {ids} may have lowered the inspectors' judgement, "
                                                   "which is not published")
            elif sid in holding:
                self.notes[f"judgements.{sid}"] = (
                    f"{given}: {holding[sid]} holds here, so the inspectors' judgement before it (not published) "
                    f"may have been higher; {mapping['judgements'][sid]} rates the same")

    def usable(self, mapping: dict[str, Any]) -> None:
        """Read the mapping as an inspection file is read: a value found in the report that the file may not
        hold (its reader's rules are the loader's, not repeated here) becomes a gap, the loader's reason given,
        and is left unknown (or out), so the file written is always one that rates."""
        for _ in range(MAX_UNUSABLE):
            try:
                build_inspection(from_python(mapping), self.rules, self.words.report.file)
                return
            except RatingsError as exc:
                taken = [p for p in exc.problems if p.key and _leave_out(mapping, p.key)]
                if not taken:  # nothing the report gave is to blame: the extractor's own fault, said plainly
                    raise RatingsError(Problem("the values found make no inspection file this version can "
                                               f"read ({exc.problems[0].message}); please report it",
                                               self.words.report.file)) from None
                self.gaps += [Gap(p.key, f"found in the report ({self.places.get(p.key, 'the report')}), but "
                                         f"not usable: {p.message}") for p in taken if p.key]

    def rules_holding(self, mapping: dict[str, Any], limited: list[str]) -> dict[str, str] | None:
        """For each judged standard, the decision rule that would hold it down were its judgement the highest
        rating; None when the file has unknowns (then it cannot be told)."""
        if any(v == "unknown" for v in mapping.get("judgements", {}).values()) or any(
                isinstance(v, dict) and "unknown" in v.values() for v in mapping.get("cases", {}).values()):
            return None
        top = str(self.rules.scale[0])
        holding: dict[str, str] = {}
        for sid in limited:
            if mapping["judgements"][sid] == top or mapping["judgements"][sid] == str(self.rules.not_rated):
                continue
            raised = dict(mapping, judgements={**mapping["judgements"], sid: top})
            raised.pop("published", None)
            try:
                result = evaluate(self.rules, build_inspection(from_python(raised), self.rules,
                                                               self.words.report.file))
            except RatingsError:  # (the values were read as a file is, in usable(): not expected)
                return None
            capped_by = result.standards[sid].capped_by
            if capped_by is not None:
                holding[sid] = capped_by
        return holding


MAX_UNUSABLE = 20  # rounds of leaving out values the loader refuses (each leaves out at least one)


def _leave_out(mapping: dict[str, Any], key: str) -> bool:
    """Leave the value at ``key`` (dotted) unknown: a judgement or a key question's result becomes 'unknown',
    anything else is left out. False when there is no such value."""
    *parents, last = key.split(".")
    node: Any = mapping
    for part in parents:
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    if not isinstance(node, dict) or last not in node:
        return False
    if parents and parents[0] in ("judgements", "cases") and len(parents) <= 2:
        if node[last] == "unknown":
            return False
        node[last] = "unknown"
    else:
        del node[last]
    return True


def _number(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral_value() else value


def _prints_as(yes: int, of: int, percent: Decimal) -> bool:
    """Whether Y of N rounds to the percentage as printed (to as many decimals as it has)."""
    exponent = percent.as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0  # (a finite number's is an int)
    exact = Decimal(100 * yes) / Decimal(of)
    return abs(exact - percent) <= Decimal(1).scaleb(-places) / 2


def _key_order(key: str, rules: RuleSet) -> tuple[int, int]:
    """Gaps in the order the file lists their keys."""
    top = ["name", "fieldwork", "cases_inspected", "judgements", "cases", "published"]
    head, _, rest = key.partition(".")
    standards = list(rules.standards)
    sid = rest.split(".")[1] if head == "published" and rest.startswith("ratings.") else rest.split(".")[0]
    return top.index(head) if head in top else len(top), standards.index(sid) if sid in standards else -1
