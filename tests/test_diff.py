"""`ratings rules diff A B`: the exact number of situations (every judgement and case rating, Not rated
included) in which two rule sets rate differently, per output, with the simplest example of each.

The figures are checked against brute force: on the 2021 PDU rule set against a copy whose Leadership
trigger is "at least a quarter" (not "half") of the rated domain two standards Inadequate, by counting in
closed form and by settling every situation where the two could differ under both rule sets; and on small
generated rule sets against a changed copy, by rating every situation with the reference evaluator of
tests/test_generated_rule_sets.py (independent of the package's code)."""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
from fractions import Fraction
from math import comb
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings, strategies as st

import ratings
from ratings.analyses.diff import cells, diff
from ratings.frontends.cli import main
from ratings.testing.rule_set_strategies import band_list, rule_set_texts

from conftest import ROOT, CliRunner
from test_generated_rule_sets import Reference, parsed

PDU = ROOT / "rules" / "hmip-probation-pdu-2021.yaml"
JUDGED = ("leadership", "staff", "services", "information_and_facilities")
CASE = ("court_work", "assessment", "planning", "implementation_and_delivery", "reviewing")


def copy_of_pdu(folder: Path, name: str, *edits: tuple[str, str]) -> Path:
    text = PDU.read_text().replace("id: hmip-probation-pdu-2021", f"id: {name}", 1)
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = folder / f"{name}.yaml"
    path.write_text(text)
    return path


@pytest.fixture(scope="module")
def quarter(tmp_path_factory) -> Path:
    return copy_of_pdu(tmp_path_factory.mktemp("diff"), "pdu-quarter",
                       ("      at_least_share: 1/2\n", "      at_least_share: 1/4\n"))


def run(*args: str):
    return CliRunner().invoke(main, ["rules", "diff", *args])


# ------------------------------------------------------------------------------ the 2021 PDU rule set


def test_the_leadership_trigger_at_a_quarter_differs_in_270000_of_1953125_situations(quarter):
    """The figures the README quotes, from the command's JSON; exit code 1 as something differs."""
    out = run("hmip-probation-pdu-2021", str(quarter), "--format", "json")
    assert out.exit_code == 1, out.output
    data = json.loads(out.stdout)
    assert (data["situations"], data["differ"]) == (5 ** 9, 270_000)
    assert {d["field"]: d["situations"] for d in data["differences"]} == \
        {"overall": 66_822, "score": 270_000, "leadership": 270_000}
    assert data["only_in_first"] == data["only_in_second"] == []


def test_the_leadership_figure_in_closed_form():
    """Leadership differs exactly when the judgement is Good or Outstanding (2 of 5 values) and, of the m
    rated domain two standards, k Inadequate with 1/4 <= k/m < 1/2; the other three judgements are free
    (5^3). Counting the case ratings: choose the m rated of 5, the k Inadequate of those, and one of the three
    other ratings for the rest."""
    ways = sum(comb(5, m) * comb(m, k) * 3 ** (m - k) for m in range(1, 6) for k in range(m + 1)
               if Fraction(1, 4) <= Fraction(k, m) < Fraction(1, 2))
    assert ways == 1080
    assert ways * 2 * 5 ** 3 == 270_000


def test_every_situation_where_the_trigger_differs_settled_under_both(quarter):
    """Brute force over every situation in which the two rule sets could differ at all. They differ in one
    decision rule's share only, which lowers Leadership only from Good or Outstanding: anywhere else they
    apply the same rules to the same ratings. There, every situation is settled under both rule sets (the
    plan's settle, one situation at a time); the counts of differing outputs are the command's."""
    first, second = ratings.load_rules("hmip-probation-pdu-2021"), ratings.load_rules(str(quarter))
    values = [-1, 1, 2, 3, 4]  # Not rated, then the ranks worst first
    counts = {"overall": 0, "score": 0, "leadership": 0, "any": 0}
    others = list(itertools.product(values, repeat=len(JUDGED) - 1))
    for case_ranks in itertools.product(values, repeat=len(CASE)):
        rated = [r for r in case_ranks if r >= 0]
        if not rated or not Fraction(1, 4) <= Fraction(sum(r == 1 for r in rated), len(rated)) < Fraction(1, 2):
            continue  # the two triggers agree: nothing can differ
        for leadership in (3, 4):
            for judged in others:
                outcomes = []
                for plan in (first.plan, second.plan):
                    ranks = plan.base()
                    for sid, rank in zip(CASE + JUDGED, case_ranks + (leadership,) + judged):
                        ranks[plan.index[sid]] = rank
                    score, n, overall = plan.settle(ranks, [])
                    outcomes.append((ranks[plan.index["leadership"]], (score, n), overall))
                (lead_a, score_a, overall_a), (lead_b, score_b, overall_b) = outcomes
                counts["leadership"] += lead_a != lead_b
                counts["score"] += score_a != score_b
                counts["overall"] += overall_a != overall_b
                counts["any"] += outcomes[0] != outcomes[1]
    assert counts == {"overall": 66_822, "score": 270_000, "leadership": 270_000, "any": 270_000}


