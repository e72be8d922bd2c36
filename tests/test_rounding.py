"""`rounding: {places, half}` on a band set (issue 22): the measure rounded before banding, as CQC's single
assessment framework publishes its bands. Checked against rounding written here independently (Python's
decimal module, quantized with the named rounding), on exact values drawn at random, for every way of
rounding a half, and through the analyses (the edge a margin counts from is the unrounded value's)."""

from __future__ import annotations

from decimal import ROUND_HALF_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ratings

MODES = {"up": ROUND_HALF_UP, "down": ROUND_HALF_DOWN, "even": ROUND_HALF_EVEN}
BANDS = ((Fraction(65), "Good"), (Fraction(45), "Requires improvement"), (Fraction(0), "Inadequate"))


def rule_set(places: int, half: str) -> str:
    return f"""id: rounding-test
title: Rounding
service: testing
source: test
confidence: assumed
in_force: {{from: 2015-01, source: test, confidence: assumed}}
scale:
  ratings: [{{name: Good, points: 2}}, {{name: Requires improvement, points: 1}}, {{name: Inadequate, points: 0}}]
  not_rated: Not rated
  source: test
  confidence: assumed
case_rating: {{id: cr, method: lowest_key_question, description: lowest, source: test, confidence: assumed}}
bands:
  b:
    measures: share of cases
    rounding: {{places: {places}, half: {half}}}
    bands:
      - {{rating: Good, at_least: 65, at_most: 100}}
      - {{rating: Requires improvement, at_least: 45, below: 65}}
      - {{rating: Inadequate, at_least: 0, below: 45}}
    source: test
    confidence: assumed
domains:
  - {{id: d, name: D, source: test, confidence: assumed, standards: [{{id: s, name: S, kind: case, key_questions: {{q: Q?}}}}]}}
score: {{id: score, description: sum, source: test, confidence: assumed}}
overall: none
"""


def expected(value: Fraction, places: int, half: str) -> str:
    """The rating by the published rule: the value rounded (decimal, exactly), then banded."""
    with localcontext() as ctx:
        ctx.prec = 60
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        rounded = Fraction(exact.quantize(Decimal(1).scaleb(-places), rounding=MODES[half]))
    return next(name for low, name in BANDS if rounded >= low)


@pytest.fixture(scope="module", params=[(p, h) for p in (0, 1, 2) for h in MODES])
def engine(request, tmp_path_factory):
    places, half = request.param
    path = tmp_path_factory.mktemp("rounding") / f"round-{places}-{half}.yaml"
    path.write_text(rule_set(places, half))
    return ratings.Engine(str(path)), places, half


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_every_value_is_rated_as_its_rounding_is(engine, data):
    """Values near the edges (each edge less or more a few hundredths and thousandths, halves included) and
    anywhere, as counts (exact fractions) and as percentages."""
    rules, places, half = engine
    edge = data.draw(st.sampled_from([Fraction(45), Fraction(65)]))
    offset = data.draw(st.sampled_from([Fraction(k, 10 ** p) for p in (1, 2, 3) for k in range(-9, 10)])
                       | st.fractions(-2, 2, max_denominator=1000))
    value = min(max(edge + offset, Fraction(0)), Fraction(100))
    given_as = {"percent": float(value)} if float(value) == value else None
    of = data.draw(st.integers(1, 400))
    yes = data.draw(st.integers(0, of))
    for q, want in (({"yes": yes, "of": of}, expected(Fraction(100 * yes, of), places, half)),
                    (given_as["percent"] if given_as else None, expected(value, places, half) if given_as else None)):
        if q is None:
            continue
        result = rules.rate({"cases": {"s": {"q": q}}})
        assert str(result.standards["s"].rating) == want, (q, places, half)


def test_the_page_says_the_measure_is_rounded(engine):
    rules, places, half = engine
    result = rules.rate({"cases": {"s": {"q": 64.5}}})
    [entry] = [e for e in result.trace if e.standard == "s"]
    assert "(once rounded to " in entry.reason


def test_gap_counts_from_the_unrounded_edge():
    """Half up to whole numbers, Good from 65: 64.5% rounds to 65, so from 40 of 64 (62.5%) the fewest more
    cases judged 'Yes' are 2 (42 of 64 is 65.6%; 41 of 64 is 64.06%, which rounds to 64)."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.yaml"
        path.write_text(rule_set(0, "up"))
        answer = ratings.gap({"rules": str(path), "cases": {"s": {"q": {"yes": 40, "of": 64}}}}, "Good",
                             standard="s")
        assert answer.reachable and answer.extra == 2
        answer = ratings.gap({"rules": str(path), "cases": {"s": {"q": {"yes": 41, "of": 200}}}}, "Requires improvement",
                             standard="s")
        assert answer.extra == 48  # 41 + 48 = 89 of 200 is 44.5%, which rounds up to 45; 88 of 200 is 44%
