"""Hypothesis strategies for inspections of any rule set: property tests of your own rule sets.

Needs the ``testing`` extra (``pip install "ratings[testing]"``, which installs hypothesis).

By default an inspection is *realistic*: every standard rated, every key question given as counts
(``{yes: Y, of: N}``). Options widen it: ``not_rated`` (standards Not rated, key questions without
applicable cases), ``unknowns`` (judgements, key questions and whole standards ``unknown``), ``results``
(``"percentages"`` only, or ``"either"``), ``edges`` (results at, or just either side of, every band
threshold, as often as anywhere else), ``rough`` (results as a report sometimes gives them: a key question
within a range, ``{between: [LOW, HIGH]}``; a standard by its figure alone, ``{lowest: X}`` or ``{mean: X}``;
a rating the inspectors awarded above a decision rule's limit, ``{awarded: RATING, reason: ...}``, and now and
then an overall rating awarded, departing from the overall method).

>>> from hypothesis import given, settings
>>> import ratings
>>> from ratings.testing import inspections
>>> RULES = ratings.load_rules("hmip-probation-pdu-2021")
>>> @settings(max_examples=25)
... @given(inspections(RULES))
... def test_the_overall_is_always_a_rating(inspection):
...     assert ratings.rate(inspection, RULES).overall in RULES.scale
>>> test_the_overall_is_always_a_rating()

By default every standard is rated, so all nine of this rule set count towards the maximum score; with
``not_rated=True`` some are not, and hypothesis finds one:

>>> @settings(max_examples=25)
... @given(inspections(RULES))
... def test_every_standard_counts(inspection):
...     assert ratings.rate(inspection, RULES).max_score == 27
>>> test_every_standard_counts()
>>> from hypothesis import Phase
>>> @settings(max_examples=100, database=None, phases=[Phase.generate])  # finding one is enough: no shrinking
... @given(inspections(RULES, not_rated=True))
... def test_every_standard_counts_even_when_not_rated(inspection):
...     assert ratings.rate(inspection, RULES).max_score == 27
>>> try:
...     test_every_standard_counts_even_when_not_rated()
... except AssertionError:
...     print("falsified")
falsified

Every strategy draws the *input* form (the mapping an inspection file holds), so what it draws can be given
to :func:`ratings.rate` (with the rule set), written to a file (:func:`inspection_files`, :func:`as_yaml`),
or changed.
"""

from __future__ import annotations

import functools
import math
import os
from fractions import Fraction
from typing import Any

from ._hypothesis import st

from ..kinds.ranges import AGGREGATES
from ..loading.registry import bundled_ids, load_rules
from ..model.objects import BandSet, RuleSet, Standard

__all__ = ["inspections", "inspection_files", "judgements", "case_results", "key_question_results",
           "percentages", "counts", "near_edges", "as_yaml"]

RESULTS = ("counts", "percentages", "either")
UNKNOWN = "unknown"
NOT_RATED = "not rated"
HAIR = Fraction(1, 10**6)  # how far "just either side" of a threshold a percentage lies


def near_edges(rules: RuleSet) -> list[Fraction]:
    """Every band threshold of the rule set's case bands, with values a hair either side: where bugs live.

    >>> import ratings
    >>> [str(v) for v in near_edges(ratings.load_rules("hmip-probation-pdu-2021"))][:4]
    ['0', '1/1000000', '49999999/1000000', '50']
    """
    out: set[Fraction] = set()
    for band_set in rules.band_sets.values():
        for edge in _thresholds(rules, band_set):
            out.update(v for v in (edge - HAIR, edge, edge + HAIR) if band_set.low <= v <= band_set.high)
    return sorted(out)


def _thresholds(rules: RuleSet, band_set: BandSet) -> list[Fraction]:
    return sorted({edge for band in band_set.bands for edge in (band.low, band.high)})


