"""Hypothesis strategies for inspections of any rule set, for this project's tests and for yours.

Needs the ``test`` extra (``pip install "ratings[test]"``)::

    from hypothesis import given
    import ratings
    from ratings.strategies import inspections

    RULES = ratings.load_rules("hmip-probation-pdu-2021")

    @given(inspections(RULES))
    def test_overall_is_always_a_rating(inspection):
        assert ratings.rate(inspection, RULES).overall in {"Outstanding", "Good", ...}

Every strategy draws the *input* form (the mapping an inspection file holds), so what it draws can be fed
to :func:`ratings.rate`, written to a file, or mutated.
"""

from __future__ import annotations

import functools
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from .model.objects import RuleSet, Standard

__all__ = ["percentages", "key_question_results", "case_results", "judgements", "inspections",
           "near_edges", "as_yaml"]


def near_edges(rules: RuleSet) -> list[Fraction]:
    """Every band threshold of the rule set, with values a hair either side: where bugs live."""
    hair = Fraction(1, 10**6)
    out = set()
    for band_set in rules.band_sets.values():
        for band in band_set.bands:
            for edge in (band.low, band.high):
                out.update(v for v in (edge - hair, edge, edge + hair) if band_set.low <= v <= band_set.high)
    return sorted(out)


def percentages(rules: RuleSet | None = None) -> st.SearchStrategy[Any]:
    """A percentage as a file would give it: a whole number, a decimal, or (with a rule set) a band edge."""
    whole = st.integers(0, 100)
    decimal = st.decimals(0, 100, places=2, allow_nan=False, allow_infinity=False).map(Fraction)
    options = [whole, decimal]
    if rules is not None and rules.band_sets:
        options.append(st.sampled_from(near_edges(rules)))
    return st.one_of(*options)


@st.composite
def counts(draw: st.DrawFn, max_cases: int = 60) -> dict[str, int]:
    """``{yes: Y, of: N}`` with 0 <= Y <= N and 1 <= N <= max_cases."""
    of = draw(st.integers(1, max_cases))
    return {"yes": draw(st.integers(0, of)), "of": of}


def key_question_results(rules: RuleSet | None = None, *, allow_counts: bool = True,
                         allow_no_cases: bool = True) -> st.SearchStrategy[Any]:
    """One key question's result: a percentage, ``{yes, of}``, or ``None`` (no applicable cases)."""
    if rules is None:
        return _key_question_results(None, allow_counts, allow_no_cases)
    return _key_question_results(_Same(rules), allow_counts, allow_no_cases)


def case_results(standard: Standard, rules: RuleSet | None = None, *, allow_not_rated: bool = True,
                 allow_counts: bool = True, allow_no_cases: bool = True) -> st.SearchStrategy[Any]:
    """A case standard's entry: each key question's result, or (sometimes) ``not rated``."""
    result = key_question_results(rules, allow_counts=allow_counts, allow_no_cases=allow_no_cases)
    return _case_results(standard, result, allow_not_rated)


def judgements(rules: RuleSet, *, allow_not_rated: bool = True) -> st.SearchStrategy[dict[str, str]]:
    """The inspectors' judgement for every judged standard."""
    names = [str(r) for r in rules.scale] + ([str(rules.not_rated)] if allow_not_rated else [])
    return st.fixed_dictionaries({s.id: st.sampled_from(names) for s in rules.standards.values()
                                  if s.kind == "judged"})


def inspections(rules: RuleSet, *, allow_not_rated: bool = True, allow_counts: bool = True,
                allow_no_cases: bool = True, name: bool = True) -> st.SearchStrategy[dict[str, Any]]:
    """A whole inspection (the mapping an inspection file holds) for ``rules``, naming the rule set."""
    return _inspections_of(_Same(rules), allow_not_rated, allow_counts, allow_no_cases, name)


@functools.lru_cache(maxsize=256)
def _inspections_of(same: _Same, allow_not_rated: bool, allow_counts: bool, allow_no_cases: bool,
                    name: bool) -> st.SearchStrategy[dict[str, Any]]:
    return _inspections(same.rules, allow_not_rated, allow_counts, allow_no_cases, name)


