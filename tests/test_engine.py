"""The evaluator's rules, each on a small rule set written for the purpose (derived from tests/rulesets/mini.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

import ratings

MINI = Path(__file__).parent / "rulesets" / "mini.yaml"
RULE = """  - id: {id}
    standard: {standard}
    at_most: {at_most}
    when: {when}
    source: test
    confidence: assumed
"""


def variant(tmp_path: Path, *replacements: tuple[str, str], rules: list[dict] | None = None) -> ratings.RuleSet:
    text = MINI.read_text()
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    if rules is not None:
        start = text.index("decision_rules:\n")
        end = text.index("score:\n")
        text = text[:start] + "decision_rules:\n" + "".join(RULE.format(**r) for r in rules) + "\n" + text[end:]
    path = tmp_path / "variant.yaml"
    path.write_text(text)
    return ratings.load_rules(path)


def inspection(leadership="Good", staff="Good", assessment=(70, 70), planning=(70, 70)):
    def case(values):
        if values == "not rated":
            return values
        return {"engagement": values[0], "keeping_safe": values[1]}
    return {"judgements": {"leadership": leadership, "staff": staff},
            "cases": {"assessment": case(assessment), "planning": case(planning)}}


def test_a_standard_rated_but_not_counted_is_shown_and_leaves_the_score_alone(tmp_path):
    rules = variant(tmp_path, ("{id: staff, name: Staff, kind: judged}",
                               "{id: staff, name: Staff, kind: judged, counted: false}"))
    high, low = (ratings.rate(inspection(staff=s), rules) for s in ("Outstanding", "Inadequate"))
    assert high.standards["staff"].rating == "Outstanding" and low.standards["staff"].rating == "Inadequate"
    assert (high.score, high.max_score) == (low.score, low.max_score) == (6, 9)
    assert high.to_dict()["standards"]["staff"]["counted"] is False
    assert "Staff is not counted" in next(t.reason for t in high.trace if t.step == "score")


def test_a_count_condition(tmp_path):
    rules = variant(tmp_path, rules=[dict(id="two-bad", standard="staff", at_most="Inadequate",
                                          when="{domain: cases, at_or_below: Requires improvement, at_least_count: 2}")])
    assert ratings.rate(inspection(staff="Outstanding", assessment=(60, 60), planning=(60, 90)), rules) \
        .standards["staff"].rating == "Inadequate"
    assert ratings.rate(inspection(staff="Outstanding", assessment=(60, 60), planning=(90, 90)), rules) \
        .standards["staff"].rating == "Outstanding"


def test_a_not_rated_judgement_stays_not_rated_and_shrinks_the_maximum(tmp_path):
    rules = ratings.load_rules(MINI)
    result = ratings.rate(inspection(leadership="not rated", assessment=(10, 10), planning=(10, 10)), rules)
    assert result.standards["leadership"].rating == "Not rated"
    assert result.standards["leadership"].capped_by is None
    assert (result.score, result.max_score) == (2, 9)


def test_not_rated_standards_are_left_out_of_a_share(tmp_path):
    rules = ratings.load_rules(MINI)  # leadership at most RI when at least half the rated case standards are I
    one_of_one = ratings.rate(inspection(assessment=(10, 90), planning="not rated"), rules)
    assert one_of_one.standards["leadership"].rating == "Requires improvement"
    none_rated = ratings.rate(inspection(assessment="not rated", planning="not rated"), rules)
    assert none_rated.standards["leadership"].rating == "Good"


def test_the_lowest_applicable_cap_wins_and_is_named(tmp_path):
    rules = variant(tmp_path, rules=[
        dict(id="mild", standard="staff", at_most="Good", when="{standard: assessment, at_or_below: Good}"),
        dict(id="severe", standard="staff", at_most="Inadequate", when="{standard: planning, at_or_below: Good}"),
        dict(id="middle", standard="staff", at_most="Requires improvement",
             when="{standard: planning, at_or_below: Good}"),
    ])
    result = ratings.rate(inspection(staff="Outstanding"), rules)
    assert result.standards["staff"].rating == "Inadequate"
    assert result.standards["staff"].capped_by == "severe"
    assert [t.rule for t in result.trace if t.step == "cap"] == ["mild", "severe", "middle"]


def test_a_cap_never_raises_a_judgement(tmp_path):
    rules = variant(tmp_path, rules=[dict(id="cap", standard="staff", at_most="Good",
                                          when="{standard: assessment, at_or_below: Good}")])
    result = ratings.rate(inspection(staff="Requires improvement"), rules)
    assert result.standards["staff"].rating == "Requires improvement"
    assert result.standards["staff"].capped_by is None
    reason = next(t.reason for t in result.trace if t.rule == "cap")
    assert "already Requires improvement, so it stays Requires improvement" in reason


def test_a_cap_whose_condition_does_not_hold_says_so(tmp_path):
    rules = ratings.load_rules(MINI)
    result = ratings.rate(inspection(assessment=(10, 90), planning=(70, 70)), rules)
    assert result.standards["leadership"].rating == "Requires improvement"
    result = ratings.rate(inspection(assessment=(60, 90), planning=(70, 70)), rules)
    assert result.standards["leadership"].rating == "Good"
    reason = next(t.reason for t in result.trace if t.step == "cap")
    assert reason.startswith("Decision rule leadership-capped does not apply to Leadership: 0 of the 2 rated")
    assert "but the rule requires at least half" in reason


def test_caps_on_judged_standards_apply_in_dependency_order(tmp_path):
    # staff's rule reads leadership's *capped* rating, though it is listed first
    rules = variant(tmp_path, rules=[
        dict(id="staff-follows-leadership", standard="staff", at_most="Requires improvement",
             when="{standard: leadership, at_or_below: Requires improvement}"),
        dict(id="leadership-capped", standard="leadership", at_most="Requires improvement",
             when="{domain: cases, at_or_below: Inadequate, at_least_share: 1/2}"),
    ])
    assert rules.judged_order == ("leadership", "staff")
    result = ratings.rate(inspection(leadership="Outstanding", staff="Outstanding", assessment=(10, 10)), rules)
    assert result.standards["leadership"].rating == "Requires improvement"
    assert result.standards["staff"].rating == "Requires improvement"
    assert result.standards["staff"].capped_by == "staff-follows-leadership"


def test_nothing_rated_gives_not_rated_overall():
    rules = ratings.load_rules(MINI)
    result = ratings.rate(inspection(leadership="not rated", staff="Not Rated", assessment="not rated",
                                     planning="not rated"), rules)
    assert (result.score, result.max_score, result.overall) == (0, 0, "Not rated")
    assert result.to_dict()["overall"] == "Not rated"


@pytest.mark.parametrize("given", ["good", "GOOD", "  Good ", "requires   improvement"])
def test_rating_names_are_matched_ignoring_case_and_spacing(given):
    rules = ratings.load_rules(MINI)
    rating = ratings.rate(inspection(staff=given), rules).standards["staff"].judgement
    assert rating in ("Good", "Requires improvement") and rating.points is not None


def test_ratings_and_unknown_keep_what_they_are_through_pickling_and_copying():
    """A rating copied or pickled (a result sent to another process) keeps its name, points, rank and colour;
    ``unknown`` stays the one value that ``is UNKNOWN`` tests for."""
    import copy
    import pickle

    from ratings.model.objects import UNKNOWN, Rating

    rating = Rating("Good", 2, 2, "#1a7f37")
    for again in (copy.copy(rating), copy.deepcopy(rating), pickle.loads(pickle.dumps(rating)),
                  pickle.loads(pickle.dumps(rating, protocol=0))):
        assert type(again) is Rating and again == "Good"
        assert (again.points, again.rank, again.colour) == (2, 2, "#1a7f37")
    for again in (copy.copy(UNKNOWN), copy.deepcopy(UNKNOWN), pickle.loads(pickle.dumps(UNKNOWN))):
        assert again is UNKNOWN
    assert repr(UNKNOWN) == "UNKNOWN"
