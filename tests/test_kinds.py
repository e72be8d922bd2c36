"""Every kind of rule added by the rule-language redesign, through every front door: the worked cases of
tests/worked/ (one file per kind, expectations worked out by hand), the JSON and text output, the analyses
(gap, confidence, unknowns, verify) and the fast path, on tests/rulesets/kinds.yaml given by path."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import ratings
from ratings.analyses.worked_cases import load_worked_cases, run_worked_case
from ratings.frontends.cli import main
from ratings.testing import inspections

from conftest import CliRunner, fast_path_agrees

HERE = Path(__file__).parent
KINDS = HERE / "rulesets" / "kinds.yaml"
WORKED = sorted((HERE / "worked").glob("*.tests.yaml"))
DOCS_EXAMPLES = sorted((HERE.parent / "docs" / "example-rules").glob("*.tests.yaml"))


def worked_cases():
    for path in DOCS_EXAMPLES:
        rules, cases = load_worked_cases(path)
        for case in cases:
            yield pytest.param(rules, case, id=f"{path.stem}: {case.name}")


@pytest.mark.parametrize("rules, case", list(worked_cases()))
def test_worked_case_of_the_documented_example(rules, case):
    """The documented example's worked cases (docs/example-rules/, outside the test folder) all pass. Those
    of tests/worked/ are collected by the package's own pytest plugin (ratings/testing/pytest_plugin.py), one
    test per case, as any repository's are."""
    outcome = run_worked_case(rules, case)
    assert outcome.passed, "\n".join(outcome.failures)


def test_the_worked_cases_of_tests_worked_are_collected_by_the_plugin(request):
    """Without the plugin (the package not installed, or -p no:ratings) tests/worked/ would silently not
    run: this says so."""
    assert request.config.pluginmanager.has_plugin("ratings"), \
        "the ratings pytest plugin is not registered: install the package (pip install -e .)"


def test_every_new_kind_has_a_worked_case_file():
    assert {p.name.removesuffix(".tests.yaml") for p in WORKED} >= {
        "mean-key-questions", "derived", "overall-limits", "at-or-above", "any-all", "limit-case-and-derived",
        "reported"}


LIMITED = {"name": "Limited", "judgements": {"governance": "Inadequate", "staff": "Outstanding"},
           "cases": {"assessment": {"engagement": {"yes": 18, "of": 20}, "safety": {"yes": 17, "of": 20}},
                     "planning": {"engagement": {"yes": 19, "of": 20}, "safety": {"yes": 17, "of": 20}}}}


def test_json_names_the_limits_on_the_overall_and_on_case_and_derived_standards():
    data = ratings.rate(LIMITED, str(KINDS)).to_dict()
    assert data["overall"] == "Requires improvement"
    assert data["overall_limited_by"] == "overall-limited-by-governance"
    assert data["score"] == 10  # the score is unchanged by the limit
    assert data["standards"]["planning"]["capped_by"] == "planning-limited-by-governance"
    assert data["standards"]["planning"]["mean"] == 90.0
    assert data["standards"]["assessment"]["capped_by"] is None
    assert data["standards"]["quality"] == {"name": "Quality of casework", "rating": "Good", "points": 2,
                                            "counted": True, "from": ["assessment", "planning"],
                                            "capped_by": None}


def test_text_and_trace_say_what_the_overall_would_have_been_and_which_rule_limited_it(tmp_path):
    result = ratings.rate(LIMITED, str(KINDS))
    assert result.unlimited_overall == "Good"
    limit = next(t for t in result.trace if t.rule == "overall-limited-by-governance")
    assert limit.standard is None and "limited to Requires improvement" in limit.reason
    assert "From the score alone it would be Good" in limit.reason
    path = tmp_path / "limited.yaml"
    path.write_text(json.dumps({**LIMITED, "rules": str(KINDS)}))
    run = CliRunner().invoke(main, ["rate", str(path)])
    assert run.exit_code == 0, run.output
    assert "score alone: Good; limited by decision rule overall-limited-by-governance" in run.stdout
    assert "band Outstanding; limited by a decision rule" in run.stdout


def test_gap_says_an_overall_limited_by_a_judgement_cannot_be_raised_by_case_work():
    answer = ratings.Engine(str(KINDS)).gap(LIMITED, "Good")
    assert not answer.reachable
    assert "decision rule overall-limited-by-governance limits the overall rating" in answer.reason


def test_gap_reaches_through_a_derived_standard():
    mapping = copy.deepcopy(LIMITED)
    mapping["judgements"]["governance"] = "Good"
    mapping["cases"]["assessment"] = {"engagement": {"yes": 10, "of": 20}, "safety": {"yes": 17, "of": 20}}
    answer = ratings.Engine(str(KINDS)).gap(mapping, "Outstanding", standard="quality")
    assert answer.reachable and answer.extra == 6  # 10 -> 16 of 20 (80%) lifts Assessment, hence Quality
    assert answer.result.standards["quality"].rating == "Outstanding"


def test_confidence_refuses_the_mean_method_in_one_line_naming_the_rule():
    with pytest.raises(ratings.RatingsError) as info:
        ratings.Engine(str(KINDS)).confidence(LIMITED)
    assert "planning-case-rating" in str(info.value) and "\n" not in str(info.value)


def test_confidence_works_when_the_mean_method_is_not_used():
    mapping = copy.deepcopy(LIMITED)
    mapping["cases"]["planning"] = "not rated"
    answer = ratings.Engine(str(KINDS)).confidence(mapping)
    assert abs(sum(answer.overall.values()) - 1) < 1e-9
    assert answer.overall["Outstanding"] == 0.0 and answer.overall["Good"] == 0.0  # limited by governance


