"""The record as published (issue 13, parts 4 and 5): a key question known only within a range, a case
standard's own figure, counts, ranges and sets of ratings under `published:`, and ratings the inspectors
awarded above a decision rule's limit.

What is checked:
- the range arithmetic (kinds/ranges.py) against brute force over grids of key-question values that hold
  every band edge, a hair either side of it, and every end of every range: each rating it says is possible
  has a witness meeting every constraint, and no grid point gives a measure outside its range or a rating it
  calls impossible;
- `verify` with unknowns (ranges, figures, whole unknowns) and every published form against brute force over
  every filling-in, with the search by counts and with the enumeration, and each witness rated again by the
  evaluator and compared exactly with what was published;
- awards on generated rule sets against the reference evaluator of test_generated_rule_sets.py (extended
  here with awards), on every path (the fast path declines them; results must equal);
- what the output says of each, the README's example, and the schema.
"""

from __future__ import annotations

import copy
import itertools
import json
import random
import re
from fractions import Fraction
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import assume, given, settings, strategies as st

import ratings
from ratings.analyses import counts as counts_search
from ratings.analyses.possible import Want, components, filled, find, searched
from ratings.analyses.verify import verify_file
from ratings.engine.evaluate import evaluate
from ratings.frontends.cli import main
from ratings.frontends.schema import inspection_schema
from ratings.kinds import ranges
from ratings.model.objects import UNKNOWN, Between, Figure, KeyQuestionResult
from ratings.testing import inspections as drawn_inspections
from ratings.testing.rule_set_strategies import rule_set_texts

from conftest import EXAMPLES, ROOT, CliRunner
from test_generated_rule_sets import SETTINGS, Reference, engine_for, inspections as generated_inspections, show, \
    summary, write
from test_unknowns import cheshire_west

RULESETS = Path(__file__).parent / "rulesets"
EXAMPLE = EXAMPLES / "pdu-2024-as-published.yaml"
HAIR = Fraction(1, 100)


# ================================================================================ the range arithmetic


def edges_of(standard) -> list[Fraction]:
    """Every band edge, a hair either side, and the ends of the range: where a wrong inequality shows."""
    out = {Fraction(0), Fraction(100)}
    for band in standard.bands.bands:
        for edge in (band.low, band.high):
            out |= {edge, edge - HAIR, edge + HAIR}
    return sorted(v for v in out if 0 <= v <= 100)


@st.composite
def partial_standards(draw):
    """A case standard of a generated rule set, what is given of its key questions (exact results, ranges,
    unknowns, no applicable cases) and perhaps its figure, all on or a hair off the band edges."""
    rules = ratings.load_rules(str(write(draw(rule_set_texts(small=True)))))
    cased = [s for s in rules.standards.values() if s.kind == "case"]
    assume(cased)
    standard = draw(st.sampled_from(cased))
    values = edges_of(standard)
    point = st.sampled_from(values)
    given = {}
    for q in standard.key_questions:
        kind = draw(st.sampled_from(["known", "between", "between", "unknown", "none"]))
        if kind == "known":
            given[q.id] = KeyQuestionResult(draw(point))
        elif kind == "between":
            low, high = sorted((draw(point), draw(point)))
            given[q.id] = Between(low, high) if low < high else KeyQuestionResult(low)
        else:
            given[q.id] = UNKNOWN if kind == "unknown" else None
    figure = None
    if draw(st.booleans()):
        low, high = sorted((draw(point), draw(point)))
        figure = Figure(draw(st.sampled_from(ranges.AGGREGATES)), low, high if draw(st.booleans()) else low)
    return rules, standard, given, figure


def meets_figure(figure, values) -> bool:
    return figure is None or figure.low <= ranges.measure_of(figure.aggregate, values) <= figure.high


def grid(box, figure, values) -> list[tuple[Fraction, ...]]:
    """Key-question values inside every range from the candidate values, and, for a figure, points built to
    meet it exactly (one result at the lowest; or the last result making up the mean)."""
    options = [[v for v in values + [lo, hi] if lo <= v <= hi] for lo, hi in zip(box.low, box.high)]
    points = set(itertools.islice(itertools.product(*options), 4000))
    if figure is not None:
        targets = [v for v in values + [figure.low, figure.high] if figure.low <= v <= figure.high]
        k = len(options)
        for t in targets:
            if figure.aggregate == "lowest":
                for i in range(k):
                    rest = [[v for v in o if v >= t] for o in options]
                    rest[i] = [t] if box.low[i] <= t <= box.high[i] else []
                    points |= set(itertools.islice(itertools.product(*rest), 500))
            else:
                for head in itertools.islice(itertools.product(*options[:-1]), 500):
                    last = k * t - sum(head, Fraction(0))
                    if box.low[-1] <= last <= box.high[-1]:
                        points.add((*head, last))
    return [p for p in points if meets_figure(figure, p)]