def percentages(rules: RuleSet | None = None, *, edges: bool = False) -> st.SearchStrategy[int | Fraction]:
    """A percentage as a file gives it: a whole number or a decimal of two places (an exact ``Fraction``);
    with ``edges`` (and a rule set), as often a band threshold or a hair either side of one.

    >>> from hypothesis import find
    >>> find(percentages(), lambda p: 64 < p < 65) < 65
    True
    """
    return _percentages(tuple(near_edges(rules)) if edges and rules is not None and rules.band_sets else ())


@functools.lru_cache(maxsize=256)
def _percentages(edges: tuple[Fraction, ...]) -> st.SearchStrategy[int | Fraction]:
    """Whole, of two places (one draw each: st.decimals takes several), or one of ``edges`` when given."""
    options: list[st.SearchStrategy[int | Fraction]] = [st.integers(0, 100), st.integers(0, 10_000).map(_hundredths)]
    if edges:
        options.append(st.sampled_from(edges))
    return st.one_of(*options)


def _hundredths(n: int) -> Fraction:
    return Fraction(n, 100)


def counts(rules: RuleSet | None = None, *, edges: bool = False,
           max_cases: int = 60) -> st.SearchStrategy[dict[str, int]]:
    """``{yes: Y, of: N}`` with 0 <= Y <= N and 1 <= N <= ``max_cases`` (a dozen cases or fewer as often as
    any number); with ``edges`` (and a rule set), as often exactly at a band threshold (where ``N`` allows)
    or one case either side of it.

    >>> from hypothesis import given
    >>> @given(counts(max_cases=10))
    ... def test_counts(c):
    ...     assert 0 <= c["yes"] <= c["of"] <= 10
    >>> test_counts()
    """
    if max_cases < 1:
        raise ValueError(f"max_cases must be at least 1, not {max_cases}")
    thresholds: tuple[Fraction, ...] = ()
    if edges and rules is not None and rules.band_sets:
        thresholds = tuple(sorted({t for bs in rules.band_sets.values() for t in _thresholds(rules, bs)}))
    if max_cases <= _TABLE_MOST:  # one draw per result (hypothesis spends its time per draw)
        return st.sampled_from(_count_choices(thresholds, max_cases)).map(_as_counts)
    anywhere = _counts(max_cases)  # too many pairs to list: drawn in parts
    return st.one_of(anywhere, _edge_counts(thresholds, max_cases)) if thresholds else anywhere


def _as_counts(pair: tuple[int, int]) -> dict[str, int]:
    return {"yes": pair[0], "of": pair[1]}  # a new mapping each time: the caller may change it


