"""Scored standards (``kind: scored``): items the inspectors score on a range of points, rated by the band of
their total as a percentage of the most they could score. Checked against CQC's worked example, and the
analyses (what remains possible, margins, gap) against brute force over every score."""

from __future__ import annotations

import copy
import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import ratings
from ratings.analyses.possible import possibilities
from ratings.testing import inspections, rule_sets

from conftest import CliRunner
from ratings.frontends.cli import main

SAF = "cqc-adult-social-care-2023"
RULESETS = Path(__file__).parent / "rulesets"
SETTINGS = dict(deadline=None)
THREES = {"effective": 6, "caring": 5, "responsive": 7, "well_led": 8}
ITEMS = {"effective": ["assessing_needs", "evidence_based_care", "working_together", "healthier_lives",
                       "monitoring_outcomes", "consent"],
         "caring": ["kindness", "individuals", "independence", "immediate_needs", "workforce_wellbeing"],
         "responsive": ["person_centred_care", "continuity", "information", "listening", "equity_in_access",
                        "equity_in_outcomes", "planning_for_the_future"],
         "well_led": ["shared_direction", "leaders", "speaking_up", "workforce_edi", "governance", "partnerships",
                      "learning_improvement", "environmental_sustainability"]}
SAFE = ["learning_culture", "safe_systems", "safeguarding", "managing_risks", "safe_environments", "staffing",
        "infection_control", "medicines"]


def saf_inspection(safe: list, regulations: str = "Met") -> dict:
    """Every other key question's statements scored 3 (Good), Safe's as given."""
    scores = {sid: {item: 3 for item in items} for sid, items in ITEMS.items()}
    return {"rules": SAF, "judgements": {"regulations": regulations},
            "scores": {"safe": dict(zip(SAFE, safe)), **scores}}


def test_cqcs_worked_example_eleven_of_sixteen_is_69_percent_good():
    """CQC's example: four quality statements scored 3, 3, 2 and 3 give 11 of 16, 69%, Good."""
    result = ratings.rate(saf_inspection([3, 3, 2, 3, None, None, None, None]))
    safe = result.standards["safe"]
    assert safe.rating == "Good"
    out = safe.to_dict()
    assert (out["total"], out["maximum"], out["percent"]) == (11, 16, 68.75)
    assert out["scores"]["safe_environments"] is None and out["scores"]["safeguarding"] == 2
    assert "its 4 items scored 11 of a possible 16 (68.75%)" in " ".join(e.reason for e in result.trace)
    assert ('"Safe environments", "Safe and effective staffing", "Infection prevention and control" and '
            '"Medicines optimisation" were not scored') in \
        " ".join(e.reason for e in result.trace)


def test_the_measure_is_exact_and_rounded_as_the_band_set_says():
    """15 of 24 is 62.5%: rounded half up to 63%, Good; 14 of 24 (58.3%) is Requires improvement."""
    good = ratings.rate(saf_inspection([3, 3, 3, 2, 2, 2, None, None]))  # 15 of 24
    low = ratings.rate(saf_inspection([3, 3, 2, 2, 2, 2, None, None]))  # 14 of 24
    assert (good.standards["safe"].rating, low.standards["safe"].rating) == ("Good", "Requires improvement")
    assert good.standards["safe"].to_dict()["margin_points"] == {"down": 1, "up": 6}  # 14 falls; 21 of 24 is 87.5%


def test_margins_gap_and_confidence_speak_of_points_not_cases():
    result = ratings.rate(saf_inspection([3, 3, 3, 2, 2, 2, None, None]))
    sentence = result.standards["safe"].margin.sentence()
    assert sentence == "Margin: 1 point fewer in its score would lower it; 6 points more would raise it. " \
                       "One point either way would change its band."
    answer = ratings.gap(saf_inspection([3, 3, 3, 2, 2, 2, None, None]), "Outstanding", standard="safe")
    out = answer.to_dict()
    assert out["extra_points"] == 6 and "extra_cases" not in out
    assert sum(c["points"] for c in out["changes"]) == 6
    assert all(set(c["from"]) == {"score"} and c["to"]["score"] <= 4 for c in out["changes"])
    sure = ratings.confidence(saf_inspection([3, 3, 3, 2, 2, 2, None, None]))
    assert {r: p for r, p in sure.standards["safe"].items() if p} == {"Good": 1.0}
    assert sure.model.startswith("No rating of this rule set rests on a sample of cases")
    assert any("not a sample of cases" in a and "1 Safe" in a for a in sure.assumptions)


def test_gap_refuses_to_add_points_of_a_score_to_cases():
    rules = ratings.load_rules(str(RULESETS / "scored-and-case.yaml"))
    inspection = {"judgements": {"caring": "Good"}, "scores": {"safe": {"culture": 2, "systems": 2}},
                  "cases": {"casework": {"q": {"yes": 3, "of": 10}}}}
    with pytest.raises(ratings.RatingsError) as info:
        ratings.gap(inspection, "Outstanding", rules=rules)
    assert str(info.value.problems[0]) == ("'gap' cannot add points of a score to cases: Safe is scored and "
                                           "Casework is rated from its cases")


