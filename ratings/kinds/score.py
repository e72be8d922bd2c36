"""The score: the sum of the points of the counted, rated standards, out of the top points for each (so a
Not rated standard shrinks the maximum)."""

from __future__ import annotations

from typing import Any

import attrs

from ..model.objects import Provenance, RuleSet, TraceEntry, trace_entry
from ..model.words import names
from ..reading.reader import join
from ..reading.yaml_file import Node
from .base import Code, State, ranks_tuple, report, var

PROVENANCE = ("source", "confidence", "notes")


@attrs.frozen
class ScoreRule:
    id: str
    description: str
    provenance: Provenance


@attrs.frozen
class ScoreStep:
    rule: ScoreRule
    counted: tuple[int, ...]  # the slots of the counted standards
    points: tuple[int, ...]  # points by rank
    rated: int  # how many slots are standards (the overall's slot follows them)

    def apply(self, state: State, tracer: Any) -> None:
        ranks, points = state.ranks, self.points
        score = n = 0
        for slot in self.counted:
            rank = ranks[slot]
            if rank >= 0:
                score += points[rank]
                n += 1
        state.score, state.n = score, n
        tracer.report(self, (score, n, tuple(ranks[:self.rated])))

    def emit(self, code: Code) -> None:
        points = code.const(list(self.points) + [0], "P")  # Not rated (-1) reads the last entry, 0
        code.line("s = " + (" + ".join(f"{points}[{var(i)}]" for i in self.counted) or "0"))
        code.line("n = " + (" + ".join(f"({var(i)} >= 0)" for i in self.counted) or "0"))

    def emit_traced(self, code: Code) -> None:
        self.emit(code)
        report(code, self, f"(s, n, {ranks_tuple(range(self.rated))})")

    def explain(self, rules: RuleSet, facts: tuple[int, int, tuple[int, ...]]) -> TraceEntry:
        score, n, ranks = facts
        plan = rules.plan
        counted = [(sid, self.points[ranks[i]]) for i, sid in enumerate(plan.ids)
                   if i in self.counted and ranks[i] >= 0]
        left_out = [sid for i, sid in enumerate(plan.ids) if not (i in self.counted and ranks[i] >= 0)]
        max_score = rules.top_points * n
        if counted:
            parts = " + ".join(f"{p} ({rules.standards[s].label})" for s, p in counted)
            text = (f"Score {score}/{max_score}: {parts} = {score}, from {len(counted)} rated standards at up to "
                    f"{rules.top_points} points each")
        else:
            text = f"Score {score}/{max_score}: no counted standard was rated"
        if left_out:
            text += f"; {names(rules, left_out)} {'is' if len(left_out) == 1 else 'are'} not counted"
        return trace_entry("score", self.rule.id, None, text + ".", [(self.rule.id, self.rule.provenance)])


def read_score(ctx: Any, node: Node, path: str) -> ScoreRule | None:
    r = ctx.r
    f = r.mapping(node, path, required=("id", "description"), optional=PROVENANCE)
    if f is None:
        return None
    sid = ctx.rule_id(f["id"], join(path, "id")) if "id" in f else None
    description = r.text(f["description"], join(path, "description")) if "description" in f else None
    provenance = ctx.provenance(f, node, path, node.line)
    if sid is None or description is None or provenance is None:
        return None
    return ScoreRule(sid, description, provenance)
