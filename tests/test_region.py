"""The regional rule set hmip-probation-region-2023: listed with its dates, chosen by its service and the
fieldwork date, scored out of 24, and honest that most of its rules are assumed."""

from __future__ import annotations

import pytest

import ratings
from ratings.frontends.cli import main

from conftest import CliRunner, every_judgement_good

REGION = "hmip-probation-region-2023"


def minimal(rules):
    return every_judgement_good(rules, 70)


def test_rules_list_shows_the_regional_rule_set_with_its_service_and_dates():
    run = CliRunner().invoke(main, ["rules", "list"])
    line = next(x for x in run.stdout.splitlines() if x.startswith(REGION))
    assert line.split()[1:5] == ["probation-region", "2023-10-01", "to", "2025-10-31"]


@pytest.mark.parametrize("day", ["2023-10", "2024-06-10", "2025-10-31"])
def test_the_fieldwork_date_chooses_it_for_a_region(day):
    rules = ratings.load_rules(REGION)
    result = ratings.rate({"service": "probation-region", "fieldwork": day, **minimal(rules)})
    assert result.rules.id == REGION


def test_a_date_after_the_regional_inspections_were_paused_names_the_rule_set():
    rules = ratings.load_rules(REGION)
    with pytest.raises(ratings.RatingsError) as info:
        ratings.rate({"service": "probation-region", "fieldwork": "2026-01", **minimal(rules)})
    assert info.value.key == "fieldwork"
    assert "no probation-region rule set was in force during the fieldwork 2026-01 (2026-01-01 to 2026-01-31)" \
        in info.value.message
    assert f"{REGION} (2023-10-01 to 2025-10-31)" in info.value.message


def test_a_pdu_file_is_not_rated_under_it():
    """The regional rule set has its own service: a PDU file dated within its period keeps the PDU rules."""
    pdu = ratings.load_rules("hmip-probation-pdu-2023")
    assert ratings.rate({"fieldwork": "2024-06", **minimal(pdu)}).rules.id == "hmip-probation-pdu-2023"


def test_eight_standards_score_out_of_24_by_the_mean_points_method():
    rules = ratings.load_rules(REGION)
    result = ratings.rate(minimal(rules), rules)
    assert (result.score, result.max_score, result.overall) == (16, 24, "Good")
    assert [s.id for s in rules.standards.values() if s.kind == "judged"] == ["leadership", "staffing"]
    assert [s.id for s in rules.standards.values() if s.kind == "case"] == [
        "desistance", "public_protection", "resettlement", "unpaid_work", "court_work", "victim_work"]


def test_what_is_not_known_is_marked_assumed():
    rules = ratings.load_rules(REGION)
    assumed = dict(rules.assumptions())
    for rule in ("lowest-key-question", "case-bands", "leadership-limited-by-service-delivery", "score",
                 "overall-from-mean-points"):
        assert assumed[rule] == "assumed", rule
    for sid in ("desistance", "public_protection", "resettlement", "unpaid_work", "court_work", "victim_work"):
        assert rules.standards[sid].provenance.confidence == "assumed", sid
    assert rules.provenance.confidence == "assumed"
    assert all(q.paraphrase for s in rules.standards.values() for q in s.key_questions)
