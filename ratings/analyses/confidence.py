"""How sure is this rating: each key question's result treated as a sample of the caseload.

The model, stated in every answer:
- A key question's true share of 'Yes' across the caseload is unknown. Given Y of N applicable cases judged
  'Yes', it is Beta(Y + 1/2, N - Y + 1/2): the posterior from the Jeffreys prior, the usual reference prior
  for a proportion. A percentage P with N cases counts as Y = P x N / 100.
- Key questions are independent of one another, and the sample is small beside the caseload (no
  finite-population correction).
- A case standard's rating is the band of the lowest true share. P(rating >= R) is the product over its key
  questions of P(share >= R's threshold); the distribution follows exactly, from the regularized incomplete
  beta function.
- Judgements are held as given. The decision rules, the score and the overall rating are applied to every
  combination of the case standards' ratings, weighted by its probability: the distribution of the overall
  rating (and of any capped judged standard) is exact, not simulated. Combinations less likely than 1e-15
  are skipped; the search by counts (``counts.py``), which weighs groups of combinations that settle alike
  (polynomially many where the combinations are exponentially many), skips only ratings less likely than
  that, so the two agree to about 1e-15 times the number of combinations.
"""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import product
from typing import Any

import attrs

from ..model.errors import Problem, RatingsError
from ..model.limits import DEFAULT_MAX_SECONDS, Deadline, OutOfTime, deadline
from ..model.objects import Inspection, KeyQuestionResult, Rating, RuleSet
from ..model.words import and_list
from ..kinds.conditions import varying_facts
from ..kinds.moves import cases_of
from . import counts
from .counts import Varying
from .possible import known, known_judgement, searched

MODEL = ("Each key question's true share of 'Yes' in the caseload is Beta(Y + 1/2, N - Y + 1/2) given Y of N "
         "applicable cases judged 'Yes' (Jeffreys prior), independently across key questions; a case standard "
         "is rated from the lowest true share, judgements are held as given, and the overall distribution is "
         "exact, by enumerating the case standards' ratings through the decision rules and the score.")


def model(rules: RuleSet) -> str:
    """The model in words, as the rule set's overall rating is reached (by the score, by its own rules, or
    not at all)."""
    if not any(s.measured and s.case_rating.sampled for s in rules.standards.values()):
        scored = " and the scored standards' items" if any(s.measured for s in rules.standards.values()) else ""
        return (f"No rating of this rule set rests on a sample of cases: the judgements{scored} are held as given, "
                "so each rating is as certain as its inputs.")
    if rules.overall is None:
        return MODEL.split(", and the overall distribution")[0] + "."
    return MODEL.replace("the score.", f"{rules.overall.via}.")
ASSUMPTIONS = (
    "key questions are independent of one another",
    "the inspected cases are a random sample, small beside the caseload (no finite-population correction)",
    "the inspectors' judgements are held as given; only the case results are uncertain",
    "a percentage P given with N cases counts as the whole number of cases judged 'Yes' that prints as P "
    "(32% of 34 is 11), or as P x N / 100 when no single count does",
)
POOLED = ("a key question pooled from several units (the PDUs of a region) is one sample: the units' cases "
          "added up, as the rating takes them")
NEGLIGIBLE = 1e-15


#: Past this many cases on both sides (a and b) the Beta is its normal approximation, with its own mean and
#: variance: its skewness is then under 0.002, so the error is far below the 0.1% the outputs show, where the
#: continued fraction would need tens of thousands of terms near the mean.
NORMAL_ABOVE = 1e6
#: The continued fraction's terms at most: it converges in a few times sqrt(min(a, b)) terms, well within this
#: below NORMAL_ABOVE (it stops as soon as it has converged).
MAX_TERMS = 20_000


