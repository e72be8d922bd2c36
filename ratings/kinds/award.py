"""Inspectors' discretion: a judged standard's rating awarded above the limit a decision rule would set.

An inspection file may give a judged standard as ``{awarded: Good, reason: "..."}`` (``judgement:`` too, when
the report states the inspectors' judgement apart from the award). The award is the standard's rating: after
the decision rules limiting the standard have been applied (and have said what they would allow), the
standard is set to the award, before anything reads it, so the score, the overall rating and any rule reading
the standard use the award. The step says which rule would have limited it, to what, and the reason; an award
that no rule limits is said to be just the inspectors' judgement.

The plan has one such step after the rules limiting each judged standard; it does nothing for an inspection
without an award. Compiled for the analyses (``Plan.settle``), it reads the awards passed in ``A`` (slot to
rank); the fast path declines inspections with awards, so it compiles nothing there.
"""

from __future__ import annotations

from typing import Any

import attrs

from ..model.objects import AwardResult, Rating, RuleSet, Standard, TraceEntry
from .base import Code, State, var
from .decision_rule import DecisionRule
from .overall import OverallRule
from .overall_first_match import FirstMatchRule


def take_award(state: State, slot: int, rules: tuple[DecisionRule, ...], rank: int) -> tuple[int, str | None]:
    """Set ``slot`` to an award's ``rank``, after the ``rules`` limiting it: the rating is the award, so none
    of them lowered it. Returns the rank they allowed and the binding rule (None when none lowered it)."""
    mine = {r.number: r.id for r in rules}
    lowering = [n for n in state.lowered if n in mine]
    allowed = state.ranks[slot]
    state.lowered[:] = [n for n in state.lowered if n not in mine]
    state.ranks[slot] = rank
    return allowed, mine[lowering[-1]] if lowering else None


def emit_award(code: Code, slot: int) -> None:
    """The compiled award: only the analyses' settle is given awards (``A``, slot to rank); the fast path
    declines inspections with awards."""
    if code.memo.get("awards"):
        code.line(f"if {slot} in A: {var(slot)} = A[{slot}]")


@attrs.frozen
class AwardStep:
    """Set a judged standard to the inspectors' award, if the inspection gives one."""

    standard: Standard
    slot: int
    rules: tuple[DecisionRule, ...]  # the decision rules limiting the standard, in order
    rating_of: dict[int, Rating] = attrs.field(eq=False, repr=False)

    def apply(self, state: State, tracer: Any) -> None:
        award = getattr(state.inspection, "awards", {}).get(self.standard.id)
        if award is None:
            return
        limit, rule = take_award(state, self.slot, self.rules, award.rating.rank)  # what the rules allowed
        above = rule is not None and award.rating.rank > limit
        state.awarded[self.standard.id] = AwardResult(award.rating, award.reason,
                                                      self.rating_of[limit] if above else None,
                                                      rule if above else None)
        tracer.report(self, (award.rating.rank, award.reason, limit, rule, state.unlimited[self.slot]))

    def emit(self, code: Code) -> None:
        emit_award(code, self.slot)

    def emit_traced(self, code: Code) -> None:
        self.emit(code)

    def explain(self, rules: RuleSet, facts: tuple[int, str, int, str | None, int]) -> TraceEntry:
        award_rank, reason, limit_rank, rule, judgement_rank = facts
        award, limit, judgement = (self.rating_of[r] for r in (award_rank, limit_rank, judgement_rank))
        label = self.standard.label
        said = f"the inspectors awarded {award}, for this reason: \"{reason}\""
        if rule is not None and award_rank > limit_rank:
            text = (f"Even so, {label} is {award}: {said}, above the limit of {limit} that decision rule {rule} "
                    "sets. The award is its rating, and the score and the overall rating use it.")
        elif rule is not None and award_rank == limit_rank:
            text = (f"{label} is {award}: {said}; decision rule {rule} limits it to {limit} too, so no discretion "
                    "was needed.")
        elif rule is not None:
            text = (f"{label} is {award}: {said}, below the {limit} that decision rule {rule} allows from their "
                    f"judgement of {judgement}.")
        elif award_rank < judgement_rank:
            text = (f"{label} is {award}: {said}, below their judgement of {judgement}; no decision rule limits "
                    "it here.")
        else:
            text = (f"{label} is {award}: {said}; no decision rule limits it below {award} here, so the award is "
                    "simply the inspectors' judgement.")
        return TraceEntry("award", rule, self.standard.id, text)


#: Where an evaluation keeps the overall award among the standards' (no standard id can be written so)
OVERALL_AWARD = "(overall)"


@attrs.frozen
class OverallAwardStep:
    """Set the overall rating to the inspectors' award (``overall: {awarded: R, reason: ...}``), after the
    overall method and the decision rules limiting it: a departure from the method, with its reason."""

    slot: int
    rules: tuple[DecisionRule, ...]  # the decision rules limiting the overall rating, in order
    method: OverallRule | FirstMatchRule  # the overall rule (its id names what the inspectors departed from)
    rating_of: dict[int, Rating] = attrs.field(eq=False, repr=False)

    def apply(self, state: State, tracer: Any) -> None:
        award = getattr(state.inspection, "overall_award", None)
        if award is None:
            return
        given, rule = take_award(state, self.slot, self.rules, award.rating.rank)  # what method and rules gave
        state.awarded[OVERALL_AWARD] = AwardResult(award.rating, award.reason, self.rating_of[given], rule)
        tracer.report(self, (award.rating.rank, award.reason, given, rule))

    def emit(self, code: Code) -> None:
        emit_award(code, self.slot)

    def emit_traced(self, code: Code) -> None:
        self.emit(code)

    def explain(self, rules: RuleSet, facts: tuple[int, str, int, str | None]) -> TraceEntry:
        award_rank, reason, given_rank, rule = facts
        award, given = self.rating_of[award_rank], self.rating_of[given_rank]
        by = f"{self.method.id}" + (f" and decision rule {rule}" if rule is not None else "")
        said = f"the inspectors awarded {award}, for this reason: \"{reason}\""
        text = (f"The overall rating is {award}: {said}; {by} would give {given}." if award_rank != given_rank else
                f"The overall rating is {award}: {said}; {by} gives {given} too.")
        return TraceEntry("award", rule, None, text)
