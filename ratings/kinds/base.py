"""What every kind of rule offers the engine, and what the engine gives it.

A rule set becomes a *plan*: a sequence of steps, each one rule of some kind, applied in order to a
:class:`State` (one rank per slot: a rated standard, or the overall rating). Every step

- ``apply(state, tracer)``: does what the rule says, and reports it to the tracer as it goes, as
  ``tracer.report(step, facts)``, where ``facts`` is a hashable tuple of every value its sentence quotes;
- ``explain(rules, facts)``: that sentence, as a :class:`TraceEntry` (a pure function of the step and the
  facts, so a recorder may keep sentences by facts);
- ``emit(code)``: the same rule as straight-line Python over rank variables ``r0, r1, ...``, for the
  compiled paths (the fast path and the analyses' settle); a property test holds it equal to ``apply``.

Ranks are integers, higher is better; Not rated is -1 (``NOT_RATED``) and is never raised or lowered by a
decision rule.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

NOT_RATED = -1

#: ranks by slot: a list (every slot's, as an evaluation holds them), or a mapping from slot to rank (the slots a
#: rule read, as its step reported them)
Ranks = Sequence[int] | Mapping[int, int]


class State:
    """One evaluation in progress. ``ranks`` has a slot per rated standard (rule-set order) and one for the
    overall rating (the last); ``lowered`` lists, in order, the numbers of the decision rules that lowered a
    rank; ``unlimited`` holds each slot's rank before any decision rule; ``details`` keeps how each case standard reached its band."""

    __slots__ = ("inspection", "ranks", "unlimited", "lowered", "details", "awarded", "score", "n")

    def __init__(self, inspection: Any, slots: int):
        self.inspection = inspection
        self.ranks = [NOT_RATED] * slots
        self.unlimited = [NOT_RATED] * slots  # each slot's rank before decision rules
        self.lowered: list[int] = []
        self.details: dict[str, Any] = {}
        self.awarded: dict[str, Any] = {}  # judged standards set to the inspectors' award: the award as rated
        self.score = 0
        self.n = 0


class Code:
    """Python source being generated: lines at an indent, and named constants the code refers to."""

    def __init__(self, consts: dict[str, Any] | None = None):
        self.lines: list[str] = []
        self.consts: dict[str, Any] = dict(consts or {})
        self.indent = "    "
        self.memo: dict[Any, Any] = {}  # what a kind compiled once per rule set (a band set's function)
        self._names = 0

    def line(self, text: str) -> None:
        self.lines.append(self.indent + text)

    def const(self, value: Any, prefix: str = "K") -> str:
        """A name under which the generated code can read ``value``."""
        for name, known in self.consts.items():
            if known is value and name.startswith(prefix):
                return name
        self._names += 1
        name = f"{prefix}{self._names}"
        self.consts[name] = value
        return name

    def function(self, source: str, name: str) -> Any:
        """Compile ``source`` (a function called ``name``) against the constants, and return it."""
        namespace = dict(self.consts)
        # the constants become default arguments: local look-ups, faster than globals
        head, rest = source.split("):", 1)
        defaults = "".join(f", {k}={k}" for k in self.consts if k.isidentifier() and f"{k}=" not in head)
        source = head + defaults + "):" + rest
        exec(compile(source, f"<compiled {name}>", "exec"), namespace)  # noqa: S102 - our own code
        return namespace[name]

    def fresh(self, prefix: str = "t") -> str:
        """A local variable name not used before."""
        self._names += 1
        return f"_{prefix}{self._names}"


def var(slot: int) -> str:
    """The generated code's variable for a slot's rank."""
    return f"r{slot}"


def unlimited_var(slot: int) -> str:
    """The traced code's variable for a slot's rank before decision rules."""
    return f"u{slot}"


def ranks_tuple(slots: Iterable[int]) -> str:
    """A tuple expression of the slots' rank variables."""
    return "(" + "".join(f"{var(s)}, " for s in slots) + ")"


def report(code: Code, step: object, facts: str) -> None:
    """A line of traced code reporting ``facts`` (an expression) for ``step``, as its ``apply`` reports them
    to a tracer."""
    code.line(f"T.append(({code.const(step, 'S')}, {facts}))")


class Slow(Exception):
    """Raised by compiled code when the input is not of the shape it checks: the ordinary path decides."""
