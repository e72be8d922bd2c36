"""Case-rating method ``reported``: a case standard whose key-question results are reported but which the
framework does not rate.

HMIP: "We will not, however, rate the three domains given the small caseloads" (small youth offending
services, 2018 framework). The standard's key questions are read and checked exactly as any case standard's
(a percentage, counts, ``null``, ``unknown``; or the whole standard ``not rated``) and shown with their
results, but the standard is always Not rated, so it is neither scored nor counted, whatever the results.
The method's ``description`` (the rule set's words) says why. A constant never falls when an input rises, so
the analyses stay exact: no case work changes the rating, the only possible rating is Not rated, and Not
rated is certain.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable, Mapping

from ..model.objects import Between, Figure, KeyQuestionResult, Rating, RuleSet, Standard, TraceEntry, trace_entry
from ..model.words import percent_text
from .base import Code
from .case_rating import CaseDetail, CaseRatingMethod, exact_percent, left_out_clause
from .moves import Change


class Reported(CaseRatingMethod):
    name = "reported"
    banded = False  # never rated, so no band applies
    summary = ("A case standard that is reported but not rated: its key questions' results are read and shown, "
               "and it is always Not rated (neither scored nor counted), whatever they are.")

    def rate(self, standard: Standard, given: Mapping[str, KeyQuestionResult | None] | None,
             not_rated: Rating) -> CaseDetail:
        if given is None:
            return CaseDetail(not_rated)
        applicable = [q.id for q in standard.key_questions if given.get(q.id) is not None]
        left_out = tuple(q.id for q in standard.key_questions if given.get(q.id) is None)
        return CaseDetail(not_rated, left_out=left_out, no_cases=not applicable)

    # ------------------------------------------------------------------------------------ sentences

    def explain(self, rules: RuleSet, standard: Standard, detail: CaseDetail) -> TraceEntry:
        """Not rated by this rule, whatever the results; the key questions without applicable cases named."""
        why = "" if self.description == self.summary else f" ({self.description.rstrip('.')})"
        text = (f"{standard.label} is {rules.not_rated}: it is reported but not rated{why}, so it is neither "
                "scored nor counted, whatever its key questions' results")
        if detail.no_cases:
            text += "; none of its key questions had applicable cases"
        else:
            text += left_out_clause(standard, detail)
        return trace_entry("not_rated", self.id, standard.id, text + ".", [(self.id, self.provenance)])

    def note(self, detail: CaseDetail | None, results: Any) -> str:
        if not isinstance(results, dict):
            return ""
        shown = [f"{q} {percent_text(r)}" for q, r in results.items() if isinstance(r, KeyQuestionResult)]
        return "reported, not rated" + (f": {', '.join(shown)}" if shown else "")

    # ---------------------------------------------------------------------------------- fast path

    def emit_rank(self, code: Code, standard: Standard, values: list[str], target: str) -> None:
        """Every value checked as the loader would (``exact_percent`` raises Slow for any other shape), then
        Not rated."""
        check = code.const(exact_percent, "X")
        for v in values:
            code.line(f"if type({v}) is not int or not 0 <= {v} <= 100: {check}({v})")
        code.line(f"{target} = -1")

    # ------------------------------------------------------------------------------ for the analyses

    def margin_between(self, applicable: list[KeyQuestionResult], with_cases: bool, here: tuple[Fraction, bool] | None,
                       above: tuple[Fraction, bool] | None) -> None:
        return None  # never asked: the base class gives no margin for a standard that is Not rated

    def options(self, standard: Standard, given: Mapping[str, Any], rank: int, unit: str,
                scale: tuple[Rating, ...]) -> list[tuple[int, int | Fraction, tuple[Change, ...]]]:
        """No case work changes it."""
        return [(rank, 0, ())]

    def possible_ranks(self, standard: Standard, given: Mapping[str, Any], figure: Figure | None = None
                       ) -> tuple[int, ...]:
        return (-1,)

    def takes_figure(self) -> bool:
        return True  # never rated, whatever the figure: it is read, and changes nothing

    def fill(self, standard: Standard, given: Mapping[str, Any], rank: int, figure: Figure | None = None
             ) -> dict[str, KeyQuestionResult]:
        """Any values give Not rated: each key question known within a range at its low end, the unknown ones
        at 0%."""
        return {q: KeyQuestionResult(r.low if isinstance(r, Between) else Fraction(0)) for q, r in given.items()
                if r is not None and not isinstance(r, KeyQuestionResult)}

    def chance_at_least(self, standard: Standard, applicable: list[KeyQuestionResult], rank: int,
                        share_at_least: Callable[[KeyQuestionResult, Fraction], float]) -> float:
        """It reaches no rating, whatever the true shares."""
        return 0.0


__all__ = ["Reported"]
