"""What remains possible when some judgements, key questions or whole standards are ``unknown``.

Every unknown becomes a *component* with a few options, each a rank of one standard:
- an unknown judgement: any rating on the scale;
- a case standard with unknown key questions: each rating its lowest key question could then fall in
  (known results bound it from above);
- a whole case standard unknown: any rating, or Not rated.

Ratings only rise when any rated input rises (a property the test suite checks), so for a fixed set of rated
standards the lowest and highest outcomes come from the lowest and highest options, and a search that prunes
every branch whose lowest-to-highest span misses the wanted value is exact. Whether a whole unknown standard
is rated changes the count of rated standards (and shares in decision rules) and is not monotone, so each
such pattern is searched separately. Every possibility reported comes with a witness: a filling-in of the
unknowns that produces it through the ordinary core.

When the rule set allows it, a search by counts (``counts.py``) takes the place of the patterns and the
pruned search: every filling-in is grouped with those that settle alike (the same score and the same counts
for the decision rules), polynomially many groups where the fillings-in are exponentially many, and each
group's witness is settled once.
"""

from __future__ import annotations

import math
from functools import partial
from itertools import product
from typing import Any, Callable, Iterable, Iterator, Mapping, TypeGuard

import attrs

from . import counts
from .counts import Varying
from ..engine.evaluate import evaluate
from ..engine.plan import dependencies
from ..engine.trace import NULL_RECORDER, TraceRecorder
from ..model.limits import DEFAULT_MAX_SECONDS, Deadline, OutOfTime, deadline
from ..model.words import fmt, names, questions
from ..kinds import ranges
from ..kinds.base import NOT_RATED
from ..kinds.conditions import Tally, varying_facts
from ..model.objects import (UNKNOWN, AwardResult, Between, Inspection, KeyQuestionResult, Rating, Result,
                             RuleSet, StandardResult, TraceEntry, Unknown, is_open)


@attrs.frozen
class Component:
    index: int  # the standard's index in the core
    options: tuple[int, ...]  # ranks, ascending; may start with NOT_RATED


@attrs.frozen
class Possible:
    """Every rating, score and overall that some filling-in of the unknowns produces, with one witness
    (component options, by standard id) for each."""

    standards: dict[str, list[Rating]]  # id -> Ratings, worst first
    overall: list[Rating]  # empty when the rule set gives no overall rating
    score: tuple[int, int] | None  # None when it gives no score
    max_score: tuple[int, int] | None
    witnesses: dict[tuple[str, str], dict[str, int]]  # (standard id or "overall", rating) -> ranks by id
    unknown_inputs: tuple[str, ...]  # the standards whose inputs are unknown
    maxima: tuple[int, ...] = ()  # every maximum score some filling-in gives (what score table a rating uses)


def _values(value: int | Iterable[int]) -> frozenset[int]:
    return frozenset((value,)) if isinstance(value, int) else frozenset(value)


