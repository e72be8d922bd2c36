from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import ratings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CHESHIRE_WEST = EXAMPLES / "cheshire-west-2023.yaml"

settings.register_profile("ci", max_examples=100, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=50, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def pdu2021() -> ratings.RuleSet:
    return ratings.load_rules("hmip-probation-pdu-2021")


def rate_ordinary(mapping, rules, trace: bool = True) -> ratings.Result:
    """Rate a mapping the ordinary way (read, check, evaluate step by step), never by the compiled fast path
    that ``ratings.rate`` and ``Engine.rate_many`` take for plain mappings: what the fast path is compared
    with."""
    engine = ratings.Engine(rules)
    return engine.evaluate(engine.load(mapping), trace=trace)
