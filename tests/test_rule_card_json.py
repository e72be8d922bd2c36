"""`ratings rules show ID --format json`: the rule card as data. Checked against the rule-set files read
independently (PyYAML, not the project's reader), against the text card, and against rating: the bands and
score tables the card gives rate an inspection as the engine does."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
import yaml

import ratings
from ratings.frontends.cli import main
from ratings.loading.registry import bundled_dir, bundled_rule_sets

from conftest import CHESHIRE_WEST, CliRunner

BUNDLED = [r.id for r in bundled_rule_sets()]


def card(ref: str) -> dict:
    run = CliRunner().invoke(main, ["rules", "show", ref, "--format", "json"])
    assert run.exit_code == 0, run.stderr
    return json.loads(run.stdout)


def raw(rule_id: str) -> dict:
    """The file as PyYAML (a YAML 1.1 parser, as many editors' tools are) reads it: a bundled file is written so
    that other tools read it too (no plain scalar holding '?' inside a flow mapping, which YAML 1.2 allows)."""
    return yaml.safe_load((bundled_dir() / f"{rule_id}.yaml").read_text(encoding="utf-8"))


def _domain_standards(domain: dict) -> list:
    return domain.get("standards") or []


@pytest.mark.parametrize("rule_id", BUNDLED)
def test_card_lists_what_the_file_declares(rule_id):
    """Every domain, standard (in file order, with its key questions) and decision rule of the file is on the
    card, with the file's ids; the text card carries each decision rule's sentence."""
    data, source = card(rule_id), raw(rule_id)
    assert data["id"] == source["id"] == rule_id
    assert [d["id"] for d in data["domains"]] == [d["id"] for d in source["domains"]]
    declared = [s["id"] for d in source["domains"] for s in _domain_standards(d)]
    assert list(data["standards"]) == declared
    for d in source["domains"]:
        for s in _domain_standards(d):
            parts = list(s.get("key_questions") or s.get("items") or {})  # a mapping by id, in file order
            shown = data["standards"][s["id"]].get("key_questions") or data["standards"][s["id"]].get("items") or []
            assert [q["id"] for q in shown] == parts
    assert [r["id"] for r in data["decision_rules"]] == [r["id"] for r in source.get("decision_rules") or []]
    text = " ".join(CliRunner().invoke(main, ["rules", "show", rule_id]).stdout.split())
    for rule in data["decision_rules"]:
        assert " ".join(rule["sentence"].split()) in text


def _band_of(bands: list, value: Fraction) -> str:
    for b in bands:
        above = value > b["low"] or (b["low_inclusive"] and value == b["low"])
        below = value < b["high"] or (b["high_inclusive"] and value == b["high"])
        if above and below:
            return b["rating"]
    raise AssertionError(f"no band holds {value}")


def test_bands_and_score_table_on_the_card_rate_as_the_engine_does():
    """Cheshire West rated by hand from the card's data alone (the lowest key question's band, the judgements
    lowered as the engine reports, the score looked up in the card's score table) gives the engine's ratings,
    score and overall."""
    result = ratings.rate(str(CHESHIRE_WEST))
    data = card(result.rules.id)
    for sid, sr in result.standards.items():
        spec = data["standards"][sid]
        if spec["kind"] != "case" or sr.rating == "Not rated":
            continue
        lowest = min(Fraction(r.percent) for r in sr.results.values() if r is not None)
        band = _band_of(data["bands"][spec["bands"]]["bands"], lowest)
        assert band == (sr.unlimited or sr.rating)
    rated = sum(1 for sr in result.standards.values() if sr.counted)
    table = next(t for t in data["overall"]["score_tables"] if t["rated"] == rated)
    assert table["maximum"] == result.max_score
    hits = [r for r, span in table["scores"].items() if span["from"] <= result.score <= span["to"]]
    assert hits == [result.overall]


def test_judged_standards_list_the_ratings_a_judgement_may_take():
    """A judged standard's ratings are its scale's, best first: what a form offers for the judgement."""
    data = card("hmip-probation-pdu-2021")
    scale = [r["rating"] for r in data["scale"]]
    judged = [s for s in data["standards"].values() if s["kind"] == "judged"]
    assert judged and all(s["ratings"] == scale for s in judged)
    assert scale == ["Outstanding", "Good", "Requires improvement", "Inadequate"]


def test_an_unknown_rule_set_is_an_error_not_a_card():
    run = CliRunner().invoke(main, ["rules", "show", "no-such-rules", "--format", "json"])
    assert run.exit_code == 1 and run.stdout == "" and run.stderr.startswith("Error: ")