@attrs.frozen
class Want:
    """What some filling-in must give: a standard's rank (``slot``), the ``score``, the ``max_score``, the
    ``overall`` rank, or the ``count`` of standards rated at the rank ``slot`` (a published count); any one of
    ``values`` (a published range, or a set of possible ratings), or the one value given."""

    what: str  # "rank", "score", "max_score", "overall" or "count"
    values: frozenset[int] = attrs.field(converter=_values)
    slot: int | None = None
    among: tuple[int, ...] | None = None  # a count's standards (a domain's); None: every standard

    @property
    def at(self) -> int:
        """``slot``, for a want that gives one (a rank's, a count's)."""
        assert self.slot is not None, f"a {self.what} want gives no slot"  # a rank or a count always does
        return self.slot

    def _counted(self, ranks: list[int]) -> list[int]:
        """The ranks a count looks at: its standards', or every standard's (the overall's, the last, left out)."""
        return ranks[:-1] if self.among is None else [ranks[s] for s in self.among]

    @property
    def value(self) -> int:
        """The value wanted, when it is one (the lowest, when several are)."""
        return min(self.values)

    def of(self, settled: list[int], score: int, n: int, overall: int, top_points: int) -> int:
        """What an outcome gives in its place."""
        if self.what == "rank":
            return settled[self.at]
        if self.what == "count":
            return sum(1 for rank in self._counted(settled) if rank == self.at)
        return {"score": score, "max_score": top_points * n, "overall": overall}[self.what]

    def met(self, found: tuple[list[int], int, int, int], top_points: int) -> bool:
        return self.of(*found, top_points) in self.values

    def within(self, low: tuple[list[int], int, int, int], high: tuple[list[int], int, int, int],
               top_points: int) -> bool:
        """Whether a wanted value can lie between the lowest and highest outcomes of a branch of the search
        (each standard's rank, the score and the overall only rise from one to the other). A count is not
        monotone: it lies between the standards surely at the rank and those that may be."""
        if self.what == "count":
            spans = list(zip(self._counted(low[0]), self._counted(high[0])))
            least = sum(1 for a, b in spans if a == b == self.at)
            most = sum(1 for a, b in spans if a <= self.at <= b)
        else:
            least, most = self.of(*low, top_points), self.of(*high, top_points)
        return any(least <= v <= most for v in self.values)


def known_judgement(inspection: Inspection, sid: str) -> Rating:
    """The judgement of ``sid`` in an inspection without unknowns (the analyses that need one refuse others)."""
    judgement = inspection.judgements[sid]
    assert isinstance(judgement, Rating), "an inspection with unknowns was not refused"
    return judgement


def known(given: Mapping[str, KeyQuestionResult | Between | Unknown | None] | Unknown | None
          ) -> TypeGuard[Mapping[str, KeyQuestionResult | None] | None]:
    """Whether a case standard's results are all known (none ``unknown``, none only within a range)."""
    return not isinstance(given, Unknown) and (given is None or not any(map(is_open, given.values())))


def filled(rules: RuleSet, inspection: Inspection, ranks: dict[str, int]) -> Inspection:
    """The inspection with its unknowns filled in so that the standards get ``ranks`` (a witness); a key
    question known within a range, or under its standard's figure, is filled in within them."""
    core = rules.plan
    judgements = dict(inspection.judgements)
    cases = {sid: (dict(v) if isinstance(v, dict) else v) for sid, v in inspection.cases.items()}
    for sid, rank in ranks.items():
        standard = rules.standards[sid]
        if standard.kind == "judged":
            judgements[sid] = core.rating_of[rank]
        elif rank == NOT_RATED and not isinstance(cases[sid], dict):
            cases[sid] = None
        else:
            current = cases[sid]
            given = current if isinstance(current, dict) else {q.id: UNKNOWN for q in standard.key_questions}
            cases[sid] = {**given, **standard.case_rating.fill(standard, given, rank, inspection.figures.get(sid))}
    return attrs.evolve(inspection, judgements=judgements, cases=cases)


def searched(rules: RuleSet, inspection: Inspection) -> RuleSet:
    """The rule set as the searches settle this inspection: with its awards in force (``kinds/award.py``)."""
    if not inspection.awards and inspection.overall_award is None:
        return rules
    plan = rules.plan
    awards = {plan.index[sid]: award.rating.rank for sid, award in inspection.awards.items()}
    if inspection.overall_award is not None:  # the inspectors' departure from the overall method
        awards[plan.overall_slot] = inspection.overall_award.rating.rank
    return attrs.evolve(rules, plan=plan.with_awards(awards))


