"""Case-rating methods: how a case standard's key-question results give its rating.

A rule set names its default method (``case_rating: {method: ...}``) and a case standard may carry its
own. Each method is one class in its own module (``lowest_key_question.py``, ``mean_key_questions.py``),
registered in ``kinds/__init__.py``; this module holds what they share: reading ``case_rating``, the
evaluation step that applies a method to one standard, the sentence for a standard that is Not rated, and
the reading of raw key-question values on the fast path.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Callable, Mapping

import attrs

from ..model.errors import RatingsError
from ..model.objects import (Band, Figure, KeyQuestionResult, PooledResult, Provenance, Rating, RuleSet,
                             Standard, TraceEntry, trace_entry)
from ..model.words import and_list, approx, question_text, questions
from ..reading.reader import join, one_of
from ..reading.yaml_file import MAX_NUMBER_DIGITS, Node, _number
from . import ranges
from .bands import bands_of, threshold
from .base import NOT_RATED, Code, Slow, State, report, var
from .moves import Change, Margin

PROVENANCE = ("source", "confidence", "notes")


@attrs.define(unsafe_hash=True, cache_hash=True)
class CaseDetail:
    """How a case standard got its rating: the band of the measure (the lowest key question, the mean...),
    or why it is Not rated. Hashable: it is the fact a trace sentence quotes. Never changed once made (not
    frozen only because a frozen class takes four times as long to make, on every rating)."""

    rating: Rating
    band: Band | None = None
    value: Fraction | None = None  # the measure that was banded
    lowest: str | None = None  # the key question that drove the rating (lowest method)
    result: KeyQuestionResult | None = None  # that key question's result
    left_out: tuple[str, ...] = ()  # key questions without applicable cases
    tied: tuple[str, ...] = ()  # other key questions equally low
    no_cases: bool = False  # Not rated because no key question had applicable cases
    # (key question, PooledResult) for each result pooled from several units
    pooled: tuple[tuple[str, PooledResult], ...] = ()


@attrs.frozen
class CaseRatingMethod:
    """A case-rating method with its rule's id, description and provenance. Subclasses set ``name`` (the
    YAML spelling) and ``summary``, and define ``measure`` and the analyses' hooks."""

    id: str
    description: str
    provenance: Provenance
    line: int | None = attrs.field(default=None, eq=False)

    name = ""
    summary = ""
    aggregate = ""  # the measure it bands, when it is one ``ranges.py`` knows: "lowest" or "mean"
    sampled = True  # whether its parts are samples of cases (``confidence`` weighs them); else held as given
    section = "cases"  # the inspection's section giving its parts
    section_var = "c"  # that section in the fast path's generated code
    banded = True  # whether its rating comes from the standard's bands (a chart draws them only then)

    # -------------------------------------------------------------------------------------- rating

    def rate(self, standard: Standard, given: Mapping[str, KeyQuestionResult | None] | None,
             not_rated: Rating) -> CaseDetail:
        """The rating of one case standard (Not rated when the inspection did not rate it, or when no key
        question had applicable cases)."""
        if given is None:
            return CaseDetail(not_rated)
        applicable = [(q.id, r) for q in standard.key_questions if (r := given.get(q.id)) is not None]
        if not applicable:
            return CaseDetail(not_rated, no_cases=True)
        left_out = tuple(q.id for q in standard.key_questions if given.get(q.id) is None)
        detail = self.measure(standard, applicable, left_out)
        pooled = tuple((q, r) for q, r in applicable if type(r) is PooledResult)
        return attrs.evolve(detail, pooled=pooled) if pooled else detail

    def measure(self, standard: Standard, applicable: list[tuple[str, KeyQuestionResult]],
                left_out: tuple[str, ...]) -> CaseDetail:
        raise NotImplementedError

    # ------------------------------------------------------------------------------------ sentences

    def explain(self, rules: RuleSet, standard: Standard, detail: CaseDetail) -> TraceEntry:
        if detail.band is None:
            why = ("none of its key questions had applicable cases" if detail.no_cases
                   else "the inspection did not rate it")
            return trace_entry("not_rated", self.id if detail.no_cases else None, standard.id,
                               f"{standard.label} is {rules.not_rated}: {why}, so it is neither scored nor counted.",
                               [(self.id, self.provenance)] if detail.no_cases else ())
        bands = bands_of(standard)
        return trace_entry("band", bands.id, standard.id,
                           self.band_sentence(standard, detail) + pooled_clause(standard, detail),
                           [(self.id, self.provenance), (bands.id, bands.provenance)])

    def band_sentence(self, standard: Standard, detail: CaseDetail) -> str:
        raise NotImplementedError

    def note(self, detail: CaseDetail | None, results: Any) -> str:
        """What the ratings page shows beside the rating ('lowest: keeping_safe 32%')."""
        return ""

    def open_note(self, standard: Standard, results: Any, figure: Figure | None) -> str:
        """What the ratings page shows beside a rating its unknowns leave open: the method's note, with the
        range its measure can take ('lowest: 33-40%'); '' for a measure ``ranges.py`` does not know."""
        if self.aggregate not in ranges.AGGREGATES:
            return ""
        seg = ranges.segment(self.aggregate, ranges.box_of(standard, results), figure)
        if seg is None:
            return ""
        span = f"{approx(seg.low)}%" if seg.low == seg.high else f"{approx(seg.low)}-{approx(seg.high)}%"
        return self.note_words(span)

    def note_words(self, value: str) -> str:
        """The note's words around a value of the measure ('lowest: 32%')."""
        return ""

    def axis_text(self, value: Fraction, results: Any, unit: str) -> str:
        """A value of the measure as a chart's axis labels it ('65%': ``unit`` is the bands')."""
        return f"{approx(value)}{unit}"

    def value_text(self, result: Any, edges: Any = ()) -> str:
        """One part's value as the ratings page shows it ('32%', '30-34%', 'unknown', 'n/a')."""
        return question_text(result, edges)

    def add_json(self, out: dict[str, Any], detail: CaseDetail | None, results: Any = None) -> None:
        """Add the method's own fields to a case standard's JSON (``results``: its parts as given)."""

    def card(self) -> str:
        """The method in one sentence, for the rule card."""
        return self.summary

    # ---------------------------------------------------------------------------------- fast path

    def emit(self, code: Code, standard: Standard, slot: int) -> None:
        """Code that sets the slot's rank from the raw mapping ``c`` (the inspection's ``cases``), checking
        the shape as the loader would, or raising Slow."""
        questions = standard.key_questions
        fetch = "; ".join(f"v{n} = a[{q.id!r}]" for n, q in enumerate(questions))
        code.line(f"a = {self.section_var}[{standard.id!r}]")
        code.line(f"if type(a) is dict and len(a) == {len(questions)}:")
        code.indent += "    "
        code.line(fetch)
        self.emit_rank(code, standard, [f"v{n}" for n in range(len(questions))], var(slot))
        code.indent = code.indent[:-4]
        code.line("elif a in NOT_RATED_NAMES:")
        code.line(f"    {var(slot)} = -1")
        code.line("else: raise Slow")

    def emit_rank(self, code: Code, standard: Standard, values: list[str], target: str) -> None:
        """Lines setting ``target`` to the rank from raw key-question values (-1 when none has applicable
        cases), raising Slow for a value of another shape."""
        raise NotImplementedError

    def from_raw(self, raw: Any) -> KeyQuestionResult | None:
        """A raw part the fast path accepted, as the loader would have read it."""
        return value_of(raw)

    # ------------------------------------------------------------------------------ for the analyses

    def margin(self, standard: Standard, results: Mapping[str, Any], rating: Rating) -> Margin | None:
        """How many cases (and points) from a lower or higher band (a ``moves.Margin``); None when the
        standard is Not rated or a key question is unknown."""
        applicable = applicable_of(results)
        if not rating.rated or not applicable or len(applicable) != sum(1 for r in results.values() if r is not None):
            return None
        bands = bands_of(standard)
        here = threshold(bands, rating.rank)
        better = [b.rating.rank for b in bands.bands if b.rating.rank > rating.rank]
        return self.margin_between(applicable, all(r.of is not None for r in applicable),
                                   None if here is None or (here[0] <= bands.low and here[1]) else here,
                                   threshold(bands, min(better)) if better else None)

    def margin_between(self, applicable: list[KeyQuestionResult], with_cases: bool, here: tuple[Fraction, bool] | None,
                       above: tuple[Fraction, bool] | None) -> Margin | None:
        """The margin given the thresholds of the band (``here``, None at the bottom) and the next
        (``above``, None at the top)."""
        raise NotImplementedError

    def options(self, standard: Standard, given: Mapping[str, Any], rank: int, unit: str,
                scale: tuple[Rating, ...]) -> list[tuple[int, int | Fraction, tuple[Change, ...]]]:
        """The ranks the standard can reach from ``rank`` by more cases judged 'Yes', each with its cheapest
        cost (cases or points) and changes: ``[(rank, cost, changes), ...]``, the current rank first at no
        cost, then rising ranks with costs that never fall."""
        raise NotImplementedError

    def possible_ranks(self, standard: Standard, given: Mapping[str, Any], figure: Figure | None = None
                       ) -> tuple[int, ...]:
        """The ranks the standard could have when some of its key questions are ``unknown`` or known only
        within a range, under the standard's ``figure`` if the file gives one. A method that bands the lowest
        or the mean of the results (its ``aggregate``) has it from ``ranges.py``, exactly; one that does not,
        and says nothing of its own, is refused in one line naming it."""
        if not self.aggregate:
            raise self.cannot("say what remains possible when some key questions are unknown", standard)
        return ranges.possible_ranks(standard, self.aggregate, given, figure)

    def fill(self, standard: Standard, given: Mapping[str, Any], rank: int, figure: Figure | None = None
             ) -> Mapping[str, KeyQuestionResult]:
        """Values for the key questions not known exactly that give ``rank`` and meet every constraint (a
        witness)."""
        if not self.aggregate:
            raise self.cannot("give values for unknown key questions", standard)
        return ranges.fill(standard, self.aggregate, given, rank, figure)

    def reading(self) -> str:
        """How the method reads the parts, in a few words: two standards whose methods say the same turn the
        same parts into the same measure (``rules diff`` compares only such standards; their bands may
        differ)."""
        return self.name

    def unit(self, given: Mapping[str, Any]) -> str:
        """What a change of the standard's parts costs in (``gap``): cases when every key question's number of
        applicable cases is known, else percentage points ("points")."""
        return "cases" if all(r.of is not None for r in given.values() if r is not None) else "points"

    def takes_figure(self) -> bool:
        """Whether an inspection file may give the standard a figure of its own (``lowest:``/``mean:``): a
        method must know how its measure bounds it (``ranges.py`` knows the lowest and the mean)."""
        return bool(self.aggregate)

    def cannot(self, what: str, standard: Standard) -> RatingsError:
        """The one-line refusal of an analysis this method cannot answer, naming the rule."""
        return RatingsError(f"{standard.label} is rated by {self.id} (method {self.name}), which cannot {what}")

    def chance_at_least(self, standard: Standard, applicable: list[KeyQuestionResult], rank: int,
                        share_at_least: Callable[[KeyQuestionResult, Fraction], float]) -> float:
        """The probability that the true shares give at least ``rank``, given ``share_at_least(result,
        threshold)`` for one key question; raise ``RatingsError`` when the method has no exact answer."""
        raise NotImplementedError