@settings(max_examples=150, **SETTINGS)
@given(drawn=partial_standards(), measure=st.sampled_from(ranges.AGGREGATES))
def test_the_possible_ratings_are_exactly_those_some_values_give(drawn, measure):
    """For either measure (lowest or mean), with or without a figure of either kind: every rating called
    possible is given by values the witness fills in (inside every range, meeting the figure, measure in its
    band), the measure's range is reached at both ends, and no grid point's measure lies outside it or in the
    band of a rating called impossible."""
    rules, standard, given, figure = drawn
    box = ranges.box_of(standard, given)
    assume(box.ids)  # no key question with applicable cases: Not rated, nothing to search
    seg = ranges.segment(measure, box, figure)
    possible = ranges.possible_ranks(standard, measure, given, figure)
    points = grid(box, figure, edges_of(standard))
    if seg is None:  # no values meet every constraint (the loader refuses such a file)
        assert possible == () and points == []
        return
    for end in (seg.low, seg.high):  # the range is tight: both ends are reached
        point = ranges.point_on(measure, seg, end)
        assert ranges.measure_of(measure, point) == end and meets_figure(figure, point)
        assert all(lo <= v <= hi for v, lo, hi in zip(point, box.low, box.high))
    for rank in possible:
        values = ranges.fill(standard, measure, given, rank, figure)
        full = [given[q] if isinstance(given[q], KeyQuestionResult) else values[q] for q in box.ids]
        assert set(values) == {q for q in box.ids if not isinstance(given[q], KeyQuestionResult)}
        for q, v in values.items():
            low, high = (given[q].low, given[q].high) if isinstance(given[q], Between) else (0, 100)
            assert low <= v.percent <= high, (q, v, given[q])
        percents = [r.percent for r in full]
        assert meets_figure(figure, percents)
        assert standard.bands.classify(ranges.measure_of(measure, percents)).rating.rank == rank
    for point in points:
        m = ranges.measure_of(measure, point)
        assert seg.low <= m <= seg.high, (point, seg)
        assert standard.bands.classify(m).rating.rank in possible, (point, m, possible)


def test_a_range_meeting_a_band_edge_is_possible_exactly_as_the_band_includes_it():
    rules = ratings.load_rules("hmip-probation-pdu-2021")
    assessment = rules.standards["assessment"]
    ranks = {str(r): r.rank for r in rules.scale}

    def possible(low, high):
        given = {"engagement": KeyQuestionResult(Fraction(90)), "desistance": KeyQuestionResult(Fraction(90)),
                 "keeping_safe": Between(Fraction(low), Fraction(high))}
        found = assessment.case_rating.possible_ranks(assessment, given)
        return sorted(name for name, rank in ranks.items() if rank in found)

    assert possible(40, 50) == ["Inadequate", "Requires improvement"]  # 50 is Requires improvement
    assert possible(40, Fraction(4999, 100)) == ["Inadequate"]
    assert possible(Fraction(4999, 100), Fraction(6499, 100)) == ["Inadequate", "Requires improvement"]
    assert possible(65, 79) == ["Good"]


def test_a_figure_under_the_method_it_is_not_only_narrows_the_rating():
    """A mean of 50 over three key questions lets the lowest be anything from 0 to 50; a lowest of 45 lets the
    mean be anything from 45 to 81 2/3."""
    rules = ratings.load_rules("hmip-probation-pdu-2021")
    assessment = rules.standards["assessment"]
    given = {q.id: UNKNOWN for q in assessment.key_questions}
    seg = ranges.segment("lowest", ranges.box_of(assessment, given), Figure("mean", Fraction(50), Fraction(50)))
    assert (seg.low, seg.high) == (0, 50)
    seg = ranges.segment("mean", ranges.box_of(assessment, given), Figure("lowest", Fraction(45), Fraction(45)))
    assert (seg.low, seg.high) == (45, Fraction(245, 3))
    result = ratings.rate(cheshire_west(cases__assessment={"mean": 50}))
    assert [str(r) for r in result.possible.standards["assessment"]] == ["Inadequate", "Requires improvement"]
    result = ratings.rate(cheshire_west(cases__assessment={"lowest": 50}))  # the measure itself: decisive
    assert result.standards["assessment"].rating == "Requires improvement" and result.score == 8
    assert any("the lowest of its key questions 50% (the measure its rating is banded on)" in t.reason
               for t in result.trace if t.standard == "assessment")