def test_each_example_is_an_inspection_rated_as_the_diff_says(quarter, tmp_path):
    """Each difference's example, written to a file, is rated by `ratings rate` under each rule set to the
    values the diff gives, which differ; the text output shows the same."""
    data = json.loads(run("hmip-probation-pdu-2021", str(quarter), "--format", "json").stdout)
    for d in data["differences"]:
        path = tmp_path / f"{d['field']}.yaml"
        path.write_text(yaml.safe_dump(d["example"]))
        got = []
        for rules in ("hmip-probation-pdu-2021", str(quarter)):
            out = CliRunner().invoke(main, ["rate", str(path), "--rules", rules, "--format", "json"])
            result = json.loads(out.stdout)
            got.append({"overall": result["overall"], "score": f"{result['score']}/{result['max_score']}"}.get(
                d["field"], result["standards"].get(d["field"], {}).get("rating")))
        assert got == [d["first"], d["second"]] and got[0] != got[1], d
    text = run("hmip-probation-pdu-2021", str(quarter)).stdout
    assert "differ in 270,000 of 1,953,125 situations (13.8%)" in text
    assert "1.1 Leadership differs in 270,000 situations; the same example gives Outstanding under " \
           "hmip-probation-pdu-2021 and Requires improvement under" in text


def test_a_rule_set_against_itself_differs_nowhere():
    out = run("hmip-probation-pdu-2021", "hmip-probation-pdu-2021")
    assert out.exit_code == 0, out.output
    assert "agree in all 1,953,125 situations" in out.stdout
    data = json.loads(run("hmip-probation-pdu-2021", str(PDU), "--format", "json").stdout)
    assert (data["situations"], data["differ"], data["differences"]) == (5 ** 9, 0, [])


def test_bands_that_differ_split_a_case_rating_into_finer_situations(tmp_path):
    """With Good from 60% rather than 65%, each case standard has six values (60% to 65% is Requires
    improvement under one and Good under the other); the example for a case standard sits there."""
    lower = copy_of_pdu(tmp_path, "pdu-good-from-60",
                        ("{rating: Good, words: reasonable majority, at_least: 65, below: 80}",
                         "{rating: Good, words: reasonable majority, at_least: 60, below: 80}"),
                        ("{rating: Requires improvement, words: too few, at_least: 50, below: 65}",
                         "{rating: Requires improvement, words: too few, at_least: 50, below: 60}"))
    answer = diff(ratings.load_rules("hmip-probation-pdu-2021"), ratings.load_rules(str(lower)), max_seconds=None)
    assert answer.situations == 6 ** 5 * 5 ** 4
    assessment = next(d for d in answer.differences if d.field == "assessment")
    assert (assessment.first, assessment.second) == ("Requires improvement", "Good")
    assert 60 <= min(assessment.example["cases"]["assessment"].values()) < 65
    # one in six values of assessment, whatever the rest: its own rating differs in exactly that sixth
    assert assessment.situations == answer.situations // 6


def test_cells_are_the_stretches_both_band_sets_rate_alike():
    pdu = ratings.load_rules("hmip-probation-pdu-2021").band_sets["case-bands"]
    assert cells(pdu, pdu) == [((4, 4), 90), ((3, 3), 72), ((2, 2), 57), ((1, 1), 25)]