@functools.lru_cache(maxsize=64)
def _count_choices(thresholds: tuple[Fraction, ...], max_cases: int) -> tuple[tuple[int, int], ...]:
    """The (yes, of) pairs to draw from, fewest cases first (hypothesis shrinks towards them): a dozen cases or
    fewer as often as any number, and as often again at or beside a threshold when there are thresholds."""
    few = _count_pairs(min(max_cases, 12))
    every = _count_pairs(max_cases)
    choices = few * max(1, len(every) // len(few)) + every
    if thresholds:
        edge = _edge_pairs(thresholds, max_cases)
        choices += edge * max(1, len(choices) // len(edge))  # about half the draws
    return tuple(sorted(choices, key=lambda p: (p[1], p[0])))


_TABLE_MOST = 200  # cases: up to this many, every (yes, of) pair is listed (about 20,000 of them)


@st.composite
def _counts(draw: st.DrawFn, max_cases: int) -> dict[str, int]:
    of = draw(st.integers(1, max_cases))
    return {"yes": draw(st.integers(0, of)), "of": of}


@st.composite
def _edge_counts(draw: st.DrawFn, thresholds: tuple[Fraction, ...], max_cases: int) -> dict[str, int]:
    threshold = draw(st.sampled_from(thresholds))
    return _as_counts(draw(st.sampled_from(_edge_pairs((threshold,), max_cases))))


def _count_pairs(max_cases: int) -> tuple[tuple[int, int], ...]:
    return tuple((yes, of) for of in range(1, max_cases + 1) for yes in range(of + 1))


@functools.lru_cache(maxsize=256)
def _edge_pairs(thresholds: tuple[Fraction, ...], max_cases: int) -> tuple[tuple[int, int], ...]:
    """Counts at a threshold (for every number of cases up to ``max_cases`` that can hit it exactly), or one
    case either side of it."""
    pairs: set[tuple[int, int]] = set()
    for threshold in thresholds:
        step = (threshold / 100).denominator  # the fewest cases that can give exactly this share
        for of in range(step if step <= max_cases else 1, max_cases + 1, step if step <= max_cases else 1):
            at = math.ceil(threshold * of / 100)  # the fewest 'Yes' cases at or above the threshold
            pairs.update((min(max(at + d, 0), of), of) for d in (0, -1, 1))
    return tuple(sorted(pairs, key=lambda p: (p[1], p[0])))


def key_question_results(rules: RuleSet | None = None, *, results: str = "counts", not_rated: bool = False,
                         unknowns: bool = False, edges: bool = False, max_cases: int = 60,
                         rough: bool = False) -> st.SearchStrategy[Any]:
    """One key question's result: counts, a percentage, or either (``results``); with ``not_rated``
    sometimes ``None`` (no applicable cases); with ``unknowns`` sometimes ``"unknown"``; with ``rough``
    sometimes a percentage known only within a range, ``{between: [LOW, HIGH]}``.

    >>> from hypothesis import find
    >>> find(key_question_results(results="percentages", not_rated=True), lambda r: r is None)
    """
    if results not in RESULTS:
        raise ValueError(f"results must be one of {', '.join(RESULTS)}, not {results!r}")
    return _key_question_results(None if rules is None else _Same(rules), results, not_rated, unknowns, edges,
                                 max_cases, rough)


def case_results(rules: RuleSet, standard: str | Standard, *, results: str = "counts", not_rated: bool = False,
                 unknowns: bool = False, edges: bool = False, max_cases: int = 60,
                 rough: bool = False) -> st.SearchStrategy[Any]:
    """A case standard's entry: every key question's result; with ``not_rated`` sometimes ``"not rated"``,
    with ``unknowns`` sometimes ``"unknown"``, with ``rough`` key questions within a range and sometimes only
    the standard's figure (``{lowest: X}`` or ``{mean: X}``, X a percentage or a range).

    >>> import ratings
    >>> from hypothesis import find
    >>> RULES = ratings.load_rules("hmip-probation-pdu-2021")
    >>> sorted(find(case_results(RULES, "assessment"), lambda entry: True))
    ['desistance', 'engagement', 'keeping_safe']
    """
    rules = _rules(rules)
    std = rules.standards[standard] if isinstance(standard, str) else standard
    is_case = std.kind == "case"
    result = key_question_results(rules, results=results, not_rated=not_rated, unknowns=unknowns, edges=edges,
                                  max_cases=max_cases, rough=rough and is_case)
    return _case_results(std, result, not_rated and is_case, unknowns and is_case,
                         _figures(_Same(rules)) if rough and is_case else None)


def judgements(rules: RuleSet, *, not_rated: bool = False, unknowns: bool = False,
               rough: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """The inspectors' judgement for every judged standard: a rating of the scale; with ``not_rated``
    sometimes Not rated, with ``unknowns`` sometimes ``"unknown"``, with ``rough`` sometimes, for a standard
    a decision rule limits, a rating the inspectors awarded (``{awarded: RATING, reason: ...}``, which the
    rule does not lower).

    >>> import ratings
    >>> from hypothesis import find
    >>> find(judgements(ratings.load_rules("hmip-probation-pdu-2021")), lambda j: True)
    {'leadership': 'Outstanding', 'staff': 'Outstanding', 'services': 'Outstanding', 'information_and_facilities': 'Outstanding'}
    """
    rules = _rules(rules)

    def judgement(sid: str) -> st.SearchStrategy[Any]:  # a rating of the standard's own scale
        scale = [str(r) for r in rules.ratings_of(sid)]
        given = st.sampled_from(scale + ([str(rules.not_rated)] if not_rated else []) + ([UNKNOWN] if unknowns
                                                                                          else []))
        if rough and rules.rules_for(sid):  # a quarter of the time, awarded (where a decision rule limits it)
            return st.one_of(given, given, given, st.sampled_from(scale).map(_awarded))
        return given

    return st.fixed_dictionaries({s.id: judgement(s.id) for s in rules.standards.values() if s.kind == "judged"})


def _awarded(rating: str) -> dict[str, str]:
    return {"awarded": rating, "reason": "as the report gives it"}


def inspections(rules: RuleSet | str | os.PathLike[str], *, not_rated: bool = False, unknowns: bool = False,
                results: str = "counts", edges: bool = False, name: bool = True, max_cases: int = 60,
                rough: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """A whole inspection of ``rules`` (a rule set, its id or its path): the mapping an inspection file
    holds, naming the rule set (``rules:``, its id when bundled, else its file) when it can.

    Realistic by default (see the module's docstring for the options); information standards are given only
    sometimes, as in a report.

    >>> import ratings
    >>> from hypothesis import given, settings
    >>> RULES = ratings.load_rules("hmip-probation-pdu-2021")
    >>> @settings(max_examples=20)
    ... @given(inspections(RULES))
    ... def test_each_is_an_inspection_file_of_the_rule_set(example):
    ...     assert list(example) == ["name", "rules", "judgements", "cases"]
    ...     assert example["rules"] == "hmip-probation-pdu-2021"
    ...     assert sorted(example["cases"]["assessment"]) == ["desistance", "engagement", "keeping_safe"]
    ...     assert ratings.rate(example).max_score == 27
    >>> test_each_is_an_inspection_file_of_the_rule_set()
    """
    if results not in RESULTS:
        raise ValueError(f"results must be one of {', '.join(RESULTS)}, not {results!r}")
    return _inspections_of(_Same(_rules(rules)), not_rated, unknowns, results, edges, name, max_cases, rough)


def inspection_files(rules: RuleSet | str | os.PathLike[str], **options: Any) -> st.SearchStrategy[str]:
    """The YAML text of an inspection file of ``rules`` (the options are :func:`inspections`'): to write to
    a file and rate as a user would.

    >>> import ratings
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(inspection_files("hmip-probation-pdu-2021", name=False))
    ... def test_each_file_names_its_rule_set_first(text):
    ...     assert text.startswith("rules: hmip-probation-pdu-2021\\n")
    >>> test_each_file_names_its_rule_set_first()
    """
    return inspections(rules, **options).map(as_yaml)


# ------------------------------------------------------------------------------------------------ building
# Strategies are built once per rule set (and options), not on every draw: building them (the band edges
# above all) costs far more than drawing from them. A rule set is the same rule set only as the same object.

# Names: mostly ones a report could carry (one draw each), a quarter of the time any text at all (a draw per
# character), so that output is still tried with whatever a name may hold
_PLACES = st.sampled_from(("Cheshire West", "Wrexham & Flintshire", "Bath and North East Somerset",
                           "Ynys Môn", "St Helens, Knowsley (PDU)", "Brent <north>", "O'Neill \"house\"",
                           "Ceredigion – Powys", "Yes", "null", "0E0", "  Leading and trailing  "))
_NAMES = st.one_of(_PLACES, _PLACES, _PLACES, st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                                                      min_size=1, max_size=30).filter(str.strip))


class _Same:
    """A rule set as a cache key: by identity (a RuleSet is not hashable, and equal is not enough)."""

    __slots__ = ("rules",)

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules

    def __hash__(self) -> int:
        return id(self.rules)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.rules is self.rules


def _rules(rules: RuleSet | str | os.PathLike[str]) -> RuleSet:
    return rules if isinstance(rules, RuleSet) else load_rules(rules)


def _reference(rules: RuleSet) -> str | None:
    """What an inspection's ``rules:`` says to name ``rules``: its id when bundled (and the bundled one is
    this one), else its file's absolute path, else nothing."""
    if rules.id in bundled_ids() and load_rules(rules.id) is rules:
        return rules.id
    if rules.path and os.path.isfile(rules.path):
        return os.path.abspath(rules.path)
    return None


@functools.lru_cache(maxsize=256)
def _key_question_results(rules: _Same | None, results: str, not_rated: bool, unknowns: bool, edges: bool,
                          max_cases: int, rough: bool = False) -> st.SearchStrategy[Any]:
    given = None if rules is None else rules.rules
    options: list[st.SearchStrategy[Any]] = []
    if results in ("counts", "either"):
        options.append(counts(given, edges=edges, max_cases=max_cases))
    if results in ("percentages", "either"):
        options.append(percentages(given, edges=edges))
    if not_rated:
        options.append(st.none())
    if unknowns:
        options.append(st.just(UNKNOWN))
    if rough:
        options.append(_ranges(rules))
    return st.one_of(*options) if len(options) > 1 else options[0]


@functools.lru_cache(maxsize=256)
def _ranges(rules: _Same | None) -> st.SearchStrategy[dict[str, list[int | Fraction]]]:
    """A percentage known only within a range: ``{between: [LOW, HIGH]}``."""
    ends = _rough_values(rules)
    return st.tuples(ends, ends).map(_between)


@functools.lru_cache(maxsize=256)
def _rough_values(rules: _Same | None) -> st.SearchStrategy[int | Fraction]:
    """A percentage a report gives roughly, at a range's end or as a standard's figure: whole, of two places,
    or at or beside a band edge — only values a file can write as a decimal (a range's ends and a figure are
    numbers, never counts)."""
    edges = () if rules is None else tuple(v for v in near_edges(rules.rules) if _exact_decimal(v) is not None)
    return _percentages(edges)


def _between(ends: tuple[int | Fraction, int | Fraction]) -> dict[str, list[int | Fraction]]:
    return {"between": sorted(ends)}


@functools.lru_cache(maxsize=256)
def _figures(rules: _Same) -> st.SearchStrategy[dict[str, Any]]:
    """A case standard given by its figure alone: the lowest or the mean of its key questions, a percentage
    or a range."""
    value = st.one_of(_rough_values(rules), _ranges(rules))
    return st.tuples(st.sampled_from(AGGREGATES), value).map(_figure)


def _figure(pair: tuple[str, Any]) -> dict[str, Any]:
    return {pair[0]: pair[1]}


def _case_results(standard: Standard, result: st.SearchStrategy[Any], not_rated: bool, unknowns: bool,
                  figures: st.SearchStrategy[Any] | None = None) -> st.SearchStrategy[Any]:
    entry = st.fixed_dictionaries({q.id: result for q in standard.key_questions})
    whole = ([st.just(NOT_RATED)] if not_rated else []) + ([st.just(UNKNOWN)] if unknowns else []) + \
        ([figures] if figures is not None else [])
    return st.one_of(entry, entry, entry, *whole) if whole else entry  # mostly given


def _scored_results(standard: Standard, not_rated: bool, unknowns: bool) -> st.SearchStrategy[Any]:
    """A scored standard's items: mostly scores in its range, now and then not scored (null) or, with
    ``unknowns``, unknown; the whole standard now and then Not rated or unknown."""
    method = standard.case_rating
    score = st.integers(method.lowest, method.highest)
    item = st.one_of(score, score, score, score, st.none(), *([st.just(UNKNOWN)] if unknowns else []))
    return _case_results(standard, item, not_rated, unknowns)


@functools.lru_cache(maxsize=256)
def _inspections_of(same: _Same, not_rated: bool, unknowns: bool, results: str, edges: bool, name: bool,
                    max_cases: int, rough: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    rules = same.rules
    result = _key_question_results(same, results, not_rated, unknowns, edges, max_cases, rough)
    information = _key_question_results(same, results, not_rated, False, edges, max_cases)
    figures = _figures(same) if rough else None
    parts = tuple((s.id, s.kind == "information",
                   _case_results(s, result, not_rated, unknowns, figures) if s.kind == "case" else
                   _case_results(s, information, False, False))
                  for s in rules.standards.values() if s.kind in ("case", "information"))
    judged = judgements(rules, not_rated=not_rated, unknowns=unknowns, rough=rough) \
        if any(s.kind == "judged" for s in rules.standards.values()) else None
    any_case = any(s.kind == "case" for s in rules.standards.values())
    scored = tuple((s.id, _scored_results(s, not_rated, unknowns)) for s in rules.standards.values()
                   if s.kind == "scored")
    # rough: now and then the inspectors' departure from the overall method (an overall award)
    overall = st.sampled_from([str(r) for r in rules.ratings_of("overall")]).map(_awarded) \
        if rough and rules.overall is not None else None
    return _inspections(_reference(rules), judged, parts, any_case, name, overall, scored)


@st.composite
def _inspections(draw: st.DrawFn, reference: str | None, judged: st.SearchStrategy[dict[str, Any]] | None,
                 parts: tuple[tuple[str, bool, st.SearchStrategy[Any]], ...], any_case: bool, name: bool,
                 overall: st.SearchStrategy[dict[str, str]] | None = None,
                 scored: tuple[tuple[str, st.SearchStrategy[Any]], ...] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if name:
        out["name"] = draw(_NAMES)
    if reference is not None:
        out["rules"] = reference
    if judged is not None:
        out["judgements"] = draw(judged)
    cases: dict[str, Any] = {}
    for sid, sometimes, entry in parts:
        if not sometimes or draw(st.booleans()):
            cases[sid] = draw(entry)
    if cases or any_case:
        out["cases"] = cases
    if scored:
        out["scores"] = {sid: draw(entry) for sid, entry in scored}
    if overall is not None and draw(st.integers(0, 7)) == 0:
        out["overall"] = draw(overall)
    return out


# ---------------------------------------------------------------------------------------------- to files


def as_yaml(inspection: dict[str, Any]) -> str:
    """The YAML text of a drawn inspection (fractions as exact decimals, or as counts when no decimal is
    exact), to write it to a file.

    >>> from fractions import Fraction
    >>> print(as_yaml({"cases": {"assessment": {"engagement": Fraction(131, 2), "safety": Fraction(100, 3)}}}),
    ...       end="")
    cases:
      assessment:
        engagement: 65.5
        safety:
          'yes': 1
          of: 3
    """
    import yaml

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, Fraction):
            if value.denominator == 1:
                return value.numerator
            text = _exact_decimal(value)
            if text is None:  # a share no decimal holds exactly: as the counts that give it
                share = value / 100
                return {"yes": share.numerator, "of": share.denominator}
            return _Decimal(text)
        return value

    class _Dumper(yaml.SafeDumper):
        pass

    _Dumper.add_representer(_Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", str(v)))
    _Dumper.add_representer(str, _text)
    return yaml.dump(plain(inspection), Dumper=_Dumper, sort_keys=False, allow_unicode=True)


def _text(dumper: Any, value: str) -> Any:
    """Text, quoted where the files' YAML 1.2 reader would read it plain as something else: PyYAML quotes by
    YAML 1.1's rules, which leave '0E0' (a number in YAML 1.2) plain."""
    from ..reading.yaml_file import resolve_plain

    node = dumper.represent_str(value)
    if node.style is None and value and resolve_plain(value)[0] != "str":
        node.style = "'"
    return node


class _Decimal(str):
    """A decimal number's exact text, dumped as a plain YAML number."""


def _exact_decimal(value: Fraction, most: int = 30) -> str | None:
    """The exact decimal text of ``value``, or None when it has none of at most ``most`` digits."""
    digits = 0
    scaled = value
    while scaled.denominator != 1:
        scaled *= 10
        digits += 1
        if digits > most:
            return None
    sign = "-" if scaled < 0 else ""
    text = str(abs(scaled.numerator)).rjust(digits + 1, "0")
    return f"{sign}{text[:-digits]}.{text[-digits:]}" if digits else f"{sign}{text}"
