"""`ratings confidence`: the probability of each rating, from Beta posteriors per key question, with the
overall distribution computed exactly."""

from __future__ import annotations

import json
import math
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

import ratings
from ratings.frontends.cli import main
from ratings.analyses.confidence import betainc, share_at_least
from ratings.kinds.moves import threshold

from conftest import CHESHIRE_WEST, EXAMPLES, CliRunner

RULE_SETS = [r.id for r in ratings.bundled_rule_sets()]


def binomial_tail(a: int, b: int, x: float) -> float:
    n = a + b - 1
    return sum(math.comb(n, j) * x ** j * (1 - x) ** (n - j) for j in range(a, n + 1))


@given(a=st.integers(1, 80), b=st.integers(1, 80), x=st.floats(0.001, 0.999))
def test_the_incomplete_beta_function_matches_the_binomial_identity(a, b, x):
    assert betainc(a, b, x) == pytest.approx(binomial_tail(a, b, x), abs=1e-12)


@st.composite
def counted_inspections(draw, rules):
    judgements = {s: draw(st.sampled_from([str(r) for r in rules.ratings_of(s)]))  # each on its own scale
                  for s, std in rules.standards.items() if std.kind == "judged"}
    cases = {}
    for sid, std in rules.standards.items():
        if std.kind == "case":
            if draw(st.integers(0, 9)) == 0:
                cases[sid] = "not rated"
                continue
            cases[sid] = {}
            for q in std.key_questions:
                of = draw(st.integers(1, 60))
                cases[sid][q.id] = {"yes": draw(st.integers(0, of)), "of": of}
    scores = {sid: {q.id: draw(st.integers(std.case_rating.lowest, std.case_rating.highest))
                    for q in std.key_questions}
              for sid, std in rules.standards.items() if std.kind == "scored"}  # not samples: held as given
    return {"judgements": judgements, "cases": cases, **({"scores": scores} if scores else {})}


@pytest.mark.parametrize("rule_set", RULE_SETS)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_the_probabilities_of_each_standards_ratings_sum_to_one(rule_set, data):
    rules = ratings.load_rules(rule_set)
    answer = ratings.confidence(data.draw(counted_inspections(rules)), rules=rules)
    for sid, dist in answer.standards.items():
        assert sum(dist.values()) == pytest.approx(1.0, abs=1e-9), sid
        assert all(0 <= p <= 1 + 1e-12 for p in dist.values())
    assert sum(answer.overall.values()) == pytest.approx(1.0, abs=1e-9)


@st.composite
def far_from_edges(draw, rules):
    """Large samples whose every result sits at least 4 posterior standard deviations inside its band."""
    mapping = draw(counted_inspections(rules))
    for sid, entry in mapping["cases"].items():
        if entry == "not rated":
            continue
        bands = rules.standards[sid].bands.bands
        for q in entry:
            of = draw(st.integers(2000, 5000))
            band = draw(st.sampled_from(bands))
            low, high = float(band.low), float(band.high)
            centre = (low + high) / 2
            sd = 100 * math.sqrt(0.25 / of)
            room = (high - low) / 2 - 4 * sd
            offset = draw(st.floats(-room, room)) if room > 0 else 0.0
            value = min(max(centre + offset, low + 4 * sd), high - 4 * sd) if high - low > 8 * sd else centre
            entry[q] = {"yes": round(value * of / 100), "of": of}
    return mapping


@pytest.mark.parametrize("rule_set", ["hmip-probation-pdu-2021", "hmip-youth-2021"])
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_far_from_an_edge_the_most_likely_rating_is_the_point_estimate(rule_set, data):
    rules = ratings.load_rules(rule_set)
    answer = ratings.confidence(data.draw(far_from_edges(rules)), rules=rules)
    for sid, dist in answer.standards.items():
        assert max(dist, key=dist.get) == answer.estimate[sid], (sid, dist)
    assert max(answer.overall, key=answer.overall.get) == answer.estimate["overall"]


def test_cheshire_west_with_34_cases():
    answer = ratings.confidence(CHESHIRE_WEST)
    assert answer.estimate["overall"] == "Requires improvement"
    assert answer.overall["Requires improvement"] > 0.999
    assert answer.standards["court_work"] == {"Outstanding": 0.0, "Good": 0.0, "Requires improvement": 0.0,
                                              "Inadequate": 0.0, "Not rated": 1.0}
    reviewing = answer.standards["reviewing"]  # 59% of 34: Requires improvement, but near enough to doubt
    assert 0.6 < reviewing["Requires improvement"] < 0.75 and reviewing["Good"] > 0.1
    assert answer.standards["staff"]["Good"] == pytest.approx(1.0)