def test_ranges_and_figures_in_the_json_and_the_text():
    result = ratings.rate(cheshire_west(cases__assessment={"engagement": 71, "desistance": 76,
                                                           "keeping_safe": {"between": [33, 40]}},
                                        cases__planning={"keeping_safe": 38, "mean": {"between": [40, 60]}}))
    data = result.to_dict()["standards"]
    assert data["assessment"]["between"] == {"keeping_safe": [33.0, 40.0]}
    assert data["assessment"]["percentages"]["keeping_safe"] is None
    assert data["planning"]["figure"] == {"mean": {"between": [40.0, 60.0]}}
    assert result.standards["assessment"].rating == "Inadequate"
    run = CliRunner().invoke(main, ["rate", "-"], input=yaml.safe_dump(cheshire_west(
        cases__assessment={"engagement": 71, "desistance": 76, "keeping_safe": {"between": [33, 40]}})))
    assert run.exit_code == 0 and "33-40%  keeping_safe" in run.stdout
    assert "Given: \"Does assessment focus sufficiently on keeping other people safe?\" from 33% to 40%." in \
        " ".join(run.stdout.split())


# ============================================================== verify with unknowns, against brute force


@st.composite
def published_inspections(draw, rules):
    """An inspection of ``rules`` with unknowns, ranges and figures among its key questions, awards where a
    rule limits a judged standard, and a `published:` section of every form, values near what is possible."""
    mapping = draw(drawn_inspections(rules, unknowns=True, not_rated=True, results="either", edges=True,
                                     rough=True))
    rnd = random.Random(draw(st.integers(0, 2 ** 32)))
    names = [str(r) for r in rules.scale]
    published = {}
    rated = [s for s, std in rules.standards.items() if std.kind != "information"]
    total = sum(1 for s in rated if rules.standards[s].scale is None)  # counts count the rule set's scale only
    if rnd.random() < 0.6:
        published["counts"] = {rnd.choice(names): rnd.choice([rnd.randint(0, total),
                                                              {"between": sorted(rnd.sample(range(total + 1), 2))}])}
    if rnd.random() < 0.5:
        low = rnd.randint(0, rules.top_points * total)
        published["score"] = rnd.choice([low, {"between": [low, low + rnd.randint(0, 4)]}])
    if rnd.random() < 0.5:
        sid = rnd.choice(rated)
        own = [str(r) for r in rules.ratings_of(sid)]  # its scale
        published["ratings"] = {sid: rnd.sample(own + [str(rules.not_rated)], rnd.randint(1, 2))}
    if rnd.random() < 0.5 and rules.overall is not None:
        published["overall"] = rnd.sample([str(r) for r in rules.ratings_of("overall")], rnd.randint(1, 2))
    assume(published)
    mapping["published"] = published
    return mapping


def brute_force(rules, inspection) -> bool:
    """Whether some filling-in of the unknowns gives every published value: every combination of the
    possible inputs settled (with the awards), each published value checked directly."""
    plan = searched(rules, inspection).plan
    base, comps = components(searched(rules, inspection), inspection)
    assume(len(comps) <= 7)
    published = inspection.published
    name_of = plan.rating_of
    for choice in itertools.product(*[c.options for c in comps]):
        ranks = list(base)
        for c, rank in zip(comps, choice):
            ranks[c.index] = rank
        score, n, overall = plan.settle(ranks, [])
        standards = ranks[:len(plan.ids)]
        if all(str(name_of[ranks[plan.index[sid]]]) in want for sid, want in published.ratings.items()) \
                and (published.score is None or score in published.score) \
                and (published.max_score is None or plan.top_points * n in published.max_score) \
                and (published.overall is None or str(name_of[overall]) in published.overall) \
                and all(sum(1 for r in standards if str(name_of[r]) == name) in want
                        for name, want in published.counts.items()):
            return True
    return False


