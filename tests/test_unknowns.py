"""Unknowns: any judgement, key question or whole case standard may be `unknown`; `ratings rate` then reports
every rating, score and overall that remains possible, each produced by some filling-in of the unknowns."""

from __future__ import annotations

import json
import random

import pytest
import yaml
from hypothesis import given, settings, strategies as st

import ratings
from ratings.frontends.cli import main
from ratings.analyses.possible import filled, possibilities
from ratings.testing import inspections

from conftest import CHESHIRE_WEST, CliRunner

RULE_SETS = [r.id for r in ratings.bundled_rule_sets()]


def cheshire_west(**changes):
    mapping = yaml.safe_load(CHESHIRE_WEST.read_text())
    mapping["fieldwork"] = str(mapping["fieldwork"])
    for path, value in changes.items():
        target = mapping
        keys = path.split("__")
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value
    return mapping


def test_unknown_judgements_before_the_caps():
    result = ratings.rate(cheshire_west(judgements__leadership="unknown", judgements__services="unknown"))
    # the decision rules hold both at Requires improvement at most, whatever the inspectors judged
    assert result.standards["leadership"].rating is None
    assert [str(r) for r in result.possible.standards["leadership"]] == ["Inadequate", "Requires improvement"]
    assert result.possible.score == (5, 7) and result.possible.max_score == (24, 24)
    assert result.max_score == 24 and result.score is None
    assert [str(r) for r in result.possible.overall] == ["Requires improvement"]
    assert result.overall == "Requires improvement"
    data = result.to_dict()
    assert data["standards"]["leadership"]["rating"] is None and data["standards"]["leadership"]["judgement"] is None
    assert data["possible"] == {"overall": ["Requires improvement"], "score": {"min": 5, "max": 7},
                                "standards": {"leadership": ["Inadequate", "Requires improvement"],
                                              "services": ["Inadequate", "Requires improvement"]}}
    json.dumps(data)


def test_a_standard_left_open_has_no_points_as_it_has_no_rating():
    """``points`` is the rating's points: None (as ``points`` in the JSON) while unknowns leave the rating
    open, the rating's own once it is settled."""
    result = ratings.rate(cheshire_west(judgements__leadership="unknown"))
    open_, settled = result.standards["leadership"], result.standards["assessment"]
    assert open_.rating is None and open_.points is None
    assert open_.points == open_.to_dict()["points"]
    assert settled.rating is not None and settled.points == settled.rating.points


def test_an_unknown_key_question_leaves_its_standard_open_up_to_the_known_lowest():
    result = ratings.rate(cheshire_west(cases__reviewing__keeping_safe="unknown"))
    assert [str(r) for r in result.possible.standards["reviewing"]] == ["Inadequate", "Requires improvement",
                                                                         "Good"]
    assert result.to_dict()["standards"]["reviewing"]["percentages"]["keeping_safe"] is None
    assert [str(r) for r in result.possible.overall] == ["Requires improvement"]


def test_an_unknown_whole_standard_may_be_not_rated_and_changes_the_maximum():
    result = ratings.rate(cheshire_west(cases__court_work="unknown"))
    assert result.possible.max_score == (24, 27)
    assert result.to_dict()["possible"]["max_score"] == {"min": 24, "max": 27}
    assert "Not rated" in [str(r) for r in result.possible.standards["court_work"]]


def test_the_trace_says_what_is_open_and_why():
    result = ratings.rate(cheshire_west(judgements__services="unknown"))
    entry = next(t for t in result.trace if t.standard == "services")
    assert entry.step == "possible"
    assert entry.reason == ("1.3 Services could be Inadequate or Requires improvement: it depends on the unknown "
                            "inputs of 1.3 Services.")
    assert any(t.step == "band" and t.standard == "assessment" for t in result.trace)  # known parts explained
    text = CliRunner().invoke(main, ["rate", str(CHESHIRE_WEST)]).stdout
    assert "(unknowns)" not in text


@pytest.mark.parametrize("rule_set", RULE_SETS)
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_with_no_unknowns_the_range_is_the_ordinary_result(rule_set, data):
    rules = ratings.load_rules(rule_set)
    inspection = ratings.Engine(rules).load(data.draw(inspections(rules, not_rated=True, results="either", edges=True)))
    found = possibilities(rules, inspection)
    result = ratings.rate(data.draw(st.just(inspection)) if False else inspection_mapping(inspection, rules), rules)
    assert found.overall == ([result.overall] if rules.overall is not None else [])
    assert found.score == ((result.score, result.score) if rules.score is not None else None)
    assert found.max_score == ((result.max_score, result.max_score) if rules.score is not None else None)
    assert {s: o for s, o in found.standards.items()} == {s: [r.rating] for s, r in result.standards.items()}


