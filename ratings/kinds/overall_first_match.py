"""Overall method ``first_match``: the overall rating is the rating of the first rule whose condition holds,
else the ``otherwise`` rating. It reads the standards' final ratings through conditions (counts of ratings in
a domain, one standard's rating, ...), not the score: CQC's rating principles ("two or more Inadequate key
questions: Inadequate; ...; at least two Outstanding and the rest Good: Outstanding; otherwise Good").

```yaml
overall:
  id: rating-principles
  method: first_match
  min_rated: 3                 # optional: fewer counted standards rated -> Not rated
  scale: concern               # optional: the overall on another of the rule set's scales (``scales:``)
  rules:
    - {id: two-inadequate, rating: Inadequate, when: {domain: kq, at_or_below: Inadequate, at_least_count: 2}}
    - {rating: Outstanding, when: {domain: kq, at_or_above: Outstanding, at_least_count: 2}}
    - {rating: Good, otherwise: true}          # exactly one, last
```

The overall rating must never fall when a rating rises. The reader proves it from the rules' shape: first the
rules whose conditions hold *less* as ratings rise (every decision-rule condition), their ratings never
falling down the list; then the rules whose conditions hold *more* (``at_or_above`` with ``at_least_count``),
their ratings never rising down the list; the ``otherwise`` rating at least every rating before it and at
most every rating after the falling ones. Any other order is refused, naming the rule that breaks it.
"""

from __future__ import annotations

from typing import Any

import attrs

from ..model.objects import Provenance, Rating, RuleSet, TraceEntry, trace_entry
from ..reading.reader import join
from ..reading.yaml_file import Node
from .base import NOT_RATED, Code, Ranks, State, ranks_tuple, report, var
from .conditions import Condition, Tally, read_condition
from .overall import CoverageKey, OverallMethod

PROVENANCE = ("source", "confidence", "notes")
#: what the step reports: the overall rank, the number of the rule that gave it (-1: too few rated), the counted
#: standards rated, and the ranks the rules read
Facts = tuple[int, int, int, tuple[int, ...]]


@attrs.frozen
class Choice:
    """One rule of the list: ``rating`` when ``when`` holds (``when`` None: the ``otherwise`` rule)."""

    id: str
    rating: Rating
    when: Condition | None
    provenance: Provenance
    description: str | None = None
    line: int | None = attrs.field(default=None, eq=False)

    @property
    def condition(self) -> Condition:
        """``when``, of a rule that has one: every rule but the last, ``otherwise`` (the reader requires it)."""
        assert self.when is not None, f"{self.id} is the otherwise rule"
        return self.when


@attrs.frozen
class FirstMatchRule:
    """The overall rating from the first rule that holds (see the module's docstring)."""

    id: str
    measures: str
    provenance: Provenance
    choices: tuple[Choice, ...]  # the otherwise rule last
    min_rated: int = 1
    line: int | None = attrs.field(default=None, eq=False)
    scale: str | None = None  # the overall on another scale (``scale: concern``); None: the rule set's

    method = "first_match"
    reads_score = False  # the overall is not read from the score (verify's early check, the score chart)
    names_its_rule = True  # results say which rule gave the overall rating ("overall_by")

    def step(self, slot: int, counted: tuple[int, ...], top_points: int) -> "FirstMatchStep":
        return FirstMatchStep(self, slot, counted)

    def applied(self, max_score: int | None) -> list[tuple[str, Provenance]]:
        """The rules a rating rests on: the overall's, and each of its rules (any could have matched)."""
        return [(self.id, self.provenance)] + [(c.id, c.provenance) for c in self.choices]

    @property
    def via(self) -> str:
        """What the overall rating is reached through, for the confidence model's words."""
        return f"the rules of {self.id}"

    def origin(self, rating: Rating) -> str:
        """Where the overall rating comes from before decision rules, for their sentences."""
        return f"By {self.id} alone it would be {rating}."

    def card(self, rules: RuleSet) -> list[str]:
        """The rules in words, one sentence each, for the rule card."""
        out = choices_card(rules, self.choices)
        if self.min_rated > 1:
            out.append(f"{rules.not_rated} when fewer than {self.min_rated} counted standards are rated.")
        return out

    def coverage_items(self, rules: RuleSet) -> list[tuple[CoverageKey, str, int | None]]:
        """What worked cases can exercise: each rule giving the overall rating, and too few rated."""
        out: list[tuple[CoverageKey, str, int | None]] = [
            (("overall rule", i), f"overall {c.rating} by {c.id}", c.line) for i, c in enumerate(self.choices)]
        if self.min_rated > 1:
            out.append((("overall too few rated",), f"overall {rules.not_rated} (fewer than {self.min_rated} "
                        "counted standards rated)", self.line))
        return out


