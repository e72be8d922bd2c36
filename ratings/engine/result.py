"""The one place a :class:`Result` is built: from the ranks the steps settled on, whichever path computed
them (the evaluator's steps, or the compiled fast path). Standards are turned into objects only when looked
at, and what they quote is read from the inspection through :class:`Evaluation`'s three readers, which the
fast path's subclass answers from the raw mapping."""

from __future__ import annotations

from typing import Any, Callable, ItemsView, Iterator, Mapping, ValuesView

import attrs

from ..kinds.award import OVERALL_AWARD
from ..kinds.base import Code
from ..model.objects import AwardResult, QuestionValue, Rating, Result, RuleSet, Standard, StandardResult
from .plan import Plan
from .trace import Recorder


class Evaluation(Mapping[str, StandardResult]):
    """One inspection as the plan rated it: final ranks by slot, the decision rules that lowered one (in
    order), the score. It is also the result's mapping of standards, each built when first looked at."""

    __slots__ = ("rules", "source", "ranks", "lowered", "score", "n", "_details", "_awarded", "_built", "_capped")
    _built: dict[str, StandardResult] | None
    _capped: dict[int, str] | None

    def __init__(self, rules: RuleSet, source: Any, ranks: list[int], lowered: list[int], score: int, n: int,
                 details: dict[str, Any] | None = None, awarded: dict[str, Any] | None = None):
        self.rules, self.source, self.ranks, self.lowered, self.score, self.n = rules, source, ranks, lowered, score, n
        self._details = {} if details is None else details
        self._awarded = awarded  # judged standards the inspectors awarded a rating: each award as rated
        self._built = self._capped = None  # built when first asked (a raised AttributeError costs more)

    # readers of the inspection (the fast path's subclass reads the raw mapping) -------------------------

    def judgement(self, sid: str) -> Rating:
        found: Rating = self.source.judgements[sid]  # the inspection rated has no unknowns (the analyses fill them)
        return found

    def results(self, sid: str) -> Mapping[str, QuestionValue] | None:
        found: Mapping[str, QuestionValue] | None = self.source.cases.get(sid)  # no unknowns (as judgement)
        return found

    def detail(self, sid: str) -> Any:
        found = self._details.get(sid)
        if found is None:
            standard = self.rules.standards[sid]
            found = self._details[sid] = standard.case_rating.rate(standard, self.results(sid), self.rules.not_rated)
        return found

    # what the steps decided ------------------------------------------------------------------------------

    def capped_by(self) -> dict[int, str]:
        """The decision rule that lowered each slot last (the binding one), by slot."""
        if self._capped is None:
            self._capped = dict(map(self.rules.plan.cap_of.__getitem__, self.lowered))
        return self._capped

    def unlimited(self, slot: int) -> Rating:
        """A slot's rating before decision rules: the judgement, the band, the derivation, the score's rating."""
        plan: Plan = self.rules.plan
        if slot == plan.overall_slot:
            assert plan.overall_step is not None  # only rules on an overall rating lower it (else never asked)
            return plan.rating_of[plan.overall_step.unlimited_rank(self)]
        sid = plan.ids[slot]
        standard = self.rules.standards[sid]
        if standard.kind == "judged":
            return self.judgement(sid)
        if standard.measured:
            band: Rating = self.detail(sid).rating  # the case-rating method's band
            return band
        derivation = standard.derived
        return plan.rating_of[derivation.method.combine(tuple(self.ranks[s] for s in derivation.read_slots))]

    # the mapping of standards -----------------------------------------------------------------------------

    def __getitem__(self, sid: str) -> StandardResult:
        return self._all()[sid]  # KeyError for an unknown id, as a dict would

    def _all(self) -> dict[str, StandardResult]:
        """Every standard's result, built together on first use by the rule set's generated builder
        (:func:`standards_builder`): reading every rating is what most callers do."""
        if self._built is not None:
            return self._built
        plan: Plan = self.rules.plan
        build = plan.build_standards
        if build is None:
            build = plan.build_standards = standards_builder(self.rules)
        built = self._built = build(self, self.ranks, self.lowered)
        if self._awarded:
            for sid, award in self._awarded.items():
                if sid != OVERALL_AWARD:  # the overall's is the result's own (build_result)
                    built[sid] = awarded_result(self.rules.standards[sid], award, self.judgement(sid))
        return built

    def values(self) -> ValuesView[StandardResult]:
        return self._all().values()

    def items(self) -> ItemsView[str, StandardResult]:
        return self._all().items()

    def __iter__(self) -> Iterator[str]:
        return iter(self.rules.plan.ids)

    def __len__(self) -> int:
        return len(self.rules.plan.ids)

    def __repr__(self) -> str:
        return f"Standards({dict(self)!r})"


