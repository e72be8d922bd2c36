"""The overall rating from the score: the rule set's published score table for that maximum when it has one,
else the band of the mean points per counted, rated standard (``bands`` over 0 to the top points).

The loader checks that every possible maximum is covered and that no table or band rates a higher score
lower, so the overall rating never falls when the score rises.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from fractions import Fraction
from typing import Any, Callable, Generic, Mapping, TypeVar

import attrs

from ..model.objects import Band, BandSet, Provenance, Rating, RuleSet, TraceEntry, trace_entry
from ..model.words import approx, band_words, bounds, bounds_text
from ..reading.reader import TOO_LARGE, join
from ..reading.yaml_file import Node, describe, whole_number
from .bands import read_band_set
from .base import NOT_RATED, Code, State, report
from .conditions import Tally

PROVENANCE = ("source", "confidence", "notes")
#: an item ``rules coverage`` counts: what it is, then the numbers that say which (a band's, a row's)
CoverageKey = tuple[str | int, ...]
_RANGE = re.compile(r"^(\d+)\s*(?:-\s*(\d+))?$")


@attrs.frozen
class ScoreTable:
    """A published score-to-overall table for one maximum score: ``ranges`` is (rating, lowest, highest)."""

    maximum: int
    ranges: tuple[tuple[Rating, int, int], ...]  # lowest scores first
    provenance: Provenance
    line: int | None = attrs.field(default=None, eq=False)

    def rating_for(self, score: int) -> Rating:
        for rating, low, high in self.ranges:
            if low <= score <= high:
                return rating
        raise ValueError(f"{score} is outside the score table for {self.maximum}")  # the loader prevents this


@attrs.frozen
class OverallRule:
    """The overall rating from the score (see the module's docstring)."""

    id: str
    bands: BandSet | None
    provenance: Provenance
    measures: str = ""
    tables: Mapping[int, ScoreTable] = attrs.field(factory=dict)
    min_rated: int = 1  # fewer counted, rated standards than this: the overall is Not rated

    method = "from_score"
    scale = None  # always on the rule set's scale (its bands and tables give that scale's ratings)
    reads_score = True  # read from the score alone (verify's early check, the score chart)
    names_its_rule = False  # the JSON gains no "overall_by"

    def step(self, slot: int, counted: tuple[int, ...], top_points: int) -> "OverallStep":
        return OverallStep.make(self, slot, len(counted), top_points)

    def applied(self, max_score: int | None) -> list[tuple[str, Provenance]]:
        """The rules a rating out of ``max_score`` rests on: this one, and the score table it used."""
        table = self.tables.get(max_score) if max_score is not None else None
        return [(self.id, self.provenance)] + ([(self.id, table.provenance)] if table is not None else [])

    via = "the score"  # what the overall rating is reached through, for the confidence model's words

    @staticmethod
    def origin(rating: Rating) -> str:
        """Where the overall rating comes from before decision rules, for their sentences."""
        return f"From the score alone it would be {rating}."

    def coverage_items(self, rules: RuleSet) -> list[tuple[CoverageKey, str, int | None]]:
        """What worked cases can exercise: too few rated, each band on the mean points, each score-table row."""
        out: list[tuple[CoverageKey, str, int | None]] = []
        if self.min_rated > 1:
            out.append((("overall too few rated",), f"overall {rules.not_rated} (fewer than {self.min_rated} "
                        "counted standards rated)", None))
        if self.bands is not None:
            out += [(("overall band", i), f"overall {band.rating} ({band_words(band)})", band.line)
                    for i, band in enumerate(self.bands.bands)]
        for maximum, table in sorted(self.tables.items(), reverse=True):
            out += [(("score table row", maximum, i),
                     f"out of {maximum}: {f'{low}-{high}' if low != high else f'{low}'} {rating}", table.line)
                    for i, (rating, low, high) in enumerate(table.ranges)]
        return out

    def rate(self, score: int, n: int, top_points: int) -> tuple[Rating, Band | ScoreTable]:
        """The overall rating for ``score`` out of ``n`` counted, rated standards, and the band or table used."""
        table = self.tables.get(top_points * n)
        if table is not None:
            return table.rating_for(score), table
        assert self.bands is not None  # the loader requires a table for every maximum when there are no bands
        band = self.bands.classify(Fraction(score, n))
        return band.rating, band


TABLE_CELLS = 100_000  # below this many (points x standards squared), compiled code looks every score up


@attrs.frozen
class OverallStep:
    """Turn the score into the overall rating. The rating never falls as the score rises, so for each n
    (counted, rated standards) the scores 0 to the maximum fall into a few runs of one rank each:
    ``cuts[n]`` holds each run's lowest score and ``steps[n]`` its rank (sized by the ratings, not the
    points, so that large points cost nothing)."""

    rule: OverallRule
    slot: int
    top_points: int
    cuts: tuple[tuple[int, ...], ...]  # by n (0: no counted standard rated), rising
    steps: tuple[tuple[int, ...], ...]

    @classmethod
    def make(cls, rule: OverallRule, slot: int, counted: int, top_points: int) -> "OverallStep":
        # too few rated (below ``min_rated``): Not rated whatever the score, a single run from 0
        rows = [((), ())] + [_runs(rule, n, top_points) if n >= rule.min_rated else ((0,), (NOT_RATED,))
                             for n in range(1, counted + 1)]
        return cls(rule, slot, top_points, tuple(r[0] for r in rows), tuple(r[1] for r in rows))

    reads_score = True

    def unlimited_rank(self, ev: Any) -> int:
        """The overall rank before decision rules, of an evaluation (its score and counted standards rated)."""
        return self.rank(ev.n, ev.score)

    def tallies(self) -> tuple[Tally, ...]:
        """Nothing but the score and the number rated, which every search keeps."""
        return ()

    def exercised(self, facts: tuple[int, int, int]) -> tuple[CoverageKey, ...]:
        """The coverage items a report exercises (see ``OverallRule.coverage_items``): too few rated, or the
        band or score-table row that gave the overall rating."""
        score, n, _ = facts
        if not n:
            return ()
        if n < self.rule.min_rated:
            return (("overall too few rated",),)
        found = self.rule.rate(score, n, self.top_points)[1]
        if isinstance(found, ScoreTable):
            row = next(i for i, (_, low, high) in enumerate(found.ranges) if low <= score <= high)
            return (("score table row", found.maximum, row),)
        bands = self.rule.bands
        assert bands is not None  # no table gave the rating, so a band did
        return (("overall band", bands.bands.index(found)),)

    read_slots: tuple[int, ...] = ()

    def rank(self, n: int, score: int) -> int:
        """The overall rank from ``score`` out of ``n`` counted, rated standards."""
        return self.steps[n][bisect_right(self.cuts[n], score) - 1] if n else NOT_RATED

    def apply(self, state: State, tracer: Any) -> None:
        n, score = state.n, state.score
        rank = self.rank(n, score)
        state.ranks[self.slot] = state.unlimited[self.slot] = rank
        tracer.report(self, (score, n, rank))

    def emit(self, code: Code) -> None:
        counted = len(self.cuts) - 1
        if self.top_points * counted * counted <= TABLE_CELLS:  # small: every score's rank, looked up
            table = tuple(tuple(self.rank(n, score) for score in range(self.top_points * n + 1)) if n else ()
                          for n in range(counted + 1))
            code.line(f"r{self.slot} = {code.const(table, 'O')}[n][s] if n else -1")
            return
        cuts, steps, find = code.const(self.cuts, "C"), code.const(self.steps, "O"), code.const(bisect_right, "B")
        code.line(f"r{self.slot} = {steps}[n][{find}({cuts}[n], s) - 1] if n else -1")

    def emit_traced(self, code: Code) -> None:
        self.emit(code)
        code.line(f"u{self.slot} = r{self.slot}")
        report(code, self, f"(s, n, r{self.slot})")

    def score_range(self, n: int, rank: int) -> tuple[int, int]:
        """The scores out of ``n`` rated standards that give the overall ``rank`` ((-1, -1) when none does)."""
        if not n or rank not in self.steps[n]:
            return (-1, -1)
        i = self.steps[n].index(rank)
        ends = self.cuts[n][1:] + (self.top_points * n + 1,)
        return self.cuts[n][i], ends[i] - 1

    def explain(self, rules: RuleSet, facts: tuple[int, int, int]) -> TraceEntry:
        score, n, rank = facts
        rating = rules.plan.rating_of[rank]
        max_score = self.top_points * n
        found = self.rule.rate(score, n, self.top_points)[1] if n >= self.rule.min_rated else None  # band/table
        if not n:
            text = f"Overall {rating}: no counted standard was rated."
        elif n < self.rule.min_rated:
            text = (f"Overall {rating}: {n} counted standard{' was' if n == 1 else 's were'} rated, and the "
                    f"overall rating needs at least {self.rule.min_rated}.")
        elif isinstance(found, ScoreTable):
            low, high = self.score_range(n, rank)
            text = (f"Overall {rating}: in the published score table for a maximum of {max_score}, scores "
                    f"{low}-{high} are {rating}, and the score is {score}/{max_score}.")
        else:
            assert found is not None  # rated from at least min_rated standards, by a band when by no table
            lo, hi = self.score_range(n, rank)
            mean = approx(Fraction(score, n), bounds(found))
            text = (f"Overall {rating}: {score}/{max_score} is a mean of {mean} points per "
                    f"rated standard, {bounds_text(found)} points; out of {max_score}, scores "
                    f"{lo}-{hi} are {rating}.")
        applied = [(self.rule.id, self.rule.provenance)]
        if isinstance(found, ScoreTable):
            applied.append((self.rule.id, found.provenance))
        return trace_entry("overall", self.rule.id, None, text, applied)


def _runs(rule: OverallRule, n: int, top_points: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The lowest score of each run of one rank out of ``n`` rated standards, and the ranks (see
    :class:`OverallStep`): from the published table, else from the bands' lower bounds on the mean."""
    table = rule.tables.get(top_points * n)
    if table is not None:
        starts = [(low, rating.rank) for rating, low, _ in table.ranges]
    else:
        assert rule.bands is not None  # the loader requires a table for every maximum when there are no bands
        starts = [(_first_score(band, n), band.rating.rank) for band in reversed(rule.bands.bands)]
    runs: dict[int, int] = {}
    for low, rank in starts:  # lowest first; a band holding no whole score gives way to the next
        if low <= top_points * n:
            runs[low] = rank
    return tuple(runs), tuple(runs.values())


def _first_score(band: Band, n: int) -> int:
    """The lowest whole score whose mean over ``n`` standards meets the band's lower bound."""
    edge = band.low * n
    return max(0, math.ceil(edge) if band.low_inclusive else math.floor(edge) + 1)


# -------------------------------------------------------------------------------------- reading the YAML


RuleT = TypeVar("RuleT", covariant=True)  # covariant: a method giving one kind of rule gives a rule


@attrs.frozen
class OverallMethod(Generic[RuleT]):
    """An overall method as ``OVERALL_METHODS`` registers it: the reader of its own keys (given those every
    method shares, which ``read_overall`` reads), giving the method's rule, and the keys it reads."""

    read: Callable[[Any, Node, dict[str, Node], str, str | None, str | None, Provenance | None, int | None],
                   RuleT | None]
    keys: tuple[str, ...]


def read_overall(ctx: Any, node: Node, path: str, counted: int) -> object:
    """The overall rating: the keys every method shares, then the method's own (``OVERALL_METHODS``): the
    rule of whichever method the rule set names (None when broken, reported); this module knows only its
    own method's rule, each other method registering beside it in ``kinds/__init__.py``."""
    from . import OVERALL_METHODS

    r = ctx.r
    own = {name: m.keys for name, m in OVERALL_METHODS.items()}  # each method declares its keys
    f = r.mapping(node, path, required=("id", "measures"),
                  optional=("method", "min_rated", *dict.fromkeys(k for keys in own.values() for k in keys))
                  + PROVENANCE)
    if f is None:
        return None
    method = r.choice(f["method"], join(path, "method"), list(OVERALL_METHODS), "overall method") \
        if "method" in f else "from_score"
    oid = ctx.rule_id(f["id"], join(path, "id")) if "id" in f else None
    measures = r.text(f["measures"], join(path, "measures")) if "measures" in f else None
    provenance = ctx.provenance(f, node, path, node.line)
    min_rated = _min_rated(ctx, f, path, counted)
    if method is None:
        return None
    for other, keys in own.items():
        for key in keys:
            if key in f and key not in own[method]:
                r.problem(f"'{key}' belongs to an overall rating by method {other}; this one is by {method}",
                          f[key], join(path, key), r.key_line(node, key))
    return OVERALL_METHODS[method].read(ctx, node, f, path, oid, measures, provenance, min_rated)


def read_from_score(ctx: Any, node: Node, f: dict[str, Node], path: str, oid: str | None, measures: str | None,
                    provenance: Provenance | None, min_rated: int | None) -> OverallRule | None:
    """``method: from_score`` (the default): bands on the mean points and/or published score tables."""
    r = ctx.r
    if not ctx.has_score:
        r.problem("the overall rating is read from the score, and this rule set has none ('score: none'): give a "
                  "score, write 'overall: none', or give the overall by rules (method: first_match)", node, path)
        return None
    if not ctx.scale or ctx.scale_broken:  # the overall's range depends on the top points
        return None
    counted = ctx.counted
    top = max(p.points for p in ctx.scale.values())
    band_set = None
    if "bands" in f:
        band_set = read_band_set(ctx, f, node, path, oid, Fraction(0), Fraction(top), " points")
        if band_set is None:
            return None
    tables = _score_tables(ctx, f["score_tables"], join(path, "score_tables"), top, counted) \
        if "score_tables" in f else {}
    if tables is None:
        return None
    possible = [top * n for n in range(counted, (min_rated or 1) - 1, -1)]  # below min_rated: Not rated
    missing = [m for m in possible if m not in tables]
    if band_set is None and missing:
        what = ("the overall rating has neither 'bands' (mean points per rated standard) nor "
                "'score_tables'") if not tables else \
            (f"the score tables do not cover every possible maximum: {', '.join(map(str, missing))} "
             f"(when standards are Not rated) have no table; add them, or give 'bands' on the mean points")
        r.problem(what, node, path, r.key_line(node, "score_tables") if tables else None)
        return None
    if oid is None or measures is None or provenance is None or min_rated is None:
        return None
    return OverallRule(oid, band_set, provenance, measures, tables, min_rated)


FROM_SCORE = OverallMethod(read_from_score, ("bands", "score_tables", "rounding"))


def _min_rated(ctx: Any, f: dict[str, Node], path: str, counted: int) -> int | None:
    """``min_rated``: the fewest counted, rated standards the overall rating is given from (default 1)."""
    if "min_rated" not in f:
        return 1
    r = ctx.r
    min_rated: int | None = r.integer(f["min_rated"], join(path, "min_rated"), minimum=1)
    if min_rated is not None and min_rated > counted:
        r.problem(f"min_rated {min_rated} is more than the {counted} counted standards: the overall rating could "
                  "never be given", f["min_rated"], join(path, "min_rated"))
        return None
    return min_rated


def _score_tables(ctx: Any, node: Node, path: str, top: int, counted: int) -> dict[int, ScoreTable] | None:
    r = ctx.r
    items = r.sequence(node, path)
    if items is None:
        return None
    out: dict[int, ScoreTable] = {}
    ok = True
    for i, item in enumerate(items):
        p = join(path, i)
        f = r.mapping(item, p, required=("maximum", "ranges"), optional=PROVENANCE)
        if f is None or "maximum" not in f or "ranges" not in f:
            ok = False
            continue
        maximum = r.integer(f["maximum"], join(p, "maximum"), minimum=1)
        provenance = ctx.provenance(f, item, p, item.line)
        if maximum is None or provenance is None:
            ok = False
            continue
        possible = [top * n for n in range(1, counted + 1)]
        if maximum not in possible:
            r.problem(f"{maximum} is not a possible maximum: with {counted} counted standards at up to {top} "
                      f"points the maxima are {', '.join(map(str, possible))}", f["maximum"], join(p, "maximum"))
            ok = False
            continue
        if maximum in out:
            r.problem(f"a second score table for the maximum {maximum} (first on line {out[maximum].line})",
                      f["maximum"], join(p, "maximum"))
            ok = False
            continue
        ranges = _score_ranges(ctx, f["ranges"], join(p, "ranges"), maximum)
        if ranges is None:
            ok = False
            continue
        out[maximum] = ScoreTable(maximum, ranges, provenance, item.line)
    return out if ok else None


def _score_ranges(ctx: Any, node: Node, path: str, maximum: int) -> tuple[tuple[Rating, int, int], ...] | None:
    """``{rating: "low-high"}`` covering every score from 0 to the maximum once, rising with the rating."""
    r = ctx.r
    if node.kind != "map" or not node.value:
        r.problem("expected a mapping of ratings to score ranges, e.g. {Inadequate: 0-6, ...}", node, path)
        return None
    found = []
    for key, value in node.value.items():
        p = join(path, key)
        rating = ctx.rating(Node("str", key, r.key_line(node, key), key), p)
        text = value.text.strip() if value.kind in ("str", "int") else ""
        m = _RANGE.match(text)
        if m is None:
            r.problem(f"expected a score range such as 7-18 (or one score such as 36), found {describe(value)}",
                      value, p)
            continue
        low, high = whole_number(m.group(1)), whole_number(m.group(2) or m.group(1))
        if low is None or high is None:
            r.problem(f"expected a score range such as 7-18, found {describe(value)} ({TOO_LARGE})", value, p)
            continue
        if rating is None:
            continue
        if low > high:
            r.problem(f"the range {low}-{high} is empty", value, p)
            continue
        found.append((low, high, rating, value.line))
    if len(found) != len(node.value):
        return None
    found.sort()
    ok = True
    expected_low = 0
    for low, high, rating, line in found:
        if low > expected_low:
            r.problem(f"gap in the score table for {maximum}: no rating for "
                      + (f"{expected_low}" if low - 1 == expected_low else f"{expected_low}-{low - 1}"),
                      node, path, line)
            ok = False
        elif low < expected_low:
            both = f"{low}" if low == expected_low - 1 else f"{low}-{expected_low - 1}"
            r.problem(f"overlap in the score table for {maximum}: {both} has two ratings", node, path, line)
            ok = False
        expected_low = max(expected_low, high + 1)
    if expected_low <= maximum and ok:
        r.problem(f"gap in the score table for {maximum}: no rating for "
                  + (f"{expected_low}" if expected_low == maximum else f"{expected_low}-{maximum}"), node, path)
        ok = False
    elif expected_low > maximum + 1:
        r.problem(f"the score table for {maximum} goes past {maximum}", node, path)
        ok = False
    for (_, _, below, _), (_, _, above, line) in zip(found, found[1:]):
        if above.rank < below.rank:
            r.problem(f"the score table for {maximum} rates a higher score lower ('{above}' above '{below}')",
                      node, path, line)
            ok = False
    return tuple((rating, low, high) for low, high, rating, _ in found) if ok else None
