"""The exact difference between two rule sets over the same standards (``ratings rules diff A B``).

A *situation* is one value for every input: each judged standard's judgement and each case standard's
rating, each a rating of the scale or Not rated. When the two rule sets band a case standard's results
differently, its values are finer: each stretch of percentages that both rule sets band alike (all key
questions at that percentage), so that a situation is still one inspection, rated under both. Standards only
one rule set has vary too; that rule set alone reads them.

Every situation is compared: each standard both rule sets rate, the score (with its maximum) and the
overall rating. They are far too many to rate one by one (5 to the power of the number of inputs), so the
search goes through the inputs one at a time keeping *states*, as the analyses' search by counts does
(``counts.py``): below the inputs a rule set reads an input it does not limit or derive from only through
sums (its points, whether it is rated, and the counts its decision rules tally), so situations with the same
sums settle alike. A state holds each rule set's sums, with the inputs it keeps as they are (those it limits,
or reads through a derived standard or a condition that does not tally), and, for a summed standard the two
rule sets band differently, whether they do; each state keeps how many situations reach it. Each rule set's
part of a final state is settled once, by the plan's ``settle`` on one situation reaching it.

The example given for each difference is the *simplest* situation where it shows: the fewest inputs away
from one rating (everything Good but two standards Inadequate, say), found by the same search with costs; it
is written as an inspection file (key-question percentages chosen to give those ratings) and rated again by
the evaluator under both rule sets, which must disagree.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Callable, Iterable, Iterator, TypeVar

import attrs

from .counts import shape
from ..engine.evaluate import evaluate
from ..loading.inspection import build_inspection
from ..model.errors import RatingsError
from ..model.limits import DEFAULT_MAX_SECONDS, Deadline, OutOfTime, deadline
from ..kinds.base import NOT_RATED
from ..kinds.conditions import varying_facts
from ..model.objects import BandSet, KeyQuestionResult, Result, RuleSet, Standard
from ..reading.yaml_file import from_python

#: The search's memory bound: states after one input, and states kept in all (every layer of the cheapest
#: ways, for every baseline), each a dictionary entry of two integers (about BYTES_PER_STATE bytes, measured
#: with CPython 3.11): at most (MAX_STATES + MAX_KEPT) x BYTES_PER_STATE, about 600 MB, then an error saying
#: so. The hardest pair of bundled rule sets (CRC 2018 and NPS 2019) keeps 3.9 million.
MAX_STATES = 1_000_000
MAX_KEPT = 4_500_000
BYTES_PER_STATE = 110
OVERALL, SCORE = "overall", "score"

T = TypeVar("T")
#: What one rule set makes of a situation (``_Search.outcome``): the overall rank and the score with its maximum
#: (those both rule sets have), then the ranks of the standards it settles.
Outputs = tuple[int | tuple[int, int], ...]


@attrs.frozen
class Option:
    """One value of an input: its rank under each rule set (None: that rule set lacks the standard), and what
    an inspection file says to give it (a rating's name, ``not rated``, or a percentage for every key
    question)."""

    ranks: tuple[int | None, int | None]
    value: Any


@attrs.frozen
class Input:
    """A judged or case standard of either rule set, with its slot in each (None where it is missing)."""

    id: str
    kind: str
    slots: tuple[int | None, int | None]
    options: tuple[Option, ...]
    questions: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())  # each rule set's key questions (case)


@attrs.frozen
class Difference:
    """One output that differs: in how many situations, and the simplest of them as an inspection (for the
    first rule set; ``example_second`` when the second's standards differ), with what each rule set gives."""

    field: str
    situations: int
    example: dict[str, Any]
    first: str
    second: str
    example_second: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {"field": self.field, "situations": self.situations, "example": as_json(self.example),
               "first": self.first, "second": self.second}
        if self.example_second is not None:
            out["example_second"] = as_json(self.example_second)
        return out


@attrs.frozen
class Diff:
    """Two rule sets compared over every situation."""

    first: RuleSet
    second: RuleSet
    names: tuple[str, str]  # how the user named them
    inputs: tuple[Input, ...]
    situations: int
    differ: int
    differences: tuple[Difference, ...]
    only_first: tuple[str, ...]
    only_second: tuple[str, ...]
    # "overall" and "score" when only one of the two rule sets has it (never compared)
    not_compared: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out = {"first": self.names[0], "second": self.names[1], "situations": self.situations,
               "differ": self.differ, "differences": [d.to_dict() for d in self.differences],
               "only_in_first": list(self.only_first), "only_in_second": list(self.only_second)}
        if self.not_compared:
            out["not_compared"] = list(self.not_compared)
        return out


def diff(first: RuleSet, second: RuleSet, names: tuple[str, str] | None = None,
         max_seconds: float | None | Deadline = DEFAULT_MAX_SECONDS) -> Diff:
    """Compare two rule sets over every situation (see the module's docstring)."""
    budget = deadline(max_seconds)
    names = names or (first.id, second.id)
    pair = (first, second)
    _check_scales(pair, names)
    for rules in pair:  # a fact of a standard's parts would move with the parts, unseen by a search of ratings
        varying_facts(rules, list(rules.standards), "'rules diff'")
    inputs = tuple(_inputs(pair, names))
    try:
        search = _Search(pair, inputs, budget)
        return search.run(names)
    except OutOfTime:
        raise budget.error(f"compared {names[0]} and {names[1]} over part of their "
                           f"{math.prod(len(i.options) for i in inputs):,} situations only") from None


# ------------------------------------------------------------------------------------------------ inputs


def _check_scales(pair: tuple[RuleSet, RuleSet], names: tuple[str, str]) -> None:
    scales = [[str(r) for r in rules.scale] for rules in pair]
    if scales[0] != scales[1]:
        raise RatingsError(f"{names[0]} rates on {', '.join(scales[0])} and {names[1]} on "
                           f"{', '.join(scales[1])}: a diff compares rule sets with the same ratings, in the "
                           "same order (their points may differ)")
    # the other scales, and what each standard and the overall is rated on, alike (so that ranks compare)
    others = [[(name, [str(r) for r in scale.ratings]) for name, scale in rules.scales.items()] for rules in pair]
    if others[0] != others[1]:
        raise RatingsError(f"{names[0]} and {names[1]} have different other scales ('scales'): a diff compares "
                           "rule sets with the same scales, in the same order")
    for target in dict.fromkeys([*pair[0].standards, *pair[1].standards, "overall"]):
        on = [rules.scale_of(target) for rules in pair if target in rules.standards or target == "overall"]
        if len(set(on)) > 1:
            raise RatingsError(f"{target} is rated on scale {on[0] or 'of the rule set'} in {names[0]} and on "
                               f"{on[1] or 'the scale of the rule set'} in {names[1]}: a diff compares rule sets "
                               "rating each on the same scale")


def _inputs(pair: tuple[RuleSet, RuleSet], names: tuple[str, str]) -> Iterator[Input]:
    """Every judged and case standard of either rule set, in the first's order then the second's."""
    ids = list(dict.fromkeys([*pair[0].standards, *pair[1].standards]))
    for sid in ids:
        stds = [rules.standards.get(sid) for rules in pair]
        kinds = {s.kind for s in stds if s is not None}
        if not kinds & {"judged", "case", "scored"}:
            continue
        if len(kinds) > 1:
            raise RatingsError(f"standard {sid} is {_kind(stds[0])} in {names[0]} and {_kind(stds[1])} in "
                               f"{names[1]}: a diff compares rule sets whose standards have the same inputs")
        slots = _pair(None if s is None else rules.plan.index[sid] for s, rules in zip(stds, pair))
        if kinds == {"judged"}:
            own = (pair[0] if stds[0] is not None else pair[1]).ratings_of(sid)  # its scale (alike in both)
            options = [Option(_pair(None if s is None else r.rank for s in stds), str(r)) for r in own]
            options.append(Option(_pair(None if s is None else NOT_RATED for s in stds), "not rated"))
            yield Input(sid, "judged", slots, tuple(options))
        elif kinds == {"scored"}:
            _same_rating(sid, stds, names)
            questions = _pair(tuple(q.id for q in s.key_questions) if s is not None else () for s in stds)
            yield Input(sid, "scored", slots, _scored_options(pair, stds), questions)
        else:
            _same_rating(sid, stds, names)
            questions = _pair(tuple(q.id for q in s.key_questions) if s is not None else () for s in stds)
            bands = [None if s is None else s.bands for s in stds]
            options = [Option(_rated_by_method(pair, stds, ranks, value), value)
                       for ranks, value in cells(bands[0], bands[1])]
            options.append(Option(_pair(None if s is None else NOT_RATED for s in stds), "not rated"))
            yield Input(sid, "case", slots, tuple(options), questions)


def _pair(values: Iterable[T]) -> tuple[T, T]:
    """The two rule sets' values (one each), as a pair."""
    first, second = values
    return first, second


def _rated_by_method(pair: tuple[RuleSet, RuleSet], stds: list[Standard | None], ranks: tuple[int | None, int | None],
                     value: Fraction) -> tuple[int | None, int | None]:
    """The ranks with every key question at ``value``, as each standard's case-rating method gives them: the
    bands' (``ranks``) for a method rating by them, Not rated for a method that never rates."""
    return _pair(rank if s is None else s.case_rating.rate(
        s, {q.id: KeyQuestionResult(value) for q in s.key_questions}, rules.not_rated).rating.rank
        for rules, s, rank in zip(pair, stds, ranks))


def _scored_options(pair: tuple[RuleSet, RuleSet], stds: list[Standard | None]) -> tuple[Option, ...]:
    """A scored standard's situations: every distinct measure its method can give (``representatives``),
    grouped by the ranks the two rule sets give it, each group with its first scores; then Not rated."""
    method = next(s for s in stds if s is not None).case_rating
    found: dict[tuple[int | None, int | None], dict[str, Any]] = {}
    for given in method.representatives(next(s for s in stds if s is not None)):
        ranks = _pair(None if s is None else s.case_rating.rate(s, given, rules.not_rated).rating.rank
                      for rules, s in zip(pair, stds))
        found.setdefault(ranks, {q: (None if r is None else r.score) for q, r in given.items()})
    options = [Option(ranks, value) for ranks, value in found.items()]
    return tuple(options + [Option(_pair(None if s is None else NOT_RATED for s in stds), "not rated")])


def _kind(standard: Standard | None) -> str:
    return "missing" if standard is None else f"a {standard.kind} standard"


def _same_rating(sid: str, stds: list[Standard | None], names: tuple[str, str]) -> None:
    """Both rule sets must turn the same key-question results into a measure the same way, so that a
    percentage for every key question stands for the same results under both."""
    a, b = stds
    if a is None or b is None:
        return
    if [q.id for q in a.key_questions] != [q.id for q in b.key_questions]:
        raise RatingsError(f"case standard {sid} has key questions {', '.join(q.id for q in a.key_questions)} in "
                           f"{names[0]} and {', '.join(q.id for q in b.key_questions)} in {names[1]}: a diff "
                           "compares case standards with the same key questions")
    if a.case_rating.reading() != b.case_rating.reading():
        raise RatingsError(f"{a.kind} standard {sid} is rated by {a.case_rating.reading()} in {names[0]} and by "
                           f"{b.case_rating.reading()} in {names[1]}: a diff compares {a.kind} standards rated by "
                           "the same method (their bands may differ)")


def cells(first: BandSet | None, second: BandSet | None) -> list[tuple[tuple[int | None, int | None], Fraction]]:
    """The stretches of percentages (0 to 100) that each band set puts in one band, best first: each as the
    two ranks and the simplest percentage in it (a whole number near its middle when there is one). With one
    band set, its bands."""
    sets = [s for s in (first, second) if s is not None]
    edges = sorted({e for s in sets for b in s.bands for e in (b.low, b.high)} | {Fraction(0), Fraction(100)})
    pieces: list[tuple[Fraction, Fraction]] = []  # each point and each open stretch between, as (low, high)
    for low, high in zip(edges, edges[1:]):
        pieces += [(low, low), (low, high)]
    pieces.append((edges[-1], edges[-1]))

    def ranks_at(value: Fraction) -> tuple[int | None, int | None]:
        return _pair(None if s is None else s.classify(value).rating.rank for s in (first, second))

    found: list[list[Any]] = []  # [ranks, lowest, highest], rising
    for low, high in pieces:
        ranks = ranks_at((low + high) / 2)
        if found and found[-1][0] == ranks:
            found[-1][2] = high
        else:
            found.append([ranks, low, high])
    return [(ranks, _simplest(low, high, lambda v: ranks_at(v) == ranks)) for ranks, low, high in
            reversed(found)]


def _simplest(low: Fraction, high: Fraction, inside: Callable[[Fraction], bool]) -> Fraction:
    """The value nearest the middle of [low, high] with the fewest decimal places that ``inside`` accepts;
    the middle itself when no short decimal is."""
    middle = (low + high) / 2
    for scale in (1, 10, 100, 1000, 10**6):
        near = math.floor(middle * scale)
        for step in range(0, 3):
            for value in (Fraction(near - step, scale), Fraction(near + 1 + step, scale)):
                if low <= value <= high and inside(value):
                    return value
    return middle


# ------------------------------------------------------------------------------------------------ search


class _Search:
    """The layered search over the inputs (see the module's docstring).

    A state is one integer in three parts: what the first rule set reads of the inputs so far (its sums, and
    the options of the inputs it keeps), the same for the second, and for each summed standard the two rate
    differently from the same results, whether they do here. Each rule set's outcome depends on its own part
    only, so it is settled once per part."""

    def __init__(self, pair: tuple[RuleSet, RuleSet], inputs: tuple[Input, ...], budget: Deadline):
        self.pair, self.inputs, self.budget = pair, inputs, budget
        self.plans = tuple(rules.plan for rules in pair)
        summed = {i.id for i in inputs if self._summable(i)}
        digits: list[list[tuple[int, ...]]] = [[(0,) * len(i.options) for i in inputs] for _ in range(3)]
        self.radix = []
        for k, part in enumerate(digits):
            stride = 1
            for table in (self._features(k, summed) if k < 2 else self._split(summed)):
                for n, i in enumerate(inputs):
                    if i.id in table:
                        part[n] = tuple(d + stride * v for d, v in zip(part[n], table[i.id]))
                stride *= 1 + sum(max(row) for row in table.values())
            if k < 2:  # the inputs this rule set keeps: which option each took
                for n, i in enumerate(inputs):
                    if i.id not in summed and i.slots[k] is not None:
                        part[n] = tuple(d + stride * o for o, d in enumerate(part[n]))
                        stride *= len(i.options)
            self.radix.append(stride)
        first, second = self.radix[0], self.radix[0] * self.radix[1]
        self.steps = tuple(tuple(a + first * b + second * w for a, b, w in zip(*(part[n] for part in digits)))
                           for n in range(len(inputs)))
        self.width = max((len(steps) for steps in self.steps), default=0) + 1  # packs an option with a cost
        self.kept = 0  # states kept so far in the layers of the cheapest ways (bounded by MAX_KEPT)
        # what outcome() reads: where each input goes under each rule set; the standards both rate whose
        # outcome a part decides (kept inputs, derived and limited standards), and the summed ones split
        self.placing = tuple(tuple((i.slots[k], tuple(o.ranks[k] for o in i.options), n)
                                   for n, i in enumerate(inputs) if i.slots[k] is not None) for k in (0, 1))
        both = [sid for sid in self.plans[0].ids if sid in self.plans[1].index]
        self.settled = tuple(sid for sid in both if sid not in summed)
        self.slots = tuple(tuple(plan.index[sid] for sid in self.settled) for plan in self.plans)
        self.split = tuple(sorted(self._split(summed), key=lambda table: both.index(next(iter(table)))))

    def _summable(self, i: Input) -> bool:
        """Whether the input enters the state only through sums: each rule set that has it reads it only so
        (no rule limits it, so its own rating is its input's)."""
        return all(slot is None or slot in shape(plan).summable for slot, plan in zip(i.slots, self.plans))

    def _split(self, summed: set[str]) -> list[dict[str, tuple[int, ...]]]:
        """For each summed standard the two rule sets rate differently from the same results, whether an
        option does (its own rating is an output, which the sums do not tell)."""
        return [{i.id: tuple(int(o.ranks[0] != o.ranks[1]) for o in i.options)} for i in self.inputs
                if i.id in summed and None not in i.slots and any(o.ranks[0] != o.ranks[1] for o in i.options)]

    def _features(self, k: int, summed: set[str]) -> list[dict[str, tuple[int, ...]]]:
        """The numbers rule set ``k`` reads of the summed inputs, each as what every option adds to it: the
        points, the number rated (of counted standards), and each count a condition tallies; kept once each."""
        found = shape(self.plans[k])
        mine = [i for i in self.inputs if i.id in summed and i.slots[k] is not None]
        out: dict[tuple[tuple[str, tuple[int, ...]], ...], dict[str, tuple[int, ...]]] = {}

        def add(test: Any) -> None:
            table = {i.id: tuple(test(i.slots[k], o.ranks[k]) for o in i.options) for i in mine}
            if any(any(row) for row in table.values()):
                out.setdefault(tuple(sorted(table.items())), table)

        add(lambda slot, rank: found.points.get(rank, 0) if slot in found.counted and rank != NOT_RATED else 0)
        add(lambda slot, rank: int(slot in found.counted and rank != NOT_RATED))
        for t in found.tallies:
            add(lambda slot, rank, t=t: int(slot in t.slots and rank != NOT_RATED and t.low <= rank
                                            and (t.high is None or rank <= t.high)))
        return list(out.values())

    # ------------------------------------------------------------------------------------------ layers

    def count(self) -> dict[int, int]:
        """How many situations reach each final state."""
        here = {0: 1}
        for steps in self.steps:
            after: dict[int, int] = {}
            for state, ways in here.items():
                self.budget.tick()
                for step in steps:
                    after[state + step] = after.get(state + step, 0) + ways
            self._bounded(after)
            here = after
        return here

    def cheapest(self, costs: list[tuple[int, ...]]) -> list[dict[int, int]]:
        """For each layer, each state's cheapest way there, the first found among equals, packed in one small
        integer (``cost * width + option``; the state before is the state less the option's step), so that
        the layers kept take as little memory as they can. The inputs are taken last first, so that among
        equally simple situations the one kept departs from the baseline in the standards that come first."""
        width = self.width
        layers: list[dict[int, int]] = [{0: 0}]
        for steps, cost in zip(reversed(self.steps), reversed(costs)):
            after: dict[int, int] = {}
            for state, packed in layers[-1].items():
                self.budget.tick()
                spent = packed // width * width
                for option, step in enumerate(steps):
                    nxt, total = state + step, spent + cost[option] * width + option
                    known = after.get(nxt)
                    if known is None or total // width < known // width:
                        after[nxt] = total
            self._bounded(after)
            self.kept += len(after)
            if self.kept > MAX_KEPT:
                raise RatingsError(f"the comparison needs to keep more than {MAX_KEPT:,} states (about "
                                   f"{MAX_KEPT * BYTES_PER_STATE // 1_000_000:,} MB; the rule sets limit or derive "
                                   "from too many standards to group their situations)")
            layers.append(after)
        return layers

    @staticmethod
    def _bounded(states: dict[int, Any]) -> None:
        if len(states) > MAX_STATES:
            raise RatingsError(f"the comparison needs more than {MAX_STATES:,} states at once (the rule sets "
                               "limit or derive from too many standards to group their situations)")

    def options_to(self, layers: list[dict[int, int]], state: int) -> list[int]:
        """The option of each input (in the rule sets' order) on the cheapest way to ``state``."""
        chosen = []
        for n, layer in enumerate(reversed(layers[1:])):  # the first input was the last layer
            option = layer[state] % self.width
            chosen.append(option)
            state -= self.steps[n][option]
        return chosen

    # -------------------------------------------------------------------------------------- outcomes

    def outcome(self, k: int, chosen: list[int]) -> Outputs:
        """What rule set ``k`` makes of a situation: the overall, the score, and the ratings of ``settled``."""
        plan = self.plans[k]
        ranks = plan.base()  # no part condition: refused before (see diff)
        for slot, ranks_of, n in self.placing[k]:
            ranks[slot] = ranks_of[chosen[n]]
        score, n, overall = plan.settle(ranks, [])
        parts: dict[str, int | tuple[int, int]] = {OVERALL: overall, SCORE: (score, plan.top_points * n)}
        return (*(parts[part] for part in self.parts()), *map(ranks.__getitem__, self.slots[k]))

    def parts(self) -> list[str]:
        """The overall rating and the score, each when both rule sets have it."""
        return [part for part in (OVERALL, SCORE) if all(getattr(rules, part) is not None for rules in self.pair)]

    def not_compared(self) -> tuple[str, ...]:
        """The overall rating and the score, each when only one of the two rule sets has it."""
        return tuple(part for part in (OVERALL, SCORE) if part not in self.parts()
                     and any(getattr(rules, part) is not None for rules in self.pair))

    def compared(self) -> list[str]:
        """The outputs compared: the overall and the score (those both rule sets have), every standard both rule
        sets rate whose rating a rule set's part decides, then those it sums that the two rate differently."""
        return [*self.parts(), *self.settled, *(next(iter(table)) for table in self.split)]

    def run(self, names: tuple[str, str]) -> Diff:
        reached = self.count()
        baselines = [r.rank for r in self.pair[0].scale]
        ways = [self.cheapest([tuple(self._cost(o, b) for o in i.options) for i in self.inputs]) for b in baselines]
        fields = self.compared()
        counts = dict.fromkeys(fields, 0)
        best: dict[str, tuple[int, int, tuple[int, ...], int]] = {}  # field -> (cost, baseline, away, state)
        outcomes: tuple[dict[int, Outputs], dict[int, Outputs]] = ({}, {})  # each rule set's, by its part
        simplest = self._simplest(ways)
        first_part, both_parts = self.radix[0], self.radix[0] * self.radix[1]
        differ = 0
        for state, situations in reached.items():
            self.budget.tick()
            parts = (state % first_part, state // first_part % self.radix[1])
            got = []
            for k in (0, 1):
                found = outcomes[k].get(parts[k])
                if found is None:
                    found = outcomes[k][parts[k]] = self.outcome(k, self.options_to(ways[0], state))
                got.append(found)
            split = state // both_parts
            differing = [f for f, x, y in zip(fields, *got) if x != y]
            differing += [next(iter(t)) for n, t in enumerate(self.split) if split >> n & 1]
            if not differing:
                continue
            differ += situations
            cost, b = simplest[state]
            away: tuple[int, ...] | None = None  # which inputs depart from the baseline: the first ones preferred
            for f in differing:
                counts[f] += situations
                if f in best and (cost, b) > best[f][:2]:
                    continue
                if away is None:
                    away = tuple(n for n, o in enumerate(self.options_to(ways[b], state))
                                 if self._cost(self.inputs[n].options[o], baselines[b]))
                if f not in best or (cost, b, away) < best[f][:3]:
                    best[f] = (cost, b, away, state)
        differences = tuple(self._difference(f, counts[f], self.options_to(ways[best[f][1]], best[f][3]))
                            for f in self._order(fields) if counts[f])
        total = math.prod(len(i.options) for i in self.inputs)
        ids = [list(rules.standards) for rules in self.pair]
        return Diff(self.pair[0], self.pair[1], names, self.inputs, total, differ, differences,
                    tuple(s for s in ids[0] if s not in ids[1]), tuple(s for s in ids[1] if s not in ids[0]),
                    self.not_compared())

    def _simplest(self, ways: list[list[dict[int, int]]]) -> dict[int, tuple[int, int]]:
        """Each final state's fewest inputs away from a baseline, and the first baseline giving it."""
        width = self.width
        simplest = {state: (packed // width, 0) for state, packed in ways[0][-1].items()}
        for b, layers in enumerate(ways[1:], start=1):
            self.budget.tick()
            for state, packed in layers[-1].items():
                if packed // width < simplest[state][0]:
                    simplest[state] = (packed // width, b)
        return simplest

    def _order(self, fields: list[str]) -> list[str]:
        """The overall, the score, then the standards in the first rule set's order."""
        order = {sid: n for n, sid in enumerate(self.plans[0].ids)}
        head = len(self.parts())
        return fields[:head] + sorted(fields[head:], key=order.__getitem__)

    @staticmethod
    def _cost(option: Option, baseline: int) -> int:
        """0 when the option is the baseline rating under every rule set that has it, else 1."""
        return 0 if all(r == baseline for r in option.ranks if r is not None) else 1

    # --------------------------------------------------------------------------------------- examples

    def _difference(self, field: str, situations: int, chosen: list[int]) -> Difference:
        """The difference with its example, rated again by the evaluator under both rule sets."""
        examples = [example(self.inputs, chosen, k, field) for k in (0, 1)]
        shown = []
        for rules, mapping in zip(self.pair, examples):
            result = evaluate(rules, build_inspection(from_python(mapping), rules, "<diff example>"))
            shown.append(_field_text(result, field))
        if shown[0] == shown[1]:  # the search and the evaluator disagree: a bug, never a user's mistake
            raise AssertionError(f"the example for {field} rates {shown[0]} under both rule sets: {examples[0]}")
        same_inputs = all(None not in i.slots for i in self.inputs)
        return Difference(field, situations, examples[0], shown[0], shown[1],
                          None if same_inputs else examples[1])


def example(inputs: tuple[Input, ...], chosen: list[int], k: int, field: str) -> dict[str, Any]:
    """The inspection file of a situation for rule set ``k`` (0 or 1): its judgements, and every key
    question of a case standard at the percentage of its stretch."""
    judgements: dict[str, Any] = {}
    cases: dict[str, Any] = {}
    scores: dict[str, Any] = {}
    for i, option in zip(inputs, chosen):
        if i.slots[k] is None:
            continue
        value = i.options[option].value
        if i.kind == "judged":
            judgements[i.id] = value
        elif i.kind == "scored":
            scores[i.id] = value
        else:
            cases[i.id] = value if isinstance(value, str) else {q: value for q in i.questions[k]}
    out: dict[str, Any] = {"name": f"where {field} differs"}
    if judgements:
        out["judgements"] = judgements
    if cases:
        out["cases"] = cases
    if scores:
        out["scores"] = scores
    return out


def _field_text(result: Result, field: str) -> str:
    if field == OVERALL:
        return str(result.overall)
    if field == SCORE:
        return f"{result.score}/{result.max_score}"
    return str(result.standards[field].rating)


def as_json(mapping: Any) -> Any:
    """An example with its percentages as JSON numbers (exact decimals), or as counts when no short decimal
    is exact."""
    if isinstance(mapping, dict):
        return {k: as_json(v) for k, v in mapping.items()}
    if isinstance(mapping, Fraction):
        if mapping.denominator == 1:
            return mapping.numerator
        as_float = float(mapping)
        if Fraction(repr(as_float)) == mapping:
            return as_float
        share = mapping / 100
        return {"yes": share.numerator, "of": share.denominator}
    return mapping
