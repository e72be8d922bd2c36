"""`ratings rules check`'s proof that raising any one input never lowers any output.

Every kind of rule is written to hold less as ratings rise (the readers refuse any form that would not, and
the rules of an overall method are proved in order as they are read), so a rule set should pass; this is the
check that it does, by search rather than by argument, so that a kind added tomorrow is held to it too.

An input is a judged standard (its judgement) or a case standard (the rating its method gives). For each
input, the others range over every rating they can have, Not rated included, and the input is raised from
each of its ratings to the next: every output (each standard's final rating, the score, the overall rating)
must be at least what it was. The others are searched by counts (``counts.py``): combinations with the same
state settle alike, so each state's witness stands for all of them; where the rule set's shape does not
allow it, every combination is enumerated, under the time budget. A fall is reported with its witness: the
ratings of every input, the input raised, and the output that fell.
"""

from __future__ import annotations

import itertools
from typing import Any, Iterator

import attrs

from ..kinds.base import NOT_RATED
from ..model.errors import Problem, RatingsError
from ..model.limits import DEFAULT_MAX_SECONDS, Deadline, OutOfTime, deadline
from ..model.objects import UNKNOWN, RuleSet
from . import counts


@attrs.frozen
class Fall:
    """A witness that a rule set is not monotone: with the inputs at ``ranks``, raising ``slot`` from
    ``before`` to ``after`` lowers ``output`` from ``was`` to ``now``."""

    ranks: tuple[int, ...]
    slot: int
    before: int
    after: int
    output: str
    was: Any
    now: Any

    def describe(self, rules: RuleSet) -> str:
        plan = rules.plan
        name = plan.rating_of
        given = ", ".join(f"{sid} {name[self.ranks[i]]}" for i, sid in enumerate(plan.ids) if _is_input(rules, sid))
        fact = next((c for c in plan.facts if c.slot == self.slot), None)
        if fact is not None:  # a part condition's parts no longer showing it
            return (f"the parts of {fact.standard} no longer showing '{fact.words(rules)}' lowers {self.output} "
                    f"from {self.was} to {self.now}, with the inputs {given}")
        raised = plan.ids[self.slot]
        return (f"raising {raised} from {name[self.before]} to {name[self.after]} lowers {self.output} from "
                f"{self.was} to {self.now}, with the inputs {given}")


@attrs.frozen
class Proof:
    """What the check established: the situations it went through (each state standing for all the
    combinations reaching it) and the first fall found, if any."""

    checked: int
    fall: Fall | None


def _is_input(rules: RuleSet, sid: str) -> bool:
    return rules.standards[sid].kind == "judged" or rules.standards[sid].measured


def inputs(rules: RuleSet) -> list[counts.Varying]:
    """Every input with every rank it can have, worst first, Not rated first of all."""
    plan = rules.plan
    out = []
    for i, sid in enumerate(plan.ids):
        standard = rules.standards[sid]
        if standard.kind == "judged":
            out.append(counts.Varying(i, (NOT_RATED, *plan.ranks_of[i])))
        elif standard.measured:
            every = {q.id: UNKNOWN for q in standard.key_questions}
            try:
                ranks = standard.case_rating.possible_ranks(standard, every)
            except RatingsError:  # a method that cannot say: every rating of the scale (a stricter check)
                ranks = plan.ranks_of[i]
            out.append(counts.Varying(i, tuple(sorted({NOT_RATED, *ranks}))))
    # each part condition's fact: raised when the parts no longer show it (0 to 1)
    out += [counts.Varying(c.slot, (0, 1)) for c in plan.facts]
    return out


def prove(rules: RuleSet, max_seconds: float | None | Deadline = DEFAULT_MAX_SECONDS) -> Proof:
    """Raise each input in turn over every situation of the others; the first fall, or none."""
    budget = deadline(max_seconds)
    plan = rules.plan
    every = inputs(rules)
    checked = 0
    try:
        for raised in every:
            rated = [r for r in raised.ranks if r != NOT_RATED]
            others = [v for v in every if v.slot != raised.slot]
            for ranks in _situations(plan, others, budget):
                checked += 1
                for before, after in zip(rated, rated[1:]):
                    fall = _compare(plan, ranks, raised.slot, before, after)
                    if fall is not None:
                        return Proof(checked, fall)
    except OutOfTime:
        raise budget.error(f"checked {checked:,} situations of the inputs, each with one input raised, and "
                           "none lowered an output; the rest were not checked") from None
    return Proof(checked, None)


def _situations(plan: Any, others: list[counts.Varying], budget: Deadline) -> Iterator[list[int]]:
    """One combination of the others' ranks for each state the search by counts reaches (every combination
    where it cannot be used)."""
    base = plan.base()
    search = counts.usable(plan, others) if others else None
    layers = search.reach(budget) if search is not None else None
    if search is not None and layers is not None:
        for state in layers.final:
            budget.tick()
            yield layers.witness_ranks(search.varying, base, state)
        return
    for combo in itertools.product(*(v.ranks for v in others)):
        budget.tick()
        ranks = list(base)
        for v, rank in zip(others, combo):
            ranks[v.slot] = rank
        yield ranks


def _compare(plan: Any, ranks: list[int], slot: int, before: int, after: int) -> Fall | None:
    low, high = list(ranks), list(ranks)
    low[slot], high[slot] = before, after
    inputs_at = tuple(low)
    score_low, _, overall_low = plan.settle(low, [])
    score_high, _, overall_high = plan.settle(high, [])
    name = plan.rating_of
    for i, sid in enumerate(plan.ids):
        if _lower(low[i], high[i]):
            return Fall(inputs_at, slot, before, after, sid, name[low[i]], name[high[i]])
    if plan.score_step is not None and score_high < score_low:
        return Fall(inputs_at, slot, before, after, "the score", score_low, score_high)
    if plan.overall_step is not None and _lower(overall_low, overall_high):
        return Fall(inputs_at, slot, before, after, "the overall rating", name[overall_low], name[overall_high])
    return None


def _lower(was: int, now: int) -> bool:
    """Whether a rating fell (Not rated, rank -1, is below every rating: a rated output turning Not rated
    falls too)."""
    return now < was


def check(rules: RuleSet, max_seconds: float | None | Deadline = DEFAULT_MAX_SECONDS) -> int:
    """The number of situations checked; a RatingsError with the witness when an output falls."""
    proof = prove(rules, max_seconds)
    if proof.fall is not None:
        raise RatingsError(Problem(f"an output falls as an input rises: {proof.fall.describe(rules)}", rules.path))
    return proof.checked