def betainc(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta function I_x(a, b), by its continued fraction (Lentz's method), or past
    ``NORMAL_ABOVE`` cases on both sides by the normal approximation. Any size of sample gives a probability:
    the front factor's log-gamma differences are taken so that a huge b does not swallow a small a."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    if min(a, b) > NORMAL_ABOVE:
        mean, spread = a / (a + b), math.sqrt(a * b / (a + b + 1)) / (a + b)
        return 0.5 * math.erfc((mean - x) / (spread * math.sqrt(2.0)))
    if x > (a + 1) / (a + b + 2):  # the continued fraction converges fast on this side only
        return 1.0 - betainc(b, a, 1.0 - x)
    small, large = sorted((a, b))
    log_front = _lgamma_rise(small, large) - math.lgamma(small) + a * math.log(x) + b * math.log1p(-x)
    front = math.exp(min(log_front, 700.0)) / a  # (a probability's front factor is never that large)
    tiny = 1e-300
    f, c, d = 1.0, 1.0, 0.0
    for i in range(0, MAX_TERMS):
        m = i // 2
        if i == 0:
            numerator = 1.0
        elif i % 2 == 0:
            numerator = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m))
        else:
            numerator = -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1))
        d = 1.0 + numerator * d
        d = tiny if abs(d) < tiny else d
        d = 1.0 / d
        c = 1.0 + numerator / c
        c = tiny if abs(c) < tiny else c
        cd = c * d
        f *= cd
        if abs(1.0 - cd) < 1e-15:
            break
    return min(1.0, max(0.0, front * (f - 1.0)))


def _lgamma_rise(small: float, large: float) -> float:
    """lgamma(small + large) - lgamma(large), without the cancellation of two huge numbers when ``large``
    dwarfs ``small`` (then small * log(large) and the next term of its expansion)."""
    if large > 1e7 * max(small, 1.0):
        return small * math.log(large) + small * (small - 1) / (2 * large)
    return math.lgamma(small + large) - math.lgamma(large)


@attrs.frozen
class Confidence:
    model: str
    assumptions: tuple[str, ...]
    standards: dict[str, dict[str, float]]  # id -> rating -> probability (rule-set scale order, best first)
    overall: dict[str, float] | None  # None: the rule set gives no overall rating
    estimate: dict[str, str | None]  # the ordinary rating of each standard and "overall", for comparison

    def to_dict(self) -> dict[str, Any]:
        return {"model": self.model, "assumptions": list(self.assumptions), "standards": self.standards,
                "overall": self.overall, "estimate": self.estimate}


def not_samples(rules: RuleSet, ids: tuple[str, ...]) -> tuple[str, ...]:
    """A line for each kind of standard that is no sample (its method says so, and what it means), naming them."""
    said: dict[str, list[str]] = {}
    for sid in ids:
        method = rules.standards[sid].case_rating
        if rules.standards[sid].measured and not method.sampled:
            said.setdefault(method.not_sampled(), []).append(rules.standards[sid].label)
    return tuple(f"{and_list(labels)}: {words}" for words, labels in said.items())


def share_at_least(yes: float, of: int, limit_percent: float) -> float:
    """P(true share >= limit) under Beta(yes + 1/2, of - yes + 1/2)."""
    return 1.0 - betainc(yes + 0.5, of - yes + 0.5, limit_percent / 100.0)


def _yes(result: KeyQuestionResult, of: int) -> float:
    """Y, the cases judged 'Yes' of ``of`` (the result's number of cases): the count, or the one a percentage of
    a number of cases stands for (else the fractional number it implies)."""
    yes = cases_of(result)
    return float(yes) if yes is not None else float(result.percent) * of / 100.0


