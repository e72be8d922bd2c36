"""Exact arithmetic at the band edges: 50, 65 and 80 exactly, a hair below each, and case counts."""

from __future__ import annotations

from fractions import Fraction

import pytest

import ratings
from ratings.frontends.cli import main

from conftest import CliRunner

RI, GOOD, OUT, INAD = "Requires improvement", "Good", "Outstanding", "Inadequate"


def assessment_rating(value, other=90):
    inspection = {
        "rules": "hmip-probation-pdu-2021",
        "judgements": {s: "Good" for s in ("leadership", "staff", "services", "information_and_facilities")},
        "cases": {s: {"engagement": 90, "desistance": 90, "keeping_safe": 90}
                  for s in ("court_work", "planning", "implementation_and_delivery", "reviewing")},
    }
    inspection["cases"]["assessment"] = {"engagement": other, "desistance": other, "keeping_safe": value}
    return ratings.rate(inspection).standards["assessment"].rating


@pytest.mark.parametrize("value, expected", [
    (0, INAD), (50, RI), (65, GOOD), (80, OUT), (100, OUT),
    (Fraction(4999, 100), INAD), (Fraction(6499, 100), RI), (Fraction(7999, 100), GOOD),
    (Fraction(49999999, 10**6), INAD), (Fraction(64999999, 10**6), RI), (Fraction(79999999, 10**6), GOOD),
    (Fraction(5000001, 10**5), RI),
])
def test_percent_at_and_just_below_each_edge(value, expected):
    assert assessment_rating(value) == expected


@pytest.mark.parametrize("yes, of, expected", [
    (17, 34, RI),     # exactly 50%
    (16, 34, INAD),   # 47.1%
    (22, 34, RI),     # 64.7%: printed as 65% in a report, but below the Good band
    (23, 34, GOOD),   # 67.6%
    (13, 20, GOOD),   # exactly 65%
    (27, 34, GOOD),   # 79.4%: printed as 79%
    (4, 5, OUT),      # exactly 80%
    (1, 3, INAD),     # 33.3...%: no terminating decimal at all
    (2, 3, GOOD),     # 66.6...%
    (0, 1, INAD), (1, 1, OUT),
])
def test_counts_are_exact_fractions(yes, of, expected):
    assert assessment_rating({"yes": yes, "of": of}) == expected


@pytest.mark.parametrize("value, expected", [
    (0.65 * 100, GOOD),          # 65.00000000000001 as a float: above the edge, as written
    (65.0, GOOD), (64.99999999999999, RI), (50.0, RI), (49.99999999999999, INAD), (80.0, OUT),
])
def test_python_floats_are_read_as_the_decimal_they_print_as(value, expected):
    assert assessment_rating(value) == expected


@pytest.mark.parametrize("text, expected", [
    ("50", RI), ("50.0", RI), ("49.9999999999999999999", INAD), ("65.000", GOOD), ("6.5e1", GOOD),
    ("64.99999999999999999999", RI), ("80", OUT), ("79.999999999999999999", GOOD),
    ("{yes: 17, of: 34}", RI), ("{yes: 22, of: 34}", RI),
])
def test_file_values_are_exact_at_the_edges(tmp_path, text, expected):
    path = tmp_path / "edge.yaml"
    path.write_text(f"""rules: hmip-probation-pdu-2021
judgements: {{leadership: Good, staff: Good, services: Good, information_and_facilities: Good}}
cases:
  court_work: not rated
  assessment: {{engagement: 90, desistance: 90, keeping_safe: {text}}}
  planning: {{engagement: 90, desistance: 90, keeping_safe: 90}}
  implementation_and_delivery: {{engagement: 90, desistance: 90, keeping_safe: 90}}
  reviewing: {{engagement: 90, desistance: 90, keeping_safe: 90}}
""")
    assert ratings.rate(path).standards["assessment"].rating == expected
    run = CliRunner().invoke(main, ["rate", str(path), "--format", "json"])
    assert run.exit_code == 0
    assert f'"rating": "{expected}"' in run.stdout


def test_the_lowest_key_question_drives_the_rating_even_when_others_are_high():
    assert assessment_rating(49, other=100) == INAD
    assert assessment_rating(100, other=49) == INAD


def test_key_questions_without_applicable_cases_are_left_out():
    assert assessment_rating(None, other=70) == GOOD
    rules = ratings.load_rules("hmip-probation-pdu-2021")
    mapping = {
        "rules": rules.id,
        "judgements": {s: "Good" for s in ("leadership", "staff", "services", "information_and_facilities")},
        "cases": {s: {"engagement": None, "desistance": None, "keeping_safe": None}
                  for s in ("court_work", "assessment", "planning", "implementation_and_delivery", "reviewing")},
    }
    result = ratings.rate(mapping)
    assert all(result.standards[s].rating == "Not rated" for s in mapping["cases"])
    assert (result.score, result.max_score, result.overall) == (8, 12, "Good")
    reasons = [t.reason for t in result.trace if t.standard == "assessment"]
    assert reasons == ["2.2 Assessment is Not rated: none of its key questions had applicable cases, "
                       "so it is neither scored nor counted."]


@pytest.mark.parametrize("score, n, expected", [
    (4, 8, INAD), (5, 8, RI), (12, 8, RI), (13, 8, GOOD), (20, 8, GOOD), (21, 8, OUT),   # out of 24
    (4, 9, INAD), (5, 9, RI), (13, 9, RI), (14, 9, GOOD), (22, 9, GOOD), (23, 9, OUT),   # out of 27
    (3, 7, INAD), (4, 7, RI), (10, 7, RI), (11, 7, GOOD), (17, 7, GOOD), (18, 7, OUT),   # out of 21
    (6, 12, INAD), (7, 12, RI), (18, 12, RI), (19, 12, GOOD), (30, 12, GOOD), (31, 12, OUT),  # out of 36
    (5, 10, INAD), (6, 10, RI), (15, 10, RI), (16, 10, GOOD), (25, 10, GOOD), (26, 10, OUT),  # out of 30
])
def test_overall_bands_reproduce_the_published_score_tables(score, n, expected):
    rules = ratings.load_rules("hmip-probation-pdu-2021")
    assert rules.overall.rate(score, n, 3)[0] == expected
