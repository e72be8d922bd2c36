"""Conditions ``any`` and ``all``: several conditions, of which one (or every one) must hold.

``any: [c1, c2]`` holds when at least one holds, ``all: [c1, c2]`` when every one does; each ``c`` is a
condition of any kind, nested as deep as needed. Both keep the property of their parts: when none of the
parts holds more as ratings rise, neither does the whole.
"""

from __future__ import annotations

from typing import Any

import attrs

from ..model.objects import RuleSet
from ..reading.reader import join
from ..reading.yaml_file import Node
from .base import Code, Ranks
from .conditions import Condition, Tally, read_condition


@attrs.frozen
class _Compound(Condition):
    parts: tuple[Condition, ...]

    keyword = ""
    joiner = ""
    lead = ""  # the words before the parts' on the rule card

    @classmethod
    def read(cls, ctx: Any, node: Node, path: str) -> "_Compound | None":
        r = ctx.r
        f = r.mapping(node, path, required=(cls.keyword,))
        if f is None or cls.keyword not in f:
            return None
        p = join(path, cls.keyword)
        items = r.sequence(f[cls.keyword], p)
        if items is None:
            return None
        found = [read_condition(ctx, item, join(p, i)) for i, item in enumerate(items)]
        parts = [part for part in found if part is not None]
        if len(parts) != len(found):
            return None
        if len({part.rising for part in parts}) > 1:
            r.problem(f"'{cls.keyword}' mixes conditions that hold more as ratings rise with conditions that hold "
                      "less: the whole would do neither, so a rising rating could lower the result", node, path)
            return None
        return cls(tuple(parts))

    @property
    def rising(self) -> bool:
        return self.parts[0].rising

    @property
    def reads(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for part in self.parts for s in part.reads))

    @property
    def read_slots(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(s for part in self.parts for s in part.read_slots))

    def tallies(self) -> tuple[Tally, ...] | None:
        """The parts' counts: the whole holds as a function of whether each part does."""
        found: list[Tally] = []
        for part in self.parts:
            tallies = part.tallies()
            if tallies is None:
                return None
            found += tallies
        return tuple(found)

    def expr(self, code: Code) -> str:
        return "(" + f" {self.joiner} ".join(f"({part.expr(code)})" for part in self.parts) + ")"

    def words(self, rules: RuleSet) -> str:
        return f"{self.lead} " + "; ".join(f"({part.words(rules)})" for part in self.parts)


@attrs.frozen
class AnyOf(_Compound):
    keyword = "any"
    joiner = "or"
    lead = "any of these holds:"

    def evidence(self, rules: RuleSet, ranks: Ranks, applies: bool) -> str:
        if applies:
            first = next(part for part in self.parts if part.holds(ranks))
            return first.evidence(rules, ranks, True)
        return "none of its conditions holds: " + "; ".join(p.evidence(rules, ranks, False) for p in self.parts)


@attrs.frozen
class AllOf(_Compound):
    keyword = "all"
    joiner = "and"
    lead = "all of these hold:"

    def evidence(self, rules: RuleSet, ranks: Ranks, applies: bool) -> str:
        if applies:
            return "; and ".join(p.evidence(rules, ranks, True) for p in self.parts)
        first = next(part for part in self.parts if not part.holds(ranks))
        return first.evidence(rules, ranks, False)
