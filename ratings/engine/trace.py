"""Recording why: the evaluator reports every decision to a recorder as it is made.

:class:`Recorder` is the null object (it records nothing, so rating without a trace costs only the calls);
:class:`TraceRecorder` turns each report into the step's own sentence (``step.explain(rules, facts)``). A
sentence is a pure function of its step and the facts it quotes, so sentences are kept with the plan, by
step and facts, and built once: rating thousands of variants repeats most of them.
"""

from __future__ import annotations

from typing import Any

from ..model.objects import RuleSet, TraceEntry


class Recorder:
    """The null recorder: it is told every decision and keeps nothing."""

    def report(self, step: Any, facts: Any) -> None:
        pass

    def entries(self) -> tuple[TraceEntry, ...]:
        return ()


NULL_RECORDER = Recorder()
MAX_KEPT = 100_000


class TraceRecorder(Recorder):
    """Keeps every decision as a :class:`TraceEntry` with a one-sentence reason."""

    def __init__(self, rules: RuleSet):
        self.rules = rules
        self._entries: list[TraceEntry] = []
        self._said = rules.plan.sentences

    def report(self, step: Any, facts: Any) -> None:
        key = (id(step), facts)
        said = self._said
        entry = said.get(key)
        if entry is None:
            if len(said) > MAX_KEPT:
                said.clear()
            entry = said[key] = step.explain(self.rules, facts)
        self._entries.append(entry)

    def entries(self) -> tuple[TraceEntry, ...]:
        return tuple(self._entries)