def check_verify(rules, mapping):
    """verify's verdict (by counts, and by the enumeration) is the brute force's; a witness of agreement,
    rated again by the evaluator, gives every published value exactly."""
    inspection = ratings.Engine(rules).load(mapping)
    expected = brute_force(rules, inspection)
    for enumerate_ in (False, True):  # the search by counts, and the enumeration it is held to
        counts_search.ENUMERATE = enumerate_
        try:
            verdict = verify_file(copy.deepcopy(mapping), rules, max_seconds=None)
        finally:
            counts_search.ENUMERATE = False
        assert verdict.error is None, verdict.error
        assert verdict.agrees is expected, (verdict, mapping)
    if expected and inspection.has_unknowns:
        witness = find(rules, inspection, wants_of(rules, inspection.published), None)
        assert witness is not None
        result = evaluate(rules, filled(rules, inspection, witness))
        assert inspection.published.differences(result) == [], (witness, mapping)


def wants_of(rules, published) -> list[Want]:
    core = rules.plan
    wants = [Want("rank", [core.rating_of_name[n] for n in want.names], core.index[sid])
             for sid, want in published.ratings.items()]
    if published.score is not None:
        wants.append(Want("score", range(published.score.low, published.score.high + 1)))
    if published.overall is not None:
        wants.append(Want("overall", [core.rating_of_name[n] for n in published.overall.names]))
    for name, want in published.counts.items():
        wants.append(Want("count", range(want.low, min(want.high, len(core.ids)) + 1), core.rating_of_name[name]))
    return wants


def loads(rules, mapping) -> bool:
    try:
        ratings.Engine(rules).load(mapping)
        return True
    except ratings.RatingsError:  # a figure the drawn key questions cannot have: refused (tested elsewhere)
        return False


@pytest.mark.parametrize("rule_set", ["mini.yaml", "kinds.yaml"])
@settings(max_examples=40, **SETTINGS)
@given(data=st.data())
def test_verify_with_unknowns_agrees_with_brute_force(rule_set, data):
    rules = ratings.load_rules(str(RULESETS / rule_set))
    mapping = data.draw(published_inspections(rules))
    assume(loads(rules, mapping))
    check_verify(rules, mapping)


@settings(max_examples=25, **SETTINGS)
@given(text=rule_set_texts(small=True), data=st.data())
def test_verify_with_unknowns_agrees_with_brute_force_on_generated_rule_sets(text, data):
    rules = ratings.load_rules(str(write(text)))
    mapping = data.draw(published_inspections(rules))
    assume(loads(rules, mapping))
    check_verify(rules, mapping)


def test_published_forms_compared_exactly_when_everything_is_known(tmp_path):
    """Cheshire West: 3 Inadequate, 7/24, Requires improvement."""
    def verdict(published):
        path = tmp_path / "cw.yaml"
        path.write_text(yaml.safe_dump(cheshire_west(published=published)))
        return verify_file(str(path))

    agrees = verdict({"counts": {"Inadequate": 3, "Good": {"between": [1, 2]}}, "score": {"between": [6, 8]},
                      "ratings": {"reviewing": ["Requires improvement", "Good"]},
                      "overall": ["Good", "Requires improvement"]})
    assert agrees.agrees is True and agrees.mode == "exact"
    found = verdict({"counts": {"Inadequate": 8}, "score": {"between": [1, 3]},
                     "ratings": {"reviewing": ["Good", "Outstanding"]}})
    assert [d.to_dict() for d in found.differences] == [
        {"field": "ratings.reviewing", "published": ["Outstanding", "Good"], "computed": "Requires improvement"},
        {"field": "score", "published": {"between": [1, 3]}, "computed": 7},
        {"field": "counts.Inadequate", "published": 8, "computed": 3}]
    assert [f"{d.field}: published {d.published_text}, computed {d.computed_text}" for d in found.differences] == [
        "ratings.reviewing: published Outstanding or Good, computed Requires improvement",
        "score: published from 1 to 3, computed 7", "counts.Inadequate: published 8, computed 3"]


def test_a_count_no_filling_in_gives_is_named_with_the_counts_possible(tmp_path):
    mapping = cheshire_west(cases__reviewing__keeping_safe={"between": [45, 70]},
                            published={"counts": {"Inadequate": 5}})
    path = tmp_path / "cw.yaml"
    path.write_text(yaml.safe_dump(mapping))
    found = verify_file(str(path))
    assert found.mode == "consistency" and not found.agrees
    assert [d.to_dict() for d in found.differences] == [
        {"field": "counts.Inadequate", "published": 5, "computed": "3 or 4"}]


