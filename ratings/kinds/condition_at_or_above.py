"""Condition ``at_or_above`` with ``fewer_than``: too few of a group rated at or above a rating.

``{standards: [a, b, c], at_or_above: Outstanding, fewer_than: 2}`` holds when fewer than two of them are
rated Outstanding (as "an overall Outstanding needs at least two Outstanding key questions"). A group may be
``standards``, ``domain`` or one ``standard`` (then ``fewer_than`` is 1: it holds unless that standard is at
or above the rating). A rising rating can only add to those at or above, so the condition never holds more
as ratings rise; the forms that would (``at_least_count`` or ``at_least_share`` with ``at_or_above``) are
refused.
"""

from __future__ import annotations

from typing import Any

import attrs

from ..model.objects import Rating
from ..model.words import names, verb
from ..reading.reader import join
from ..reading.yaml_file import Node
from .base import Code, var
from .conditions import Condition, Tally, group_words, rated_among, read_group


@attrs.frozen
class AtOrAbove(Condition):
    standards: tuple[str, ...]
    slots: tuple[int, ...]
    at_or_above: Rating
    fewer_than: int
    group: str | None = None

    keyword = "at_or_above"

    @classmethod
    def read(cls, ctx: Any, node: Node, path: str) -> "AtOrAbove | None":
        r = ctx.r
        f = r.mapping(node, path, required=("at_or_above",),
                      optional=("standard", "standards", "domain", "fewer_than", "at_least_count",
                                "at_least_share"))
        if f is None:
            return None
        for key in ("at_least_count", "at_least_share"):
            if key in f:
                r.problem(f"'{key}' with 'at_or_above' would hold more as ratings rise, so the rule could lower "
                          "a result when a rating rises; say 'fewer_than', or use 'at_or_below'", f[key],
                          join(path, key))
                return None
        at_or_above = ctx.rating(f["at_or_above"], join(path, "at_or_above"))
        found = read_group(ctx, f, node, path)
        if found is None:
            return None
        ids, group, single = found
        if "fewer_than" not in f and single:
            fewer = 1  # one standard: the condition holds unless it is at or above the rating
        elif "fewer_than" not in f:
            r.problem("say how few of them make the condition hold with 'fewer_than' (e.g. 2); a condition that "
                      "held because a standard is at or above a rating would lower a result when a rating rises",
                      node, path)
            return None
        else:
            fewer = r.integer(f["fewer_than"], join(path, "fewer_than"), minimum=1)
        if fewer is None or at_or_above is None:
            return None
        if fewer > len(ids):
            r.problem(f"fewer than {fewer} of a group of {len(ids)} always holds", f["fewer_than"],
                      join(path, "fewer_than"))
            return None
        return cls(ids, tuple(ctx.slots[s] for s in ids), at_or_above, fewer, group)

    def reaching(self, ranks: Any) -> tuple[int, ...]:
        limit = self.at_or_above.rank
        return tuple(s for s in self.slots if ranks[s] >= limit)

    def tallies(self) -> tuple[Tally, ...]:
        return (Tally(self.slots, self.at_or_above.rank),)

    def expr(self, code: Code) -> str:
        limit = self.at_or_above.rank
        return f"({' + '.join(f'({var(s)} >= {limit})' for s in self.slots)}) < {self.fewer_than}"

    def evidence(self, rules: Any, ranks: Any, applies: bool) -> str:
        ids = dict(zip(self.slots, self.standards))
        reaching = [ids[s] for s in self.reaching(ranks)]
        rated = [s for s in self.slots if ranks[s] >= 0]
        which = f" ({names(rules, reaching)})" if reaching else ""
        if len(self.standards) == 1:
            sid = self.standards[0]
            rating = rules.plan.rating_of[ranks[self.slots[0]]]
            side = "at or above" if reaching else "below"
            return f"{rules.standards[sid].label} is {rating}, {side} {self.at_or_above}" if rated else \
                f"{rules.standards[sid].label} is {rating}"
        group = rated_among(rules, self.group, self.standards)
        tail = f"fewer than {self.fewer_than}, as the rule requires" if applies else \
            f"and the rule needs fewer than {self.fewer_than}"
        return f"{len(reaching)} of the {len(rated)} {group} {verb(len(reaching))} at or above {self.at_or_above}{which}, {tail}"

    def words(self, rules: Any) -> str:
        if len(self.standards) == 1:
            return f"{rules.standards[self.standards[0]].name} is below {self.at_or_above} (or not rated)"
        group = group_words(rules, self.group, self.standards)
        return f"fewer than {self.fewer_than} of {group} are {self.at_or_above} or higher"
