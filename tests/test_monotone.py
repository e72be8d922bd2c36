"""`ratings rules check` proves that raising any one input never lowers any output (issue 22), by search over
the other inputs' ratings (analyses/monotone.py). Every bundled rule set passes; a kind of condition added
through the registry that holds *more* as ratings rise (and says it does not) is caught, with a witness,
and the witness is checked here by rating the two inspections it describes."""

from __future__ import annotations

import re

import pytest

import ratings
from ratings import kinds
from ratings.analyses.monotone import prove
from ratings.frontends.cli import main
from ratings.kinds.condition_at_or_below import AtOrBelow
from ratings.reading.yaml_file import Node

from conftest import ROOT, CliRunner

MINI = ROOT / "tests" / "rulesets" / "mini.yaml"


@pytest.mark.parametrize("rule_set", [r.id for r in ratings.bundled_rule_sets()])
def test_every_bundled_rule_set_is_proved(rule_set):
    proof = prove(ratings.load_rules(rule_set), max_seconds=None)
    assert proof.fall is None and proof.checked > 0


class NotAtOrBelow(AtOrBelow):
    """A condition a careless author of a new kind might write: 'not at or below', which holds more as ratings
    rise, while claiming (by inheriting) that it holds less."""

    keyword = "not_at_or_below"

    @classmethod
    def read(cls, ctx, node, path):
        rename = {cls.keyword: "at_or_below"}
        renamed = Node("map", {rename.get(k, k): v for k, v in node.value.items()}, node.line, node.text,
                       {rename.get(k, k): line for k, line in (node.keys or {}).items()})
        found = AtOrBelow.read(ctx, renamed, path)
        return None if found is None else cls(found.standards, found.slots, found.at_or_below, found.single,
                                              found.group, found.at_least_share, found.at_least_count)

    def expr(self, code):
        return f"not ({super().expr(code)})"


def test_a_kind_that_lowers_an_output_as_an_input_rises_is_caught_with_a_witness(monkeypatch, tmp_path):
    monkeypatch.setitem(kinds.CONDITIONS, NotAtOrBelow.keyword, NotAtOrBelow)
    path = tmp_path / "careless.yaml"
    path.write_text(MINI.read_text().replace(
        "decision_rules:\n", "decision_rules:\n  - {id: careless, limits: overall, at_most: Inadequate, source: test, "
        "confidence: assumed,\n     when: {standard: staff, not_at_or_below: Good}}\n", 1))
    rules = ratings.load_rules(path)  # the reader cannot tell: the kind says it holds less as ratings rise
    run = CliRunner().invoke(main, ["rules", "check", str(path)])
    assert run.exit_code == 1 and run.stdout == ""
    found = re.fullmatch(r"Error: (.*): an output falls as an input rises: raising staff from Good to Outstanding "
                         r"lowers the overall rating from (.*) to Inadequate, with the inputs (.*)\n", run.stderr)
    assert found and found.group(1) == str(path), run.stderr
    # the witness, rated: the two inspections it describes give the overall ratings it says
    given = dict(part.rsplit(" ", 1) if part.count(" ") == 1 else _split(part) for part in found.group(3).split(", "))
    before = _inspection(rules, given, staff="Good")
    after = _inspection(rules, given, staff="Outstanding")
    assert str(ratings.rate(before, rules).overall) == found.group(2)
    assert str(ratings.rate(after, rules).overall) == "Inadequate"


def _split(part: str) -> tuple[str, str]:
    sid, rating = part.split(" ", 1)
    return sid, rating


def _inspection(rules, given: dict[str, str], **changed: str) -> dict:
    """An inspection whose inputs have the ratings given: a judgement as it is; a case standard's key
    questions all at a percentage its bands give that rating (or 'not rated')."""
    given = {**given, **changed}
    out: dict = {"judgements": {}, "cases": {}}
    for sid, standard in rules.standards.items():
        if standard.kind == "judged":
            out["judgements"][sid] = given[sid]
        elif standard.kind == "case":
            if given[sid] == str(rules.not_rated):
                out["cases"][sid] = "not rated"
                continue
            band = next(b for b in standard.bands.bands if str(b.rating) == given[sid])
            value = band.low if band.low_inclusive else band.low + 1
            out["cases"][sid] = {q.id: int(value) for q in standard.key_questions}
    return out


def test_an_analysis_a_new_method_cannot_answer_is_refused_in_one_line(monkeypatch, tmp_path):
    """A case-rating method registered tomorrow that bands something other than the lowest or the mean (here
    the median, written as the lowest's subclass with no `aggregate`) and says nothing of unknowns: rating
    works; what remains possible with unknowns is refused in one line naming the rule, and a figure of the
    standard's own is refused where it is given (the method cannot read one) — never a guess, never a
    traceback."""
    from ratings.kinds import CASE_RATING_METHODS
    from ratings.kinds.lowest_key_question import LowestKeyQuestion

    class Median(LowestKeyQuestion):
        name = "median_key_question"
        aggregate = ""

    monkeypatch.setitem(CASE_RATING_METHODS, Median.name, Median)
    path = tmp_path / "median.yaml"
    path.write_text(MINI.read_text().replace("method: lowest_key_question", "method: median_key_question"))
    rules = ratings.load_rules(path)
    known = {"judgements": {"leadership": "Good", "staff": "Good"},
             "cases": {"assessment": {"engagement": 70, "keeping_safe": 70},
                       "planning": {"engagement": 70, "keeping_safe": 70}}}
    assert str(ratings.rate(known, rules).standards["assessment"].rating) == "Good"
    unknown = {**known, "cases": {**known["cases"], "assessment": {"engagement": "unknown", "keeping_safe": 70}}}
    with pytest.raises(ratings.RatingsError) as info:
        ratings.rate(unknown, rules)
    assert str(info.value).endswith("Assessment is rated by lowest (method median_key_question), which cannot say "
                                    "what remains possible when some key questions are unknown")
    figure = {**known, "cases": {**known["cases"], "assessment": {"lowest": 70}}}
    with pytest.raises(ratings.RatingsError, match=r"cases\.assessment\.lowest: Assessment is rated by lowest "
                                                   r"\(method median_key_question\), which cannot read a figure"):
        ratings.rate(figure, rules)
