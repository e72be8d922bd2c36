"""The evaluator: ``(rule set, inspection) -> result``. Pure: no I/O, no globals, no framework names.

It applies the plan's steps in order (``plan.py``): the inputs (each case standard's band, each judgement),
then derivations and decision rules in dependency order, the score, the overall rating and the limits on
it. Every step reports its decision to the recorder as it makes it (the null recorder keeps nothing).
"""

from __future__ import annotations

from typing import Mapping

from ..kinds.base import State
from ..model.objects import Inspection, Result, RuleSet
from .result import Evaluation, build_result
from .trace import NULL_RECORDER, Recorder


def run(rules: RuleSet, state: State, recorder: Recorder) -> State:
    """Apply every step of the plan, in order, to the state."""
    for step in rules.plan.steps:
        step.apply(state, recorder)
    return state


def evaluate(rules: RuleSet, inspection: Inspection, recorder: Recorder = NULL_RECORDER) -> Result:
    plan = rules.plan
    state = run(rules, State(inspection, plan.slots), recorder)
    cases = inspection.cases
    # an information standard is given its key questions or None (never unknown: it is never rated)
    information = {sid: dict(given) for sid in plan.information if isinstance(given := cases.get(sid), Mapping)}
    ev = Evaluation(rules, inspection, state.ranks, state.lowered, state.score, state.n, state.details,
                    state.awarded)
    result = build_result(ev, inspection.name, information, recorder)
    result.dating = getattr(inspection, "dating", None)
    result.gaps = getattr(inspection, "gaps", None)
    return result