class PendingDetail:
    """A case standard's rating before its details: what the fast path reports to a trace, having computed
    the rank by the method's own compiled code. ``work_out()`` gives the :class:`CaseDetail` (kept with the
    plan by the raw values), only when a sentence quotes it. Equal and hashed by the raw values, which
    decide the details."""

    __slots__ = ("rating", "key", "_work_out")

    def __init__(self, rating: Rating, key: tuple[str, tuple[Any, ...] | None],
                 work_out: Callable[[tuple[str, tuple[Any, ...] | None]], CaseDetail]):
        self.rating, self.key, self._work_out = rating, key, work_out

    def work_out(self) -> CaseDetail:
        return self._work_out(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PendingDetail) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)


@attrs.frozen
class CaseStep:
    """Rate one case standard from the inspection's key-question results, by its method."""

    standard: Standard
    slot: int
    method: CaseRatingMethod
    not_rated: Rating

    def apply(self, state: State, tracer: Any) -> None:
        standard = self.standard
        detail = self.method.rate(standard, state.inspection.cases.get(standard.id), self.not_rated)
        state.details[standard.id] = detail
        state.ranks[self.slot] = state.unlimited[self.slot] = detail.rating.rank
        tracer.report(self, detail)

    def emit(self, code: Code) -> None:
        self.method.emit(code, self.standard, self.slot)

    def emit_traced(self, code: Code) -> None:
        """As ``emit``, reporting the rank with the standard's raw values (``a``, as ``emit`` left it), the
        details to be worked out when a sentence quotes them; ``RATING_OF`` and ``WORK_OUT`` are the
        plan's."""
        self.emit(code)
        r = var(self.slot)
        questions = code.const(tuple(q.id for q in self.standard.key_questions), "Q")
        code.line(f"u{self.slot} = {r}")
        report(code, self, f"{code.const(PendingDetail, 'PD')}(RATING_OF[{r}], ({self.standard.id!r}, "
                           f"{code.const(raw_key, 'RK')}(a, {questions})), WORK_OUT)")

    def exercised(self, detail: CaseDetail) -> tuple[tuple[str, str, int], ...]:
        """The coverage item a report exercises (``rules coverage``): the band that gave the rating."""
        if detail.band is None:
            return ()
        bands = bands_of(self.standard)
        return (("band", bands.id, bands.bands.index(detail.band)),)

    def explain(self, rules: RuleSet, detail: CaseDetail | PendingDetail) -> TraceEntry:
        if isinstance(detail, PendingDetail):
            detail = detail.work_out()
        return self.method.explain(rules, self.standard, detail)