@attrs.frozen
class FirstMatchStep:
    """Set the overall rating from the first rule that holds. Reports ``(rank, rule number or -1 for too few
    rated, counted standards rated, the ranks of every standard)``."""

    rule: FirstMatchRule
    slot: int
    counted: tuple[int, ...]

    reads_score = False

    def decide(self, ranks: Ranks) -> tuple[int, int, int]:
        """(overall rank, the number of the rule that gave it or -1, counted standards rated)."""
        n = sum(1 for s in self.counted if ranks[s] >= 0)
        if n < self.rule.min_rated:
            return NOT_RATED, -1, n
        return (*first_that_holds(self.rule.choices, ranks), n)

    def unlimited_rank(self, ev: Any) -> int:
        return self.decide(ev.ranks)[0]

    def matched(self, ranks: Ranks) -> str | None:
        """The id of the rule that gave the overall rating (None when too few standards were rated)."""
        i = self.decide(ranks)[1]
        return self.rule.choices[i].id if i >= 0 else None

    def tallies(self) -> tuple[Tally, ...] | None:
        """The counts the overall rating depends on (None when a rule reads ranks some other way)."""
        found = [Tally(self.counted, 0)]
        for c in self.rule.choices:
            tallies = c.when.tallies() if c.when is not None else ()
            if tallies is None:
                return None
            found += tallies
        return tuple(found)

    @property
    def read_slots(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys((*self.counted, *(s for c in self.rule.choices if c.when is not None
                                                     for s in c.when.read_slots))))

    @staticmethod
    def exercised(facts: Facts) -> tuple[CoverageKey, ...]:
        """The coverage items a report exercises (see ``FirstMatchRule.coverage_items``)."""
        return (("overall rule", facts[1]) if facts[1] >= 0 else ("overall too few rated",),)

    def apply(self, state: State, tracer: Any) -> None:
        rank, i, n = self.decide(state.ranks)
        state.ranks[self.slot] = state.unlimited[self.slot] = rank
        tracer.report(self, (rank, i, n, tuple(map(state.ranks.__getitem__, self.read_slots))))

    def emit(self, code: Code) -> None:
        r = var(self.slot)
        rated = " + ".join(f"({var(s)} >= 0)" for s in self.counted) or "0"
        code.line(f"if ({rated}) < {self.rule.min_rated}: {r} = -1; m = -1")
        for i, choice in enumerate(self.rule.choices):
            if choice.when is None:
                code.line(f"else: {r} = {choice.rating.rank}; m = {i}")
            else:
                code.line(f"elif {choice.when.expr(code)}: {r} = {choice.rating.rank}; m = {i}")

    def emit_traced(self, code: Code) -> None:
        self.emit(code)
        rated = " + ".join(f"({var(s)} >= 0)" for s in self.counted) or "0"
        code.line(f"u{self.slot} = {var(self.slot)}")
        report(code, self, f"({var(self.slot)}, m, {rated}, {ranks_tuple(self.read_slots)})")

    def explain(self, rules: RuleSet, facts: Facts) -> TraceEntry:
        rank, i, n, inputs = facts
        ranks = dict(zip(self.read_slots, inputs))  # the ranks (and facts) the rules read, by slot
        rating = rules.plan.rating_of[rank]
        applied = [(self.rule.id, self.rule.provenance)]
        if i < 0:
            text = (f"Overall {rating}: {n} counted standard{' was' if n == 1 else 's were'} rated, and "
                    f"{self.rule.id} needs at least {self.rule.min_rated}.")
            return trace_entry("overall", self.rule.id, None, text, applied)
        choice = self.rule.choices[i]
        applied.append((choice.id, choice.provenance))
        text = f"Overall {rating} by {self.rule.id}: {why_it_holds(rules, self.rule.choices, i, ranks)}."
        return trace_entry("overall", choice.id, None, text, applied)