def test_worked_cases_accept_ranges_and_sets(tmp_path):
    (tmp_path / "c.tests.yaml").write_text(yaml.safe_dump({"rules": "hmip-probation-pdu-2021", "worked_cases": [{
        "name": "ranges", "inspection": {k: v for k, v in cheshire_west().items() if k in ("judgements", "cases")},
        "expect": {"score": {"between": [1, 3]}, "counts": {"Inadequate": 3}, "overall": ["Good", "Inadequate"]}}]}))
    outcome, = ratings.run_worked_cases(tmp_path / "c.tests.yaml")
    assert [f.split(": ", 2)[2] for f in outcome.failures] == [
        "score: expected from 1 to 3, got 7", "overall: expected Good or Inadequate, got Requires improvement"]


# ========================================================================================== awards


AWARD = {"awarded": "Good", "reason": "strategic strengths, despite weak casework"}


def test_an_award_above_a_rule_is_the_rating_and_the_score_uses_it():
    result = ratings.rate(cheshire_west(judgements__leadership=AWARD))
    leadership = result.standards["leadership"]
    assert (leadership.rating, leadership.judgement, leadership.capped_by) == ("Good", "Good", None)
    assert leadership.award.limited_by == "leadership-limited-by-case-supervision"
    assert leadership.award.limit == "Requires improvement"
    assert (result.score, result.max_score, result.overall) == (8, 24, "Requires improvement")  # 7 + 1
    data = result.to_dict()["standards"]["leadership"]
    assert data["awarded"] == {"rating": "Good", "reason": AWARD["reason"],
                               "limited_by": "leadership-limited-by-case-supervision",
                               "limit": "Requires improvement", "limit_open": False}
    assert data["capped_by"] is None and data["rating"] == "Good"
    entries = [t for t in result.trace if t.standard == "leadership"]
    assert [t.step for t in entries] == ["cap", "award"]
    assert entries[1].rule == "leadership-limited-by-case-supervision"
    assert entries[1].reason == (
        "Even so, 1.1 Leadership is Good: the inspectors awarded Good, for this reason: \"strategic strengths, "
        "despite weak casework\", above the limit of Requires improvement that decision rule "
        "leadership-limited-by-case-supervision sets. The award is its rating, and the score and the overall "
        "rating use it.")
    text = CliRunner().invoke(main, ["rate", "-"], input=yaml.safe_dump(cheshire_west(
        judgements__leadership=AWARD))).stdout
    assert "Good                  awarded above decision rule leadership-limited-by-case-supervision (limit " \
           "Requires improvement)" in text


def test_an_award_no_rule_limits_is_just_the_judgement():
    mapping = cheshire_west(judgements__leadership=AWARD, cases__assessment__keeping_safe=90,
                            cases__planning__keeping_safe=90)  # one of four Inadequate: the rule does not apply
    result = ratings.rate(mapping)
    leadership = result.standards["leadership"]
    assert leadership.rating == "Good" and leadership.award.limited_by is None and leadership.award.limit is None
    award = next(t for t in result.trace if t.step == "award")
    assert award.rule is None and award.reason.endswith(
        "no decision rule limits it below Good here, so the award is simply the inspectors' judgement.")
    assert ratings.rate({**mapping, "judgements": {**mapping["judgements"], "leadership": "Good"}}).score == \
        result.score


def test_an_award_below_the_judgement_and_equal_to_the_limit():
    result = ratings.rate(cheshire_west(judgements__leadership={**AWARD, "judgement": "Outstanding",
                                                                "awarded": "Requires improvement"}))
    leadership = result.standards["leadership"]
    assert (leadership.rating, leadership.judgement, leadership.award.limited_by) == \
        ("Requires improvement", "Outstanding", None)
    award = next(t for t in result.trace if t.step == "award")
    assert "limits it to Requires improvement too, so no discretion was needed" in award.reason
    result = ratings.rate(cheshire_west(judgements__leadership={**AWARD, "judgement": "Outstanding"}))
    assert result.standards["leadership"].rating == "Good" and result.standards["leadership"].judgement == \
        "Outstanding"


