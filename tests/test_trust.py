"""Trust shown: every explanation names the rules it applies that are not confirmed, and a result lists the
rules it rests on that are inferred or assumed, checked against an independent reading of the rule set."""

from __future__ import annotations

import copy
import itertools
import json
import re

import pytest
from hypothesis import given, settings, strategies as st

import ratings
from conftest import CHESHIRE_WEST, EXAMPLES, CliRunner, rate_ordinary
from ratings.frontends.cli import main
from ratings.testing import inspections, rule_sets

SURENESS = {"confirmed": 0, "inferred": 1, "assumed": 2}


def expected_assumptions(result: ratings.Result) -> dict[str, str]:
    """The rules a rating rests on that are not confirmed, read straight from the rule set's objects: the
    method and bands of every rated case standard, every rated derived standard's derivation, every decision
    rule on a rated standard or on the overall rating, the score, the overall rule and the score table it
    used; each with its least sure confidence."""
    rules = result.rules
    rated = {sid for sid, s in result.standards.items() if s.rating.rated}
    found: dict[str, str] = {}

    def add(rule_id: str, confidence: str) -> None:
        if confidence != "confirmed" and SURENESS[confidence] > SURENESS.get(found.get(rule_id, "confirmed"), 0):
            found[rule_id] = confidence

    for sid, standard in rules.standards.items():
        if sid in rated and standard.kind in ("case", "scored"):  # rated by a method and bands
            add(standard.case_rating.id, standard.case_rating.provenance.confidence)
            add(standard.bands.id, standard.bands.provenance.confidence)
        if sid in rated and standard.kind == "derived":
            add(standard.derived.id, standard.derived.provenance.confidence)
            if standard.derived.method.name == "first_match":  # every rule of it might match
                for choice in standard.derived.method.choices:
                    add(choice.id, choice.provenance.confidence)
    for rule in rules.decision_rules:
        if rule.target in rated or rule.target == "overall":
            add(rule.id, rule.provenance.confidence)
    for rule in (rules.score, rules.overall):  # each unless the rule set does without it
        if rule is not None:
            add(rule.id, rule.provenance.confidence)
    if rules.overall is not None and rules.overall.method == "first_match":  # every rule of it might match
        for choice in rules.overall.choices:
            add(choice.id, choice.provenance.confidence)
    table = rules.overall.tables.get(result.max_score) \
        if rules.overall is not None and rules.overall.method == "from_score" else None
    if table is not None:
        add(rules.overall.id, table.provenance.confidence)
    return found


def check_trace(result: ratings.Result) -> None:
    """Each trace entry naming a rule that is not confirmed says so in its sentence and its confidence; an
    entry whose own rule is confirmed and applies no other rule says nothing of the kind."""
    rules = result.rules
    sure = {r.id: r.provenance.confidence for r in rules.rules()}
    for entry in result.trace:
        if entry.step in ("possible",):
            continue
        confidence = sure.get(entry.rule)
        if confidence is not None and confidence != "confirmed":
            said = re.findall(r"(?:Rule (\S+) is|Rules (.+?) are) (inferred|assumed), not confirmed\.", entry.reason)
            named = {name: c for one, many, c in said for name in ([one] if one else re.split(r", | and ", many))}
            assert SURENESS[named.get(entry.rule, "confirmed")] >= SURENESS[confidence], entry
            assert entry.confidence is not None and SURENESS[entry.confidence] >= SURENESS[confidence], entry
        if entry.confidence is None:
            assert "not confirmed" not in entry.reason, entry


