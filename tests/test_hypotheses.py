"""`ratings verify PATH... --rules A --rules B ...` tests rule sets side by side: every file under each, how
many files each is consistent with and which it contradicts, with the values in conflict. The README's
example compares leadership triggers of the 2021 PDU framework on the published result bundled with the
tests; with one `--rules` or none, verify is as it was."""

from __future__ import annotations

import json

import attrs
import pytest
import yaml

import ratings
from ratings.frontends.cli import main

from conftest import CHESHIRE_WEST, ROOT, CliRunner

HALF = "hmip-probation-pdu-2021"  # the bundled rule: at least half of domain two Inadequate
ANY = "docs/example-rules/pdu-2021-leadership-any.yaml"
ALL = "docs/example-rules/pdu-2021-leadership-all.yaml"
PUBLISHED = "examples/cheshire-west-2023.yaml"  # the published result the verify tests use


def verify(*args: str, cwd=ROOT, monkeypatch=None):
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(main, ["verify", *args])


@pytest.mark.parametrize("ref, condition", [
    (ANY, {"at_least_count": 1}), (ALL, {"at_least_share": 1})])
def test_each_hypothesis_is_the_bundled_rule_set_but_for_the_leadership_trigger(ref, condition):
    bundled, hypothesis = ratings.load_rules(HALF), ratings.load_rules(ROOT / ref)
    for field in ("scale", "not_rated", "band_sets", "domains", "standards", "case_rating", "score", "overall",
                  "in_force"):
        assert getattr(hypothesis, field) == getattr(bundled, field), field
    assert hypothesis.decision_rules[1:] == bundled.decision_rules[1:]
    mine, theirs = hypothesis.decision_rules[0], bundled.decision_rules[0]
    assert attrs.evolve(mine, when=theirs.when, provenance=theirs.provenance,
                        description=theirs.description) == theirs
    document = yaml.safe_load((ROOT / ref).read_text())
    assert document["decision_rules"][0]["when"] == {"domain": "court_work_and_case_supervision",
                                                     "at_or_below": "Inadequate", **condition}


def test_the_readme_comparison_on_the_published_result(monkeypatch):
    run = verify(PUBLISHED, "--rules", HALF, "--rules", ANY, "--rules", ALL, "--format", "json",
                 monkeypatch=monkeypatch)
    assert run.exit_code == 0, run.output  # some rule set fits every file
    data = json.loads(run.stdout)
    counts = [(h["rules"], h["id"], h["agree"], h["disagree"], h["unchecked"], h["errors"], h["contradicts"])
              for h in data["rule_sets"]]
    assert counts == [
        (HALF, HALF, 1, 0, 0, 0, []),
        (ANY, "hmip-probation-pdu-2021-leadership-any", 1, 0, 0, 0, []),
        (ALL, "hmip-probation-pdu-2021-leadership-all", 0, 1, 0, 0, [PUBLISHED]),
    ]
    assert data["rule_sets"][2]["files"][0]["differences"] == [
        {"field": "ratings.leadership", "published": "Requires improvement", "computed": "Good"},
        {"field": "score", "published": 7, "computed": 8}]
    assert data["consistent_with_all"] == [HALF, ANY]


def discriminating(tmp_path):
    """An inspection (not a published one) that tells 'at least half' from 'any': one Inadequate among four
    rated domain two standards, Leadership judged and published Good."""
    mapping = yaml.safe_load(CHESHIRE_WEST.read_text())
    mapping["cases"]["planning"] = {"engagement": 70, "desistance": 70, "keeping_safe": 70}
    mapping["cases"]["implementation_and_delivery"] = {"engagement": 70, "desistance": 70, "keeping_safe": 70}
    mapping["published"] = {"ratings": {"leadership": "Good"}}
    path = tmp_path / "one-inadequate.yaml"
    path.write_text(yaml.safe_dump(mapping, sort_keys=False).replace("true:", "'yes':"))
    return path