def test_verify_accepts_a_published_rating_equal_to_the_award(tmp_path):
    path = tmp_path / "cw.yaml"
    path.write_text(yaml.safe_dump(cheshire_west(judgements__leadership=AWARD, published={
        "ratings": {"leadership": "Good"}, "capped_by": {"leadership": None}, "score": 8})))
    assert verify_file(str(path)).agrees is True
    path.write_text(yaml.safe_dump(cheshire_west(judgements__leadership=AWARD,
                                                 cases__reviewing__keeping_safe="unknown",
                                                 published={"ratings": {"leadership": "Good"}, "score": 8})))
    found = verify_file(str(path))
    assert (found.mode, found.agrees) == ("consistency", True)


def test_gap_and_confidence_hold_an_award():
    mapping = cheshire_west(judgements__leadership=AWARD)
    gap = ratings.gap(mapping, "Outstanding", standard="leadership")
    assert not gap.reachable and "awarded" in gap.reason
    assert ratings.gap(mapping, "Good").result.standards["leadership"].rating == "Good"
    found = ratings.confidence(mapping)
    assert found.standards["leadership"]["Good"] == 1.0


def test_unknowns_with_an_award_say_whether_the_limit_is_known():
    # with Assessment and Planning unknown, 1 to 3 of 2 to 4 rated casework standards are Inadequate
    result = ratings.rate(cheshire_west(judgements__leadership=AWARD, cases__assessment="unknown",
                                        cases__planning="unknown"))
    leadership = result.standards["leadership"]
    assert leadership.rating == "Good" and leadership.award.limit_open and leadership.award.limited_by is None
    entry = next(t for t in result.trace if t.standard == "leadership")
    assert "whether a decision rule would limit it below that depends on the unknown inputs of 2.2 Assessment " \
           "and 2.3 Planning" in " ".join(entry.reason.split())
    # with Assessment unknown (even Not rated), at least half are Inadequate whatever it is: the limit is known
    for changes in ({"cases__assessment": "unknown"}, {"cases__reviewing__keeping_safe": "unknown"}):
        settled = ratings.rate(cheshire_west(judgements__leadership=AWARD, **changes)).standards["leadership"]
        assert (settled.award.limited_by, settled.award.limit, settled.award.limit_open) == \
            ("leadership-limited-by-case-supervision", "Requires improvement", False)


class AwardedReference(Reference):
    """The reference evaluator with awards: after the rules limiting an awarded standard, its rating is the
    award, and no rule counts as having lowered it."""

    def rate(self, inspection):
        awards = {sid: v["awarded"] for sid, v in inspection["judgements"].items() if isinstance(v, dict)}
        plain_judgements = {sid: (v.get("judgement", v["awarded"]) if isinstance(v, dict) else v)
                            for sid, v in inspection["judgements"].items()}
        original = self.apply_rules

        def apply_rules(target, ranks, capped):
            original(target, ranks, capped)
            if target in awards:
                ranks[target] = self.rank[awards[target]]
                capped.pop(target, None)

        self.apply_rules = apply_rules
        try:
            return super().rate({**inspection, "judgements": plain_judgements})
        finally:
            del self.apply_rules


@st.composite
def limiting_a_judgement(draw, small=False):
    """A generated rule set with at least one decision rule limiting a judged standard (one is added, on a
    drawn condition, when the rule set has none), as YAML text."""
    text = draw(rule_set_texts(small=small))
    doc = yaml.safe_load(text)
    standards = [s for d in doc["domains"] for s in d["standards"]]
    judged = [s["id"] for s in standards if s["kind"] == "judged"]
    cased = [s["id"] for s in standards if s["kind"] == "case"]
    assume(judged and cased)
    rules = doc.get("decision_rules") or []
    if not any(r.get("limits", r.get("standard")) in judged for r in rules):
        names = [r["name"] for r in doc["scale"]["ratings"]]
        rules.append({"id": "added-limit", "limits": draw(st.sampled_from(judged)),
                      "at_most": draw(st.sampled_from(names[1:])),
                      "when": {"standard": draw(st.sampled_from(cased)), "at_or_below": draw(st.sampled_from(names))},
                      "source": "the test", "confidence": "assumed"})
        doc["decision_rules"] = rules
        text = yaml.safe_dump(doc, sort_keys=False)
        try:
            ratings.load_rules(str(write(text)))
        except ratings.RatingsError:  # the added rule closes a cycle
            assume(False)
    return text


