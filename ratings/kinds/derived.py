"""Derived standards: rated from other standards' ratings, never from input.

``{id: wellbeing, kind: derived, from: [care, environment], method: lowest}``: the standards named in
``from`` (judged, case or derived; after their own decision rules) give the rating by the ``method``, one
class per method registered in ``kinds/__init__.py`` (``derived_lowest.py``). Decision rules may limit a
derived standard like any other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

import attrs

from ..model.objects import Provenance, RuleSet, Standard, TraceEntry, trace_entry
from ..reading.reader import join, one_of
from ..reading.yaml_file import Node
from .base import Code, State, ranks_tuple, report, unlimited_var, var

if TYPE_CHECKING:  # the methods register in kinds/__init__.py, which imports this module
    from .derived_first_match import FirstMatchDerivation
    from .derived_lowest import Lowest


@attrs.frozen
class Derivation:
    """How a derived standard is rated: ``method`` over the ratings of ``inputs``."""

    id: str  # the derived standard's id
    inputs: tuple[str, ...]
    slots: tuple[int, ...]
    method: Lowest | FirstMatchDerivation
    provenance: Provenance
    line: int | None = attrs.field(default=None, eq=False)

    @property
    def read_slots(self) -> tuple[int, ...]:
        """The slots its rating reads (its inputs', and any fact its method's rules read), as the method says."""
        return self.method.read_slots(self.slots)


@attrs.frozen
class DerivedStep:
    standard: Standard
    slot: int

    def apply(self, state: State, tracer: Any) -> None:
        derivation = self.standard.derived
        inputs = tuple(map(state.ranks.__getitem__, derivation.read_slots))
        rank = derivation.method.combine(inputs)
        state.ranks[self.slot] = state.unlimited[self.slot] = rank
        tracer.report(self, (rank, inputs))

    def emit(self, code: Code) -> None:
        derivation = self.standard.derived
        code.line(f"{var(self.slot)} = {derivation.method.expr(code, [var(s) for s in derivation.slots])}")

    def emit_traced(self, code: Code) -> None:
        self.emit(code)
        code.line(f"{unlimited_var(self.slot)} = {var(self.slot)}")
        report(code, self, f"({var(self.slot)}, {ranks_tuple(self.standard.derived.read_slots)})")

    def exercised(self, facts: tuple[int, tuple[int, ...]]) -> tuple[tuple[str, str], ...]:
        """The coverage item a report exercises (``rules coverage``): the standard rated from its inputs."""
        return (("derived", self.standard.id),) if facts[0] >= 0 else ()

    def explain(self, rules: RuleSet, facts: tuple[int, tuple[int, ...]]) -> TraceEntry:
        rank, inputs = facts
        derivation = self.standard.derived
        every = dict(zip(derivation.read_slots, inputs))
        text = derivation.method.sentence(rules, self.standard, rank, dict(zip(derivation.inputs, inputs)), every)
        return trace_entry("derived", None, self.standard.id, text,
                           [(derivation.id, derivation.provenance), *derivation.method.cites(every)])


def read_derivation(ctx: Any, f: dict[str, Node], node: Node, path: str, sid: str | None,
                    provenance: Provenance | None, scale: str | None = None) -> Callable[[], Derivation | None]:
    """The ``from`` and ``method`` of a derived standard, checked once every standard is known (the inputs
    may come later in the file): returns a function that finishes the job."""
    from . import DERIVED_METHODS

    r = ctx.r
    method = None
    if "method" not in f:
        r.problem(f"missing key 'method' (how the ratings of 'from' give this one: {one_of(DERIVED_METHODS)})",
                  node, path)
    else:
        name = r.text(f["method"], join(path, "method"))
        if name is not None and name not in DERIVED_METHODS:
            r.problem(f"unknown method '{name}' for a derived standard; expected {one_of(DERIVED_METHODS)}",
                      f["method"], join(path, "method"))
        elif name is not None:
            method = DERIVED_METHODS[name]
    for key in dict.fromkeys(k for m in DERIVED_METHODS.values() for k in m.keys):  # each method's own keys
        if key in f and (method is None or key not in method.keys):
            r.problem(f"'{key}' belongs to a derived standard by a method that takes it "
                      f"({one_of(n for n, m in DERIVED_METHODS.items() if key in m.keys)})", f[key], join(path, key),
                      r.key_line(node, key))
            method = None
    if method is not None and scale is not None and not method.any_scale:
        r.problem(f"a derived standard by method {method.name} takes the rating of a standard it is derived from, "
                  "on the rule set's scale: it cannot be on another scale", f["scale"], join(path, "scale"),
                  r.key_line(node, "scale"))
        method = None
    seq = r.sequence(f["from"], join(path, "from")) if "from" in f else None
    if "from" not in f:
        r.problem("missing key 'from' (the standards a derived standard is rated from)", node, path)

    def finish() -> Derivation | None:
        refs = [ctx.standard_ref(n, join(join(path, "from"), j)) for j, n in enumerate(seq or [])]
        if not seq or None in refs or method is None or sid is None or provenance is None:
            return None
        if len(set(refs)) != len(refs):
            r.problem("a standard is listed twice", f["from"], join(path, "from"))
            return None
        other = [s for s in refs if ctx.scale_of(s) is not None]
        if other and not method.any_scale:  # its method compares ratings of the rule set's scale
            r.problem(f"'{other[0]}' is rated on scale {ctx.scale_of(other[0])}, and a derived standard is rated "
                      "from standards on the rule set's scale", f["from"], join(path, "from"))
            return None
        configured: Lowest | FirstMatchDerivation | None
        if isinstance(method, type):  # a method configured per standard, with keys of its own (a class: ``read``)
            configured = method.read(ctx, f, node, path, sid, tuple(refs), provenance, scale)
            if configured is None:
                return None
        else:
            configured = method
        return Derivation(sid, tuple(refs), tuple(ctx.slots[s] for s in refs), configured, provenance, node.line)

    return finish
