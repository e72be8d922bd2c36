"""What would it take: the fewest additional cases judged 'Yes' that lift the overall rating, or one standard,
to a target, with the judged standards held as given.

The search is exact. A change of case work matters only through the ratings of the case standards, and the
cheapest way to give a case standard at least a rating R is to raise each of its key questions below R's
threshold just to it. So the search runs over the ratings each case standard could reach (at most one per
band), with the cost of each, and finds every cheapest combination that meets the target:
depth-first, pruning a branch when its cost already exceeds the best found, when even the highest reachable
ratings for the rest cannot meet the target, and stopping a branch as soon as the rest can stay as they are.
When the rule set allows it, the same answer comes from a search by counts (``counts.py``): the combinations
are grouped by the score and the counts the decision rules read, which grow polynomially with the number of
case standards where the combinations grow exponentially. The answer is then re-rated through the ordinary
engine.

Costs are in cases when every key question's number of applicable cases is known (counts, ``{percent, of}``
or ``cases_inspected``), and otherwise in percentage points; for scored standards, in points of their
scores (each method says its unit: ``CaseRatingMethod.unit``). Units that cannot be added up are refused.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable, Iterator

import attrs

from . import counts
from .counts import Varying
from .possible import known_judgement, searched
from ..engine.evaluate import evaluate
from ..engine.trace import TraceRecorder
from ..kinds.conditions import varying_facts
from ..kinds.moves import Change  # noqa: F401 - part of this module's answer
from ..model.errors import Problem, RatingsError
from ..model.limits import DEFAULT_MAX_SECONDS, Deadline, OutOfTime, deadline
from ..model.objects import Inspection, Rating, Result, RuleSet
from ..model.words import fmt, names
from ..reading.reader import fold, suggestion

#: What case work costs: cases or points of a score (whole), or percentage points (exact).
Cost = Fraction | int
#: A rating a case standard can reach (its rank), the cheapest cost of reaching it, and the changes that do.
Option = tuple[int, Cost, tuple[Change, ...]]


@attrs.frozen
class Gap:
    """The answer: reachable or not, the cheapest changes (and the other changes that cost as little), the
    re-rated result, and why when the target cannot be reached by case work."""

    target: Rating
    scope: str  # "overall" or a standard id
    reachable: bool
    unit: str  # "cases", "points" (percentage points) or "score" (points of scored items)
    extra: int | Fraction | None
    changes: tuple[Change, ...] = ()
    alternatives: tuple[tuple[Change, ...], ...] = ()
    result: Result | None = None
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        extra = self.extra if self.unit != "points" or self.extra is None else float(self.extra)
        return {
            "target": str(self.target),
            "scope": self.scope,
            "reachable": self.reachable,
            ("extra_cases" if self.unit == "cases" else "extra_points"): extra,
            "changes": [c.to_dict(self.unit) for c in self.changes],
            "tied_alternatives": len(self.alternatives),
            "alternatives": [[c.to_dict(self.unit) for c in alt] for alt in self.alternatives],
            "result": None if self.result is None else self.result.to_dict(),
            "reason": self.reason,
        }


def parse_target(rules: RuleSet, name: str, scope: str = "overall") -> Rating:
    """The target rating, on the scale of ``scope`` (the overall, or a standard's id)."""
    scale = rules.ratings_of(scope)
    for rating in scale:
        if fold(rating) == fold(" ".join(str(name).split())):
            return rating
    near = suggestion(str(name), [str(r) for r in scale])
    raise RatingsError(f"unknown target rating '{name}'" + (f" (did you mean '{near}'?)" if near else "")
                       + f"; the ratings are {', '.join(map(str, scale))}")


def options_for(rules: RuleSet, inspection: Inspection, sid: str, rank: int, unit: str) -> list[Option]:
    """The ratings a case standard can reach, from its own, with the cheapest changes for each (its
    case-rating method knows how)."""
    standard = rules.standards[sid]
    found: list[Option] = standard.case_rating.options(standard, inspection.cases[sid], rank, unit, rules.scale)
    return found


def _known(rating: Rating | None) -> Rating:
    """A rating of a result rated without unknowns: the engine leaves none open then."""
    assert rating is not None, "a rating is open in a result without unknowns"
    return rating


def gap(rules: RuleSet, inspection: Inspection, target_name: str, standard: str | None = None,
        max_seconds: float | None | Deadline = DEFAULT_MAX_SECONDS) -> Gap:
    """The cheapest case work reaching ``target_name``; past ``max_seconds`` (None: no limit) the search stops
    with a RatingsError saying what it found so far."""
    budget = deadline(max_seconds)
    if inspection.has_unknowns:
        raise RatingsError(Problem("'gap' needs every judgement and key question known; this inspection has "
                                   "unknowns", inspection.file))
    core = searched(rules, inspection).plan  # the inspectors' awards, if any, in force
    scope = "overall" if standard is None else standard
    if standard is None and rules.overall is None:
        raise RatingsError(f"{rules.id} gives no overall rating ('overall: none'): name the standard to raise "
                           "(--standard ID; standard= in the library)")
    if standard is not None and standard not in core.index:
        known = list(core.index)
        near = suggestion(standard, known)
        if standard in rules.standards:
            raise RatingsError(f"{standard} is reported for information and never rated")
        raise RatingsError(f"no standard '{standard}' in {rules.id}" + (f"; did you mean '{near}'?" if near else ""))
    target = parse_target(rules, target_name, scope)
    current = evaluate(rules, inspection, TraceRecorder(rules))
    case_ids = [sid for sid in core.ids if rules.standards[sid].measured
                and _known(current.standards[sid].unlimited).rated]
    unit = unit_of(rules, inspection, case_ids)
    varying_facts(rules, case_ids, "'gap'")
    base = core.base(inspection)  # the inputs: each case standard's band, each judgement (the rest is settled)
    for sid in core.ids:
        kind = rules.standards[sid].kind
        if rules.standards[sid].measured:
            base[core.index[sid]] = _known(current.standards[sid].unlimited).rank
        elif kind == "judged":
            base[core.index[sid]] = known_judgement(inspection, sid).rank
    goal = target.rank
    watch = None if standard is None else core.index[standard]

    def meets(ranks: list[int]) -> bool:
        settled = list(ranks)
        _, _, overall = core.settle(settled, [])
        reached: int = overall if watch is None else settled[watch]
        return reached >= goal

    if meets(base):
        return Gap(target, scope, True, unit, 0, result=current,
                   reason=f"already {current.overall if standard is None else current.standards[standard].rating}")
    if standard is None and inspection.overall_award is not None:
        return Gap(target, scope, False, unit, None,
                   reason=f"the inspectors awarded the overall rating {inspection.overall_award.rating}, departing "
                          f"from {rules.overall.id}; the award is the overall rating whatever the cases")
    if standard is not None and standard in inspection.awards:
        return Gap(target, scope, False, unit, None,
                   reason=f"the inspectors awarded {rules.standards[standard].label} "
                          f"{inspection.awards[standard].rating}; the award is its rating whatever the cases")
    if standard is not None and rules.standards[standard].kind == "judged" \
            and known_judgement(inspection, standard).rank < goal:
        return Gap(target, scope, False, unit, None,
                   reason=f"the inspectors' judgement of {rules.standards[standard].label} is "
                          f"{inspection.judgements[standard]}; decision rules can only lower a judgement, so no "
                          "case work raises it")
    if standard is not None and rules.standards[standard].measured and standard not in case_ids:
        return Gap(target, scope, False, unit, None,
                   reason=f"{rules.standards[standard].label} is {rules.not_rated}: it has "
                          f"{'no item scored to raise' if unit == 'score' else 'no cases to add'}")

    options = {sid: options_for(rules, inspection, sid, base[core.index[sid]], unit) for sid in case_ids}
    order = [sid for sid in case_ids if len(options[sid]) > 1]
    top = list(base)
    for sid in order:
        top[core.index[sid]] = options[sid][-1][0]
    if not meets(top):
        return Gap(target, scope, False, unit, None,
                   reason=why_not(rules, inspection, options, target, standard, unit))

    cheapest = Cheapest()
    try:
        if not by_counts(core, base, order, options, watch, goal, budget, cheapest):
            by_enumeration(core, base, order, options, meets, budget, cheapest)
    except OutOfTime:
        now = current.overall if standard is None else current.standards[standard].rating
        found = (f"the cheapest way found so far to reach {target} takes {fmt(Fraction(cheapest.cost))} more "
                 f"{unit}, but a cheaper one may exist" if cheapest.cost is not None else
                 f"{target} can be reached (raising every case standard as far as its cases allow does), but "
                 "no way to reach it was found yet")
        of = "" if standard is None else f" of {rules.standards[standard].label}"
        raise budget.error(f"{found}; the current rating{of} is {now}", inspection.file) from None
    solutions = [tuple(c for group in picks for c in group) for picks in cheapest.ways]
    chosen = solutions[0]
    result = evaluate(rules, apply(inspection, chosen), TraceRecorder(rules))
    reached = result.overall if standard is None else result.standards[standard].rating
    assert reached is not None and reached.rank >= goal, "the gap search and the engine disagree"  # pragma: no cover
    return Gap(target, scope, True, unit, cheapest.cost, chosen, tuple(solutions[1:]), result)


@attrs.define
class Cheapest:
    """The cheapest cost found so far and every way found at that cost (each the changes of the standards
    raised, in the order searched); filled in as the search goes, so that a search out of time can say what
    it found."""

    cost: Cost | None = None
    ways: list[list[tuple[Change, ...]]] = attrs.Factory(list)


def by_enumeration(core: Any, base: list[int], order: list[str], options: dict[str, list[Option]],
                   meets: Callable[[list[int]], bool], budget: Deadline, cheapest: Cheapest) -> None:
    """Every combination of the standards' options, depth-first: pruning a branch when its cost already
    exceeds the best found or when even the highest options for the rest cannot meet the target, and
    stopping a branch as soon as the rest can stay as they are."""

    def go(k: int, ranks: list[int], cost: Cost, picks: list[tuple[Change, ...]]) -> None:
        budget.tick()
        if cheapest.cost is not None and cost > cheapest.cost:
            return
        if meets(ranks):  # the rest can stay as they are: any other choice for them costs more
            if cheapest.cost is None or cost < cheapest.cost:
                cheapest.cost, cheapest.ways = cost, [list(picks)]
            else:
                cheapest.ways.append(list(picks))
            return
        if k == len(order):
            return
        highest = list(ranks)
        for sid in order[k:]:
            highest[core.index[sid]] = options[sid][-1][0]
        if not meets(highest):
            return
        sid = order[k]
        i = core.index[sid]
        for rank, price, changes in options[sid]:
            ranks[i] = rank
            go(k + 1, ranks, cost + price, picks + [changes] if changes else picks)
        ranks[i] = base[i]

    go(0, list(base), 0, [])


def by_counts(core: Any, base: list[int], order: list[str], options: dict[str, list[Option]], watch: int | None,
              goal: int, budget: Deadline, cheapest: Cheapest) -> bool:
    """The same answer by counts (``counts.py``): every state the options reach, then, from the last
    standard back, the cheapest cost from each state to one meeting the target, then every way at the
    cheapest cost, in the order the enumeration finds them. False when the search by counts does not apply."""
    varying = [Varying(core.index[sid], tuple(rank for rank, _, _ in options[sid])) for sid in order]
    search = counts.usable(core, varying, frozenset() if watch is None else frozenset({watch}))
    layers = None if search is None else search.reach(budget)
    if search is None or layers is None:
        return False
    met = [o.state for o in counts.outcomes(search, layers, base, core, budget)
           if (o.overall if watch is None else o.settled[watch]) >= goal]
    prices = [[price for _, price, _ in options[sid]] for sid in order]
    rests = costs_to_go(search, layers, prices, met, budget)
    cheapest.cost = rests[0].get(0)
    for picks in cheapest_ways(search, rests, prices, budget):
        chosen = [options[sid][pick][2] for sid, pick in zip(order, picks)]
        cheapest.ways.append([changes for changes in chosen if changes])
    return True


def costs_to_go(search: counts.Search, layers: counts.Layers, prices: list[list[Cost]], met: list[int],
                budget: Deadline) -> list[dict[int, Cost]]:
    """For each layer, the cheapest cost from each of its states to a final state meeting the target (states
    that cannot reach one left out)."""
    rest: dict[int, Cost] = dict.fromkeys(met, 0)
    rests = [rest]
    for k in range(len(search.steps) - 1, -1, -1):
        here: dict[int, Cost] = {}
        for state in layers.links[k]:
            budget.tick()
            best: Cost | None = None
            for step, price in zip(search.steps[k], prices[k]):
                after = rest.get(state + step)
                if after is not None and (best is None or price + after < best):
                    best = price + after
            if best is not None:
                here[state] = best
        rest = here
        rests.append(rest)
    rests.reverse()
    return rests


def cheapest_ways(search: counts.Search, rests: list[dict[int, Cost]], prices: list[list[Cost]],
                  budget: Deadline) -> Iterator[list[int]]:
    """Every combination of options (by position) at the cheapest cost, first options first: depth-first
    along the steps whose cost so far and cost to go add up to the cheapest, so no branch is a dead end."""
    best = rests[0].get(0)
    if best is None:
        return
    last = len(search.steps)
    stack: list[tuple[int, int, Cost, list[int]]] = [(0, 0, 0, [])]  # standard, state, cost so far, options picked
    while stack:
        budget.tick()
        k, state, spent, picks = stack.pop()
        if k == last:
            yield picks
            continue
        branches = []
        for option, (step, price) in enumerate(zip(search.steps[k], prices[k])):
            after = rests[k + 1].get(state + step)
            if after is not None and spent + price + after == best:
                branches.append((k + 1, state + step, spent + price, picks + [option]))
        stack.extend(reversed(branches))


def apply(inspection: Inspection, changes: tuple[Change, ...]) -> Inspection:
    """The inspection with the changes made."""
    cases = {sid: (dict(v) if isinstance(v, dict) else v) for sid, v in inspection.cases.items()}
    for c in changes:
        results = cases[c.standard]
        assert isinstance(results, dict)  # a change raises a key question of a standard given results
        results[c.question] = c.after
    return attrs.evolve(inspection, cases=cases)


def unit_of(rules: RuleSet, inspection: Inspection, ids: list[str]) -> str:
    """What the costs count, the same for every standard searched (each method says its own); refused in one
    line when two cannot be added up."""
    units = {sid: rules.standards[sid].case_rating.unit(inspection.cases[sid]) for sid in ids}
    if not units:  # none rated: the unit the rule set's parts are counted in, when they agree
        measured = {s.kind for s in rules.standards.values() if s.measured}
        return "score" if measured == {"scored"} else "cases"
    if "score" in units.values() and set(units.values()) != {"score"}:
        scored = next(s for s, u in units.items() if u == "score")
        other = next(s for s, u in units.items() if u != "score")
        raise RatingsError(f"'gap' cannot add points of a score to cases: {rules.standards[scored].label} is "
                           f"scored and {rules.standards[other].label} is rated from its cases")
    if "score" in units.values():
        return "score"
    return "cases" if all(u == "cases" for u in units.values()) else "points"


#: How the answer speaks of raising the standards searched, by unit.
RAISED = {"cases": "every rated case standard raised as far as its cases allow",
          "points": "every rated case standard raised as far as its cases allow",
          "score": "every rated scored standard's items scored as high as they can be"}


def why_not(rules: RuleSet, inspection: Inspection, options: dict[str, list[Option]], target: Rating,
            standard: str | None, unit: str = "cases") -> str:
    """Why case work alone cannot reach the target: the best it can do, and what holds it down."""
    best = {sid: opts[-1] for sid, opts in options.items()}
    changes = tuple(c for _, _, group in best.values() for c in group)
    result = evaluate(rules, apply(inspection, changes), TraceRecorder(rules))
    core = rules.plan
    held = [f"{rules.standards[s].label} {r.rating}" for s, r in result.standards.items()
            if rules.standards[s].kind == "judged" and _known(r.rating).rank < target.rank]
    short = [f"{rules.standards[s].label} (at most {core.rating_of[opts[-1][0]]} with the cases inspected)"
             for s, opts in options.items() if opts[-1][0] < max(r.rank for r in rules.scale)]
    not_rated = [s for s, r in result.standards.items() if rules.standards[s].measured
                 and not _known(r.unlimited).rated]
    if standard is None:
        score = f" ({result.score}/{result.max_score})" if rules.score is not None else ""
        text = f"even with {RAISED[unit]}, the overall would be {result.overall}{score}"
    else:
        text = f"even with {RAISED[unit]}, {rules.standards[standard].label} would be " \
               f"{result.standards[standard].rating}"
        caps = [t.reason for t in result.trace if t.standard == standard and t.step == "cap"
                and "limited to" in t.reason]
        if caps:
            text += f" ({caps[0].rstrip('.')})"
    reasons = []
    if standard is None and result.overall_limited_by:
        reasons.append(f"decision rule {result.overall_limited_by} limits the overall rating to {result.overall} "
                       f"(from the score alone it would be {result.unlimited_overall})")
    if held:
        reasons.append("the judged standards held as given: " + ", ".join(held))
    if short:
        reasons.append("too few applicable cases to reach the top band: " + ", ".join(short))
    if not_rated:
        reasons.append(f"{names(rules, not_rated)} {'is' if len(not_rated) == 1 else 'are'} Not rated")
    return text + ("; what holds it down: " + "; ".join(reasons) if reasons else "") + "."