# ---------------------------------------------------------- what a list of first_match rules shares (derived too)


def first_that_holds(choices: tuple[Choice, ...], ranks: Ranks) -> tuple[int, int]:
    """(the rank of the first rule that holds, its number): the last, ``otherwise``, always does."""
    for i, choice in enumerate(choices):
        if choice.when is None or choice.when.holds(ranks):
            return choice.rating.rank, i
    raise AssertionError("the otherwise rule always holds")  # the reader requires one, last


def why_it_holds(rules: RuleSet, choices: tuple[Choice, ...], i: int, ranks: Ranks) -> str:
    """Why rule ``i`` gave the rating: what makes it hold, and why each rule before it did not."""
    choice = choices[i]
    why = (f"{choice.id} applies: {choice.when.evidence(rules, ranks, True)}" if choice.when is not None
           else f"no rule before {choice.id} applies, so it is {choice.rating} otherwise")
    before = [f"{c.id} does not apply ({c.condition.evidence(rules, ranks, False)})" for c in choices[:i]]
    return why + (f"; {'; '.join(before)}" if before else "")


def choices_card(rules: RuleSet, choices: tuple[Choice, ...]) -> list[str]:
    """The rules in words, one sentence each, for the rule card."""
    return [f"{c.rating} when {c.when.words(rules)} [{c.id}]" if c.when is not None else
            f"{c.rating} otherwise [{c.id}]" for c in choices]


# -------------------------------------------------------------------------------------- reading the YAML


def read_first_match(ctx: Any, node: Node, f: dict[str, Node], path: str, oid: str | None, measures: str | None,
                     provenance: Provenance | None, min_rated: int | None) -> FirstMatchRule | None:
    r = ctx.r
    if "rules" not in f:
        r.problem("missing key 'rules': the rules, in order, whose first to hold gives the overall rating",
                  node, path)
        return None
    scale = ctx.scale_ref(f["scale"], join(path, "scale")) if "scale" in f else None
    if "scale" in f and scale not in ctx.scales:  # reported
        return None
    choices = read_choices(ctx, f["rules"], join(path, "rules"), oid or "overall", provenance, scale)
    if choices is None or oid is None or measures is None or provenance is None or min_rated is None:
        return None
    return FirstMatchRule(oid, measures, provenance, choices, min_rated, node.line, scale)


def read_choices(ctx: Any, node: Node, path: str, owner: str, provenance: Provenance | None,
                 scale: str | None, what: str = "the overall rating") -> tuple[Choice, ...] | None:
    """A list of rules whose first to hold gives a rating (of ``scale``; None: the rule set's), in an order
    proved never to lower it as a rating rises: the overall's, or a derived standard's (``owner`` names the
    rules without an id of their own: ``OWNER-1``, ...)."""
    items = ctx.r.sequence(node, path)
    if items is None:
        return None
    found = []
    ctx.rising_allowed = True  # conditions that hold more as ratings rise may raise the rating here
    try:
        for i, item in enumerate(items):
            found.append(_choice(ctx, item, join(path, i), owner, provenance, i, len(items), scale))
    finally:
        ctx.rising_allowed = False
    choices = [c for c in found if c is not None]
    if len(choices) != len(found) or provenance is None:
        return None
    if not _never_falls(ctx, choices, node, path, what):
        return None
    return tuple(choices)


