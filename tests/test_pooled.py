"""Pooled case data: several units' counts (the PDUs of a region) for a key question are added up exactly,
the explanation says so, the JSON carries the units, and everything else (the fast path, margins, gap,
confidence, unknowns, verify) gives what the summed counts give."""

from __future__ import annotations

import copy
import json
import re
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import ratings
from ratings.engine.compile import fast_path
from ratings.frontends.cli import main
from ratings.model.objects import PooledResult, UnitCount
from ratings.testing import inspections

from conftest import EXAMPLES, CliRunner, rate_ordinary

TRUST = re.compile(r"(?: Rules? [^.]* (?:is|are) (?:inferred|assumed), not confirmed\.)+$")


def said_and_trust(reason: str) -> tuple[str, str]:
    """A sentence split into what it says and its closing words on the confidence of the rules applied."""
    found = TRUST.search(reason)
    return (reason[:found.start()], found.group()) if found else (reason, "")

REGION = EXAMPLES / "region-2024.yaml"
KINDS = Path(__file__).parent / "rulesets" / "kinds.yaml"  # has a standard rated by mean_key_questions
RULE_SETS = ["hmip-probation-region-2023", "hmip-probation-pdu-2023", str(KINDS)]


# ------------------------------------------------------------------------------------ splitting counts


@st.composite
def split(draw, counts, names):
    """``{yes, of}`` (or None) split among the units ``names``: each applicable case goes to a unit, the first
    ``yes`` of them judged 'Yes'; a unit given no case has no applicable cases (None)."""
    if counts is None:
        return {n: None for n in names}
    homes = draw(st.lists(st.integers(0, len(names) - 1), min_size=counts["of"], max_size=counts["of"]))
    out = {}
    for i, n in enumerate(names):
        of = homes.count(i)
        out[n] = {"yes": homes[:counts["yes"]].count(i), "of": of} if of else None
    return out


@st.composite
def pooled(draw, mapping):
    """The same inspection with some case standards given unit by unit (the standard's form) and some key
    questions given as units (the key question's form); the summed counts are those of ``mapping``."""
    out = copy.deepcopy(mapping)
    for sid, entry in out.get("cases", {}).items():
        if not isinstance(entry, dict):
            continue
        names = draw(st.lists(st.sampled_from(["North PDU", "Central PDU", "South PDU", "East PDU"]),
                              min_size=1, max_size=4, unique=True))
        form = draw(st.sampled_from(["as given", "standard", "key questions"]))
        if form == "standard":
            columns = {q: draw(split(c, names)) for q, c in entry.items()}
            units = {n: {q: columns[q][n] for q in entry} for n in names}
            out["cases"][sid] = {"units": {n: (None if all(v is None for v in u.values()) else u)
                                           for n, u in units.items()}}
        elif form == "key questions":
            for q, c in entry.items():
                if draw(st.booleans()):
                    entry[q] = {"units": draw(split(c, names))}
    return out


def draws(rules):
    return inspections(rules, not_rated=True, edges=True, max_cases=30)


def without_units(value):
    """A result's JSON without the units (the one thing the summed counts cannot give) and the trace's
    sentences (checked apart)."""
    value = copy.deepcopy(value)
    for s in value["standards"].values():
        s.pop("units", None)
    value.pop("trace")
    return value


# -------------------------------------------------------------------------------------- the example


def test_a_regional_file_with_three_pdus_counts_rates_and_explains_the_pooling():
    run = CliRunner().invoke(main, ["rate", str(REGION)])
    assert run.exit_code == 0, run.output
    text = " ".join(run.stdout.split())
    assert "Rated under hmip-probation-region-2023" in text and "Score 12/24" in text
    assert ("2.1 Desistance is Requires improvement: its lowest key question, \"Does planning focus "
            "sufficiently on reducing reoffending and supporting desistance?\", was judged 'Yes' in 36 of 60 cases "
            "(60%), in the band 50% to under 65% ('too few'). Pooled from 3 units (North PDU, Central PDU and "
            "South PDU): each key question counts the cases judged 'Yes' in all the units over the applicable "
            "cases in all the units; the key question quoted: North PDU 12 of 20, Central PDU 13 of 18 and South PDU 11 of 22, "
            "36 of 60 in all.") in text
    assert "the key question quoted: North PDU 3 of 6 and Central PDU 4 of 7, 7 of 13 in all (South PDU had no applicable cases)" \
        in text
    assert "(paraphrase; pooled from 3 units)" in text
    unpaid = next(line for line in run.stdout.splitlines() if "2.4 Unpaid work is Good" in line)
    assert "Pooled" not in unpaid  # the region's own sample is not pooled


