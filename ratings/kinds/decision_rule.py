"""Decision rules: a standard, or the overall rating, is at most a rating when a condition holds.

``limits: overall`` or ``limits: <standard id>`` (``standard: <id>`` is the older spelling) names what the
rule limits; ``at_most`` the highest rating it then allows; ``when`` the condition (``conditions.py``).
A limit never raises anything, and never rates what is Not rated. A limit on a standard applies before
anything reads that standard (the plan orders them); a limit on the overall rating applies after the score
is turned into a rating, and leaves the score as it is.
"""

from __future__ import annotations

from typing import Any

import attrs

from ..model.objects import Provenance, Rating, RuleSet, TraceEntry, trace_entry
from ..reading.reader import clip, join, suggestion
from ..reading.yaml_file import Node
from .base import Code, State, ranks_tuple, report, unlimited_var, var
from .conditions import Condition, read_condition

OVERALL = "overall"
PROVENANCE = ("source", "confidence", "notes")
#: what a rule reports: the rank before and after, whether the condition holds, the rank before any rule, and
#: the ranks the condition read
Facts = tuple[int, int, bool, int, tuple[int, ...]]


@attrs.frozen
class DecisionRule:
    id: str
    target: str  # a standard id, or "overall"
    slot: int
    at_most: Rating
    when: Condition
    provenance: Provenance
    description: str | None = None
    line: int | None = attrs.field(default=None, eq=False)
    number: int = 0  # its place among the rule set's decision rules

    @property
    def standard(self) -> str:
        """The target (the name of this field before rules could limit the overall rating)."""
        return self.target

    # ---------------------------------------------------------------------------------- evaluation

    def apply(self, state: State, tracer: Any) -> None:
        ranks = state.ranks
        before = ranks[self.slot]
        applies = self.when.holds(ranks)
        after = self.at_most.rank if applies and before > self.at_most.rank else before
        if after != before:
            ranks[self.slot] = after
            state.lowered.append(self.number)
        tracer.report(self, (before, after, applies, state.unlimited[self.slot],
                             tuple(map(ranks.__getitem__, self.when.read_slots))))

    def emit(self, code: Code) -> None:
        cap, r = self.at_most.rank, var(self.slot)
        code.line(f"if {r} > {cap} and ({self.when.expr(code)}): {r} = {cap}; L.append({self.number})")

    def emit_traced(self, code: Code) -> None:
        """As ``emit``, reporting what ``apply`` reports: the rank before and after, whether the condition
        holds, the rank before any rule, and the ranks the condition read."""
        cap, r = self.at_most.rank, var(self.slot)
        code.line(f"b = {r}; h = bool({self.when.expr(code)})")
        code.line(f"if h and {r} > {cap}: {r} = {cap}; L.append({self.number})")
        report(code, self, f"(b, {r}, h, {unlimited_var(self.slot)}, {ranks_tuple(self.when.read_slots)})")

    # ----------------------------------------------------------------------------------- sentences

    def exercised(self, facts: Facts) -> tuple[tuple[str, int], ...]:
        """The coverage item a report exercises (``rules coverage``): the rule firing (lowering a rating), or
        tested and not holding; neither for what is Not rated, which a rule never applies to."""
        before, after, applies, unlimited, _ = facts
        if unlimited < 0:
            return ()
        if after != before:
            return (("rule fires", self.number),)
        return (("rule does not fire", self.number),) if not applies else ()

    def explain(self, rules: RuleSet, facts: Facts) -> TraceEntry:
        before_rank, after_rank, applies, unlimited_rank, inputs = facts
        rating_of = rules.plan.rating_of
        before, after, unlimited = rating_of[before_rank], rating_of[after_rank], rating_of[unlimited_rank]
        ranks = dict(zip(self.when.read_slots, inputs))
        evidence = self.when.evidence(rules, ranks, applies)
        if self.target == OVERALL:
            label, origin = "the overall rating", rules.overall.origin(unlimited)
            unrated = f"The overall rating is {unlimited}: no counted standard was rated, so decision rule " \
                      f"{self.id} does not apply."
        else:
            standard = rules.standards[self.target]
            label = standard.label
            origin = {"judged": f"The inspectors' judgement was {unlimited}.",
                      "case": f"Its key questions alone would make it {unlimited}.",
                      "scored": f"Its items' scores alone would make it {unlimited}.",
                      "derived": f"The standards it is rated from would make it {unlimited}."}[standard.kind]
            unrated = (f"{label} is {unlimited}: the inspection did not rate it, so decision rule {self.id} "
                       "does not apply.")
        if not unlimited.rated:
            text = unrated
        elif not applies:
            text = f"Decision rule {self.id} does not apply to {label}: {evidence}; {label} stays {after}."
        elif after_rank != before_rank:
            text = (f"{label[0].upper() + label[1:]} is limited to {after} by decision rule {self.id}, which rules out a rating above "
                    f"{self.at_most}: {evidence}. {origin}")
        else:
            text = (f"Decision rule {self.id} applies to {label} ({evidence}) and allows at most {self.at_most}; "
                    f"{label} is already {before}, so it stays {after}.")
        text = text[0].upper() + text[1:]
        return trace_entry("cap", self.id, None if self.target == OVERALL else self.target, text,
                           [(self.id, self.provenance)])

    def sentence(self, rules: RuleSet) -> str:
        """The rule in words, for the rule card."""
        target = "The overall rating" if self.target == OVERALL else rules.standards[self.target].name
        text = f"{target} is at most {self.at_most} when {self.when.words(rules)}."
        return text + (f" {self.description}" if self.description else "")