# ---------------------------------------------------------------------------------- reading the YAML


def read_case_rating(ctx: Any, node: Node, path: str, methods: Mapping[str, type[CaseRatingMethod]],
                     standard: str | None = None, inherited: Provenance | None = None) -> CaseRatingMethod | None:
    """``case_rating``: the rule set's (``id``, ``method``, ``description``, ``source``, ``confidence``)
    or a standard's own (``method``, the rest optional: its id defaults to ``STANDARD-case-rating``, its
    provenance to the standard's)."""
    r = ctx.r
    required = () if standard else ("id", "description")
    optional = ("method", "id", "description") + PROVENANCE if standard else ("method",) + PROVENANCE
    f = r.mapping(node, path, required=required, optional=optional)
    if f is None:
        return None
    method = None
    if "method" in f:
        name = r.text(f["method"], join(path, "method"))
        if name is not None and name not in methods:
            r.problem(f"unknown case-rating method '{name}'; expected {one_of(methods)}", f["method"],
                      join(path, "method"))
        elif name is not None:
            method = methods[name]
    else:
        r.problem(f"missing key 'method': say how the key questions give the rating ({one_of(methods)})",
                  node, path)
    rid = ctx.rule_id(f["id"], join(path, "id")) if "id" in f else (f"{standard}-case-rating" if standard else None)
    description = r.text(f["description"], join(path, "description")) if "description" in f else None
    provenance = ctx.provenance(f, node, path, node.line, inherited)
    if method is None or rid is None or provenance is None:
        return None
    return method(rid, description or method.summary, provenance, node.line)