def confidence(rules: RuleSet, inspection: Inspection,
               max_seconds: float | None | Deadline = DEFAULT_MAX_SECONDS) -> Confidence:
    """The distribution of every rating; past ``max_seconds`` (None: no limit) the enumeration stops with a
    RatingsError giving the distribution of the overall rating over the combinations weighed so far."""
    budget = deadline(max_seconds)
    if inspection.has_unknowns:
        raise RatingsError(Problem("'confidence' needs every judgement and key question known; this inspection "
                                   "has unknowns", inspection.file))
    core = searched(rules, inspection).plan  # the inspectors' awards, if any, in force
    cases = {sid: given for sid, given in inspection.cases.items() if known(given)}  # every one, as refused above
    # a standard its method rates Not rated from these results (no applicable cases; a method that never
    # rates) is Not rated whatever the true shares are: no sample to weigh
    sampled = [sid for sid in core.ids if rules.standards[sid].measured and rules.standards[sid].case_rating.sampled
               and isinstance(cases.get(sid), dict)
               and rules.standards[sid].case_rating.rate(rules.standards[sid], cases[sid],
                                                         rules.not_rated).rating.rated]
    missing = [f"{sid}.{q}" for sid in sampled for q, r in (cases[sid] or {}).items()
               if r is not None and r.of is None]
    if missing:
        raise RatingsError(Problem(
            "'confidence' treats each key question as a sample, so it needs the number of applicable cases: give "
            "counts ({yes: Y, of: N}), {percent: P, of: N}, or cases_inspected; missing for "
            f"{', '.join(missing[:6])}" + (" and more" if len(missing) > 6 else ""), inspection.file))
    ranks = sorted(r.rank for r in rules.scale)
    case_dists: dict[int, list[tuple[int, float]]] = {}
    varying_facts(rules, sampled, "'confidence'")
    base = core.base(inspection)

    def chance(result: KeyQuestionResult, limit: Fraction) -> float:
        of = result.of
        assert of is not None  # every sampled key question gives its number of cases (checked above)
        return share_at_least(_yes(result, of), of, float(limit))

    for i, sid in enumerate(core.ids):
        standard = rules.standards[sid]
        if standard.kind == "judged":
            base[i] = known_judgement(inspection, sid).rank
            continue
        if not standard.measured:
            continue  # derived: settled from the others
        given = cases.get(sid)
        applicable = [r for r in (given or {}).values() if r is not None]
        if sid not in sampled:  # Not rated whatever the shares, or not a sample (its method says): as given
            base[i] = -1 if given is None else standard.case_rating.rate(standard, given, rules.not_rated).rating.rank
            continue
        at_least = {rank: standard.case_rating.chance_at_least(standard, applicable, rank, chance)
                    for rank in ranks}
        dist = []
        for k, rank in enumerate(ranks):
            above = at_least[ranks[k + 1]] if k + 1 < len(ranks) else 0.0
            dist.append((rank, max(0.0, at_least[rank] - above)))
        case_dists[i] = dist
    totals = {i: {r: 0.0 for r in (*core.ranks_of[i], -1)} for i in range(len(core.ids))}  # each on its scale
    overall = {r: 0.0 for r in (*core.ranks_of[core.overall_slot], -1)}
    varying = list(case_dists)
    choices = [[(rank, p) for rank, p in case_dists[i] if p > NEGLIGIBLE] for i in varying]
    start = budget.ticks
    search = counts.usable(core, [Varying(i, tuple(rank for rank, _ in c)) for i, c in zip(varying, choices)])
    by_counts = search is not None
    try:
        if not (search is not None and _weigh_by_counts(core, base, search, choices, totals, overall, budget)):
            by_counts, start = False, budget.ticks
            _weigh(core, base, varying, choices, totals, overall, budget)
    except OutOfTime:  # the combination whose tick ran out was not weighed
        if by_counts:
            raise budget.error(_by_counts_so_far(choices), inspection.file) from None
        weighed = budget.ticks - start - 1
        raise budget.error(_so_far(core, choices, overall, weighed), inspection.file) from None
    mass = sum(overall.values())

    def named(dist: dict[int, float]) -> dict[str, float]:
        """Probabilities by rating name, best first, to 12 decimal places (beyond that is rounding noise)."""
        out = {str(core.rating_of[r]): round(min(1.0, dist[r] / mass), 12) for r in sorted(dist, reverse=True)
               if r >= 0}
        if dist.get(-1, 0.0) > 0:
            out[str(rules.not_rated)] = round(min(1.0, dist[-1] / mass), 12)
        return out

    from ..engine.evaluate import evaluate

    estimate = evaluate(rules, inspection)
    limited = {r.slot for r in rules.decision_rules}
    exact = {i: {rank: p * mass for rank, p in dist} for i, dist in case_dists.items()  # not enumerated
             if i not in limited}
    samples = any(s.measured and s.case_rating.sampled for s in rules.standards.values())
    assumptions = (ASSUMPTIONS if samples else ()) + ((POOLED,) if inspection.has_pooled else ()) \
        + not_samples(rules, core.ids)
    standards = {sid: named(exact.get(i, totals[i])) for i, sid in enumerate(core.ids)}
    return Confidence(model(rules), assumptions, standards, named(overall) if rules.overall is not None else None,
                      {**{sid: str(estimate.standards[sid].rating) for sid in core.ids},
                       "overall": str(estimate.overall) if rules.overall is not None else None})