def test_a_diff_compares_scored_standards_only_when_their_items_are_scored_alike(tmp_path):
    other = tmp_path / "five.yaml"
    other.write_text((RULESETS / "scored.yaml").read_text().replace("highest: 4", "highest: 5")
                     .replace("id: scored-test", "id: scored-five"))
    run = CliRunner().invoke(main, ["rules", "diff", str(RULESETS / "scored.yaml"), str(other)])
    assert run.exit_code == 1
    message = run.stderr.strip()
    assert message.startswith("Error: scored standard safe is rated by percent_of_maximum of items scored 1 to 4 in")
    assert "and by percent_of_maximum of items scored 1 to 5 in" in message and message.endswith(
        ": a diff compares scored standards rated by the same method (their bands may differ)")


# ------------------------------------------------------------------------------------ against brute force


def _fillings(rules, mapping):
    """Every inspection the unknowns of ``mapping`` may stand for: an unknown judgement any rating of its scale;
    an unknown item any score of its range; a whole scored standard unknown, Not rated or every item any
    score."""
    choices = []
    for sid, value in mapping.get("judgements", {}).items():
        if value == "unknown":
            choices.append((("judgements", sid, None), [str(r) for r in rules.ratings_of(sid)]))
    for sid, value in mapping.get("scores", {}).items():
        method = rules.standards[sid].case_rating
        scores = list(range(method.lowest, method.highest + 1))
        if value == "unknown":
            items = [q.id for q in rules.standards[sid].key_questions]
            whole = ["not rated"] + [dict(zip(items, combo)) for combo in itertools.product(scores, repeat=len(items))]
            choices.append((("scores", sid, None), whole))
        elif isinstance(value, dict):
            choices += [(("scores", sid, q), scores) for q, v in value.items() if v == "unknown"]
    for combo in itertools.product(*(values for _, values in choices)):
        filled = copy.deepcopy(mapping)
        for (section, sid, q), value in zip((where for where, _ in choices), combo):
            if q is None:
                filled[section][sid] = value
            else:
                filled[section][sid][q] = value
        yield filled


@settings(max_examples=40, **SETTINGS)
@given(rules=rule_sets(small=True, scored=True), data=st.data())
def test_what_remains_possible_is_every_filling_ins_result(rules, data):
    """With unknown judgements, items or whole scored standards: the ratings reported possible for each
    standard and the overall, and the score's range, are exactly those of every filling-in (rated one by
    one)."""
    mapping = data.draw(inspections(rules, unknowns=True, not_rated=True))
    inspection = ratings.Engine(rules).load(copy.deepcopy(mapping))
    found = possibilities(rules, inspection)
    seen = {sid: set() for sid in rules.plan.ids}
    overall, scores = set(), set()
    for filled in _fillings(rules, mapping):
        result = ratings.rate(filled, rules, trace=False)
        overall.add(None if result.overall is None else str(result.overall))
        scores.add(result.score)
        for sid in seen:
            seen[sid].add(str(result.standards[sid].rating))
    assert {sid: {str(r) for r in options} for sid, options in found.standards.items()} == seen
    if rules.overall is not None:
        assert {str(r) for r in found.overall} == overall
    if rules.score is not None:
        assert found.score == (min(scores), max(scores))


@settings(max_examples=60, **SETTINGS)
@given(rules=rule_sets(small=True, scored=True), data=st.data())
def test_each_margin_is_the_fewest_points_any_scores_need(rules, data):
    """A scored standard's margin, up: the fewest points more (items up to the highest) giving a better band,
    by trying every way; down: the fewest fewer (down to the lowest) giving a worse one."""
    sid = data.draw(st.sampled_from([s for s, std in rules.standards.items() if std.kind == "scored"]))
    standard = rules.standards[sid]
    method = standard.case_rating
    given_scores = {q.id: data.draw(st.integers(method.lowest, method.highest)) for q in standard.key_questions}
    items = {q: method.item(v) for q, v in given_scores.items()}
    rating = method.rate(standard, items, rules.not_rated).rating
    margin = method.margin(standard, items, rating)
    up = down = None
    for combo in itertools.product(*(range(method.lowest, method.highest + 1) for _ in items)):
        moved = method.rate(standard, {q: method.item(v) for q, v in zip(items, combo)}, rules.not_rated).rating
        change = sum(combo) - sum(given_scores.values())
        if moved.rank > rating.rank and all(c >= g for c, g in zip(combo, given_scores.values())):
            up = change if up is None else min(up, change)
        if moved.rank < rating.rank and all(c <= g for c, g in zip(combo, given_scores.values())):
            down = -change if down is None else min(down, -change)
    better = any(b.rating.rank > rating.rank for b in standard.bands.bands)
    assert margin.up_points == (up if better else None)
    assert margin.down_points == down
    assert margin.near_edge == (1 in (up, down))
    assert json.dumps(margin.note())  # words, not a traceback