def test_one_key_question_matches_its_beta_posterior():
    rules = ratings.load_rules("hmip-probation-pdu-2023")
    mapping = {"judgements": {"leadership": "Good", "staffing": "Good", "services": "Good"},
               "cases": {s: {q.id: {"yes": 40, "of": 40} for q in rules.standards[s].key_questions}
                         for s in ("assessment", "planning", "implementation_and_delivery", "reviewing")}}
    mapping["cases"]["assessment"]["keeping_safe"] = {"yes": 13, "of": 20}
    answer = ratings.confidence(mapping, rules=rules)
    good = float(threshold(rules.standards["assessment"].bands, rules.rating("Good").rank)[0]) / 100
    assert good == 0.65
    all_yes = 1 - betainc(40.5, 0.5, good)  # 40 of 40: Beta(40.5, 0.5)
    p_good_or_better = (1 - betainc(13.5, 7.5, good)) * all_yes ** 2
    dist = answer.standards["assessment"]
    assert dist["Good"] + dist["Outstanding"] == pytest.approx(p_good_or_better, abs=1e-12)


def test_without_case_numbers_confidence_says_what_it_needs():
    import yaml
    mapping = yaml.safe_load(CHESHIRE_WEST.read_text())
    del mapping["cases_inspected"]
    mapping["fieldwork"] = str(mapping["fieldwork"])
    with pytest.raises(ratings.RatingsError, match="needs the number of applicable cases"):
        ratings.confidence(mapping)


def test_cli():
    run = CliRunner().invoke(main, ["confidence", str(EXAMPLES / "crc-2019-20.yaml"), "--format", "json"])
    assert run.exit_code == 0, run.output
    data = json.loads(run.stdout)
    assert set(data) >= {"model", "standards", "overall"} and "Jeffreys" in data["model"]
    assert set(data["standards"]["assessment"]) == {"Outstanding", "Good", "Requires improvement", "Inadequate"}
    text = CliRunner().invoke(main, ["confidence", str(EXAMPLES / "crc-2019-20.yaml")]).stdout
    assert "Overall" in text and "Model:" in text and "Assumptions:" in text
    assert Fraction(1)  # exact arithmetic elsewhere; probabilities here are floats by design


@given(exponent=st.integers(1, 60), share=st.fractions(0, 1, max_denominator=1000),
       limit=st.sampled_from([0, 33.3, 50, 64.999, 65, 80, 100]))
def test_any_number_of_cases_gives_a_probability_never_an_overflow(exponent, share, limit):
    """Issue 23 (4): counts from ten to 10^60 cases, 'Yes' in any share (none and all included): always a
    probability. (The front factor once overflowed past about 10^17 cases, and near the mean the continued
    fraction stopped short of converging past about 10^5.)"""
    of = 10 ** exponent
    yes = int(share * of)
    p = share_at_least(float(yes), of, limit)
    assert 0.0 <= p <= 1.0


def test_the_normal_approximation_agrees_with_the_continued_fraction_where_they_meet():
    from ratings.analyses import confidence as module

    a = b = module.NORMAL_ABOVE - 1  # just below the switch: the continued fraction
    spread = math.sqrt(a * b / (a + b + 1)) / (a + b)
    for z in (-2.0, -0.5, 0.0, 0.5, 2.0):
        x = 0.5 + z * spread
        exact = betainc(a, b, x)
        approx = betainc(a + 2, b + 2, x)  # just above it: the normal approximation
        assert approx == pytest.approx(exact, abs=1e-4)


@pytest.mark.parametrize("half", [5e3, 5e5, 5e7])
def test_at_the_mean_of_a_large_symmetric_sample_the_chance_is_one_half(half):
    """The continued fraction stopped after 400 terms and gave 0.26 here at 10^8 cases: now each size says
    one half, to far below what is shown."""
    assert betainc(half, half, 0.5) == pytest.approx(0.5, abs=1e-6)


def test_confidence_on_a_billion_cases_answers(tmp_path):
    n = 10 ** 12
    path = tmp_path / "big.yaml"
    path.write_text(
        "rules: hmip-probation-pdu-2021\n"
        "judgements: {leadership: Good, staff: Good, services: Good, information_and_facilities: Good}\n"
        "cases:\n  court_work: not rated\n"
        + "".join(f"  {sid}: {{engagement: {{yes: {n * 7 // 10}, of: {n}}}, "
                  f"desistance: {{yes: {n * 45 // 100}, of: {n}}}, keeping_safe: {{yes: {n * 9 // 10}, of: {n}}}}}\n"
                  for sid in ("assessment", "planning", "implementation_and_delivery", "reviewing")))
    answer = ratings.confidence(path)
    assert answer.standards["assessment"]["Good"] == 0.0 and answer.standards["assessment"]["Inadequate"] == 1.0