def components(rules: RuleSet, inspection: Inspection) -> tuple[list[int], list[Component]]:
    """The ranks of the known standards (unknown ones set to their lowest option) and the components."""
    core = rules.plan
    open_ids = [sid for sid, given in inspection.cases.items()
                if given is UNKNOWN or (isinstance(given, dict) and any(map(is_open, given.values())))]
    varying_facts(rules, open_ids, "the search of what the unknowns allow")
    ranks = core.base(inspection)
    found: list[Component] = []
    for i, sid in enumerate(core.ids):
        standard = rules.standards[sid]
        if standard.kind == "judged":
            judgement = inspection.judgements[sid]
            if isinstance(judgement, Unknown):  # any rating of its scale
                found.append(Component(i, core.ranks_of[i]))
            else:
                ranks[i] = judgement.rank
            continue
        if not standard.measured:
            continue  # derived: settled from the others
        given = inspection.cases.get(sid)
        if isinstance(given, Unknown):  # Not rated, or whatever its method can give from some results
            every = {q.id: UNKNOWN for q in standard.key_questions}
            found.append(Component(i, tuple(sorted({NOT_RATED, *standard.case_rating.possible_ranks(standard, every)}))))
        elif given is None or all(v is None for v in given.values()):
            ranks[i] = NOT_RATED
        elif any(map(is_open, given.values())):
            found.append(Component(i, standard.case_rating.possible_ranks(standard, given,
                                                                          inspection.figures.get(sid))))
        else:
            ranks[i] = standard.case_rating.rate(standard, given, rules.not_rated).rating.rank
    for c in found:
        ranks[c.index] = c.options[0]
    return ranks, found


def outcome(rules: RuleSet, ranks: list[int]) -> tuple[list[int], int, int, int]:
    settled = list(ranks)
    score, n, overall = rules.plan.settle(settled, [])
    return settled, score, n, overall


def search(rules: RuleSet, base: list[int], comps: list[Component], wants: list[Want],
           budget: Deadline) -> list[int] | None:
    """A filling-in (ranks) whose outcome gives every value in ``wants``, or None. Each value must not fall
    when any component rises, which holds when every component's options are rated (a count, which can,
    is bounded by each standard's own rise: ``Want.within``)."""
    top = rules.plan.top_points

    def bound(prefix: list[int], pick: int) -> tuple[list[int], int, int, int]:
        ranks = list(base)
        for c, rank in zip(comps, prefix):
            ranks[c.index] = rank
        for c in comps[len(prefix):]:
            ranks[c.index] = c.options[pick]
        return outcome(rules, ranks)

    def go(prefix: list[int]) -> list[int] | None:
        budget.tick()
        low, high = bound(prefix, 0), bound(prefix, -1)
        if not all(w.within(low, high, top) for w in wants):
            return None
        if len(prefix) == len(comps) and not all(w.met(low, top) for w in wants):
            return None
        if len(prefix) == len(comps):
            ranks = list(base)
            for c, rank in zip(comps, prefix):
                ranks[c.index] = rank
            return ranks
        for rank in comps[len(prefix)].options:
            found = go(prefix + [rank])
            if found is not None:
                return found
        return None

    return go([])


def patterns(base: list[int], comps: list[Component]) -> Iterator[tuple[list[int], list[Component]]]:
    """For each choice of which wholly unknown standards are rated: the base ranks and the components, each
    with rated options only (so that outcomes only rise with them)."""
    optional = [c for c in comps if c.options[0] == NOT_RATED and len(c.options) > 1]
    fixed = [c for c in comps if c not in optional]  # Not rated as the only option (a method that never rates)
    for pattern in product((False, True), repeat=len(optional)):
        pattern_base = list(base)
        pattern_comps = list(fixed)
        for c, rated in zip(optional, pattern):
            if rated:
                pattern_comps.append(Component(c.index, c.options[1:]))
            else:
                pattern_base[c.index] = NOT_RATED
        for c in pattern_comps:
            pattern_base[c.index] = c.options[0]
        yield pattern_base, pattern_comps


