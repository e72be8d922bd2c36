"""The evaluator: ``(rule set, inspection) -> result``. Pure: no I/O, no globals, no framework names.

1. Each case standard gets the band of its lowest key question (key questions without applicable cases
   are left out; with none left the standard is Not rated).
2. The compiled core (`_core.py`) does the rest on integer ranks: each judged standard starts from the
   inspectors' judgement; its decision rules, taken in an order where every rule's inputs are already rated,
   can only lower it, to the lowest cap that applies. The score is the sum of the points of the counted,
   rated standards, out of the top points for each. The overall rating comes from the score: the rule
   set's published table for that maximum, if it has one, else the band of the mean points per counted,
   rated standard.
3. The result is assembled, and the recorder told of every decision the core logged.

Every decision goes to the recorder; the null recorder keeps nothing.
"""

from __future__ import annotations

from ._model import Inspection, KeyQuestionResult, Result, RuleSet, StandardResult
from ._trace import NULL_RECORDER, Recorder


def evaluate(rules: RuleSet, inspection: Inspection, recorder: Recorder = NULL_RECORDER) -> Result:
    core = rules.core
    ranks = [0] * len(core.ids)
    details: dict[str, str | None] = {}
    information: dict[str, dict[str, KeyQuestionResult | None]] = {}

    for standard in rules.standards.values():
        if standard.kind == "information":
            given = inspection.cases.get(standard.id)
            if given is not None:
                information[standard.id] = dict(given)
            continue
        if standard.kind == "judged":
            ranks[core.index[standard.id]] = inspection.judgements[standard.id].rank
            continue
        given = inspection.cases.get(standard.id)
        lowest = None
        if given is None:
            rating = rules.not_rated
            recorder.not_rated(standard, no_cases=False)
        else:
            applicable = [(q.id, given[q.id]) for q in standard.key_questions if given.get(q.id) is not None]
            if not applicable:
                rating = rules.not_rated
                recorder.not_rated(standard, no_cases=True)
            else:
                lowest, low_result = min(applicable, key=lambda item: item[1].percent)
                band = standard.bands.classify(low_result.percent)
                rating = band.rating
                left_out = tuple(q.id for q in standard.key_questions if given.get(q.id) is None)
                tied = tuple(q for q, r in applicable if q != lowest and r.percent == low_result.percent)
                recorder.band(standard, lowest, low_result, band, left_out, tied)
        ranks[core.index[standard.id]] = rating.rank
        details[standard.id] = lowest

    log: list = []
    score, n, overall_rank = core.settle(ranks, log)

    ratings = {sid: core.rating_of[ranks[i]] for i, sid in enumerate(core.ids)}
    capped_by: dict[str, str | None] = {}
    entries = iter(log)
    for i in core.judged:
        sid = core.ids[i]
        judgement = inspection.judgements[sid]
        capped_by[sid] = None
        own = core.rules_of.get(i, ())
        for _ in own:
            number, applies, before, after = next(entries)
            rule = core.rules[number]
            if after != before:
                capped_by[sid] = rule.id
            recorder.cap(rule, judgement, core.rating_of[before], core.rating_of[after], applies, ratings)
        if not own:
            recorder.judgement(rules.standards[sid], judgement)

    results: dict[str, StandardResult] = {}
    for i, sid in enumerate(core.ids):
        standard = rules.standards[sid]
        rating = ratings[sid]
        counted = core.counted[i] and rating.points is not None
        if standard.kind == "judged":
            results[sid] = StandardResult(standard, rating, counted, judgement=inspection.judgements[sid],
                                          capped_by=capped_by[sid])
        else:
            results[sid] = StandardResult(standard, rating, counted, lowest=details[sid],
                                          results=inspection.cases.get(sid))
    max_score = rules.top_points * n
    recorder.score(score, max_score, tuple((s, r.rating.points) for s, r in results.items() if r.counted),
                   tuple(s for s, r in results.items() if not r.counted))
    overall = core.rating_of[overall_rank]
    recorder.overall(score, max_score, n, overall, core.how[n][score] if n else None)
    return Result(inspection.name, rules, results, score, max_score, overall, recorder.entries(), information)