def test_a_file_that_tells_the_hypotheses_apart(tmp_path, monkeypatch):
    path = discriminating(tmp_path)
    run = verify(str(path), PUBLISHED, "--rules", HALF, "--rules", ANY, monkeypatch=monkeypatch)
    assert run.exit_code == 0, run.output
    assert run.stdout == (
        f"{HALF}: consistent with 2 of 2 files checked; contradicts none\n"
        f"{ANY} (hmip-probation-pdu-2021-leadership-any): consistent with 1 of 2 files checked; contradicts 1:\n"
        f"  {path}\n"
        "    ratings.leadership: published Good, computed Requires improvement\n"
        "\n"
        f"Consistent with every file: {HALF}\n")


def test_when_every_rule_set_contradicts_some_file_the_exit_code_is_1(tmp_path, monkeypatch):
    run = verify(str(discriminating(tmp_path)), PUBLISHED, "--rules", ANY, "--rules", ALL, "--format", "json",
                 monkeypatch=monkeypatch)
    assert run.exit_code == 1
    data = json.loads(run.stdout)
    assert [(h["agree"], h["disagree"]) for h in data["rule_sets"]] == [(1, 1), (1, 1)]
    assert data["consistent_with_all"] == []


def test_a_file_that_cannot_be_rated_is_an_error_under_each_rule_set_and_reported_once(tmp_path, monkeypatch):
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: x\njudgements: {leadership: Grand}\ncases: {}\n")
    run = verify(str(broken), PUBLISHED, "--rules", HALF, "--rules", ANY, "--format", "json",
                 monkeypatch=monkeypatch)
    assert run.exit_code == 1  # no rule set rated every file
    data = json.loads(run.stdout)
    assert [(h["agree"], h["errors"]) for h in data["rule_sets"]] == [(1, 1), (1, 1)]
    errors = run.stderr.splitlines()
    assert errors and all(line.startswith(f"Error: {broken}:") for line in errors)
    assert len(errors) == len(set(errors))


def test_one_rules_option_keeps_verify_as_it_was(monkeypatch):
    run = verify(PUBLISHED, "--rules", ANY, "--format", "json", monkeypatch=monkeypatch)
    assert run.exit_code == 0, run.output
    assert json.loads(run.stdout) == {"agree": 1, "disagree": 0, "unchecked": 0, "errors": 0, "files": [
        {"file": PUBLISHED, "agrees": True, "mode": "exact", "differences": []}]}
    assert verify(PUBLISHED, "--rules", ANY, monkeypatch=monkeypatch).stdout == (
        f"agrees     {PUBLISHED}\n1 agree, 0 disagree, 0 unchecked, 0 errors\n")


def test_a_rule_set_that_cannot_be_loaded_stops_the_comparison(monkeypatch):
    run = verify(PUBLISHED, "--rules", HALF, "--rules", "hmip-probation-pdu-2012", monkeypatch=monkeypatch)
    assert run.exit_code == 1 and run.stdout == ""
    assert run.stderr.startswith("Error: no rule set 'hmip-probation-pdu-2012'; did you mean")


def test_standard_input_cannot_be_compared_under_several_rule_sets(monkeypatch):
    run = verify("-", "--rules", HALF, "--rules", ANY, monkeypatch=monkeypatch)
    assert run.exit_code == 1 and run.stdout == ""
    assert run.stderr == ("Error: standard input can be read only once: save it to a file to verify it under "
                          "several rule sets\n")


def test_published_ranges_and_lists_are_written_in_words_in_the_comparison(tmp_path):
    """A contradicted range or list of ratings reads as the single-rule-set verify writes it ('from 1 to 3',
    'Outstanding or Good'), never as Python's {'between': [1, 3]} or ['Outstanding', 'Good']."""
    mapping = yaml.safe_load(CHESHIRE_WEST.read_text().replace("'yes'", "yes"))
    mapping["fieldwork"] = str(mapping["fieldwork"])
    mapping["published"] = {"score": {"between": [1, 3]}, "overall": ["Outstanding", "Good"]}
    path = tmp_path / "wrong.yaml"
    path.write_text(yaml.safe_dump(mapping), encoding="utf-8")
    run = CliRunner().invoke(main, ["verify", str(path), "--rules", "hmip-probation-pdu-2021",
                                    "--rules", "hmip-probation-pdu-2021"])
    assert "score: published from 1 to 3, computed 7" in run.stdout
    assert "overall: published Outstanding or Good, computed Requires improvement" in run.stdout
    assert "{" not in run.stdout and "[" not in run.stdout