@st.composite
def awarded_inspections(draw, text):
    mapping = draw(generated_inspections(text))
    rules = ratings.load_rules(str(write(text)))
    limited = [sid for sid in mapping["judgements"] if rules.rules_for(sid)]
    for n, sid in enumerate(limited):
        names = [str(r) for r in rules.ratings_of(sid)]  # its scale
        if n == 0 or draw(st.booleans()):
            award = {"awarded": draw(st.sampled_from(names)), "reason": "the report's words"}
            judgement = draw(st.sampled_from(names))
            if rules.rating(judgement).rank >= rules.rating(award["awarded"]).rank and draw(st.booleans()):
                award["judgement"] = judgement
            mapping["judgements"][sid] = award
    return mapping


@settings(max_examples=40, **SETTINGS)
@given(text=limiting_a_judgement(), data=st.data())
def test_awards_on_every_path_agree_with_the_reference_evaluator(text, data):
    path, engine = engine_for(text)
    reference = AwardedReference(text)
    mappings = [data.draw(awarded_inspections(text)) for _ in range(3)]
    fast = engine.rate_many(copy.deepcopy(mappings), trace=False)
    traced = engine.rate_many(copy.deepcopy(mappings), trace=True)
    for m, fast_r, traced_r in zip(mappings, fast, traced):
        expected = reference.rate(m)
        named = ratings.rate(copy.deepcopy(m), rules=str(path))
        for how, result in (("rate_many", fast_r), ("rate_many(trace)", traced_r), ("rate", named)):
            assert summary(result) == expected, how + show(text, m)
        assert json.dumps(traced_r.to_dict()) == json.dumps(named.to_dict())
        for sid, v in m["judgements"].items():
            if isinstance(v, dict):
                assert named.standards[sid].award is not None and any(
                    t.step == "award" and t.standard == sid for t in named.trace)


@settings(max_examples=30, **SETTINGS)
@given(text=limiting_a_judgement(small=True), data=st.data())
def test_unknowns_with_awards_agree_with_brute_force(text, data):
    """What remains possible, with awards in force, is exactly what the reference evaluator gives over every
    filling-in of the unknowns (each case standard's filled in by the method's witness values)."""
    rules = ratings.load_rules(str(write(text)))
    mapping = data.draw(awarded_inspections(text))
    for sid in list(mapping["judgements"]):
        if not isinstance(mapping["judgements"][sid], dict) and data.draw(st.booleans()):
            mapping["judgements"][sid] = "unknown"
    for sid, entry in mapping["cases"].items():
        if rules.standards[sid].kind == "case" and isinstance(entry, dict) and data.draw(st.booleans()):
            entry[data.draw(st.sampled_from(sorted(entry)))] = "unknown"
    inspection = ratings.Engine(rules).load(mapping)
    assume(inspection.has_unknowns)
    found = ratings.analyses.possible.possibilities(rules, inspection)
    reference = AwardedReference(text)
    seen = {sid: set() for sid in rules.plan.ids}
    overall = set()
    _, comps = components(rules, inspection)
    assume(len(comps) <= 6)
    for choice in itertools.product(*[c.options for c in comps]):
        ranks = {rules.plan.ids[c.index]: rank for c, rank in zip(comps, choice)}
        got = reference.rate(as_file(filled(rules, inspection, ranks), mapping))
        overall.add(got["overall"])
        for sid, (rating, _) in got["standards"].items():
            seen[sid].add(rating)
    assert {str(r) for r in found.overall} == (overall if rules.overall is not None else set())
    assert {sid: {str(r) for r in opts} for sid, opts in found.standards.items()} == seen


def as_file(inspection, mapping):
    """A filled-in inspection as the mapping the reference evaluator reads (the awards as the file gave them)."""
    def value(result):
        if result is None:
            return None
        p = result.percent
        return int(p) if p.denominator == 1 else f"{p.numerator}/{p.denominator}"

    judgements = {sid: mapping["judgements"][sid] if isinstance(mapping["judgements"][sid], dict) else str(rating)
                  for sid, rating in inspection.judgements.items()}
    cases = {sid: "not rated" if given is None else {q: value(r) for q, r in given.items()}
             for sid, given in inspection.cases.items()}
    return {"judgements": judgements, "cases": cases}


# ========================================================================= the README and the schema


