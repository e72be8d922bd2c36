"""The overall rating decided by rules (issue 22): `method: first_match`, as CQC's rating principles decide a
location's overall rating from its key questions' ratings.

The generated-rule-set properties (tests/test_generated_rule_sets.py) draw first_match overall ratings of
every condition and check them against the reference evaluator, for monotonicity and against brute force;
here, the bundled CQC rule set against the principles as CQC states them, and what users see.
"""

from __future__ import annotations

import itertools
import json

import pytest

import ratings
from ratings.frontends.cli import main

from conftest import EXAMPLES, ROOT, CliRunner

CQC = "cqc-adult-social-care-2014"
KEY_QUESTIONS = ("safe", "effective", "caring", "responsive", "well_led")
O, G, RI, I = "Outstanding", "Good", "Requires improvement", "Inadequate"
MET, BREACH = "Met", "Breach"


def principles(ratings_given: tuple[str, ...], regulations: str = MET) -> str:
    """CQC's rating principles 1 and 3-6 as its page states them, written here independently of the rule set:
    two or more Inadequate, Inadequate; a breach of regulations, two or more Requires improvement (an
    Inadequate counted with them), or one Inadequate, Requires improvement; at least two Outstanding and the
    rest Good or better, Outstanding; otherwise Good."""
    inadequate = ratings_given.count(I)
    below_good = inadequate + ratings_given.count(RI)
    if inadequate >= 2:
        return I
    if below_good >= 2 or inadequate == 1 or regulations == BREACH:
        return RI
    if ratings_given.count(O) >= 2 and below_good == 0:
        return O
    return G


@pytest.fixture(scope="module")
def cqc() -> ratings.RuleSet:
    return ratings.load_rules(CQC)


def test_every_combination_of_key_question_ratings_follows_the_principles(cqc):
    """All 4^5 x 2 = 2,048 combinations (the regulations met or breached), each rated by the fast path, and
    the ordinary path on a sample."""
    combos = list(itertools.product((O, G, RI, I), repeat=5))
    mappings = [{"judgements": {**dict(zip(KEY_QUESTIONS, combo)), "regulations": regulations}}
                for combo in combos for regulations in (MET, BREACH)]
    results = ratings.Engine(cqc).rate_many(mappings, trace=False)
    for mapping, result in zip(mappings, results):
        given = mapping["judgements"]
        assert str(result.overall) == principles(tuple(given[k] for k in KEY_QUESTIONS), given["regulations"])
        assert (result.score, result.max_score) == (None, None)
    for mapping in mappings[::97]:
        slow = ratings.Engine(cqc).evaluate(ratings.Engine(cqc).load(mapping))
        given = mapping["judgements"]
        assert str(slow.overall) == principles(tuple(given[k] for k in KEY_QUESTIONS), given["regulations"])


def test_the_page_and_the_json_name_the_deciding_rule():
    result = ratings.rate(EXAMPLES / "cqc-care-home-2019.yaml")
    assert (str(result.overall), result.overall_by) == (RI, "two-requires-improvement")
    assert result.to_dict()["overall_by"] == "two-requires-improvement"
    [entry] = [e for e in result.trace if e.step == "overall"]
    assert entry.rule == "two-requires-improvement"
    assert entry.reason.startswith("Overall Requires improvement by rating-principles: two-requires-improvement "
                                   "applies: 2 of the 5 rated standards of Key questions are at or below "
                                   "Requires improvement (1 Safe and 5 Well-led), at least 2")
    assert "two-inadequate does not apply" in entry.reason  # and why the rule before it did not hold


def test_a_rule_set_read_from_the_score_gains_no_key():
    data = ratings.rate(EXAMPLES / "cheshire-west-2023.yaml").to_dict()
    assert "overall_by" not in data


def test_the_rule_card_lists_the_rules_in_order():
    text = CliRunner().invoke(main, ["rules", "show", CQC]).stdout
    card = text.split("Overall rating [rating-principles]")[1]
    order = [card.index(f"[{rid}]") for rid in ("two-inadequate", "two-requires-improvement", "one-inadequate",
                                                  "one-requires-improvement", "two-outstanding", "good-otherwise")]
    assert order == sorted(order)
    assert "Outstanding when at least 2 of Key questions are Outstanding or higher [two-outstanding]" in \
        " ".join(card.split())


def test_confidence_describes_the_rules_it_enumerates_through():
    answer = json.loads(CliRunner().invoke(main, ["confidence", str(EXAMPLES / "cqc-care-home-2019.yaml"),
                                                  "--format", "json"]).stdout)
    # no case standard, so no sample: the model says so rather than describing a sample it does not weigh
    assert answer["model"] == ("No rating of this rule set rests on a sample of cases: the judgements are held "
                               "as given, so each rating is as certain as its inputs.")
    assert answer["overall"]["Requires improvement"] == 1.0
    prisons = ROOT / "docs" / "example-rules" / "hmp-example.yaml"
    assert "overall" not in json.loads(CliRunner().invoke(main, ["confidence", str(prisons), "--format",
                                                                 "json"]).stdout)["model"]


