"""Condition ``at_or_above``: too few of a group rated at or above a rating, or (where rising conditions are
allowed) enough of it.

``{standards: [a, b, c], at_or_above: Outstanding, fewer_than: 2}`` holds when fewer than two of them are
rated Outstanding (as "an overall Outstanding needs at least two Outstanding key questions"). A group may be
``standards``, ``domain`` or one ``standard`` (then ``fewer_than`` is 1: it holds unless that standard is at
or above the rating). A rising rating can only add to those at or above, so the condition never holds more
as ratings rise.

``{domain: D, at_or_above: Outstanding, at_least_count: 2}`` (or ``at_least_share``) holds when enough of
the group's rated standards are at or above the rating: it holds *more* as ratings rise, so it is allowed
only where a rule that holds raises a result (the rules of an overall method, ``first_match``); in a decision
rule it is refused.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import attrs

from ..model.objects import Rating, RuleSet
from ..model.words import names, share_text, verb
from ..reading.reader import join
from ..reading.yaml_file import Node
from .base import Code, Ranks, var
from .conditions import GroupCondition, Tally, group_words, rated_among, read_group, read_rating


@attrs.frozen
class AtOrAbove(GroupCondition):
    standards: tuple[str, ...]
    slots: tuple[int, ...]
    at_or_above: Rating
    fewer_than: int | None  # None: the rising form, with at_least_count or at_least_share
    group: str | None = None
    at_least_count: int | None = None
    at_least_share: Fraction | None = None

    keyword = "at_or_above"

    @property
    def rising(self) -> bool:
        return self.fewer_than is None

    @classmethod
    def read(cls, ctx: Any, node: Node, path: str) -> "AtOrAbove | None":
        r = ctx.r
        f = r.mapping(node, path, required=("at_or_above",),
                      optional=("standard", "standards", "domain", "fewer_than", "at_least_count",
                                "at_least_share"))
        if f is None:
            return None
        for key in ("at_least_count", "at_least_share"):
            if key in f and not getattr(ctx, "rising_allowed", False):
                r.problem(f"'{key}' with 'at_or_above' would hold more as ratings rise, so the rule could lower "
                          "a result when a rating rises; say 'fewer_than', or use 'at_or_below'", f[key],
                          join(path, key))
                return None
        found = read_group(ctx, f, node, path)
        at_or_above = read_rating(ctx, f, "at_or_above", path, found[0] if found else None)
        if found is None:
            return None
        ids, group, single = found
        if "at_least_count" in f or "at_least_share" in f:
            return cls._rising(ctx, f, node, path, ids, group, at_or_above)
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

    @classmethod
    def _rising(cls, ctx: Any, f: dict[str, Node], node: Node, path: str, ids: tuple[str, ...],
                group: str | None, at_or_above: Rating | None) -> "AtOrAbove | None":
        """The rising form: at least a count, or a share, of the group's rated standards at or above."""
        r = ctx.r
        keys = [k for k in ("at_least_count", "at_least_share", "fewer_than") if k in f]
        if len(keys) != 1:
            r.problem("say how many with one of 'at_least_count', 'at_least_share' or 'fewer_than'", node, path)
            return None
        count = share = None
        if keys == ["at_least_count"]:
            count = r.integer(f["at_least_count"], join(path, "at_least_count"), minimum=1)
            if count is not None and count > len(ids):
                r.problem(f"at least {count} of a group of {len(ids)} never holds", f["at_least_count"],
                          join(path, "at_least_count"))
                return None
        else:
            share = r.number(f["at_least_share"], join(path, "at_least_share"))
            if share is not None and not 0 < share <= 1:
                r.problem("a share is above 0 and at most 1 (e.g. 1/2)", f["at_least_share"],
                          join(path, "at_least_share"))
                return None
        if at_or_above is None or (count is None and share is None):
            return None
        return cls(ids, tuple(ctx.slots[s] for s in ids), at_or_above, None, group, count, share)

    def reaching(self, ranks: Ranks) -> tuple[int, ...]:
        limit = self.at_or_above.rank
        return tuple(s for s in self.slots if ranks[s] >= limit)

    def tallies(self) -> tuple[Tally, ...]:
        reaching = Tally(self.slots, self.at_or_above.rank)
        return (reaching, Tally(self.slots, 0)) if self.at_least_share is not None else (reaching,)

    def expr(self, code: Code) -> str:
        limit = self.at_or_above.rank
        reaching = f"({' + '.join(f'({var(s)} >= {limit})' for s in self.slots)})"
        if self.fewer_than is not None:
            return f"{reaching} < {self.fewer_than}"
        if self.at_least_count is not None:
            return f"{reaching} >= {self.at_least_count}"
        share = self.at_least_share
        assert share is not None
        rated = f"({' + '.join(f'({var(s)} >= 0)' for s in self.slots)})"
        return f"({rated} > 0 and {reaching} * {share.denominator} >= {share.numerator} * {rated})"

    def _needs(self) -> str:
        """How many the rising form needs, in words."""
        if self.at_least_count is not None:
            return f"at least {self.at_least_count}"
        return f"at least {share_text(self.at_least_share)}" if self.at_least_share is not None else ""

    def evidence(self, rules: RuleSet, ranks: Ranks, applies: bool) -> str:
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
        needs = f"fewer than {self.fewer_than}" if self.fewer_than is not None else self._needs()
        tail = f"{needs}, as the rule requires" if applies else f"and the rule needs {needs}"
        return f"{len(reaching)} of the {len(rated)} {group} {verb(len(reaching))} at or above {self.at_or_above}{which}, {tail}"

    def words(self, rules: RuleSet) -> str:
        if len(self.standards) == 1:
            return f"{rules.standards[self.standards[0]].name} is below {self.at_or_above} (or not rated)"
        group = group_words(rules, self.group, self.standards)
        if self.fewer_than is None:
            return f"{self._needs()} of {group} are {self.at_or_above} or higher"
        return f"fewer than {self.fewer_than} of {group} are {self.at_or_above} or higher"