def test_the_generator_draws_scored_standards_on_the_score_s_own_ranges():
    seen = set()

    @settings(max_examples=30, database=None, **SETTINGS)
    @given(rule_sets(small=True, scored=True))
    def collect(rules):
        scored = [s for s in rules.standards.values() if s.kind == "scored"]
        assert len(scored) == 2 and not any(s.kind == "case" for s in rules.standards.values())
        seen.update((s.case_rating.lowest, s.case_rating.highest) for s in scored)

    collect()
    assert len(seen) > 2


def test_a_scored_rule_set_rates_gaps_verifies_and_reports_from_a_file(tmp_path):
    """A rule set written outside the package, through --rules PATH."""
    path = str(RULESETS / "scored.yaml")
    inspection = tmp_path / "home.yaml"
    inspection.write_text(f"rules: {path}\njudgements: {{caring: Good}}\nscores:\n  safe: {{culture: 3, systems: 2}}\n"
                          "published: {ratings: {safe: Good}}\n")
    runner = CliRunner()
    rated = runner.invoke(main, ["rate", str(inspection)])
    assert rated.exit_code == 0 and "score 5 of 8 (62.5%)" in rated.stdout
    gap = runner.invoke(main, ["gap", str(inspection), "--target", "Outstanding", "--standard", "safe"])
    # 5 of 8 is 62.5%; 88% of 8 is 7.04, so only 8 of 8 reaches Outstanding
    assert gap.exit_code == 0 and "At the fewest, 3 more points of the items' scores:" in gap.stdout
    verify = runner.invoke(main, ["verify", str(inspection)])
    assert verify.exit_code == 1 and "ratings.safe: published Good, computed Requires improvement" in verify.stdout
    report = runner.invoke(main, ["report", str(inspection), "-o", str(tmp_path / "r.html")])
    assert report.exit_code == 0
    page = (tmp_path / "r.html").read_text()
    assert "Scored standards against the bands" in page and ">8</text>" in page  # the axis ends at 8 points
    schema = json.loads(runner.invoke(main, ["schema", "--rules", path]).stdout)
    assert schema["properties"]["scores"]["required"] == ["safe"]
    assert runner.invoke(main, ["rules", "check", path]).stdout.count("1 scored standards") == 1


# -------------------------------------------------------------------------- conditions on a standard's parts


LIMITED = str(RULESETS / "scored-limit.yaml")  # Safe is at most Good when an item of it is scored 3 or lower


def limited(culture: int, systems: int, safeguarding: int = 4) -> dict:
    return {"rules": LIMITED, "judgements": {"caring": "Good"},
            "scores": {"safe": {"culture": culture, "systems": systems, "safeguarding": safeguarding}}}


def test_a_rule_reads_the_items_of_the_standard_it_limits():
    """12 of 12 is Outstanding; 11 of 12 (91.7%) is Outstanding by its band, and its item scored 3 holds it
    to Good: the rule's sentence says which way the items went, on every path."""
    top, held = ratings.rate(limited(4, 4)), ratings.rate(limited(4, 3))
    assert (top.standards["safe"].rating, held.standards["safe"].rating) == ("Outstanding", "Good")
    assert held.standards["safe"].capped_by == "low-score-limits-safe"
    said = " ".join(e.reason for e in held.trace)
    assert "Safe is limited to Good by decision rule low-score-limits-safe" in said
    assert "Safe has an item scored 3 or lower" in said
    assert "no item of Safe is scored 3 or lower" in " ".join(e.reason for e in top.trace)
    engine = ratings.Engine(LIMITED)
    fast = engine.rate_many([{k: v for k, v in limited(4, 3).items() if k != "rules"}], trace=True)[0]
    assert json.dumps(fast.to_dict()) == json.dumps(held.to_dict())


def test_the_analyses_that_move_ratings_refuse_a_rule_reading_parts_they_would_move():
    line = ("cannot weigh rule low-score-limits-safe: it reads the items of Safe (an item of Safe is scored 3 or "
            "lower), not its rating, and")
    with pytest.raises(ratings.RatingsError) as info:
        ratings.gap(limited(4, 2), "Outstanding", standard="safe")
    assert str(info.value) == f"'gap' {line} 'gap' moves ratings only"
    unknown = limited(4, 2)
    unknown["scores"]["safe"]["culture"] = "unknown"
    with pytest.raises(ratings.RatingsError) as info:
        ratings.rate(unknown)
    assert line in str(info.value)
    # scored items are no sample: confidence holds Safe as given, so the rule reads nothing that moves
    assert {r: p for r, p in ratings.confidence(limited(4, 3)).standards["safe"].items() if p} == {"Good": 1.0}
    run = CliRunner().invoke(main, ["rules", "check", LIMITED])
    assert run.exit_code == 0 and "raising any input never lowers an output" in run.stdout