def find(rules: RuleSet, inspection: Inspection, wants: list[Want],
         max_seconds: float | None | Deadline = DEFAULT_MAX_SECONDS) -> dict[str, int] | None:
    """A filling-in of the unknowns (ranks by standard id) meeting every want, or None (OutOfTime past the
    budget)."""
    budget = deadline(max_seconds)
    rules = searched(rules, inspection)
    base, comps = components(rules, inspection)
    answer = find_by_counts(rules, base, comps, wants, budget)
    if answer is not None:
        return answer.witness
    for pattern_base, pattern_comps in patterns(base, comps):
        found = search(rules, pattern_base, pattern_comps, wants, budget)
        if found is not None:
            return by_id(rules.plan, found, comps)
    return None


@attrs.frozen
class Answer:
    """What the search by counts found: a witness, or None when no filling-in gives what is wanted."""

    witness: dict[str, int] | None


def find_by_counts(rules: RuleSet, base: list[int], comps: list[Component], wants: list[Want],
                   budget: Deadline) -> Answer | None:
    """``find`` by counts (``counts.py``): the first final state whose outcome gives every want; a wanted
    rank of a summed standard (its own input, as no rule limits it) is fixed first. None when the search by
    counts does not apply."""
    core = rules.plan
    summable = counts.shape(core).summable
    allowed = {w.slot: w.values for w in wants if w.what == "rank" and w.slot in summable}
    varying = [Varying(c.index, tuple(o for o in c.options if c.index not in allowed or o in allowed[c.index]))
               for c in comps]
    if any(not v.ranks for v in varying):
        return Answer(None)
    # a published count of a rating is a number the states must keep: how many summed standards have it
    tallies = tuple(Tally(w.among if w.among is not None else tuple(range(len(core.ids))), w.at, w.at)
                    for w in wants if w.what == "count")
    search_ = counts.usable(core, varying, tallies=tallies)
    layers = None if search_ is None else search_.reach(budget)
    if search_ is None or layers is None:
        return None
    for o in counts.outcomes(search_, layers, base, core, budget):
        if all(w.met((o.settled, o.score, o.n, o.overall), core.top_points) for w in wants):
            return Answer(by_id(core, o.ranks, comps))
    return Answer(None)


@attrs.define
class Found:
    """What the search has found possible so far, with a witness for each."""

    standards: dict[str, set[int]]
    overall: set[int] = attrs.Factory(set)
    witnesses: dict[tuple[str, str], dict[str, int]] = attrs.Factory(dict)
    scores: list[int] = attrs.Factory(list)
    maxima: list[int] = attrs.Factory(list)

    def add(self, core: Any, sid: str, rank: int, witness: Callable[[], dict[str, int]]) -> None:
        """``sid`` (or "overall") can be ``rank``, as ``witness()`` shows."""
        seen = self.overall if sid == "overall" else self.standards[sid]
        if rank not in seen:
            seen.add(rank)
            self.witnesses[(sid, str(core.rating_of[rank]))] = witness()


def possibilities(rules: RuleSet, inspection: Inspection,
                  max_seconds: float | None | Deadline = DEFAULT_MAX_SECONDS) -> Possible:
    """Everything the unknowns leave possible; past the budget, a RatingsError with what was found so far."""
    budget = deadline(max_seconds)
    rules = searched(rules, inspection)
    core = rules.plan
    base, comps = components(rules, inspection)
    found = Found({sid: set() for sid in core.ids})
    try:
        if not possible_by_counts(rules, base, comps, found, budget):
            possible_by_enumeration(rules, base, comps, found, budget)
    except OutOfTime:
        raise budget.error(so_far(rules, comps, found.overall), inspection.file) from None
    unknown_inputs = tuple(core.ids[c.index] for c in comps)
    return Possible(
        standards={sid: [core.rating_of[r] for r in sorted(ranks)] for sid, ranks in found.standards.items()},
        overall=[core.rating_of[r] for r in sorted(found.overall)] if rules.overall is not None else [],
        score=(min(found.scores), max(found.scores)) if rules.score is not None else None,
        max_score=(min(found.maxima), max(found.maxima)) if rules.score is not None else None,
        witnesses=found.witnesses, unknown_inputs=unknown_inputs,
        maxima=tuple(sorted(found.maxima)) if rules.score is not None else ())