def read_decision_rules(ctx: Any, node: Node, path: str) -> tuple[DecisionRule, ...]:
    r = ctx.r
    out: list[DecisionRule] = []
    for i, item in enumerate(r.sequence(node, path, allow_empty=True) or []):
        p = join(path, i)
        f = r.mapping(item, p, required=("id", "at_most", "when"),
                      optional=("limits", "standard", "description") + PROVENANCE)
        if f is None:
            continue
        rid = ctx.rule_id(f["id"], join(p, "id")) if "id" in f else None
        target = _target(ctx, f, item, p)
        at_most = ctx.rating(f["at_most"], join(p, "at_most"), scale=ctx.scale_of(target) if target else None) \
            if "at_most" in f else None
        when = read_condition(ctx, f["when"], join(p, "when")) if "when" in f else None
        description = r.text(f["description"], join(p, "description")) if "description" in f else None
        provenance = ctx.provenance(f, item, p, item.line)
        if rid is None or target is None or at_most is None or when is None or provenance is None:
            continue
        slot = ctx.overall_slot if target == OVERALL else ctx.slots[target]
        out.append(DecisionRule(rid, target, slot, at_most, when, provenance, description, item.line, len(out)))
    return tuple(out)


def _target(ctx: Any, f: dict[str, Node], item: Node, path: str) -> str | None:
    r = ctx.r
    keys = [k for k in ("limits", "standard") if k in f]
    if len(keys) != 1:
        r.problem("say what the rule limits with 'limits': 'overall' or a standard's id", item, path)
        return None
    key = keys[0]
    node = f[key]
    if key == "limits" and node.kind == "str" and node.value.strip() == OVERALL:
        if not ctx.has_overall:
            r.problem("this rule set has no overall rating ('overall: none'), so no rule can limit it", node,
                      join(path, key))
            return None
        return OVERALL
    if key == "standard" and node.kind == "str" and node.value.strip() == OVERALL:
        r.problem("'standard' names a standard; to limit the overall rating write 'limits: overall'", node,
                  join(path, key))
        return None
    if key == "limits" and node.kind == "str" and node.value.strip() not in ctx.standards:
        near = None if r.problems.full else suggestion(node.value.strip(), [OVERALL, *ctx.standards])
        r.problem(f"'{clip(node.value.strip())}' is neither 'overall' nor a standard of this rule set"
                  + (f"; did you mean '{near}'?" if near else ""), node, join(path, key))
        return None
    found: str | None = ctx.standard_ref(node, join(path, key))
    return found
