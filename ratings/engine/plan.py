"""The plan: a rule set as the engine applies it — its steps in order, and the same steps compiled.

Slots: one per rated standard (rule-set order), then one for the overall rating. The steps are

1. the inputs: each case standard rated by its case-rating method, each judged standard's judgement;
2. for every standard, in an order where everything it reads comes first: its derivation (derived
   standards), then the decision rules that limit it (in file order);
3. the score, the overall rating from the score, then the decision rules that limit the overall rating.

``settle`` is steps 2-3 compiled from the steps' own ``emit`` (the analyses run it thousands of times on
ranks they choose); the fast path (``compile.py``) compiles steps 1-3 for plain mappings.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Callable, Mapping

from ..kinds.award import AwardStep, OverallAwardStep
from ..kinds.base import NOT_RATED, Code, var
from ..kinds.case_rating import CaseStep
from ..kinds.conditions import FactStep, fact_ranks, part_conditions
from ..kinds.decision_rule import OVERALL
from ..kinds.derived import DerivedStep
from ..kinds.judged import JudgedStep
from ..kinds.score import ScoreStep
from ..model.objects import Inspection, Rating, RuleSet, Standard, StandardResult, TraceEntry
from ..reading.reader import fold

MAX_CYCLES = 50  # cycles reported at most: a file with more is not worth more


def dependencies(standards: Mapping[str, Standard], rules: tuple[Any, ...]) -> dict[str, list[tuple[str, Any]]]:
    """For each rated standard, what its rating reads: ``(standard id, the rule or derivation that reads
    it)``; a derived standard's inputs first, then each limiting rule's condition."""
    needs: dict[str, list[tuple[str, Any]]] = {s: [] for s, std in standards.items() if std.kind != "information"}
    for sid, std in standards.items():
        if std.kind == "derived" and std.derived is not None:
            needs[sid] += [(dep, std.derived) for dep in std.derived.inputs]
    for rule in rules:
        if rule.target != OVERALL:
            needs[rule.target] += [(dep, rule) for dep in rule.when.reads]
    return needs


def dependency_order(needs: dict[str, list[tuple[str, Any]]]) -> tuple[list[str], list[list[tuple[str, Any]]]]:
    """The standards in an order where each comes after everything it reads, and the cycles found (each as
    the trail ``[(standard, what reads it), ...]`` around the loop). Depth-first without recursion, so that
    a long chain of rules neither overflows the stack nor copies its trail at every step."""
    order: list[str] = []
    depth: dict[str, int] = {}  # the place on the current trail of each standard on it
    done: set[str] = set()
    cycles: list[list[tuple[str, Any]]] = []
    seen: set[frozenset[str]] = set()
    for root in needs:
        if root in done:
            continue
        trail: list[tuple[str, Any]] = [(root, None)]
        pending = [iter(needs.get(root, []))]
        depth[root] = 0
        while pending:
            step = next(pending[-1], None)
            if step is None:  # everything it reads comes first
                pending.pop()
                s = trail.pop()[0]
                del depth[s]
                done.add(s)
                order.append(s)
                continue
            dep, via = step
            if dep in done:
                continue
            if dep in depth:
                if len(cycles) < MAX_CYCLES:
                    loop = trail[depth[dep]:] + [(dep, via)]
                    key = frozenset(t[0] for t in loop)
                    if key not in seen:
                        seen.add(key)
                        cycles.append(loop)
                continue
            depth[dep] = len(trail)
            trail.append((dep, via))
            pending.append(iter(needs.get(dep, [])))
    return order, cycles


def rank_names(rules: RuleSet, target: str | None = None) -> dict[str, int]:
    """The spellings of the ratings ``target`` may have (its scale's, and Not rated; every scale's when None)
    that the fast path takes as they are (the loader also ignores ASCII case and spacing; others go the
    ordinary way). Only spellings the loader accepts: 'É'.lower() is not an ASCII change of case."""
    out = {}
    for rating in (*(rules.ratings_of(target) if target else rules.all_ratings()), rules.not_rated):
        for spelling in (str(rating), str(rating).lower(), str(rating).capitalize(), str(rating).title()):
            if fold(spelling) == fold(rating):
                out[spelling] = rating.rank
    return out


class Plan:
    """The steps of a rule set, with what the engine, the compiled paths and the analyses need to know of
    its slots."""

    def __init__(self, rules: RuleSet, order: list[str]):
        standards = rules.standards
        self.ids: tuple[str, ...] = tuple(s for s, std in standards.items() if std.kind != "information")
        # by slot, what a result reads of each standard: (id, standard, kind, counted)
        self.result_slots = tuple((s, standards[s], standards[s].kind, standards[s].counted) for s in self.ids)
        self.index = {sid: i for i, sid in enumerate(self.ids)}
        self.overall_slot = len(self.ids)
        # each part condition's fact, in a slot of its own after the overall's (kinds/conditions.py)
        self.facts = tuple(sorted((c for _, c in part_conditions(rules)), key=lambda c: c.slot))
        self.slots = len(self.ids) + 1 + len(self.facts)
        self.information = tuple(s for s, std in standards.items() if std.kind == "information")
        self.questions = {s: tuple(q.id for q in std.key_questions) for s, std in standards.items()}
        self.kind = {sid: standards[sid].kind for sid in self.ids}
        self.case = tuple(self.index[s] for s in self.ids if standards[s].measured)
        self.judged = tuple(self.index[s] for s in self.ids if standards[s].kind == "judged")
        # derived standards whose method names the rule that gave the rating (first_match: JSON "by")
        self.named_by = tuple(s for s in self.ids if standards[s].kind == "derived" and standards[s].derived
                              is not None and standards[s].derived.method.names_its_rule)
        self.counted = tuple(standards[s].counted for s in self.ids)
        # every scale's ratings by rank (the ranks of two scales lie apart, so a rank names one rating)
        self.rating_of: dict[int, Rating] = {r.rank: r for r in rules.all_ratings()}
        self.rating_of[NOT_RATED] = rules.not_rated
        self.rating_of_name = {str(r): rank for rank, r in self.rating_of.items()}
        # by slot, the ranks each may have, worst first (its scale's; the overall's last)
        self.ranks_of = tuple(tuple(sorted(r.rank for r in rules.ratings_of(s))) for s in (*self.ids, OVERALL))
        self.ranks_of += tuple((0, 1) for _ in self.facts)  # a part condition's fact: shown (0) or not (1)
        # points by rank: every rating of the rule set's own scale has points (the loader requires them)
        self.points = {r.rank: r.points for r in rules.scale if r.points is not None}
        self.top_points = rules.top_points
        self.rules = rules.decision_rules
        # by decision rule's number: the slot it limits and its id (what a result's capped_by maps)
        self.cap_of = tuple((r.slot, r.id) for r in rules.decision_rules)
        self.order = tuple(order)
        self.limits_overall = any(r.target == OVERALL for r in rules.decision_rules)
        limited = {r.target for r in rules.decision_rules}
        inputs: list[Any] = []
        for sid in self.ids:
            std = standards[sid]
            if std.measured:
                inputs.append(CaseStep(std, self.index[sid], std.case_rating, rules.not_rated))
        inputs += [FactStep(c, standards[c.standard].case_rating.section_var) for c in self.facts]
        by_scale: dict[str | None, dict[str, int]] = {}
        for sid in self.ids:
            std = standards[sid]
            if std.kind == "judged":
                names = by_scale.setdefault(std.scale, rank_names(rules, sid))  # one table per scale
                inputs.append(JudgedStep(std, self.index[sid], sid in limited, names))
        limiting: dict[str, list[Any]] = {}  # the rules limiting each target, in file order
        for r in rules.decision_rules:
            limiting.setdefault(r.target, []).append(r)
        settling: list[Any] = []
        for sid in order:
            if standards[sid].kind == "derived":
                settling.append(DerivedStep(standards[sid], self.index[sid]))
            settling += limiting.get(sid, [])
            if standards[sid].kind == "judged" and sid in limiting:  # an award, if given, after the limits
                settling.append(AwardStep(standards[sid], self.index[sid], tuple(limiting[sid]), self.rating_of))
        counted_slots = tuple(i for i, c in enumerate(self.counted) if c)
        points = tuple(self.points.get(rank, 0) for rank in range(max(self.points) + 1))
        # a framework without a score or an overall rating has no step for it (its slot stays Not rated)
        self.score_step = ScoreStep(rules.score, counted_slots, points, len(self.ids)) \
            if rules.score is not None else None
        self.overall_step = rules.overall.step(self.overall_slot, counted_slots, self.top_points) \
            if rules.overall is not None else None
        settling += [step for step in (self.score_step, self.overall_step) if step is not None]
        settling += limiting.get(OVERALL, [])
        if self.overall_step is not None:  # the inspectors' departure from the overall method, if given
            settling.append(OverallAwardStep(self.overall_slot, tuple(limiting.get(OVERALL, [])), rules.overall,
                                             self.rating_of))
        self.inputs = tuple(inputs)
        self.settling = tuple(settling)
        self.steps = self.inputs + self.settling
        self.sentences: dict[tuple[int, Any], TraceEntry] = {}  # trace entries by (step's id, facts); trace.py
        # the fast path (compile.py), made when first needed
        self.fast: Callable[[Any], tuple[Any, ...]] | None = None
        # result.py's builder of an evaluation's standards, made when first needed
        self.build_standards: Callable[..., dict[str, StandardResult]] | None = None
        self.cache: dict[Any, Any] = {}  # what the fast path keeps between calls (compile.py)
        self._settle: Callable[..., tuple[int, int, int]] | None = None  # (ranks, log[, awards]): compile_settle

    def settle(self, ranks: list[int], log: list[int] | None = None,
               awards: dict[int, int] | None = None) -> tuple[int, int, int]:
        """Apply steps 2-3 to ``ranks`` (inputs set by the caller; changed in place, one rank per slot, the
        overall's included) and return ``(score, counted rated standards, overall rank)``. ``log`` receives
        the numbers of the decision rules that lowered a rank; ``awards`` (slot to rank) are the inspectors'
        awards, each set after the rules limiting its standard (``kinds/award.py``)."""
        if self._settle is None:
            self._settle = compile_settle(self)
        if len(ranks) < self.slots:
            ranks.append(NOT_RATED)
        if awards:
            return self._settle(ranks, [] if log is None else log, awards)
        return self._settle(ranks, [] if log is None else log)

    def with_awards(self, awards: dict[int, int]) -> Plan | AwardedPlan:
        """The plan as the analyses settle one inspection's inputs: with its awards (slot to rank) in force."""
        return AwardedPlan(self, awards) if awards else self

    def base(self, inspection: Inspection | None = None) -> list[int]:
        """Ranks for every slot, all Not rated (to fill in, then settle); with an inspection, each part
        condition's fact as its parts show it."""
        ranks = [NOT_RATED] * self.slots
        for slot, rank in (fact_ranks(self.facts, inspection) if inspection is not None else {}).items():
            ranks[slot] = rank
        return ranks


def emit_settling(plan: Plan, code: Code, traced: bool = False) -> None:
    if plan.score_step is None:  # no score: nothing is summed (the code returns s and n all the same)
        code.line("s = n = 0")
    if plan.overall_step is None:  # no overall rating: its slot is never rated
        code.line(f"{var(plan.overall_slot)} = -1")
    for step in plan.settling:
        step.emit_traced(code) if traced else step.emit(code)


class AwardedPlan:
    """A plan with one inspection's awards in force: ``settle`` sets each awarded standard to its award; all
    else is the plan's own."""

    def __init__(self, plan: Plan, awards: dict[int, int]):
        self._plan, self.awards = plan, dict(awards)

    def settle(self, ranks: list[int], log: list[int] | None = None,
               awards: dict[int, int] | None = None) -> tuple[int, int, int]:
        return self._plan.settle(ranks, log, {**self.awards, **(awards or {})})

    def with_awards(self, awards: dict[int, int]) -> AwardedPlan:
        return AwardedPlan(self._plan, {**self.awards, **awards})

    def __getattr__(self, name: str) -> Any:
        return getattr(self._plan, name)


def compile_settle(plan: Plan) -> Callable[..., tuple[int, int, int]]:
    code = Code({"NO_AWARDS": MappingProxyType({})})
    code.memo["awards"] = True  # awards steps read ``A``
    names = ", ".join(var(i) for i in range(plan.slots))
    code.line(f"{names}, = R")
    emit_settling(plan, code)
    code.line(f"R[:] = ({names},)")
    code.line(f"return s, n, {var(plan.overall_slot)}")
    settle: Callable[..., tuple[int, int, int]] = code.function("def settle(R, L, A=NO_AWARDS):\n" +
                                                                "\n".join(code.lines), "settle")
    return settle
