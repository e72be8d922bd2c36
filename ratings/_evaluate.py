"""The evaluator: ``(rule set, inspection) -> result``. Pure: no I/O, no globals, no framework names.

1. Each case standard gets the band of its lowest key question (key questions without applicable cases
   are left out; with none left the standard is Not rated).
2. The compiled core (`_core.py`) does the rest on integer ranks: each judged standard starts from the
   inspectors' judgement; its decision rules, taken in an order where every rule's inputs are already rated,
   can only lower it, to the lowest cap that applies. The score is the sum of the points of the counted,
   rated standards, out of the top points for each. The overall rating comes from the score: the rule
   set's published table for that maximum, if it has one, else the band of the mean points per counted,
   rated standard.
3. What the core did is kept as an :class:`Evaluation`; the recorder is given it (the null recorder ignores
   it; the trace recorder explains every decision), and the result is built from it, its standards turned
   into objects only when asked for.
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping

from ._model import Band, KeyQuestionResult, Rating, Result, RuleSet, Standard, StandardResult
from ._trace import NULL_RECORDER, Recorder


class CaseDetail:
    """How a case standard got its rating: the lowest key question and its band, or why it is Not rated."""

    __slots__ = ("rating", "lowest", "result", "band", "left_out", "tied", "no_cases", "entry")

    def __init__(self, rating: Rating, lowest: str | None = None, result: KeyQuestionResult | None = None,
                 band: Band | None = None, left_out: tuple[str, ...] = (), tied: tuple[str, ...] = (),
                 no_cases: bool = False):
        self.rating, self.lowest, self.result, self.band = rating, lowest, result, band
        self.left_out, self.tied, self.no_cases = left_out, tied, no_cases
        self.entry = None  # its trace entry, once a trace recorder has written it


def case_detail(standard: Standard, given: Mapping[str, KeyQuestionResult | None] | None,
                not_rated: Rating) -> CaseDetail:
    if given is None:
        return CaseDetail(not_rated)
    applicable = [(q.id, given[q.id]) for q in standard.key_questions if given.get(q.id) is not None]
    if not applicable:
        return CaseDetail(not_rated, no_cases=True)
    lowest, result = applicable[0]
    num, den = result.percent.numerator, result.percent.denominator
    tied: list[str] = []
    for qid, other in applicable[1:]:  # the lowest, compared exactly in integers; the first of equals wins
        left, right = other.percent.numerator * den, num * other.percent.denominator
        if left < right:
            lowest, result, num, den, tied = qid, other, other.percent.numerator, other.percent.denominator, []
        elif left == right:
            tied.append(qid)
    band = standard.bands.classify(result.percent)
    left_out = tuple(q.id for q in standard.key_questions if given.get(q.id) is None)
    return CaseDetail(band.rating, lowest, result, band, left_out, tuple(tied))


class Evaluation(Mapping[str, StandardResult]):
    """One inspection as the core rated it: final ranks (by core index), the decision-rule log, the score.

    It is also the result's mapping of standards (in rule-set order), each built the first time it is looked
    at. Its inputs are read through :meth:`judgement` and :meth:`results`, so that a subclass holding raw data
    (the fast path's) converts only what is asked for.
    """

    __slots__ = ("rules", "source", "ranks", "log", "score", "n", "overall_rank", "_details", "_ratings",
                 "_built", "_capped")

    def __init__(self, rules: RuleSet, source: Any, ranks: list[int], log: list, score: int, n: int,
                 overall_rank: int):
        self.rules, self.source = rules, source
        self.ranks, self.log, self.score, self.n, self.overall_rank = ranks, log, score, n, overall_rank

    def judgement(self, sid: str) -> Rating:
        return self.source.judgements[sid]

    def results(self, sid: str) -> Any:
        return self.source.cases.get(sid)

    def detail(self, sid: str) -> CaseDetail:
        try:
            details = self._details
        except AttributeError:
            details = self._details = {}
        found = details.get(sid)
        if found is None:
            found = details[sid] = case_detail(self.rules.standards[sid], self.results(sid), self.rules.not_rated)
        return found

    def ratings(self) -> dict[str, Rating]:
        """Final ratings by standard id."""
        try:
            return self._ratings
        except AttributeError:
            core = self.rules.core
            self._ratings = {sid: core.rating_of[self.ranks[i]] for i, sid in enumerate(core.ids)}
            return self._ratings

    def capped_by(self) -> dict[str, str | None]:
        """The decision rule that lowered each judged standard, from the log (None where none did)."""
        try:
            return self._capped
        except AttributeError:
            core = self.rules.core
            out: dict[str, str | None] = {core.ids[i]: None for i in core.judged}
            for number, _, before, after in self.log:
                if after != before:
                    out[core.rules[number].standard] = core.rules[number].id
            self._capped = out
            return out

    # the mapping of standards -------------------------------------------------------------------------

    def __getitem__(self, sid: str) -> StandardResult:
        try:
            built = self._built
        except AttributeError:
            built = self._built = {}
        found = built.get(sid)
        if found is not None:
            return found
        core = self.rules.core
        i = core.index[sid]  # KeyError for an unknown id, as a dict would
        standard = self.rules.standards[sid]
        rating = core.rating_of[self.ranks[i]]
        counted = core.counted[i] and rating.points is not None
        if standard.kind == "judged":
            found = StandardResult(standard, rating, counted, judgement=self.judgement(sid),
                                   capped_by=self.capped_by()[sid])
        else:
            found = StandardResult(standard, rating, counted, lowest=self.detail(sid).lowest,
                                   results=self.results(sid))
        built[sid] = found
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.rules.core.ids)

    def __len__(self) -> int:
        return len(self.rules.core.ids)

    def __repr__(self) -> str:
        return f"Standards({dict(self)!r})"


class LazyInformation(Mapping[str, Any]):
    """The information standards a mapping gave (results read only when looked at)."""

    __slots__ = ("ev", "ids", "_built")

    def __init__(self, ev: Evaluation, ids: tuple[str, ...]):
        self.ev, self.ids, self._built = ev, ids, None

    def _all(self) -> dict[str, Any]:
        if self._built is None:
            self._built = {sid: self.ev.results(sid) for sid in self.ids}
        return self._built

    def __getitem__(self, sid: str) -> Any:
        return self._all()[sid]

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


def result_of(ev: Evaluation, name: str | None, information: Mapping[str, Any], recorder: Recorder) -> Result:
    """Tell the recorder, and build the result."""
    recorder.record(ev)
    core = ev.rules.core
    return Result(name, ev.rules, ev, ev.score, core.top_points * ev.n,
                  core.rating_of[ev.overall_rank], recorder.entries(), information)


def evaluate(rules: RuleSet, inspection: Any, recorder: Recorder = NULL_RECORDER) -> Result:
    core = rules.core
    ranks = [0] * len(core.ids)
    judgements, cases = inspection.judgements, inspection.cases
    details: dict[str, CaseDetail] = {}
    for i, sid in enumerate(core.ids):
        standard = rules.standards[sid]
        if standard.kind == "judged":
            ranks[i] = judgements[sid].rank
        else:
            detail = details[sid] = case_detail(standard, cases.get(sid), rules.not_rated)
            ranks[i] = detail.rating.rank
    log: list = []
    score, n, overall_rank = core.settle(ranks, log)
    information = {sid: dict(cases[sid]) for sid in core.information if cases.get(sid) is not None}
    ev = Evaluation(rules, inspection, ranks, log, score, n, overall_rank)
    ev._details = details
    return result_of(ev, inspection.name, information, recorder)
