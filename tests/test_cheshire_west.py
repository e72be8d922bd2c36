"""The one full published example on hand: Cheshire West PDU (HMIP, June 2023) must be reproduced exactly."""

from __future__ import annotations

import json

import yaml

import ratings
from ratings.frontends.cli import main

from conftest import CHESHIRE_WEST, CliRunner

PUBLISHED = {
    "leadership": "Requires improvement",
    "staff": "Good",
    "services": "Requires improvement",
    "information_and_facilities": "Good",
    "court_work": "Not rated",
    "assessment": "Inadequate",
    "planning": "Inadequate",
    "implementation_and_delivery": "Inadequate",
    "reviewing": "Requires improvement",
}


def test_every_published_rating_is_reproduced():
    result = ratings.rate(CHESHIRE_WEST)
    assert {sid: s.rating for sid, s in result.standards.items()} == PUBLISHED
    assert (result.score, result.max_score) == (7, 24)
    assert result.overall == "Requires improvement"
    assert result.rules.id == "hmip-probation-pdu-2021"


def test_the_two_caps_are_in_the_trace_with_their_reasons():
    result = ratings.rate(CHESHIRE_WEST)
    caps = {t.standard: t for t in result.trace if t.step == "cap"}
    assert result.standards["leadership"].capped_by == "leadership-limited-by-case-supervision"
    assert result.standards["services"].capped_by == "services-limited-by-implementation-and-delivery"
    assert result.standards["leadership"].judgement == "Good"
    assert caps["leadership"].rule == "leadership-limited-by-case-supervision"
    assert "3 of the 4 rated standards" in caps["leadership"].reason
    assert "2.2 Assessment, 2.3 Planning and 2.4 Implementation and delivery" in caps["leadership"].reason
    assert caps["services"].rule == "services-limited-by-implementation-and-delivery"
    assert "2.4 Implementation and delivery is Inadequate" in caps["services"].reason
    assert "judgement was Good" in caps["services"].reason
    # no other standard was lowered
    assert [sid for sid, s in result.standards.items() if s.capped_by] == ["leadership", "services"]


def test_each_case_standard_names_its_lowest_key_question_and_band():
    result = ratings.rate(CHESHIRE_WEST)
    lowest = {sid: (s.lowest, float(s.results[s.lowest].percent))
              for sid, s in result.standards.items() if s.lowest}
    assert lowest == {"assessment": ("keeping_safe", 32.0), "planning": ("keeping_safe", 38.0),
                      "implementation_and_delivery": ("desistance", 35.0), "reviewing": ("keeping_safe", 59.0)}
    bands = {t.standard: t.reason for t in result.trace if t.step == "band"}
    assert "in the band 50% to under 65% ('too few')" in bands["reviewing"]
    assert "32% of cases, in the band under 50% ('minority')" in bands["assessment"]


def test_score_and_overall_are_explained():
    result = ratings.rate(CHESHIRE_WEST)
    steps = {t.step: t for t in result.trace if t.standard is None}
    assert steps["score"].reason.startswith("Score 7/24")
    assert "2.1 Court work is not counted" in steps["score"].reason
    assert steps["overall"].rule == "overall-from-mean-points"
    assert "scores 5-12 are Requires improvement" in steps["overall"].reason


def test_json_output_has_the_documented_shape():
    run = CliRunner().invoke(main, ["rate", str(CHESHIRE_WEST), "--format", "json"])
    assert run.exit_code == 0, run.output
    data = json.loads(run.stdout)
    assert list(data) == ["name", "rules", "standards", "score", "max_score", "overall", "overall_limited_by",
                          "assumptions", "trace", "information", "dates"]
    assert data["overall_limited_by"] is None
    assert data["name"] == "Cheshire West PDU"
    assert data["rules"] == "hmip-probation-pdu-2021"
    assert list(data["standards"]) == list(PUBLISHED)  # rule-set order, every rated standard
    assert data["standards"]["leadership"] == {
        "name": "Leadership", "rating": "Requires improvement", "points": 1, "counted": True,
        "judgement": "Good", "capped_by": "leadership-limited-by-case-supervision"}
    assert data["standards"]["court_work"]["rating"] == "Not rated"
    assert data["standards"]["court_work"]["points"] is None
    assert data["standards"]["court_work"]["counted"] is False
    assert data["standards"]["assessment"]["lowest"] == {"question": "keeping_safe", "percent": 32.0}
    assert data["standards"]["assessment"]["percentages"] == {"engagement": 71.0, "desistance": 76.0,
                                                              "keeping_safe": 32.0}
    assert (data["score"], data["max_score"], data["overall"]) == (7, 24, "Requires improvement")
    assert all(set(t) >= {"rule", "standard", "reason"} for t in data["trace"])
    assert data["information"]["outcomes"]["percentages"] == {"progress": 53.0}


def test_text_output_is_the_ratings_page_then_the_reasons():
    run = CliRunner().invoke(main, ["rate", str(CHESHIRE_WEST)])
    assert run.exit_code == 0, run.output
    text = run.stdout
    lines = text.splitlines()
    assert lines[0] == "Cheshire West PDU"
    assert "hmip-probation-pdu-2021" in lines[1]
    page, why = text.split("\nWhy\n")
    for number, name, rating in [("1.1", "Leadership", "Requires improvement"), ("1.2", "Staff", "Good"),
                                 ("2.1", "Court work", "Not rated"), ("2.4", "Implementation and delivery",
                                                                      "Inadequate")]:
        row = next(line for line in page.splitlines() if line.startswith(number + " "))
        assert row.split()[1:] [: len(name.split())] == name.split() and rating in row
    assert "7/24" in page and "Requires improvement" in page.splitlines()[3]
    assert "leadership-limited-by-case-supervision" in why
    assert "scores 5-12 are Requires improvement" in " ".join(why.split())


def test_a_mapping_rates_like_the_file():
    from_file = ratings.rate(CHESHIRE_WEST)
    mapping = yaml.safe_load(CHESHIRE_WEST.read_text())
    mapping["fieldwork"] = str(mapping["fieldwork"])
    from_mapping = ratings.rate(mapping)
    assert from_mapping.to_dict() == from_file.to_dict()


def test_the_engine_rates_like_rate(pdu2021):
    engine = ratings.Engine("hmip-probation-pdu-2021")
    mapping = yaml.safe_load(CHESHIRE_WEST.read_text())
    assert engine.rate(CHESHIRE_WEST).to_dict() == ratings.rate(CHESHIRE_WEST).to_dict()
    many = engine.rate_many([CHESHIRE_WEST, mapping])
    assert [r.overall for r in many] == ["Requires improvement"] * 2
    assert many[0].trace == () and many[0].standards == ratings.rate(CHESHIRE_WEST).standards
