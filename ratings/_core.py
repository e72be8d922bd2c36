"""The rule set compiled to integer ranks: the heart of the evaluator, fast enough to run thousands of times.

Every rated standard has an index; a rating is its rank (higher is better; Not rated is -1). Given the case
standards' ranks and the inspectors' judgements, :meth:`Core.settle` applies the decision rules in dependency
order, then scores and rates overall. The evaluator (`_evaluate.py`) runs it for every inspection; the
analyses (what it would take, how sure, what remains possible) run it for many combinations of ranks.
"""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ._model import Rating, RuleSet

NOT_RATED = -1


def tuple_getter(keys: tuple):
    """A function giving the items at ``keys`` of a list or dict, always as a tuple."""
    if len(keys) == 1:
        return lambda items, key=keys[0]: (items[key],)
    return operator.itemgetter(*keys)


class Core:
    def __init__(self, rules: "RuleSet"):
        self.ids: tuple[str, ...] = tuple(s for s, std in rules.standards.items() if std.kind != "information")
        self.index = {sid: i for i, sid in enumerate(self.ids)}
        self.case = tuple(self.index[s] for s in self.ids if rules.standards[s].kind == "case")
        self.information = tuple(s for s, std in rules.standards.items() if std.kind == "information")
        self.questions = {s: tuple(q.id for q in std.key_questions) for s, std in rules.standards.items()}
        self.judged = tuple(self.index[s] for s in rules.judged_order)
        self.counted = tuple(rules.standards[s].counted for s in self.ids)
        self.rating_of: dict[int, "Rating"] = {r.rank: r for r in rules.scale}
        self.rating_of[NOT_RATED] = rules.not_rated
        self.rating_of_name = {str(r): rank for rank, r in self.rating_of.items()}
        self.points = {r.rank: r.points for r in rules.scale}
        self.ranks = tuple(sorted(r.rank for r in rules.scale))  # worst first
        self.top_points = rules.top_points
        self.rules = rules.decision_rules
        self.fast = None  # the compiled fast path (see _fast.py), made when first needed
        self.rank_names: dict[str, int] = {}
        self.sentences: dict[tuple, tuple] = {}  # trace sentences by the values they quote (see _trace.py)
        self.details: dict[tuple, object] = {}  # case details by raw key-question values (see _fast.py)
        self.values_of: dict[str, object] = {}  # for the fast path: raw values of a standard's key questions
        self.whole_bands: dict[str, list] = {}  # for the fast path: each standard's band of 0-100 whole
        # per judged index: its rules as (rule number, cap rank, inputs, limit rank, single, share, count)
        self.rules_of: dict[int, tuple] = {}
        for number, rule in enumerate(rules.decision_rules):
            cond = rule.when
            share = (cond.at_least_share.numerator, cond.at_least_share.denominator) \
                if cond.at_least_share is not None else None
            compiled = (number, rule.at_most.rank, tuple(self.index[s] for s in cond.standards),
                        cond.at_or_below.rank, cond.single, share, cond.at_least_count)
            i = self.index[rule.standard]
            self.rules_of[i] = self.rules_of.get(i, ()) + (compiled,)
        # for the trace recorder: case standards' ids; per judged standard, its id and its rules' numbers with
        # a function reading their inputs' ranks
        self.case_ids = tuple(self.ids[i] for i in self.case)
        self.judged_plan = tuple(
            (self.ids[i], tuple((number, tuple_getter(inputs)) for number, _, inputs, *_ in self.rules_of.get(i, ())))
            for i in self.judged)
        n_counted = sum(self.counted)
        # overall[n][score]: the overall rank for a score out of n counted, rated standards
        self.overall: list[list[int]] = [[]]
        self.how: list[list[object]] = [[]]
        for n in range(1, n_counted + 1):
            row = [rules.overall.rate(score, n, self.top_points) for score in range(self.top_points * n + 1)]
            self.overall.append([rating.rank for rating, _ in row])
            self.how.append([how for _, how in row])

    def settle(self, ranks: list[int], log: list) -> tuple[int, int, int]:
        """Apply the decision rules to ``ranks`` (case standards' ratings and judged standards' judgements,
        by index; changed in place) and return ``(score, counted, overall rank)``.

        Every rule considered goes to ``log`` as ``(rule number, applies, rank before, rank after)``.
        """
        for i in self.judged:
            rank = ranks[i]
            for number, cap, inputs, limit, single, share, count in self.rules_of.get(i, ()):
                rated = matched = 0
                for j in inputs:
                    other = ranks[j]
                    if other >= 0:
                        rated += 1
                        if other <= limit:
                            matched += 1
                if single:
                    applies = matched == 1
                else:
                    applies = rated > 0 and (count is None or matched >= count) and \
                        (share is None or matched * share[1] >= share[0] * rated)
                before = rank
                if applies and rank >= 0 and cap < rank:
                    rank = cap
                log.append((number, applies, before, rank))
            ranks[i] = rank
        score = n = 0
        points = self.points
        for i, rank in enumerate(ranks):
            if rank >= 0 and self.counted[i]:
                score += points[rank]
                n += 1
        return score, n, (self.overall[n][score] if n else NOT_RATED)