def test_the_json_carries_each_units_counts_beside_the_pooled_counts():
    run = CliRunner().invoke(main, ["rate", str(REGION), "--format", "json"])
    result = json.loads(run.stdout)
    desistance = result["standards"]["desistance"]
    assert desistance["counts"]["planning"] == {"yes": 36, "of": 60}
    assert desistance["lowest"] == {"question": "planning", "percent": 60.0, "yes": 36, "of": 60}
    assert desistance["units"]["planning"] == {"North PDU": {"yes": 12, "of": 20}, "Central PDU": {"yes": 13, "of": 18},
                                               "South PDU": {"yes": 11, "of": 22}}
    assert result["standards"]["resettlement"]["units"]["engagement"]["South PDU"] is None
    assert set(result["standards"]["court_work"]["units"]) == {"engagement", "desistance", "keeping_safe"}
    assert "units" not in result["standards"]["unpaid_work"]


def test_both_forms_read_to_the_same_pooled_results():
    inspection = ratings.Engine("hmip-probation-region-2023").load(REGION)
    planning = inspection.cases["desistance"]["planning"]
    assert planning == PooledResult(Fraction(60), 36, 60, (UnitCount("North PDU", 12, 20),
                                                           UnitCount("Central PDU", 13, 18),
                                                           UnitCount("South PDU", 11, 22)))
    court = inspection.cases["court_work"]["keeping_safe"]
    assert (court.yes, court.of, court.percent, len(court.units)) == (10, 15, Fraction(200, 3), 3)


def test_pooling_adds_cases_and_does_not_average_percentages():
    mapping = {"rules": "hmip-probation-region-2023", "judgements": {"leadership": "Good", "staffing": "Good"},
               "cases": {s: {q.id: 70 for q in std.key_questions} for s, std in
                         ratings.load_rules("hmip-probation-region-2023").standards.items() if std.kind == "case"}}
    mapping["cases"]["desistance"]["assessment"] = {"units": {"A": {"yes": 1, "of": 2}, "B": {"yes": 27, "of": 30}}}
    mapping["cases"]["desistance"].update(planning=90, implementation_and_delivery=90, reviewing=90)
    result = ratings.rate(mapping)
    assert result.standards["desistance"].rating == "Outstanding"  # 28 of 32 is 87.5%; the mean of 50 and 90 is 70
    assert result.standards["desistance"].results["assessment"].percent == Fraction(175, 2)


# ------------------------------------------------------------------------------------ the same as summed


@pytest.mark.parametrize("rule_set", RULE_SETS)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_pooled_data_rates_as_the_summed_counts_and_says_it_was_pooled(rule_set, data):
    rules = ratings.load_rules(rule_set)
    summed = data.draw(draws(rules))
    units = data.draw(pooled(summed))
    expected, got = ratings.rate(summed, rules), ratings.rate(units, rules)
    assert without_units(got.to_dict()) == without_units(expected.to_dict())
    for before, after in zip(expected.trace, got.trace):
        assert (before.rule, before.standard, before.step) == (after.rule, after.standard, after.step)
        # the pooling is said inside the sentence, before what it says of the rules' confidence
        (before_said, before_trust), (after_said, after_trust) = map(said_and_trust, (before.reason, after.reason))
        assert after_said.startswith(before_said[:-1]) and after_trust == before_trust
    for sid, entry in units.get("cases", {}).items():
        results = got.standards[sid].results if sid in got.standards else None
        pools = [r for r in (results or {}).values() if isinstance(r, PooledResult)]
        sentence = next(t.reason for t in got.trace if t.standard == sid and t.step in ("band", "not_rated"))
        assert ("Pooled from" in sentence) == (bool(pools) and got.standards[sid].rating.rated)


