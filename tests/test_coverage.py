"""`ratings rules coverage`: which bands, decision rules (firing and not firing), derived standards and
score-table rows the worked cases exercise, and which none does, found from what the evaluator reports."""

from __future__ import annotations

import json


import ratings

from ratings.frontends.cli import main

from conftest import ROOT, CliRunner


def coverage(*args: str):
    out = CliRunner().invoke(main, ["rules", "coverage", *args, "--format", "json"])
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)["rule_sets"]


def test_the_2021_pdu_worked_cases_miss_the_overall_extremes():
    """The five bundled worked cases of the 2021 PDU rule set: every case band, both decision rules firing
    and not firing, the overall's Good and Requires improvement bands; never Outstanding or Inadequate
    overall."""
    [report] = coverage("hmip-probation-pdu-2021")
    assert (report["rules"], report["cases"], report["covered"], report["total"]) == \
        ("hmip-probation-pdu-2021", 5, 10, 12)
    assert [(i["kind"], i["what"]) for i in report["not_covered"]] == [
        ("overall band", "overall Outstanding (over 2.5 points)"),
        ("overall band", "overall Inadequate (0.5 points or less)")]
    fired = {i["what"]: i["cases"] for i in report["items"] if i["kind"] == "rule fires"}
    assert fired["services-limited-by-implementation-and-delivery (limits 1.3 Services)"] == \
        ["Cheshire West PDU (HMIP, June 2023)"]


def test_a_new_case_covers_what_was_missing(tmp_path):
    """A worked case rated Outstanding overall, added to a copy of the file, covers that band (found by the
    rule set's path, with the worked cases beside it as NAME.tests.yaml)."""
    (tmp_path / "mine.yaml").write_text((ROOT / "rules" / "hmip-probation-pdu-2021.yaml").read_text())
    cases = (ROOT / "rules" / "tests" / "hmip-probation-pdu-2021.yaml").read_text()
    cases = cases.replace("rules: hmip-probation-pdu-2021", "rules: mine.yaml") + """
  - name: everything Outstanding
    inspection:
      judgements: {leadership: Outstanding, staff: Outstanding, services: Outstanding, information_and_facilities: Outstanding}
      cases:
        court_work: not rated
        assessment: {engagement: 90, desistance: 90, keeping_safe: 90}
        planning: {engagement: 90, desistance: 90, keeping_safe: 90}
        implementation_and_delivery: {engagement: 90, desistance: 90, keeping_safe: 90}
        reviewing: {engagement: 90, desistance: 90, keeping_safe: 90}
    expect: {overall: Outstanding}
"""
    (tmp_path / "mine.tests.yaml").write_text(cases)
    [report] = coverage(str(tmp_path / "mine.yaml"))
    assert report["worked_case_files"] == [str(tmp_path / "mine.tests.yaml")]
    assert (report["cases"], report["covered"]) == (6, 11)
    assert [i["what"] for i in report["not_covered"]] == ["overall Inadequate (0.5 points or less)"]
    # the same, given the worked-case file itself
    assert coverage(str(tmp_path / "mine.tests.yaml"))[0]["covered"] == 11


def test_derived_standards_score_tables_and_limits_on_the_overall(tmp_path):
    """The rule set of every kind (tests/rulesets/kinds.yaml) through the worked cases of tests/worked/: a
    derived standard rated, a rule limiting the overall rating firing; the youth rule set's published score
    table rows."""
    reports = {r["rules"]: r for r in coverage(str(ROOT / "tests" / "worked"))}
    assert set(reports) == {"kinds-2026", "reported-2026", "min-rated-2026", "concern-test", "scored-limit"}
    # a derived standard by its own rules: each rule giving its rating exercised by a worked case
    assert all(i["covered"] for i in reports["concern-test"]["items"] if i["kind"] == "derived")
    fired = [i for i in reports["scored-limit"]["items"] if i["kind"] == "rule fires"]
    assert fired and all(i["covered"] for i in fired)  # the rule reading Safe's items fires in a worked case
    kinds = reports["kinds-2026"]
    assert kinds["cases"] == 14
    covered = {(i["kind"], i["what"]) for i in kinds["items"] if i["covered"]}
    assert ("derived", "Quality of casework rated (from assessment, planning)") in covered
    assert any(kind == "rule fires" and "(limits the overall rating)" in what for kind, what in covered)
    too_few = {i["what"]: i["cases"] for i in reports["min-rated-2026"]["items"]}
    assert too_few["overall Not rated (fewer than 3 counted standards rated)"] == [
        "two of four standards rated is too few for an overall rating"]
    [youth] = coverage("hmip-youth-2021")
    rows = [i for i in youth["items"] if i["kind"] == "score table row"]
    assert [r["what"] for r in rows] == ["out of 36: 0-6 Inadequate", "out of 36: 7-18 Requires improvement",
                                         "out of 36: 19-30 Good", "out of 36: 31-36 Outstanding"]


def test_the_text_lists_each_item_and_what_none_covers():
    out = CliRunner().invoke(main, ["rules", "coverage", "hmip-probation-pdu-2021"])
    assert out.exit_code == 0
    lines = out.stdout.splitlines()
    assert lines[0] == "hmip-probation-pdu-2021: 5 worked cases exercise 10 of 12 (83%)"
    assert "  NOT COVERED  overall band: overall Outstanding (over 2.5 points) (line 202)" in lines


def test_with_no_arguments_every_bundled_rule_set():
    reports = coverage()
    assert len(reports) == len(ratings.bundled_rule_sets()) and all(r["cases"] >= 2 for r in reports)