def _lazy(name: str) -> property:
    """A field of :class:`StandardResult` filled in from the evaluation when first read: a case standard's
    key-question results and how its band was reached, or a lowered standard's rating before the limit,
    cost more than its rating, and many callers read only the rating."""
    slot = StandardResult.__dict__[name]  # the field's own storage, which this property stands in front of

    def get(self: "_EvaluatedResult") -> Any:
        try:
            return slot.__get__(self)
        except AttributeError:
            self._fill()
            return slot.__get__(self)

    return property(get, slot.__set__)


def _store(result: StandardResult, name: str, value: Any) -> None:
    StandardResult.__dict__[name].__set__(result, value)


class _EvaluatedResult(StandardResult):
    """A :class:`StandardResult` built with its rating alone, reading the rest from the evaluation when
    first asked: whether it counts, the rule that lowered it, and what the subclass fills in."""

    __slots__ = ("_evaluation", "_slot")
    rating: Rating  # built with its rating: a rating of the scale, never open
    award = figure = None  # an awarded standard's result is built whole (``Evaluation._all``); figures: unknowns

    def __init__(self, ev: Evaluation, standard: Standard, rating: Rating, slot: int):
        self._evaluation = ev
        self.standard = standard
        self.rating = rating
        self._slot = slot

    @property
    def counted(self) -> bool:  # type: ignore[override]  # worked out from the rating, never set
        return self.standard.counted and self.rating.points is not None

    @property
    def capped_by(self) -> str | None:  # type: ignore[override]  # read from the evaluation, never set
        ev = self._evaluation
        return ev.capped_by().get(self._slot) if ev.lowered else None

    def _fill(self) -> None:
        raise NotImplementedError


class CaseStandardResult(_EvaluatedResult):
    """A case standard's result: its results and how its band was reached, read when first asked."""

    __slots__ = ()
    judgement = None  # a case standard has no judgement

    def _fill(self) -> None:
        ev, sid = self._evaluation, self.standard.id
        detail = ev.detail(sid)
        _store(self, "detail", detail)
        _store(self, "lowest", detail.lowest)
        _store(self, "results", ev.results(sid))
        # the rating before decision rules is the band's (the rating itself when no rule lowered it)
        _store(self, "unlimited", detail.rating if self.capped_by else self.rating)

    detail = _lazy("detail")
    lowest = _lazy("lowest")
    results = _lazy("results")
    unlimited = _lazy("unlimited")


class LoweredStandardResult(_EvaluatedResult):
    """A judged or derived standard that a decision rule lowered: its rating before the limit (a judged
    standard's judgement) read when first asked."""

    __slots__ = ()
    lowest = results = detail = None  # only case standards have these

    def _fill(self) -> None:
        unlimited = self._evaluation.unlimited(self._slot)
        _store(self, "unlimited", unlimited)
        _store(self, "judgement", unlimited if self.standard.kind == "judged" else None)

    judgement = _lazy("judgement")
    unlimited = _lazy("unlimited")


