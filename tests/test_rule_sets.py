"""Rule sets: the bundled ones load and check; the CLI lists, shows and checks them; a rule set written only
in YAML, outside the package, works through --rules PATH."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

import ratings
from ratings.frontends.cli import main

from conftest import CHESHIRE_WEST, ROOT, CliRunner

MINI = ROOT / "tests" / "rulesets" / "mini.yaml"


def invoke(*args):
    return CliRunner().invoke(main, list(args))


def test_every_bundled_rule_set_passes_check():
    run = invoke("rules", "check", str(ROOT / "rules"))
    assert run.exit_code == 0, run.output
    assert "hmip-probation-pdu-2021.yaml: OK" in run.stdout


def test_rules_list_shows_ids_and_dates():
    run = invoke("rules", "list")
    assert run.exit_code == 0
    assert "hmip-probation-pdu-2021" in run.stdout and "2021-06-01 to 2023-08-31" in run.stdout
    data = json.loads(invoke("rules", "list", "--format", "json").stdout)
    pdu = next(r for r in data if r["id"] == "hmip-probation-pdu-2021")
    assert (pdu["from"], pdu["until"], pdu["service"]) == ("2021-06-01", "2023-08-31", "probation-pdu")


def test_rules_show_is_a_readable_card():
    run = invoke("rules", "show", "hmip-probation-pdu-2021")
    assert run.exit_code == 0
    card = run.stdout
    assert "65% to under 80%  reasonable majority  Good" in card
    assert "under 50%" in card and "80% or more" in card
    assert "Does assessment focus sufficiently on keeping other people safe?" in card
    assert "(paraphrase)" in card  # court work's questions are not on hand
    assert "leadership-limited-by-case-supervision" in card and "at least half of the rated standards" in card
    rows = {line.split()[0]: line.split()[3:] for line in card.splitlines()
            if line.strip() and line.split()[0].isdigit() and "rated)" in line}
    assert rows["27"] == ["0-4", "5-13", "14-22", "23-27"]
    assert rows["24"] == ["0-4", "5-12", "13-20", "21-24"]
    assert rows["3"] == ["0", "1", "2", "3"]


def test_unknown_rule_set_is_a_clear_error():
    run = invoke("rules", "show", "hmip-probation-pdu-2012")
    assert run.exit_code == 1
    assert run.stderr.startswith("Error: no rule set 'hmip-probation-pdu-2012'; did you mean "
                                 "'hmip-probation-pdu-2021'?")


def mini_inspection(tmp_path: Path, rules: str) -> Path:
    path = tmp_path / "mini-inspection.yaml"
    path.write_text(yaml.safe_dump({
        "name": "A test unit", "rules": rules,
        "judgements": {"leadership": "Outstanding", "staff": "Good"},
        "cases": {"assessment": {"engagement": 80, "keeping_safe": 40},
                  "planning": {"engagement": 90, "keeping_safe": 81}},
    }))
    return path


def test_a_rule_set_written_only_in_yaml_works_through_rules_path(tmp_path):
    outside = tmp_path / "elsewhere" / "my-rules.yaml"
    outside.parent.mkdir()
    outside.write_text(MINI.read_text())
    inspection = mini_inspection(tmp_path, "hmip-probation-pdu-2021")
    run = invoke("rate", str(inspection), "--rules", str(outside), "--format", "json")
    assert run.exit_code == 0, run.output
    data = json.loads(run.stdout)
    assert data["rules"] == "mini-2024"
    assert {k: v["rating"] for k, v in data["standards"].items()} == {
        "leadership": "Requires improvement", "staff": "Good", "assessment": "Inadequate",
        "planning": "Outstanding"}
    assert (data["score"], data["max_score"], data["overall"]) == (6, 12, "Requires improvement")


def test_an_inspection_can_name_a_rule_set_file_relative_to_itself(tmp_path):
    (tmp_path / "my-rules.yaml").write_text(MINI.read_text())
    inspection = mini_inspection(tmp_path, "./my-rules.yaml")
    assert ratings.rate(inspection).rules.id == "mini-2024"
    assert ratings.Engine(MINI).rate(inspection).overall == "Requires improvement"


PDU_2023 = {
    "judgements": {"leadership": "Good", "staffing": "Good", "services": "Good"},
    "cases": {s: {"engagement": 70, "desistance": 70, "keeping_safe": 70}
              for s in ("assessment", "planning", "implementation_and_delivery", "reviewing")},
}


def test_without_rules_or_fieldwork_the_newest_probation_rule_set_applies_and_says_so():
    result = ratings.rate(PDU_2023)
    newest = max((r for r in ratings.bundled_rule_sets() if r.service == "probation-pdu"),
                 key=lambda r: r.in_force.start)
    assert result.rules.id == newest.id == "hmip-probation-pdu-2023"
    assert result.to_dict()["rules"] == newest.id
    assert (result.score, result.max_score, result.overall) == (14, 21, "Good")


def test_a_file_that_fits_another_rule_set_is_told_which_one_it_was_checked_against():
    mapping = yaml.safe_load(CHESHIRE_WEST.read_text())
    del mapping["rules"], mapping["fieldwork"]
    try:
        ratings.rate(mapping)
    except ratings.RatingsError as exc:
        assert exc.problems[0].message.startswith("unknown standard 'staff'; did you mean 'staffing'?")
        assert exc.problems[-1].message == (
            "(checked against hmip-probation-pdu-2023, the newest probation-pdu rule set, as the file gives "
            "no rules, fieldwork or publication date; name another with 'rules:')")
    else:
        raise AssertionError("a 2021-framework file must not pass as a 2023 one")


def test_fieldwork_chooses_the_rule_set_in_force():
    mapping = yaml.safe_load(CHESHIRE_WEST.read_text())
    del mapping["rules"]
    mapping["fieldwork"] = "2023-03"
    assert ratings.rate(mapping).rules.id == "hmip-probation-pdu-2021"


def test_load_rules_accepts_ids_paths_and_rule_sets():
    by_id = ratings.load_rules("hmip-probation-pdu-2021")
    by_path = ratings.load_rules(ROOT / "rules" / "hmip-probation-pdu-2021.yaml")
    assert by_id == by_path and ratings.load_rules(by_id) is by_id
    assert list(by_id.standards)[:4] == ["leadership", "staff", "services", "information_and_facilities"]
    assert by_id.standards["outcomes"].kind == "information"


def test_rules_list_groups_rule_sets_by_publisher():
    """Each inspectorate's rule sets under its name, every rule set once; the JSON names the publisher."""
    lines = invoke("rules", "list").stdout.splitlines()
    headings = [i for i, line in enumerate(lines) if line.endswith(":")]
    assert [lines[i] for i in headings] == ["Care Quality Commission:", "HM Inspectorate of Probation:"]
    for start, end in zip(headings, headings[1:] + [len(lines)]):
        publisher = lines[start][:-1]
        ids = [line.split()[0] for line in lines[start + 1:end]]
        assert ids and all(ratings.load_rules(i).publisher == publisher for i in ids)
    data = json.loads(invoke("rules", "list", "--format", "json").stdout)
    assert {r["id"]: r["publisher"] for r in data}["cqc-adult-social-care-2014"] == "Care Quality Commission"
    assert sorted(r["id"] for r in data) == sorted(line.split()[0] for line in lines[1:] if not line.endswith(":"))
