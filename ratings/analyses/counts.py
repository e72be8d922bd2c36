"""The search by counts: what the analyses (gap, confidence, unknowns, verify) run in place of every
combination of the case standards' ratings, when the rule set allows it.

Downstream of the inputs, a rule set reads a case standard's rating only through sums: its points in the
score, whether it is rated (the number of rated standards), and, in each decision rule over a group, whether
it is among those at or below (or at or above) a rating, i.e. through the counts the condition tallies
(``Condition.tallies``). So two combinations with the same score and the same counts settle alike: every
derived standard, every limited standard, the score and the overall rating are the same. A *state* is those
numbers; the search goes through the varying standards one at a time, keeping only the distinct states
(with how each analysis weighs them: the cheapest cost, the total probability, or just that it is reached).
With a few rules over a few groups, the states are polynomial in the number of standards.

A standard is *summed* into the state only when that is exact: no decision rule limits it, no derived
standard reads it, and every rule reading it reads it through tallies. Any other varying standard (and any
whose own rating an analysis watches) is *kept*: its rank is part of the state as it is. Each state keeps one
combination reaching it (a witness, by links back through the layers); ``Plan.settle`` on that combination
gives the state's outcome, so no rule is re-implemented here. When the kept standards have too many
combinations, or the states grow past a bound, the analyses enumerate as before (``usable`` returns None, or
``reach`` does). The state is one integer: each number in a mixed radix, so that a step adds a constant.
"""

from __future__ import annotations

import math
from typing import Any, Iterator

import attrs

from ..kinds.base import NOT_RATED
from ..kinds.conditions import Tally
from ..kinds.derived import DerivedStep
from ..model.limits import Deadline

MAX_KEPT = 4_096  # combinations of kept standards' ranks past which the search by counts is not worth it
MAX_STATES = 250_000  # states after one standard past which it gives way to the enumeration (memory)
ENUMERATE = False  # tests set it to run the enumeration, the reference the search by counts is held to


@attrs.frozen
class Shape:
    """What the rule set lets the search sum: computed once per plan."""

    summable: frozenset[int]  # slots no rule limits, no derivation reads, and rules read only by tallies
    tallies: tuple[Tally, ...]  # every tally the decision rules read
    counted: frozenset[int]  # slots counted in the score
    points: dict[int, int]  # points by rank


def shape(plan: Any) -> Shape:
    """The plan's shape, worked out from its rules on first use and kept with it."""
    found: Shape | None = plan.cache.get("search by counts")
    if found is None:
        found = plan.cache["search by counts"] = _shape(plan)
    return found


def _shape(plan: Any) -> Shape:
    kept = {rule.slot for rule in plan.rules}  # a limited standard's rank depends on more than itself
    tallies: list[Tally] = []
    for rule in plan.rules:
        read = rule.when.tallies()
        if read is None:
            kept.update(rule.when.read_slots)
        else:
            tallies += read
    for step in plan.settling:
        if isinstance(step, DerivedStep):  # its method reads its inputs' ranks as they are
            kept.update(step.standard.derived.slots)
    if plan.overall_step is not None:  # what the overall method reads beyond the score, as it declares
        read = plan.overall_step.tallies()
        if read is None:
            kept.update(plan.overall_step.read_slots)
        else:
            tallies += read
    summable = frozenset(range(len(plan.ids))) - kept
    counted = plan.score_step.counted if plan.score_step is not None else ()  # no score: nothing is summed
    return Shape(summable, tuple(dict.fromkeys(tallies)), frozenset(counted), dict(plan.points))


@attrs.frozen
class Varying:
    """A standard whose rank the analysis chooses, and the ranks it may take (in the analysis's order)."""

    slot: int
    ranks: tuple[int, ...]


@attrs.frozen
class Layers:
    """The states reached after each varying standard: ``links[k]`` maps each state after the first ``k``
    to (the state before, the option taken) of the first way found to it (None for the start): so each state
    keeps one combination reaching it, its witness."""

    links: tuple[dict[int, tuple[int, int] | None], ...]
    weights: dict[int, float] | None = None  # each final state's probability, when weighed

    @property
    def final(self) -> dict[int, tuple[int, int] | None]:
        return self.links[-1]

    def witness_ranks(self, varying: tuple[Varying, ...], base: list[int], state: int) -> list[int]:
        """``base`` with the varying standards at the ranks of one combination reaching ``state``."""
        ranks = list(base)
        for k in range(len(varying), 0, -1):
            link = self.links[k][state]
            assert link is not None  # only the start (layer 0) has no state before it
            state, option = link
            v = varying[k - 1]
            ranks[v.slot] = v.ranks[option]
        return ranks