FIRST_MATCH = OverallMethod(read_first_match, ("rules", "scale"))


def _choice(ctx: Any, node: Node, path: str, overall: str, inherited: Provenance | None, i: int,
            count: int, scale: str | None) -> Choice | None:
    r = ctx.r
    f = r.mapping(node, path, required=("rating",), optional=("id", "when", "otherwise", "description")
                  + PROVENANCE)
    if f is None:
        return None
    last = i == count - 1
    otherwise = "otherwise" in f and r.boolean(f["otherwise"], join(path, "otherwise"))
    if otherwise and "when" in f:
        r.problem("a rule has either 'when' or 'otherwise: true', not both", node, path)
        return None
    if otherwise != last:
        r.problem("the last rule, and only the last, is 'otherwise: true': it gives the rating when no rule before "
                  "it holds" if last else "'otherwise: true' belongs to the last rule only", node, path)
        return None
    if not otherwise and "when" not in f:
        r.problem("missing key 'when': the condition under which this rule gives its rating", node, path)
        return None
    rid = ctx.rule_id(f["id"], join(path, "id")) if "id" in f else f"{overall}-{i + 1}"
    rating = ctx.rating(f["rating"], join(path, "rating"), scale=scale)
    when = read_condition(ctx, f["when"], join(path, "when")) if "when" in f else None
    description = r.text(f["description"], join(path, "description")) if "description" in f else None
    provenance = ctx.provenance(f, node, path, node.line, inherited)
    if rid is None or rating is None or provenance is None or (not otherwise and when is None):
        return None
    return Choice(rid, rating, when, provenance, description, node.line)


def _never_falls(ctx: Any, choices: list[Choice], node: Node, path: str, what: str) -> bool:
    """Whether the order of the rules proves that the overall rating never falls as a rating rises (see the
    module's docstring); if not, one problem at the rule that breaks it, saying why."""
    broken = _breaking(choices, what)
    if broken is not None:
        culprit, why = broken
        ctx.r.problem(f"{what} could fall when a rating rises: {why}", node, path, culprit.line)
    return broken is None


def _breaking(choices: list[Choice], what: str) -> tuple[Choice, str] | None:
    """The first rule whose place breaks the order, and why; None when the order holds."""
    *ruled, otherwise = choices
    falling = [c for c in ruled if not c.condition.rising]
    rising = [c for c in ruled if c.condition.rising]
    if falling and rising and ruled.index(rising[0]) < ruled.index(falling[-1]):
        return falling[-1], (f"rule {falling[-1].id} holds less as ratings rise but comes after rule "
                             f"{rising[0].id}, which holds more: list first the rules that hold less as ratings "
                             "rise, then those that hold more")
    for a, b in zip(falling, falling[1:]):
        if b.rating.rank < a.rating.rank:
            return b, (f"rule {b.id} gives {b.rating}, lower than {a.rating} before it: among rules that hold less "
                       "as ratings rise, list the lower ratings first")
    for a, b in zip(rising, rising[1:]):
        if b.rating.rank > a.rating.rank:
            return b, (f"rule {b.id} gives {b.rating}, higher than {a.rating} before it: among rules that hold "
                       "more as ratings rise, list the higher ratings first")
    for c in falling:
        if c.rating.rank > otherwise.rating.rank:
            return c, (f"rule {c.id} gives {c.rating}, above the otherwise rating {otherwise.rating}: a rising "
                       f"rating that stopped it holding would lower {what}")
    for c in rising:
        if c.rating.rank < otherwise.rating.rank:
            return c, (f"rule {c.id} gives {c.rating}, below the otherwise rating {otherwise.rating}: a rising "
                       f"rating that made it hold would lower {what}")
    return None
