"""Frameworks that publish no score, or no overall rating (issue 22): `score: none` and `overall: none`.

HMI Prisons' healthy prison tests, HMICFRS's PEEL and the Care Inspectorate grade areas and stop there. The
engine must say that such a framework has no score or overall rating, never invent one (an overall 'Not
rated', a score of 0/0), and every output and analysis must work without them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ratings
from ratings.frontends.cli import main
from ratings.model.words import NO_OVERALL, NO_SCORE

from conftest import ROOT, CliRunner, fast_path_agrees

PRISONS = ROOT / "docs" / "example-rules" / "hmi-prisons-healthy-prison-tests.yaml"
HMP = ROOT / "docs" / "example-rules" / "hmp-example.yaml"
#: a small rule set with case standards, a score and an overall rating from the mean points (min_rated taken
#: out): the tests' own, whose worked cases are tests/worked/min-rated.tests.yaml
MEAN = (ROOT / "tests" / "rulesets" / "min-rated.yaml").read_text().replace("  min_rated: 3\n", "")
MINI_INSPECTION = {
    "judgements": {"leadership": "Good", "staff": "Requires improvement"},
    "cases": {"assessment": {"engagement": {"yes": 14, "of": 20}, "keeping_safe": {"yes": 11, "of": 20}},
              "planning": {"engagement": {"yes": 17, "of": 20}, "keeping_safe": {"yes": 12, "of": 20}}}}


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def prisons() -> ratings.RuleSet:
    return ratings.load_rules(PRISONS)


@pytest.fixture()
def score_only(tmp_path) -> Path:
    """A rule set with case standards and a score, and no overall rating."""
    path = tmp_path / "score-only.yaml"
    path.write_text(MEAN[:MEAN.index("\noverall:")].replace("id: min-rated-2026", "id: score-only")
                    + "\noverall: none\n")
    return path


@pytest.fixture()
def with_overall(tmp_path) -> Path:
    path = tmp_path / "with-overall.yaml"
    path.write_text(MEAN)
    return path


def test_a_result_has_no_score_and_no_overall_and_its_json_keeps_the_keys(prisons):
    result = ratings.rate(HMP)
    assert (result.score, result.max_score, result.overall, result.overall_limited_by) == (None, None, None, None)
    assert [str(result.standards[s].rating) for s in prisons.standards] == [
        "Not sufficiently good", "Reasonably good", "Poor", "Reasonably good"]
    data = result.to_dict()
    assert (data["score"], data["max_score"], data["overall"]) == (None, None, None)
    hmip = ratings.rate(ROOT / "examples" / "cheshire-west-2023.yaml").to_dict()
    assert set(data) == set(hmip) - {"information"}  # (Cheshire West reports a standard for information)


def test_no_trace_sentence_speaks_of_a_score_or_an_overall_rating():
    result = ratings.rate(HMP)
    assert [e.step for e in result.trace] == ["judgement"] * 4
    assert all(e.standard is not None for e in result.trace)


def test_the_page_says_there_is_none_rather_than_inventing_one():
    text = invoke("rate", HMP).stdout
    assert f"Overall rating                       {NO_OVERALL}" in text
    assert f"Score                                {NO_SCORE}" in text
    assert "Not assessed" not in text.split("Healthy prison tests")[0]  # no overall 'Not rated' (its word here)
    assert "0/0" not in text


def test_the_rule_card_says_there_is_none():
    text = invoke("rules", "show", PRISONS).stdout
    assert f"Score: {NO_SCORE}" in text and f"Overall rating: {NO_OVERALL}" in text
    assert "points" not in text.split("Rating scale")[1].split("Standards")[0]  # nothing is scored


def test_the_fast_path_agrees_without_score_or_overall(prisons, score_only):
    mapping = {"judgements": {"safety": "Good", "respect": "Poor", "purposeful_activity": "Not assessed",
                              "rehabilitation_and_release_planning": "Reasonably good"}}
    assert fast_path_agrees(prisons, mapping)[1].overall is None
    fast = fast_path_agrees(ratings.load_rules(score_only), MINI_INSPECTION)[1]
    assert (fast.score, fast.max_score, fast.overall) == (5, 12, None)


def test_a_score_without_an_overall_rating(score_only, with_overall):
    """Everything but the overall rating is as it is under the same rule set with one."""
    without = ratings.rate({**MINI_INSPECTION, "rules": str(score_only)})
    withit = ratings.rate({**MINI_INSPECTION, "rules": str(with_overall)})
    assert (without.score, without.max_score, without.overall) == (withit.score, withit.max_score, None)
    assert withit.overall is not None
    assert {s: str(r.rating) for s, r in without.standards.items()} == \
        {s: str(r.rating) for s, r in withit.standards.items()}
    assert [e.step for e in without.trace] == [e.step for e in withit.trace if e.step != "overall"]


def test_gap_asks_for_a_standard_when_there_is_no_overall_rating(score_only, tmp_path):
    path = tmp_path / "mini.yaml"
    path.write_text(json.dumps({**MINI_INSPECTION, "rules": str(score_only)}))
    run = invoke("gap", path, "--target", "Good")
    assert (run.exit_code, run.stdout) == (1, "")
    assert run.stderr == ("Error: score-only gives no overall rating ('overall: none'): name the standard to "
                          "raise (--standard ID; standard= in the library)\n")
    answer = ratings.gap(path, "Good", standard="assessment")
    assert answer.reachable and answer.extra == 2  # keeping_safe 11 -> 13 of 20 reaches 65%
    assert "overall none (this framework gives no overall rating)" in \
        invoke("gap", path, "--target", "Good", "--standard", "assessment").stdout


def test_confidence_gives_no_overall_distribution(score_only, tmp_path):
    path = tmp_path / "mini.yaml"
    path.write_text(json.dumps({**MINI_INSPECTION, "rules": str(score_only)}))
    data = json.loads(invoke("confidence", path, "--format", "json").stdout)
    assert data["overall"] is None and data["estimate"]["overall"] is None
    assert abs(sum(data["standards"]["assessment"].values()) - 1) < 1e-9
    text = invoke("confidence", path).stdout
    assert f"Overall: {NO_OVERALL}" in text and "\n  Overall  " not in text


def test_unknowns_leave_nothing_of_a_score_or_overall_to_be_possible(tmp_path):
    path = tmp_path / "unknown.yaml"
    path.write_text(HMP.read_text().replace("safety: Not sufficiently good\n  respect", "safety: unknown\n  respect",
                                            1).replace("./hmi", f"{PRISONS.parent}/hmi"))
    result = ratings.rate(path)
    assert result.standards["safety"].rating is None
    assert (result.score, result.overall) == (None, None)
    possible = result.to_dict()["possible"]
    assert (possible["overall"], possible["score"]) == (None, None)
    assert "max_score" not in possible
    assert all(e.step not in ("score", "overall") for e in result.trace)


def test_verify_compares_what_the_framework_has():
    run = invoke("verify", HMP)
    assert (run.exit_code, run.stdout.splitlines()[0].split()[0]) == (0, "agrees")


def test_diff_compares_the_overall_rating_only_when_both_have_one(score_only, with_overall):
    run = invoke("rules", "diff", with_overall, score_only)
    assert run.stdout.splitlines()[0] == f"Only {with_overall} gives an overall rating: it is not compared."
    assert run.exit_code == 0  # every output both give agrees
    data = json.loads(invoke("rules", "diff", with_overall, score_only, "--format", "json").stdout)
    assert data["not_compared"] == ["overall"] and data["differ"] == 0
    same = json.loads(invoke("rules", "diff", with_overall, with_overall, "--format", "json").stdout)
    assert "not_compared" not in same  # rule sets alike in shape: the JSON is as it was


def test_the_report_leaves_out_what_the_framework_does_not_have(tmp_path):
    out = tmp_path / "report.html"
    assert invoke("report", HMP, "-o", out).exit_code == 0
    page = out.read_text()
    assert '<p class="overall">' not in page and "Score none" not in page
    assert "Ratings of HMP Example</caption>" in page
    assert 'class="total"' not in page.split('id="i1-confidence"')[1]  # no overall row of confidence


def test_the_template_and_schema_offer_no_published_score_or_overall(prisons):
    text = invoke("template", "--rules", PRISONS).stdout
    assert "#   ratings:" in text and "#   score:" not in text and "#   overall:" not in text
    schema = json.loads(invoke("schema", "--rules", PRISONS).stdout)
    published = schema["properties"]["published"]["properties"]
    assert not {"score", "max_score", "overall", "overall_limited_by"} & set(published)
    assert {"ratings", "counts"} <= set(published)


def test_a_rule_set_without_case_standards_needs_no_case_rating_or_bands(prisons):
    assert prisons.case_rating is None and not prisons.band_sets
    assert [r.id for r in prisons.rules()] == []  # nothing but the scale and standards: no rule to cite


def test_none_is_only_a_word_for_score_and_overall(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(PRISONS.read_text().replace("decision_rules: []", "decision_rules: none"))
    with pytest.raises(ratings.RuleSetError, match="decision_rules"):
        ratings.load_rules(path)
