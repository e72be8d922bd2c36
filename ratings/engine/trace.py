"""Recording why: the evaluator reports every decision to a recorder as it is made.

:class:`Recorder` is the null object (it records nothing, so rating without a trace costs only the calls);
:class:`TraceRecorder` keeps each report, and the trace it gives turns each into the step's own sentence
(``step.explain(rules, facts)``) when first read.
"""

from __future__ import annotations

from typing import Any, Iterator, Sequence, overload

from ..model.objects import RuleSet, TraceEntry


class Recorder:
    """The null recorder: it is told every decision and keeps nothing."""

    def report(self, step: Any, facts: Any) -> None:
        pass

    def entries(self) -> Sequence[TraceEntry]:
        return ()


NULL_RECORDER = Recorder()
MAX_KEPT = 100_000


class TraceRecorder(Recorder):
    """Keeps every decision, with the facts it rests on; each becomes a :class:`TraceEntry` with a one-sentence
    reason when the trace is read (:class:`Trace`), so rating with a trace costs little until it is read."""

    def __init__(self, rules: RuleSet, reports: list[tuple[Any, Any]] | None = None):
        self.rules = rules
        self._reports: list[tuple[Any, Any]] = [] if reports is None else reports

    def report(self, step: Any, facts: Any) -> None:
        self._reports.append((step, facts))

    def entries(self) -> "Trace":
        return Trace(self.rules, self._reports)


class Trace(Sequence[TraceEntry]):
    """The explained decisions of one rating, in order: a sequence of :class:`TraceEntry`, written when first
    read. A sentence is a pure function of its step and the facts it quotes, so sentences are kept with the
    plan, by step and facts, and each is written once however many ratings share it."""

    __slots__ = ("_rules", "_reports", "_entries")

    def __init__(self, rules: RuleSet, reports: list[tuple[Any, Any]]):
        self._rules, self._reports = rules, reports
        self._entries: tuple[TraceEntry, ...] | None = None

    def _written(self) -> tuple[TraceEntry, ...]:
        if self._entries is None:
            rules = self._rules
            said = rules.plan.sentences
            if len(said) > MAX_KEPT:
                said.clear()
            out: list[TraceEntry] = []
            for step, facts in self._reports:
                key = (id(step), facts)
                entry = said.get(key)
                if entry is None:
                    entry = said[key] = step.explain(rules, facts)
                out.append(entry)
            self._entries, self._reports = tuple(out), []
        return self._entries

    @overload
    def __getitem__(self, index: int) -> TraceEntry: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[TraceEntry, ...]: ...

    def __getitem__(self, index: int | slice) -> TraceEntry | tuple[TraceEntry, ...]:
        return self._written()[index]

    def __len__(self) -> int:
        return len(self._entries) if self._entries is not None else len(self._reports)

    def __iter__(self) -> Iterator[TraceEntry]:
        return iter(self._written())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Trace, tuple, list)):
            return self._written() == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Trace({list(self._written())!r})"