def inspection_mapping(inspection, rules):
    """An Inspection back as a mapping (for ratings.rate)."""
    cases, scores = {}, {}
    for sid, v in inspection.cases.items():
        if rules.standards[sid].kind == "scored":  # its items' scores
            scores[sid] = "not rated" if v is None else {q: None if r is None else r.score for q, r in v.items()}
            continue
        cases[sid] = "not rated" if v is None else {q: (None if r is None else {"yes": r.yes, "of": r.of}
                                                        if r.yes is not None else r.percent) for q, r in v.items()}
    out = {"judgements": {s: str(r) for s, r in inspection.judgements.items()}, "cases": cases}
    return {**out, "scores": scores} if scores else out


@st.composite
def with_unknowns(draw, rules):
    mapping = draw(inspections(rules, results="either", edges=True))
    rnd = random.Random(draw(st.integers(0, 2**32)))
    for sid in mapping.get("judgements", {}):
        if rnd.random() < 0.3:
            mapping["judgements"][sid] = "unknown"
    for sid, entry in mapping.get("cases", {}).items():
        if rules.standards[sid].kind != "case":
            continue
        roll = rnd.random()
        if roll < 0.1:
            mapping["cases"][sid] = "unknown"
        elif roll < 0.4:
            q = rnd.choice(list(entry))
            entry[q] = "unknown"
    return mapping


@pytest.mark.parametrize("rule_set", RULE_SETS)
@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_each_possibility_is_produced_by_some_filling_in(rule_set, data):
    rules = ratings.load_rules(rule_set)
    engine = ratings.Engine(rules)
    inspection = engine.load(data.draw(with_unknowns(rules)))
    found = possibilities(rules, inspection)
    assert found.overall
    for rating in found.overall:
        witness = found.witnesses[("overall", str(rating))]
        assert ratings.engine.evaluate.evaluate(rules, filled(rules, inspection, witness)).overall == rating
    for sid, options in found.standards.items():
        for rating in options:
            witness = found.witnesses[(sid, str(rating))]
            assert ratings.engine.evaluate.evaluate(rules, filled(rules, inspection, witness)).standards[sid].rating == rating


@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_nothing_outside_the_range_is_possible(data):
    # exhaustive on the small rule set: every filling-in's result lies inside what is reported
    from pathlib import Path
    rules = ratings.load_rules(Path(__file__).parent / "rulesets" / "mini.yaml")
    inspection = ratings.Engine(rules).load(data.draw(with_unknowns(rules)))
    found = possibilities(rules, inspection)
    base, comps = ratings.analyses.possible.components(rules, inspection)
    import itertools
    seen_overall, seen = set(), {sid: set() for sid in rules.core.ids}
    for choice in itertools.product(*[c.options for c in comps]):
        ranks = list(base)
        for c, rank in zip(comps, choice):
            ranks[c.index] = rank
        settled, score, n, overall = ratings.analyses.possible.outcome(rules, ranks)
        seen_overall.add(overall)
        for i, sid in enumerate(rules.core.ids):
            seen[sid].add(settled[i])
        assert found.score[0] <= score <= found.score[1]
    assert {r.rank for r in found.overall} == seen_overall
    assert {sid: {r.rank for r in opts} for sid, opts in found.standards.items()} == seen


def test_unknown_is_accepted_in_files_and_by_the_schema(tmp_path):
    import jsonschema
    from ratings.frontends.schema import inspection_schema
    mapping = cheshire_west(judgements__leadership="unknown", cases__reviewing__keeping_safe="unknown")
    path = tmp_path / "partial.yaml"
    path.write_text(yaml.safe_dump(mapping))
    run = CliRunner().invoke(main, ["rate", str(path), "--format", "json"])
    assert run.exit_code == 0, run.output
    assert json.loads(run.stdout)["possible"]["standards"]["leadership"] == ["Inadequate", "Requires improvement"]
    schema = inspection_schema(ratings.load_rules("hmip-probation-pdu-2021"))
    jsonschema.validate(mapping, schema)