def test_unknowns_leave_the_ratings_the_principles_allow(cqc):
    """Safe unknown, two key questions Outstanding, the rest Good: Inadequate gives one Inadequate
    (Requires improvement), Requires improvement one (Good), Good or Outstanding leave two Outstanding."""
    result = ratings.rate({"rules": CQC, "judgements": {"safe": "unknown", "effective": G, "caring": O,
                                                        "responsive": O, "well_led": G, "regulations": MET}})
    assert result.overall is None and result.overall_by is None
    assert [str(r) for r in result.possible.overall] == [RI, G, O]


def test_verify_compares_the_published_overall(tmp_path):
    path = tmp_path / "home.yaml"
    path.write_text((EXAMPLES / "cqc-care-home-2019.yaml").read_text().replace("  overall: Requires improvement",
                                                                                "  overall: Good"))
    run = CliRunner().invoke(main, ["verify", str(path)])
    assert run.exit_code == 1
    assert "overall: published Good, computed Requires improvement" in run.stdout


def test_a_rising_condition_is_refused_in_a_decision_rule(tmp_path):
    text = (ROOT / "rules" / f"{CQC}.yaml").read_text().replace(
        "decision_rules: []", "decision_rules:\n  - {id: r, limits: safe, at_most: Good, source: test, confidence: "
        "assumed,\n     when: {domain: key_questions, at_or_above: Outstanding, at_least_count: 2}}")
    path = tmp_path / "rules.yaml"
    path.write_text(text)
    with pytest.raises(ratings.RuleSetError, match="'at_least_count' with 'at_or_above' would hold more as "
                                                   "ratings rise"):
        ratings.load_rules(path)


def test_published_domain_counts_are_compared_exactly_and_with_unknowns(tmp_path):
    """`published.domain_counts`: how many of a domain's standards have each rating, as a report's summary
    gives them ("two key questions requiring improvement")."""
    base = {"rules": CQC, "judgements": {"safe": RI, "effective": G, "caring": O, "responsive": G, "well_led": RI,
                                         "regulations": MET}}

    def verdict(judgements=None, **counts):
        path = tmp_path / "home.json"
        path.write_text(json.dumps({**base, "judgements": {**base["judgements"], **(judgements or {})},
                                    "published": {"domain_counts": {"key_questions": counts}}}))
        return json.loads(CliRunner().invoke(main, ["verify", str(path), "--format", "json"]).stdout)["files"][0]

    assert verdict(**{RI: 2, G: 2, O: 1})["agrees"]
    assert verdict(**{G: 3})["differences"] == [{"field": "domain_counts.key_questions.Good", "published": 3,
                                                 "computed": 2}]
    assert verdict({"safe": "unknown"}, **{G: 3})["agrees"]  # Safe Good would make three
    assert not verdict({"safe": "unknown"}, **{G: 3, RI: 2})["agrees"]  # but not with two requiring improvement


def test_the_inspectors_may_depart_from_the_principles_with_a_reason(tmp_path):
    """`overall: {awarded: R, reason: ...}`: the award is the overall rating; the page, the trace and the JSON
    say what the principles give and why the inspectors departed; the analyses hold it (gap for the overall
    says so; unknowns leave it as awarded)."""
    home = {"rules": CQC, "judgements": {"safe": RI, "effective": G, "caring": O, "responsive": G, "well_led": RI,
                                         "regulations": MET},
            "overall": {"awarded": G, "reason": "the concerns had a very limited impact on people"}}
    result = ratings.rate(home)
    assert (str(result.overall), result.overall_by, result.overall_limited_by) == (G, None, None)
    data = result.to_dict()
    assert data["overall_award"] == {"rating": G, "reason": "the concerns had a very limited impact on people",
                                     "limited_by": None, "limit": RI, "limit_open": False}
    [award] = [e for e in result.trace if e.step == "award"]
    assert award.reason == ('The overall rating is Good: the inspectors awarded Good, for this reason: "the '
                            'concerns had a very limited impact on people"; rating-principles would give '
                            'Requires improvement.')
    path = tmp_path / "home.json"
    path.write_text(json.dumps(home))
    page = CliRunner().invoke(main, ["rate", str(path)]).stdout
    assert "awarded by the inspectors; rating-principles gives Requires improvement" in page
    gap = ratings.gap(path, O)
    assert not gap.reachable and "the inspectors awarded the overall rating Good" in gap.reason
    unknown = ratings.rate({**home, "judgements": {**home["judgements"], "safe": "unknown"}})
    assert str(unknown.overall) == G and [str(r) for r in unknown.possible.overall] == [G]


def test_without_an_award_the_json_has_no_overall_award():
    assert "overall_award" not in ratings.rate(EXAMPLES / "cqc-care-home-2019.yaml").to_dict()