# ------------------------------------------------------------------------- raw values on the fast path

_WHOLE = {v: KeyQuestionResult(Fraction(v)) for v in range(101)}  # immutable, so shared


def left_out_clause(standard: Standard, detail: CaseDetail) -> str:
    """The clause a band sentence adds for key questions without applicable cases ('' when none)."""
    if not detail.left_out:
        return ""
    return (f"; {questions(standard, detail.left_out)} had no applicable cases and "
            f"{'is' if len(detail.left_out) == 1 else 'are'} left out")


def pooled_clause(standard: Standard, detail: CaseDetail) -> str:
    """The sentence a band sentence adds when key questions were pooled from several units ('' when none
    was): which, from which units, and for the key question the sentence quotes, each unit's counts."""
    if not detail.pooled:
        return ""
    units = list(dict.fromkeys(u.unit for _, r in detail.pooled for u in r.units))
    applicable = len(standard.key_questions) - len(detail.left_out)
    which = ("each key question counts" if len(detail.pooled) == applicable else
             f"{questions(standard, (q for q, _ in detail.pooled))} {'counts' if len(detail.pooled) == 1 else 'each count'}")
    out = (f" Pooled from {len(units)} unit{'s' if len(units) != 1 else ''} ({and_list(units)}): {which} the "
           "cases judged 'Yes' in all the units over the applicable cases in all the units")
    quoted = None if detail.lowest is None else dict(detail.pooled).get(detail.lowest)
    if quoted is not None:
        counted = [f"{u.unit} {u.yes} of {u.of}" for u in quoted.units if u.of is not None]
        none = [u.unit for u in quoted.units if u.of is None]
        out += f"; the key question quoted: {and_list(counted)}, {quoted.yes} of {quoted.of} in all"
        if none:
            out += f" ({and_list(none)} had no applicable cases)"
    return out + "."


