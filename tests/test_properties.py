"""Properties every rule set must have, checked over generated inspections (hypothesis)."""

from __future__ import annotations

import copy
import functools
import json
import random
from fractions import Fraction

import pytest
from hypothesis import assume, given, strategies as st

import ratings
from ratings.testing import inspections, near_edges

RULE_SETS = [r.id for r in ratings.bundled_rule_sets()]


@pytest.fixture(scope="module", params=RULE_SETS)
def rules(request):
    return ratings.load_rules(request.param)


def rank(result, sid):
    return result.standards[sid].rating.rank


@functools.lru_cache(maxsize=None)
def band_sets_and_values(rule_set_id):
    """Each band set of the rule set (the overall's too) with the strategy of values to try in it: any
    fraction in its range, or a band edge (a hair either side for the standards' bands). Built once."""
    rules = ratings.load_rules(rule_set_id)
    overall = rules.overall.bands if rules.overall is not None and rules.overall.reads_score else None
    band_sets = list(rules.band_sets.values()) + ([overall] if overall else [])
    if not band_sets:
        pytest.skip(f"{rule_set_id} has no bands")
    edges = near_edges(rules)
    return [(band_set, st.one_of(
        st.fractions(band_set.low, band_set.high, max_denominator=10**6),
        st.sampled_from(edges if band_set is not overall else
                        [b.low for b in band_set.bands] + [b.high for b in band_set.bands]),
    ).filter(lambda v, band_set=band_set: band_set.low <= v <= band_set.high)) for band_set in band_sets]


@pytest.mark.parametrize("rule_set_id", RULE_SETS)
@given(data=st.data())
def test_every_value_in_range_falls_in_exactly_one_band(rule_set_id, data):
    band_set, values = data.draw(st.sampled_from(band_sets_and_values(rule_set_id)))
    value = data.draw(values)
    holders = [b for b in band_set.bands if b.contains(value)]
    assert len(holders) == 1, (value, holders)
    assert band_set.classify(value) is holders[0]


def raise_one(inspection, rules, data):
    """A copy of the inspection with one key question's result raised (never lowered)."""
    if not any(s.kind == "case" for s in rules.standards.values()):
        pytest.skip(f"{rules.id} has no case standard, so no key question to raise")
    candidates = [(sid, q) for sid, kqs in inspection["cases"].items() if isinstance(kqs, dict)
                  and rules.standards[sid].kind == "case" for q, v in kqs.items() if v is not None]
    assume(candidates)
    sid, q = data.draw(st.sampled_from(candidates))
    raised = copy.deepcopy(inspection)
    old = raised["cases"][sid][q]
    if isinstance(old, dict):
        old["yes"] = data.draw(st.integers(old["yes"], old["of"]))
    else:
        step = Fraction(data.draw(st.integers(0, 10_000)), 100)
        raised["cases"][sid][q] = min(Fraction(100), Fraction(old) + step)
    return raised


@given(data=st.data())
def test_raising_a_key_question_never_lowers_any_rating_the_score_or_the_overall(rules, data):
    inspection = data.draw(inspections(rules, not_rated=True, results="either", edges=True))
    raised = raise_one(inspection, rules, data)
    before, after = ratings.rate(inspection, trace=False), ratings.rate(raised, trace=False)
    never_lower(before, after)


def never_lower(before, after):
    """No standard, no score and no overall rating of ``after`` is below ``before``'s (None: the rule set has no
    score or no overall rating, in both)."""
    for sid in before.standards:
        assert rank(after, sid) >= rank(before, sid), sid
    assert (after.score is None) == (before.score is None)
    assert after.score is None or after.score >= before.score
    assert after.max_score == before.max_score
    assert (after.overall is None) == (before.overall is None)
    assert after.overall is None or after.overall.rank >= before.overall.rank