def possible_by_enumeration(rules: RuleSet, base: list[int], comps: list[Component], found: Found,
                            budget: Deadline) -> None:
    """For each pattern of rated standards, each value between the lowest and highest outcomes that some
    filling-in gives, found by ``search``."""
    core = rules.plan
    for pattern_base, pattern_comps in patterns(base, comps):
        budget.tick()
        lowest, highest = (outcome(rules, fill(pattern_base, pattern_comps, pick)) for pick in (0, -1))
        found.scores += [lowest[1], highest[1]]
        found.maxima += [core.top_points * lowest[2], core.top_points * highest[2]]
        wanted = [(sid, Want("rank", rank, i)) for i, sid in enumerate(core.ids)
                  for rank in range(lowest[0][i], highest[0][i] + 1) if rank not in found.standards[sid]]
        wanted += [("overall", Want("overall", rank)) for rank in range(lowest[3], highest[3] + 1)]
        for sid, want in wanted:
            seen = found.overall if sid == "overall" else found.standards[sid]
            if want.value in seen or want.value not in core.rating_of:
                continue
            ranks = search(rules, pattern_base, pattern_comps, [want], budget)
            if ranks is not None:
                found.add(core, sid, want.value, partial(by_id, core, ranks, comps))


def possible_by_counts(rules: RuleSet, base: list[int], comps: list[Component], found: Found,
                       budget: Deadline) -> bool:
    """The same by counts (``counts.py``): every final state's outcome; and every option of a summed
    standard, which no rule limits, so that its rank is its input whatever the others are. False when the
    search by counts does not apply."""
    core = rules.plan
    search_ = counts.usable(core, [Varying(c.index, c.options) for c in comps])
    layers = None if search_ is None else search_.reach(budget)
    if search_ is None or layers is None:
        return False
    summable = counts.shape(core).summable
    # a summed standard's rank is its own input, unless it is derived: then it is settled from its inputs (kept)
    read = [(i, sid, found.standards[sid]) for i, sid in enumerate(core.ids)
            if i not in summable or core.kind[sid] == "derived"]
    first = None
    for o in counts.outcomes(search_, layers, base, core, budget):
        first = first or o
        found.scores.append(o.score)
        found.maxima.append(core.top_points * o.n)
        for i, sid, seen in read:
            if o.settled[i] not in seen:
                found.add(core, sid, o.settled[i], partial(by_id, core, o.ranks, comps))
        found.add(core, "overall", o.overall, partial(by_id, core, o.ranks, comps))
    assert first is not None  # every component has an option, so the search reaches some final state
    for i, sid in enumerate(core.ids):
        if i in summable and core.kind[sid] != "derived" and first.settled[i] not in found.standards[sid]:
            found.add(core, sid, first.settled[i], partial(by_id, core, first.ranks, comps))
    for c in comps:
        if c.index in summable:
            for rank in c.options:
                ranks = list(first.ranks)
                ranks[c.index] = rank
                found.add(core, core.ids[c.index], rank, partial(by_id, core, ranks, comps))
    return True


def so_far(rules: RuleSet, comps: list[Component], overall: set[int]) -> str:
    """What an unfinished search of the unknowns established: how many fillings-in there are, and the overall
    ratings found possible."""
    ways = math.prod(len(c.options) for c in comps)
    found = [rules.plan.rating_of[r] for r in sorted(overall)]
    if rules.overall is None:
        seen = "what each standard can be was not settled"
    elif len(found) == len(rules.plan.rating_of):
        seen = f"every overall rating was found possible ({either(found)}); the rest was not settled"
    elif found:
        seen = f"the overall ratings found possible so far are {either(found)} (others may be possible too)"
    else:
        seen = "no overall rating was established yet"
    return f"the {len(comps)} unknown inputs can be filled in {ways:,} ways, too many to search in time; {seen}"


