"""A derived standard by its own rules (``method: first_match``): a category of concern decided from areas'
grades and a finding on another scale, as Ofsted's report cards decide one. Worked out by hand from the rules
in tests/rulesets/concern.yaml: Special measures when safeguarding is not met, or teaching and leadership
both need attention; Requires significant improvement when either does; else No concern."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ratings
from conftest import CliRunner
from ratings.frontends.cli import main

CONCERN = str(Path(__file__).parent / "rulesets" / "concern.yaml")


def rated(teaching: str, leadership: str, safeguarding: str) -> ratings.Result:
    return ratings.rate({"rules": CONCERN, "judgements": {"teaching": teaching, "leadership": leadership,
                                                          "safeguarding": safeguarding}})


@pytest.mark.parametrize("teaching, leadership, safeguarding, category, by", [
    ("Strong", "Expected", "Met", "No concern", "fine"),
    ("Expected", "Needs attention", "Met", "Requires significant improvement", "rsi"),
    ("Needs attention", "Needs attention", "Met", "Special measures", "special-measures"),
    ("Strong", "Strong", "Not met", "Special measures", "special-measures"),
    ("Not rated", "Not rated", "Met", "No concern", "fine"),  # none needs attention: the otherwise rating
])
def test_the_first_rule_that_holds_gives_the_category_and_the_json_names_it(teaching, leadership, safeguarding,
                                                                           category, by):
    result = rated(teaching, leadership, safeguarding)
    out = result.to_dict()["standards"]["category"]
    assert (out["rating"], out["by"], out["scale"], out["counted"]) == (category, by, "concern", False)
    assert out["points"] is None


def test_the_sentence_names_the_rule_that_held_and_why_those_before_did_not():
    result = rated("Expected", "Needs attention", "Met")
    entry, = [e for e in result.trace if e.standard == "category"]
    assert entry.reason == (
        "Category of concern is Requires significant improvement by its rules: rsi applies: 1 of the 2 rated "
        "standards among Teaching and Leadership is at or below Needs attention (Leadership), at least 1, as the "
        "rule requires; special-measures does not apply (none of its conditions holds: Safeguarding is Met, "
        "above Not met; Teaching is Expected, above Needs attention). Rules category and rsi are assumed, not "
        "confirmed.")
    assert {"category", "rsi"} <= {a.rule for a in result.assumptions}


def test_every_path_agrees_and_the_analyses_search_it():
    engine = ratings.Engine(CONCERN)
    mapping = {"judgements": {"teaching": "Expected", "leadership": "Needs attention", "safeguarding": "Met"}}
    fast = engine.rate_many([mapping], trace=True)[0]
    assert json.dumps(fast.to_dict()) == json.dumps(rated("Expected", "Needs attention", "Met").to_dict())
    answer = ratings.gap(dict(mapping, rules=CONCERN), "No concern", standard="category")
    assert answer.reachable is False and "Leadership Needs attention" in answer.reason
    unknown = ratings.rate({"rules": CONCERN, "judgements": {"teaching": "unknown", "leadership": "Strong",
                                                             "safeguarding": "Met"}})
    assert {str(r) for r in unknown.possible.standards["category"]} == {
        "No concern", "Requires significant improvement"}


def test_the_rule_card_lists_its_rules():
    run = CliRunner().invoke(main, ["rules", "show", CONCERN])
    assert run.exit_code == 0
    assert "        Requires significant improvement when at least 1 of the rated standards of Teaching, " \
           "Leadership is Needs attention [rsi]" in run.stdout
    assert "on scale concern, not counted" in run.stdout


def test_from_a_file_it_verifies_and_reports(tmp_path):
    """A rule set outside the package, named by its path: verify compares the category as published, and the
    HTML report shows it on its own scale."""
    inspection = tmp_path / "school.yaml"
    inspection.write_text(f"rules: {CONCERN}\njudgements: {{teaching: Expected, leadership: Needs attention, "
                          "safeguarding: Met}\npublished: {ratings: {category: Requires significant improvement}}\n")
    verify = CliRunner().invoke(main, ["verify", str(inspection), "--strict"])
    assert verify.exit_code == 0 and verify.stdout.startswith("agrees")
    report = CliRunner().invoke(main, ["report", str(inspection), "-o", str(tmp_path / "r.html")])
    assert report.exit_code == 0
    page = (tmp_path / "r.html").read_text()
    assert "Category of concern" in page and "Requires significant improvement" in page
