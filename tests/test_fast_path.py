"""`Engine.rate_many`: the compiled fast path gives exactly what `ratings.rate` gives, for every rule set,
with and without trace; inputs outside its shape (and every invalid input) take the ordinary path."""

from __future__ import annotations

import copy
import json
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

import ratings
from ratings.engine.compile import fast_path
from ratings.testing import inspections

from conftest import rate_ordinary

RULE_SETS = [r.id for r in ratings.bundled_rule_sets()]


def plain(value):
    """The drawn inspection with exact decimals as Python floats, as a program would build it."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else float(value)
    return value


@pytest.mark.parametrize("rule_set", RULE_SETS)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_the_fast_path_equals_the_ordinary_path(rule_set, data):
    rules = ratings.load_rules(rule_set)
    engine = ratings.Engine(rules)
    mappings = [plain(data.draw(inspections(rules, not_rated=True, results="either", edges=True))) for _ in range(3)]
    for trace in (False, True):
        fast = engine.rate_many(mappings, trace=trace)
        slow = [rate_ordinary(copy.deepcopy(m), rules, trace=trace) for m in mappings]
        assert fast == slow
        assert [ratings.rate(copy.deepcopy(m), rules, trace=trace) for m in mappings] == fast
        assert [json.dumps(r.to_dict()) for r in fast] == [json.dumps(r.to_dict()) for r in slow]


@pytest.mark.parametrize("rule_set", RULE_SETS)
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_the_fast_path_takes_the_common_shape(rule_set, data):
    rules = ratings.load_rules(rule_set)
    mapping = plain(data.draw(inspections(rules, not_rated=True, results="either", edges=True)))
    mapping.pop("name", None)
    fast_path(rules)(mapping)  # raises if it would hand this to the ordinary path


@pytest.mark.parametrize("change, expected", [
    (lambda m: m["judgements"].update(staff="Goood"), "unknown rating 'Goood'"),
    (lambda m: m["cases"]["assessment"].update(keeping_safe=101), "the percentage 101 is over 100"),
    (lambda m: m["cases"]["assessment"].update(keeping_safe=True), "found the boolean true"),
    (lambda m: m["cases"]["assessment"].update(keeping_safe=float("nan")), "NaN"),
    (lambda m: m["cases"]["assessment"].update(keeping_safe={"yes": 35, "of": 34}), "'yes' cannot be more"),
    (lambda m: m["cases"]["assessment"].update(keeping_safe=1e-300), "far too large or too precise"),
    (lambda m: m.update(colour="blue"), "unknown key 'colour'"),
    (lambda m: m["cases"].pop("planning"), "missing standard 'planning'"),
])
def test_invalid_inputs_get_the_ordinary_error(change, expected):
    engine = ratings.Engine("hmip-probation-pdu-2021")
    mapping = {"judgements": {s: "Good" for s in ("leadership", "staff", "services", "information_and_facilities")},
               "cases": {s: {"engagement": 70, "desistance": 70, "keeping_safe": 70}
                         for s in ("court_work", "assessment", "planning", "implementation_and_delivery", "reviewing")}}
    assert engine.rate_many([mapping])[0].overall == "Good"
    change(mapping)
    with pytest.raises(ratings.RatingsError, match=expected):
        engine.rate_many([mapping])


def test_other_shapes_take_the_ordinary_path_and_agree(tmp_path):
    engine = ratings.Engine("hmip-probation-pdu-2021")
    mapping = {"judgements": {s: "GOOD" for s in ("leadership", "staff", "services", "information_and_facilities")},
               "cases": {s: {"engagement": Fraction(141, 2), "desistance": "unknown", "keeping_safe": 70}
                         for s in ("court_work", "assessment", "planning", "implementation_and_delivery", "reviewing")},
               "fieldwork": "2023-03"}
    with pytest.raises(Exception):
        fast_path(engine.rules)(mapping)
    assert engine.rate_many([mapping])[0] == rate_ordinary(mapping, engine.rules, trace=False)
