"""The case-rating method ``reported`` (a case standard whose results are reported but which is not rated),
through every front door: the worked cases of tests/worked/reported.tests.yaml (collected by the plugin), the
text and JSON, the analyses (gap, confidence, unknowns, verify, diff) and the fast path, on
tests/rulesets/reported.yaml; and the bundled rule set that uses it, hmip-youth-2018-small."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from hypothesis import given, settings, strategies as st

import ratings
from ratings.analyses.diff import diff
from ratings.frontends.cli import main
from ratings.testing import inspections

from conftest import EXAMPLES, CliRunner, fast_path_agrees

RULES = Path(__file__).parent / "rulesets" / "reported.yaml"
PILOT = {"name": "Pilot", "judgements": {"leadership": "Good"},
         "cases": {"assessment": {"engagement": {"yes": 14, "of": 20}, "safety": {"yes": 13, "of": 20}},
                   "pilot": {"engagement": {"yes": 3, "of": 4}, "safety": {"yes": 1, "of": 4}}}}


def test_the_text_shows_the_results_and_says_why_it_is_not_rated():
    result = ratings.rate(PILOT, str(RULES))
    pilot = result.standards["pilot"]
    assert (str(pilot.rating), pilot.counted, pilot.margin) == ("Not rated", False, None)
    entry = next(t for t in result.trace if t.standard == "pilot")
    assert entry.rule == "pilot-reported"
    assert entry.reason == ("Pilot work is Not rated: it is reported but not rated (the pilot's sample is too small "
                            "to rate), so it is neither scored nor counted, whatever its key questions' results. Rule "
                            "pilot-reported is assumed, not confirmed.")
    run = CliRunner().invoke(main, ["rate", "-", "--rules", str(RULES)], input=json.dumps(PILOT))
    assert run.exit_code == 0, run.output
    lines = run.stdout.splitlines()
    assert "  Pilot work      Not rated  reported, not rated: engagement 3 of 4 (75%), safety 1 of 4 (25%)" in lines
    assert "       1 of 4 (25%)  safety      Does the pilot keep people safe?" in lines  # in the reasons
    assert "Decision rule leadership-limited-by-pilot does not apply to Leadership: Pilot work is Not rated;" \
        in run.stdout


def test_json_gives_the_results_and_no_rating():
    data = ratings.rate(PILOT, str(RULES)).to_dict()
    pilot = data["standards"]["pilot"]
    assert (pilot["rating"], pilot["points"], pilot["counted"], pilot["lowest"]) == ("Not rated", None, False, None)
    assert pilot["percentages"] == {"engagement": 75.0, "safety": 25.0}
    assert pilot["counts"] == {"engagement": {"yes": 3, "of": 4}, "safety": {"yes": 1, "of": 4}}
    assert "margin" not in pilot
    # the derived standard and the decision rule read it as Not rated: neither is affected
    assert data["standards"]["casework"]["rating"] == "Good"
    assert data["standards"]["leadership"]["capped_by"] is None
    assert (data["score"], data["max_score"], data["overall"]) == (4, 6, "Good")


def test_gap_raises_the_rated_standards_and_says_no_case_work_rates_the_reported_one():
    engine = ratings.Engine(str(RULES))
    overall = engine.gap(PILOT, "Outstanding")
    assert not overall.reachable and "Pilot work is Not rated" in overall.reason
    own = engine.gap(PILOT, "Good", standard="pilot")
    assert not own.reachable and own.reason == "Pilot work is Not rated: it has no cases to add"
    casework = engine.gap(PILOT, "Outstanding", standard="casework")
    assert casework.reachable and {c.standard for c in casework.changes} == {"assessment"}


def test_confidence_says_not_rated_for_certain_and_needs_no_case_numbers_for_it():
    answer = ratings.Engine(str(RULES)).confidence(PILOT)
    assert answer.standards["pilot"] == {"Outstanding": 0.0, "Good": 0.0, "Requires improvement": 0.0,
                                         "Inadequate": 0.0, "Not rated": 1.0}
    assert abs(sum(answer.overall.values()) - 1) < 1e-9
    as_percentages = copy.deepcopy(PILOT)
    as_percentages["cases"]["pilot"] = {"engagement": 75, "safety": 25}  # no numbers of cases: not needed
    assert ratings.Engine(str(RULES)).confidence(as_percentages).standards["pilot"]["Not rated"] == 1.0


def test_unknowns_leave_it_not_rated_with_a_witness():
    for value in ({"engagement": {"yes": 3, "of": 4}, "safety": "unknown"}, "unknown"):
        mapping = copy.deepcopy(PILOT)
        mapping["cases"]["pilot"] = value
        mapping["judgements"]["leadership"] = "unknown"
        result = ratings.rate(mapping, str(RULES))
        assert str(result.standards["pilot"].rating) == "Not rated"
        assert [str(r) for r in result.possible.overall] == ["Requires improvement", "Good"]


def test_verify_agrees_with_a_published_not_rated(tmp_path):
    path = tmp_path / "published.yaml"
    path.write_text(json.dumps({**PILOT, "rules": str(RULES),
                                "published": {"ratings": {"pilot": "Not rated"}, "overall": "Good"}}))
    run = CliRunner().invoke(main, ["verify", str(path)])
    assert run.exit_code == 0 and "1 agree, 0 disagree" in run.stdout


def test_a_diff_of_the_rule_set_with_itself_finds_nothing():
    rules = ratings.load_rules(str(RULES))
    assert diff(rules, rules, max_seconds=None).differ == 0


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_the_fast_path_equals_the_ordinary_path(data):
    rules = ratings.load_rules(str(RULES))
    mapping = data.draw(inspections(rules, not_rated=True, results="either", edges=True))
    for fast in fast_path_agrees(rules, mapping):
        assert str(fast.standards["pilot"].rating) == "Not rated"


def test_the_fast_path_refuses_what_the_loader_refuses():
    mapping = copy.deepcopy(PILOT)
    mapping["cases"]["pilot"]["safety"] = 101
    results = ratings.Engine(str(RULES)).rate_many([mapping], errors="return")
    assert isinstance(results[0], ratings.RatingsError)
    assert "cases.pilot.safety: the percentage 101 is over 100" in str(results[0])


def test_the_rule_card_names_the_method():
    card = CliRunner().invoke(main, ["rules", "show", str(RULES)]).stdout
    assert "Pilot work [pilot-reported]: method reported" in card
    assert "Pilot work [pilot]: case (case-bands, reported)" in card


# ------------------------------------------------------------------------------- hmip-youth-2018-small

SMALL = EXAMPLES / "youth-small-2019.yaml"


def test_a_small_service_is_chosen_by_its_service_and_date_and_nothing_is_rated():
    result = ratings.rate(SMALL)
    assert result.rules.id == "hmip-youth-2018-small"
    assert {str(s.rating) for s in result.standards.values()} == {"Not rated"}
    assert (result.score, result.max_score, str(result.overall)) == (0, 0, "Not rated")
    assert result.standards["court_assessment"].results["desistance"].yes == 5  # reported as given


def test_the_same_file_under_the_full_framework_gives_what_the_case_ratings_would_have_been():
    full = ratings.rate(SMALL, "hmip-youth-2018")
    assert str(full.standards["court_planning"].rating) == "Requires improvement"  # 3 of 6 is 50%
    assert str(full.standards["out_of_court_assessment"].rating) == "Good"  # 3 of 4 is 75%
    assert full.max_score == 21  # the seven case standards; the judgements are 'not rated'


def test_a_small_service_cannot_reach_a_rating_by_case_work():
    answer = ratings.gap(SMALL, "Inadequate")
    assert not answer.reachable


def test_coverage_lists_only_what_some_inspection_can_exercise():
    """The bands of standards never rated, and the overall's when no counted standard can be rated, are not
    items that worked cases could cover."""
    from ratings.analyses.coverage import coverage_of_paths

    [small] = coverage_of_paths(["hmip-youth-2018-small"])
    assert (small.cases, small.items) == (3, ())
    [youth] = coverage_of_paths(["hmip-youth-2025"])
    assert youth.covered == len(youth.items) == 9  # four bands, V1, four overall bands