@attrs.frozen
class Search:
    """The varying standards with, for each of their options, what it adds to the state."""

    varying: tuple[Varying, ...]
    steps: tuple[tuple[int, ...], ...]

    def reach(self, budget: Deadline) -> Layers | None:
        """Every state, layer by layer; None when they grow past MAX_STATES."""
        links: list[dict[int, tuple[int, int] | None]] = [{0: None}]
        for steps in self.steps:
            here: dict[int, tuple[int, int] | None] = {}
            for state in links[-1]:
                budget.tick()
                for option, step in enumerate(steps):
                    if state + step not in here:
                        here[state + step] = (state, option)
                if len(here) > MAX_STATES:
                    return None
            links.append(here)
        return Layers(tuple(links))

    def weigh(self, chances: list[list[float]], budget: Deadline) -> Layers | None:
        """Every state with its probability, each standard's options independent with ``chances``; None when
        the states grow past MAX_STATES."""
        links: list[dict[int, tuple[int, int] | None]] = [{0: None}]
        weights = {0: 1.0}
        for steps, chance in zip(self.steps, chances):
            here: dict[int, tuple[int, int] | None] = {}
            after: dict[int, float] = {}
            for state, weight in weights.items():
                budget.tick()
                for option, step in enumerate(steps):
                    nxt = state + step
                    if nxt in after:
                        after[nxt] += weight * chance[option]
                    else:
                        after[nxt] = weight * chance[option]
                        here[nxt] = (state, option)
                if len(here) > MAX_STATES:
                    return None
            links.append(here)
            weights = after
        return Layers(tuple(links), weights)


def usable(plan: Any, varying: list[Varying], watched: frozenset[int] = frozenset(),
           tallies: tuple[Tally, ...] = ()) -> Search | None:
    """The search by counts over ``varying`` (``watched``: slots whose own rank the analysis reads; ``tallies``:
    counts the analysis reads beyond the rules', such as a published count of a rating), or None when the
    enumeration should run instead: nothing can be summed, or the kept standards alone have too many
    combinations."""
    if ENUMERATE:
        return None
    found = shape(plan)
    summed = [v for v in varying if v.slot in found.summable and v.slot not in watched]
    kept = [v for v in varying if v.slot not in found.summable or v.slot in watched]
    if not summed or math.prod(len(v.ranks) for v in kept) > MAX_KEPT:
        return None
    if tallies:
        found = attrs.evolve(found, tallies=found.tallies + tuple(tallies))
    numbers = _numbers(found, {v.slot for v in summed})
    strides, place = _strides(plan, found, numbers, summed, kept)
    steps = []
    for v in varying:
        if v.slot in place:
            steps.append(tuple(place[v.slot] * _position(plan, v.slot, rank) for rank in v.ranks))
        else:
            steps.append(tuple(_step(found, numbers, strides, v.slot, rank) for rank in v.ranks))
    return Search(tuple(varying), tuple(steps))


def _numbers(found: Shape, summed: set[int]) -> tuple[Tally, ...]:
    """The counts the state keeps, each over the summed slots only: the rated counted ones, then each
    tally's (the same count over the same slots kept once)."""
    numbers = [Tally(tuple(sorted(found.counted & summed)), 0)]
    numbers += [Tally(tuple(sorted(set(t.slots) & summed)), t.low, t.high) for t in found.tallies]
    return tuple(n for n in dict.fromkeys(numbers) if n.slots)


def _strides(plan: Any, found: Shape, numbers: tuple[Tally, ...], summed: list[Varying],
             kept: list[Varying]) -> tuple[list[int], dict[int, int]]:
    """The place of each number in the state (the score first), and of each kept standard's rank."""
    top = max(found.points.values(), default=0)
    sizes = [top * sum(1 for v in summed if v.slot in found.counted) + 1] + [len(n.slots) + 1 for n in numbers]
    strides, stride = [], 1
    for size in sizes:
        strides.append(stride)
        stride *= size
    place = {}
    for v in kept:
        place[v.slot] = stride
        stride *= len(plan.ranks_of[v.slot]) + 1
    return strides, place


def _step(found: Shape, numbers: tuple[Tally, ...], strides: list[int], slot: int, rank: int) -> int:
    """What a summed standard at ``rank`` adds: its points, and one to each count it is in."""
    step = strides[0] * found.points.get(rank, 0) if slot in found.counted and rank != NOT_RATED else 0
    for n, stride in zip(numbers, strides[1:]):
        if slot in n.slots and rank != NOT_RATED and n.low <= rank and (n.high is None or rank <= n.high):
            step += stride
    return step


def _position(plan: Any, slot: int, rank: int) -> int:
    """Where ``rank`` stands among the ranks of ``slot``'s scale, Not rated first."""
    return 0 if rank == NOT_RATED else 1 + plan.ranks_of[slot].index(rank)


@attrs.frozen
class Outcome:
    """A final state, the combination that witnesses it (``ranks``, the inputs), and what settling it gives
    (the same for every combination reaching the state)."""

    state: int
    ranks: list[int]
    settled: list[int]
    score: int
    n: int
    overall: int


def outcomes(search: Search, layers: Layers, base: list[int], plan: Any, budget: Deadline) -> Iterator[Outcome]:
    """The outcome of each final state."""
    for state in layers.final:
        budget.tick()
        ranks = layers.witness_ranks(search.varying, base, state)
        settled = list(ranks)
        score, n, overall = plan.settle(settled, [])
        yield Outcome(state, ranks, settled, score, n, overall)