def test_unknowns_propagate_through_derived_standards_and_the_overall_limit():
    mapping = copy.deepcopy(LIMITED)
    mapping["judgements"]["governance"] = "unknown"
    result = ratings.rate(mapping, str(KINDS))
    assert result.overall is None
    # Inadequate governance limits the overall; Requires improvement limits Planning, hence Quality
    assert [str(r) for r in result.possible.overall] == ["Requires improvement", "Good", "Outstanding"]
    assert result.standards["quality"].rating is None  # Planning's limit depends on governance
    assert [str(r) for r in result.possible.standards["quality"]] == ["Good", "Outstanding"]


def test_verify_checks_overall_limited_by(tmp_path):
    path = tmp_path / "published.yaml"
    path.write_text(json.dumps({**LIMITED, "rules": str(KINDS), "published": {
        "overall": "Requires improvement", "overall_limited_by": "overall-limited-by-governance",
        "capped_by": {"planning": "planning-limited-by-governance"}}}))
    run = CliRunner().invoke(main, ["verify", str(path), "--format", "json"])
    assert run.exit_code == 0, run.output
    assert json.loads(run.stdout)["agree"] == 1


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_the_fast_path_equals_the_ordinary_path_for_every_new_kind(data):
    rules = ratings.load_rules(str(KINDS))
    fast_path_agrees(rules, data.draw(inspections(rules, not_rated=True, results="either", edges=True)))


def test_a_rule_set_outside_the_package_rates_explains_gaps_and_verifies_through_rules_path(tmp_path):
    path = tmp_path / "limited.yaml"
    path.write_text(json.dumps({**LIMITED, "published": {"overall": "Requires improvement",
                                                        "overall_limited_by": "overall-limited-by-governance"}}))
    runner = CliRunner()
    rate = runner.invoke(main, ["rate", str(path), "--rules", str(KINDS), "--format", "json"])
    assert rate.exit_code == 0, rate.output
    assert json.loads(rate.stdout)["overall_limited_by"] == "overall-limited-by-governance"
    text = runner.invoke(main, ["rate", str(path), "--rules", str(KINDS)])
    assert "From the score alone it would be Good." in " ".join(text.stdout.split())
    gap = runner.invoke(main, ["gap", str(path), "--rules", str(KINDS), "--target", "Good", "--format", "json"])
    assert gap.exit_code == 0 and json.loads(gap.stdout)["reachable"] is False
    verify = runner.invoke(main, ["verify", str(path), "--rules", str(KINDS)])
    assert verify.exit_code == 0 and "1 agree, 0 disagree" in verify.stdout
    check = runner.invoke(main, ["rules", "check", str(KINDS)])
    assert check.exit_code == 0 and "2 judged, 2 case and 1 derived standards, 5 decision rules" in check.stdout
    card = runner.invoke(main, ["rules", "show", str(KINDS)])
    assert "The overall rating is at most Good when fewer than 3 of Governance, Staff, Assessment, Planning " \
           "are Outstanding or higher." in " ".join(card.stdout.split())


def test_the_margin_of_a_limited_case_standard_is_measured_from_its_limited_rating():
    planning = ratings.rate(LIMITED, str(KINDS)).standards["planning"]
    assert (planning.rating, planning.unlimited) == ("Good", "Outstanding")
    # the mean of 95 and 85 is 90; below 65 takes a sum below 130: 11 cases of 5 points; more cases cannot
    # raise it past the limit
    assert (planning.margin.down, planning.margin.up, planning.margin.up_points) == (11, None, None)


def test_the_margin_says_what_the_method_bands():
    """A standard rated by the mean of its key questions: the margin speaks of the mean, not of the lowest
    result (the mean of 90 and 50 is 70, 5 points above Good's 65; the lowest, 66, is 1 point above it)."""
    text = CliRunner().invoke(main, ["rate", "-"], input=json.dumps({
        "rules": str(HERE / "rulesets" / "kinds.yaml"), "judgements": {"governance": "Good", "staff": "Good"},
        "cases": {"assessment": {"engagement": 70, "safety": 66}, "planning": {"engagement": 90, "safety": 50}}})
    ).stdout
    assert "Margin: the mean of its results is 5 points above its band's threshold" in text
    assert "Margin: its lowest result is 1 point above its band's threshold" in text


def test_a_margin_says_what_it_counts():
    """In cases it names the judgements; in percentage points, the measure's own distance down and the points
    needed in all up (a sum over key questions, never read as the lowest one's distance); one point, not one
    points; a result at the edge is at it, not '0 points above'."""
    from fractions import Fraction

    from ratings.kinds.moves import Margin

    assert Margin(2, 3, None, None, False).sentence() == \
        "Margin: 2 fewer 'Yes' judgements would lower it; 3 more 'Yes' judgements would raise it."
    assert Margin(1, None, None, None, False).note() == "margin -1 case"
    assert Margin(None, None, Fraction(0), Fraction(24), False).note() == \
        "its lowest result at its band's edge; 24 points more in all to the next band"
    assert Margin(None, None, Fraction(1), None, False, "the mean of its results").note() == \
        "the mean of its results 1 point above its band's edge"
    assert Margin(None, None, Fraction(0), Fraction(1), False).sentence() == \
        "Margin: its lowest result is at its band's threshold; 1 point more in all would raise it."
    assert Margin(None, None, 1, 2, True, "its score", scored=True).note() == "margin -1/+2 points (near an edge)"