@pytest.mark.parametrize("rule_set", RULE_SETS)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_pooled_files_leave_the_fast_path_and_agree_with_the_ordinary_path(rule_set, data):
    rules = ratings.load_rules(rule_set)
    engine = ratings.Engine(rules)
    mappings = [data.draw(pooled(data.draw(draws(rules)))) for _ in range(3)]
    for trace in (False, True):
        fast = engine.rate_many(copy.deepcopy(mappings), trace=trace)
        slow = [rate_ordinary(copy.deepcopy(m), rules, trace=trace) for m in mappings]
        assert fast == slow
        assert [json.dumps(r.to_dict()) for r in fast] == [json.dumps(r.to_dict()) for r in slow]


def test_the_fast_path_refuses_pooled_shapes():
    rules = ratings.load_rules("hmip-probation-region-2023")
    summed = {"judgements": {"leadership": "Good", "staffing": "Good"},
              "cases": {s: {q.id: {"yes": 7, "of": 10} for q in std.key_questions}
                        for s, std in rules.standards.items() if std.kind == "case"}}
    fast_path(rules)(summed)  # the common shape: taken
    per_question = copy.deepcopy(summed)
    per_question["cases"]["court_work"]["engagement"] = {"units": {"A": {"yes": 3, "of": 4}, "B": {"yes": 4, "of": 6}}}
    per_standard = copy.deepcopy(summed)
    per_standard["cases"]["victim_work"] = {"units": {"A": {q: {"yes": 7, "of": 10} for q in
                                                             ("engagement", "desistance", "keeping_safe")}}}
    for mapping in (per_question, per_standard):
        with pytest.raises(Exception):
            fast_path(rules)(mapping)
        assert ratings.Engine(rules).rate_many([mapping])[0] == rate_ordinary(mapping, rules, trace=False)


# ------------------------------------------------------------------------------------------- analyses


@pytest.mark.parametrize("rule_set", ["hmip-probation-region-2023", str(KINDS)])
@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_gap_counts_in_pooled_cases(rule_set, data):
    rules = ratings.load_rules(rule_set)
    summed = data.draw(inspections(rules, max_cases=12))
    units = data.draw(pooled(summed))
    target = data.draw(st.sampled_from([str(r) for r in rules.scale]))
    expected, got = ratings.gap(summed, target, rules=rules), ratings.gap(units, target, rules=rules)
    assert (got.reachable, got.extra, got.unit) == (expected.reachable, expected.extra, expected.unit)
    moves = lambda answer: [(c.standard, c.question, c.before.yes, c.before.of, c.after.yes) for c in answer.changes]
    assert moves(got) == moves(expected)
    if got.changes:
        assert without_units(got.result.to_dict()) == without_units(expected.result.to_dict())


def test_gap_text_says_a_change_is_to_pooled_cases():
    run = CliRunner().invoke(main, ["gap", str(REGION), "--target", "Good"])
    assert run.exit_code == 0, run.output
    assert "2.2 Public protection  planning  29 -> 30 of 60 (pooled from 3 units)  +1" in run.stdout


@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_confidence_comes_from_the_pooled_counts_and_says_so(data):
    rules = ratings.load_rules("hmip-probation-region-2023")
    summed = data.draw(inspections(rules, max_cases=20))
    units = data.draw(pooled(summed))
    expected, got = ratings.confidence(summed, rules=rules), ratings.confidence(units, rules=rules)
    assert (got.standards, got.overall) == (expected.standards, expected.overall)
    is_pooled = ratings.Engine(rules).load(units).has_pooled
    assert any("pooled from several units" in a for a in got.assumptions) == is_pooled
    assert not any("pooled" in a for a in expected.assumptions)


@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_unknowns_beside_pooled_data_give_what_the_summed_counts_give(data):
    rules = ratings.load_rules("hmip-probation-region-2023")
    summed = data.draw(inspections(rules, max_cases=20, not_rated=True))
    summed["judgements"]["leadership"] = "unknown"
    # one key question (given as summed counts in both) unknown too
    sid = data.draw(st.sampled_from([s for s, e in summed["cases"].items() if isinstance(e, dict)] or [None]))
    units = data.draw(pooled(summed))
    if sid is not None:
        question = next(iter(summed["cases"][sid]))
        summed["cases"][sid][question] = "unknown"
        if "units" in units["cases"][sid]:
            units["cases"][sid] = copy.deepcopy(summed["cases"][sid])
        else:
            units["cases"][sid][question] = "unknown"
    expected, got = ratings.rate(summed, rules), ratings.rate(units, rules)
    assert got.possible == expected.possible
    assert (got.overall, got.score) == (expected.overall, expected.score)