def test_the_readme_shows_the_example_file_as_it_is_and_verify_accepts_it():
    readme = (ROOT / "README.md").read_text()
    section = re.search(r"^## A report's published facts, written down as published\n(.*?)(?=^## )", readme,
                        re.S | re.M).group(1)
    shown = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    assert shown == EXAMPLE.read_text()
    assert "$ ratings verify examples/pdu-2024-as-published.yaml\n" \
           "agrees     examples/pdu-2024-as-published.yaml (consistent with the unknowns)\n" in section
    verdict = verify_file(str(EXAMPLE))
    assert (verdict.agrees, verdict.mode) == (True, "consistency")
    data = yaml.safe_load(EXAMPLE.read_text())
    assert {"counts", "score", "ratings", "overall"} <= set(data["published"])
    assert "between" in data["published"]["score"] and "awarded" in data["judgements"]["leadership"]
    assert any(isinstance(v, dict) and "between" in v for v in data["cases"]["assessment"].values())


def test_the_schema_accepts_every_new_form():
    rules = ratings.load_rules("hmip-probation-pdu-2023")
    schema = inspection_schema(rules)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(yaml.safe_load(EXAMPLE.read_text()), schema)
    data = yaml.safe_load(EXAMPLE.read_text())
    data["judgements"]["staffing"] = AWARD  # no rule limits staffing
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
    data = yaml.safe_load(EXAMPLE.read_text())
    data["cases"]["planning"] = {"mean": {"between": [40, 60]}, "keeping_safe": 44}
    data["published"]["max_score"] = {"between": [18, 21]}
    jsonschema.validate(data, schema)


def test_the_fast_path_leaves_these_shapes_to_the_ordinary_path_with_equal_results():
    """Awards, ranges and figures are not the fast path's shape: Engine.rate_many hands them on, and the
    results are those of rating each file alone."""
    engine = ratings.Engine("hmip-probation-pdu-2021")
    mappings = [cheshire_west(judgements__leadership=AWARD),
                cheshire_west(cases__assessment__keeping_safe={"between": [33, 40]}),
                cheshire_west(cases__planning={"lowest": 45}),
                cheshire_west(judgements__leadership=AWARD, cases__reviewing={"mean": {"between": [50, 70]}})]
    for trace in (False, True):
        many = engine.rate_many(copy.deepcopy(mappings), trace=trace)
        for m, result in zip(mappings, many):
            alone = engine.evaluate(engine.load(copy.deepcopy(m)), trace=trace)
            assert json.dumps(result.to_dict()) == json.dumps(alone.to_dict())
            assert json.dumps(ratings.rate(copy.deepcopy(m), trace=trace).to_dict()) == json.dumps(alone.to_dict())


def test_the_report_page_shows_the_award_and_the_range(tmp_path):
    out = tmp_path / "report.html"
    run = CliRunner().invoke(main, ["report", str(EXAMPLE), "-o", str(out)])
    assert run.exit_code == 0, run.output
    page = out.read_text()
    assert "awarded above decision rule leadership-limited-by-case-supervision (limit Requires improvement)" in page
    assert "keeping_safe from 33% to 40%" in page


@pytest.mark.parametrize("given, shown", [({"between": [50, 55]}, "progress 50-55%"), ("unknown", "progress unknown"),
                                          (None, "progress n/a"), (53, "progress 53%")])
def test_an_information_standard_shows_its_result_as_given(given, shown):
    """A range or 'unknown' for a key question reported for information is shown as such, not as 'n/a' (which
    says no case applied)."""
    from ratings.frontends.render import result_text

    text = result_text(ratings.rate(cheshire_west(cases__outcomes__progress=given)))
    assert re.search(rf"2\.6 +Outcomes +for information +{re.escape(shown)}; never rated", text)


def test_rows_with_unknowns_keep_what_each_standard_s_measure_is_known_to_be():
    """A result with unknowns says beside each case standard what its measure is known to be: the range its
    lowest key question can take, the figure the report gave, and for a standard known in full its lowest
    key question as any result shows it — never a blank where the page had something to say."""
    run = CliRunner().invoke(main, ["rate", str(EXAMPLES / "pdu-2024-as-published.yaml")])
    rows = {line[:33].strip(): line[33:] for line in run.stdout.splitlines()[:16]}
    assert rows["2.1  Assessment"].split() == ["Inadequate", "lowest:", "33-40%"]  # keeping_safe between 33 and 40
    assert rows["2.2  Planning"].split() == ["Requires", "improvement", "lowest:", "58%"]  # {lowest: 58}
    assert "lowest: keeping_safe 44%;" in rows["2.3  Implementation and delivery"]  # known in full