def fill(base: list[int], comps: list[Component], pick: int) -> list[int]:
    ranks = list(base)
    for c in comps:
        ranks[c.index] = c.options[pick]
    return ranks


def by_id(core: Any, ranks: list[int], comps: list[Component]) -> dict[str, int]:
    return {core.ids[c.index]: ranks[c.index] for c in comps}


def dependents(rules: RuleSet, unknown: set[str]) -> set[str]:
    """The standards whose rating can depend on the unknowns: those with unknown inputs, and judged standards
    whose decision rules read any of them (transitively)."""
    needs = dependencies(dict(rules.standards), rules.decision_rules)
    out = set(unknown)
    changed = True
    while changed:
        changed = False
        for sid, reads in needs.items():
            if sid not in out and any(dep in out for dep, _ in reads):
                out.add(sid)
                changed = True
    return out


def rate_with_unknowns(rules: RuleSet, inspection: Inspection, trace: bool, budget: Deadline) -> Result:
    """A result in which what the unknowns leave open is None, with ``possible`` saying what remains."""

    core = rules.plan
    found = possibilities(rules, inspection, budget)
    open_ = dependents(rules, set(found.unknown_inputs))
    open_ -= settled_awards(rules, inspection, found, open_, budget)
    some = next(iter(found.witnesses.values()))
    example = evaluate(rules, filled(rules, inspection, some), TraceRecorder(rules) if trace else NULL_RECORDER)
    standards: dict[str, StandardResult] = {}
    for sid in core.ids:
        standard = rules.standards[sid]
        options = found.standards[sid]
        rating = options[0] if len(options) == 1 else None
        rated = {o.points is not None for o in options}
        counted = (standard.counted and True in rated) if len(rated) == 1 else None
        judgement = inspection.judgements.get(sid)
        independent = sid not in open_
        results = inspection.cases.get(sid)
        base = example.standards[sid]
        award = base.award
        if award is not None and not independent:  # the award stands, but the limit it is above may vary
            award = AwardResult(award.rating, award.reason, limit_open=True)
        standards[sid] = StandardResult(
            standard, rating, counted,
            judgement=None if isinstance(judgement, Unknown) else judgement,
            capped_by=base.capped_by if independent else None,
            lowest=base.lowest if independent else None, detail=base.detail if independent else None,
            results=None if isinstance(results, Unknown) else results,
            award=award, figure=inspection.figures.get(sid))
    entries = [e for e in example.trace if e.standard is not None and e.standard not in open_]
    if trace:
        for sid in core.ids:
            if sid not in open_:
                continue
            options = found.standards[sid]
            label = rules.standards[sid].label
            causes = [s for s in found.unknown_inputs if sid in dependents(rules, {s})]
            because = f"it depends on the unknown inputs of {names(rules, causes)}"
            awarded = inspection.awards.get(sid)
            if awarded is not None:
                text = (f"{label} is {awarded.rating}, as the inspectors awarded it, for this reason: "
                        f"\"{awarded.reason}\"; "
                        f"whether a decision rule would limit it below that depends on the unknown inputs of "
                        f"{names(rules, causes)}. The score and the overall rating use the award.")
            elif len(options) == 1:
                text = f"{label} is {options[0]} however the unknowns are filled in."
            else:
                text = f"{label} could be {either(options)}: {because}."
            given = given_text(rules, inspection, sid)
            entries.append(TraceEntry("possible", None, sid, text + (f" Given: {given}." if given else "")))
        entries += _score_and_overall_entries(rules, found)
    # a rule set without a score or an overall rating has None for them
    score = found.score[0] if found.score is not None and found.score[0] == found.score[1] else None
    max_score = found.max_score[0] if found.max_score is not None and found.max_score[0] == found.max_score[1] \
        else None
    overall = found.overall[0] if rules.overall is not None and len(found.overall) == 1 else None
    return Result(inspection.name, rules, standards, score, max_score, overall, tuple(entries),
                  example.information, found, dating=inspection.dating, gaps=inspection.gaps)