@st.composite
def _inspections(draw: st.DrawFn, rules: RuleSet, allow_not_rated: bool, allow_counts: bool,
                 allow_no_cases: bool, name: bool) -> dict[str, Any]:
    judged, parts, any_case = _inspection_parts(_Same(rules), allow_not_rated, allow_counts, allow_no_cases)
    out: dict[str, Any] = {}
    if name:
        out["name"] = draw(_NAMES)
    out["rules"] = rules.id
    if judged is not None:
        out["judgements"] = draw(judged)
    cases: dict[str, Any] = {}
    for sid, sometimes, entry in parts:
        if not sometimes or draw(st.booleans()):
            cases[sid] = draw(entry)
    if cases or any_case:
        out["cases"] = cases
    return out


# Strategies are built once per rule set (and options), not on every draw: building them (the band edges
# above all) costs far more than drawing from them. A rule set is the same rule set only as the same object.

_NAMES = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1,
                 max_size=30).filter(str.strip)


class _Same:
    """A rule set as a cache key: by identity (a RuleSet is not hashable, and equal is not enough)."""

    __slots__ = ("rules",)

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules

    def __hash__(self) -> int:
        return id(self.rules)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.rules is self.rules


@functools.lru_cache(maxsize=256)
def _key_question_results(rules: _Same | None, allow_counts: bool, allow_no_cases: bool) -> st.SearchStrategy[Any]:
    options: list[st.SearchStrategy[Any]] = [percentages(None if rules is None else rules.rules)]
    if allow_counts:
        options.append(counts())
    if allow_no_cases:
        options.append(st.none())
    return st.one_of(*options) if len(options) > 1 else options[0]


def _case_results(standard: Standard, result: st.SearchStrategy[Any], allow_not_rated: bool) -> st.SearchStrategy[Any]:
    results = st.fixed_dictionaries({q.id: result for q in standard.key_questions})
    if allow_not_rated:
        return st.one_of(results, results, results, st.just("not rated"))
    return results


@functools.lru_cache(maxsize=256)
def _inspection_parts(same: _Same, allow_not_rated: bool, allow_counts: bool, allow_no_cases: bool) -> tuple:
    """What :func:`inspections` draws from, in order: the judgements (None when nothing is judged), then for
    each case or information standard its id, whether it is given only sometimes, and its entry."""
    rules = same.rules
    judged = any(s.kind == "judged" for s in rules.standards.values())
    result = _key_question_results(same, allow_counts, allow_no_cases)
    parts = tuple((s.id, s.kind == "information", _case_results(s, result, allow_not_rated and s.kind == "case"))
                  for s in rules.standards.values() if s.kind in ("case", "information"))
    return (judgements(rules, allow_not_rated=allow_not_rated) if judged else None, parts,
            any(s.kind == "case" for s in rules.standards.values()))


def as_yaml(inspection: dict[str, Any]) -> str:
    """The YAML text of a drawn inspection (exact decimals for fractions), to write it to a file."""
    import yaml

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, Fraction):
            if value.denominator == 1:
                return value.numerator
            return _Decimal(_exact_decimal(value))
        return value

    class _Dumper(yaml.SafeDumper):
        pass

    _Dumper.add_representer(_Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", str(v)))
    return yaml.dump(plain(inspection), Dumper=_Dumper, sort_keys=False, allow_unicode=True)


class _Decimal(str):
    """A decimal number's exact text, dumped as a plain YAML number."""


def _exact_decimal(value: Fraction) -> str:
    digits = 0
    scaled = value
    while scaled.denominator != 1:
        scaled *= 10
        digits += 1
        if digits > 30:
            raise ValueError(f"{value} has no short exact decimal form")
    sign = "-" if scaled < 0 else ""
    text = str(abs(scaled.numerator)).rjust(digits + 1, "0")
    return f"{sign}{text[:-digits]}.{text[-digits:]}"
