"""Condition ``at_or_below``: a standard, or enough of a group, rated at or below a rating.

``{standard: S, at_or_below: R}`` holds when S is rated and at or below R. For a group (``standards: [...]``
or ``domain: D``), ``at_least_count: N`` or ``at_least_share: 1/2`` of its *rated* standards must be at or
below R (Not rated standards are neither counted nor matched; with none rated it does not hold). A rising
rating only takes a standard out of the matched ones, so the condition never holds more as ratings rise.
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
class AtOrBelow(GroupCondition):
    standards: tuple[str, ...]
    slots: tuple[int, ...]
    at_or_below: Rating
    single: bool
    group: str | None = None  # how a report names the group, e.g. "domain two standards"
    at_least_share: Fraction | None = None
    at_least_count: int | None = None

    keyword = "at_or_below"

    @classmethod
    def read(cls, ctx: Any, node: Node, path: str) -> "AtOrBelow | None":
        r = ctx.r
        f = r.mapping(node, path, required=("at_or_below",),
                      optional=("standard", "standards", "domain", "at_least_share", "at_least_count",
                                "fewer_than"))
        if f is None:
            return None
        if "fewer_than" in f:
            r.problem("'fewer_than' with 'at_or_below' would hold more as ratings rise, so the rule could lower "
                      "a result when a rating rises; say 'at_least_count' or 'at_least_share', or use "
                      "'at_or_above' with 'fewer_than'", f["fewer_than"], join(path, "fewer_than"))
            return None
        found = read_group(ctx, f, node, path)
        at_or_below = read_rating(ctx, f, "at_or_below", path, found[0] if found else None)
        if found is None:
            return None
        ids, group, single = found
        share = count = None
        if single:
            for key in ("at_least_share", "at_least_count"):
                if key in f:
                    r.problem(f"'{key}' applies to a group ('standards' or 'domain'), not one standard", f[key],
                              join(path, key))
                    return None
        else:
            if ("at_least_share" in f) == ("at_least_count" in f):
                r.problem("say how many of the group must match with exactly one of 'at_least_share' "
                          "(e.g. 1/2) or 'at_least_count' (e.g. 3)", node, path)
                return None
            if "at_least_share" in f:
                share = r.number(f["at_least_share"], join(path, "at_least_share"), "a share such as 1/2")
                if share is not None and not 0 < share <= 1:
                    r.problem(f"a share must be above 0 and at most 1, not {share}", f["at_least_share"],
                              join(path, "at_least_share"))
                    share = None
                if share is None:
                    return None
            else:
                count = r.integer(f["at_least_count"], join(path, "at_least_count"), minimum=1)
                if count is None:
                    return None
                if count > len(ids):
                    r.problem(f"at least {count} of a group of {len(ids)} can never match", f["at_least_count"],
                              join(path, "at_least_count"))
                    return None
        if at_or_below is None:
            return None
        return cls(ids, tuple(ctx.slots[s] for s in ids), at_or_below, single, group, share, count)

    def counts(self, ranks: Ranks) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The slots rated, and the rated ones at or below the rating."""
        limit = self.at_or_below.rank
        rated = tuple(s for s in self.slots if ranks[s] >= 0)
        return rated, tuple(s for s in rated if ranks[s] <= limit)

    def tallies(self) -> tuple[Tally, ...]:
        """Those rated at or below the rating; for a share, also those rated."""
        matched = Tally(self.slots, 0, self.at_or_below.rank)
        return (matched, Tally(self.slots, 0)) if self.at_least_share is not None else (matched,)

    def expr(self, code: Code) -> str:
        limit = self.at_or_below.rank
        matched = " + ".join(f"(0 <= {var(s)} <= {limit})" for s in self.slots)
        if self.single:
            return f"0 <= {var(self.slots[0])} <= {limit}"
        if self.at_least_count is not None:
            return f"({matched}) >= {self.at_least_count}"
        rated, m = code.fresh("rated"), code.fresh("matched")
        share = self.at_least_share
        assert share is not None  # a group's condition has a count or a share: the reader requires one
        return (f"(({rated} := {' + '.join(f'({var(s)} >= 0)' for s in self.slots)}) > 0 and "
                f"({m} := {matched}) * {share.denominator} >= {share.numerator} * {rated})")

    def evidence(self, rules: RuleSet, ranks: Ranks, applies: bool) -> str:
        rated_slots, matched_slots = self.counts(ranks)
        ids = dict(zip(self.slots, self.standards))
        rated, matched = [ids[s] for s in rated_slots], [ids[s] for s in matched_slots]
        below = self.at_or_below
        rating_of = rules.plan.rating_of
        if self.single:
            sid = self.standards[0]
            other = rules.standards[sid].label
            rating = rating_of[ranks[self.slots[0]]]
            if matched:
                return f"{other} is {rating}, at or below {below}"
            if not rated:
                return f"{other} is {rating}"
            return f"{other} is {rating}, above {below}"
        need = self.how_many()
        which = f" ({names(rules, matched)})" if matched else ""
        group = rated_among(rules, self.group, self.standards)
        if not rated:
            return f"none of the {group} is rated"
        tail = f"{need}, as the rule requires" if applies else f"but the rule requires {need}"
        return f"{len(matched)} of the {len(rated)} {group} {verb(len(matched))} at or below {below}{which}, {tail}"

    def words(self, rules: RuleSet) -> str:
        if self.single:
            return f"{rules.standards[self.standards[0]].name} is {self.at_or_below}{self.or_lower(rules)}"
        group = group_words(rules, self.group, self.standards)
        return (f"{self.how_many()} of the rated standards of {group} {'is' if self.at_least_count == 1 else 'are'} "
                f"{self.at_or_below}{self.or_lower(rules)}")

    def or_lower(self, rules: RuleSet) -> str:
        """' or lower', unless the rating is the lowest of its scale ('Inadequate', not 'Inadequate or lower')."""
        return "" if rules.ratings_of(self.standards[0])[-1] == self.at_or_below else " or lower"

    def how_many(self) -> str:
        """'at least 1/2' or 'at least 3': a group condition has exactly one of the two."""
        if self.at_least_share is not None:
            return f"at least {share_text(self.at_least_share)}"
        return f"at least {self.at_least_count}"