def _score_and_overall_entries(rules: RuleSet, found: Possible) -> list[TraceEntry]:
    """What the unknowns leave of the score and the overall rating, for those the rule set has."""
    entries = []
    if found.score is not None and found.max_score is not None:  # None when the rule set gives no score
        low, high = found.score
        lo_max, hi_max = found.max_score
        out_of = f"{lo_max}" if lo_max == hi_max else f"{lo_max} to {hi_max}"
        entries.append(TraceEntry("score", rules.score.id, None,
                                  f"Score {low}/{out_of}." if low == high else
                                  f"Score between {low} and {high}, out of {out_of}, depending on the unknowns."))
    if rules.overall is not None:
        entries.append(TraceEntry("overall", rules.overall.id, None,
                                  f"Overall {found.overall[0]} however the unknowns are filled in."
                                  if len(found.overall) == 1 else
                                  f"Overall {either(found.overall)}: each remains possible, depending on the "
                                  "unknowns."))
    return entries


def settled_awards(rules: RuleSet, inspection: Inspection, found: Possible, open_: set[str],
                   budget: Deadline) -> set[str]:
    """The awarded standards whose award, and the limit it is above, are the same however the unknowns are
    filled in. An award stands whatever they are; the limit is settled when what the rules limiting the
    standard allow from the judgement (those rules never read the standard) is the same in every filling-in,
    from one rule or none, or never below the award."""
    awarded = [sid for sid in inspection.awards if sid in open_]
    out = {sid for sid in awarded
           if all(len(found.standards[dep]) == 1 for rule in rules.rules_for(sid) for dep in rule.when.reads)}
    rest = [sid for sid in awarded if sid not in out]
    if rest:  # what the rules allow from the judgements, in every filling-in: the search without the awards
        allowed_by_rules = possibilities(rules, attrs.evolve(inspection, awards={}), budget).standards
        for sid in rest:
            allowed = {r.rank for r in allowed_by_rules[sid]}
            if all(rank >= inspection.awards[sid].rating.rank for rank in allowed) or \
                    (len(allowed) == 1 and len(rules.rules_for(sid)) == 1):
                out.add(sid)
    return out


def given_text(rules: RuleSet, inspection: Inspection, sid: str) -> str:
    """What the file gives of a case standard beyond exact results: key questions known within a range, and
    the standard's own figure ('' when neither)."""
    given = inspection.cases.get(sid)
    standard = rules.standards[sid]
    parts = [f"{questions(standard, [q])} from {fmt(v.low)}% to {fmt(v.high)}%" for q, v in (given.items() if isinstance(given, dict)
                                                                     else ()) if isinstance(v, Between)]
    figure = inspection.figures.get(sid)
    if figure is not None:
        what = ranges.AGGREGATE_WORDS[figure.aggregate]
        value = (f"{fmt(figure.low)}%" if figure.low == figure.high
                 else f"from {fmt(figure.low)}% to {fmt(figure.high)}%")
        method = standard.case_rating
        decisive = " (the measure its rating is banded on)" if method.aggregate == figure.aggregate else ""
        parts.append(f"{what} {value}{decisive}")
    return "; ".join(parts)


def either(options: list[Rating]) -> str:
    items = [str(o) for o in options]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def rate_inspection(rules: RuleSet, inspection: Inspection, trace: bool = True,
                    max_seconds: float | None | Deadline = DEFAULT_MAX_SECONDS) -> Result:
    """Rate a validated inspection; with unknowns in it, say what remains possible (searched for at most
    ``max_seconds``, None: no limit; past it, a RatingsError says what was found so far)."""
    if inspection.has_unknowns:
        return rate_with_unknowns(rules, inspection, trace, deadline(max_seconds))
    return evaluate(rules, inspection, TraceRecorder(rules) if trace else NULL_RECORDER)