def raw_key(given: Any, questions: tuple[str, ...]) -> tuple[Any, ...] | None:
    """A case standard's raw key-question values as a hashable key (counts as ``(yes, of)``), in the order
    of ``questions``; None when the standard is Not rated. The same raw values always give the same rating
    and details."""
    if type(given) is not dict:
        return None
    values = tuple(map(given.__getitem__, questions))
    for v in values:
        if type(v) is dict:  # counts: unhashable as given
            return tuple(v if type(v) is not dict else (v["yes"], v["of"]) for v in values)
    return values


def value_of(raw: Any) -> KeyQuestionResult | None:
    """A raw key-question value the fast path accepted, as the loader would have read it."""
    if raw is None:
        return None
    if type(raw) is int:
        return _WHOLE[raw]
    if type(raw) is dict:
        return KeyQuestionResult(Fraction(100 * raw["yes"], raw["of"]), raw["yes"], raw["of"])
    return KeyQuestionResult(exact(raw))


def exact(value: int | float) -> Fraction:
    """A number exactly as its text reads (0.1 is 1/10, not the binary float nearest it), as the loader
    reads numbers from files."""
    if type(value) is int:
        return Fraction(value)
    kind, number = _number(repr(value))
    if kind not in ("int", "number") or math.isnan(float(number)):
        raise Slow
    return Fraction(number)


def exact_percent(raw: Any) -> Fraction | None:
    """A raw key-question value as an exact percentage (None for no applicable cases), checking its shape
    as the loader would; Slow for anything else."""
    t = type(raw)
    if raw is None:
        return None
    if t is int:
        if 0 <= raw <= 100:
            return Fraction(raw)
        raise Slow
    if t is float:
        if not 0.0 <= raw <= 100.0 or 0.0 < raw < 1e-39:
            raise Slow
        return exact(raw)
    if t is dict and len(raw) == 2:
        y, o = raw["yes"], raw["of"]
        if type(y) is not int or type(o) is not int or not 0 <= y <= o or not 1 <= o < COUNT_LIMIT:
            raise Slow
        return Fraction(100 * y, o)
    raise Slow


#: Counts at or beyond the bound on every number read (reading/yaml_file.py) go the ordinary way, to its error.
COUNT_LIMIT = 10 ** MAX_NUMBER_DIGITS


def applicable_of(given: Mapping[str, Any]) -> list[KeyQuestionResult]:
    return [r for r in given.values() if isinstance(r, KeyQuestionResult)]


NOT_RATED_RANK = NOT_RATED