def test_standards_in_one_rule_set_only_are_listed_and_vary(tmp_path):
    """A copy without Information and facilities: listed; the situations still give it every value (for the
    first rule set); the score's example comes in both shapes, each rated under its own rule set."""
    text = PDU.read_text()
    start = text.index("      - id: information_and_facilities\n")
    end = text.index("  - id: court_work_and_case_supervision\n")
    path = tmp_path / "without.yaml"
    path.write_text(text[:start] + "\n" + text[end:])
    out = run("hmip-probation-pdu-2021", str(path), "--format", "json")
    data = json.loads(out.stdout)
    assert out.exit_code == 1
    assert data["only_in_first"] == ["information_and_facilities"] and data["only_in_second"] == []
    assert data["situations"] == 5 ** 9
    score = next(d for d in data["differences"] if d["field"] == "score")
    assert "information_and_facilities" in score["example"]["judgements"]
    assert "information_and_facilities" not in score["example_second"]["judgements"]
    for mapping, rules, shown in ((score["example"], "hmip-probation-pdu-2021", score["first"]),
                                  (score["example_second"], str(path), score["second"])):
        result = ratings.rate(mapping, rules)
        assert f"{result.score}/{result.max_score}" == shown
    assert "Only in hmip-probation-pdu-2021: 1.4 Information and facilities (judged)." in \
        run("hmip-probation-pdu-2021", str(path)).stdout


@pytest.mark.parametrize("edit, message", [
    (lambda text: text.replace("Good", "Fine"), "a diff compares rule sets with the same ratings"),
    (lambda text: text.replace("  method: lowest_key_question\n", "  method: mean_key_questions\n"),
     "is rated by lowest_key_question in hmip-probation-pdu-2021 and by mean_key_questions in"),
    (lambda text: text.replace("          keeping_safe: Does planning", "          safety: Does planning"),
     "case standard planning has key questions engagement, desistance, keeping_safe in"),
], ids=["scale", "method", "key questions"])
def test_rule_sets_that_cannot_be_compared_are_refused(tmp_path, edit, message):
    """Different ratings, or a case standard rated another way (another method, other key questions): the
    same inspection would not stand for the same situation under both; one error line, exit code 1."""
    path = tmp_path / "other.yaml"
    path.write_text(edit(PDU.read_text()))
    ratings.load_rules(str(path))  # a valid rule set
    out = run("hmip-probation-pdu-2021", str(path))
    assert out.exit_code == 1
    assert out.stderr.startswith("Error: ") and message in out.stderr, out.stderr


def test_the_time_budget_stops_the_search(quarter):
    out = run("hmip-probation-pdu-2021", str(quarter), "--max-seconds", "0.001")
    assert out.exit_code == 1
    assert out.stderr.startswith("Error: gave up after 0.001 s: compared hmip-probation-pdu-2021 and ")
    assert "--max-seconds" in out.stderr


# -------------------------------------------------------------------- generated rule sets, brute force

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                      HealthCheck.filter_too_much])


@st.composite
def changed(draw, text: str) -> str:
    """The rule set with one or two changes an analyst might make: new bands for a band set or the overall,
    a decision rule allowing another rating, a decision rule dropped, other points, the measure rounded."""
    doc = copy.deepcopy(parsed(text))
    names = [r["name"] for r in doc["scale"]["ratings"]]
    worst_first = names[::-1]
    for _ in range(draw(st.integers(1, 2))):
        how = draw(st.sampled_from(["bands", "at_most", "drop", "points", "overall", "rounding"]))
        rules = doc.get("decision_rules") or []
        if how == "bands":
            bid = draw(st.sampled_from(sorted(doc["bands"])))
            doc["bands"][bid]["bands"] = band_list(draw, Fraction(0), Fraction(100), worst_first, 3)
        elif how == "at_most" and rules:
            draw(st.sampled_from(rules))["at_most"] = draw(st.sampled_from(names))
        elif how == "drop" and rules:
            rules.remove(draw(st.sampled_from(rules)))
        elif how == "points":
            top = doc["scale"]["ratings"][0]["points"]
            points = sorted(draw(st.lists(st.integers(0, 9), min_size=len(names), max_size=len(names),
                                          unique=True)), reverse=True)
            points = [p - points[0] + top for p in points]  # the same top, so score tables still fit
            if points[-1] >= 0:
                for rating, p in zip(doc["scale"]["ratings"], points):
                    rating["points"] = p
        elif how == "rounding":  # the measure rounded before banding, or no longer (a band emptied: refused)
            band_set = doc["bands"][draw(st.sampled_from(sorted(doc["bands"])))]
            if band_set.pop("rounding", None) is None:
                band_set["rounding"] = {"places": draw(st.integers(0, 1)), "half": draw(st.sampled_from(["up", "even"]))}
        elif how == "overall" and "bands" in doc["overall"]:
            top = doc["scale"]["ratings"][0]["points"]
            doc["overall"]["bands"] = band_list(draw, Fraction(0), Fraction(top), worst_first, 3)
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120)


