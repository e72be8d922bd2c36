"""Judged standards: rated by the inspectors' judgement, given in the inspection file, which decision rules
may then limit (never raise)."""

from __future__ import annotations

from typing import Any

import attrs

from ..model.objects import RuleSet, Standard, TraceEntry
from .base import Code, State, report, unlimited_var, var


@attrs.frozen
class JudgedStep:
    """Take the inspectors' judgement; when no decision rule limits the standard, say so."""

    standard: Standard
    slot: int
    limited: bool  # some decision rule limits it (and says what the judgement was)
    names: dict[str, int] = attrs.field(factory=dict, eq=False, repr=False)  # its scale's spellings, by rank

    def apply(self, state: State, tracer: Any) -> None:
        rank = state.inspection.judgements[self.standard.id].rank
        state.ranks[self.slot] = state.unlimited[self.slot] = rank
        if not self.limited:
            tracer.report(self, (rank,))

    def emit(self, code: Code) -> None:
        # a name off its scale is a KeyError: the ordinary path then says what is wrong
        code.line(f"{var(self.slot)} = {code.const(self.names, 'K')}[j[{self.standard.id!r}]]")

    def emit_traced(self, code: Code) -> None:
        self.emit(code)
        code.line(f"{unlimited_var(self.slot)} = {var(self.slot)}")
        if not self.limited:
            report(code, self, f"({var(self.slot)},)")

    def explain(self, rules: RuleSet, facts: tuple[int]) -> TraceEntry:
        judgement = rules.plan.rating_of[facts[0]]
        label = self.standard.label
        if not judgement.rated:
            text = f"{label} is {judgement}: the inspection did not rate it."
        else:
            text = f"{label} is {judgement}, the inspectors' judgement; no decision rule limits it."
        return TraceEntry("judgement", None, self.standard.id, text)
