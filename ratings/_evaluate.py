"""The evaluator: ``(rule set, inspection) -> result``. Pure: no I/O, no globals, no framework names.

1. Each case standard gets the band of its lowest key question (key questions without applicable cases
   are left out; with none left the standard is Not rated).
2. Each judged standard starts from the inspectors' judgement; its decision rules, taken in an order where
   every rule's inputs are already rated, can only lower it, to the lowest cap that applies.
3. The score is the sum of the points of the counted, rated standards, out of the top points for each.
4. The overall rating comes from the score: the rule set's published table for that maximum, if it has
   one, else the band of the mean points per counted, rated standard.

Every decision goes to the recorder; the null recorder keeps nothing.
"""

from __future__ import annotations

from ._model import Inspection, KeyQuestionResult, Rating, Result, RuleSet, StandardResult
from ._trace import NULL_RECORDER, Recorder


def evaluate(rules: RuleSet, inspection: Inspection, recorder: Recorder = NULL_RECORDER) -> Result:
    ratings: dict[str, Rating] = {}
    results: dict[str, StandardResult] = {}
    information: dict[str, dict[str, KeyQuestionResult | None]] = {}

    for standard in rules.standards.values():
        if standard.kind == "information":
            given = inspection.cases.get(standard.id)
            if given is not None:
                information[standard.id] = dict(given)
            continue
        if standard.kind != "case":
            continue
        given = inspection.cases.get(standard.id)
        if given is None:
            rating, lowest = rules.not_rated, None
            recorder.not_rated(standard, no_cases=False)
        else:
            applicable = [(q.id, given[q.id]) for q in standard.key_questions if given.get(q.id) is not None]
            if not applicable:
                rating, lowest = rules.not_rated, None
                recorder.not_rated(standard, no_cases=True)
            else:
                lowest, low_result = min(applicable, key=lambda item: item[1].percent)
                band = standard.bands.classify(low_result.percent)
                rating = band.rating
                left_out = tuple(q.id for q in standard.key_questions if given.get(q.id) is None)
                tied = tuple(q for q, r in applicable if q != lowest and r.percent == low_result.percent)
                recorder.band(standard, lowest, low_result, band, left_out, tied)
        ratings[standard.id] = rating
        results[standard.id] = StandardResult(standard, rating, standard.counted and rating.rated,
                                              lowest=lowest, results=given)

    for sid in rules.judged_order:
        standard = rules.standards[sid]
        judgement = inspection.judgements[sid]
        rating, capped_by = judgement, None
        own_rules = [rule for rule in rules.decision_rules if rule.standard == sid]
        for rule in own_rules:
            applies, matched, rated = rule.when.test(ratings)
            before = rating
            if judgement.rated and applies and rule.at_most.rank < rating.rank:
                rating, capped_by = rule.at_most, rule.id
            recorder.cap(rule, judgement, before, rating, applies, matched, rated, ratings)
        if not own_rules:
            recorder.judgement(standard, judgement)
        ratings[sid] = rating
        results[sid] = StandardResult(standard, rating, standard.counted and rating.rated,
                                      judgement=judgement, capped_by=capped_by)

    ordered = {sid: results[sid] for sid in rules.standards if sid in results}
    counted = tuple((sid, r.rating.points) for sid, r in ordered.items() if r.counted)
    left_out = tuple(sid for sid, r in ordered.items() if not r.counted)
    score = sum(points for _, points in counted)
    max_score = rules.top_points * len(counted)
    recorder.score(score, max_score, counted, left_out)
    if counted:
        overall, how = rules.overall.rate(score, len(counted), rules.top_points)
    else:
        overall, how = rules.not_rated, None
    recorder.overall(score, max_score, len(counted), overall, how)
    return Result(inspection.name, rules, ordered, score, max_score, overall, recorder.entries(), information)