def standard_result(standard: Standard, rating: Rating) -> StandardResult:
    """A judged or derived standard's result when no decision rule lowered it: a plain value fixed by the
    standard and its rating (a judged standard's judgement is its rating)."""
    counted = standard.counted and rating.points is not None
    return StandardResult(standard, rating, counted, rating if standard.kind == "judged" else None,
                          unlimited=rating)


def awarded_result(standard: Standard, award: AwardResult, judgement: Rating) -> StandardResult:
    """A judged standard the inspectors awarded a rating: the award is its rating (no rule lowered it), beside
    their judgement before the decision rules."""
    return attrs.evolve(standard_result(standard, award.rating), judgement=judgement, unlimited=judgement,
                        award=award)


def standards_builder(rules: RuleSet) -> Callable[[Evaluation, list[int], list[int]],
                                                 dict[str, StandardResult]]:
    """The function building an evaluation's mapping of standards, generated for one rule set: one
    expression per standard, in rule-set order. A case standard is a :class:`CaseStandardResult`; a judged
    or derived one is shared (:meth:`Evaluation.shared_result`) unless a decision rule lowered it, which
    only a standard some rule limits can be."""
    plan = rules.plan
    limiting: dict[int, frozenset[int]] = {}  # by slot: the numbers of the decision rules limiting it
    for number, (slot, _rule) in enumerate(plan.cap_of):
        limiting[slot] = limiting.get(slot, frozenset()) | {number}
    code = Code({"Case": CaseStandardResult, "Lowered": LoweredStandardResult})
    items = []
    for i, (sid, standard, kind, _counted) in enumerate(plan.result_slots):
        if standard.measured:
            value = f"Case(ev, {code.const(standard, 'S')}, rating_of[ranks[{i}]], {i})"
        else:  # one value per rating, shared by every evaluation: a plain, frozen value
            by_rank = {rank: standard_result(standard, rating) for rank, rating in plan.rating_of.items()}
            value = f"{code.const(by_rank, 'J')}[ranks[{i}]]"
            if i in limiting:  # lowered when one of its rules is among those that lowered a rank
                lowered = f"Lowered(ev, {code.const(standard, 'S')}, rating_of[ranks[{i}]], {i})"
                rules_on = code.const(limiting[i], "N")
                value = f"({value} if not lowered or {rules_on}.isdisjoint(lowered) else {lowered})"
        items.append(f"{sid!r}: {value}")
    body = ",\n        ".join(items)
    source = (f"def standards(ev, ranks, lowered, rating_of={code.const(plan.rating_of, 'R')}):\n"
              f"    return {{\n        {body}}}\n")
    built: Callable[[Evaluation, list[int], list[int]], dict[str, StandardResult]] = \
        code.function(source, "standards")
    return built


def build_result(ev: Evaluation, name: str | None, information: Mapping[str, Any], recorder: Recorder) -> Result:
    """The result of an evaluation, with the recorder's trace."""
    plan = ev.rules.plan
    overall_slot = plan.overall_slot
    limited_by = None
    if ev.lowered and plan.limits_overall:
        limited_by = ev.capped_by().get(overall_slot)
    overall = plan.rating_of[ev.ranks[overall_slot]] if plan.overall_step else None
    score, max_score = (ev.score, plan.top_points * ev.n) if plan.score_step else (None, None)
    award = (ev._awarded or {}).get(OVERALL_AWARD)
    by = plan.overall_step.matched(ev.ranks) if overall is not None and ev.rules.overall.names_its_rule \
        and award is None else None  # with an award, no rule of the method gave the rating
    derived_by = {sid: ev.rules.standards[sid].derived.method.matched(ev.ranks) for sid in plan.named_by}
    return Result(name, ev.rules, ev, score, max_score, overall, recorder.entries(), information,
                  None, limited_by, ev.unlimited(overall_slot) if limited_by else overall, overall_by=by,
                  overall_award=award, standards_by=derived_by)