def written(folder: Path, text: str) -> Path:
    path = folder / f"{hashlib.sha256(text.encode()).hexdigest()[:16]}.yaml"
    path.write_text(text)
    return path


def brute_force(first: str, second: str) -> tuple[int, dict[str, int], int]:
    """Every situation, rated by the reference evaluator under both rule sets: how many there are, how many
    differ in each output, and how many differ at all. A case standard's values are found by trying every
    band edge of both rule sets and the middle of each stretch between (all its key questions at that
    percentage), keeping one percentage for each pair of bands met."""
    refs = [Reference(first), Reference(second)]
    docs = [parsed(first), parsed(second)]
    inputs = []
    for d in docs[0]["domains"]:
        for s in d["standards"]:
            if s["kind"] == "judged":
                inputs.append((s, refs[0].scales[s.get("scale")] + ["not rated"]))  # its scale's ratings
            elif s["kind"] == "case":
                inputs.append((s, values_of(s, refs, docs) + ["not rated"]))
            elif s["kind"] == "scored":
                inputs.append((s, scores_of(s, refs)))
    fields = ["overall", "score"] + refs[0].rated
    differ = dict.fromkeys(fields, 0)
    total = anything = 0
    for values in itertools.product(*(v for _, v in inputs)):
        inspection = {"judgements": {}, "cases": {}, "scores": {}}
        for (s, _), value in zip(inputs, values):
            if s["kind"] == "judged":
                inspection["judgements"][s["id"]] = value
            elif s["kind"] == "scored":
                inspection["scores"][s["id"]] = value
            else:
                inspection["cases"][s["id"]] = value if isinstance(value, str) else \
                    {q: {"yes": (value / 100).numerator, "of": (value / 100).denominator} for q in s["key_questions"]}
        a, b = (ref.rate(inspection) for ref in refs)
        total += 1
        found = [f for f in fields if _field(a, f) != _field(b, f)]
        anything += bool(found)
        for f in found:
            differ[f] += 1
    return total, {f: n for f, n in differ.items() if n}, anything