@given(data=st.data())
def test_raising_a_judgement_never_lowers_any_rating_the_score_or_the_overall(rules, data):
    """One judgement raised by one rating (Not rated left as it is): the overall method's rules, whatever
    they read, never lower anything."""
    inspection = data.draw(inspections(rules, results="either", edges=True))
    judged = [sid for sid, s in rules.standards.items() if s.kind == "judged"
              and str(inspection["judgements"][sid]) != str(rules.ratings_of(sid)[0])]
    assume(judged)
    sid = data.draw(st.sampled_from(judged))
    raised = copy.deepcopy(inspection)
    names = [str(r) for r in rules.ratings_of(sid)]  # on its own scale
    raised["judgements"][sid] = names[names.index(str(inspection["judgements"][sid])) - 1]
    never_lower(ratings.rate(inspection, trace=False), ratings.rate(raised, trace=False))


@given(data=st.data())
def test_every_rating_keeps_the_rule_sets_invariants(rules, data):
    """Each property below checked on the rating of every drawn inspection (standards Not rated, results as
    percentages or counts, values at band edges). They share each draw: drawing is most of what they cost."""
    inspection = data.draw(inspections(rules, not_rated=True, results="either", edges=True))
    result = ratings.rate(inspection)
    a_capped_standard_never_exceeds_its_cap_or_its_judgement(rules, result)
    the_score_is_the_sum_of_counted_rated_points_and_max_is_top_points_each(result)
    to_dict_survives_a_json_round_trip(result)
    the_result_does_not_depend_on_the_order_of_keys(inspection, result, data.draw(st.integers(0, 2**32)))


def a_capped_standard_never_exceeds_its_cap_or_its_judgement(rules, result):
    current = {sid: s.rating for sid, s in result.standards.items()}
    for sid, s in result.standards.items():
        if s.standard.kind != "judged":
            continue
        assert s.rating.rank <= s.judgement.rank
        for rule in rules.rules_for(sid):
            if rule.when.test(current)[0] and s.judgement.rated:
                assert s.rating.rank <= rule.at_most.rank, rule.id
        if s.capped_by is not None:
            rule = next(r for r in rules.decision_rules if r.id == s.capped_by)
            assert rule.when.test(current)[0]
            assert s.rating == rule.at_most and s.rating.rank < s.judgement.rank
        else:
            assert s.rating == s.judgement


def the_score_is_the_sum_of_counted_rated_points_and_max_is_top_points_each(result):
    counted = [s for s in result.standards.values() if s.standard.counted and s.rating.rated]
    assert all(s.counted for s in counted)
    if result.rules.score is None:  # a framework without a score: none is made up
        assert (result.score, result.max_score) == (None, None)
        return
    assert result.score == sum(s.rating.points for s in counted)
    assert result.max_score == 3 * len(counted)
    if not counted:
        assert result.overall == "Not rated"


def to_dict_survives_a_json_round_trip(result):
    d = result.to_dict()
    assert json.loads(json.dumps(d)) == d


def the_result_does_not_depend_on_the_order_of_keys(inspection, result, seed):
    reordered = shuffled(inspection, random.Random(seed))
    assert ratings.rate(reordered).to_dict() == result.to_dict()


def shuffled(value, rnd):
    if isinstance(value, dict):
        items = list(value.items())
        rnd.shuffle(items)
        return {k: shuffled(v, rnd) for k, v in items}
    return value


def test_the_overall_never_falls_when_the_score_rises(rules):
    if rules.overall is None or not rules.overall.reads_score:
        pytest.skip(f"{rules.id}'s overall rating is not read from the score")
    counted = sum(1 for s in rules.standards.values() if s.counted)
    for n in range(1, counted + 1):
        overall = [rules.overall.rate(score, n, rules.top_points)[0] for score in range(3 * n + 1)]
        assert all(a.rank <= b.rank for a, b in zip(overall, overall[1:])), n


@given(data=st.data())
def test_overall_rises_with_score_across_generated_inspections(rules, data):
    if rules.overall is None or not rules.overall.reads_score:
        pytest.skip(f"{rules.id}'s overall rating is not read from the score")
    everything_rated = inspections(rules, results="either", edges=True)
    a = ratings.rate(data.draw(everything_rated), trace=False)
    b = ratings.rate(data.draw(everything_rated), trace=False)
    assert a.max_score == b.max_score
    if a.max_score == 0:  # a rule set whose counted standards are never rated (reported, not rated)
        assert a.overall == b.overall == "Not rated"
        return
    if a.score <= b.score:
        assert a.overall.rank <= b.overall.rank
    else:
        assert a.overall.rank >= b.overall.rank