def _weigh(core: Any, base: list[int], varying: list[int], choices: list[list[tuple[int, float]]],
           totals: dict[int, dict[int, float]], overall: dict[int, float], budget: Deadline) -> None:
    """Add every combination of the case standards' ratings, by its probability, to the distributions."""
    for combo in product(*choices):
        budget.tick()
        weight = 1.0
        ranks_now = list(base)
        for i, (rank, p) in zip(varying, combo):
            ranks_now[i] = rank
            weight *= p
        if weight <= NEGLIGIBLE:
            continue
        _, _, overall_rank = core.settle(ranks_now, [])
        overall[overall_rank] += weight
        for i in totals:
            totals[i][ranks_now[i]] += weight


def _weigh_by_counts(core: Any, base: list[int], search: counts.Search, choices: list[list[tuple[int, float]]],
                     totals: dict[int, dict[int, float]], overall: dict[int, float], budget: Deadline) -> bool:
    """The same distributions by counts (``counts.py``): each state's probability is the sum over the
    combinations reaching it, and its witness settles as they all do. False when the states grow too many."""
    layers = search.weigh([[p for _, p in c] for c in choices], budget)
    if layers is None:
        return False
    assert layers.weights is not None  # weigh weighs every final state
    for outcome in counts.outcomes(search, layers, base, core, budget):
        weight = layers.weights[outcome.state]
        overall[outcome.overall] += weight
        for i in totals:
            totals[i][outcome.settled[i]] += weight
    return True


def _by_counts_so_far(choices: list[list[tuple[int, float]]]) -> str:
    """What an unfinished search by counts established: only how large the question was."""
    combinations = math.prod(len(c) for c in choices)
    return (f"the {combinations:,} combinations of the case standards' ratings, grouped by what the rules read "
            "of them, were not all weighed")


def _so_far(core: Any, choices: list[list[tuple[int, float]]], overall: dict[int, float], weighed: int) -> str:
    """What an unfinished enumeration established: how far it went, how likely the combinations it weighed
    are together, and the overall rating over them."""
    combinations = math.prod(len(c) for c in choices)
    mass = sum(overall.values())
    seen = ", ".join(f"{core.rating_of[r]} {100 * p:.1f}%" for r, p in sorted(overall.items(), reverse=True)
                     if p > 0)
    return (f"went through {weighed:,} of the {combinations:,} combinations of the case standards' ratings, "
            f"together {100 * mass:.1f}% likely" + (f"; over those, the overall rating was {seen}" if seen else ""))


__all__ = ["Confidence", "confidence", "betainc", "MODEL", "ASSUMPTIONS", "Rating"]