def test_cheshire_west_rests_on_three_inferred_rules():
    result = ratings.rate(CHESHIRE_WEST)
    assert [(a.rule, a.confidence) for a in result.assumptions] == [
        ("case-bands", "inferred"), ("leadership-limited-by-case-supervision", "inferred"),
        ("overall-from-mean-points", "inferred")]
    by_rule = {e.rule: e for e in result.trace}
    assert by_rule["leadership-limited-by-case-supervision"].reason.endswith(
        "Rule leadership-limited-by-case-supervision is inferred, not confirmed.")
    assert by_rule["leadership-limited-by-case-supervision"].confidence == "inferred"
    # the services rule is confirmed: its sentence says nothing of confidence
    assert by_rule["services-limited-by-implementation-and-delivery"].confidence is None
    assert "confirmed" not in by_rule["services-limited-by-implementation-and-delivery"].reason


def test_json_and_text_show_the_assumptions():
    run = CliRunner().invoke(main, ["rate", str(CHESHIRE_WEST), "--format", "json"])
    data = json.loads(run.stdout)
    assert data["assumptions"] == [{"rule": "case-bands", "confidence": "inferred"},
                                   {"rule": "leadership-limited-by-case-supervision", "confidence": "inferred"},
                                   {"rule": "overall-from-mean-points", "confidence": "inferred"}]
    assert all("confidence" in t for t in data["trace"])
    text = CliRunner().invoke(main, ["rate", str(CHESHIRE_WEST)]).stdout
    assert "Rests on 3 rules not confirmed: case-bands (inferred)" in text


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_example_names_what_it_rests_on(example):
    result = ratings.rate(example)
    if result.possible is not None:
        pytest.skip("a rating with unknowns: its open values rest on every filling-in")
    assert {a.rule: a.confidence for a in result.assumptions} == expected_assumptions(result)
    check_trace(result)


@settings(max_examples=40, deadline=None)
@given(rule_sets().flatmap(lambda rules: inspections(rules).map(lambda m: (rules, m))))
def test_generated_rule_sets_name_what_they_rest_on(drawn):
    rules, mapping = drawn
    for result in (rate_ordinary(mapping, rules), ratings.Engine(rules).rate_many([mapping], trace=True)[0]):
        assert {a.rule: a.confidence for a in result.assumptions} == expected_assumptions(result)
        check_trace(result)


@settings(max_examples=40, deadline=None)
@given(rule_sets(), st.data())
def test_with_unknowns_a_result_rests_on_every_rule_some_filling_in_rests_on(rules, data):
    """Judgements left unknown: the rules the result names are exactly those that some filling-in of them
    (every rating of each one's scale, rated one by one) rests on, each at its least sure confidence."""
    mapping = data.draw(inspections(rules))
    judged = sorted(mapping.get("judgements", {}))
    unknown = data.draw(st.lists(st.sampled_from(judged), unique=True, max_size=3)) if judged else []
    for sid in unknown:
        mapping["judgements"][sid] = "unknown"
    result = ratings.rate(copy.deepcopy(mapping), rules)
    found: dict[str, str] = {}
    for combo in itertools.product(*([str(r) for r in rules.ratings_of(sid)] for sid in unknown)):
        filled = copy.deepcopy(mapping)
        filled["judgements"].update(zip(unknown, combo))
        for a in ratings.rate(filled, rules, trace=False).assumptions:
            if SURENESS[a.confidence] > SURENESS.get(found.get(a.rule, "confirmed"), 0):
                found[a.rule] = a.confidence
    assert {a.rule: a.confidence for a in result.assumptions} == found


def test_the_rule_that_holds_a_rating_down_is_named_when_judgements_are_unknown():
    """Cheshire West with Leadership and Services unknown: the inferred rule limiting Leadership by the case
    supervision is what rules Good out, so the result rests on it."""
    mapping = json.loads(json.dumps(__import__("yaml").safe_load(CHESHIRE_WEST.read_text()), default=str))
    mapping["judgements"].update(leadership="unknown", services="unknown")
    mapping.pop("published", None)
    mapping["rules"] = "hmip-probation-pdu-2021"
    result = ratings.rate(mapping)
    assert "leadership-limited-by-case-supervision" in {a.rule for a in result.assumptions}
