"""Deprecated: the strategies moved to :mod:`ratings.testing` (``pip install "ratings[testing]"``).

This module keeps the old names and defaults for code written against version 0.5: ``inspections`` here
draws, as it did, standards that may be Not rated, key questions without applicable cases, percentages and
counts alike. :func:`ratings.testing.inspections` draws realistic inspections by default (everything rated,
counts given) and says what to widen.
"""

from __future__ import annotations

import warnings
from typing import Any

from .testing import strategies as _new
from .testing.strategies import as_yaml, near_edges, percentages

__all__ = ["percentages", "key_question_results", "case_results", "judgements", "inspections", "near_edges",
           "as_yaml"]

warnings.warn("ratings.strategies is deprecated: use ratings.testing (pip install \"ratings[testing]\"), whose "
              "inspections() draws everything rated unless asked otherwise", DeprecationWarning, stacklevel=2)


def key_question_results(rules: Any = None, *, allow_counts: bool = True, allow_no_cases: bool = True) -> Any:
    return _new.key_question_results(rules, results="either" if allow_counts else "percentages",
                                     not_rated=allow_no_cases, edges=True)


def case_results(standard: Any, rules: Any = None, *, allow_not_rated: bool = True, allow_counts: bool = True,
                 allow_no_cases: bool = True) -> Any:
    result = key_question_results(rules, allow_counts=allow_counts, allow_no_cases=allow_no_cases)
    return _new._case_results(standard, result, allow_not_rated and standard.kind == "case", False)


def judgements(rules: Any, *, allow_not_rated: bool = True) -> Any:
    return _new.judgements(rules, not_rated=allow_not_rated)


def inspections(rules: Any, *, allow_not_rated: bool = True, allow_counts: bool = True,
                allow_no_cases: bool = True, name: bool = True) -> Any:
    return _new.inspections(rules, not_rated=allow_not_rated or allow_no_cases,
                            results="either" if allow_counts else "percentages", edges=True, name=name)
