from __future__ import annotations

import copy
import inspect
import json
import os
from pathlib import Path

import click.testing
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


class CliRunner(click.testing.CliRunner):
    """click's test runner, with standard error kept apart from standard output on every click the project
    allows: click 8.2 and later always keep them apart; 8.1 does only when asked (``mix_stderr=False``, a
    keyword 8.2 removed). The tests read ``stdout`` and ``stderr`` as the command wrote them."""

    def __init__(self, **kwargs) -> None:
        if "mix_stderr" in inspect.signature(click.testing.CliRunner.__init__).parameters:
            kwargs.setdefault("mix_stderr", False)
        super().__init__(**kwargs)


@pytest.fixture(scope="session")
def pdu2021() -> ratings.RuleSet:
    return ratings.load_rules("hmip-probation-pdu-2021")


def rate_ordinary(mapping, rules, trace: bool = True) -> ratings.Result:
    """Rate a mapping the ordinary way (read, check, evaluate step by step), never by the compiled fast path
    that ``ratings.rate`` and ``Engine.rate_many`` take for plain mappings: what the fast path is compared
    with."""
    engine = ratings.Engine(rules)
    return engine.evaluate(engine.load(mapping), trace=trace)


def every_judgement_good(rules, case_result=None) -> dict:
    """A small inspection of ``rules``: every judgement Good, each case standard Not rated, or with every key
    question at ``case_result``."""
    return {"judgements": {s: "Good" for s, std in rules.standards.items() if std.kind == "judged"},
            "cases": {s: "not rated" if case_result is None else {q.id: case_result for q in std.key_questions}
                      for s, std in rules.standards.items() if std.kind == "case"}}


def fast_path_agrees(rules, mapping) -> list[ratings.Result]:
    """The mapping (as a program would build it: decimals as floats) rated by the fast path equals, in JSON, its
    rating the ordinary way, without and with trace; the fast path's results."""
    mapping = json.loads(json.dumps(mapping, default=float))
    engine = ratings.Engine(rules)
    out = []
    for trace in (False, True):
        fast = engine.rate_many([mapping], trace=trace)[0]
        slow = rate_ordinary(copy.deepcopy(mapping), rules, trace=trace)
        assert json.dumps(fast.to_dict()) == json.dumps(slow.to_dict())
        out.append(fast)
    return out