def values_of(standard, refs, docs) -> list[Fraction]:
    ids = [s.get("bands", next(iter(ref.band_sets))) for ref, s in zip(refs, (standard, _standard(docs[1],
                                                                                                  standard["id"])))]
    bands = [ref.band_sets[bid] for ref, bid in zip(refs, ids)]
    written = sorted({b[1] for bs in bands for b in bs} | {b[3] for bs in bands for b in bs})
    # a band set that rounds its measure has its edges half a step below the grid points next to the written
    # ones: values at and about those too
    near = set()
    for e in written:
        for p in (0, 1, 2):
            step = Fraction(1, 10 ** p)
            for grid in (-(-e // step) * step, (e // step + 1) * step):
                near |= {grid - step / 2 + nudge for nudge in (Fraction(0), Fraction(-1, 10 ** 6),
                                                               Fraction(1, 10 ** 6))}
    edges = sorted({v for v in set(written) | near if 0 <= v <= 100})
    trials = edges + [(x + y) / 2 for x, y in zip(edges, edges[1:])]
    seen = {}
    for v in trials:
        seen.setdefault(tuple(ref.band_rank(bid, v) for ref, bid in zip(refs, ids)), v)
    return list(seen.values())


def scores_of(standard, refs) -> list:
    """A scored standard's situations: every way of scoring its items (each in its range, or not scored),
    and 'not rated', kept once for each pair of ratings the two rule sets give it."""
    low, high = standard["scores"]["lowest"], standard["scores"]["highest"]
    seen = {}
    for scores in itertools.product(*([None, *range(low, high + 1)] for _ in standard["items"])):
        given = dict(zip(standard["items"], scores))
        seen.setdefault(tuple(ref.case_rank(standard["id"], given) for ref in refs), given)
    seen.setdefault((-1, -1), "not rated")
    return list(seen.values())


def _standard(doc, sid):
    return next(s for d in doc["domains"] for s in d["standards"] if s["id"] == sid)


def _field(outcome, field):
    if field == "overall":
        return outcome["overall"]
    if field == "score":
        return (outcome["score"], outcome["max_score"])
    return outcome["standards"][field][0]


@settings(max_examples=25, **SETTINGS)
@given(text=st.one_of(rule_set_texts(small=True), rule_set_texts(small=True, scored=True)), data=st.data())
def test_the_diff_of_generated_rule_sets_agrees_with_brute_force(tmp_path_factory, text, data):
    """On small generated rule sets and a changed copy: the number of situations, of those that differ, and
    of those that differ in each output, are brute force's; each example rates as the diff says under both
    (through ratings.rate, from the mapping)."""
    other = data.draw(changed(text))
    folder = tmp_path_factory.getbasetemp()
    paths = [written(folder, t) for t in (text, other)]
    try:
        second = ratings.load_rules(str(paths[1]))
    except ratings.RatingsError:
        assume(False)  # a change the format refuses (a score table no longer fitting, say)
    answer = diff(ratings.load_rules(str(paths[0])), second, max_seconds=None)
    total, per_field, anything = brute_force(text, other)
    assert answer.situations == total
    assert answer.differ == anything
    assert {d.field: d.situations for d in answer.differences} == per_field
    for d in answer.differences:
        got = []
        for path in paths:
            result = ratings.rate(d.example, str(path))
            got.append(str(result.overall) if d.field == "overall" else
                       f"{result.score}/{result.max_score}" if d.field == "score" else
                       str(result.standards[d.field].rating))
        assert got == [d.first, d.second] and got[0] != got[1]


def test_the_search_keeps_its_states_within_the_memory_bound(monkeypatch):
    """Issue 23 (6): past the bound on the states it keeps (the memory bound documented in
    docs/command-line.md), the diff stops with an error saying so, without having grown past it. Here the bound
    is lowered to a tenth of what CRC 2018 against NPS 2019 needs, and the memory traced (Python's allocations)
    stays within what that many states take."""
    import tracemalloc

    import ratings.analyses.diff as module

    monkeypatch.setattr(module, "MAX_KEPT", 400_000)
    first, second = (ratings.load_rules(r) for r in ("hmip-probation-crc-2018", "hmip-probation-nps-2019"))
    tracemalloc.start()
    try:
        with pytest.raises(ratings.RatingsError, match=r"the comparison needs to keep more than 400,000 states "
                                                       r"\(about 44 MB; "):
            diff(first, second, max_seconds=None)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    final_states = 718_500  # the final layer of the count, kept beside the cheapest ways (see the module)
    assert peak < (final_states + 400_000) * module.BYTES_PER_STATE * 2


def test_the_hardest_bundled_pair_fits_the_bound(monkeypatch):
    """CRC 2018 against NPS 2019 (the largest search of any two bundled rule sets) keeps fewer states than the
    bound, so it is answered."""
    import ratings.analyses.diff as module

    kept = []

    class Counting(module._Search):
        def cheapest(self, costs):
            layers = super().cheapest(costs)
            kept.append(self.kept)
            return layers

    monkeypatch.setattr(module, "_Search", Counting)
    first, second = (ratings.load_rules(r) for r in ("hmip-probation-crc-2018", "hmip-probation-nps-2019"))
    assert diff(first, second, max_seconds=None).situations == 244_140_625
    assert 3_000_000 < max(kept) <= module.MAX_KEPT
