"""Every worked case shipped beside the rule sets (rules/tests/*.yaml) is collected and must pass; a failing
case names the file and line, the case, the standard, and the expected and actual values."""

from __future__ import annotations

import json

import pytest

import ratings
from ratings.analyses.worked_cases import bundled_case_files, load_worked_cases, run_worked_case
from ratings.frontends.cli import main

from conftest import ROOT, CliRunner


def collected():
    for path in bundled_case_files():
        rules, cases = load_worked_cases(path)
        for case in cases:
            yield pytest.param(rules, case, id=f"{path.stem}: {case.name}")


@pytest.mark.parametrize("rules, case", list(collected()))
def test_worked_case(rules, case):
    outcome = run_worked_case(rules, case)
    assert outcome.passed, "\n".join(outcome.failures)


def test_every_bundled_rule_set_has_worked_cases():
    assert {p.stem for p in bundled_case_files()} == {r.id for r in ratings.bundled_rule_sets()}


def test_a_failing_case_names_file_case_standard_expected_and_actual(tmp_path):
    text = (ROOT / "rules" / "tests" / "hmip-probation-pdu-2021.yaml").read_text()
    text = text.replace("        leadership: Requires improvement\n", "        leadership: Good\n", 1)
    path = tmp_path / "cases.yaml"
    path.write_text(text)
    outcomes = ratings.run_worked_cases(path)
    failed = [o for o in outcomes if not o.passed]
    assert len(failed) == 1
    line = text.splitlines().index("        leadership: Good") + 1
    assert failed[0].failures == (f"{path}:{line}: worked case 'Cheshire West PDU (HMIP, June 2023)': standard "
                                  "leadership: expected Good, got Requires improvement",)
    run = CliRunner().invoke(main, ["rules", "test", str(path)])
    assert run.exit_code == 1
    assert f"Error: {path}:{line}: worked case 'Cheshire West PDU" in run.stderr
    assert "5 worked cases: 4 passed, 1 failed" in run.stdout


def test_worked_case_files_are_validated(tmp_path):
    path = tmp_path / "cases.yaml"
    path.write_text("rules: hmip-probation-pdu-2021\nworked_cases:\n  - name: x\n    inspection: {}\n"
                    "    expect: {ratings: {leadrship: Good}, overall: Grand}\n")
    with pytest.raises(ratings.RatingsError) as info:
        ratings.run_worked_cases(path)
    messages = [str(p) for p in info.value.problems]
    assert messages == [
        f"{path}:5: worked_cases[0].expect.ratings.leadrship: unknown key 'leadrship'; did you mean 'leadership'?",
        f"{path}:5: worked_cases[0].expect.overall: unknown rating 'Grand'; expected 'Outstanding', 'Good', "
        "'Requires improvement', 'Inadequate' or 'Not rated'",
    ]


def test_a_worked_case_with_unknowns_goes_the_way_unknowns_go(tmp_path):
    """Issue 23 (3): a worked case with `unknown` inputs is rated as an inspection file with them is (what
    remains possible), never a traceback: it passes when every filling-in meets its expectation, and otherwise
    fails saying what remains possible; coverage leaves it out, saying so."""
    path = tmp_path / "unknowns.tests.yaml"
    path.write_text("rules: cqc-adult-social-care-2014\nworked_cases:\n"
                    "  - name: safe unknown, the overall open\n"
                    "    inspection: {judgements: {safe: unknown, effective: Good, caring: Outstanding,\n"
                    "                              responsive: Outstanding, well_led: Good, regulations: Met}}\n"
                    "    expect: {overall: Outstanding}\n"
                    "  - name: safe unknown, caring settled\n"
                    "    inspection: {judgements: {safe: unknown, effective: Good, caring: Outstanding,\n"
                    "                              responsive: Outstanding, well_led: Good, regulations: Met}}\n"
                    "    expect: {ratings: {caring: Outstanding}}\n")
    run = CliRunner().invoke(main, ["rules", "test", str(path)])
    assert run.exit_code == 1
    assert run.stdout.splitlines()[-1] == "2 worked cases: 1 passed, 1 failed"
    assert run.stderr == (f"Error: {path}:6: worked case 'safe unknown, the overall open': overall: expected "
                          "Outstanding, got Requires improvement or Good or Outstanding (unknowns)\n")
    cover = CliRunner().invoke(main, ["rules", "coverage", str(path), "--format", "json"])
    [report] = json.loads(cover.stdout)["rule_sets"]
    assert (report["cases"], report["skipped"]) == (0, ["safe unknown, the overall open",
                                                        "safe unknown, caring settled"])
