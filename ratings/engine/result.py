"""The one place a :class:`Result` is built: from the ranks the steps settled on, whichever path computed
them (the evaluator's steps, or the compiled fast path). Standards are turned into objects only when looked
at, and what they quote is read from the inspection through :class:`Evaluation`'s three readers, which the
fast path's subclass answers from the raw mapping."""

from __future__ import annotations

from typing import Any, Iterator, Mapping

from ..model.objects import Rating, Result, RuleSet, StandardResult
from .trace import Recorder


class Evaluation(Mapping[str, StandardResult]):
    """One inspection as the plan rated it: final ranks by slot, the decision rules that lowered one (in
    order), the score. It is also the result's mapping of standards, each built when first looked at."""

    __slots__ = ("rules", "source", "ranks", "lowered", "score", "n", "_details", "_built", "_capped")

    def __init__(self, rules: RuleSet, source: Any, ranks: list[int], lowered: list[int], score: int, n: int,
                 details: dict[str, Any] | None = None):
        self.rules, self.source, self.ranks, self.lowered, self.score, self.n = rules, source, ranks, lowered, score, n
        self._details = {} if details is None else details

    # readers of the inspection (the fast path's subclass reads the raw mapping) -------------------------

    def judgement(self, sid: str) -> Rating:
        return self.source.judgements[sid]

    def results(self, sid: str) -> Any:
        return self.source.cases.get(sid)

    def detail(self, sid: str) -> Any:
        found = self._details.get(sid)
        if found is None:
            standard = self.rules.standards[sid]
            found = self._details[sid] = standard.case_rating.rate(standard, self.results(sid), self.rules.not_rated)
        return found

    # what the steps decided ------------------------------------------------------------------------------

    def capped_by(self) -> dict[int, str]:
        """The decision rule that lowered each slot last (the binding one), by slot."""
        try:
            return self._capped
        except AttributeError:
            rules = self.rules.decision_rules
            self._capped = {rules[number].slot: rules[number].id for number in self.lowered}
            return self._capped

    def unlimited(self, slot: int) -> Rating:
        """A slot's rating before decision rules: the judgement, the band, the derivation, the score's rating."""
        plan = self.rules.plan
        if slot == plan.overall_slot:
            return plan.rating_of[plan.overall_step.rank(self.n, self.score)]
        sid = plan.ids[slot]
        standard = self.rules.standards[sid]
        if standard.kind == "judged":
            return self.judgement(sid)
        if standard.kind == "case":
            return self.detail(sid).rating
        derivation = standard.derived
        return plan.rating_of[derivation.method.combine(tuple(self.ranks[s] for s in derivation.slots))]

    # the mapping of standards -----------------------------------------------------------------------------

    def __getitem__(self, sid: str) -> StandardResult:
        return self._all()[sid]  # KeyError for an unknown id, as a dict would

    def _all(self) -> dict[str, StandardResult]:
        """Every standard's result, built together on first use (one tight loop: reading every rating is
        what most callers do; a case standard's results and details still wait until asked)."""
        try:
            return self._built
        except AttributeError:
            pass
        plan = self.rules.plan
        rating_of, ranks = plan.rating_of, self.ranks
        capped_by = self.capped_by() if self.lowered else {}
        built = {}
        for i, (sid, standard, kind, counts) in enumerate(plan.result_slots):
            rating = rating_of[ranks[i]]
            counted = counts and rating.points is not None
            capped = capped_by.get(i) if capped_by else None
            if kind == "case":  # when capped, the rating before the limit comes with the details, if asked
                built[sid] = CaseStandardResult(self, standard, rating, counted, capped, rating)
                continue
            unlimited = rating if capped is None else self.unlimited(i)
            if kind == "judged":  # the judgement is the rating before decision rules
                built[sid] = StandardResult(standard, rating, counted, unlimited, capped, unlimited=unlimited)
            else:
                built[sid] = StandardResult(standard, rating, counted, capped_by=capped, unlimited=unlimited)
        self._built = built
        return built

    def values(self) -> Any:
        return self._all().values()

    def items(self) -> Any:
        return self._all().items()

    def __iter__(self) -> Iterator[str]:
        return iter(self.rules.plan.ids)

    def __len__(self) -> int:
        return len(self.rules.plan.ids)

    def __repr__(self) -> str:
        return f"Standards({dict(self)!r})"


def _lazy(name: str) -> property:
    """A field of :class:`StandardResult` that a case standard fills in from its evaluation when first read:
    its key-question results and how its band was reached cost more than its rating, and many callers read
    only the rating."""
    slot = StandardResult.__dict__[name]  # the field's own storage, which this property stands in front of

    def get(self: "CaseStandardResult") -> Any:
        try:
            return slot.__get__(self)
        except AttributeError:
            self._fill()
            return slot.__get__(self)

    return property(get, slot.__set__)


class CaseStandardResult(StandardResult):
    """A case standard's :class:`StandardResult`, reading its results and details from the evaluation when
    first asked."""

    __slots__ = ("_evaluation",)

    def __init__(self, ev: Evaluation, standard: Any, rating: Rating, counted: bool, capped_by: str | None,
                 unlimited: Rating):
        self._evaluation = ev
        self.standard, self.rating, self.counted, self.capped_by = standard, rating, counted, capped_by
        self.judgement = None
        if capped_by is None:  # else the rating before the limit is the band's, read with the details
            self.unlimited = unlimited

    def _fill(self) -> None:
        ev, sid = self._evaluation, self.standard.id
        detail = ev.detail(sid)
        for name, value in (("detail", detail), ("lowest", detail.lowest), ("results", ev.results(sid)),
                            ("unlimited", detail.rating)):
            StandardResult.__dict__[name].__set__(self, value)

    detail = _lazy("detail")
    lowest = _lazy("lowest")
    results = _lazy("results")
    unlimited = _lazy("unlimited")


def build_result(ev: Evaluation, name: str | None, information: Mapping[str, Any], recorder: Recorder) -> Result:
    """The result of an evaluation, with the recorder's trace."""
    plan = ev.rules.plan
    overall_slot = plan.overall_slot
    limited_by = None
    if ev.lowered and plan.limits_overall:
        limited_by = ev.capped_by().get(overall_slot)
    overall = plan.rating_of[ev.ranks[overall_slot]]
    return Result(name, ev.rules, ev, ev.score, plan.top_points * ev.n, overall, recorder.entries(), information,
                  None, limited_by, ev.unlimited(overall_slot) if limited_by else overall)