def test_verify_compares_a_pooled_file_with_what_was_published(tmp_path):
    text = REGION.read_text(encoding="utf-8")
    agrees = tmp_path / "agrees.yaml"
    agrees.write_text(text + "published:\n  ratings: {public_protection: Inadequate, victim_work: Outstanding}\n"
                             "  score: 12\n  max_score: 24\n  overall: Requires improvement\n", encoding="utf-8")
    differs = tmp_path / "differs.yaml"
    differs.write_text(text + "published:\n  ratings: {desistance: Good}\n", encoding="utf-8")
    run = CliRunner().invoke(main, ["verify", str(agrees), str(differs), "--format", "json"])
    assert run.exit_code == 1
    report = json.loads(run.stdout)
    assert (report["agree"], report["disagree"]) == (1, 1)
    (difference,) = next(f for f in report["files"] if f["file"].endswith("differs.yaml"))["differences"]
    assert difference == {"field": "ratings.desistance", "published": "Good", "computed": "Requires improvement"}


# -------------------------------------------------------------------------------------------- refusals


BASE = {"rules": "hmip-probation-region-2023", "judgements": {"leadership": "Good", "staffing": "Good"},
        "cases": {"desistance": {"assessment": 70, "planning": 70, "implementation_and_delivery": 70, "reviewing": 70},
                  "public_protection": {"assessment": 70, "planning": 70, "implementation_and_delivery": 70,
                                        "reviewing": 70},
                  "resettlement": {"engagement": 70, "desistance": 70, "keeping_safe": 70},
                  "unpaid_work": {"engagement": 70, "desistance": 70, "keeping_safe": 70},
                  "court_work": {"engagement": 70, "desistance": 70, "keeping_safe": 70},
                  "victim_work": {"engagement": 70, "desistance": 70, "keeping_safe": 70}}}


@pytest.mark.parametrize("units, key, message", [
    ({"A": {"yes": 3, "of": 4}, "B": 60}, "cases.court_work.engagement.units.B",
     "a unit's result must be counts, not the number 60: pooling adds up cases"),
    ({"A": {"yes": 3, "of": 4}, "B": {"percent": 60, "of": 10}}, "cases.court_work.engagement.units.B",
     "a unit's result must be counts, not a percentage"),
    ({"A": "unknown"}, "cases.court_work.engagement.units.A",
     "a unit's result cannot be unknown: pooling needs every unit's counts"),
    ({"A": {"yes": 5, "of": 4}}, "cases.court_work.engagement.units.A.yes", "'yes' cannot be more than 'of'"),
    ({}, "cases.court_work.engagement.units", "found an empty mapping"),
    ({"A": {"yes": 1, "of": 2}, " A ": {"yes": 1, "of": 2}}, "cases.court_work.engagement.units. A ",
     "the unit 'A' is given twice"),
])
def test_a_unit_must_give_counts_that_pool_exactly(units, key, message):
    mapping = copy.deepcopy(BASE)
    mapping["cases"]["court_work"]["engagement"] = {"units": units}
    with pytest.raises(ratings.RatingsError) as info:
        ratings.rate(mapping)
    assert info.value.key == key and message in info.value.message


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_the_schema_accepts_both_pooled_forms_and_refuses_a_units_percentage(data):
    import jsonschema

    from ratings.frontends.schema import inspection_schema

    rules = ratings.load_rules("hmip-probation-region-2023")
    validator = jsonschema.Draft202012Validator(inspection_schema(rules))
    mapping = data.draw(pooled(data.draw(draws(rules))))
    assert list(validator.iter_errors(mapping)) == []
    mapping["cases"]["court_work"] = {"engagement": {"units": {"A": 60}}, "desistance": 70, "keeping_safe": 70}
    assert list(validator.iter_errors(mapping)) != []
