"""One example inspection per rule set in examples/, each rated to the values worked out by hand."""

from __future__ import annotations

import pytest

import ratings
from ratings.frontends.cli import main

from conftest import EXAMPLES, CliRunner

RI, G, I, O, NR = "Requires improvement", "Good", "Inadequate", "Outstanding", "Not rated"

EXPECTED = {
    "cheshire-west-2023.yaml": ("hmip-probation-pdu-2021", 7, 24, RI, {"leadership": RI, "services": RI}),
    "crc-2019-pattern.yaml": ("hmip-probation-crc-2018", 13, 30, RI, {"through_the_gate": G, "unpaid_work": RI}),
    "crc-2019-20.yaml": ("hmip-probation-crc-2019", 10, 30, RI,
                         {"leadership": RI, "services": G, "implementation_and_delivery": RI,
                          "through_the_gate": RI, "unpaid_work": G}),
    "nps-division-2018.yaml": ("hmip-probation-nps-2018", 17, 30, G, {"statutory_victim_work": O}),
    "nps-division-2019.yaml": ("hmip-probation-nps-2019", 9, 27, RI,
                               {"leadership": RI, "services": RI, "statutory_victim_work": NR}),
    "pdu-2024-as-published.yaml": ("hmip-probation-pdu-2023", 6, 21, RI,
                                   {"leadership": G, "services": RI, "assessment": I, "planning": RI}),
    "pdu-2024.yaml": ("hmip-probation-pdu-2023", 7, 21, RI,
                      {"leadership": G, "services": RI, "reviewing": RI, "implementation_and_delivery": I}),
    "region-2024.yaml": ("hmip-probation-region-2023", 12, 24, RI,
                         {"desistance": RI, "public_protection": I, "resettlement": RI, "court_work": G,
                          "victim_work": O}),
    "youth-2019.yaml": ("hmip-youth-2018", 26, 36, G, {"court_reviewing": RI, "out_of_court_assessment": O}),
    "youth-2023.yaml": ("hmip-youth-2021", 16, 36, RI,
                        {"court_planning": RI, "resettlement_policy_and_provision": I}),
    "premises-2025.yaml": ("hmip-approved-premises-2025", 8, 15, G,
                                    {"staffing": RI, "public_protection": RI, "rehabilitation": G}),
    "youth-2025.yaml": ("hmip-youth-2025", 3, 6, RI,
                        {"work_with_children": G, "victims_casework": RI, "victims_organisation": G,
                         "work_with_victims": RI}),
    "cqc-care-home-2019.yaml": ("cqc-adult-social-care-2014", None, None, RI,
                                {"safe": RI, "caring": O, "well_led": RI}),
    "cqc-care-home-2025.yaml": ("cqc-adult-social-care-2023", None, None, G,
                                {"safe": G, "caring": O, "responsive": G}),
    "youth-small-2019.yaml": ("hmip-youth-2018-small", 0, 0, NR,
                              {"court_assessment": NR, "governance_and_leadership": NR}),
}


def test_there_is_an_example_for_every_rule_set():
    assert sorted(p.name for p in EXAMPLES.glob("*.yaml")) == sorted(EXPECTED)
    assert {e[0] for e in EXPECTED.values()} == {r.id for r in ratings.bundled_rule_sets()}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example(name):
    rule_set, score, maximum, overall, some = EXPECTED[name]
    result = ratings.rate(EXAMPLES / name)
    assert (result.rules.id, result.score, result.max_score, result.overall) == (rule_set, score, maximum, overall)
    assert {s: result.standards[s].rating for s in some} == some
    run = CliRunner().invoke(main, ["rate", str(EXAMPLES / name)])
    assert run.exit_code == 0
    assert f"{score}/{maximum}" in run.stdout if score is not None else "none (this framework gives no score)" in \
        run.stdout


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sentences_name_key_questions_by_their_words_not_the_file_s_keys(name):
    """A band sentence quotes the key question it rests on as the framework words it ("Does assessment focus
    ...?"), never by the key the inspection file uses for it (``keeping_safe``): the keys are for files."""
    result = ratings.rate(EXAMPLES / name)
    keys = {q.id for s in result.rules.standards.values() for q in s.key_questions if "_" in q.id}
    said = " ".join(entry.reason for entry in result.trace)
    assert not [key for key in keys if f" {key} " in said or f" {key}," in said or f"{key}:" in said]
